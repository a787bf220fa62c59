// The ledger beside fio, end to end on the host: the real harness-ledger and its runner script
// through LocalRemote on a file standing in for the multipath device, the files saved in a run
// directory, and the run's judgement reading them back (harness/cli/run_judgement.hpp).
#include <gtest/gtest.h>

#include <fstream>

#include "drivers/ledger/ledger_workload.hpp"
#include "drivers/remote/local_remote.hpp"
#include "harness/cli/run_judgement.hpp"
#include "harness/core/data_dir.hpp"
#include "harness/core/clock.hpp"
#include "tests/unit/temp_dir.hpp"

namespace harness {
namespace {

struct LedgerRun {
  TempDir tmp;
  std::unique_ptr<Clock> clock_owner = make_system_clock();
  Clock& clock = *clock_owner;
  LocalRemote initiator{clock, "initiator"};
  LocalRemote peer{clock, "n1"};
  History history{HistoryHeader{"ledger-run", clock.now_ns(), clock.realtime_ns(), {}}};
  std::filesystem::path dev = tmp.path() / "dev";
  std::filesystem::path run_dir = tmp.path() / "run";
  std::unique_ptr<LedgerWorkload> workload;

  LedgerRun() {
    std::ofstream(dev, std::ios::binary) << std::string(2 * 1024 * 1024, '\0');
    LedgerOptions spec;
    spec.size = "1M";  // 256 blocks of 4 KiB
    spec.rate = 200;
    spec.in_flight = 8;
    spec.drain_s = 5;
    LedgerWorkloadOptions o;
    o.device = dev.string();
    o.offset_bytes = 1024 * 1024;  // after "fio's" first MiB
    o.duration_s = 1;
    o.run_id = ledger_run_id("ledger-run");
    o.seed = 7;
    o.work_dir = (tmp.path() / "harness-ledger-w").string();
    o.save_dir = run_dir / "ledger";
    o.program = built_file_path("drivers/ledger/harness-ledger");
    o.peers = {{"n1", &peer, dev.string()}};
    o.read_paths = false;  // no multipathd on the host
    o.poll_s = 0.1;
    o.to_host = guest_time_map(ClockOffset{});
    workload = std::make_unique<LedgerWorkload>(initiator, spec, o);
  }
  void load() {
    workload->start(history, Deadline::after(clock, 30));
    workload->finish(history, Deadline::after(clock, 30));
  }
  void read_back() {
    workload->readback_verify(history, Deadline::after(clock, 30));
    workload->after_verify(history, Deadline::after(clock, 30));
  }
  // Zeroes the first `blocks` blocks of the ledger's region, as a lost cache would leave them.
  void lose_blocks(int blocks) {
    std::fstream f(dev, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(1024 * 1024);
    f << std::string(static_cast<std::size_t>(blocks) * 4096, '\0');
  }
  std::vector<Event> events(const std::string& what) const {
    std::vector<Event> out;
    for (const auto& e : history.events())
      if (e.what == what) out.push_back(e);
    return out;
  }
};

TEST(LedgerJudgement, AnIntactRegionPassesAndEveryViewIsSavedAndNamed) {
  LedgerRun run;
  run.load();
  run.read_back();
  const auto logs = run.events("ledger_log");
  ASSERT_EQ(logs.size(), 1u);
  const auto& d = logs[0].data;
  EXPECT_EQ(d["file"], "ledger/write.log");
  EXPECT_GT(d["acknowledged"].get<int>(), 150);  // 200 writes/s for 1 s
  EXPECT_EQ(d["failed"], 0);
  EXPECT_EQ(d["exit"], 0);
  EXPECT_TRUE(d["complete"].get<bool>());
  EXPECT_TRUE(std::filesystem::exists(run.run_dir / "ledger/write.log"));
  const auto views = run.events("ledger_readback");
  ASSERT_EQ(views.size(), 2u);
  EXPECT_EQ(views[0].data["role"], "device");
  EXPECT_EQ(views[1].data["role"], "peer");
  EXPECT_EQ(views[1].node, "n1");
  EXPECT_TRUE(std::filesystem::exists(run.run_dir / "ledger/device.rbk"));
  EXPECT_TRUE(std::filesystem::exists(run.run_dir / "ledger/peer-n1.rbk"));

  const auto r = judge_ledger(Expect{}, run.history, run.run_dir);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->name, "ledger");
  EXPECT_EQ(r->verdict, Verdict::pass) << r->summary;
  EXPECT_EQ(r->metrics["acknowledged"], d["acknowledged"]);
}

TEST(LedgerJudgement, BlocksLostAfterTheirAcknowledgementFailTheRun) {
  LedgerRun run;
  run.load();
  run.lose_blocks(32);  // an eighth of the region: some of its blocks were written and acked
  run.read_back();
  const auto r = judge_ledger(Expect{}, run.history, run.run_dir);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->verdict, Verdict::fail) << r->summary;
  EXPECT_GT(r->metrics["findings"]["lost"].get<int>(), 0) << r->metrics.dump();
  EXPECT_NE(r->summary.find("lost"), std::string::npos) << r->summary;
}

TEST(LedgerJudgement, NoLedgerLogMeansNoLedgerCheck) {
  VirtualClock clock;
  History h(HistoryHeader{"fio-only", clock.now_ns(), clock.realtime_ns(), {}});
  EXPECT_FALSE(judge_ledger(Expect{}, h, "/nonexistent").has_value());
}

TEST(LedgerJudgement, AMissingLogFileIsUnknownNamingTheFile) {
  VirtualClock clock;
  TempDir tmp;
  History h(HistoryHeader{"gone", clock.now_ns(), clock.realtime_ns(), {}});
  h.add(clock.now_ns(), EventKind::verify, "initiator", "ledger_log",
        {{"file", "ledger/write.log"}, {"mono_to_host_ns", 0}});
  const auto r = judge_ledger(Expect{}, h, tmp.path());
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->verdict, Verdict::unknown);
  EXPECT_NE(r->summary.find("ledger/write.log"), std::string::npos) << r->summary;
}

}  // namespace
}  // namespace harness
