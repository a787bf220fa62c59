// result.json, the machine-readable verdict of one run. The full check results are the
// authority; "verdicts" and "metrics" are derived copies at the top level so that
// `jq .verdicts` works without knowing the layout. Reading is strict: a wrong type or a missing
// key is an error naming the JSON pointer, because a silently defaulted verdict would lie.
#include "reports/run_report.hpp"

#include <string_view>

#include <fmt/format.h>

#include "harness/core/errors.hpp"
#include "reports/text_util.hpp"

namespace harness {

namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "harness-result/1";

[[noreturn]] void bad(const std::string& ptr, std::string_view expected, const json& found) {
  std::string shown = found.dump(-1, ' ', false, json::error_handler_t::replace);
  if (shown.size() > 60) shown = shown.substr(0, 57) + "...";
  throw Error(fmt::format("{}: expected {}, found {}", ptr.empty() ? "/" : ptr, expected, shown));
}

// The member `key` of object `o` (at pointer `at`), or nullptr when absent and optional.
const json* member(const json& o, const std::string& at, const char* key, bool required) {
  if (!o.is_object()) bad(at, "an object", o);
  auto it = o.find(key);
  if (it == o.end()) {
    if (required) throw Error(fmt::format("{}/{}: missing (required)", at, key));
    return nullptr;
  }
  return &*it;
}

std::string get_string(const json& o, const std::string& at, const char* key, bool required) {
  const json* v = member(o, at, key, required);
  if (!v) return {};
  if (!v->is_string()) bad(at + "/" + key, "a string", *v);
  return v->get<std::string>();
}

double get_double(const json& o, const std::string& at, const char* key, bool required) {
  const json* v = member(o, at, key, required);
  if (!v) return 0;
  if (!v->is_number()) bad(at + "/" + key, "a number", *v);
  return v->get<double>();
}

std::int64_t get_int(const json& o, const std::string& at, const char* key, bool required) {
  const json* v = member(o, at, key, required);
  if (!v) return 0;
  if (!v->is_number_integer()) bad(at + "/" + key, "an integer", *v);
  return v->get<std::int64_t>();
}

std::uint64_t get_u64(const json& o, const std::string& at, const char* key, bool required) {
  const json* v = member(o, at, key, required);
  if (!v) return 0;
  if (v->is_number_unsigned()) return v->get<std::uint64_t>();
  if (v->is_number_integer() && v->get<std::int64_t>() >= 0) return v->get<std::uint64_t>();
  bad(at + "/" + key, "a non-negative integer", *v);
}

const json& get_array(const json& o, const std::string& at, const char* key) {
  static const json empty = json::array();
  const json* v = member(o, at, key, false);
  if (!v) return empty;
  if (!v->is_array()) bad(at + "/" + key, "an array", *v);
  return *v;
}

Verdict parse_verdict(const json& o, const std::string& at) {
  const std::string s = get_string(o, at, "verdict", true);
  for (Verdict v : {Verdict::pass, Verdict::fail, Verdict::unknown})
    if (to_string(v) == s) return v;
  bad(at + "/verdict", "one of pass, fail, unknown", json(s));
}

void read_phase(const json& j, const std::string& at, PhaseRecord& p) {
  p.name = get_string(j, at, "name", true);
  p.state = get_string(j, at, "state", true);
  p.duration_s = get_double(j, at, "duration_s", false);
  p.error = get_string(j, at, "error", false);
}

void read_check(const json& j, const std::string& at, CheckResult& c) {
  c.name = get_string(j, at, "name", true);
  c.verdict = parse_verdict(j, at);
  c.summary = get_string(j, at, "summary", false);
  if (const json* m = member(j, at, "metrics", false)) {
    if (!m->is_object()) bad(at + "/metrics", "an object", *m);
    c.metrics = *m;
  }
  c.evidence = get_array(j, at, "evidence");
}

}  // namespace

void to_json(json& j, const PhaseRecord& p) {
  j = json{{"name", p.name}, {"state", p.state}, {"duration_s", p.duration_s}};
  if (!p.error.empty()) j["error"] = p.error;
}

void from_json(const json& j, PhaseRecord& p) { read_phase(j, "", p); }

void to_json(json& j, const RunReport& r) {
  json verdicts = json::object();
  json metrics = json::object();
  for (const auto& c : r.checks) {
    verdicts[c.name] = to_string(c.verdict);
    metrics[c.name] = c.metrics;
  }
  j = json{{"format", kFormat},
           {"run_id", r.run_id},
           {"scenario", r.scenario_name},
           {"scenario_file", r.scenario_file},
           {"description", r.description},
           {"seed", r.seed},
           {"started", utc_human(r.started_realtime_ns)},
           {"started_realtime_ns", r.started_realtime_ns},
           {"duration_s", r.duration_s},
           {"exit_code", r.exit_code},
           {"error", r.error},
           {"lab", r.lab},
           {"lab_mode", r.lab_mode},
           {"suspect", r.suspect},
           {"suspect_reason", r.suspect_reason},
           {"verdicts", std::move(verdicts)},
           {"metrics", std::move(metrics)},
           {"checks", r.checks},
           {"phases", r.phases},
           {"versions", r.versions}};
}

void from_json(const json& j, RunReport& r) {
  if (!j.is_object()) bad("", "an object (a harness result.json)", j);
  // Older or newer layouts get a clear message instead of a half-read report.
  if (const json* f = member(j, "", "format", false); f && *f != kFormat)
    bad("/format", fmt::format("\"{}\"", kFormat), *f);
  RunReport out;
  out.run_id = get_string(j, "", "run_id", true);
  out.scenario_name = get_string(j, "", "scenario", true);
  out.scenario_file = get_string(j, "", "scenario_file", false);
  out.description = get_string(j, "", "description", false);
  out.seed = get_u64(j, "", "seed", true);
  out.started_realtime_ns = get_int(j, "", "started_realtime_ns", false);
  out.duration_s = get_double(j, "", "duration_s", false);
  const std::int64_t code = get_int(j, "", "exit_code", true);
  if (code < 0 || code > 3) bad("/exit_code", "0, 1, 2 or 3", j.at("exit_code"));
  out.exit_code = static_cast<int>(code);
  out.error = get_string(j, "", "error", false);
  out.lab = get_string(j, "", "lab", false);
  out.lab_mode = get_string(j, "", "lab_mode", false);
  if (const json* v = member(j, "", "suspect", false)) {
    if (!v->is_boolean()) bad("/suspect", "true or false", *v);
    out.suspect = v->get<bool>();
  }
  out.suspect_reason = get_string(j, "", "suspect_reason", false);
  const json& phases = get_array(j, "", "phases");
  for (std::size_t i = 0; i < phases.size(); ++i)
    read_phase(phases[i], fmt::format("/phases/{}", i), out.phases.emplace_back());
  const json& checks = get_array(j, "", "checks");
  for (std::size_t i = 0; i < checks.size(); ++i)
    read_check(checks[i], fmt::format("/checks/{}", i), out.checks.emplace_back());
  if (const json* v = member(j, "", "versions", false)) {
    if (!v->is_object()) bad("/versions", "an object", *v);
    out.versions = *v;
  }
  r = std::move(out);
}

}  // namespace harness
