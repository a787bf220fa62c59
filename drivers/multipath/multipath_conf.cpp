// Renders multipath.conf.
#include "drivers/multipath/multipath_conf.hpp"

#include <fmt/format.h>

#include "harness/scenario/option_io.hpp"

namespace harness {
namespace {

// 0 is multipath-tools' own spelling of "fail"; written as the word, which says what it does.
std::string no_path_retry(const std::string& v) { return v == "0" ? "fail" : v; }

}  // namespace

std::string render_multipath_conf(const MultipathOptions& tun) {
  require_options(multipath_option_table(), tun, "/tunables/multipath");
  const int polling = tun.polling_interval_s;
  const std::string retry = no_path_retry(tun.no_path_retry);
  return fmt::format(
      "# Rendered by the failover harness (multipath-tools 0.9.4).\n"
      "defaults {{\n"
      "    user_friendly_names no\n"
      "    # Build the map from the first path: do not wait to see a second one.\n"
      "    find_multipaths off\n"
      "    polling_interval {}\n"
      "}}\n"
      "\n"
      "blacklist {{\n"
      "    # The initiator's own virtio disks.\n"
      "    devnode \"^vd[a-z]\"\n"
      "}}\n"
      "\n"
      "devices {{\n"
      "    device {{\n"
      "        vendor \"LIO-ORG\"\n"
      "        product \".*\"\n"
      "        path_grouping_policy group_by_prio\n"
      "        # detect_prio would pick the sysfs prioritizer; use the ALUA one as configured.\n"
      "        detect_prio no\n"
      "        prio alua\n"
      "        detect_checker no\n"
      "        path_checker tur\n"
      "        hardware_handler \"1 alua\"\n"
      "        failback immediate\n"
      "        no_path_retry {}\n"
      "    }}\n"
      "}}\n",
      polling, retry);
}

std::vector<GuestFile> multipath_files(const MultipathOptions& tun) {
  return {{kMultipathConfPath, render_multipath_conf(tun), 0644}};
}

std::vector<PlannedCommand> multipath_start_commands() {
  return {{{"modprobe", "-a", "dm_multipath", "scsi_dh_alua"},
           "multipath target and the ALUA device handler (attached at path discovery)"},
          {{"systemctl", "restart", "multipathd.service"}, "read /etc/multipath.conf"}};
}

std::vector<PlannedCommand> multipath_reconfigure_commands() {
  return {{{"multipathd", "reconfigure"}, "reread /etc/multipath.conf"}};
}

}  // namespace harness
