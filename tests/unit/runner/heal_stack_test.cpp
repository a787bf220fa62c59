#include <memory>
#include <sstream>
#include <stop_token>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/core/errors.hpp"
#include "harness/runner/heal_stack.hpp"

namespace harness {
namespace {

// A fault that only logs what happens to it; its heal can be made to throw.
class LoggedFault final : public Fault {
 public:
  LoggedFault(std::string id, std::vector<std::string>& log, bool heal_throws = false,
              std::function<void()> on_heal = {})
      : log_(log), heal_throws_(heal_throws), on_heal_(std::move(on_heal)) {
    set_step_id(std::move(id));
  }
  std::string describe() const override { return "logged " + step_id(); }
  void inject(History&, const Deadline&) override { log_.push_back("inject " + step_id()); }
  void heal(History&, const Deadline& d) override {
    if (on_heal_) on_heal_();
    d.check("heal " + step_id());
    log_.push_back("heal " + step_id() + " " + heal_reason());
    if (heal_throws_) throw LabError("cannot heal " + step_id());
  }

 private:
  std::vector<std::string>& log_;
  bool heal_throws_;
  std::function<void()> on_heal_;
};

struct HealStackTest : ::testing::Test {
  VirtualClock clock;
  History history;
  Progress progress{clock, clock.now_ns(), nullptr};
  std::vector<std::string> log;
  HealStack stack;
  Deadline deadline() { return Deadline::after(clock, 60); }
};

TEST_F(HealStackTest, UnwindsNewestFirstWithReasonUnwind) {
  stack.push(std::make_unique<LoggedFault>("a", log));
  stack.push(std::make_unique<LoggedFault>("b", log));
  stack.push(std::make_unique<LoggedFault>("c", log));
  auto r = stack.unwind(history, deadline(), progress);
  EXPECT_EQ(r.healed, 3u);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(log, (std::vector<std::string>{"heal c unwind", "heal b unwind", "heal a unwind"}));
  EXPECT_TRUE(stack.empty());
}

TEST_F(HealStackTest, TakeRemovesThatFaultNotTheTop) {
  stack.push(std::make_unique<LoggedFault>("a", log));
  stack.push(std::make_unique<LoggedFault>("b", log));
  stack.push(std::make_unique<LoggedFault>("c", log));
  auto b = stack.take("b");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->step_id(), "b");
  EXPECT_EQ(stack.step_ids(), (std::vector<std::string>{"a", "c"}));
  EXPECT_FALSE(stack.contains("b"));
  EXPECT_EQ(stack.take("b"), nullptr);  // already taken
  EXPECT_EQ(stack.take("nope"), nullptr);
  stack.unwind(history, deadline(), progress);
  EXPECT_EQ(log, (std::vector<std::string>{"heal c unwind", "heal a unwind"}));
}

TEST_F(HealStackTest, EveryHealIsAttemptedAfterOneThrowsAndErrorsNameTheStep) {
  stack.push(std::make_unique<LoggedFault>("a", log));
  stack.push(std::make_unique<LoggedFault>("b", log, /*heal_throws=*/true));
  stack.push(std::make_unique<LoggedFault>("c", log));
  auto r = stack.unwind(history, deadline(), progress);
  EXPECT_EQ(log, (std::vector<std::string>{"heal c unwind", "heal b unwind", "heal a unwind"}));
  EXPECT_EQ(r.healed, 2u);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].find("step b"), std::string::npos) << r.errors[0];
  EXPECT_NE(r.errors[0].find("cannot heal b"), std::string::npos) << r.errors[0];
  EXPECT_TRUE(stack.empty());  // a failed heal is reported, not retried
}

TEST_F(HealStackTest, AbortSkipsRemainingHealsAndAnAbortMidHealIsNotAnError) {
  std::stop_source abort;
  stack.push(std::make_unique<LoggedFault>("a", log));
  stack.push(std::make_unique<LoggedFault>("b", log));
  // The abort arrives while c is being healed: c's heal sees it, a and b are never tried.
  stack.push(std::make_unique<LoggedFault>("c", log, false, [&] { abort.request_stop(); }));
  auto r = stack.unwind(history, Deadline::after(clock, 60, abort.get_token()), progress);
  EXPECT_TRUE(log.empty());
  EXPECT_EQ(r.healed, 0u);
  EXPECT_EQ(r.skipped, 3u);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_TRUE(stack.empty());
}

TEST_F(HealStackTest, ProgressSaysWhatWasHealed) {
  std::ostringstream out;
  Progress loud(clock, clock.now_ns(), &out);
  stack.push(std::make_unique<LoggedFault>("cut", log));
  stack.unwind(history, deadline(), loud);
  EXPECT_NE(out.str().find("heal: step cut: logged cut healed"), std::string::npos) << out.str();
}

}  // namespace
}  // namespace harness
