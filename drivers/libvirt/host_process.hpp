#pragma once
// Processes the lab runs on the host for fencing (the fence sshd, fence_virtd, ipmi_sim): read
// from /proc, started detached, stopped with their children. They are never found by name
// alone: callers match the executable and a run's config path in the command line.
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "harness/core/deadline.hpp"

namespace harness::lab {

std::vector<std::int64_t> all_pids();
// The executable's file name ("sshd", "ipmi_sim"; "x (deleted)" after an upgrade); "" if gone.
std::string exe_name(std::int64_t pid);
// The command line of `pid` with NULs as spaces ("" if gone).
std::string process_cmdline(std::int64_t pid);
// Alive and not a zombie (PID 1 here may never reap what a daemon left to it).
bool process_running(std::int64_t pid);
std::int64_t parent_pid(std::int64_t pid);
// The first number in the file; 0 if missing or malformed.
std::int64_t read_pid_file(const std::filesystem::path& p);

// Starts argv detached (own session, reparented to init): stdin /dev/null, stdout and stderr
// appended to `log`, environment `env` only ("NAME=value"). Returns the pid. LabError if the
// program cannot be executed.
std::int64_t spawn_detached(const std::vector<std::string>& argv, const std::filesystem::path& log,
                            const std::vector<std::string>& env);

// SIGTERM to `roots` and all their descendants, SIGKILL after 3 s to what is left. Returns how
// many descendants there were; a process that survives SIGKILL is named in `errors`.
std::size_t stop_process_trees(const std::set<std::int64_t>& roots, const std::string& what,
                               std::vector<std::string>& errors);

}  // namespace harness::lab
