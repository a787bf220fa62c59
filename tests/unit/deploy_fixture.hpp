#pragma once
// A lab as Lab::nodes() reports it, and the DeployTopology built from it, shared by the deploy
// renderer tests (cluster/, target/, initiator/).
#include <string>
#include <vector>

#include "drivers/deploy_plan.hpp"

namespace harness::deploy_fixture {

inline std::vector<NodeInfo> lab_nodes() {
  auto target = [](const std::string& name, int octet) {
    NodeInfo n{name, "target", {}};
    const char* nets[] = {"mgmt", "ring0", "ring1", "san0", "san1"};
    for (int i = 0; i < 5; ++i)
      n.addresses[nets[i]] = "10.213." + std::to_string(i) + "." + std::to_string(octet);
    return n;
  };
  NodeInfo ini{"initiator", "initiator", {}};
  ini.addresses = {{"mgmt", "10.213.0.21"}, {"san0", "10.213.3.21"}, {"san1", "10.213.4.21"}};
  return {target("n1", 11), target("n2", 12), ini};
}

inline DeployInputs lab_inputs() {
  DeployInputs in;
  in.cluster_name = "h-3fa2c1";
  in.domains = {{"n1", "h-3fa2c1-n1"}, {"n2", "h-3fa2c1-n2"}};
  in.host_mgmt_address = "10.213.0.1";
  in.fence_key_path = "/etc/harness/fence_key";
  return in;
}

inline DeployTopology lab_topology() { return make_deploy_topology(lab_nodes(), lab_inputs()); }

}  // namespace harness::deploy_fixture
