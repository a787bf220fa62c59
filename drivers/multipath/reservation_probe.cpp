#include "drivers/multipath/reservation_probe.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "drivers/fio/lab_fio.hpp"
#include "drivers/multipath/multipath_paths.hpp"
#include "drivers/multipath/persistent_reservation.hpp"
#include "harness/core/errors.hpp"
#include "harness/scenario/seeded_draws.hpp"

namespace harness {
namespace {

constexpr int kWriteExclusiveRegistrantsOnly = 5;

nlohmann::json command_json(const Argv& argv, const CommandResult& r) {
  return {{"command", fmt::format("{}", fmt::join(argv, " "))},
          {"status", r.exit_status},
          {"error", tail_lines(r.err, 1)}};
}

class ReservationProbe final : public Workload {
 public:
  ReservationProbe(Lab& lab, ReservationProbeOptions o) : lab_(lab), o_(std::move(o)) {
    for (const std::string* k : {&o_.key, &o_.intruder_key})
      if (k->size() < 3 || k->rfind("0x", 0) != 0 ||
          k->find_first_not_of("0123456789abcdef", 2) != std::string::npos)
        throw LabError("reservation probe: a key is 0x and hex digits, found '" + *k + "'");
  }

  void start(History& history, const Deadline& deadline) override {
    Remote& r = lab_.remote(o_.node);
    map_ = find_multipath_device(r, deadline);
    nlohmann::json setup = nlohmann::json::array();
    bool ok = true;
    for (const Argv& argv : {mpath_register_argv(map_, o_.key),
                             mpath_reserve_argv(map_, o_.key, kWriteExclusiveRegistrantsOnly)}) {
      const CommandResult res = r.run(argv, deadline);
      setup.push_back(command_json(argv, res));
      if (res.exit_status != 0) {
        ok = false;
        break;
      }
    }
    nlohmann::json data = {{"device", map_}, {"key", o_.key}, {"type", kWriteExclusiveRegistrantsOnly},
                           {"setup", setup}, {"setup_ok", ok}, {"paths", read_paths(r, deadline)}};
    history.add(deadline.clock().now_ns(), EventKind::verify, o_.node, "pr_before", std::move(data));
    started_ = true;
    if (o_.progress) o_.progress(fmt::format("reservations: key {} {}", o_.key, ok ? "reserved" : "NOT reserved"));
  }

  void finish(History&, const Deadline&) override {}

  void readback_verify(History& history, const Deadline& deadline) override {
    if (!started_) return;
    Remote& r = lab_.remote(o_.node);
    nlohmann::json paths = read_paths(r, deadline);
    nlohmann::json data = {{"device", map_}, {"key", o_.key}, {"intruder_key", o_.intruder_key},
                           {"paths", paths}};
    // A RESERVE with a key no nexus registered, through the first path that answered: the
    // device server must refuse it with RESERVATION CONFLICT whatever else it kept.
    for (const auto& p : paths) {
      if (!p.value("answered", false)) continue;
      const Argv argv = pr_reserve_argv("/dev/" + p["dev"].get<std::string>(), o_.intruder_key,
                                        kWriteExclusiveRegistrantsOnly);
      const CommandResult res = r.run(argv, deadline);
      data["intruder"] = command_json(argv, res);
      data["intruder"]["path"] = p["dev"];
      data["intruder"]["conflict"] = res.exit_status == kSgResConflict;
      break;
    }
    history.add(deadline.clock().now_ns(), EventKind::verify, o_.node, "pr_after", std::move(data));
  }

  void after_verify(History&, const Deadline& deadline) override {
    if (!started_) return;
    try {
      lab_.remote(o_.node).run(mpath_clear_argv(map_, o_.key), deadline);
    } catch (const Error&) {
      // Best effort: the reservation lives in the targets' memory and goes with the lab.
    }
  }

 private:
  // Keys and reservation as each path of the map reports them.
  nlohmann::json read_paths(Remote& r, const Deadline& deadline) {
    nlohmann::json out = nlohmann::json::array();
    const auto listing = r.run(multipathd_paths_argv(), deadline);
    if (listing.exit_status != 0) return out;
    for (const auto& p : parse_multipathd_paths(listing.out)) {
      if (p.dev.empty() || p.dev.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789") != std::string::npos)
        continue;
      const std::string dev = "/dev/" + p.dev;
      nlohmann::json path = {{"dev", p.dev}, {"target", p.target_name}, {"dm_state", p.dm_state},
                             {"checker_state", p.checker_state}};
      const CommandResult keys = r.run(pr_read_keys_argv(dev), deadline.capped(30));
      const CommandResult resv = r.run(pr_read_reservation_argv(dev), deadline.capped(30));
      const std::string transport = pr_in_transport_failure(keys.err + "\n" + resv.err);
      path["answered"] = keys.exit_status == 0 && resv.exit_status == 0 && transport.empty();
      if (!transport.empty()) {
        path["error"] = transport;
      } else if (keys.exit_status == 0 && resv.exit_status == 0) {
        try {
          const PrKeys k = parse_pr_keys(keys.out);
          const PrReservation v = parse_pr_reservation(resv.out);
          path["generation"] = k.generation;
          path["keys"] = k.keys;
          path["holder"] = v.key ? nlohmann::json(*v.key) : nlohmann::json();
          path["scope_type"] = v.scope_type;
        } catch (const LabError& e) {
          path["answered"] = false;
          path["error"] = e.what();
        }
      } else {
        path["error"] = tail_lines(keys.exit_status != 0 ? keys.err : resv.err, 1);
        path["status"] = keys.exit_status != 0 ? keys.exit_status : resv.exit_status;
      }
      out.push_back(std::move(path));
    }
    return out;
  }

  Lab& lab_;
  ReservationProbeOptions o_;
  std::string map_;
  bool started_ = false;
};

}  // namespace

std::unique_ptr<Workload> make_reservation_probe(Lab& lab, ReservationProbeOptions options) {
  return std::make_unique<ReservationProbe>(lab, std::move(options));
}

std::string reservation_key(const std::string& run_id, std::uint64_t salt) {
  const std::uint64_t h = fnv1a64(fmt::format("{}/pr-key-{}", run_id, salt));
  // The top nibble set: sg_persist prints keys without leading zeros, and so do we.
  return fmt::format("0x{:x}", h | (std::uint64_t{1} << 60));
}

}  // namespace harness
