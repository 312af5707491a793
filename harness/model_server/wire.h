/* Sending and receiving one IommufdModelMessage, with at most one descriptor attached. Plain
 * C: the interposer's side must not pull in anything that could meet the program's own. */
#ifndef IOMMUFD_CONFORM_HARNESS_MODEL_SERVER_WIRE_H_
#define IOMMUFD_CONFORM_HARNESS_MODEL_SERVER_WIRE_H_

#include "harness/model_server/protocol.h"

#ifdef __cplusplus
extern "C" {
#endif

/* `fd` < 0 sends none. 0 or -errno. */
int IommufdModelSend(int channel, const struct IommufdModelMessage* message, int fd);
/* *fd is the descriptor received (close-on-exec when `cloexec`), or -1. 0, -EPIPE when the
 * peer has gone, -EPROTO for a message of the wrong size, -EMFILE when the message came but
 * its descriptor could not be taken (the message is valid then), or -errno. */
int IommufdModelReceive(int channel, struct IommufdModelMessage* message, int* fd, int cloexec);

#ifdef __cplusplus
}
#endif

#endif /* IOMMUFD_CONFORM_HARNESS_MODEL_SERVER_WIRE_H_ */
