/* The C face of the model inside an interposed process: preload_shim.c calls these for the
 * descriptors the model owns. Results are >= 0 on success and -errno on failure. */
#ifndef IOMMUFD_CONFORM_HARNESS_PRELOAD_MODEL_HOST_H_
#define IOMMUFD_CONFORM_HARNESS_PRELOAD_MODEL_HOST_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Whether any model descriptor was ever opened: lets every other call skip the lock. */
int iommufd_model_active(void);
int iommufd_model_owns(int fd);
/* A new /dev/iommu context; `flags` are open()'s (O_CLOEXEC and O_NONBLOCK are honoured). */
int iommufd_model_open(int flags);
long iommufd_model_ioctl(int fd, unsigned long request, void* arg);
long iommufd_model_read(int fd, void* buf, size_t count);
long iommufd_model_write(int fd, const void* buf, size_t count);
/* The revents poll() reports for `events`, without waiting. */
short iommufd_model_poll(int fd, short events);
/* The errno mmap() of model descriptor `fd` fails with: the model hands out nothing to map. */
int iommufd_model_mmap_error(int fd, int prot, int flags);
/* Closes the model's file and the real descriptor reserving its number. */
int iommufd_model_close(int fd);
/* `new_fd`, a real descriptor the caller just made by dup()ing `fd`, names the same file. */
void iommufd_model_dup(int fd, int new_fd);
/* The kernel replaced `fd` (dup2 onto it): the model drops its file, the number stays. */
void iommufd_model_forget(int fd);

#ifdef __cplusplus
}
#endif

#endif /* IOMMUFD_CONFORM_HARNESS_PRELOAD_MODEL_HOST_H_ */
