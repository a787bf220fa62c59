#pragma once
// Files the harness installs in the guests as they are kept in the source tree (the OCF agent,
// the configfs helper, the observer script, the fio runner), so tests read the same bytes.
#include <string>

namespace harness {

// The text of HARNESS_SOURCE_DIR/relative_path; LabError if unreadable.
std::string read_shipped_file(const std::string& relative_path);

}  // namespace harness
