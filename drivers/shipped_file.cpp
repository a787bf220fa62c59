#include "drivers/shipped_file.hpp"

#include <fstream>
#include <sstream>

#include "harness/core/errors.hpp"

namespace harness {

std::string read_shipped_file(const std::string& relative_path) {
  std::string path = std::string(HARNESS_SOURCE_DIR) + "/" + relative_path;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LabError("deploy: cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace harness
