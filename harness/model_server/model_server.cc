#include "harness/model_server/model_server.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <set>
#include <utility>
#include <vector>

#include "harness/model_server/wire.h"
#include "reference/model/context.h"
#include "reference/model/user_memory.h"

namespace iommufd_conform::model_server {
namespace {

int64_t Result(const Outcome& outcome) { return outcome.ok() ? outcome.ret : -outcome.error; }

ino_t InodeOf(int fd) {
  struct stat st {};
  return fstat(fd, &st) == 0 ? st.st_ino : 0;
}

// Binds `fd` to the abstract name `name`, which its peer's getpeername() then reports.
bool BindAbstract(int fd, const std::string& name) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (name.size() + 1 > sizeof(address.sun_path)) return false;
  std::memcpy(address.sun_path + 1, name.data(), name.size());
  auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
  return bind(fd, reinterpret_cast<sockaddr*>(&address), length) == 0;
}

}  // namespace

ModelServer::ModelServer(std::optional<model::ModelConfig> config, int listener,
                         std::string tag)
    : config_(std::move(config)), listener_(listener), tag_(std::move(tag)) {}

ModelServer::~ModelServer() {
  // The model's files go before the descriptors naming them.
  for (auto& [end, file] : files_) file.model.reset();
  for (auto& [end, file] : files_) close(end);
  for (auto& [socket, channel] : channels_) close(socket);
}

