/* A capget/capset implementation of include/sys/capability.h. */
#include <errno.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sys/capability.h"

struct iommufd_conform_cap {
	struct __user_cap_header_struct header;
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
};

cap_t cap_get_proc(void)
{
	cap_t caps = calloc(1, sizeof(*caps));

	if (!caps)
		return NULL;
	caps->header.version = _LINUX_CAPABILITY_VERSION_3;
	if (syscall(SYS_capget, &caps->header, caps->data)) {
		free(caps);
		return NULL;
	}
	return caps;
}

int cap_set_flag(cap_t caps, cap_flag_t flag, int count, const cap_value_t *values,
		 cap_flag_value_t value)
{
	for (int i = 0; i < count; i++) {
		struct __user_cap_data_struct *d;
		__u32 bit, *set;

		if (values[i] < 0 || values[i] / 32 >= _LINUX_CAPABILITY_U32S_3) {
			errno = EINVAL;
			return -1;
		}
		d = &caps->data[values[i] / 32];
		bit = 1u << (values[i] % 32);
		set = flag == CAP_EFFECTIVE ? &d->effective :
		      flag == CAP_PERMITTED ? &d->permitted : &d->inheritable;
		*set = value == CAP_SET ? (*set | bit) : (*set & ~bit);
	}
	return 0;
}

int cap_set_proc(cap_t caps)
{
	return syscall(SYS_capset, &caps->header, caps->data) ? -1 : 0;
}

int cap_free(void *caps)
{
	free(caps);
	return 0;
}
