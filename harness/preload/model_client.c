/* The client of the model server in each interposed process. Every process has a channel of
 * its own to the server (made again after a fork, since the parent's is shared with the
 * child); calls on model files go over it one at a time, with the caller's descriptor of the
 * file attached so that the server knows which file is meant. Only raw system calls and
 * functions the shim does not interpose are used here. */
#define _GNU_SOURCE
#include "harness/preload/model_client.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness/model_server/protocol.h"
#include "harness/model_server/wire.h"

#ifndef PR_SET_PTRACER
#define PR_SET_PTRACER 0x59616d61
#endif

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
/* What the processes forked from this one share, also those forked before the first open
 * (which may be sent a model file): whether any opened a model file, and the server's tag. */
struct Shared {
  int active;
  char tag[64];
};
static struct Shared* shared;
static struct Shared shared_here; /* when the shared page could not be made */
static int channel = -1;
static pid_t channel_pid;   /* the process the channel was made for */
static ino_t channel_inode; /* and its socket, should the program close the number */

static void RawClose(int fd) { syscall(SYS_close, fd); }

/* A fork's child starts without the parent's lock holder and with the parent's channel. */
static void AfterForkInChild(void) { pthread_mutex_init(&lock, NULL); }

__attribute__((constructor)) static void Init(void) {
  pthread_atfork(NULL, NULL, AfterForkInChild);
  void* page = mmap(NULL, sizeof(struct Shared), PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  shared = page == MAP_FAILED ? &shared_here : page;
  /* Exec'd by a process of the program: it may have inherited model files. */
  if (getenv(IOMMUFD_MODEL_SERVER_ENV)) iommufd_model_set_active();
}

int iommufd_model_active(void) {
  return shared && __atomic_load_n(&shared->active, __ATOMIC_ACQUIRE);
}

void iommufd_model_set_active(void) { __atomic_store_n(&shared->active, 1, __ATOMIC_RELEASE); }

/* The server of this program: the latest one a process of its family started (they share
 * the page), else the environment's (an exec'd process). */
static const char* ServerTag(void) {
  if (iommufd_model_active() && shared->tag[0]) return shared->tag;
  return getenv(IOMMUFD_MODEL_SERVER_ENV);
}

/* The abstract address `prefix` + `tag`. */
static socklen_t Address(struct sockaddr_un* address, const char* prefix, const char* tag) {
  memset(address, 0, sizeof(*address));
  address->sun_family = AF_UNIX;
  int length = snprintf(address->sun_path + 1, sizeof(address->sun_path) - 1, "%s%s", prefix,
                        tag);
  return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + length);
}

int iommufd_model_owns(int fd) { return iommufd_model_active() && iommufd_model_is_file(fd); }

int iommufd_model_is_file(int fd) {
  if (fd < 0) return 0;
  struct sockaddr_un peer;
  socklen_t length = sizeof(peer);
  if (getpeername(fd, (struct sockaddr*)&peer, &length) != 0) return 0;
  static const char kPrefix[] = IOMMUFD_MODEL_FILE_PREFIX;
  return peer.sun_family == AF_UNIX &&
         length >= offsetof(struct sockaddr_un, sun_path) + sizeof(kPrefix) &&
         peer.sun_path[0] == '\0' && memcmp(peer.sun_path + 1, kPrefix, sizeof(kPrefix) - 1) == 0;
}

/* The server's program: IOMMUFD_MODEL_SERVER_PATH, else iommufd-model-server next to this
 * library. */
static int ServerPath(char* path, size_t size) {
  const char* chosen = getenv("IOMMUFD_MODEL_SERVER_PATH");
  if (chosen) return snprintf(path, size, "%s", chosen) < (int)size;
  Dl_info info;
  if (!dladdr((void*)iommufd_model_open, &info) || !info.dli_fname) return 0;
  const char* slash = strrchr(info.dli_fname, '/');
  int directory = slash ? (int)(slash - info.dli_fname) : 1;
  return snprintf(path, size, "%.*s/iommufd-model-server", directory,
                  slash ? info.dli_fname : ".") < (int)size;
}

/* fork() without the program's atfork handlers: the child only execs. */
static pid_t RawFork(void) { return (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0); }

