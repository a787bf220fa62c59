// The I/O plot's marks and the path-device lanes, on a real recorded run (tests/data/histories/
// link_cut_san1.jsonl: n1's san1 cable cut, I/O stalled 5.145 s, released by the replacement
// timeout): the stall bracket says the check's stall where the check put it, the limit line sits
// the limit after the stall's start, the releasing event where the anatomy put it, the journal's
// path failures are ticked on their device, and each path device has its own lane.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "harness/checks/path_switch.hpp"
#include "reports/stall_marks.hpp"
#include "reports/timeline_model.hpp"
#include "reports/timeline_svg.hpp"

namespace harness {
namespace {

using nlohmann::json;

constexpr double kLeft = 150, kPlotW = 1034;  // timeline_geometry.hpp
constexpr double kLimitS = 3.0;               // below the 5.145 s stall: it is over its limit

struct Recorded {
  History history = History::load(std::filesystem::path(TEST_DATA_DIR) / "histories" /
                                  "link_cut_san1.jsonl");
  CheckResult check = PathSwitchChecker(kLimitS).check(history);
  TimelineModel model = build_timeline(history.events());
  std::vector<StallMark> stalls = stall_marks({check}, model.faults);
  std::string svg = render_timeline_svg(model, stalls);
  pugi::xml_document doc;
  Recorded() { EXPECT_TRUE(doc.load_string(svg.c_str())); }

