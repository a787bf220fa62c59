#pragma once
// Builds Histories for the checker tests: steady I/O with stall windows, faults, observations,
// fencing and verify results, all timed in seconds from an arbitrary origin (T0) so that tests
// read like a timeline. failover() is the reference story every test bends one way or another.
#include <cmath>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "drivers/faults/events.hpp"
#include "drivers/faults/fault_kinds.hpp"
#include "harness/core/history.hpp"
#include "harness/core/clock.hpp"

namespace harness::testgen {

using nlohmann::json;

constexpr std::int64_t kT0 = 5'000 * kNsPerS;  // not zero: catches "relative to 0" mistakes
inline std::int64_t at(double s) { return kT0 + static_cast<std::int64_t>(std::llround(s * 1e9)); }

struct Gen {
  History h{HistoryHeader{"test-run", kT0, 1'700'000'000 * kNsPerS, {}}};

  // One completion every period_ms in [from_s, to_s), each with lat_ms latency.
  void io(double from_s, double to_s, double period_ms = 10, double lat_ms = 2, int error = 0,
          const char* what = "write") {
    const auto step = static_cast<std::int64_t>(std::llround(period_ms * 1e6));
    for (std::int64_t t = at(from_s); t < at(to_s); t += step) one_io(t, lat_ms, error, what);
  }
  void one_io(std::int64_t t, double lat_ms, int error = 0, const char* what = "write") {
    h.add(t, EventKind::io, "initiator", what,
          {{"lat_ns", static_cast<std::int64_t>(lat_ms * 1e6)},
           {"bytes", 4096},
           {"offset", 0},
           {"error", error}});
  }
  void phase(double s, const char* what, const char* state) {
    h.add(at(s), EventKind::phase, "", what, {{"state", state}});
  }
  void roles(double s, const char* active, const char* standby) {
    h.add(at(s), EventKind::note, "", "roles", {{"active", active}, {"standby", standby}});
  }
  // Records what the harness records for a fault of kind `what`: its declared effect too
  // (drivers/faults/fault_kinds.cpp), which the checks read instead of the kind's name.
  void inject(double s, const char* what, const char* node, const char* step) {
    json data = {{"step", step}, {"target", node}};
    if (const FaultKind* k = registered_fault_kind(what); k && k->loses_node) data[kInjectNodeLost] = true;
    h.add(at(s), EventKind::inject, node, what, std::move(data));
  }
  void heal(double s, const char* what, const char* node, const char* step) {
    h.add(at(s), EventKind::heal, node, what, {{"step", step}, {"reason", "step"}});
  }
  void obs(double s, const char* node, const char* what, json data) {
    h.add(at(s), EventKind::observation, node, what, std::move(data));
  }
  void alua(double s, const char* node, const char* n1_state, const char* n2_state) {
    json groups = json::object();
    if (n1_state) groups["n1"] = n1_state;
    if (n2_state) groups["n2"] = n2_state;
    obs(s, node, "alua", {{"groups", groups}});
  }
  // Two paths per target node; `failed` names the group whose paths are down ("" for none).
  void multipath(double s, const std::string& failed) {
    json paths = json::array();
    int i = 0;
    for (const char* g : {"n1", "n2"})
      for (int k = 0; k < 2; ++k)
        paths.push_back({{"dev", "sd" + std::string(1, static_cast<char>('a' + i++))},
                         {"group", g},
                         {"state", failed == g ? "failed" : "active"},
                         {"prio", std::string(g) == "n1" ? 50 : 10}});
    obs(s, "initiator", "multipath", {{"paths", paths}});
  }
  void path_io(double s, const char* group) { obs(s, "initiator", "path_io", {{"group", group}}); }
  void lifecycle(double s, const char* node, const char* what, const char* cause) {
    h.add(at(s), EventKind::lifecycle, node, what, {{"cause", cause}, {"detail", ""}});
  }
  void fence(double s, const char* node, const char* executioner, const char* status = "success",
             const char* what = "reboot") {
    h.add(at(s), EventKind::fence, node, what,
          {{"executioner", executioner},
           {"origin", executioner},
           {"device", std::string("fence_") + node},
           {"status", status}});
  }
  void verify(double s, const char* node, const char* what, json data) {
    h.add(at(s), EventKind::verify, node, what, std::move(data));
  }
  // Evidence of a clean end: fio summary, fio verify, read-back and DRBD verify after the heal.
  void clean_verify(double s, std::int64_t io_errors = 0) {
    verify(s, "initiator", "io_summary", {{"ios", 100000}, {"io_errors", io_errors}});
    verify(s, "initiator", "fio_verify", {{"errors", 0}, {"detail", ""}});
    verify(s + 5, "initiator", "readback", {{"ok", true}, {"bytes", 268435456}, {"errors", 0}});
    verify(s + 20, "n1", "drbd_verify", {{"out_of_sync_kib", 0}, {"ok", true}});
  }
};

struct Failover {
  double fault_s = 10;   // node_kill of the active n1, step "kill"
  double stall_s = 5;    // first successful I/O this long after the fault
  double heal_s = 30;    // n1 restarted by the harness
  double end_s = 40;     // workload end
  bool fence = true;     // n2 fences n1 (cluster + hypervisor)
  double fence_s = 3;    // cluster fence record, after the fault
  const char* alua_survivor = "active/optimized";
};

// The node-kill story: n1 active, killed at fault_s; the harness's destroy lands 1.5 s later
// (virsh destroy returns at the end of the call); multipathd marks n1's paths failed; DRBD on n2
// declares the peer lost just before I/O resumes through n2; n1 restarted at the heal.
inline Gen failover(const Failover& f = {}) {
  Gen g;
  g.phase(-1, "workload", "begin");
  g.multipath(1, "");
  g.alua(2, "n1", "active/optimized", "active/non-optimized");
  g.obs(3, "n2", "drbd", {{"peer", "Connected"}, {"role", "Primary"}});
  g.path_io(f.fault_s - 0.5, "n1");
  g.roles(f.fault_s - 0.1, "n1", "n2");
  g.io(0, f.fault_s);
  g.inject(f.fault_s, "node_kill", "n1", "kill");
  g.lifecycle(f.fault_s + 1.5, "n1", "destroyed", "harness");
  g.multipath(f.fault_s + 1.5, "n1");
  if (f.fence) {
    g.lifecycle(f.fault_s + f.fence_s - 0.2, "n1", "started", "external");
    g.fence(f.fault_s + f.fence_s, "n1", "n2");
  }
  g.obs(f.fault_s + f.stall_s - 0.2, "n2", "drbd", {{"peer", "Unknown"}, {"role", "Primary"}});
  // Queued I/O completes first, with latencies as long as the stall.
  const double resume = f.fault_s + f.stall_s;
  for (int k = 0; k < 20; ++k) g.one_io(at(resume) + k * 100'000, f.stall_s * 1000);
  g.io(resume + 0.01, f.end_s);
  g.path_io(resume + 1, "n2");
  g.alua(resume + 0.5, "n2", nullptr, f.alua_survivor);
  g.heal(f.heal_s, "node_kill", "n1", "kill");
  g.lifecycle(f.heal_s + 0.1, "n1", "started", "harness");
  g.phase(f.end_s, "workload", "end");
  g.clean_verify(f.end_s + 1);
  return g;
}

}  // namespace harness::testgen
