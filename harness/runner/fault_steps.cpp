#include "harness/runner/fault_steps.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "harness/core/errors.hpp"
#include "harness/runner/error_context.hpp"

namespace harness {

namespace {

// Sleeps until `t_ns`; Interrupted on a stop request, TimeoutError if the phase ends first.
void wait_until(std::int64_t t_ns, const Deadline& phase, const std::string& what) {
  if (phase.clock().now_ns() >= t_ns) {
    phase.check(what);
    return;
  }
  if (!phase.sleep_until(t_ns)) {
    phase.check(what);
    throw TimeoutError(what + ": deadline passed");
  }
}

void prepare(const TimelineEntry& entry, const Deadline& phase, FaultStepContext& ctx,
             History& history, std::string& node) {
  for (Observer* obs : ctx.observers) {
    try {
      obs->snapshot(history, phase.capped(ctx.call_s));
    } catch (...) {
      rethrow_with_context(fmt::format("{}: observer {}: snapshot", describe(entry), obs->name()));
    }
  }
  if (entry.kind != TimelineEntry::Kind::fault) return;
  Roles roles;
  try {
    roles = ctx.env.sut.roles(phase.capped(ctx.call_s));
  } catch (...) {
    rethrow_with_context(describe(entry) + ": roles");
  }
  history.add(ctx.env.clock.now_ns(), EventKind::note, "", "roles",
              {{"active", roles.active}, {"standby", roles.standby}, {"step", entry.step->id}});
  node = resolve_target(entry.step->fault->target, roles);
}

void inject(const TimelineEntry& entry, const std::string& node, const Deadline& phase,
            FaultStepContext& ctx, History& history) {
  const Step& step = *entry.step;
  std::string label = describe(entry);
  Fault* fault = nullptr;
  try {
    auto made = ctx.factory(*step.fault, node, ctx.env);
    made->set_step_id(step.id);
    // On the stack before the attempt: a half-done inject still gets healed.
    fault = &ctx.heals.push(std::move(made));
    label += ": " + fault->describe();
    fault->inject(history, phase);
  } catch (...) {
    rethrow_with_context(label + ": inject");
  }
  ctx.progress.line("faults", label + " injected");
}

void heal(const TimelineEntry& entry, const char* reason, const Deadline& phase,
          FaultStepContext& ctx, History& history) {
  auto fault = ctx.heals.take(entry.fault_step_id);
  if (!fault) {
    // Already healed (by its duration, or an earlier heal step): nothing left to undo.
    ctx.progress.line("faults", describe(entry) + ": step " + entry.fault_step_id +
                                    " is already healed");
    return;
  }
  std::string label = describe(entry) + ": " + fault->describe();
  try {
    fault->set_heal_reason(reason);
    fault->heal(history, phase.with_stop(ctx.abort));
  } catch (...) {
    rethrow_with_context(label + ": heal");
  }
  ctx.progress.line("faults", label + " healed");
}

}  // namespace

std::string resolve_target(const std::string& target, const Roles& roles) {
  std::string node = target;
  if (target == "active") node = roles.active;
  if (target == "standby") node = roles.standby;
  if (node.empty()) throw LabError("no node has the role '" + target + "' now");
  return node;
}

void run_fault_steps(const std::vector<TimelineEntry>& timeline, std::int64_t workload_start_ns,
                     const Deadline& phase, FaultStepContext& ctx, History& history) {
  Clock& clock = ctx.env.clock;
  for (const auto& entry : timeline) {
    std::int64_t t_step = workload_start_ns + seconds_to_ns(entry.at_s);
    std::int64_t t_prep = std::max(workload_start_ns, t_step - seconds_to_ns(ctx.lead_s));
    std::string label = describe(entry);
    wait_until(t_prep, phase, "waiting for " + label);
    std::string node;
    prepare(entry, phase, ctx, history, node);
    wait_until(t_step, phase, "waiting for " + label);
    double late_s = ns_to_seconds(clock.now_ns() - t_step);
    if (late_s > 1)
      ctx.progress.line("faults", fmt::format("{}: {:.1f} s late (the previous step ran long)", label, late_s));
    switch (entry.kind) {
      case TimelineEntry::Kind::fault: inject(entry, node, phase, ctx, history); break;
      case TimelineEntry::Kind::heal_step: heal(entry, "step", phase, ctx, history); break;
      case TimelineEntry::Kind::auto_heal: heal(entry, "duration", phase, ctx, history); break;
    }
  }
}

}  // namespace harness
