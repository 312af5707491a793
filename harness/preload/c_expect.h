#ifndef IOMMUFD_CONFORM_HARNESS_PRELOAD_C_EXPECT_H_
#define IOMMUFD_CONFORM_HARNESS_PRELOAD_C_EXPECT_H_

/* The checks of the interposer's C test programs (plain C: they run under LD_PRELOAD with
 * nothing else loaded). Each program counts into these and ends with ExpectSummary();
 * strerrorname_np needs _GNU_SOURCE defined before the first include. */

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int passed, failed;

/* Counts one check; a failed one is printed with the errno it left. */
static void Expect(const char* what, int ok) {
  if (ok) {
    ++passed;
  } else {
    ++failed;
    printf("FAILED: %s (errno %s)\n", what, strerrorname_np(errno));
  }
}

/* Prints "N passed, M failed" and returns the exit status. */
static int ExpectSummary(void) {
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}

#endif  /* IOMMUFD_CONFORM_HARNESS_PRELOAD_C_EXPECT_H_ */