/* Starts a server listening under a new tag, detached from the program (a grandchild, so
 * the program never waits for it); names it in IOMMUFD_MODEL_SERVER for the programs this
 * process execs and in the shared page for the processes it forked. */
static int StartServer(void) {
  char path[PATH_MAX];
  if (!ServerPath(path, sizeof(path))) return -ENOENT;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  char tag[64];
  snprintf(tag, sizeof(tag), "%d.%lld", (int)getpid(),
           (long long)now.tv_sec * 1000000000 + now.tv_nsec);
  int listener = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (listener < 0) return -errno;
  struct sockaddr_un address;
  socklen_t length = Address(&address, IOMMUFD_MODEL_SERVER_PREFIX, tag);
  if (bind(listener, (struct sockaddr*)&address, length) != 0 || listen(listener, 128) != 0) {
    int error = errno;
    RawClose(listener);
    return -error;
  }
  /* Everything the child needs is made before it exists: it runs raw system calls only.
   * The server runs without the interposer: its own calls are its own. */
  char* const argv[] = {path, "--listen-fd", "3", "--tag", tag, NULL};
  extern char** environ;
  size_t count = 0;
  while (environ[count]) ++count;
  char** envp = calloc(count + 1, sizeof(*envp));
  if (!envp) {
    RawClose(listener);
    return -ENOMEM;
  }
  size_t kept = 0;
  for (size_t i = 0; i < count; ++i) {
    if (strncmp(environ[i], "LD_PRELOAD=", 11) != 0) envp[kept++] = environ[i];
  }
  pid_t middle = RawFork();
  if (middle == 0) {
    syscall(SYS_setsid);
    if (RawFork() == 0) {
      /* The server keeps none of the program's descriptors: a pipe or a model file it held
       * would never see its last close. The listener becomes 3, without close-on-exec. */
      if (listener == 3) {
        syscall(SYS_fcntl, 3, F_SETFD, 0);
      } else {
        syscall(SYS_dup3, listener, 3, 0);
      }
      int null = (int)syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDWR);
      syscall(SYS_dup3, null, 0, 0);
      syscall(SYS_dup3, null, 1, 0);
      syscall(SYS_close_range, 4, ~0U, 0);
      syscall(SYS_execve, path, argv, envp);
    }
    syscall(SYS_exit_group, 0);
  }
  free(envp);
  RawClose(listener);
  if (middle < 0) return -EAGAIN;
  while (waitpid(middle, NULL, 0) < 0 && errno == EINTR) {
  }
  setenv(IOMMUFD_MODEL_SERVER_ENV, tag, 1);
  memcpy(shared->tag, tag, sizeof(tag));
  iommufd_model_set_active();
  return 0;
}

/* A channel to the program's server (ServerTag); -errno if there is none. */
static int Connect(void) {
  const char* tag = ServerTag();
  if (!tag) return -ENOENT;
  int socket_fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (socket_fd < 0) return -errno;
  struct sockaddr_un address;
  socklen_t length = Address(&address, IOMMUFD_MODEL_SERVER_PREFIX, tag);
  struct IommufdModelMessage hello;
  int stray = -1;
  int error = 0;
  if (connect(socket_fd, (struct sockaddr*)&address, length) != 0) {
    error = -errno;
  } else {
    error = IommufdModelReceive(socket_fd, &hello, &stray, 1);
  }
  if (stray >= 0) RawClose(stray);
  if (!error && hello.op != kIommufdModelHello) error = -EPROTO;
  if (error) {
    RawClose(socket_fd);
    return error;
  }
  /* Lets the server read and write this process's memory where Yama restricts ptrace (it
   * fails with EINVAL without Yama, where the same user may anyway). */
  prctl(PR_SET_PTRACER, (unsigned long)hello.result, 0, 0, 0);
  return socket_fd;
}

