#include "fakes/fake_observer.hpp"

namespace harness {

void FakeObserver::arm(History&, const Deadline& deadline) {
  plan_.call("observer " + name_ + ".arm", deadline);
  ++arm_calls;
  armed_ = true;
}

void FakeObserver::snapshot(History& history, const Deadline& deadline) {
  plan_.call("observer " + name_ + ".snapshot", deadline);
  ++snapshot_calls;
  snapshot_times.push_back(clock_.now_ns());
  if (on_snapshot_) on_snapshot_(history, clock_);
}

void FakeObserver::ease_off() {
  ++ease_calls;
  eased_at_ns = clock_.now_ns();
  plan_.call("observer " + name_ + ".ease_off", nullptr);
}

void FakeObserver::disarm(const Deadline& deadline) {
  ++disarm_calls;
  armed_ = false;  // a disarm releases what it holds even if it then reports an error
  plan_.call("observer " + name_ + ".disarm", deadline);
}

}  // namespace harness
