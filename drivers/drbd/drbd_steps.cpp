#include "drivers/drbd/drbd_steps.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "drivers/drbd/drbd_commands.hpp"
#include "drivers/node_exec.hpp"
#include "harness/core/units.hpp"

namespace harness {

DrbdStatus drbd_status(Remote& node, const Deadline& deadline) {
  return parse_proc_drbd(node.check(proc_drbd_argv(), deadline.capped(30)).out);
}

std::string drbd_state(Remote& node, const DeployTopology& topo, const Deadline& deadline) {
  return drbd_state_summary(drbd_status(node, deadline), topo.drbd_minor);
}

void drbd_prepare(Remote& node, const DeployTopology& topo, bool fresh, const Deadline& deadline) {
  auto size = node.check(drbd_backing_size_argv(topo), deadline);
  auto plan = drbd_prepare_commands(topo, parse_sector_count(size.out));
  if (!fresh) {
    plan.erase(std::remove_if(plan.begin(), plan.end(),
                              [](const PlannedCommand& c) {
                                return std::find(c.argv.begin(), c.argv.end(), "create-md") !=
                                       c.argv.end();
                              }),
               plan.end());
  }
  run_plan(node, plan, deadline);
  run_plan(node, drbd_up_commands(topo), deadline);
}

void drbd_skip_initial_sync(Remote& first, const DeployTopology& topo, const Deadline& deadline) {
  wait_for(deadline, kDrbdPollS, "DRBD: both fresh sides connected", [&] {
    auto st = drbd_status(first, deadline);
    const DrbdMinorState* m = st.minor(topo.drbd_minor);
    if (m && m->fresh_pair()) return std::string();
    return "at \"" + drbd_state_summary(st, topo.drbd_minor) + "\"";
  });
  run_plan(first, drbd_skip_initial_sync_commands(topo), deadline);
  wait_for(deadline, kDrbdPollS, "DRBD: UpToDate on both sides", [&] {
    auto s = drbd_state(first, topo, deadline);
    return s.find("UpToDate/UpToDate") != std::string::npos ? std::string() : "at \"" + s + "\"";
  });
}

void drbd_promote(Remote& node, const std::string& name, const DeployTopology& topo,
                  const Deadline& deadline) {
  wait_for(deadline, kDrbdPollS, fmt::format("DRBD: {} Primary", name), [&] {
    run_plan(node, drbd_primary_commands(topo), deadline);
    return std::string();
  });
}

bool StandAloneWatch::gave_up(const std::string& node, const std::string& state,
                              std::int64_t now_ns) {
  if (state.rfind("StandAlone", 0) != 0) {
    since_.erase(node);
    return false;
  }
  return now_ns - since_.try_emplace(node, now_ns).first->second >= seconds_to_ns(kStandAloneS);
}

}  // namespace harness
