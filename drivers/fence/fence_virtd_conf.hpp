#pragma once
// fence_virtd's configuration for one run (fence.agent fence_xvm): the multicast listener on the
// run's management bridge, the run's own group, port and key, the libvirt backend on the lab's
// URI, and a static map that lets only the run's target addresses fence only the run's target
// domains. fence_xvm speaks multicast only (fence_virt would be the TCP client), so the listener
// is the multicast one; a group and port per run keep two labs on one host apart, because the
// listener binds the wildcard address on its port.
#include <string>
#include <vector>

namespace harness {

struct FenceVirtdParams {
  std::string lab, run_id;       // for the header comment
  std::string interface;         // the run's mgmt bridge ("hb3fa2c1m")
  std::string group;             // the run's multicast group (239.255.213.<block>)
  int port = 0;                  // the run's UDP port (fence_xvm's ipport)
  std::string key_file;          // the run's key on the host (0600)
  std::string uri;               // the lab's libvirt URI
  std::vector<std::string> allowed_ips;  // the target nodes' mgmt addresses
  std::vector<std::string> domains;      // the target nodes' libvirt domains
};

// The fence_virt.conf text. LabError for a value that the file's quoting cannot hold (a quote,
// backslash, whitespace or control character), a group outside 224.0.0.0/4, a bad port, or an
// empty list.
std::string render_fence_virtd_conf(const FenceVirtdParams& p);

// The group and port of the run whose subnets are block `block` (lab_naming.hpp's allocation):
// 239.255.213.<block> (organisation-local scope) and 1230 + block (1229, the default, is left
// to a fence_virtd the host may run for itself).
std::string fence_xvm_group_of_block(int block);
int fence_xvm_port_of_block(int block);

}  // namespace harness
