#include "harness/core/check_result.hpp"

namespace harness {

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::pass: return "pass";
    case Verdict::fail: return "fail";
    case Verdict::unknown: return "unknown";
  }
  return "unknown";
}

void to_json(nlohmann::json& j, const CheckResult& r) {
  j = nlohmann::json{{"name", r.name},
                     {"verdict", to_string(r.verdict)},
                     {"summary", r.summary},
                     // A check that measured nothing (or cites nothing) still writes an
                     // object (an array), as result.json's reader requires.
                     {"metrics", r.metrics.is_null() ? nlohmann::json::object() : r.metrics},
                     {"evidence", r.evidence.is_null() ? nlohmann::json::array() : r.evidence}};
}

}  // namespace harness
