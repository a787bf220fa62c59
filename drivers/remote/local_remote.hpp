#pragma once
// Remote on the host itself: the host side of a run (fence listener, image tools), and the
// Remote contract tested without a VM. Commands run through run_process; files are written
// directly, atomically (temporary file, chmod, rename), like SshRemote does on a node.
#include <string>

#include "drivers/remote.hpp"
#include "harness/core/clock.hpp"

namespace harness {

class LocalRemote final : public Remote {
 public:
  // `clock` stamps stream lines; run() uses each call's Deadline clock.
  explicit LocalRemote(Clock& clock, std::string node = "host")
      : clock_(clock), node_(std::move(node)) {}

  const std::string& node() const override { return node_; }
  CommandResult run(const std::vector<std::string>& argv, const Deadline& deadline,
                    std::string_view stdin_data = {}) override;
  void put_file(std::string_view content, const std::string& remote_path, int mode,
                const Deadline& deadline) override;
  std::string get_file(const std::string& remote_path, const Deadline& deadline) override;
  std::unique_ptr<Stream> stream(const std::vector<std::string>& argv, LineHandler on_line) override;

 private:
  Clock& clock_;
  std::string node_;
};

}  // namespace harness
