// Two workloads as one: order, and a failure of the first never leaves the second running.
#include <gtest/gtest.h>

#include "drivers/workload_pair.hpp"
#include "harness/core/clock.hpp"
#include "harness/core/errors.hpp"

namespace harness {
namespace {

struct Calls {
  std::vector<std::string> log;
};

class Recording final : public Workload {
 public:
  Recording(Calls& c, std::string name, std::string fail_in = "")
      : c_(c), name_(std::move(name)), fail_in_(std::move(fail_in)) {}
  void start(History&, const Deadline&) override { call("start"); }
  void finish(History&, const Deadline&) override { call("finish"); }
  void readback_verify(History&, const Deadline&) override { call("readback"); }
  void after_verify(History&, const Deadline&) override { call("after"); }

 private:
  void call(const std::string& what) {
    c_.log.push_back(name_ + "." + what);
    if (what == fail_in_) throw LabError(name_ + " failed in " + what);
  }
  Calls& c_;
  std::string name_, fail_in_;
};

struct Fixture {
  VirtualClock clock;
  History h{HistoryHeader{"p", 0, 0, {}}};
  Deadline d = Deadline::after(clock, 10);
};

TEST(WorkloadPair, EveryPhaseRunsOnBothInOrder) {
  Fixture f;
  Calls c;
  auto w = make_workload_pair(std::make_unique<Recording>(c, "fio"), std::make_unique<Recording>(c, "ledger"));
  w->start(f.h, f.d);
  w->finish(f.h, f.d);
  w->readback_verify(f.h, f.d);
  w->after_verify(f.h, f.d);
  EXPECT_EQ(c.log, (std::vector<std::string>{"fio.start", "ledger.start", "fio.finish", "ledger.finish",
                                             "fio.readback", "ledger.readback", "fio.after", "ledger.after"}));
}

TEST(WorkloadPair, AFailedFinishOfTheFirstStillFinishesTheSecondAndReportsTheFirstError) {
  Fixture f;
  Calls c;
  auto w = make_workload_pair(std::make_unique<Recording>(c, "fio", "finish"),
                              std::make_unique<Recording>(c, "ledger", "finish"));
  w->start(f.h, f.d);
  try {
    w->finish(f.h, f.d);
    FAIL() << "no error";
  } catch (const LabError& e) {
    EXPECT_STREQ(e.what(), "fio failed in finish");
  }
  EXPECT_EQ(c.log.back(), "ledger.finish");
}

TEST(WorkloadPair, ASecondThatNeverStartedIsNotFinished) {
  Fixture f;
  Calls c;
  auto w = make_workload_pair(std::make_unique<Recording>(c, "fio", "start"), std::make_unique<Recording>(c, "ledger"));
  EXPECT_THROW(w->start(f.h, f.d), LabError);
  w->finish(f.h, f.d);
  EXPECT_EQ(c.log, (std::vector<std::string>{"fio.start", "fio.finish"}));
}

}  // namespace
}  // namespace harness
