#pragma once
// Files the harness installs in the guests (the OCF agent, the configfs helper, the observer
// script, the fio runner), read from the data directory: the installed copy, or the source tree
// for a build-tree binary, so tests read the same bytes the guests get.
#include <string>

namespace harness {

// The text of <data dir>/relative_path (harness/core/data_dir.hpp); LabError if unreadable.
std::string read_shipped_file(const std::string& relative_path);

}  // namespace harness
