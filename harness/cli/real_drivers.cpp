#include "harness/cli/real_drivers.hpp"

#include "harness/errors.hpp"

namespace harness {

Drivers make_real_drivers(const Scenario& scenario, const CliContext& /*ctx*/,
                          const std::string& /*run_id*/, const std::filesystem::path& /*run_dir*/,
                          Clock& /*clock*/) {
  // The libvirt lab exists (harness lab up), but the system under test — corosync, pacemaker,
  // DRBD, the LIO ALUA target, open-iscsi and multipath deployed into it — and the fio workload
  // are not wired yet. Refuse before creating anything rather than report a verdict without them.
  throw LabError(
      "scenario '" + scenario.name +
      "': no lab is available to run it: deployment of the system under test (cluster, DRBD, "
      "ALUA target, multipath initiator) and the fio workload are not implemented yet; "
      "`harness lab up` brings up bare VMs");
}

}  // namespace harness
