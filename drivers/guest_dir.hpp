#pragma once
// A working directory the harness owns in a guest (fio's, the ledger's), and the constant shell
// scripts run there: paths and names travel as positional parameters, never as code.
#include <initializer_list>
#include <string>
#include <string_view>

#include "drivers/deploy_plan.hpp"

namespace harness {

// sh -c BODY sh ARGS...: BODY is a constant, ARGS are $1, $2...
Argv sh_script(const char* body, std::initializer_list<std::string> args);

// The directory emptied (rm -rf) and created again.
Argv fresh_dir_argv(const std::string& dir);

// LabError unless `dir` is an absolute path of safe characters whose last component starts
// with `prefix` (it is emptied with rm -rf: only ever one of ours). `what` names it in errors.
void check_owned_dir(const std::string& dir, std::string_view prefix, std::string_view what);

}  // namespace harness
