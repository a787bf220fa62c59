#pragma once
// Reads the threads of one host process from /proc/PID/task (or a recording laid out the same
// way, tests/data/host_sched/): each thread's schedstat and name. Called every 250 ms per guest,
// so a thread's name is read once (QEMU names a thread when it starts it) and kept in a cache.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "drivers/lab.hpp"

namespace harness {

// tid -> comm; the reader drops the tids that are gone.
using ThreadNames = std::map<std::int64_t, std::string>;

// Every thread under `task_dir` (".../task/<tid>/{schedstat,comm}"), ordered by tid; a thread
// that ends while it is being read is left out. nullopt when `task_dir` cannot be listed (the
// process is gone).
std::optional<std::vector<ThreadSched>> read_task_dir(const std::filesystem::path& task_dir,
                                                      ThreadNames* names = nullptr);

// /proc/<pid>/task.
std::filesystem::path proc_task_dir(std::int64_t pid);

}  // namespace harness
