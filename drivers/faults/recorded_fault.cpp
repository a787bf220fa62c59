#include "drivers/faults/recorded_fault.hpp"

namespace harness {

std::string RecordedFault::describe() const {
  std::string d = std::string(to_string(spec_.type)) + " " + node_;
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
  if (!spec_.nics.empty()) data["nics"] = spec_.nics;
  if (spec_.ring) data["ring"] = *spec_.ring;
  if (spec_.duration_s) data["duration_s"] = *spec_.duration_s;
  if (!spec_.process.empty()) data["process"] = spec_.process;
  if (spec_.type == FaultType::disk_error) data["mode"] = spec_.mode;
  if (extra.is_object()) data.update(extra);
  history.add(action_ns_, EventKind::inject, node_, std::string(to_string(spec_.type)), std::move(data));
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
  history.add(action_ns_, EventKind::heal, node_, std::string(to_string(spec_.type)), std::move(data));
}

}  // namespace harness
