#include "drivers/faults/recorded_fault.hpp"

#include "drivers/faults/events.hpp"
#include "drivers/faults/fault_kinds.hpp"

namespace harness {

std::string RecordedFault::describe() const {
  std::string d = spec_.kind + " " + node_;
  std::string extra = detail();
  if (!extra.empty()) d += " " + extra;
  return d;
}

nlohmann::json RecordedFault::base_data() const {
  nlohmann::json data = {{"step", step_id()}};
  return data;
}

void RecordedFault::inject(History& history, const Deadline& deadline) {
  inject_attempted_ = true;
  action_ns_ = clock_.now_ns();
  nlohmann::json extra = do_inject(deadline);
  std::int64_t end = clock_.now_ns();
  nlohmann::json data = base_data();
  data["target"] = spec_.target;
  data["call_end_ns"] = end;
  if (spec_.options.is_object()) data.update(spec_.options);  // the kind's own keys
  if (spec_.duration_s) data["duration_s"] = *spec_.duration_s;
  if (const FaultKind* kind = registered_fault_kind(spec_.kind); kind && kind->loses_node)
    data[kInjectNodeLost] = true;
  if (extra.is_object()) data.update(extra);
  history.add(action_ns_, EventKind::inject, node_, spec_.kind, std::move(data));
}

void RecordedFault::heal(History& history, const Deadline& deadline) {
  // Nothing to undo if the inject never got as far as trying; never undo twice.
  if (!inject_attempted_ || healed_) return;
  action_ns_ = clock_.now_ns();
  nlohmann::json extra = do_heal(deadline);
  std::int64_t end = clock_.now_ns();
  healed_ = true;
  nlohmann::json data = base_data();
  data["call_end_ns"] = end;
  data["reason"] = heal_reason();
  if (extra.is_object()) data.update(extra);
  history.add(action_ns_, EventKind::heal, node_, spec_.kind, std::move(data));
}

}  // namespace harness
