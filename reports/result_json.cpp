// result.json on disk: pretty-printed (people read it in a terminal), invalid UTF-8 from node
// output replaced rather than failing the whole report.
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "harness/core/errors.hpp"
#include "reports/file_output.hpp"
#include "reports/writers.hpp"

namespace harness {

void write_result_json(const RunReport& report, const std::filesystem::path& path) {
  const nlohmann::json j = report;
  std::string text = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  text += '\n';
  write_file_atomically(path, text);
}

RunReport read_result_json(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("{}: cannot open", path.string()));
  std::stringstream buf;
  buf << in.rdbuf();
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(buf.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(fmt::format("{}: not valid JSON: {}", path.string(), e.what()));
  }
  try {
    return j.get<RunReport>();
  } catch (const Error& e) {
    throw Error(fmt::format("{}: {}", path.string(), e.what()));
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("{}: {}", path.string(), e.what()));
  }
}

}  // namespace harness
