#pragma once
// What a check says about a run: a verdict with numbers and the events that justify it. A core
// type because the runner, the checks and the reports all carry it.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace harness {

enum class Verdict { pass, fail, unknown };
std::string_view to_string(Verdict v);

struct CheckResult {
  std::string name;                                   // path_switch | integrity | fencing
  Verdict verdict = Verdict::unknown;
  std::string summary;                                // one line a storage engineer reads first
  nlohmann::json metrics = nlohmann::json::object();  // numbers, in seconds / counts
  nlohmann::json evidence = nlohmann::json::array();  // the events used, as in history.jsonl
};
void to_json(nlohmann::json& j, const CheckResult& r);

}  // namespace harness