  const json& fault() const { return check.metrics.at("faults").at(0); }
  std::int64_t inject_ns() const {
    for (const auto& e : history.events())
      if (e.kind == EventKind::inject) return e.t_ns;
    return 0;
  }
  // Where the plot puts an instant `s` seconds after the inject event.
  double x_after_inject(double s) const {
    const double t = static_cast<double>(inject_ns() - model.start_ns) + s * 1e9;
    return kLeft + t / static_cast<double>(model.end_ns - model.start_ns) * kPlotW;
  }
  pugi::xml_node g(const char* cls) const {
    return doc.select_node(fmt::format("//*[local-name()='g'][@class='{}']", cls).c_str()).node();
  }
};

// The bracket's first and last x: "M{x0} {y}V{y}H{x1}V{y}".
std::pair<double, double> bracket_x(const pugi::xml_node& path) {
  double x0 = 0, x1 = 0, y = 0;
  EXPECT_EQ(std::sscanf(path.attribute("d").value(), "M%lf %lfV%*fH%lf", &x0, &y, &x1), 3)
      << path.attribute("d").value();
  return {x0, x1};
}

TEST(ReportPlotMarks, StallBracketSaysTheChecksStallWhereItRan) {
  const Recorded r;
  ASSERT_EQ(r.check.metrics.at("faults").size(), 1u);
  const double stall = r.fault().at("longest_stall_s").get<double>();
  EXPECT_NEAR(stall, 5.145, 0.001);  // docs/ANATOMY.md
  ASSERT_EQ(r.stalls.size(), 1u);
  // Over the 3 s limit: the bracket is drawn as a failure.
  const auto bracket = r.g("stall over");
  ASSERT_TRUE(bracket) << r.svg.substr(0, 2000);
  EXPECT_EQ(std::string(bracket.child("text").text().get()), fmt::format("stall {:.3f} s", stall));
  const auto [x0, x1] = bracket_x(bracket.child("path"));
  EXPECT_NEAR(x0, r.x_after_inject(r.fault().at("stall_start_s").get<double>()), 0.11);
  EXPECT_NEAR(x1, r.x_after_inject(r.fault().at("stall_end_s").get<double>()), 0.11);
  EXPECT_NE(std::string(bracket.child("title").text().get()).find("limit 3 s (over it)"),
            std::string::npos)
      << bracket.child("title").text().get();
}

TEST(ReportPlotMarks, LimitLineSitsTheLimitAfterTheStallsStart) {
  const Recorded r;
  const auto limit = r.g("limit");
  ASSERT_TRUE(limit);
  EXPECT_STREQ(limit.child("text").text().get(), "limit 3 s");
  const double x = r.x_after_inject(r.fault().at("stall_start_s").get<double>() + kLimitS);
  EXPECT_NEAR(limit.child("line").attribute("x1").as_double(), x, 0.11);
  EXPECT_NEAR(limit.child("line").attribute("x2").as_double(), x, 0.11);
  // Inside the bracket: the stall ran past its limit.
  const auto [x0, x1] = bracket_x(r.g("stall over").child("path"));
  EXPECT_GT(x, x0);
  EXPECT_LT(x, x1);
}

TEST(ReportPlotMarks, ReleasingEventIsMarkedWhereTheAnatomyPutIt) {
  const Recorded r;
  EXPECT_EQ(r.fault().at("released_by_step"), "initiator_switch");
  const auto rel = r.g("release");
  ASSERT_TRUE(rel);
  EXPECT_STREQ(rel.child("text").text().get(), "released: initiator_switch");
  EXPECT_NEAR(rel.child("line").attribute("x1").as_double(),
              r.x_after_inject(r.fault().at("released_by_s").get<double>()), 0.11);
  EXPECT_NE(std::string(rel.child("title").text().get())
                .find(r.fault().at("released_by").get<std::string>()),
            std::string::npos);
}

// The recorded journal fails sda (8:0) twice in the kernel and once in multipathd; no other
// device has a failure line.
TEST(ReportPlotMarks, JournalPathFailuresAreTickedOnTheirDevice) {
  const Recorded r;
  ASSERT_FALSE(r.model.path_losses.empty());
  for (const auto& l : r.model.path_losses) EXPECT_EQ(l.dev, "sda") << l.message;
  EXPECT_EQ(r.model.path_losses.front().message,
            "kernel: device-mapper: multipath: 253:0: Failing path 8:0.");
  const auto ticks = r.doc.select_nodes("//*[local-name()='g'][@class='pathloss']");
  ASSERT_GE(ticks.size(), 1u);
  for (const auto& t : ticks) EXPECT_STREQ(t.node().child("text").text().get(), "sda");
  EXPECT_NE(std::string(ticks[0].node().child("title").text().get()).find("Failing path 8:0"),
            std::string::npos);
  // Repeated in sda's own lane, which the 2 s sample still shows active at the first line.
  const auto rname = r.doc.select_node("//*[local-name()='text'][@class='rname'][.='sda']").node();
  ASSERT_TRUE(rname);
  const double lane_top = rname.attribute("y").as_double() - 13;  // timeline_svg.cpp state_row
  const auto in_lane = ticks[0].node().select_node("*[local-name()='line'][@class='inlane']").node();
  ASSERT_TRUE(in_lane);
  EXPECT_NEAR(in_lane.attribute("y1").as_double(), lane_top, 0.11);
}

// One lane per path device that the multipath samples name, in name order, and each segment
// says the sampled dm state and priority.
TEST(ReportPlotMarks, OneLanePerPathDeviceWithItsSampledStateAndPriority) {
  const Recorded r;
  std::vector<std::string> lanes;
  for (const auto& row : r.model.rows)
    if (row.lane == "path") lanes.push_back(row.name);
  EXPECT_EQ(lanes, (std::vector<std::string>{"sda", "sdb", "sdc", "sdd"}));

  // Every sample's every path: the span of its lane in force at the sample says what it said.
  std::size_t samples = 0;
  for (const auto& e : r.history.events()) {
    if (e.kind != EventKind::observation || e.what != "multipath" || e.t_ns > r.model.end_ns)
      continue;
    ++samples;
    for (const auto& p : e.data.at("paths")) {
      const std::string dev = p.at("dev");
      const StateRow* row = nullptr;
      for (const auto& rr : r.model.rows)
        if (rr.lane == "path" && rr.name == dev) row = &rr;
      ASSERT_TRUE(row) << dev;
      const StateSpan* span = nullptr;
      for (const auto& s : row->spans)
        if (s.from_ns <= e.t_ns) span = &s;
      ASSERT_TRUE(span) << dev;
      const std::string state = p.at("state"), checker = p.at("checker");
      const std::string prio = std::to_string(p.at("prio").get<int>());
      EXPECT_EQ(span->label, state + (checker == "ready" ? "" : "/" + checker) + " prio " + prio)
          << dev << " at " << e.t_ns;
      EXPECT_EQ(span->tone, state == "active" && checker == "ready" ? "good" : "bad") << dev;
    }
  }
  EXPECT_EQ(samples, 2u);  // the third comes after the drawn range
  // The cut failed sda: its lane turns bad at the sample that saw it.
  const auto& sda = r.model.rows[static_cast<std::size_t>(
      std::find_if(r.model.rows.begin(), r.model.rows.end(),
                   [](const StateRow& s) { return s.name == "sda"; }) -
      r.model.rows.begin())];
  ASSERT_GE(sda.spans.size(), 2u);
  EXPECT_EQ(sda.spans[0].label, "active prio -1");
  EXPECT_EQ(sda.spans[1].label, "failed/faulty prio -1");

  // Drawn in that order, one name each, right after the per-node path rows.
  std::vector<std::string> drawn;
  for (const auto& t : r.doc.select_nodes("//*[local-name()='text'][@class='rname']"))
    drawn.push_back(t.node().text().get());
  const auto at = std::find(drawn.begin(), drawn.end(), "sda");
  ASSERT_NE(at, drawn.end());
  EXPECT_EQ(std::vector<std::string>(at, at + 4),
            (std::vector<std::string>{"sda", "sdb", "sdc", "sdd"}));
  EXPECT_EQ(std::count(drawn.begin(), drawn.end(), "sdb"), 1);
}

// Two faults with the same step name are told apart by order; a stall that never resumed says
// so and is over its limit whatever its length; a check without figures marks nothing.
TEST(ReportStallMarks, PlacesEachFaultByItsInjectEvent) {
  const std::int64_t s = 1'000'000'000;
  std::vector<FaultWindow> faults = {{10 * s, 20 * s, true, "pause", "n1", "p"},
                                     {40 * s, 50 * s, true, "pause", "n1", "p"}};
  CheckResult c{"path_switch", Verdict::fail, "",
                {{"path_switch_max_s", 10.0},
                 {"faults",
                  {{{"step", "p"}, {"fault", "pause"}, {"node", "n1"}, {"longest_stall_s", 3.0},
                    {"stall_start_s", -0.25}, {"stall_end_s", 2.75}, {"resumed", true},
                    {"released_by_step", "fault_removed"}, {"released_by", "resume"},
                    {"released_by_s", 2.5}},
                   {{"step", "p"}, {"fault", "pause"}, {"node", "n1"}, {"longest_stall_s", 4.0},
                    {"stall_start_s", 1.0}, {"stall_end_s", 5.0}, {"resumed", false},
                    {"released_by_s", nullptr}}}}},
                json::array()};
  const auto marks = stall_marks({c}, faults);
  ASSERT_EQ(marks.size(), 2u);
  EXPECT_EQ(marks[0].start_ns, 10 * s - s / 4);
  EXPECT_EQ(marks[0].end_ns, 12 * s + 3 * s / 4);
  EXPECT_EQ(marks[0].limit_ns, marks[0].start_ns + 10 * s);
  EXPECT_FALSE(marks[0].over_limit);
  ASSERT_TRUE(marks[0].released_ns);
  EXPECT_EQ(*marks[0].released_ns, 12 * s + s / 2);
  EXPECT_EQ(marks[0].released_step, "fault_removed");
  EXPECT_EQ(marks[1].start_ns, 41 * s);
  EXPECT_FALSE(marks[1].resumed);
  EXPECT_TRUE(marks[1].over_limit);
  EXPECT_FALSE(marks[1].released_ns);

  TimelineModel m;
  m.start_ns = 0, m.end_ns = 60 * s, m.faults = faults;
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(render_timeline_svg(m, marks).c_str()));
  EXPECT_STREQ(doc.select_node("//*[local-name()='g'][@class='stall']/*[local-name()='text']")
                   .node().text().get(),
               "stall 3.000 s");
  EXPECT_STREQ(doc.select_node("//*[local-name()='g'][@class='stall over']/*[local-name()='text']")
                   .node().text().get(),
               "stall 4.000 s, not resumed");
  // The first stall's limit (+9.75 s) is on the plot; the second's (+51 s) too; one release.
  EXPECT_EQ(doc.select_nodes("//*[local-name()='g'][@class='limit']").size(), 2u);
  EXPECT_EQ(doc.select_nodes("//*[local-name()='g'][@class='release']").size(), 1u);