void ModelServer::Run(int idle_ms) {
  bool served = false;
  std::vector<pollfd> set;
  while (!served || !channels_.empty() || !files_.empty()) {
    set.clear();
    set.push_back({listener_, POLLIN, 0});
    for (const auto& [socket, channel] : channels_) set.push_back({socket, POLLIN, 0});
    // A file's end only ever reports its peer hanging up; ReleaseClosedFiles handles that.
    for (const auto& [end, file] : files_) set.push_back({end, 0, 0});
    int ready = poll(set.data(), set.size(), served ? -1 : idle_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return;  // nobody came
    ReleaseClosedFiles();
    for (const pollfd& entry : set) {
      if (!entry.revents || entry.fd == listener_) continue;
      auto it = channels_.find(entry.fd);
      if (it == channels_.end()) continue;
      if (!ServeOne(it->second)) {
        close(it->first);
        channels_.erase(it);
      }
    }
    if (set[0].revents) {
      Accept();
      served = true;
    }
  }
}

void ModelServer::Accept() {
  int socket = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
  if (socket < 0) return;
  ucred peer{};
  socklen_t length = sizeof(peer);
  std::shared_ptr<const model::CallerProcess> process;
  if (getsockopt(socket, SOL_SOCKET, SO_PEERCRED, &peer, &length) == 0) {
    process = model::CallerProcess::Remote(peer.pid);
  }
  IommufdModelMessage hello{kIommufdModelHello, 0, 0, 0, getpid()};
  if (!process || IommufdModelSend(socket, &hello, -1) != 0) {
    close(socket);
    return;
  }
  channels_[socket] = Channel{socket, std::move(process)};
}

bool ModelServer::ServeOne(Channel& channel) {
  IommufdModelMessage request;
  int client_end;
  int error = IommufdModelReceive(channel.socket, &request, &client_end, 1);
  if (error == -EPIPE || error == -ECONNRESET) return false;
  if (error == -EAGAIN) return true;
  IommufdModelMessage reply{kIommufdModelResult, 0, 0, 0, error};
  if (error == 0) {
    CheckMemoryAccess(channel, request.address);
    // Files closed before this call are gone by the time it runs.
    ReleaseClosedFiles();
    reply.result = Call(channel, request, client_end);
  }
  if (client_end >= 0) close(client_end);
  return IommufdModelSend(channel.socket, &reply, -1) == 0;
}

void ModelServer::CheckMemoryAccess(Channel& channel, uint64_t address) {
  if (channel.memory_checked || !address) return;
  channel.memory_checked = true;
  char byte;
  iovec local{&byte, 1};
  iovec remote{reinterpret_cast<void*>(address), 1};
  if (process_vm_readv(channel.process->pid(), &local, 1, &remote, 1, 0) >= 0 ||
      errno != EPERM) {
    return;
  }
  std::fprintf(stderr,
               "iommufd-model-server: may not read the memory of process %d: every call "
               "that reads it fails with EFAULT (see /proc/sys/kernel/yama/ptrace_scope)\n",
               static_cast<int>(channel.process->pid()));
}

int64_t ModelServer::Call(Channel& channel, const IommufdModelMessage& request,
                          int client_end) {
  if (request.op == kIommufdModelOpen) return Open(channel, request.flags);
  auto it = client_end >= 0 ? FindClientEnd(client_end) : files_.end();
  if (it == files_.end()) return -EBADF;
  // Held: a call may close descriptors of its own files.
  std::shared_ptr<model::ModelFile> file = it->second.model;
  model::CallerScope caller(channel.process);
  calling_ = &channel;
  const bool drop = config_ && config_->fault == model::ModelFault::kWritesNothing;
  int64_t result = -EPROTO;
  switch (request.op) {
    case kIommufdModelIoctl: {
      model::UserMemory::DroppedWrites dropped(drop);
      result = Result(file->Ioctl(request.number, request.address));
      break;
    }
    case kIommufdModelRead: {
      model::UserMemory::DroppedWrites dropped(drop);
      result = Result(file->Read(request.address, request.number));
      break;
    }
    case kIommufdModelWrite:
      result = Result(file->Write(request.address, request.number));
      break;
    case kIommufdModelPoll:
      result = Result(file->Poll(static_cast<short>(request.flags)));
      break;
    case kIommufdModelMmapError:
      // The model maps nothing into another process yet: mapping fails as the kernel's
      // would where nothing was handed out.
      if (!config_->kernel.file_mmap) {
        result = ENODEV;
      } else if (!(request.flags & MAP_SHARED)) {
        result = EINVAL;
      } else if (request.number & PROT_EXEC) {
        result = EPERM;
      } else {
        result = ENXIO;
      }
      break;
    default:
      break;
  }
  calling_ = nullptr;
  return result;
}

int64_t ModelServer::Open(Channel& channel, int flags) {
  if (!config_) return -EINVAL;
  int client_end = NewFile(std::make_shared<model::Context>(*config_, *this));
  if (client_end < 0) return -ENFILE;
  // The open's answer is the descriptor itself: no number comes back.
  IommufdModelMessage install{kIommufdModelInstall, flags, 0, 0, 0};
  int error = IommufdModelSend(channel.socket, &install, client_end);
  close(client_end);
  return error;
}

int ModelServer::NewFile(std::shared_ptr<model::ModelFile> model) {
  int ends[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) return -1;
  std::string name = IOMMUFD_MODEL_FILE_PREFIX + tag_ + "/" + std::to_string(next_file_++);
  if (!BindAbstract(ends[0], name)) {
    close(ends[0]);
    close(ends[1]);
    return -1;
  }
  files_[ends[0]] = File{InodeOf(ends[1]), std::move(model)};
  return ends[1];
}

int ModelServer::Install(std::shared_ptr<model::ModelFile> file) {
  if (!calling_) return -1;
  int client_end = NewFile(std::move(file));
  if (client_end < 0) return -1;
  // Descriptors the model hands out are close-on-exec, as anon inodes are.
  IommufdModelMessage install{kIommufdModelInstall, O_CLOEXEC, 1, 0, 0};
  int error = IommufdModelSend(calling_->socket, &install, client_end);
  close(client_end);
  if (error) return -1;
  IommufdModelMessage answer;
  int stray;
  if (IommufdModelReceive(calling_->socket, &answer, &stray, 1) != 0) return -1;
  if (stray >= 0) close(stray);
  return answer.op == kIommufdModelInstalled ? static_cast<int>(answer.result) : -1;
}

std::shared_ptr<model::ModelFile> ModelServer::Lookup(int fd) const {
  if (!calling_) return nullptr;
  int copy = calling_->process->CopyDescriptor(fd);
  if (copy < 0) return nullptr;
  auto it = FindClientEnd(copy);
  close(copy);
  return it == files_.end() ? nullptr : it->second.model;
}

void ModelServer::ForEachFile(const std::function<void(const model::ModelFile&)>& visit) const {
  for (const auto& [end, file] : files_) visit(*file.model);
}

std::map<int, ModelServer::File>::const_iterator ModelServer::FindClientEnd(int fd) const {
  ino_t inode = InodeOf(fd);
  for (auto it = files_.begin(); it != files_.end(); ++it) {
    if (inode && it->second.client_inode == inode) return it;
  }
  return files_.end();
}

void ModelServer::ReleaseClosedFiles() {
  std::vector<pollfd> ends;
  for (const auto& [end, file] : files_) ends.push_back({end, 0, 0});
  if (ends.empty() || poll(ends.data(), ends.size(), 0) <= 0) return;
  for (const pollfd& end : ends) {
    if (!(end.revents & (POLLHUP | POLLERR))) continue;
    files_.erase(end.fd);
    close(end.fd);
  }
}

}  // namespace iommufd_conform::model_server
