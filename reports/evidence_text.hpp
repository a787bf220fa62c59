#pragma once
// Checker evidence (events as in history.jsonl) as plain text, one line per event, with times in
// seconds relative to the first fault: "+1.234 s  io  write  initiator  {...}". Used by JUnit
// failure bodies and the HTML evidence blocks, so both read the same.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/checks/checker.hpp"

namespace harness {

struct TimeBase {
  std::int64_t t_ns = 0;
  std::string label;  // what t = 0 is, e.g. "first fault: inject link_cut on n1"
};

// The earliest inject event in any check's evidence; failing that the earliest evidence event;
// failing that 0 ("no timed evidence").
TimeBase evidence_time_base(const std::vector<CheckResult>& checks);
// The same from a full history's events (the HTML page has the History itself).
TimeBase fault_time_base(const std::vector<Event>& events);

std::string evidence_line(const nlohmann::json& event, std::int64_t base_ns);
// Header line naming the base, then at most `max_lines` events, then "... N more" if cut.
std::string evidence_text(const nlohmann::json& evidence, const TimeBase& base,
                          std::size_t max_lines = 5000);

}  // namespace harness
