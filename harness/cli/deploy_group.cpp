#include "harness/cli/deploy_group.hpp"

#include <iostream>

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness {

namespace {

void say(const CliContext& ctx, const std::string& line) {
  if (!ctx.quiet) std::cerr << line << std::endl;
}

}  // namespace

GroupLab stand_up_group_lab(LabAndSut parts, const std::string& group_run_id,
                            const CliContext& ctx, Clock& clock, StopControl& stop,
                            const PhaseDeadlines& dl) {
  GroupLab g;
  g.run_id = group_run_id;
  g.parts = std::move(parts);
  auto* snap = dynamic_cast<Snapshottable*>(g.parts.lab.get());
  if (!snap) throw LabError("the lab cannot take snapshots; run with --fresh-lab");
  std::int64_t t0 = clock.now_ns();
  auto step = [&](const char* what, double budget_s, auto&& body) {
    std::int64_t t = clock.now_ns();
    body(Deadline::after(clock, budget_s, stop.stop_token()));
    say(ctx, fmt::format("deploy group {}: {} done in {:.1f} s", group_run_id, what,
                         ns_to_seconds(clock.now_ns() - t)));
  };
  try {
    g.up = true;  // from the first call on there may be something to remove
    step("provision", dl.provision_s, [&](const Deadline& d) { g.parts.lab->provision(d); });
    step("deploy", dl.deploy_s, [&](const Deadline& d) { g.parts.sut->deploy(d); });
    step("settle", dl.settle_s, [&](const Deadline& d) { g.parts.sut->settle(d); });
    step("snapshot", dl.revert_s, [&](const Deadline& d) { snap->snapshot(g.snapshot, d); });
  } catch (...) {
    tear_down_group_lab(g, clock, ctx);
    throw;
  }
  g.setup_s = ns_to_seconds(clock.now_ns() - t0);
  return g;
}

void tear_down_group_lab(GroupLab& g, Clock& clock, const CliContext& ctx) {
  if (!g.up || !g.parts.lab) return;
  g.up = false;
  try {
    // No stop token: even an interrupted matrix removes what it created.
    g.parts.lab->teardown(Deadline::after(clock, PhaseDeadlines{}.teardown_s));
    say(ctx, fmt::format("deploy group {}: lab removed", g.run_id));
  } catch (const std::exception& e) {
    std::cerr << fmt::format("deploy group {}: teardown: {} (`harness cleanup` removes the rest)\n",
                             g.run_id, e.what());
  }
}

}  // namespace harness
