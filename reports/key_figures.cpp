#include "reports/key_figures.hpp"

#include <fmt/format.h>

#include "reports/text_util.hpp"

namespace harness {
namespace {

using nlohmann::json;

bool has_num(const json& m, const char* k) { return m.contains(k) && m[k].is_number(); }
double num(const json& m, const char* k) { return has_num(m, k) ? m[k].get<double>() : 0.0; }

std::vector<std::string> path_switch(const json& m) {
  std::vector<std::string> out;
  if (has_num(m, "longest_stall_s"))
    out.push_back(fmt::format("longest stall {:.3f} s{}{}", num(m, "longest_stall_s"),
                              has_num(m, "path_switch_max_s")
                                  ? fmt::format(" (limit {:g} s)", num(m, "path_switch_max_s"))
                                  : "",
                              m.value("resumed", true) ? "" : ", I/O never resumed"));
  if (has_num(m, "time_to_first_io_s"))
    out.push_back(fmt::format("first I/O {:.3f} s after the fault", num(m, "time_to_first_io_s")));
  if (m.contains("released_by_step") && m["released_by_step"].is_string())
    out.push_back(fmt::format("released by the {} step at +{:.3f} s ({})",
                              m["released_by_step"].get<std::string>(), num(m, "released_by_s"),
                              m.value("released_by", "")));
  if (m.contains("alua_survivor_optimized") && m["alua_survivor_optimized"].is_boolean())
    out.push_back(m["alua_survivor_optimized"].get<bool>() ? "survivor active/optimized"
                                                           : "survivor NOT active/optimized");
  return out;
}

std::vector<std::string> fencing(const json& m) {
  std::vector<std::string> out;
  if (m.contains("nodes") && m["nodes"].is_object())
    for (const auto& [node, n] : m["nodes"].items()) {
      std::string s = fmt::format("{} fenced {}x", node, n.value("cluster_successes", 0));
      if (n.contains("fenced_after_fault_s") && n["fenced_after_fault_s"].is_number())
        s += fmt::format(" at +{:.3f} s", n["fenced_after_fault_s"].get<double>());
      if (n.contains("executioners") && n["executioners"].is_array() && !n["executioners"].empty())
        s += " by " + json_scalar_text(n["executioners"][0]);
      if (n.contains("resume_margin_s") && n["resume_margin_s"].is_number())
        s += fmt::format(", I/O resumed {:+.3f} s after", n["resume_margin_s"].get<double>());
      out.push_back(s);
    }
  if (m.contains("unexpected_fenced") && m["unexpected_fenced"].is_array() &&
      !m["unexpected_fenced"].empty())
    out.push_back("unexpected fencing: " + m["unexpected_fenced"].dump());
  if (out.empty() && has_num(m, "fence_successes"))
    out.push_back(fmt::format("{:g} fencings, {:g} failed", num(m, "fence_successes"),
                              num(m, "fence_failures")));
  return out;
}

std::vector<std::string> integrity(const json& m) {
  std::vector<std::string> out;
  if (has_num(m, "io_errors")) out.push_back(fmt::format("{:g} I/O errors", num(m, "io_errors")));
  if (has_num(m, "fio_verify_errors"))
    out.push_back(fmt::format("{:g} verify errors", num(m, "fio_verify_errors")));
  if (m.contains("readback_ok") && m["readback_ok"].is_boolean())
    out.push_back(fmt::format("read-back {} ({:g} errors)", m["readback_ok"].get<bool>() ? "ok" : "FAILED",
                              num(m, "readback_errors")));
  if (has_num(m, "out_of_sync_kib"))
    out.push_back(fmt::format("DRBD out of sync {:g} KiB", num(m, "out_of_sync_kib")));
  return out;
}

}  // namespace

std::vector<std::string> key_figures(const CheckResult& c) {
  const json& m = c.metrics;
  if (c.name == "path_switch") return path_switch(m);
  if (c.name == "fencing") return fencing(m);
  if (c.name == "integrity") return integrity(m);
  std::vector<std::string> out;
  for (const auto& [k, v] : flatten_metrics(m)) {
    if (out.size() >= 4) break;
    out.push_back(k + " = " + v);
  }
  return out;
}

std::vector<const CheckResult*> checks_by_urgency(const std::vector<CheckResult>& checks) {
  std::vector<const CheckResult*> out;
  for (Verdict v : {Verdict::fail, Verdict::unknown, Verdict::pass})
    for (const auto& c : checks)
      if (c.verdict == v) out.push_back(&c);
  return out;
}

}  // namespace harness