/* This process's channel, made on first use; -errno. `start` lets it start a server. */
static int Channel(int start) {
  pid_t self = getpid();
  struct stat st;
  int same_socket = channel >= 0 && fstat(channel, &st) == 0 && st.st_ino == channel_inode;
  if (same_socket && channel_pid == self) return channel;
  /* Inherited from the parent: it carries the parent's calls. A number the program closed
   * (or reused) is not ours to close. */
  if (same_socket) RawClose(channel);
  channel = -1;
  int made = Connect();
  if (made < 0 && start) {
    int error = StartServer();
    if (error) return error;
    made = Connect();
  }
  if (made < 0) return made;
  channel = made;
  channel_pid = self;
  channel_inode = fstat(made, &st) == 0 ? st.st_ino : 0;
  return channel;
}

/* Takes a file the server installs in this process: its flags are open()'s. */
static int TakeFile(int fd, int flags) {
  if (!(flags & O_CLOEXEC)) fcntl(fd, F_SETFD, 0);
  if (flags & O_NONBLOCK) fcntl(fd, F_SETFL, O_NONBLOCK);
  return fd;
}

/* One call: `request` with `fd` attached; the server's result. *installed is the file an
 * open makes, when given. */
static long Call(struct IommufdModelMessage* request, int fd, int start, int* installed) {
  pthread_mutex_lock(&lock);
  long result = Channel(start);
  if (result >= 0) result = IommufdModelSend(channel, request, fd);
  long out_of_numbers = 0; /* a file could not be taken: the call fails so */
  while (result >= 0) {
    struct IommufdModelMessage reply;
    int received;
    result = IommufdModelReceive(channel, &reply, &received, 1);
    if (result == -EMFILE && reply.op == kIommufdModelInstall) {
      out_of_numbers = result;
      result = 0;
      if (reply.number == 1) {
        struct IommufdModelMessage answer = {kIommufdModelInstalled, 0, 0, 0, -1};
        result = IommufdModelSend(channel, &answer, -1);
      }
      continue;
    }
    if (result < 0) break;
    if (reply.op == kIommufdModelResult) {
      if (received >= 0) RawClose(received);
      result = out_of_numbers ? out_of_numbers : reply.result;
      break;
    }
    if (reply.op != kIommufdModelInstall || received < 0) {
      if (received >= 0) RawClose(received);
      result = -EPROTO;
      break;
    }
    TakeFile(received, reply.flags);
    if (reply.number == 1) {
      struct IommufdModelMessage answer = {kIommufdModelInstalled, 0, 0, 0, received};
      result = IommufdModelSend(channel, &answer, -1);
    } else if (installed) {
      *installed = received;
    } else {
      RawClose(received);
    }
  }
  pthread_mutex_unlock(&lock);
  /* The server went away under the call: what the program sees is its file gone. */
  return result == -EPIPE ? -EBADF : result;
}

int iommufd_model_open(int flags) {
  struct IommufdModelMessage request = {kIommufdModelOpen, flags, 0, 0, 0};
  int installed = -1;
  long result = Call(&request, -1, 1, &installed);
  if (result < 0) {
    if (installed >= 0) RawClose(installed);
    return (int)result;
  }
  if (installed < 0) return -EPROTO;
  iommufd_model_set_active();
  return installed;
}

long iommufd_model_ioctl(int fd, unsigned long request, void* arg) {
  struct IommufdModelMessage message = {kIommufdModelIoctl, 0, request, (uintptr_t)arg, 0};
  return Call(&message, fd, 0, NULL);
}

long iommufd_model_read(int fd, void* buf, size_t count) {
  struct IommufdModelMessage message = {kIommufdModelRead, 0, count, (uintptr_t)buf, 0};
  return Call(&message, fd, 0, NULL);
}

long iommufd_model_write(int fd, const void* buf, size_t count) {
  struct IommufdModelMessage message = {kIommufdModelWrite, 0, count, (uintptr_t)buf, 0};
  return Call(&message, fd, 0, NULL);
}

short iommufd_model_poll(int fd, short events) {
  struct IommufdModelMessage message = {kIommufdModelPoll, events, 0, 0, 0};
  long result = Call(&message, fd, 0, NULL);
  return result < 0 ? POLLNVAL : (short)result;
}

int iommufd_model_mmap_error(int fd, int prot, int flags) {
  struct IommufdModelMessage message = {kIommufdModelMmapError, flags, (uint64_t)prot, 0, 0};
  long result = Call(&message, fd, 0, NULL);
  return result < 0 ? (int)-result : (int)result;
}
