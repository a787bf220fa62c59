#pragma once
// A deploy group's lab: the scenarios that need the same deployment (the same deploy key,
// docs/MATRIX.md) share one lab, provisioned, deployed and settled once and then saved in a
// snapshot of every node; each run of the group reverts to it. Tagged with a run id of its own
// (the group's), so `harness cleanup` finds it, snapshots included, if the matrix is killed.
#include <cstdint>
#include <string>

#include "harness/cli/real_drivers.hpp"
#include "harness/runner/stop_control.hpp"

namespace harness {

struct GroupLab {
  LabAndSut parts;
  std::string run_id;                   // the group's: names the lab and what it creates
  std::string snapshot = "settled";     // the snapshot every run reverts to
  double setup_s = 0;                   // provision + deploy + settle + snapshot
  bool up = false;
};

// Provisions, deploys, settles and snapshots `parts` (made for the group's deployment and
// tagged with `group_run_id`). On any failure the lab is removed and the error rethrown
// (LabError/TimeoutError: exit 3).
GroupLab stand_up_group_lab(LabAndSut parts, const std::string& group_run_id,
                            const CliContext& ctx, Clock& clock, StopControl& stop,
                            const PhaseDeadlines& deadlines = {});

// Removes the group's lab (best effort: what could not be removed is printed and left to
// `harness cleanup`). Safe on a lab that is not up.
void tear_down_group_lab(GroupLab& group, Clock& clock, const CliContext& ctx);

}  // namespace harness
