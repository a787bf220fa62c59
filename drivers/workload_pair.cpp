#include "drivers/workload_pair.hpp"

#include <exception>

namespace harness {
namespace {

class WorkloadPair final : public Workload {
 public:
  WorkloadPair(std::unique_ptr<Workload> a, std::unique_ptr<Workload> b)
      : a_(std::move(a)), b_(std::move(b)) {}

  void start(History& h, const Deadline& d) override {
    a_->start(h, d);
    b_started_ = true;  // from here on finish() must reach the second one
    b_->start(h, d);
  }
  void finish(History& h, const Deadline& d) override {
    both([&](Workload& w) { w.finish(h, d); }, b_started_);
  }
  void readback_verify(History& h, const Deadline& d) override {
    both([&](Workload& w) { w.readback_verify(h, d); }, true);
  }
  void after_verify(History& h, const Deadline& d) override {
    both([&](Workload& w) { w.after_verify(h, d); }, true);
  }

 private:
  template <class F>
  void both(F f, bool second_too) {
    std::exception_ptr first_error;
    try {
      f(*a_);
    } catch (...) {
      first_error = std::current_exception();
    }
    if (second_too) {
      try {
        f(*b_);
      } catch (...) {
        if (!first_error) first_error = std::current_exception();
      }
    }
    if (first_error) std::rethrow_exception(first_error);
  }

  std::unique_ptr<Workload> a_, b_;
  bool b_started_ = false;
};

}  // namespace

std::unique_ptr<Workload> make_workload_pair(std::unique_ptr<Workload> first,
                                             std::unique_ptr<Workload> second) {
  return std::make_unique<WorkloadPair>(std::move(first), std::move(second));
}

}  // namespace harness
