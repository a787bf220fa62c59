#pragma once
// fio in memory. start() marks the workload start; finish() waits (virtual time) until
// start + runtime and then synthesizes what fio's logs would give: a write completion every
// `interval` from start to end, with no completion for `stall_s` after every inject event in
// the History (the first one after a stall carries the stall as its latency), then fio_verify
// and io_summary. readback_verify() records a readback result.
#include <cstdint>

#include "drivers/workload.hpp"
#include "fakes/fail_plan.hpp"

namespace harness {

struct FakeWorkloadOptions {
  double runtime_s = 60;
  std::int64_t interval_ns = 10 * kNsPerMs;  // one completion per interval
  double stall_s = 5;                         // I/O stall after each fault
  std::int64_t latency_ns = 2 * kNsPerMs;     // latency outside stalls
  std::int64_t bytes = 4096;
  std::int64_t start_latency_ns = 2 * kNsPerS;  // fio start-up until I/O flows
  std::int64_t verify_errors = 0;
  bool readback_ok = true;
};

class FakeWorkload final : public Workload {
 public:
  FakeWorkload(Clock& clock, FailPlan& plan, FakeWorkloadOptions options = {})
      : clock_(clock), plan_(plan), opt_(options) {}

  std::int64_t start_ns() const { return start_ns_; }  // when start() returned
  int start_calls = 0, finish_calls = 0, readback_calls = 0;
  std::size_t ios_recorded = 0;

  void start(History& history, const Deadline& deadline) override;
  void finish(History& history, const Deadline& deadline) override;
  void readback_verify(History& history, const Deadline& deadline) override;

 private:
  Clock& clock_;
  FailPlan& plan_;
  FakeWorkloadOptions opt_;
  std::int64_t start_ns_ = 0;
};

}  // namespace harness
