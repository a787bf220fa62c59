#pragma once
// Every injected fault's heal, kept until it is done. A fault is pushed BEFORE its inject is
// attempted (an inject that fails half-way may still have cut something); an explicit heal step
// takes out its own fault wherever it sits; what remains is unwound newest first, on success,
// failure, exception and stop alike, attempting every heal even when an earlier one threw.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/fault.hpp"
#include "harness/core/history.hpp"
#include "harness/core/deadline.hpp"
#include "harness/runner/progress.hpp"

namespace harness {

struct UnwindResult {
  std::size_t healed = 0;
  std::size_t skipped = 0;           // abandoned because the run was aborted
  std::vector<std::string> errors;   // "step cut: link_cut n1 san0: heal: <what>"
};

class HealStack {
 public:
  HealStack() = default;
  HealStack(const HealStack&) = delete;
  HealStack& operator=(const HealStack&) = delete;
  ~HealStack();  // a fault still here at destruction is a runner bug: reported on stderr

  // Returns the fault, which the stack keeps owning until it is taken or unwound.
  Fault& push(std::unique_ptr<Fault> fault);  // fault->step_id() names it
  bool contains(std::string_view step_id) const;
  std::size_t size() const { return faults_.size(); }
  bool empty() const { return faults_.empty(); }
  std::vector<std::string> step_ids() const;  // oldest first

  // Removes the fault of `step_id` wherever it sits; nullptr if it is not (or no longer) here.
  std::unique_ptr<Fault> take(std::string_view step_id);

  // Heals everything left, newest first, with reason "unwind". Each fault is removed before its
  // heal is attempted, so a heal that throws is reported, not retried. `deadline` should carry
  // the abort token: once it is requested the remaining heals are skipped, not attempted.
  UnwindResult unwind(History& history, const Deadline& deadline, Progress& progress);

 private:
  std::vector<std::unique_ptr<Fault>> faults_;
};

}  // namespace harness
