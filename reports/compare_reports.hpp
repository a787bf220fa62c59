#pragma once
// The outputs of `harness compare` (docs/COMPARE.md): an aligned table for the terminal, the
// JSON document `harness-compare/1`, and an HTML page in the style of report.html.
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "reports/compare.hpp"

namespace harness {

// The two sides, one line per scenario and metric (regressions marked), the package diffs, the
// notes and a result line.
std::string render_compare_text(const Comparison& c);

// {"format": "harness-compare/1", ...}: every value of the comparison.
nlohmann::json compare_json(const Comparison& c);

// One self-contained page; written whole or not at all. Throws harness::Error naming the file.
void write_compare_html(const Comparison& c, const std::filesystem::path& file);

}  // namespace harness
