// result.json on disk: pretty-printed (people read it in a terminal), invalid UTF-8 from node
// output replaced rather than failing the whole report.
#include <fmt/format.h>

#include "harness/core/errors.hpp"
#include "reports/file_output.hpp"
#include "reports/json_fields.hpp"
#include "reports/writers.hpp"

namespace harness {

void write_result_json(const RunReport& report, const std::filesystem::path& path) {
  const nlohmann::json j = report;
  std::string text = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  text += '\n';
  write_file_atomically(path, text);
}

RunReport read_result_json(const std::filesystem::path& path) {
  const nlohmann::json j = json_fields::parse_file(path.string());
  try {
    return j.get<RunReport>();
  } catch (const Error& e) {
    throw Error(fmt::format("{}: {}", path.string(), e.what()));
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("{}: {}", path.string(), e.what()));
  }
}

}  // namespace harness
