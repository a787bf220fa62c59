#include "drivers/pacemaker/pacemaker_steps.hpp"

#include <map>

#include <fmt/format.h>

#include "drivers/node_exec.hpp"
#include "drivers/pacemaker/cib_node_state.hpp"
#include "drivers/pacemaker/cib_xml.hpp"
#include "drivers/pacemaker/cluster_commands.hpp"
#include "drivers/parse_util.hpp"
#include "harness/core/errors.hpp"

namespace harness {

void seed_cib(Remote& node, const std::string& name, const Tunables& tunables,
              const Deadline& deadline) {
  put_files(node, {{kLiveCibPath, node.check(empty_cib_argv(), deadline).out, 0600}}, deadline);
  run_plan(node, cib_seed_commands(tunables), deadline);
  const std::string want = dc_deadtime_value(tunables.pacemaker);
  auto q = node.run(cib_seed_query_argv(), deadline);
  const std::string got = q.exit_status == 0 ? std::string(status::trim(q.out)) : "";
  if (got != want)
    throw LabError(fmt::format("deploy {}: seeded CIB has dc-deadtime \"{}\", expected {} "
                               "(crm_attribute on {} did not write)",
                               name, got, want, kLiveCibPath));
}

void start_cluster(Remote& node, const Deadline& deadline) {
  run_plan(node, cluster_start_commands(), deadline);
}

std::string members_offline(Remote& observer, const std::string& observer_name,
                            const std::vector<std::string>& members, const Deadline& deadline) {
  auto r = observer.run(cluster_status_argv(), deadline.capped(30));
  if (r.exit_status != 0) return fmt::format("{}: cibadmin exit {}; ", observer_name, r.exit_status);
  std::map<std::string, bool> online;
  try {
    online = parse_node_states(r.out);
  } catch (const LabError& e) {
    return fmt::format("{}: {}; ", observer_name, e.what());
  }
  std::string missing;
  for (const auto& n : members)
    if (!online[n]) missing += fmt::format("{} not online at {}; ", n, observer_name);
  return missing;
}

bool cluster_running(Remote& node, const Deadline& deadline) {
  try {
    auto r = node.run({"systemctl", "is-active", "--quiet", "corosync.service", "pacemaker.service"},
                      deadline.capped(20));
    return r.exit_status == 0;
  } catch (const LabError&) {
    return false;  // unreachable: off, or still booting
  }
}

}  // namespace harness
