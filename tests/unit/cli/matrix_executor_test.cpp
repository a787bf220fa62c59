// The matrix executor on fakes: a deploy group shares one lab (deployed once, snapshotted,
// reverted and audited per run), a failed audit costs that run exit 3 and the group a new lab,
// and fresh labs give every run its own.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "drivers/faults/fault_factory.hpp"
#include "fakes/fail_plan.hpp"
#include "fakes/fake_lab.hpp"
#include "fakes/fake_observer.hpp"
#include "fakes/fake_system_under_test.hpp"
#include "fakes/fake_workload.hpp"
#include "harness/cli/matrix_executor.hpp"
#include "harness/core/clock.hpp"
#include "harness/scenario/schedule.hpp"
#include "reports/run_dir.hpp"
#include "reports/writers.hpp"
#include "unit/temp_dir.hpp"
#include "unit/runner/runner_fixture.hpp"

namespace harness {
namespace {

struct MatrixFixture {
  MatrixFixture() {
    for (const char* name : {"alpha", "beta"}) {
      Scenario s = testing::node_kill_scenario();
      s.name = name;
      s.file = dir.path() / (std::string(name) + ".json");
      write_file(s.file, "{}");
      scenarios.push_back(s);
    }
    o.out = dir.path() / "runs";
    o.make_lab = [this](const Scenario&, const std::string&, std::uint64_t) {
      auto lab = std::make_shared<FakeLab>(clock, plan);
      auto sut = std::make_shared<FakeSystemUnderTest>(clock, plan);
      FakeLab* l = lab.get();
      sut->set_roles([l] { return l->state("n1").powered ? Roles{"n1", "n2"} : Roles{"n2", "n1"}; });
      labs.push_back(lab);
      suts.push_back(sut);
      return LabAndSut{lab, sut, image};
    };
    o.make_drivers = [this](const LabAndSut& parts, const Scenario& sc, const std::string&,
                            const std::filesystem::path&, std::uint64_t) {
      Drivers d;
      d.lab = parts.lab;
      d.sut = parts.sut;
      FakeWorkloadOptions w;
      w.runtime_s = sc.workload.runtime_s;
      d.workload = std::make_unique<FakeWorkload>(clock, plan, w);
      d.observers.push_back(std::make_unique<FakeObserver>("cluster", clock, plan));
      d.faults = make_fault_factory();
      return d;
    };
    // The executor's mechanics, not the checks (the fakes fence nobody): every run passes.
    o.checks = [](const Scenario&, const History&) {
      return std::vector<CheckResult>{{"stub", Verdict::pass, "passes", {}, {}}};
    };
    ctx.quiet = true;
  }

  std::vector<ExecGroup> one_group() const {
    return {{"0123456789abcdef", "test", {{0, 1, 11, 300}, {1, 1, 12, 300}}}};
  }

  MatrixExecResult run(const std::vector<ExecGroup>& groups) {
    return execute_matrix(scenarios, groups, o, ctx, clock, stop);
  }

