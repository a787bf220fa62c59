#pragma once
// Runs a host program from an argument vector (no shell), with a deadline: past it the process
// group is killed and TimeoutError is thrown. Used for ssh, qemu-img, mkfs, ssh-keygen...
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/remote.hpp"
#include "harness/core/deadline.hpp"

namespace harness {

struct ProcessOptions {
  std::filesystem::path cwd;                       // empty: inherit
  std::map<std::string, std::string> extra_env;    // added to the inherited environment
  std::size_t max_output_bytes = 64u << 20;        // per stream; beyond it output is truncated
  double term_grace_s = 1.0;                       // SIGTERM → SIGKILL of the group on timeout/stop
  CommandResult* partial = nullptr;                // if set: what was captured, when the call throws
};

// exit_status is the program's exit code, or -1 if it was killed by a signal.
// Throws LabError if the program cannot be started (not installed: names it).
CommandResult run_process(const std::vector<std::string>& argv, const Deadline& deadline,
                          std::string_view stdin_data = {}, const ProcessOptions& options = {});

// A long-running host program whose stdout lines go to `on_line` from a reader thread.
// `extra_env` is added to (or replaces in) the inherited environment.
std::unique_ptr<Stream> stream_process(const std::vector<std::string>& argv, LineHandler on_line,
                                       Clock& clock,
                                       const std::map<std::string, std::string>& extra_env = {});

// What stream_process returns, for callers that want to know why a stream ended.
class ProcessStream : public Stream {
 public:
  // The exit code once the program ended by itself (-1 while running, killed or stopped).
  virtual int exit_status() const = 0;
  // The last few KiB of the program's stderr (not delivered as lines).
  virtual std::string stderr_tail() const = 0;
};

// True if `program` is found on PATH.
bool program_exists(std::string_view program);

}  // namespace harness
