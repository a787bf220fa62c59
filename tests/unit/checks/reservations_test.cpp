// The reservations check on the probe's events, shaped as the probe records them.
#include <gtest/gtest.h>

#include "harness/checks/reservations.hpp"

namespace harness {
namespace {

using nlohmann::json;

const char* kKey = "0x1a2b3c4d5e6f7081";

json path(const std::string& dev, const std::string& target, bool answered, std::vector<std::string> keys,
          std::optional<std::string> holder) {
  json p = {{"dev", dev}, {"target", target}, {"answered", answered}};
  if (answered) {
    p["keys"] = keys;
    p["holder"] = holder ? json(*holder) : json();
  }
  return p;
}

History history(json before_paths, json after_paths, bool conflict = true, bool setup_ok = true) {
  History h(HistoryHeader{"r", 0, 0, {}});
  h.add(1'000, EventKind::verify, "initiator", "pr_before",
        {{"key", kKey}, {"setup_ok", setup_ok}, {"paths", before_paths}});
  if (!after_paths.is_null())
    h.add(2'000, EventKind::verify, "initiator", "pr_after",
          {{"key", kKey}, {"intruder_key", "0x1999"}, {"paths", after_paths},
           {"intruder", {{"conflict", conflict}, {"status", conflict ? 24 : 0}, {"path", "sdc"}}}});
  return h;
}

// LIO as recorded: each node its own PR state; the reservation went through n1's paths.
json lio_before() {
  return json::array({path("sda", "iqn.n1", true, {kKey}, kKey), path("sdb", "iqn.n1", true, {kKey}, kKey),
                      path("sdc", "iqn.n2", true, {kKey}, std::nullopt),
                      path("sdd", "iqn.n2", true, {kKey}, std::nullopt)});
}
json lio_after_kill() {
  return json::array({path("sda", "iqn.n1", false, {}, std::nullopt), path("sdb", "iqn.n1", false, {}, std::nullopt),
                      path("sdc", "iqn.n2", true, {kKey}, std::nullopt),
                      path("sdd", "iqn.n2", true, {kKey}, std::nullopt)});
}
json shared_after_kill() {
  return json::array({path("sda", "iqn.n1", false, {}, std::nullopt),
                      path("sdc", "iqn.n2", true, {kKey}, kKey), path("sdd", "iqn.n2", true, {kKey}, kKey)});
}

TEST(ReservationsCheck, PerNodeStateLosesTheReservationAndSaysItIsTheTarget) {
  const auto r = ReservationsChecker("kept").check(history(lio_before(), lio_after_kill()));
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_EQ(r.metrics["observed"], "lost");
  EXPECT_EQ(r.metrics["paths_answering_after"], 2);
  EXPECT_EQ(r.metrics["paths_holding_after"], 0);
  EXPECT_NE(r.summary.find("per node"), std::string::npos) << r.summary;
  EXPECT_NE(r.summary.find("iqn.n2: sdc,sdd registered, no reservation"), std::string::npos) << r.summary;
  EXPECT_EQ(r.evidence.size(), 2u);
}

TEST(ReservationsCheck, ExpectingLostPassesOnTheSameEvidence) {
  const auto r = ReservationsChecker("lost").check(history(lio_before(), lio_after_kill()));
  EXPECT_EQ(r.verdict, Verdict::pass) << r.summary;
}

TEST(ReservationsCheck, SharedStateKeepsIt) {
  const auto r = ReservationsChecker("kept").check(history(lio_before(), shared_after_kill()));
  EXPECT_EQ(r.verdict, Verdict::pass) << r.summary;
  EXPECT_EQ(r.metrics["observed"], "kept");
}

TEST(ReservationsCheck, AnIntruderThatCouldReserveFailsEvenWhenKept) {
  const auto r = ReservationsChecker("kept").check(history(lio_before(), shared_after_kill(), false));
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_NE(r.summary.find("RESERVATION CONFLICT"), std::string::npos) << r.summary;
}

TEST(ReservationsCheck, NoReservationTakenIsUnknown) {
  const auto r = ReservationsChecker("kept").check(history(lio_before(), shared_after_kill(), true, false));
  EXPECT_EQ(r.verdict, Verdict::unknown);
  EXPECT_NE(r.summary.find("mpathpersist failed"), std::string::npos) << r.summary;
}

TEST(ReservationsCheck, NoReadingAfterTheHealIsUnknown) {
  const auto r = ReservationsChecker("kept").check(history(lio_before(), json()));
  EXPECT_EQ(r.verdict, Verdict::unknown);
}

}  // namespace
}  // namespace harness
