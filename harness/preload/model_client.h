/* The interposer's side of the model server (harness/model_server): preload_shim.c calls
 * these for descriptors of model files. Results are >= 0 on success and -errno on failure.
 * A model file's descriptor is a real one (a socket whose peer is the server), so dup, fork,
 * close, close-on-exec and SCM_RIGHTS act on it as on any file, and only the calls below go
 * to the model. */
#ifndef IOMMUFD_CONFORM_HARNESS_PRELOAD_MODEL_CLIENT_H_
#define IOMMUFD_CONFORM_HARNESS_PRELOAD_MODEL_CLIENT_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Whether this process may hold model files (a process of its program opened one, or it was
 * sent one): lets every other call skip the check. */
int iommufd_model_active(void);
void iommufd_model_set_active(void);
int iommufd_model_owns(int fd);
/* Whether `fd` is a model file's descriptor, whether or not this process is active. */
int iommufd_model_is_file(int fd);
/* A new /dev/iommu file; `flags` are open()'s (O_CLOEXEC and O_NONBLOCK are honoured). The
 * first open of a program starts its server. */
int iommufd_model_open(int flags);
long iommufd_model_ioctl(int fd, unsigned long request, void* arg);
long iommufd_model_read(int fd, void* buf, size_t count);
long iommufd_model_write(int fd, const void* buf, size_t count);
/* The revents poll() reports for `events`, without waiting (POLLNVAL if the call failed). */
short iommufd_model_poll(int fd, short events);
/* The errno mmap() of model descriptor `fd` fails with: the model maps nothing yet. */
int iommufd_model_mmap_error(int fd, int prot, int flags);

#ifdef __cplusplus
}
#endif

#endif /* IOMMUFD_CONFORM_HARNESS_PRELOAD_MODEL_CLIENT_H_ */
