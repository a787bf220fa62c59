// The numbers behind the timeline: origin, buckets (counts, gaps, max latency), fault pairing,
// state transitions, and the bounds that keep the page small.
#include <gtest/gtest.h>

#include "reports/evidence_text.hpp"
#include "reports/text_util.hpp"
#include "reports/timeline_model.hpp"
#include "reports/timeline_svg.hpp"
#include "tests/unit/reports/report_fixtures.hpp"

namespace harness {
namespace {

using namespace harness::testing;

const StateRow* row(const TimelineModel& m, const std::string& name) {
  for (const auto& r : m.rows)
    if (r.name == name) return &r;
  return nullptr;
}

TEST(ReportTimeline, OriginAndRangeFollowTheWorkload) {
  const auto m = build_timeline(sample_history().events());
  EXPECT_EQ(m.origin_ns, kT0);
  EXPECT_EQ(m.origin_label, "workload start");
  EXPECT_EQ(m.start_ns, kT0);
  EXPECT_EQ(m.end_ns, kT0 + 60 * kSec);  // not the teardown destroy at +200 s
  EXPECT_EQ(m.io.bucket_ns, 100'000'000);
  EXPECT_EQ(m.io.completions.size(), 600u);
}

TEST(ReportTimeline, WithoutWorkloadPhaseTheFirstIoIsTheOrigin) {
  History h;
  h.add(5 * kSec, EventKind::note, "", "run");
  h.add(7 * kSec, EventKind::io, "initiator", "write", {{"lat_ns", 1000}});
  h.add(9 * kSec, EventKind::io, "initiator", "write", {{"lat_ns", 1000}});
  const auto m = build_timeline(h.events());
  EXPECT_EQ(m.origin_ns, 7 * kSec);
  EXPECT_EQ(m.end_ns, 9 * kSec);
  EXPECT_NE(m.origin_label.find("first I/O"), std::string::npos);
}

TEST(ReportTimeline, BucketsCountRateGapsAndMaxLatency) {
  const auto m = build_timeline(sample_history(20'000).events());
  std::size_t total = 0;
  for (auto c : m.io.completions) total += c;
  EXPECT_EQ(total, 20'001u);
  EXPECT_EQ(m.io_total, 20'001u);
  EXPECT_EQ(m.io_errors, 1u);
  // The stall [20 s, 24.2 s): buckets 200..241 are empty and have no latency.
  for (std::size_t b = 200; b < 242; ++b) {
    EXPECT_EQ(m.io.completions[b], 0u) << b;
    EXPECT_EQ(m.io.max_lat_ns[b], -1) << b;
  }
  EXPECT_GT(m.io.completions[199], 0u);
  // The first completion after the stall carries it.
  EXPECT_EQ(m.io.max_lat_ns[242], 4'200'000'000);
  EXPECT_EQ(m.io_max_lat_ns, 4'200'000'000);
  EXPECT_EQ(m.io.max_lat_ns[100], 500'000);  // 200 µs + 6 * 50 µs over the bucket
}

TEST(ReportTimeline, LongRunsGetCoarserWholeBuckets) {
  History h;
  h.add(0, EventKind::phase, "", "workload", {{"state", "begin"}});
  h.add(10 * 3600 * kSec, EventKind::phase, "", "workload", {{"state", "end"}});
  const auto m = build_timeline(h.events());
  EXPECT_LE(m.io.completions.size(), kMaxTimelineBuckets);
  EXPECT_EQ(m.io.bucket_ns % 100'000'000, 0);
  EXPECT_EQ(m.io.bucket_ns, 12'000'000'000);  // 360000 base buckets / 3000 = 120 x 100 ms
}

TEST(ReportTimeline, FaultsPairByStepAndUnhealedRunToTheEnd) {
  History h;
  h.add(0, EventKind::phase, "", "workload", {{"state", "begin"}});
  h.add(1 * kSec, EventKind::inject, "n1", "link_cut", {{"step", "a"}});
  h.add(2 * kSec, EventKind::inject, "n1", "link_cut", {{"step", "b"}});
  h.add(3 * kSec, EventKind::inject, "n2", "pause", {{"step", "c"}});
  h.add(4 * kSec, EventKind::heal, "n1", "link_cut", {{"step", "b"}});
  h.add(5 * kSec, EventKind::heal, "n1", "link_cut", {{"reason", "unwind"}});  // no step: oldest open
  h.add(10 * kSec, EventKind::phase, "", "workload", {{"state", "end"}});
  const auto m = build_timeline(h.events());
  ASSERT_EQ(m.faults.size(), 3u);
  EXPECT_EQ(m.faults[0].heal_ns, 5 * kSec);
  EXPECT_EQ(m.faults[1].heal_ns, 4 * kSec);
  EXPECT_FALSE(m.faults[2].healed);
  EXPECT_EQ(m.faults[2].heal_ns, 10 * kSec);
  EXPECT_NE(render_timeline_svg(m).find("pause n2 (not healed)"), std::string::npos);
}

TEST(ReportTimeline, PathAluaAndClusterRowsKeepOnlyChanges) {
  const auto m = build_timeline(sample_history().events());
  const StateRow* p1 = row(m, "paths n1");
  ASSERT_NE(p1, nullptr);
  ASSERT_EQ(p1->spans.size(), 2u);
  EXPECT_EQ(p1->spans[0].label, "2/2");
  EXPECT_EQ(p1->spans[0].tone, "good");
  EXPECT_EQ(p1->spans[1].label, "0/2");
  EXPECT_EQ(p1->spans[1].tone, "bad");
  EXPECT_EQ(p1->spans[1].from_ns, kT0 + 22 * kSec);
  const StateRow* p2 = row(m, "paths n2");
  ASSERT_NE(p2, nullptr);
  EXPECT_EQ(p2->spans.size(), 1u);  // unchanged across two observations

  const StateRow* a1 = row(m, "ALUA n1");
  ASSERT_NE(a1, nullptr);
  ASSERT_EQ(a1->spans.size(), 2u);
  EXPECT_EQ(a1->spans[0].label, "AO");
  EXPECT_EQ(a1->spans[1].label, "U");
  const StateRow* a2 = row(m, "ALUA n2");
  ASSERT_NE(a2, nullptr);
  EXPECT_EQ(a2->spans[0].label, "ANO");
  EXPECT_EQ(a2->spans[1].label, "AO");

  const StateRow* c1 = row(m, "crm n1");
  ASSERT_NE(c1, nullptr);
  // n1 observed itself online until the fence destroyed it (30.005 s): nobody observed it from
  // then until n2's sample saw it offline.
  ASSERT_EQ(c1->spans.size(), 3u);
  EXPECT_EQ(c1->spans[1].tone, "nodata");
  EXPECT_EQ(c1->spans[1].from_ns, kT0 + 30 * kSec + 5'000'000);
  EXPECT_EQ(c1->spans[2].label, "OFFLINE (unclean)");
  EXPECT_EQ(c1->spans[2].tone, "bad");
  // Lane order: paths, then ALUA, then cluster.
  EXPECT_EQ(m.rows.front().lane, "paths");
  EXPECT_EQ(m.rows.back().lane, "cluster");
}

TEST(ReportTimeline, FlappingStatesAndManyMarkersStayBounded) {
  History h;
  h.add(0, EventKind::phase, "", "workload", {{"state", "begin"}});
  for (int i = 0; i < 100'000; ++i) {
    h.add(i * 1'000'000LL, EventKind::observation, "n1", "alua",
          {{"groups", {{"n1", i % 2 ? "standby" : "active/optimized"}}}});
    h.add(i * 1'000'000LL, EventKind::fence, "n2", "reboot", {{"status", "failed"}});
  }
  const auto m = build_timeline(h.events());
  EXPECT_EQ(m.markers.size(), kMaxMarkers);
  EXPECT_EQ(m.markers_dropped, 100'000u - kMaxMarkers);
  const std::string svg = render_timeline_svg(m);
  // At most one state rect per pixel column (1034 px of plot).
  std::size_t rects = 0;
  for (std::size_t pos = 0; (pos = svg.find("<g class=\"st ", pos)) != std::string::npos; ++pos)
    ++rects;
  EXPECT_LE(rects, 1100u);
  EXPECT_LT(svg.size(), 400'000u);
}

TEST(ReportTimeline, NiceAxisSteps) {
  EXPECT_DOUBLE_EQ(nice_step(60, 14), 5);
  EXPECT_DOUBLE_EQ(nice_step(3600, 14), 500);
  EXPECT_DOUBLE_EQ(nice_step(1, 14), 0.1);
}

TEST(ReportText, XmlSafeReplacesOnlyWhatXmlCannotCarry) {
  EXPECT_EQ(xml_safe("é € 🚀 \t\n\r ok"), "é € 🚀 \t\n\r ok");
  EXPECT_EQ(xml_safe(std::string("a\x01" "b\x1b" "c", 5)), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c");
  EXPECT_EQ(xml_safe("\xC3"), "\xEF\xBF\xBD");              // torn sequence
  EXPECT_EQ(xml_safe("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
  EXPECT_EQ(xml_safe("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(html_escape("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
}

TEST(ReportText, FlattenMetricsJoinsKeys) {
  const auto flat = flatten_metrics(
      {{"stall", {{"longest_s", 1.5}, {"count", 2}}}, {"nodes", {"n1", "n2"}}, {"x", nullptr},
       {"ok", true}, {"tiny", 0.1}});
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(flat, (std::vector<P>{{"nodes.0", "n1"}, {"nodes.1", "n2"}, {"ok", "true"},
                                  {"stall.count", "2"}, {"stall.longest_s", "1.5"},
                                  {"tiny", "0.1"}, {"x", "null"}}));
}

TEST(ReportText, EvidenceTimesAreFromTheFirstFault) {
  const RunReport r = sample_report();
  const TimeBase base = evidence_time_base(r.checks);
  EXPECT_EQ(base.t_ns, kT0 + 20 * kSec);
  EXPECT_EQ(evidence_line(r.checks[1].evidence[1], base.t_ns),
            "  +4.200 s  io          write      initiator  {\"error\":0,\"lat_ns\":4200000000}");
  // Events before the fault get a minus sign.
  EXPECT_EQ(evidence_line(ev(kT0 + 19500 * 1'000'000LL, "io", "", "read"), base.t_ns).substr(0, 10),
            "  -0.500 s");
  const std::string cut = evidence_text(r.checks[1].evidence, base, 1);
  EXPECT_NE(cut.find("... 2 more events in result.json"), std::string::npos) << cut;
}

// A journal line in the evidence (the fencing race's) reads as the journal prints it; anything
// else in a log event's data keeps the JSON, so nothing recorded is hidden.
TEST(ReportText, EvidenceLogLinesReadAsTheJournal) {
  nlohmann::json e = ev(kT0 + 33'600 * 1'000'000LL, "observation", "n2", "log");
  e["data"] = {{"unit", "pacemaker-fenced"},
               {"message", " notice: Delaying 'reboot' action targeting n1 using fence-n1 for 5s"}};
  EXPECT_EQ(evidence_line(e, kT0 + 20 * kSec),
            " +13.600 s  observation log        n2  pacemaker-fenced: notice: Delaying 'reboot' "
            "action targeting n1 using fence-n1 for 5s");
  e["data"]["extra"] = 1;
  EXPECT_NE(evidence_line(e, kT0 + 20 * kSec).find("{\"extra\":1,"), std::string::npos);
}

// A node's own view ends where its observations end: its crm row shows no data from its
// power-off, an ALUA group no sample reports shows no data, a frozen node's rows come back
// with their last state when it resumes.
TEST(ReportTimeline, LanesNeverShowAStateNobodyObserved) {
  History h;
  h.add(0, EventKind::phase, "", "workload", {{"state", "begin"}});
  h.add(1 * kSec, EventKind::observation, "n1", "crm", {{"summary", "online"}});
  h.add(1 * kSec, EventKind::observation, "n2", "crm", {{"summary", "online"}});
  h.add(1 * kSec, EventKind::observation, "initiator", "alua",
        {{"groups", {{"n1", "active/optimized"}, {"n2", "active/non-optimized"}}}});
  h.add(5 * kSec, EventKind::lifecycle, "n2", "suspended", {{"cause", "harness"}});
  h.add(8 * kSec, EventKind::lifecycle, "n2", "resumed", {{"cause", "harness"}});
  h.add(10 * kSec, EventKind::lifecycle, "n1", "destroyed", {{"cause", "harness"}});
  h.add(12 * kSec, EventKind::observation, "initiator", "alua", {{"groups", {{"n2", "active/optimized"}}}});
  h.add(30 * kSec, EventKind::phase, "", "workload", {{"state", "end"}});
  const auto m = build_timeline(h.events());

  const StateRow* crm1 = row(m, "crm n1");
  ASSERT_TRUE(crm1);
  ASSERT_EQ(crm1->spans.size(), 2u);
  EXPECT_EQ(crm1->spans[1].label, "no data");
  EXPECT_EQ(crm1->spans[1].tone, "nodata");
  EXPECT_EQ(crm1->spans[1].from_ns, 10 * kSec);

  const StateRow* crm2 = row(m, "crm n2");
  ASSERT_TRUE(crm2);
  ASSERT_EQ(crm2->spans.size(), 3u);
  EXPECT_EQ(crm2->spans[1].tone, "nodata");
  EXPECT_EQ(crm2->spans[1].from_ns, 5 * kSec);
  EXPECT_EQ(crm2->spans[2].label, "online");
  EXPECT_EQ(crm2->spans[2].from_ns, 8 * kSec);

  const StateRow* alua1 = row(m, "ALUA n1");
  ASSERT_TRUE(alua1);
  ASSERT_EQ(alua1->spans.size(), 2u);
  EXPECT_EQ(alua1->spans[0].label, "AO");
  EXPECT_EQ(alua1->spans[1].tone, "nodata");
  EXPECT_EQ(alua1->spans[1].from_ns, 12 * kSec);
}

}  // namespace
}  // namespace harness

namespace harness {
namespace {

// A rolling upgrade (two node_upgrade injects): each node's image row, its time out of service,
// and the cluster's mix, which is "mixed" exactly while the first node is back and the second
// not yet out.
TEST(ReportTimeline, ARollingUpgradeShowsEachNodesImageAndTheMixedWindow) {
  History h;
  h.add(0, EventKind::io, "initiator", "write", {{"lat_ns", 1000}});
  auto upgrade = [&](const char* node, std::int64_t t, std::int64_t out, std::int64_t back, const char* step) {
    h.add(t * kSec, EventKind::inject, node, "node_upgrade",
          {{"step", step}, {"from_image", "default"}, {"to_image", "trixie"},
           {"out_of_service_ns", out * kSec}, {"back_in_service_ns", back * kSec},
           {"call_end_ns", back * kSec + 1}});
  };
  upgrade("n2", 20, 30, 150, "up2");
  upgrade("n1", 160, 170, 300, "up1");
  h.add(400 * kSec, EventKind::io, "initiator", "write", {{"lat_ns", 1000}});
  h.add(401 * kSec, EventKind::heal, "n2", "node_upgrade", {{"step", "up2"}});
  const auto m = build_timeline(h.events());

  const StateRow* n2 = row(m, "image n2");
  ASSERT_NE(n2, nullptr);
  ASSERT_EQ(n2->spans.size(), 3u);
  EXPECT_EQ(n2->spans[0].label, "default");
  EXPECT_EQ(n2->spans[1].from_ns, 30 * kSec);
  EXPECT_EQ(n2->spans[1].label, "reinstalling");
  EXPECT_EQ(n2->spans[2].from_ns, 150 * kSec);
  EXPECT_EQ(n2->spans[2].label, "trixie");

  const StateRow* mix = row(m, "images in service");
  ASSERT_NE(mix, nullptr);
  std::vector<std::pair<std::int64_t, std::string>> got;
  for (const auto& s : mix->spans) got.emplace_back(s.from_ns / kSec, s.label);
  EXPECT_EQ(got, (std::vector<std::pair<std::int64_t, std::string>>{{0, "default"},
                                                                      {30, "default (n2 out)"},
                                                                      {150, "mixed"},
                                                                      {170, "trixie (n1 out)"},
                                                                      {300, "trixie"}}));
  EXPECT_EQ(mix->spans[2].tone, "warn");
  EXPECT_NE(mix->spans[2].detail.find("n1 default, n2 trixie"), std::string::npos) << mix->spans[2].detail;
  // The image rows come first, above the paths.
  EXPECT_EQ(m.rows.front().lane, "image");
  // Each upgrade's window is its node's time out of service, not the rest of the run.
  ASSERT_EQ(m.faults.size(), 2u);
  EXPECT_TRUE(m.faults[0].healed);
  EXPECT_EQ(m.faults[0].heal_ns, 150 * kSec);
  EXPECT_EQ(m.faults[1].heal_ns, 300 * kSec);
}

}  // namespace
}  // namespace harness
