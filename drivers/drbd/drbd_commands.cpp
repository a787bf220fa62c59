// DRBD bring-up command lists (argv only; sizes and states are parsed here, run elsewhere).
#include "drivers/drbd/drbd_commands.hpp"

#include <fmt/format.h>

#include "drivers/pacemaker/cib_xml.hpp"
#include "drivers/parse_util.hpp"
#include "harness/core/errors.hpp"

namespace harness {
using status::trim;

Argv drbd_backing_size_argv(const DeployTopology& topo) {
  return {"blockdev", "--getsz", topo.data_disk};
}

std::uint64_t parse_sector_count(const std::string& blockdev_out) {
  std::string s(trim(blockdev_out));
  if (s.empty() || s.size() > 19 || s.find_first_not_of("0123456789") != std::string::npos)
    throw LabError(fmt::format("deploy: blockdev --getsz printed \"{}\", not a size", s));
  std::uint64_t v = std::stoull(s);
  if (v == 0) throw LabError("deploy: the data disk has 0 sectors");
  return v;
}

std::string backing_linear_table(const DeployTopology& topo, std::uint64_t sectors) {
  return fmt::format("0 {} linear {} 0", sectors, topo.data_disk);
}

std::vector<PlannedCommand> drbd_prepare_commands(const DeployTopology& topo,
                                                  std::uint64_t sectors) {
  check_topology(topo);
  if (sectors == 0) throw LabError("deploy: the data disk has 0 sectors");
  return {
      // The table is one argv element: dmsetup gets it verbatim, no shell splits it.
      {{"dmsetup", "create", topo.backing_dm_name, "--table", backing_linear_table(topo, sectors)},
       "device-mapper linear device over the data disk (the disk_error fault swaps its table)"},
      {{"modprobe", "drbd"}, "DRBD 8.4 kernel module"},
      // --force: no confirmation prompt (there is no terminal); the disk is new.
      {{"drbdadm", "--", "--force", "create-md", topo.drbd_resource},
       "internal metadata on the backing device"},
  };
}

std::vector<PlannedCommand> drbd_up_commands(const DeployTopology& topo) {
  return {{{"drbdadm", "up", topo.drbd_resource}, "attach the disk and connect to the peer"}};
}

std::vector<PlannedCommand> drbd_skip_initial_sync_commands(const DeployTopology& topo) {
  return {{{"drbdadm", "--", "--clear-bitmap", "new-current-uuid", topo.drbd_resource},
           "declare both fresh (all-zero) disks UpToDate without a full sync; one node only"}};
}

Argv drbd_verify_argv(const DeployTopology& topo, std::uint64_t bytes) {
  if (bytes == 0) return {"drbdadm", "verify", topo.drbd_resource};
  // drbdsetup (8.4) takes the range in 512-byte sectors; round the end up.
  return {"drbdadm", "--", "--start=0", fmt::format("--stop={}", (bytes + 511) / 512), "verify",
          topo.drbd_resource};
}

std::vector<PlannedCommand> drbd_primary_commands(const DeployTopology& topo) {
  return {{{"drbdadm", "primary", topo.drbd_resource}, "Primary (dual primary: on both nodes)"}};
}

std::string drbd_fence_constraint_id(const DeployTopology& topo) {
  // crm-fence-peer.sh (8.4): "drbd-fence-by-handler-<resource>-<promotable clone id>".
  return fmt::format("drbd-fence-by-handler-{}-{}", topo.drbd_resource, kDrbdCloneId);
}

std::vector<PlannedCommand> drbd_unfence_commands(const DeployTopology& topo) {
  return {{{"cibadmin", "--delete", "--scope", "constraints", "--xml-text",
            fmt::format("<rsc_location id=\"{}\"/>", drbd_fence_constraint_id(topo))},
           "lift the DRBD fence constraint now that the peer is UpToDate again",
           true}};  // absent when the handler never ran
}

std::vector<PlannedCommand> drbd_teardown_commands(const DeployTopology& topo) {
  return {{{"drbdadm", "down", topo.drbd_resource}, "stop DRBD", true},
          {{"dmsetup", "remove", topo.backing_dm_name}, "remove the backing device", true}};
}

}  // namespace harness
