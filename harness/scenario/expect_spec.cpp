// The "expect" section: the thresholds and outcomes the checkers hold the run to.
#include <algorithm>

#include <fmt/format.h>

#include "harness/scenario/json_reader.hpp"
#include "harness/scenario/scenario_sections.hpp"

namespace harness {
namespace {

// Only target nodes can be fenced; the initiator is not a cluster member.
const std::vector<std::string_view> kFenceable = {"active", "standby", "n1", "n2"};
const std::vector<std::string_view> kSurvivable = {"active", "standby", "n1", "n2", "initiator"};

}  // namespace

void read_expect(ScenarioDiagnostics& diag, const nlohmann::json& value,
                 const std::string& pointer, Expect& out) {
  JsonObjectReader r(diag, value, pointer, "the expected outcome");
  if (!r.is_object()) return;
  // Seconds, by name and by type: "30s", 30000 under path_switch_max_ms and the like are the
  // wrong unit, and both messages say which unit is meant.
  r.get("path_switch_max_s", true, NumberRule{0, true, 3600, "a number of seconds (path_switch_max_s)"},
        out.path_switch_max_s);
  r.get("io_errors_max", false, IntRule{0, std::numeric_limits<std::int64_t>::max(),
                                        "an integer number of I/O errors"},
        out.io_errors_max);
  r.get("integrity", false, {"intact", "any"}, out.integrity);
  r.get("reservations", false, {"kept", "lost"}, out.reservations);

  const std::string fenced_noun = "a list of the roles or nodes that must be fenced";
  const std::string survivors_noun = "a list of the roles or nodes that must be up at the end";
  bool lists_ok = true;
  if (const auto* v = r.field("fenced", true, fenced_noun + " ([] for none)")) {
    if (auto list = read_choice_list(diag, *v, r.child("fenced"), kFenceable, fenced_noun, true)) {
      out.fenced = std::move(*list);
    } else {
      lists_ok = false;
    }
  }
  if (const auto* v = r.field("survivors", true, survivors_noun)) {
    if (auto list =
            read_choice_list(diag, *v, r.child("survivors"), kSurvivable, survivors_noun, true)) {
      out.survivors = std::move(*list);
    } else {
      lists_ok = false;
    }
  }
  r.reject_unknown();

  if (!lists_ok) return;
  // A node cannot be both shot and expected alive. Roles and names may still alias at run time
  // (n1 may be the active node); that is resolved against the recorded roles, not here.
  for (std::size_t i = 0; i < out.survivors.size(); ++i) {
    const auto hit = std::find(out.fenced.begin(), out.fenced.end(), out.survivors[i]);
    if (hit == out.fenced.end()) continue;
    diag.error(json_pointer_child(r.child("survivors"), i),
               "a role or node that is not in expect.fenced",
               fmt::format("{} (also at {})", quote_for_message(out.survivors[i]),
                           json_pointer_child(r.child("fenced"),
                                              static_cast<std::size_t>(hit - out.fenced.begin()))));
  }
}

}  // namespace harness