  // No per-fault figures (an undecided check), or another check: nothing to mark.
  c.metrics.erase("faults");
  EXPECT_TRUE(stall_marks({c}, faults).empty());
  EXPECT_TRUE(stall_marks({}, faults).empty());
}

// A limit beyond the drawn range is not drawn at the plot's edge (it would sit at a wrong time).
TEST(ReportStallMarks, LimitOutsideThePlotIsNotDrawn) {
  const std::int64_t s = 1'000'000'000;
  TimelineModel m;
  m.start_ns = 0, m.end_ns = 20 * s;
  StallMark k;
  k.start_ns = 5 * s, k.end_ns = 8 * s, k.stall_s = 3, k.limit_s = 30, k.limit_ns = 35 * s;
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(render_timeline_svg(m, {k}).c_str()));
  EXPECT_TRUE(doc.select_node("//*[local-name()='g'][@class='stall']"));
  EXPECT_FALSE(doc.select_node("//*[local-name()='g'][@class='limit']"));
}

// Synthetic samples for what the recording does not show: a device that vanished from the
// sample (its session was removed) has no data, a standby path ("ghost") is not an alarm, and
// names sort as the kernel hands them out (sdz before sdaa).
TEST(ReportPathLanes, VanishedDevicesHaveNoDataAndNamesSortAsTheKernels) {
  const std::int64_t s = 1'000'000'000;
  History h;
  h.add(0, EventKind::phase, "", "workload", {{"state", "begin"}});
  auto path = [](const char* dev, const char* state, const char* checker, int prio) {
    return json{{"dev", dev}, {"group", "n1"}, {"state", state}, {"checker", checker}, {"prio", prio}};
  };
  h.add(1 * s, EventKind::observation, "initiator", "multipath",
        {{"paths", {path("sdaa", "active", "ready", 50), path("sdz", "active", "ghost", 1)}}});
  h.add(5 * s, EventKind::observation, "initiator", "multipath",
        {{"paths", {path("sdz", "active", "ghost", 1)}}});
  h.add(9 * s, EventKind::phase, "", "workload", {{"state", "end"}});
  const auto m = build_timeline(h.events());
  std::vector<const StateRow*> lanes;
  for (const auto& r : m.rows)
    if (r.lane == "path") lanes.push_back(&r);
  ASSERT_EQ(lanes.size(), 2u);
  EXPECT_EQ(lanes[0]->name, "sdz");
  EXPECT_EQ(lanes[1]->name, "sdaa");
  ASSERT_EQ(lanes[0]->spans.size(), 1u);
  EXPECT_EQ(lanes[0]->spans[0].label, "active/ghost prio 1");
  EXPECT_EQ(lanes[0]->spans[0].tone, "off");
  ASSERT_EQ(lanes[1]->spans.size(), 2u);
  EXPECT_EQ(lanes[1]->spans[0].label, "active prio 50");
  EXPECT_EQ(lanes[1]->spans[1].label, "no data");
  EXPECT_EQ(lanes[1]->spans[1].tone, "nodata");
  EXPECT_EQ(lanes[1]->spans[1].from_ns, 5 * s);
}

}  // namespace
}  // namespace harness
