// Renders multipath.conf.
#include "drivers/multipath/multipath_conf.hpp"

#include <fmt/format.h>

#include "harness/core/errors.hpp"
#include "harness/scenario/option_io.hpp"

namespace harness {
namespace {

// 0 is multipath-tools' own spelling of "fail"; written as the word, which says what it does.
std::string no_path_retry(const std::string& v) { return v == "0" ? "fail" : v; }

// INQUIRY's vendor identification is 8 bytes; the entry is a regular expression, so only
// characters that match themselves.
void check_vendor(const std::string& v) {
  bool ok = !v.empty() && v.size() <= 8;
  for (char c : v)
    ok = ok && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '-');
  if (!ok) throw LabError("multipath.conf: vendor \"" + v + "\" is not an INQUIRY vendor id");
}

}  // namespace

std::string render_multipath_conf(const MultipathOptions& tun, const std::string& vendor) {
  require_options(multipath_option_table(), tun, "/tunables/multipath");
  check_vendor(vendor);
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
      "        vendor \"{}\"\n"
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
      polling, vendor, retry);
}

std::vector<GuestFile> multipath_files(const MultipathOptions& tun, const std::string& vendor) {
  return {{kMultipathConfPath, render_multipath_conf(tun, vendor), 0644}};
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
