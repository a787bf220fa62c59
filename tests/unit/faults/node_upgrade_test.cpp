#include <gtest/gtest.h>

#include "drivers/faults/events.hpp"
#include "drivers/faults/fault_kind.hpp"
#include "drivers/faults/fault_kinds.hpp"
#include "drivers/faults/node_upgrade.hpp"
#include "fault_fixture.hpp"
#include "tests/unit/recording.hpp"

namespace harness {
namespace {

using testing::FaultFixture;
using testing::result;

FaultSpec upgrade_spec(const std::string& image = "trixie", const std::string& target = "standby") {
  auto f = FaultFixture::spec("node_upgrade", target);
  f.options["image"] = image;
  return f;
}

// The node answers dpkg-query with the recording of whichever image it runs now.
void answer_versions(FaultFixture& fx, const std::string& node) {
  fx.lab.fake_remote(node).respond(stack_versions_argv(), [&fx, node](const Argv&) {
    return result(0, test::recording(fx.lab.image_of(node) == "trixie"
                                         ? "trixie/stack_versions.n2.txt"
                                         : "deployed/stack_versions.n1.txt"));
  });
}

TEST(FaultNodeUpgrade, TakesOutReimagesWhileOffAndBringsBackInThatOrder) {
  FaultFixture fx;
  fx.lab.add_image("trixie");
  answer_versions(fx, "n2");
  fx.history.add(0, EventKind::note, "", "x");
  fx.lab.watch_lifecycle(fx.history);
  auto fault = fx.make(upgrade_spec(), "n2", "up");
  const std::size_t ops_before = fx.lab.ops().size();  // the provisioning's
  fault->inject(fx.history, fx.deadline());

  EXPECT_EQ(fx.sut.maintenance, (std::vector<std::string>{"take_out n2", "bring_back n2"}));
  // Reimaged only while off: the lab's own order of operations.
  EXPECT_EQ(std::vector<std::string>(fx.lab.ops().begin() + ops_before, fx.lab.ops().end()),
            (std::vector<std::string>{"power_off n2", "reimage n2 trixie", "power_on n2"}));
  EXPECT_EQ(fx.lab.image_of("n2"), "trixie");
  EXPECT_EQ(fx.lab.image_of("n1"), "default");
  EXPECT_TRUE(fx.lab.state("n2").powered);
  // take_out came before the power-off, bring_back after the power-on.
  const auto& log = fx.plan.log();
  auto at = [&](const std::string& call) {
    return std::find(log.begin(), log.end(), call) - log.begin();
  };
  EXPECT_LT(at("sut.take_out n2"), at("lab.power_off n2"));
  EXPECT_LT(at("lab.power_on n2"), at("sut.bring_back n2"));

  auto inj = fx.events(EventKind::inject);
  ASSERT_EQ(inj.size(), 1u);
  EXPECT_EQ(inj[0].data.at("from_image"), "default");
  EXPECT_EQ(inj[0].data.at("to_image"), "trixie");
  EXPECT_EQ(inj[0].data.at("versions_before").at("pacemaker"), "2.1.5-1+deb12u1");
  EXPECT_EQ(inj[0].data.at("versions_after").at("pacemaker"), "3.0.0-2");
  // The node is out of service after take_out and back once bring_back returned.
  auto change = image_change(inj[0]);
  ASSERT_TRUE(change);
  EXPECT_EQ(change->node, "n2");
  EXPECT_LT(change->start_ns, change->out_ns);
  EXPECT_LT(change->out_ns, change->back_ns);
  EXPECT_LE(change->back_ns, inj[0].data.at("call_end_ns").get<std::int64_t>());
  // Its own power-off is the harness's, not a fencing.
  for (const auto& e : fx.events(EventKind::lifecycle)) EXPECT_EQ(e.data.at("cause"), "harness");

  // An upgrade is not undone: the heal records and changes nothing.
  fault->heal(fx.history, fx.deadline());
  EXPECT_EQ(fx.lab.image_of("n2"), "trixie");
  EXPECT_EQ(fx.events(EventKind::heal).at(0).data.at("skipped"), "an upgrade is not undone");
}

TEST(FaultNodeUpgrade, ANodeAlreadyOnTheImageIsRefusedBeforeAnythingIsTouched) {
  FaultFixture fx;
  auto fault = fx.make(upgrade_spec("default"), "n1");
  const auto ops_before = fx.lab.ops();
  EXPECT_THROW(
      {
        try {
          fault->inject(fx.history, fx.deadline());
        } catch (const LabError& e) {
          EXPECT_NE(std::string(e.what()).find("n1 already runs image default"), std::string::npos)
              << e.what();
          throw;
        }
      },
      LabError);
  EXPECT_TRUE(fx.sut.maintenance.empty());
  EXPECT_EQ(fx.lab.ops(), ops_before);
}

TEST(FaultNodeUpgrade, AnUnbuiltImageIsWhatTheLabLacksBeforeTheRun) {
  FaultFixture fx;
  const FaultKind* kind = registered_fault_kind("node_upgrade");
  ASSERT_NE(kind, nullptr);
  ASSERT_TRUE(kind->lab_lacks);
  EXPECT_NE(kind->lab_lacks(fx.lab, upgrade_spec("trixie")).find("harness image build trixie"),
            std::string::npos);
  fx.lab.add_image("trixie");
  EXPECT_EQ(kind->lab_lacks(fx.lab, upgrade_spec("trixie")), "");
  // `--image trixie` on the rolling upgrade: nothing to upgrade from.
  EXPECT_NE(kind->lab_lacks(fx.lab, upgrade_spec("default")).find("the lab runs default already"),
            std::string::npos);
  // A lab that cannot reimage says so.
  NonPausableLab plain(fx.lab);
  EXPECT_NE(kind->lab_lacks(plain, upgrade_spec("trixie")).find("cannot"), std::string::npos);
}

TEST(FaultNodeUpgrade, ItsStepsArePermanentSoAMatrixGivesThemALabOfTheirOwn) {
  const FaultKind* kind = registered_fault_kind("node_upgrade");
  ASSERT_NE(kind, nullptr);
  EXPECT_TRUE(kind->step.permanent);
  EXPECT_TRUE(with_defaults(kind->step, upgrade_spec()).permanent);
  EXPECT_FALSE(with_defaults(registered_fault_kind("node_kill")->step, FaultFixture::spec("node_kill"))
                   .permanent);
}

// dpkg-query's lines and the kernel line as both images answer them (recorded in the lab).
TEST(StackVersions, ParsesBothImagesRecordings) {
  auto a = parse_stack_versions(test::recording("deployed/stack_versions.n1.txt"));
  auto b = parse_stack_versions(test::recording("trixie/stack_versions.n2.txt"));
  for (const char* p : {"pacemaker", "corosync", "drbd-utils", "resource-agents", "kernel"}) {
    ASSERT_TRUE(a.contains(p)) << p;
    ASSERT_TRUE(b.contains(p)) << p;
  }
  EXPECT_EQ(a.at("pacemaker"), "2.1.5-1+deb12u1");
  EXPECT_EQ(b.at("pacemaker"), "3.0.0-2");
  EXPECT_EQ(a.at("kernel").get<std::string>().rfind("6.1.", 0), 0u);
  EXPECT_EQ(b.at("kernel").get<std::string>().rfind("6.12.", 0), 0u);
  // trixie lists fence-agents without a version (only its split packages are installed): left
  // out rather than recorded as empty, as any line without a version.
  EXPECT_FALSE(b.contains("fence-agents"));
  EXPECT_EQ(parse_stack_versions("pacemaker\n\nkernel 6.1.0\n"), (nlohmann::json{{"kernel", "6.1.0"}}));
}

}  // namespace
}  // namespace harness
