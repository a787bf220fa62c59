#pragma once
// Running commands on a node. Commands are argument vectors, never shell strings built from
// input; the transport quotes them. Every call has a deadline.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/deadline.hpp"

namespace harness {

struct CommandResult {
  int exit_status = -1;        // -1 when killed by a signal or timed out
  std::string out;
  std::string err;
  std::int64_t start_ns = 0;   // host monotonic, just before the command was sent
  std::int64_t end_ns = 0;     // host monotonic, when its exit status arrived
};

// The last `max_lines` lines of `s`, trailing newlines dropped (for error messages).
std::string tail_lines(std::string_view s, std::size_t max_lines);

// "node: `argv...`: exit N: <last lines of stderr>"
std::string describe_failure(std::string_view node, const std::vector<std::string>& argv,
                             const CommandResult& r);

// A long-running command whose output arrives line by line (journal, event streams).
class Stream {
 public:
  virtual ~Stream() = default;
  virtual void stop() = 0;  // ends the command; no callback after it returns
  virtual bool running() const = 0;
  // Writes to the command's stdin (a dialogue, e.g. clock readings on request). False if the
  // stream takes no input or the command has ended.
  virtual bool send(std::string_view) { return false; }
};

using LineHandler = std::function<void(std::int64_t host_ns, std::string_view line)>;

class Remote {
 public:
  virtual ~Remote() = default;
  virtual const std::string& node() const = 0;
  // Runs argv; a non-zero exit is not an exception (the result says so). Throws TimeoutError
  // past the deadline (the command is killed) and LabError if the node cannot be reached.
  virtual CommandResult run(const std::vector<std::string>& argv, const Deadline& deadline,
                            std::string_view stdin_data = {}) = 0;
  virtual void put_file(std::string_view content, const std::string& remote_path, int mode,
                        const Deadline& deadline) = 0;
  virtual std::string get_file(const std::string& remote_path, const Deadline& deadline) = 0;
  // Several files, their missing parent directories created first (mode 0755). This default
  // runs one `mkdir -p` per directory and one put_file per file; a transport where each call is
  // a round trip to the node (ssh) sends them all in one. Not atomic as a set: a failure names
  // the file it stopped at, and the files before it are in place.
  struct FileToPut {
    std::string path;
    std::string_view content;
    int mode = 0644;
  };
  virtual void put_files(const std::vector<FileToPut>& files, const Deadline& deadline);
  virtual std::unique_ptr<Stream> stream(const std::vector<std::string>& argv,
                                         LineHandler on_line) = 0;

  // run() that throws LabError(describe_failure(...)) on a non-zero exit.
  CommandResult check(const std::vector<std::string>& argv, const Deadline& deadline,
                      std::string_view stdin_data = {});
};

}  // namespace harness
