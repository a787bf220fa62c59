#pragma once
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace harness {

// Creates <out>/<run-id>/ with a copy of the scenario (scenario.json, so `harness report` can
// judge the stored history again) and points <out>/latest at it. Throws Error naming the path.
// `lab_image`: the image the run boots; when it is not the file's (`harness run --image`), the
// copy says so, so that the run directory tells what ran.
std::filesystem::path create_run_directory(const std::filesystem::path& out,
                                           const std::string& run_id,
                                           const std::filesystem::path& scenario_file,
                                           const std::string& lab_image);

// <out>/latest → <out>/<name>, replaced atomically.
void update_latest_link(const std::filesystem::path& out, const std::string& name);

// <out>/<matrix_id>/: a matrix's own files and its run directories; <out>/latest points at it.
std::filesystem::path create_matrix_directory(const std::filesystem::path& out,
                                              const std::string& matrix_id);

// Writes <run_dir>/schedule.json (harness/scenario/schedule.hpp: schedule_json): the seed and the
// steps as drawn for this run. Throws Error naming the file.
void write_schedule_file(const std::filesystem::path& run_dir, const nlohmann::json& schedule);

}  // namespace harness
