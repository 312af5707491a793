#ifndef IOMMUFD_CONFORM_SUITES_SUPPORT_CASE_STREAM_LISTENER_H_
#define IOMMUFD_CONFORM_SUITES_SUPPORT_CASE_STREAM_LISTENER_H_

#include <gtest/gtest.h>

namespace iommufd_conform {

// Writes each case's start and result to stdout as it happens (harness/results/case_stream.h),
// so the host keeps the finished cases of a run that dies before GoogleTest writes its XML.
// Append it before listeners that record properties in OnTestEnd (GoogleTest calls OnTestEnd
// in reverse order), so their properties are on the case when it is written.
class CaseStreamListener : public testing::EmptyTestEventListener {
 public:
  void OnTestStart(const testing::TestInfo& test) override;
  void OnTestEnd(const testing::TestInfo& test) override;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_SUPPORT_CASE_STREAM_LISTENER_H_
