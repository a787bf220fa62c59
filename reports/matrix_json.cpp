// matrix.json on disk. Reading is as strict as result.json's (reports/json_fields.hpp): a merged
// nightly report built from a half-understood shard would claim verdicts nobody decided.
#include "reports/matrix_json.hpp"

#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "harness/core/errors.hpp"
#include "harness/core/matrix_verdict.hpp"
#include "reports/file_output.hpp"
#include "reports/json_fields.hpp"
#include "reports/matrix_text.hpp"
#include "reports/text_util.hpp"

namespace harness {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace json_fields;

constexpr std::string_view kFormat = "harness-matrix/1";

fs::path absolute_normal(const fs::path& p) {
  fs::path a = fs::absolute(p).lexically_normal();
  if (!a.has_filename() && a.has_parent_path() && a != a.root_path()) a = a.parent_path();
  return a;
}

std::string stored_run_dir(const std::string& run_dir, const fs::path& base) {
  if (run_dir.empty()) return {};
  const fs::path rel = absolute_normal(run_dir).lexically_relative(absolute_normal(base));
  return rel.empty() ? absolute_normal(run_dir).string() : rel.generic_string();
}

std::string resolved_run_dir(const std::string& stored, const fs::path& base) {
  if (stored.empty()) return {};
  const fs::path p(stored);
  if (p.is_absolute() || base.empty()) return p.lexically_normal().string();
  return (base / p).lexically_normal().string();
}

json repeat_json(const RepeatOutcome& r, const fs::path& base) {
  return json{{"repeat", r.repeat},
              {"run_id", r.run_id},
              {"run_dir", stored_run_dir(r.run_dir, base)},
              {"seed", r.seed},
              {"exit_code", r.exit_code},
              {"verdict", verdict_word(r.exit_code)},
              {"duration_s", r.duration_s},
              {"suspect", r.suspect},
              {"suspect_reason", r.suspect_reason},
              {"retry", r.retry},
              {"lab_mode", r.lab_mode},
              {"deploy_key", r.deploy_key}};
}

json scenario_json(const ScenarioOutcome& s, const fs::path& base) {
  const RepeatCounts c = count_repeats(s);
  json repeats = json::array();
  for (const auto& r : s.repeats) repeats.push_back(repeat_json(r, base));
  return json{{"scenario", s.scenario},
              {"file", s.file},
              {"exit_code", s.exit_code},
              {"verdict", verdict_word(s.exit_code)},
              {"flake", s.flake},
              {"pass_rate", s.pass_rate},
              {"suspect", c.suspects > 0},
              {"passes", c.passes},
              {"fails", c.fails},
              {"errors", c.errors},
              {"repeats", std::move(repeats)}};
}

int read_exit_code(const json& o, const std::string& at) {
  const std::int64_t code = get_int(o, at, "exit_code", true);
  if (code < 0 || code > 3) bad(at + "/exit_code", "0, 1, 2 or 3", o.at("exit_code"));
  return static_cast<int>(code);
}

int read_positive(const json& o, const std::string& at, const char* key, bool required, int dflt) {
  if (!member(o, at, key, required)) return dflt;
  const std::int64_t v = get_int(o, at, key, true);
  if (v < 1 || v > 1'000'000) bad(at + "/" + key, "an integer from 1 to 1000000", o.at(key));
  return static_cast<int>(v);
}

RepeatOutcome read_repeat(const json& j, const std::string& at, const fs::path& base) {
  RepeatOutcome r;
  r.repeat = read_positive(j, at, "repeat", true, 1);
  r.run_id = get_string(j, at, "run_id", false);
  r.run_dir = resolved_run_dir(get_string(j, at, "run_dir", true), base);
  r.seed = get_u64(j, at, "seed", false);
  r.exit_code = read_exit_code(j, at);
  r.duration_s = get_double(j, at, "duration_s", false);
  r.suspect = get_bool(j, at, "suspect", false);
  r.suspect_reason = get_string(j, at, "suspect_reason", false);
  r.retry = get_bool(j, at, "retry", false);
  r.lab_mode = get_string(j, at, "lab_mode", false);
  r.deploy_key = get_string(j, at, "deploy_key", false);
  return r;
}

ScenarioOutcome read_scenario(const json& j, const std::string& at, const fs::path& base) {
  ScenarioOutcome s;
  s.scenario = get_string(j, at, "scenario", true);
  if (s.scenario.empty()) bad(at + "/scenario", "a scenario name", j.at("scenario"));
  s.file = get_string(j, at, "file", false);
  s.exit_code = read_exit_code(j, at);
  s.flake = get_bool(j, at, "flake", false);
  s.pass_rate = get_double(j, at, "pass_rate", false);
  if (!member(j, at, "repeats", true)->is_array())
    bad(at + "/repeats", "an array", j.at("repeats"));
  const json& repeats = j.at("repeats");
  for (std::size_t i = 0; i < repeats.size(); ++i)
    s.repeats.push_back(read_repeat(repeats[i], fmt::format("{}/repeats/{}", at, i), base));
  return s;
}

MatrixResult read_matrix(const json& j, const fs::path& base) {
  if (!j.is_object()) bad("", "an object (a harness matrix.json)", j);
  const json* f = member(j, "", "format", true);
  if (*f != kFormat) bad("/format", fmt::format("\"{}\"", kFormat), *f);
  MatrixResult m;
  m.matrix_id = get_string(j, "", "matrix_id", true);
  m.seed = get_u64(j, "", "seed", false);
  if (const json* shard = member(j, "", "shard", false)) {
    m.shard_index = read_positive(*shard, "/shard", "index", true, 1);
    m.shard_count = read_positive(*shard, "/shard", "count", true, 1);
    if (m.shard_index > m.shard_count)
      bad("/shard/index", fmt::format("at most /shard/count ({})", m.shard_count),
          shard->at("index"));
  }
  m.repeat = read_positive(j, "", "repeat", false, 1);
  if (member(j, "", "pass_rate_required", false)) {
    m.pass_rate_required = get_double(j, "", "pass_rate_required", true);
    if (m.pass_rate_required < 0 || m.pass_rate_required > 1)
      bad("/pass_rate_required", "a number from 0 to 1", j.at("pass_rate_required"));
  }
  m.started_realtime_ns = get_int(j, "", "started_realtime_ns", false);
  m.duration_s = get_double(j, "", "duration_s", false);
  if (!member(j, "", "scenarios", true)->is_array())
    bad("/scenarios", "an array", j.at("scenarios"));
  const json& scenarios = j.at("scenarios");
  for (std::size_t i = 0; i < scenarios.size(); ++i)
    m.scenarios.push_back(read_scenario(scenarios[i], fmt::format("/scenarios/{}", i), base));
  return m;
}

}  // namespace