  TempDir dir;
  VirtualClock clock;
  FailPlan plan;
  StopControl stop{nullptr};
  CliContext ctx;
  MatrixExecOptions o;
  std::vector<Scenario> scenarios;
  std::optional<ImageInfo> image;  // what the fake labs say they boot
  std::vector<std::shared_ptr<FakeLab>> labs;
  std::vector<std::shared_ptr<FakeSystemUnderTest>> suts;
};

TEST(MatrixExecutor, ADeployGroupDeploysOnceAndRevertsAndAuditsBeforeEachRun) {
  MatrixFixture f;
  auto res = f.run(f.one_group());
  EXPECT_EQ(res.worst_exit, 0);
  ASSERT_EQ(f.labs.size(), 1u);
  EXPECT_EQ(f.labs[0]->provision_calls(), 1);
  EXPECT_EQ(f.suts[0]->deploy_calls, 1);
  EXPECT_EQ(f.labs[0]->revert_calls(), 2);
  EXPECT_EQ(f.suts[0]->audit_calls, 2);
  EXPECT_EQ(f.labs[0]->teardown_calls(), 1) << "removed after the group's last run";
  const auto& ops = f.labs[0]->ops();
  ASSERT_GE(ops.size(), 3u);
  EXPECT_EQ(ops[0], "provision");
  EXPECT_EQ(ops[1], "snapshot settled");
  EXPECT_EQ(ops[2], "revert settled");
  EXPECT_EQ(ops.back(), "teardown");
  ASSERT_EQ(res.outcomes.size(), 2u);
  for (const auto& so : res.outcomes) {
    ASSERT_EQ(so.repeats.size(), 1u);
    EXPECT_EQ(so.repeats[0].lab_mode, "reverted");
    EXPECT_EQ(so.repeats[0].deploy_key, "0123456789abcdef");
    EXPECT_EQ(so.repeats[0].exit_code, 0);
  }
  EXPECT_EQ(res.outcomes[0].repeats[0].seed, 11u);
  EXPECT_EQ(res.outcomes[1].repeats[0].seed, 12u);
}

TEST(MatrixExecutor, AFailedAuditIsThatRunsInfrastructureErrorAndTheGroupDeploysANewLab) {
  std::size_t audit_call = 0;
  {
    MatrixFixture clean;
    clean.run(clean.one_group());
    const auto& log = clean.plan.log();
    audit_call = static_cast<std::size_t>(std::find(log.begin(), log.end(), "sut.audit") - log.begin()) + 1;
    ASSERT_LE(audit_call, log.size());
  }
  MatrixFixture f;
  f.plan.fail_at(audit_call);
  auto res = f.run(f.one_group());
  ASSERT_EQ(res.outcomes.size(), 2u);
  EXPECT_EQ(res.outcomes[0].repeats[0].exit_code, 3);
  EXPECT_EQ(res.outcomes[1].repeats[0].exit_code, 0);
  EXPECT_EQ(res.worst_exit, 3);
  ASSERT_EQ(f.labs.size(), 2u) << "the failed audit's lab is not used again";
  EXPECT_EQ(f.labs[0]->teardown_calls(), 1);
  EXPECT_EQ(f.labs[1]->provision_calls(), 1);
  EXPECT_EQ(f.labs[1]->teardown_calls(), 1);
  ASSERT_EQ(res.reports.size(), 2u);
  EXPECT_NE(res.reports[0].error.find("audit"), std::string::npos) << res.reports[0].error;
}

TEST(MatrixExecutor, AGroupThatCannotDeployFailsThatRunAndTriesAgainForTheNext) {
  MatrixFixture f;
  f.plan.fail_at(1);  // the first lab's provision
  auto res = f.run(f.one_group());
  ASSERT_EQ(res.reports.size(), 2u);
  EXPECT_EQ(res.reports[0].exit_code, 3);
  EXPECT_NE(res.reports[0].error.find("deploy group"), std::string::npos) << res.reports[0].error;
  EXPECT_EQ(res.reports[1].exit_code, 0) << res.reports[1].error;
  ASSERT_EQ(f.labs.size(), 2u);
  EXPECT_EQ(f.labs[0]->teardown_calls(), 1) << "a half-made group lab is removed";
}

TEST(MatrixExecutor, FreshLabsGiveEveryRunItsOwnLab) {
  MatrixFixture f;
  f.o.fresh_labs = true;
  auto res = f.run(f.one_group());
  EXPECT_EQ(res.worst_exit, 0);
  ASSERT_EQ(f.labs.size(), 2u);
  for (const auto& l : f.labs) {
    EXPECT_EQ(l->provision_calls(), 1);
    EXPECT_EQ(l->revert_calls(), 0);
    EXPECT_EQ(l->teardown_calls(), 1);
  }
  EXPECT_EQ(res.outcomes[0].repeats[0].lab_mode, "fresh");
}

// A random step is drawn from the run's seed before the run: the runner fires the drawn fault
// step (an undrawn one it would refuse), and schedule.json in the run directory records it.
TEST(MatrixExecutor, ARandomStepIsDrawnFromTheRunsSeedAndRecordedInScheduleJson) {
  MatrixFixture f;
  RandomStep rs;
  FaultTemplate kill;
  kill.fault.kind = "node_kill";
  rs.faults = {kill};
  rs.targets = {"active", "standby"};
  rs.at_s = {5, 15};
  Step& step = f.scenarios[0].steps[0];  // "kill"; the heal step at 40 s names it
  step.fault.reset();
  step.random = rs;
  step.at_s = 5;
  auto res = f.run({{"0123456789abcdef", "test", {{0, 1, 11, 300}}}});
  ASSERT_EQ(res.reports.size(), 1u);
  EXPECT_EQ(res.reports[0].exit_code, 0) << res.reports[0].error;
  EXPECT_EQ(res.reports[0].seed, 11u);

  const auto run_dir = std::filesystem::path(res.outcomes.at(0).repeats.at(0).run_dir);
  const auto written = nlohmann::json::parse(read_text(run_dir / "schedule.json"));
  const nlohmann::json expected = schedule_json(draw_schedule(f.scenarios[0], 11));
  EXPECT_EQ(written, expected);
  EXPECT_EQ(written["seed"], 11);
  ASSERT_EQ(written["steps"].size(), 2u);
  EXPECT_EQ(written["steps"][0]["drawn"], true);
  EXPECT_EQ(written["steps"][0]["fault"], "node_kill");
  EXPECT_EQ(written["steps"][1]["heal"], "kill");
  // The drawn step fired: the runner noted the roles it resolved its target with.
  EXPECT_NE(read_text(run_dir / "history.jsonl").find("\"step\":\"kill\""), std::string::npos);
}

// Every run keeps the manifest of the image it booted and names the image in result.json, on a
// group's shared lab as on a fresh one, so that `harness compare` can diff the packages later.
TEST(MatrixExecutor, EveryRunDirectoryCarriesItsImagesManifestAndResultJsonNamesTheImage) {
  for (bool fresh : {false, true}) {
    MatrixFixture f;
    f.o.fresh_labs = fresh;
    const auto image_dir = f.dir.path() / "images" / "trixie-0123456789ab";
    std::filesystem::create_directories(image_dir);
    write_file(image_dir / "manifest.txt", "corosync 3.1.9-1\npacemaker 3.0.0-3\n");
    ImageInfo info;
    info.recipe = "trixie";
    info.hash = "0123456789abcdef0123";
    info.dir = image_dir;
    info.manifest = image_dir / "manifest.txt";
    f.image = info;
    auto res = f.run(f.one_group());
    ASSERT_EQ(res.outcomes.size(), 2u) << "fresh " << fresh;
    for (const auto& so : res.outcomes) {
      const std::filesystem::path run_dir = so.repeats.at(0).run_dir;
      const RunDirFiles files = run_dir_files(run_dir);
      EXPECT_EQ(read_text(files.image_manifest), "corosync 3.1.9-1\npacemaker 3.0.0-3\n")
          << run_dir << " fresh " << fresh;
      const RunReport r = read_result_json(files.result);
      EXPECT_EQ(r.versions.value("image", ""), "trixie");
      EXPECT_EQ(r.versions.value("image_hash", ""), "0123456789abcdef0123");
    }
  }
}

TEST(MatrixExecutor, ALabWithoutAnImageLeavesNoManifestAndNamesNone) {
  MatrixFixture f;
  auto res = f.run(f.one_group());
  const std::filesystem::path run_dir = res.outcomes.at(0).repeats.at(0).run_dir;
  EXPECT_FALSE(std::filesystem::exists(run_dir_files(run_dir).image_manifest));
  EXPECT_FALSE(read_result_json(run_dir_files(run_dir).result).versions.contains("image"));
}

}  // namespace
}  // namespace harness
