#pragma once
// One entry of the History. Every timestamp is host monotonic nanoseconds (guest times are mapped
// before they get here). The vocabulary of `kind`/`what`/`data` is fixed in docs/EVENTS.md: the
// checkers read nothing else, so producers and checkers agree there.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace harness {

enum class EventKind {
  phase,        // runner phase marks: what = phase name, data.state = "begin"|"end"|"failed"
  io,           // one workload I/O completion: what = "read"|"write"
  inject,       // a fault was injected: what = fault type
  heal,         // a fault was healed: what = fault type
  observation,  // a state snapshot or a parsed log line: what = "alua"|"multipath"|"crm"|...
  lifecycle,    // hypervisor lifecycle event: what = "destroyed"|"started"|"suspended"|...
  fence,        // cluster fencing history entry: what = "reboot"|"off"|"on"
  verify,       // integrity evidence: what = "fio_verify"|"readback"|"drbd_verify"|"io_summary"
  note,         // anything else worth keeping (roles resolved, warnings)
};

std::string_view to_string(EventKind k);
std::optional<EventKind> event_kind_from_string(std::string_view s);

struct Event {
  std::int64_t t_ns = 0;  // host monotonic
  EventKind kind = EventKind::note;
  std::string node;       // node it concerns ("n1", "initiator"), empty for the harness itself
  std::string what;
  nlohmann::json data = nlohmann::json::object();
};

void to_json(nlohmann::json& j, const Event& e);
void from_json(const nlohmann::json& j, Event& e);

}  // namespace harness
