#include "drivers/pacemaker/events.hpp"

#include <algorithm>
#include <cctype>

namespace harness {
namespace {

// A cursor over one message: each call consumes a literal or a field, and fails for good once
// the message does not have the expected shape.
class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}
  bool ok() const { return ok_; }
  // Skips up to and past `lit` anywhere ahead.
  Reader& find(std::string_view lit) {
    if (!ok_) return *this;
    const auto at = s_.find(lit);
    if (at == std::string_view::npos) return fail();
    s_.remove_prefix(at + lit.size());
    return *this;
  }
  // `lit` must come next.
  Reader& expect(std::string_view lit) {
    if (!ok_ || !s_.starts_with(lit)) return fail();
    s_.remove_prefix(lit.size());
    return *this;
  }
  // Everything up to `end` (not consumed), non-empty; up to the end of the message when `end`
  // is empty.
  Reader& until(std::string_view end, std::string& out) {
    if (!ok_) return *this;
    const auto at = end.empty() ? s_.size() : s_.find(end);
    if (at == std::string_view::npos || at == 0) return fail();
    out = std::string(s_.substr(0, at));
    s_.remove_prefix(at);
    return *this;
  }
  Reader& number(int& out) {
    if (!ok_) return *this;
    std::size_t n = 0;
    int v = 0;
    while (n < s_.size() && n < 9 && std::isdigit(static_cast<unsigned char>(s_[n])))
      v = v * 10 + (s_[n++] - '0');
    if (n == 0) return fail();
    out = v;
    s_.remove_prefix(n);
    return *this;
  }
  std::string_view rest() const { return s_; }

 private:
  Reader& fail() {
    ok_ = false;
    return *this;
  }
  std::string_view s_;
  bool ok_ = true;
};

// A node name ends at the first blank (Pacemaker appends " | key=value" details in its own log
// file, and the journal may carry them too).
std::string first_word(const std::string& s) { return s.substr(0, s.find_first_of(" \t")); }

std::optional<FenceLogLine> controller_line(std::string_view m) {
  FenceLogLine l;
  if (Reader r(m); r.find("Node ").until(" state is now lost", l.target).ok()) {
    l.step = FenceLogStep::peer_lost;
    return l;
  }
  // "of node n1" up to Pacemaker 2.1, "targeting node n1" from 3.0.
  for (const char* join : {") of node ", ") targeting node "})
    if (Reader r(m); r.find("Requesting fencing (").until(")", l.action).expect(join)
                         .until("", l.target).ok()) {
      l.step = FenceLogStep::requested;
      l.target = first_word(l.target);
      l.decision = true;
      return l;
    }
  return std::nullopt;
}

std::optional<FenceLogLine> fencer_line(std::string_view m) {
  FenceLogLine l;
  if (Reader r(m); r.find("wants to fence (").until(")", l.action).expect(") ")
                       .until(" ", l.target).ok()) {
    l.step = FenceLogStep::requested;
    return l;
  }
  if (Reader r(m); r.find("Delaying '").until("'", l.action).expect("' action targeting ")
                       .until(" ", l.target).expect(" using ").until(" ", l.device)
                       .expect(" for ").number(l.delay_s).expect("s").ok()) {
    l.step = FenceLogStep::delayed;
    return l;
  }
  // The agent's own exit: "[PID]" after the action; "could not be executed: Timed Out" when the
  // agent did not finish.
  if (Reader r(m); r.find("Operation '").until("'", l.action).expect("' [").find("] targeting ")
                       .until(" ", l.target).expect(" using ").until(" ", l.device).ok()) {
    int rc = -1;
    l.step = FenceLogStep::agent_done;
    l.ok = Reader(r.rest()).expect(" returned ").number(rc).ok() && rc == 0;
    return l;
  }
  // The fencer's verdict, broadcast to every node that hears it: "by E for CLIENT@ORIGIN: RESULT".
  std::string client;
  if (Reader r(m); r.find("Operation '").until("'", l.action).expect("' targeting ")
                       .until(" ", l.target).expect(" by ").until(" for ", l.executioner)
                       .expect(" for ").until(": ", client).expect(": ").ok()) {
    const auto at = client.rfind('@');
    if (at == std::string::npos || at + 1 == client.size()) return std::nullopt;
    l.step = FenceLogStep::result;
    l.origin = client.substr(at + 1);
    l.ok = r.rest().starts_with("OK");
    return l;
  }
  return std::nullopt;
}

}  // namespace

