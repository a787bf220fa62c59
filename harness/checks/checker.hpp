#pragma once
// Checkers read the History only (never a node) and return a verdict with numbers and the
// events that justify it.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/history/history.hpp"
#include "harness/scenario/scenario.hpp"

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

class Checker {
 public:
  virtual ~Checker() = default;
  virtual std::string name() const = 0;
  virtual CheckResult check(const History& history) const = 0;
};

// The three checks, configured by the scenario's expectations.
std::vector<std::unique_ptr<Checker>> make_checkers(const Expect& expect);

}  // namespace harness
