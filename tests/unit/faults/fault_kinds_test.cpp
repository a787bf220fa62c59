// The registry of fault kinds (drivers/faults/fault_kinds.cpp) and what reads it: the factory,
// the re-check of steps built in code, the capability check and the inject event's effect.
#include <set>

#include <gtest/gtest.h>

#include "drivers/faults/events.hpp"
#include "drivers/faults/fault_kinds.hpp"
#include "fault_fixture.hpp"
#include "harness/core/errors.hpp"
#include "harness/runner/validate.hpp"

namespace harness {
namespace {

using testing::FaultFixture;

TEST(FaultKinds, EachKindIsListedOnceAndFullyDeclared) {
  std::set<std::string_view> names;
  for (const FaultKind* k : fault_kinds()) {
    EXPECT_TRUE(names.insert(k->step.name).second) << k->step.name << " listed twice";
    EXPECT_FALSE(k->step.doc.empty()) << k->step.name;
    EXPECT_FALSE(k->step.targets.empty()) << k->step.name;
    EXPECT_TRUE(k->make) << k->step.name;
    for (const auto& o : k->step.options) {
      EXPECT_TRUE(o.read) << k->step.name << "." << o.key;
      EXPECT_FALSE(o.schema.empty()) << k->step.name << "." << o.key;
      if (o.required) {
        EXPECT_FALSE(o.expected.empty()) << k->step.name << "." << o.key;
      }
    }
  }
  EXPECT_EQ(fault_step_rules().size(), fault_kinds().size());
  EXPECT_EQ(registered_fault_kind("node_kill")->step.name, "node_kill");
  EXPECT_EQ(registered_fault_kind("nuke"), nullptr);
}

TEST(FaultKinds, TheFactoryRefusesAKindNobodyDeclared) {
  FaultFixture fx;
  EXPECT_THROW(fx.make(FaultFixture::spec("nuke"), "n1"), ScenarioError);
}

// A spec built in code gets the defaults a scenario file would (disk_error's mode).
TEST(FaultKinds, TheFactoryFillsInTheKindsDefaults) {
  FaultFixture fx;
  EXPECT_EQ(fx.make(FaultFixture::spec("disk_error"), "n1")->describe(), "disk_error n1 error");
}

// The effect is declared by the kind and recorded on its inject: node_kill says its node is
// gone, a cable pull does not.
TEST(FaultKinds, TheInjectCarriesTheDeclaredNodeLoss) {
  FaultFixture fx;
  fx.make(FaultFixture::spec("node_kill"), "n1", "kill")->inject(fx.history, fx.deadline());
  auto cut = FaultFixture::spec("link_cut");
  cut.options["nics"] = std::vector<std::string>{"san0"};
  fx.make(cut, "n2", "cut")->inject(fx.history, fx.deadline());
  auto inj = fx.events(EventKind::inject);
  ASSERT_EQ(inj.size(), 2u);
  EXPECT_TRUE(injects_node_loss(inj[0]));
  EXPECT_EQ(inj[0].data.at(kInjectNodeLost), true);
  EXPECT_FALSE(injects_node_loss(inj[1]));
  EXPECT_FALSE(inj[1].data.contains(kInjectNodeLost));
}

Scenario one_step(FaultSpec f) {
  Scenario s;
  s.file = "code.json";
  Step step;
  step.id = "x";
  step.fault = std::move(f);
  s.steps = {step};
  return s;
}

std::string validation_error(const Scenario& s, const Lab& lab) {
  try {
    validate_against_lab(s, lab);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(accepted)";
}

// Steps built in code meet the parser's own rules and messages before anything starts.
TEST(FaultKinds, ValidationReadsCodeBuiltStepsThroughTheKindsRules) {
  FaultFixture fx;
  auto ring = FaultFixture::spec("ring_loss", "n1");
  EXPECT_NE(validation_error(one_step(ring), fx.lab).find("code.json: /steps/0/ring: expected a ring number"),
            std::string::npos);
  ring.options["ring"] = 1;
  EXPECT_EQ(validation_error(one_step(ring), fx.lab), "(accepted)");
  EXPECT_NE(validation_error(one_step(FaultFixture::spec("nuke")), fx.lab).find("code.json: /steps/0/fault: expected"),
            std::string::npos);
  EXPECT_NE(validation_error(one_step(FaultFixture::spec("node_kill", "initiator")), fx.lab)
                .find("/steps/0/target: "),
            std::string::npos);
}

}  // namespace
}  // namespace harness
