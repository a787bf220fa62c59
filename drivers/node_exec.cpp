// Plan execution on nodes.
#include "drivers/node_exec.hpp"

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness {

void put_files(Remote& remote, const std::vector<GuestFile>& files, const Deadline& deadline) {
  std::vector<Remote::FileToPut> puts;
  puts.reserve(files.size());
  for (const auto& f : files) puts.push_back({f.path, f.content, f.mode});
  remote.put_files(puts, deadline);
}

std::vector<CommandResult> run_plan(Remote& remote, const std::vector<PlannedCommand>& plan,
                                    const Deadline& deadline) {
  std::vector<CommandResult> results;
  results.reserve(plan.size());
  for (const auto& cmd : plan) {
    deadline.check(fmt::format("{}: {}", remote.node(), cmd.why));
    auto r = remote.run(cmd.argv, deadline);
    if (r.exit_status != 0 && !cmd.may_fail)
      throw LabError(fmt::format("{} ({})", describe_failure(remote.node(), cmd.argv, r), cmd.why));
    results.push_back(std::move(r));
  }
  return results;
}

void wait_for(const Deadline& deadline, double period_s, std::string_view what,
              const std::function<std::string()>& missing) {
  Clock& clock = deadline.clock();
  const std::int64_t start = clock.now_ns();
  const std::int64_t period = seconds_to_ns(period_s);
  std::string last = "no answer";
  for (;;) {
    if (deadline.stop_requested()) throw Interrupted(fmt::format("{}: interrupted", what));
    try {
      last = missing();
    } catch (const Interrupted&) {
      throw;
    } catch (const LabError& e) {
      // A node busy under TCG or rebooting: an answer that says what is missing, not the end.
      last = e.what();
    }
    if (last.empty()) return;
    const bool long_wait = clock.now_ns() - start >= seconds_to_ns(kBackOffS);
    std::int64_t next = clock.now_ns() + (long_wait ? 2 * period : period);
    if (deadline.expired() || !deadline.sleep_until(next)) {
      if (deadline.stop_requested()) throw Interrupted(fmt::format("{}: interrupted", what));
      throw TimeoutError(fmt::format("{}: still {} after {:.0f} s", what,
                                     last.empty() ? "not done" : last,
                                     ns_to_seconds(clock.now_ns() - start)));
    }
  }
}

}  // namespace harness
