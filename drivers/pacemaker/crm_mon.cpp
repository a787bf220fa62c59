// crm_mon XML (Pacemaker 2.1 "pacemaker-result" document) into CrmStatus.
#include "drivers/pacemaker/crm_mon.hpp"

#include <cstdio>
#include <ctime>

#include <pugixml.hpp>

#include "drivers/parse_util.hpp"

namespace harness {
namespace {

constexpr std::string_view kTool = "crm_mon";

bool flag(pugi::xml_node n, const char* name) {
  return std::string_view(n.attribute(name).value()) == "true";
}

std::string text(pugi::xml_node n, const char* name) { return n.attribute(name).value(); }

// Pacemaker 2.1 prints Promoted/Unpromoted; older (and some compatibility) output says
// Master/Slave. One vocabulary for the checkers.
std::string normalise_role(std::string role) {
  if (role == "Master") return "Promoted";
  if (role == "Slave") return "Unpromoted";
  return role;
}

CrmResource resource_of(pugi::xml_node r, const std::string& clone_id) {
  CrmResource res;
  res.id = text(r, "id");
  if (res.id.empty()) status::parse_error(kTool, "<resource> with an id attribute", r.name());
  res.clone_id = clone_id;
  res.resource_agent = text(r, "resource_agent");
  res.role = normalise_role(text(r, "role"));
  res.active = flag(r, "active");
  res.failed = flag(r, "failed");
  res.managed = std::string_view(r.attribute("managed").value()) != "false";
  for (auto n : r.children("node")) res.nodes.push_back(text(n, "name"));
  return res;
}

// Primitives anywhere below `parent` (groups, clones of groups, bundles), clone instances
// tagged with the innermost enclosing clone's id.
void collect_resources(pugi::xml_node parent, const std::string& clone_id,
                       std::vector<CrmResource>& out) {
  for (auto child : parent.children()) {
    std::string_view name = child.name();
    if (name == "resource") {
      out.push_back(resource_of(child, clone_id));
    } else if (name == "clone") {
      collect_resources(child, text(child, "id"), out);
    } else if (name == "group" || name == "bundle" || name == "replica") {
      collect_resources(child, clone_id, out);
    }
  }
}

}  // namespace

const CrmNode* CrmStatus::node(std::string_view name) const {
  for (const auto& n : nodes)
    if (n.name == name) return &n;
  return nullptr;
}

std::vector<const CrmResource*> CrmStatus::instances(std::string_view id) const {
  std::vector<const CrmResource*> out;
  for (const auto& r : resources)
    if (r.id == id) out.push_back(&r);
  return out;
}

Argv crm_mon_argv() {
  return {"crm_mon", "--one-shot", "--inactive", "--output-as=xml", "--fence-history=3"};
}

CrmStatus parse_crm_mon(std::string_view xml) {
  pugi::xml_document doc;
  auto loaded = doc.load_buffer(xml.data(), xml.size());
  if (!loaded)
    status::parse_error(kTool, std::string("XML (") + loaded.description() + ")", xml);
  auto root = doc.child("pacemaker-result");
  if (!root) status::parse_error(kTool, "a <pacemaker-result> document", xml);
  auto st = root.child("status");
  if (!st) status::parse_error(kTool, "<status code=...> in <pacemaker-result>", xml);

  CrmStatus out;
  auto code = status::to_int(st.attribute("code").value());
  if (!code) status::parse_error(kTool, "a numeric <status code>", st.attribute("code").value());
  out.status_code = static_cast<int>(*code);
  out.status_message = text(st, "message");
  for (auto e : st.child("errors").children("error")) out.errors.push_back(e.text().get());
  auto summary = root.child("summary");
  out.connected = out.status_code == 0 && summary;
  if (!out.connected) return out;

  auto dc = summary.child("current_dc");
  out.have_dc = flag(dc, "present");
  out.dc = out.have_dc ? text(dc, "name") : "";
  out.with_quorum = flag(dc, "with_quorum");
  out.pacemaker_version = text(dc, "version");

  for (auto n : root.child("nodes").children("node")) {
    CrmNode node;
    node.name = text(n, "name");
    node.id = text(n, "id");
    node.online = flag(n, "online");
    node.standby = flag(n, "standby");
    node.unclean = flag(n, "unclean");
    node.expected_up = flag(n, "expected_up");
    node.is_dc = flag(n, "is_dc");
    out.nodes.push_back(std::move(node));
  }
  collect_resources(root.child("resources"), "", out.resources);

  for (auto f : root.child("failures").children("failure")) {
    CrmFailure fail;
    fail.op_key = text(f, "op_key");
    fail.node = text(f, "node");
    fail.task = text(f, "task");
    fail.exitstatus = text(f, "exitstatus");
    fail.exitreason = text(f, "exitreason");
    fail.exitcode = f.attribute("exitcode").as_int();
    fail.status = text(f, "status");
    fail.last_rc_change = text(f, "last-rc-change");
    out.failures.push_back(std::move(fail));
  }
  for (auto e : root.child("fence_history").children("fence_event")) {
    FenceEvent ev;
    ev.action = text(e, "action");
    ev.target = text(e, "target");
    ev.executioner = text(e, "delegate");
    ev.origin = text(e, "origin");
    ev.client = text(e, "client");
    ev.status = text(e, "status");
    ev.completed = text(e, "completed");
    ev.exit_reason = text(e, "exit-reason");
    out.fence_history.push_back(std::move(ev));
  }
  return out;
}

std::optional<std::int64_t> parse_crm_time(const std::string& s) {
  std::tm tm{};
  int y, mo, d, h, mi, sec;
  char tail[64] = {0};
  if (std::sscanf(s.c_str(), "%d-%d-%d %d:%d:%d%63[^\n]", &y, &mo, &d, &h, &mi, &sec, tail) < 6)
    return std::nullopt;
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  std::int64_t ns = static_cast<std::int64_t>(timegm(&tm)) * 1'000'000'000;
  std::string t = tail;
  std::size_t i = 0;
  if (i < t.size() && t[i] == '.') {
    std::int64_t frac = 0, scale = 1'000'000'000;
    for (++i; i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])); ++i) {
      scale /= 10;
      frac += (t[i] - '0') * scale;
    }
    ns += frac;
  }
  while (i < t.size() && t[i] == ' ') ++i;
  int oh = 0, om = 0;
  if (i < t.size() && (t[i] == '+' || t[i] == '-') &&
      std::sscanf(t.c_str() + i + 1, "%d:%d", &oh, &om) >= 1) {
    std::int64_t off = (oh * 3600LL + om * 60LL) * 1'000'000'000;
    ns -= t[i] == '+' ? off : -off;
  }
  return ns;
}

}  // namespace harness
