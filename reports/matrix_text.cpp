#include "reports/matrix_text.hpp"

#include <cmath>

#include <fmt/format.h>

#include "harness/core/matrix_verdict.hpp"

namespace harness {

std::string_view verdict_label(int exit_code) {
  switch (exit_code) {
    case 0: return "PASS";
    case 1: return "FAIL";
    case 2: return "ERROR";
    default: return "INFRA";
  }
}

std::string_view verdict_word(int exit_code) {
  switch (exit_code) {
    case 0: return "pass";
    case 1: return "fail";
    case 2: return "scenario_error";
    default: return "infrastructure_error";
  }
}

std::string_view outcome_words(int exit_code) {
  switch (exit_code) {
    case 0: return "pass";
    case 1: return "fail";
    case 2: return "scenario error";
    default: return "infrastructure error";
  }
}

std::string pass_count(const ScenarioOutcome& s) {
  const RepeatCounts c = count_repeats(s);
  std::string out = fmt::format("pass {}/{}", c.passes, c.passes + c.fails);
  if (c.errors > 0) out += fmt::format(" +{} error{}", c.errors, c.errors == 1 ? "" : "s");
  return out;
}

std::string marks(const ScenarioOutcome& s) {
  std::string out;
  if (s.flake) out += "FLAKE";
  if (has_suspect(s)) out += out.empty() ? "SUSPECT" : " SUSPECT";
  return out;
}

std::string human_duration(double seconds) {
  if (!(seconds >= 0)) seconds = 0;
  if (seconds < 60) return fmt::format("{:.1f} s", seconds);
  const auto total = static_cast<long long>(std::llround(seconds));
  const long long h = total / 3600, m = (total % 3600) / 60, s = total % 60;
  if (h == 0) return fmt::format("{} min {:02} s", m, s);
  return fmt::format("{} h {:02} min {:02} s", h, m, s);
}

std::string repeat_line(const RepeatOutcome& r) {
  std::string out = fmt::format("repeat {}  {}  {:.3f} s  seed {}", r.repeat,
                                outcome_words(r.exit_code), r.duration_s, r.seed);
  if (!r.lab_mode.empty()) out += "  " + r.lab_mode;
  out += "  " + (r.run_dir.empty() ? std::string("(no run directory)") : r.run_dir);
  if (r.retry) out += "  retry";
  if (r.suspect) out += "  SUSPECT: " + r.suspect_reason;
  return out;
}

std::string suspect_reasons(const ScenarioOutcome& s) {
  std::string out;
  for (const auto& r : s.repeats)
    if (r.suspect)
      out += fmt::format("{}repeat {}: {}", out.empty() ? "" : "; ", r.repeat,
                         r.suspect_reason.empty() ? "no reason recorded" : r.suspect_reason);
  return out;
}

std::string deploy_key_of(const ScenarioOutcome& s) {
  for (const auto& r : s.repeats)
    if (!r.deploy_key.empty()) return r.deploy_key;
  return {};
}

}  // namespace harness
