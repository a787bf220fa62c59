// `sg_rtpg --decode` into TargetPortGroup records.
#include "drivers/multipath/rtpg.hpp"

#include "drivers/parse_util.hpp"

namespace harness {
namespace {

constexpr std::string_view kTool = "sg_rtpg";

// "<label> : <value>..." -> the first word of value as a number (hex or decimal).
int labelled_number(std::string_view line, std::string_view what) {
  auto colon = line.find(':');
  auto words = status::split_words(line.substr(colon + 1));
  if (colon == std::string_view::npos || words.empty()) status::parse_error(kTool, what, line);
  // "0x1 ," in the id line: strip a trailing comma if glued to the number.
  auto w = words[0];
  if (w.ends_with(',')) w.remove_suffix(1);
  auto v = status::to_int_auto(w);
  if (!v || *v < 0) status::parse_error(kTool, what, line);
  return static_cast<int>(*v);
}

}  // namespace

Argv sg_rtpg_argv(const std::string& device) { return {"sg_rtpg", "--decode", device}; }

std::vector<TargetPortGroup> parse_rtpg(std::string_view text) {
  std::vector<TargetPortGroup> out;
  bool have_header = false;
  int ports_due = 0;        // from "target port count"
  bool have_state = false;
  for (auto raw : status::split_lines(text)) {
    auto line = status::trim(raw);
    if (line.empty()) continue;
    if (line.starts_with("Report target port groups")) {
      have_header = true;
    } else if (line.starts_with("target port group id")) {
      if (!out.empty() && !have_state)
        status::parse_error(kTool, "an asymmetric access state line", line);
      TargetPortGroup g;
      g.id = labelled_number(line, "\"target port group id : 0x<n>\"");
      g.preferred = line.find("Pref=1") != std::string_view::npos;
      out.push_back(std::move(g));
      have_state = false;
      ports_due = 0;
    } else if (out.empty()) {
      continue;  // verbose preamble ("Report list length = ...") before the first group
    } else if (line.starts_with("target port group asymmetric access state")) {
      auto& g = out.back();
      g.state_code = labelled_number(line, "\"asymmetric access state : 0x<n>\"");
      g.state = static_cast<AluaState>(g.state_code);
      have_state = true;
    } else if (line.starts_with("status code")) {
      out.back().status_code = labelled_number(line, "\"status code : 0x<n>\"");
    } else if (line.starts_with("target port count")) {
      // Printed as "%02x": hexadecimal without the 0x prefix.
      auto colon = line.find(':');
      auto words = status::split_words(line.substr(colon + 1));
      auto v = words.empty() ? std::nullopt : status::to_int_auto("0x" + std::string(words[0]));
      if (!v) status::parse_error(kTool, "\"target port count : <hex>\"", line);
      ports_due = static_cast<int>(*v);
    } else if (line.starts_with("0x") && ports_due > 0) {
      auto v = status::to_int_auto(line);
      if (!v) status::parse_error(kTool, "a relative target port id", line);
      out.back().relative_port_ids.push_back(static_cast<int>(*v));
      --ports_due;
    }
  }
  if (!have_header || out.empty())
    status::parse_error(kTool, "\"Report target port groups:\" and at least one group", text);
  if (!have_state) status::parse_error(kTool, "an asymmetric access state line", "end of text");
  if (ports_due > 0) status::parse_error(kTool, "all relative target port ids", "end of text");
  return out;
}

std::map<std::string, AluaState> groups_by_node(const std::vector<TargetPortGroup>& groups,
                                                const std::map<int, std::string>& node_by_id) {
  std::map<std::string, AluaState> out;
  for (const auto& g : groups) {
    if (g.relative_port_ids.empty()) continue;
    auto it = node_by_id.find(g.id);
    out[it != node_by_id.end() ? it->second : "tg_pt_gp " + std::to_string(g.id)] = g.state;
  }
  return out;
}

std::map<std::string, AluaState> groups_by_node(const std::vector<TargetPortGroup>& groups,
                                                const DeployTopology& topo) {
  std::map<int, std::string> ids;
  for (const auto& t : topo.targets) ids[t.nodeid] = t.name;
  return groups_by_node(groups, ids);
}

}  // namespace harness
