#include "drivers/observers/events.hpp"

namespace harness {

namespace {

// Seconds rounded to the microsecond: enough for 250 ms intervals, short in history.jsonl.
double us(double s) { return static_cast<double>(static_cast<std::int64_t>(s * 1e6 + 0.5)) / 1e6; }

std::optional<double> number(const nlohmann::json& d, const char* key) {
  auto it = d.find(key);
  if (it == d.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

}  // namespace

nlohmann::json host_sched_data(const HostSchedRecord& r) {
  return {{"span_s", us(r.span_s)},
          {"intervals", r.intervals},
          {"vcpus", r.vcpus},
          {"vcpu_wait_s", us(r.vcpu_wait_s)},
          {"vcpu_cpu_s", us(r.vcpu_cpu_s)},
          {"longest_wait_s", us(r.longest_wait_s)},
          {"threads_wait_s", us(r.threads_wait_s)},
          {"pid", r.pid}};
}

std::optional<HostSchedRecord> host_sched_record(const Event& e) {
  if (e.kind != EventKind::observation || e.what != kHostSchedWhat || !e.data.is_object())
    return std::nullopt;
  auto span = number(e.data, "span_s");
  auto vcpus = number(e.data, "vcpus");
  auto wait = number(e.data, "vcpu_wait_s");
  if (!span || !vcpus || !wait) return std::nullopt;
  HostSchedRecord r;
  r.span_s = *span;
  r.vcpus = static_cast<int>(*vcpus);
  r.vcpu_wait_s = *wait;
  r.intervals = static_cast<int>(number(e.data, "intervals").value_or(0));
  r.vcpu_cpu_s = number(e.data, "vcpu_cpu_s").value_or(0);
  r.longest_wait_s = number(e.data, "longest_wait_s").value_or(0);
  r.threads_wait_s = number(e.data, "threads_wait_s").value_or(0);
  r.pid = static_cast<std::int64_t>(number(e.data, "pid").value_or(0));
  return r;
}

}  // namespace harness
