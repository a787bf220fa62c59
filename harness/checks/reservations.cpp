#include "harness/checks/reservations.hpp"

#include <cstdlib>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace harness {
namespace {

using nlohmann::json;

// sg_persist prints keys as 0x and hex digits: compared as numbers.
std::uint64_t key_value(const std::string& k) { return std::strtoull(k.c_str(), nullptr, 16); }

bool holds(const json& path, std::uint64_t key) {
  return path.contains("holder") && path["holder"].is_string() &&
         key_value(path["holder"].get<std::string>()) == key;
}

bool registered(const json& path, std::uint64_t key) {
  for (const auto& k : path.value("keys", json::array()))
    if (k.is_string() && key_value(k.get<std::string>()) == key) return true;
  return false;
}

// "target iqn…n1: sda, sdb hold" — per target, which paths answered what.
struct TargetView {
  std::vector<std::string> holding, registered_only, unregistered, silent;
};

std::map<std::string, TargetView> by_target(const json& paths, std::uint64_t key) {
  std::map<std::string, TargetView> out;
  for (const auto& p : paths) {
    TargetView& t = out[p.value("target", "?")];
    const std::string dev = p.value("dev", "?");
    if (!p.value("answered", false))
      t.silent.push_back(dev);
    else if (holds(p, key))
      t.holding.push_back(dev);
    else if (registered(p, key))
      t.registered_only.push_back(dev);
    else
      t.unregistered.push_back(dev);
  }
  return out;
}

std::string describe(const std::map<std::string, TargetView>& v) {
  std::vector<std::string> parts;
  for (const auto& [target, t] : v) {
    std::vector<std::string> what;
    if (!t.holding.empty()) what.push_back(fmt::format("{} hold it", fmt::join(t.holding, ",")));
    if (!t.registered_only.empty())
      what.push_back(fmt::format("{} registered, no reservation", fmt::join(t.registered_only, ",")));
    if (!t.unregistered.empty())
      what.push_back(fmt::format("{} not registered", fmt::join(t.unregistered, ",")));
    if (!t.silent.empty()) what.push_back(fmt::format("{} no answer", fmt::join(t.silent, ",")));
    parts.push_back(fmt::format("{}: {}", target, fmt::join(what, "; ")));
  }
  return fmt::format("{}", fmt::join(parts, " | "));
}

}  // namespace

CheckResult ReservationsChecker::check(const History& history) const {
  CheckResult r;
  r.name = name();
  const std::vector<Event> events = history.events();
  const Event* before = nullptr;
  const Event* after = nullptr;
  for (const auto& e : events) {
    if (e.kind != EventKind::verify) continue;
    if (e.what == "pr_before") before = &e;
    if (e.what == "pr_after") after = &e;
  }
  r.metrics["expected"] = expected_;
  if (!before) {
    r.summary = "no reservation was attempted (the probe did not start)";
    return r;
  }
  r.evidence.push_back(*before);
  const std::uint64_t key = key_value(before->data.value("key", "0"));
  const json& bpaths = before->data.value("paths", json::array());
  const auto bview = by_target(bpaths, key);
  bool taken = before->data.value("setup_ok", false);
  std::size_t holding_before = 0;
  for (const auto& p : bpaths) holding_before += holds(p, key) ? 1 : 0;
  r.metrics["paths_holding_before"] = holding_before;
  if (!taken || holding_before == 0) {
    r.summary = fmt::format("the reservation could not be taken before the fault ({}); before: {}",
                            taken ? "no path reports it" : "mpathpersist failed", describe(bview));
    return r;
  }
  if (!after) {
    r.summary = "no reading after the heal (the read-back did not run)";
    return r;
  }
  r.evidence.push_back(*after);
  const json& apaths = after->data.value("paths", json::array());
  const auto aview = by_target(apaths, key);
  std::size_t answered = 0, holding = 0;
  for (const auto& p : apaths) {
    if (!p.value("answered", false)) continue;
    ++answered;
    holding += holds(p, key) ? 1 : 0;
  }
  r.metrics["paths_answering_after"] = answered;
  r.metrics["paths_holding_after"] = holding;
  if (answered == 0) {
    r.summary = fmt::format("no path answered after the heal: {}", describe(aview));
    return r;
  }
  const std::string observed = holding == answered ? "kept" : "lost";
  r.metrics["observed"] = observed;
  const json intruder = after->data.value("intruder", json());
  const bool conflict = intruder.is_object() && intruder.value("conflict", false);
  r.metrics["intruder_conflict"] = intruder.is_object() ? json(conflict) : json();
  // Per node, before and after: a target that keeps PR state per node shows it before the
  // fault already (one node's paths hold, the other's do not).
  bool split_before = false;
  for (const auto& [target, t] : bview) split_before |= t.holding.empty() && !t.registered_only.empty();
  std::string property = split_before ? " The target keeps persistent reservations per node "
                                        "(the paths to one node held the reservation before the "
                                        "fault, those to the other did not): a property of the "
                                        "target, not of the harness."
                                      : "";
  std::vector<std::string> failures;
  if (observed != expected_)
    failures.push_back(fmt::format("the reservation was {}, expected {}", observed, expected_));
  if (intruder.is_object() && !conflict)
    failures.push_back(fmt::format("a RESERVE with the unregistered key {} was not refused with "
                                   "RESERVATION CONFLICT (status {})",
                                   after->data.value("intruder_key", "?"),
                                   intruder.value("status", -1)));
  const std::string states =
      fmt::format("before: {}; after: {}", describe(bview), describe(aview));
  r.verdict = failures.empty() ? Verdict::pass : Verdict::fail;
  r.summary = failures.empty()
                  ? fmt::format("reservation {} as expected; {}.{}", observed, states, property)
                  : fmt::format("{}; {}.{}", fmt::join(failures, "; "), states, property);
  return r;
}

}  // namespace harness