std::optional<FenceLogLine> parse_fence_log(std::string_view unit, std::string_view message) {
  if (unit == "pacemaker-controld") return controller_line(message);
  if (unit == "pacemaker-fenced") return fencer_line(message);
  return std::nullopt;
}

namespace {

// "alua_promote_0" -> "alua": the operation key is RESOURCE_ACTION_INTERVAL.
std::string resource_of_op_key(std::string_view key, std::string_view action) {
  const std::string marker = "_" + std::string(action) + "_";
  const auto at = key.rfind(marker);
  return at == std::string_view::npos ? std::string(key) : std::string(key.substr(0, at));
}

std::optional<SignalWord> promote_line(std::string_view m) {
  std::string key, node, resource, result;
  if (Reader r(m); r.find("Initiating promote operation ").until(" ", key).ok()) {
    const auto on = r.rest().rfind(" on ");
    if (on == std::string_view::npos) return std::nullopt;
    node = first_word(std::string(r.rest().substr(on + 4)));
    return SignalWord{Signal::promote_started, resource_of_op_key(key, "promote") + "@" + node};
  }
  if (Reader r(m); r.find("Result of promote operation for ").until(" on ", resource)
                       .expect(" on ").until(": ", node).expect(": ").until("", result).ok()) {
    if (result.rfind("ok", 0) != 0) return std::nullopt;
    return SignalWord{Signal::promote_done, resource + "@" + node};
  }
  return std::nullopt;
}

}  // namespace

std::vector<SignalWord> pacemaker_log_signals(std::string_view unit, std::string_view message) {
  if (auto l = parse_fence_log(unit, message)) {
    switch (l->step) {
      case FenceLogStep::peer_lost: return {{Signal::node_lost, l->target}};
      case FenceLogStep::requested:
        if (l->decision) return {{Signal::fence_requested, l->target}};
        return {};
      case FenceLogStep::delayed: return {{Signal::fence_delayed, l->target}};
      case FenceLogStep::agent_done: return {};
      case FenceLogStep::result:
        return {{l->ok ? Signal::fence_done : Signal::fence_failed, l->target}};
    }
  }
  if (unit == "pacemaker-controld")
    if (auto w = promote_line(message)) return {*w};
  return {};
}

std::vector<SignalWord> crm_observation_signals(const nlohmann::json& before,
                                                const nlohmann::json& after) {
  std::vector<SignalWord> out;
  auto ob = before.find("online"), oa = after.find("online");
  if (ob != before.end() && oa != after.end() && ob->is_array() && oa->is_array())
    for (const auto& n : *ob)
      if (n.is_string() && std::find(oa->begin(), oa->end(), n) == oa->end())
        out.push_back({Signal::node_lost, n.get<std::string>()});
  auto rb = before.find("resources"), ra = after.find("resources");
  if (rb != before.end() && ra != after.end() && rb->is_object() && ra->is_object())
    for (const auto& [id, role] : ra->items()) {
      if (role != "Promoted") continue;
      auto was = rb->find(id);
      if (was == rb->end() || *was != "Promoted") out.push_back({Signal::promote_done, id});
    }
  return out;
}

std::optional<SignalWord> fence_record_signal(const Event& e) {
  if (e.kind != EventKind::fence || e.what == "on") return std::nullopt;
  const auto st = e.data.find("status");
  const bool ok = st != e.data.end() && st->is_string() && *st == "success";
  return SignalWord{ok ? Signal::fence_done : Signal::fence_failed, e.node};
}

}  // namespace harness
