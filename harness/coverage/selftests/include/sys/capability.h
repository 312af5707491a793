/* The part of libcap's API the kernel's iommufd selftests use (dropping one effective
 * capability), so they link statically for any guest arch without a libcap for that arch.
 * Semantics follow libcap's documentation: cap_get_proc() returns the calling thread's sets,
 * cap_set_flag() edits one set, cap_set_proc() applies them. */
#ifndef IOMMUFD_CONFORM_SELFTEST_SYS_CAPABILITY_H_
#define IOMMUFD_CONFORM_SELFTEST_SYS_CAPABILITY_H_

#include <linux/capability.h>

typedef struct iommufd_conform_cap *cap_t;
typedef int cap_value_t;
typedef enum { CAP_EFFECTIVE = 0, CAP_PERMITTED = 1, CAP_INHERITABLE = 2 } cap_flag_t;
typedef enum { CAP_CLEAR = 0, CAP_SET = 1 } cap_flag_value_t;

cap_t cap_get_proc(void);
int cap_set_flag(cap_t caps, cap_flag_t flag, int count, const cap_value_t *values,
                 cap_flag_value_t value);
int cap_set_proc(cap_t caps);
int cap_free(void *caps);

#endif
