#include "harness/runner/outcome.hpp"

#include <fmt/format.h>

namespace harness {

Outcome decide_outcome(const std::vector<Failure>& failures, const std::vector<CheckResult>& checks) {
  Outcome out;
  if (!failures.empty()) {
    out.exit_code = static_cast<int>(failures.front().code);
    out.error = failures.front().message;
    std::vector<std::string> later;
    for (std::size_t i = 1; i < failures.size(); ++i)
      if (failures[i].message != out.error) later.push_back(failures[i].message);
    if (!later.empty()) out.error += fmt::format(" (also: {})", fmt::join(later, "; "));
    return out;
  }
  for (const auto& c : checks)
    if (c.verdict != Verdict::pass) out.exit_code = static_cast<int>(ExitCode::check_failed);
  return out;
}

}  // namespace harness
