#include "drivers/pacemaker/cib_node_state.hpp"

#include <pugixml.hpp>

#include "harness/core/errors.hpp"

namespace harness {

std::map<std::string, bool> parse_node_states(std::string_view xml) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size()))
    throw LabError("cibadmin node_state: not XML");
  // One match comes back bare, several inside <xpath-query>.
  pugi::xpath_node_set states = doc.select_nodes("//node_state");
  if (states.empty()) throw LabError("cibadmin node_state: no node_state element");
  std::map<std::string, bool> out;
  for (const auto& s : states) {
    pugi::xml_node n = s.node();
    const std::string in_ccm = n.attribute("in_ccm").value();
    // Pacemaker 2.1.5 writes "true"/"false"; later versions a timestamp when it is in.
    bool member = !in_ccm.empty() && in_ccm != "false";
    // crmd: "online"/"offline" in 2.1.5; Pacemaker 3.0 writes the time the controller joined
    // (seconds since the epoch), "0" when it is not up.
    const std::string crmd = n.attribute("crmd").value();
    const bool controller = crmd == "online" ||
                            (!crmd.empty() && crmd != "0" &&
                             crmd.find_first_not_of("0123456789") == std::string::npos);
    out[n.attribute("uname").value()] =
        member && controller && std::string(n.attribute("join").value()) == "member";
  }
  return out;
}

}  // namespace harness
