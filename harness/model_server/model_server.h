// The model server: one process owning the reference model's state for every process of a
// program, so that an iommufd shared by fork or passed over a socket is one model file, as
// it is one open file in the kernel. Calls arrive over each process's channel (protocol.h);
// the server reads and writes the caller's memory with process_vm_readv/writev, as the
// kernel reaches a task's memory, naming the caller to the model (model::CallerScope).
#ifndef IOMMUFD_CONFORM_HARNESS_MODEL_SERVER_MODEL_SERVER_H_
#define IOMMUFD_CONFORM_HARNESS_MODEL_SERVER_MODEL_SERVER_H_

#include <sys/types.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "harness/model_server/protocol.h"
#include "reference/model/caller.h"
#include "reference/model/model_file.h"
#include "reference/model/profile.h"

namespace iommufd_conform::model_server {

class ModelServer final : public model::FileTable {
 public:
  // `listener` is a listening SOCK_SEQPACKET socket; `tag` names the files' socket ends.
  // Without a configuration (the environment named a bad one) every open fails with EINVAL.
  ModelServer(std::optional<model::ModelConfig> config, int listener, std::string tag);
  ~ModelServer() override;
  ModelServer(const ModelServer&) = delete;
  ModelServer& operator=(const ModelServer&) = delete;

  // Serves until no channel and no file is left (or none ever came within `idle_ms`).
  void Run(int idle_ms);

  // A file the model hands out during a call: its descriptor is installed in the calling
  // process, whose number is the answer (-1 if the caller went away).
  int Install(std::shared_ptr<model::ModelFile> file) override;
  // The file behind the calling process's descriptor `fd`.
  std::shared_ptr<model::ModelFile> Lookup(int fd) const override;
  void ForEachFile(const std::function<void(const model::ModelFile&)>& visit) const override;

 private:
  struct Channel {
    int socket;
    std::shared_ptr<const model::CallerProcess> process;
    bool memory_checked = false;
  };
  struct File {
    ino_t client_inode;
    std::shared_ptr<model::ModelFile> model;
  };

  void Accept();
  // Says once on stderr when the caller's memory cannot be reached (ptrace restrictions):
  // every call would then fail with EFAULT.
  void CheckMemoryAccess(Channel& channel, uint64_t address);
  // False when the channel is gone.
  bool ServeOne(Channel& channel);
  int64_t Call(Channel& channel, const IommufdModelMessage& request, int client_end);
  int64_t Open(Channel& channel, int flags);
  // A new file: the server keeps one end (in files_), the other is returned (-1 on failure).
  int NewFile(std::shared_ptr<model::ModelFile> model);
  // The entry of files_ whose client end `fd` (a descriptor of ours) is; end() if none.
  std::map<int, File>::const_iterator FindClientEnd(int fd) const;
  // Releases every file whose descriptors are all closed, as the kernel's last fput does.
  void ReleaseClosedFiles();

  std::optional<model::ModelConfig> config_;
  int listener_;
  std::string tag_;
  std::map<int, Channel> channels_;  // by socket
  std::map<int, File> files_;        // by the server's end
  uint64_t next_file_ = 0;
  Channel* calling_ = nullptr;  // whose call runs now
};

}  // namespace iommufd_conform::model_server

#endif  // IOMMUFD_CONFORM_HARNESS_MODEL_SERVER_MODEL_SERVER_H_
