// The model server's protocol, spoken directly: the server runs on a thread of this test and
// serves it as it serves an interposed process (its memory through process_vm_*).
#include "harness/model_server/model_server.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "harness/model_server/wire.h"
#include "harness/preload/preload_config.h"
#include "reference/uapi/iommufd.h"
#include "reference/uapi/iommufd_test.h"

namespace iommufd_conform::model_server {
namespace {

using uapi::IommuDestroy;
using uapi::IommuFaultAlloc;
using uapi::IommuIoasAlloc;
using uapi::IommuIoasMap;
using uapi::IommuTestCmd;

sockaddr_un Abstract(const std::string& name, socklen_t* length) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path + 1, name.data(), name.size());
  *length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
  return address;
}

class ModelServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tag_ = "test." + std::to_string(getpid()) + "." + std::to_string(counter_++);
    int listener = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    socklen_t length;
    sockaddr_un address = Abstract(IOMMUFD_MODEL_SERVER_PREFIX + tag_, &length);
    ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), length), 0);
    ASSERT_EQ(listen(listener, 8), 0);
    auto config = PreloadConfigFromEnv([](const char*) -> const char* { return nullptr; });
    server_thread_ = std::thread([listener, tag = tag_,
                                  config = std::get<model::ModelConfig>(config)] {
      ModelServer server(config, listener, tag);
      server.Run(5000);
      close(listener);
    });
    channel_ = Connect();
  }

  void TearDown() override {
    // The server stops once every channel and file is gone.
    for (int fd : open_) close(fd);
    if (channel_ >= 0) close(channel_);
    server_thread_.join();
  }

  int Connect() {
    int channel = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    socklen_t length;
    sockaddr_un address = Abstract(IOMMUFD_MODEL_SERVER_PREFIX + tag_, &length);
    EXPECT_EQ(connect(channel, reinterpret_cast<sockaddr*>(&address), length), 0);
    IommufdModelMessage hello{};
    int stray;
    EXPECT_EQ(IommufdModelReceive(channel, &hello, &stray, 1), 0);
    EXPECT_EQ(hello.op, kIommufdModelHello);
    hello_pid_ = hello.result;
    return channel;
  }

  // The next message from the server.
  IommufdModelMessage Receive(int* fd = nullptr) {
    IommufdModelMessage message{};
    int received;
    EXPECT_EQ(IommufdModelReceive(channel_, &message, &received, 1), 0);
    if (fd) {
      *fd = received;
    } else if (received >= 0) {
      close(received);
    }
    return message;
  }

  int Open() {
    IommufdModelMessage open{kIommufdModelOpen, O_RDWR, 0, 0, 0};
    EXPECT_EQ(IommufdModelSend(channel_, &open, -1), 0);
    int file = -1;
    IommufdModelMessage install = Receive(&file);
    EXPECT_EQ(install.op, kIommufdModelInstall);
    EXPECT_EQ(install.number, 0u);  // an open's file needs no answer
    IommufdModelMessage done = Receive();
    EXPECT_EQ(done.op, kIommufdModelResult);
    EXPECT_EQ(done.result, 0);
    open_.push_back(file);
    return file;
  }

  // An ioctl on `file` that hands out no descriptor: its result.
  int64_t Ioctl(int file, unsigned long request, void* arg) {
    IommufdModelMessage call{kIommufdModelIoctl, 0, request, reinterpret_cast<uintptr_t>(arg),
                             0};
    EXPECT_EQ(IommufdModelSend(channel_, &call, file), 0);
    IommufdModelMessage reply = Receive();
    EXPECT_EQ(reply.op, kIommufdModelResult);
    return reply.result;
  }

  uint32_t IoasAlloc(int file) {
    IommuIoasAlloc alloc{sizeof(alloc), 0, 0};
    EXPECT_EQ(Ioctl(file, uapi::kIoctlIoasAlloc, &alloc), 0);
    return alloc.out_ioas_id;
  }

  int64_t Destroy(int file, uint32_t id) {
    IommuDestroy destroy{sizeof(destroy), id};
    return Ioctl(file, uapi::kIoctlDestroy, &destroy);
  }

  int64_t CheckRefs(int file, void* buffer, uint64_t length, uint32_t refs) {
    IommuTestCmd cmd{};
    cmd.size = sizeof(cmd);
    cmd.op = uapi::kIommuTestOpMdCheckRefs;
    cmd.check_refs.length = length;
    cmd.check_refs.uptr = reinterpret_cast<uintptr_t>(buffer);
    cmd.check_refs.refs = refs;
    return Ioctl(file, uapi::kIoctlTestCmd, &cmd);
  }

  static inline int counter_ = 0;
  std::string tag_;
  std::thread server_thread_;
  int channel_ = -1;
  int64_t hello_pid_ = 0;
  std::vector<int> open_;
};

TEST_F(ModelServerTest, HelloNamesTheServer) { EXPECT_EQ(hello_pid_, getpid()); }

TEST_F(ModelServerTest, FilesAreSocketsNamedForTheServer) {
  int file = Open();
  sockaddr_un peer{};
  socklen_t length = sizeof(peer);
  ASSERT_EQ(getpeername(file, reinterpret_cast<sockaddr*>(&peer), &length), 0);
  std::string name(peer.sun_path + 1, length - offsetof(sockaddr_un, sun_path) - 1);
  EXPECT_EQ(name.rfind(IOMMUFD_MODEL_FILE_PREFIX + tag_ + "/", 0), 0u) << name;
}

TEST_F(ModelServerTest, TheServerWritesTheCallersMemory) {
  int file = Open();
  EXPECT_EQ(IoasAlloc(file), 1u);
  EXPECT_EQ(IoasAlloc(file), 2u);
}

