#pragma once
// Shared by the report tests and the benchmark: a run with a path switch (a 4.2 s stall after a
// link cut at +20 s), one failed and one undecided check, strings that break naive escaping,
// and a way to run xmllint without a shell.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "harness/core/history.hpp"
#include "reports/run_report.hpp"

extern char** environ;

namespace harness::testing {

inline constexpr std::int64_t kSec = 1'000'000'000;
inline constexpr std::int64_t kT0 = 1'000 * kSec;  // monotonic time of the workload start
// Quotes, markup, an entity lookalike, a newline, a tab, non-ASCII and a CDATA end.
inline const std::string kNasty = "a\"b'<c>&amp; d\nline2\tü €  ]]> 🚀";

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fresh directory per test under the build's temp area.
inline std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("harness-report-test-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline nlohmann::json ev(std::int64_t t, const char* kind, const char* node, const char* what,
                         nlohmann::json data = nlohmann::json::object()) {
  nlohmann::json j = {{"t_ns", t}, {"kind", kind}, {"what", what}};
  if (*node) j["node"] = node;
  if (!data.empty()) j["data"] = std::move(data);
  return j;
}

inline RunReport sample_report() {
  RunReport r;
  r.run_id = "20240501-120000-ab12";
  r.scenario_name = "link-cut-active";
  r.scenario_file = "scenarios/link-cut-active.json";
  r.description = "Cut the SAN links of the active node under randwrite";
  r.seed = 18446744073709551615ULL;  // above 2^53: must survive JSON exactly
  r.started_realtime_ns = 1714564800LL * kSec + 123'000'000;
  r.duration_s = 183.25;
  r.exit_code = 1;
  r.lab = "libvirt qemu:///system (kvm)";
  r.phases = {{"provision", "ok", 41.5, ""},
              {"workload", "ok", 60.0, ""},
              {"verify", "failed", 2.5, "readback: 3 blocks differ <sector 8 & 9>"}};
  CheckResult ps{"path_switch", Verdict::pass, "longest stall 4.200 s (limit 30.000 s)",
                 {{"longest_stall_s", 4.2}, {"first_io_after_fault_s", 4.2},
                  {"faults", {{{"step", "cut"}, {"stall_s", 4.2}}}}},
                 nlohmann::json::array({ev(kT0 + 20 * kSec, "inject", "n1", "link_cut",
                                           {{"step", "cut"}})})};
  CheckResult in{"integrity", Verdict::fail, "readback: 3 blocks " + kNasty,
                 {{"readback_errors", 3}, {"drbd_out_of_sync_kib", 0}, {"verified", true}},
                 nlohmann::json::array(
                     {ev(kT0 + 20 * kSec, "inject", "n1", "link_cut", {{"step", "cut"}}),
                      ev(kT0 + 24200 * 1'000'000LL, "io", "initiator", "write",
                         {{"lat_ns", 4200000000LL}, {"error", 0}}),
                      ev(kT0 + 70 * kSec, "verify", "initiator", "readback",
                         {{"ok", false}, {"detail", kNasty}})})};
  CheckResult fe{"fencing", Verdict::unknown, "no lifecycle events: " + kNasty,
                 {{"fence_successes", 1}, {"resume_margin_s", nullptr}}, nlohmann::json::array()};
  r.checks = {ps, in, fe};
  r.versions = {{"harness", "0.1.0"}, {"libvirt", "9.0.0"}, {"image", {{"recipe", "abc123"}}}};
  return r;
}

// A run of `ios` I/O completions spread evenly over 60 s of workload (none during the stall),
// a link cut at +20 s healed at +35 s, path/ALUA/cluster observations, a fence and a lifecycle
// event, and a log line full of markup.
inline History sample_history(std::size_t ios = 20'000) {
  History h(HistoryHeader{"20240501-120000-ab12", kT0 - 100 * kSec,
                          1714564800LL * kSec, nlohmann::json::object()});
  h.add(kT0 - 90 * kSec, EventKind::phase, "", "provision", {{"state", "begin"}});
  h.add(kT0 - 80 * kSec, EventKind::lifecycle, "n1", "started", {{"cause", "harness"}});
  h.add(kT0, EventKind::phase, "", "workload", {{"state", "begin"}});
  const auto mp = [&](std::int64_t t, const char* n1_state) {
    h.add(t, EventKind::observation, "initiator", "multipath",
          {{"paths", {{{"dev", "sdb"}, {"group", "n1"}, {"state", n1_state}, {"prio", 50}},
                      {{"dev", "sdc"}, {"group", "n1"}, {"state", n1_state}, {"prio", 50}},
                      {{"dev", "sdd"}, {"group", "n2"}, {"state", "active"}, {"prio", 10}},
                      {{"dev", "sde"}, {"group", "n2"}, {"state", "active"}, {"prio", 10}}}}});
  };
  mp(kT0 + kSec, "active");
  h.add(kT0 + kSec, EventKind::observation, "n1", "alua",
        {{"groups", {{"n1", "active/optimized"}, {"n2", "active/non-optimized"}}}});
  h.add(kT0 + kSec, EventKind::observation, "n1", "crm",
        {{"nodes", {{"n1", "online"}, {"n2", "online"}}}});
  h.add(kT0 + 20 * kSec, EventKind::inject, "n1", "link_cut",
        {{"step", "cut"}, {"nics", {"san0", "san1"}}});
  mp(kT0 + 22 * kSec, "failed");
  h.add(kT0 + 23 * kSec, EventKind::observation, "n2", "alua",
        {{"groups", {{"n1", "unavailable"}, {"n2", "active/optimized"}}}});
  h.add(kT0 + 23 * kSec, EventKind::observation, "n1", "log",
        {{"unit", "kernel"}, {"message", "<script>alert(1)</script> & \"x\""}});
  h.add(kT0 + 30 * kSec, EventKind::fence, "n1", "off",
        {{"executioner", "n2"}, {"status", "success"}});
  h.add(kT0 + 30 * kSec + 5'000'000, EventKind::lifecycle, "n1", "destroyed",
        {{"cause", "external"}, {"detail", "fence_virsh <off>"}});
  h.add(kT0 + 31 * kSec, EventKind::observation, "n2", "crm",
        {{"nodes", {{"n1", "OFFLINE (unclean)"}, {"n2", "online"}}}});
  h.add(kT0 + 35 * kSec, EventKind::heal, "n1", "link_cut", {{"step", "cut"}, {"reason", "step"}});
  // I/O: evenly over [0, 60 s) except the stall [20 s, 24.2 s); the first completion after the
  // stall carries the whole stall as latency.
  const std::int64_t stall_begin = 20 * kSec, stall_end = 24200 * 1'000'000LL;
  const std::int64_t span = 60 * kSec - (stall_end - stall_begin);
  for (std::size_t i = 0; i < ios; ++i) {
    std::int64_t off = static_cast<std::int64_t>(i) * span / static_cast<std::int64_t>(ios);
    if (off >= stall_begin) off += stall_end - stall_begin;
    const std::int64_t lat = 200'000 + static_cast<std::int64_t>(i % 7) * 50'000;
    h.add(kT0 + off, EventKind::io, "initiator", i % 2 ? "read" : "write",
          {{"lat_ns", lat}, {"bytes", 4096}, {"offset", static_cast<std::int64_t>(i) * 4096},
           {"error", i == 5 ? 5 : 0}});
  }
  h.add(kT0 + 24200 * 1'000'000LL, EventKind::io, "initiator", "write",
        {{"lat_ns", stall_end - stall_begin}, {"bytes", 4096}, {"offset", 0}, {"error", 0}});
  h.add(kT0 + 60 * kSec, EventKind::phase, "", "workload", {{"state", "end"}});
  h.add(kT0 + 200 * kSec, EventKind::lifecycle, "n2", "destroyed", {{"cause", "harness"}});
  return h;
}

struct ProcessResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs argv[0] from PATH with exactly these arguments (no shell), output captured to a file.
inline ProcessResult run_process(const std::vector<std::string>& args,
                                 const std::filesystem::path& output_file) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, output_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  ProcessResult r;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    r.output = "posix_spawnp failed: " + std::to_string(rc);
    return r;
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.output = read_file(output_file);
  return r;
}

// The project's schema (reports/junit.xsd) by default; reports/junit-ant.xsd is the stricter
// Ant layout as Jenkins reads it.
inline ProcessResult xmllint_validate(const std::filesystem::path& xml,
                                      const char* schema = "junit.xsd") {
  const std::string xsd = std::string(HARNESS_SOURCE_DIR) + "/reports/" + schema;
  return run_process({"xmllint", "--noout", "--schema", xsd, xml.string()},
                     xml.string() + "." + schema + ".xmllint.txt");
}

inline constexpr const char* kJunitSchemas[] = {"junit.xsd", "junit-ant.xsd"};

}  // namespace harness::testing