void write_matrix_json(const MatrixResult& m, const std::filesystem::path& file) {
  const fs::path base = file.has_parent_path() ? file.parent_path() : fs::path(".");
  const MatrixTotals t = matrix_totals(m);
  json scenarios = json::array();
  for (const auto& s : m.scenarios) scenarios.push_back(scenario_json(s, base));
  const json j{{"format", kFormat},
               {"matrix_id", m.matrix_id},
               {"seed", m.seed},
               {"shard", {{"index", m.shard_index}, {"count", m.shard_count}}},
               {"repeat", m.repeat},
               {"pass_rate_required", m.pass_rate_required},
               {"started", utc_human(m.started_realtime_ns)},
               {"started_realtime_ns", m.started_realtime_ns},
               {"duration_s", m.duration_s},
               {"exit_code", matrix_exit(m)},
               {"totals",
                {{"scenarios", t.scenarios},
                 {"passed", t.passed},
                 {"failed", t.failed},
                 {"errors", t.errors},
                 {"flakes", t.flakes},
                 {"suspects", t.suspects},
                 {"runs", t.runs},
                 {"run_time_s", t.run_time_s}}},
               {"scenarios", std::move(scenarios)}};
  std::string text = j.dump(2, ' ', false, json::error_handler_t::replace);
  text += '\n';
  write_file_atomically(file, text);
}

MatrixResult read_matrix_json(const std::filesystem::path& file) {
  const json j = parse_file(file.string());
  try {
    return read_matrix(j, file.parent_path());
  } catch (const Error& e) {
    throw Error(fmt::format("{}: {}", file.string(), e.what()));
  } catch (const json::exception& e) {
    throw Error(fmt::format("{}: {}", file.string(), e.what()));
  }
}

}  // namespace harness
