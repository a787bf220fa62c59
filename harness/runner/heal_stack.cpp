#include "harness/runner/heal_stack.hpp"

#include <algorithm>
#include <iostream>

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness {

HealStack::~HealStack() {
  if (!faults_.empty())
    std::cerr << "harness: internal error: " << faults_.size()
              << " fault(s) left unhealed on the heal stack" << std::endl;
}

Fault& HealStack::push(std::unique_ptr<Fault> fault) {
  faults_.push_back(std::move(fault));
  return *faults_.back();
}

bool HealStack::contains(std::string_view step_id) const {
  return std::any_of(faults_.begin(), faults_.end(),
                     [&](const auto& f) { return f->step_id() == step_id; });
}

std::vector<std::string> HealStack::step_ids() const {
  std::vector<std::string> ids;
  for (const auto& f : faults_) ids.push_back(f->step_id());
  return ids;
}

std::unique_ptr<Fault> HealStack::take(std::string_view step_id) {
  // The newest fault of that step, should a step id ever repeat.
  for (auto it = faults_.rbegin(); it != faults_.rend(); ++it) {
    if ((*it)->step_id() == step_id) {
      auto fault = std::move(*it);
      faults_.erase(std::next(it).base());
      return fault;
    }
  }
  return nullptr;
}

UnwindResult HealStack::unwind(History& history, const Deadline& deadline, Progress& progress) {
  UnwindResult result;
  while (!faults_.empty()) {
    auto fault = std::move(faults_.back());
    faults_.pop_back();
    std::string label = fmt::format("step {}: {}", fault->step_id(), fault->describe());
    if (deadline.stop_requested()) {
      ++result.skipped;
      progress.line("heal", label + ": heal abandoned (aborted)");
      continue;
    }
    try {
      fault->set_heal_reason("unwind");
      fault->heal(history, deadline);
      ++result.healed;
      progress.line("heal", label + " healed");
    } catch (const Interrupted&) {
      // The abort arrived during this heal: abandoned like the rest, not a lab failure.
      ++result.skipped;
      progress.line("heal", label + ": heal abandoned (aborted)");
    } catch (const std::exception& e) {
      result.errors.push_back(fmt::format("{}: heal: {}", label, e.what()));
      progress.line("heal", label + ": heal FAILED: " + e.what());
    }
  }
  return result;
}

}  // namespace harness
