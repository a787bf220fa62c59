#include "fakes/fake_remote.hpp"

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness {

namespace {
class FakeStream final : public Stream {
 public:
  void stop() override { running_ = false; }
  bool running() const override { return running_; }

 private:
  bool running_ = true;
};

bool has_prefix(const std::vector<std::string>& argv, const std::vector<std::string>& prefix) {
  if (prefix.size() > argv.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (argv[i] != prefix[i]) return false;
  return true;
}
}  // namespace

void FakeRemote::respond(std::vector<std::string> prefix, CommandResult result) {
  respond(std::move(prefix), [result](const std::vector<std::string>&) { return result; });
}

void FakeRemote::respond(std::vector<std::string> prefix, Responder responder) {
  scripts_.emplace_back(std::move(prefix), std::move(responder));
}

std::vector<std::vector<std::string>> FakeRemote::argvs() const {
  std::vector<std::vector<std::string>> out;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& c : calls_) out.push_back(c.argv);
  return out;
}

CommandResult FakeRemote::run(const std::vector<std::string>& argv, const Deadline& deadline,
                              std::string_view stdin_data) {
  std::int64_t start = clock_.now_ns();
  plan_.call(fmt::format("remote {}: {}", node_, fmt::join(argv, " ")), deadline);
  if (!reachable_) throw LabError(node_ + ": unreachable");
  {
    std::lock_guard<std::mutex> lock(mu_);
    calls_.push_back(FakeCall{argv, std::string(stdin_data), start});
  }
  const Responder* best = nullptr;
  std::size_t best_len = 0;
  for (const auto& [prefix, responder] : scripts_) {
    // Later scripts win among equal prefixes, so a test can override a default.
    if (has_prefix(argv, prefix) && (best == nullptr || prefix.size() >= best_len)) {
      best = &responder;
      best_len = prefix.size();
    }
  }
  CommandResult r;
  r.exit_status = 0;
  if (best) r = (*best)(argv);
  if (latency_ns_ > 0) clock_.sleep_until(clock_.now_ns() + latency_ns_);
  r.start_ns = start;
  r.end_ns = clock_.now_ns();
  return r;
}

void FakeRemote::put_file(std::string_view content, const std::string& remote_path, int,
                          const Deadline& deadline) {
  plan_.call(fmt::format("remote {}: put {}", node_, remote_path), deadline);
  if (!reachable_) throw LabError(node_ + ": unreachable");
  std::lock_guard<std::mutex> lock(mu_);
  files_[remote_path] = std::string(content);
}

std::string FakeRemote::get_file(const std::string& remote_path, const Deadline& deadline) {
  plan_.call(fmt::format("remote {}: get {}", node_, remote_path), deadline);
  if (!reachable_) throw LabError(node_ + ": unreachable");
  std::lock_guard<std::mutex> lock(mu_);
  auto it = files_.find(remote_path);
  if (it == files_.end()) throw LabError(fmt::format("{}: {}: no such file", node_, remote_path));
  return it->second;
}

std::unique_ptr<Stream> FakeRemote::stream(const std::vector<std::string>& argv, LineHandler) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    calls_.push_back(FakeCall{argv, {}, clock_.now_ns()});
  }
  return std::make_unique<FakeStream>();
}

}  // namespace harness
