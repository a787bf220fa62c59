#include "drivers/shipped_file.hpp"

#include <fstream>
#include <sstream>

#include "harness/core/data_dir.hpp"
#include "harness/core/errors.hpp"

namespace harness {

std::string read_shipped_file(const std::string& relative_path) {
  const std::string path = data_path(relative_path).string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LabError("deploy: cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace harness
