#include "drivers/pacemaker/cib_constraints.hpp"

#include <pugixml.hpp>

#include "harness/core/errors.hpp"

namespace harness {

Argv cib_constraints_argv() { return {"cibadmin", "--query", "--scope", "constraints"}; }

std::vector<std::string> parse_drbd_fence_constraints(std::string_view xml) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) throw LabError("cibadmin constraints: not XML");
  if (!doc.select_node("//constraints"))
    throw LabError("cibadmin constraints: no constraints element");
  std::vector<std::string> out;
  for (const auto& n : doc.select_nodes("//constraints/rsc_location")) {
    const std::string id = n.node().attribute("id").value();
    if (id.rfind("drbd-fence-by-handler-", 0) == 0) out.push_back(id);
  }
  return out;
}

}  // namespace harness
