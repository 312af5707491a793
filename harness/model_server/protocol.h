/* The wire format between the interposer (a client in each process of a program) and the
 * model server. Each process talks over a channel of its own (a SOCK_SEQPACKET connection,
 * so replies never go to another process); a call names the model file by passing the
 * caller's descriptor of it along (SCM_RIGHTS). A model file is one end of a socket pair
 * whose other end the server keeps, bound to a name starting IOMMUFD_MODEL_FILE_PREFIX: its descriptors are
 * real ones, shared by dup, fork and SCM_RIGHTS, and the server releases the file when the
 * last of them is closed (it sees its end hang up). Plain C: the interposer includes it. */
#ifndef IOMMUFD_CONFORM_HARNESS_MODEL_SERVER_PROTOCOL_H_
#define IOMMUFD_CONFORM_HARNESS_MODEL_SERVER_PROTOCOL_H_

#include <stdint.h>

/* Abstract socket names: the server listens on kServerPrefix + its tag; the server's end of
 * each model file is bound to kFilePrefix + the tag + "/" + a file number. */
#define IOMMUFD_MODEL_SERVER_PREFIX "iommufd-model-server/"
#define IOMMUFD_MODEL_FILE_PREFIX "iommufd-model-file/"
/* The environment variable naming a program's server (its tag), for processes it execs. */
#define IOMMUFD_MODEL_SERVER_ENV "IOMMUFD_MODEL_SERVER"

enum IommufdModelOp {
  /* Client to server. */
  kIommufdModelOpen = 1,      /* flags: open()'s; the reply carries the new file */
  kIommufdModelIoctl = 2,     /* file; number: request; address: arg */
  kIommufdModelRead = 3,      /* file; address: buf; number: count */
  kIommufdModelWrite = 4,     /* file; address: buf; number: count */
  kIommufdModelPoll = 5,      /* file; flags: events; result: revents */
  kIommufdModelMmapError = 6, /* file; flags: mmap flags; number: prot; result: errno */
  kIommufdModelInstalled = 7, /* answers kIommufdModelInstall: result is the new number */
  /* Server to client. */
  kIommufdModelHello = 8,   /* first message on a channel: result is the server's pid */
  kIommufdModelResult = 9,  /* the end of a call: result is >= 0 or -errno */
  /* During a call: take the attached file (flags: open()'s); when number is 1, answer with
   * kIommufdModelInstalled naming the descriptor (a file the model hands out). */
  kIommufdModelInstall = 10
};

struct IommufdModelMessage {
  uint32_t op;
  int32_t flags;
  uint64_t number;
  uint64_t address;
  int64_t result;
};

#endif  // IOMMUFD_CONFORM_HARNESS_MODEL_SERVER_PROTOCOL_H_