TEST_F(ModelServerTest, CallsWithoutAModelFileAreEbadf) {
  IommuIoasAlloc alloc{sizeof(alloc), 0, 0};
  EXPECT_EQ(Ioctl(-1, uapi::kIoctlIoasAlloc, &alloc), -EBADF);
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  EXPECT_EQ(Ioctl(pipe_fds[0], uapi::kIoctlIoasAlloc, &alloc), -EBADF);
  close(pipe_fds[0]);
  close(pipe_fds[1]);
}

TEST_F(ModelServerTest, DescriptorsOfOneFileShareItsState) {
  int file = Open();
  int copy = dup(file);
  open_.push_back(copy);
  uint32_t ioas = IoasAlloc(copy);
  int other = Open();
  EXPECT_EQ(Destroy(other, ioas), -ENOENT);
  EXPECT_EQ(Destroy(file, ioas), 0);
}

TEST_F(ModelServerTest, AChannelOfAnotherProcessReachesTheSameFile) {
  int file = Open();
  uint32_t first = IoasAlloc(file);
  pid_t child = fork();
  if (child == 0) {
    // Only raw protocol here: a new channel, whose calls read and write the child's memory.
    int channel = Connect();
    IommuIoasAlloc alloc{sizeof(alloc), 0, 0};
    IommufdModelMessage call{kIommufdModelIoctl, 0, uapi::kIoctlIoasAlloc,
                             reinterpret_cast<uintptr_t>(&alloc), 0};
    IommufdModelMessage reply{};
    int stray;
    if (IommufdModelSend(channel, &call, file) != 0 ||
        IommufdModelReceive(channel, &reply, &stray, 1) != 0 || reply.result != 0) {
      _exit(1);
    }
    _exit(alloc.out_ioas_id == first + 1 ? 0 : 2);
  }
  int status = -1;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_EQ(Destroy(file, first + 1), 0);
}

TEST_F(ModelServerTest, HandedOutFilesAreInstalledByTheCaller) {
  int file = Open();
  IommuFaultAlloc alloc{sizeof(alloc), 0, 0, 0};
  IommufdModelMessage call{kIommufdModelIoctl, 0, uapi::kIoctlFaultQueueAlloc,
                           reinterpret_cast<uintptr_t>(&alloc), 0};
  ASSERT_EQ(IommufdModelSend(channel_, &call, file), 0);
  int fault_fd = -1;
  IommufdModelMessage install = Receive(&fault_fd);
  ASSERT_EQ(install.op, kIommufdModelInstall);
  EXPECT_EQ(install.number, 1u);
  EXPECT_EQ(install.flags & O_CLOEXEC, O_CLOEXEC);
  ASSERT_GE(fault_fd, 0);
  open_.push_back(fault_fd);
  // The number this process gives it is what the model writes into the struct.
  constexpr int kNumber = 777;
  IommufdModelMessage answer{kIommufdModelInstalled, 0, 0, 0, kNumber};
  ASSERT_EQ(IommufdModelSend(channel_, &answer, -1), 0);
  IommufdModelMessage done = Receive();
  EXPECT_EQ(done.op, kIommufdModelResult);
  EXPECT_EQ(done.result, 0);
  EXPECT_EQ(alloc.out_fault_fd, static_cast<uint32_t>(kNumber));
  // Reads of the installed file go to the model's fault queue: a partial record is ESPIPE.
  char byte;
  IommufdModelMessage read{kIommufdModelRead, 0, 1, reinterpret_cast<uintptr_t>(&byte), 0};
  ASSERT_EQ(IommufdModelSend(channel_, &read, fault_fd), 0);
  EXPECT_EQ(Receive().result, -ESPIPE);
}

TEST_F(ModelServerTest, TheLastCloseReleasesTheFile) {
  constexpr size_t kLength = 16384;
  void* buffer = mmap(nullptr, kLength, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                      -1, 0);
  std::memset(buffer, 1, kLength);
  int file = Open();
  int watcher = Open();
  uint32_t ioas = IoasAlloc(file);
  IommuIoasMap map{sizeof(map), uapi::kIommuIoasMapFixedIova | uapi::kIommuIoasMapReadable |
                                    uapi::kIommuIoasMapWriteable,
                   ioas, 0, reinterpret_cast<uintptr_t>(buffer), kLength, 1u << 24};
  ASSERT_EQ(Ioctl(file, uapi::kIoctlIoasMap, &map), 0);
  IommuTestCmd mock{};
  mock.size = sizeof(mock);
  mock.op = uapi::kIommuTestOpMockDomain;
  mock.id = ioas;
  ASSERT_EQ(Ioctl(file, uapi::kIoctlTestCmd, &mock), 0);
  EXPECT_EQ(CheckRefs(watcher, buffer, kLength, 1), 0);
  int copy = dup(file);
  close(file);
  std::erase(open_, file);
  EXPECT_EQ(CheckRefs(watcher, buffer, kLength, 1), 0) << "a dup keeps the file";
  close(copy);
  EXPECT_EQ(CheckRefs(watcher, buffer, kLength, 0), 0) << "the last close releases it";
  munmap(buffer, kLength);
}

TEST_F(ModelServerTest, AMessageOfTheWrongSizeIsEproto) {
  char junk[3] = {1, 2, 3};
  ASSERT_EQ(send(channel_, junk, sizeof(junk), 0), static_cast<ssize_t>(sizeof(junk)));
  IommufdModelMessage reply = Receive();
  EXPECT_EQ(reply.op, kIommufdModelResult);
  EXPECT_EQ(reply.result, -EPROTO);
}

}  // namespace
}  // namespace iommufd_conform::model_server
