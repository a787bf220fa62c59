#pragma once
// A node's Remote with scripted answers: respond() maps an argv prefix to a result (the longest
// matching prefix wins; unscripted commands succeed with empty output). Every call is counted
// in the FailPlan and recorded, so tests assert the exact argv a driver sent.
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "drivers/remote.hpp"
#include "fakes/fail_plan.hpp"

namespace harness {

struct FakeCall {
  std::vector<std::string> argv;
  std::string stdin_data;
  std::int64_t start_ns = 0;
};

class FakeRemote final : public Remote {
 public:
  using Responder = std::function<CommandResult(const std::vector<std::string>& argv)>;

  FakeRemote(std::string node, Clock& clock, FailPlan& plan) : node_(std::move(node)), clock_(clock), plan_(plan) {}

  void respond(std::vector<std::string> prefix, CommandResult result);
  void respond(std::vector<std::string> prefix, Responder responder);
  void set_latency_ns(std::int64_t ns) { latency_ns_ = ns; }
  // While unreachable every call throws LabError (a node that is powered off or frozen).
  void set_reachable(bool reachable) { reachable_ = reachable; }

  const std::vector<FakeCall>& calls() const { return calls_; }
  std::vector<std::vector<std::string>> argvs() const;
  std::map<std::string, std::string>& files() { return files_; }

  const std::string& node() const override { return node_; }
  CommandResult run(const std::vector<std::string>& argv, const Deadline& deadline,
                    std::string_view stdin_data = {}) override;
  void put_file(std::string_view content, const std::string& remote_path, int mode,
                const Deadline& deadline) override;
  std::string get_file(const std::string& remote_path, const Deadline& deadline) override;
  std::unique_ptr<Stream> stream(const std::vector<std::string>& argv, LineHandler on_line) override;

 private:
  std::string node_;
  Clock& clock_;
  FailPlan& plan_;
  std::int64_t latency_ns_ = 0;
  bool reachable_ = true;
  std::vector<std::pair<std::vector<std::string>, Responder>> scripts_;
  // Drivers run several commands on one node at once (a check per path): the record is shared.
  mutable std::mutex mu_;
  std::vector<FakeCall> calls_;
  std::map<std::string, std::string> files_;
};

}  // namespace harness
