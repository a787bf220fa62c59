#pragma once
// result.json's reading and writing of a RunReport (harness/core/run_report.hpp).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/core/run_report.hpp"

namespace harness {

void to_json(nlohmann::json& j, const PhaseRecord& p);
void to_json(nlohmann::json& j, const RunReport& r);
void from_json(const nlohmann::json& j, RunReport& r);
// Added by the report writers (reports/run_report.cpp): the strict readers behind
// read_result_json. They throw harness::Error whose message starts with the JSON pointer of the
// offending value ("/checks/0/verdict: expected ..."); read_result_json prefixes the file.
void from_json(const nlohmann::json& j, PhaseRecord& p);

}  // namespace harness
