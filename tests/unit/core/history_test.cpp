#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "harness/core/errors.hpp"
#include "harness/core/history.hpp"

namespace harness {
namespace {

std::filesystem::path temp_file(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("harness-history-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir / name;
}

TEST(History, EventsComeBackSortedByTimeStableForTies) {
  History h;
  h.add(30, EventKind::io, "initiator", "write");
  h.add(10, EventKind::inject, "n1", "node_kill");
  h.add(30, EventKind::io, "initiator", "read");
  auto ev = h.events();
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(ev[0].what, "node_kill");
  EXPECT_EQ(ev[1].what, "write");  // appended before "read" at the same instant
  EXPECT_EQ(ev[2].what, "read");
}

TEST(History, SaveAndLoadRoundTripKeepsHeaderAndData) {
  HistoryHeader hdr{"run-1", 5, 1'700'000'000'000'000'005, {{"seed", 42}}};
  History h(hdr);
  h.add(100, EventKind::io, "initiator", "write", {{"lat_ns", 1234}, {"error", 0}});
  h.add(200, EventKind::lifecycle, "n2", "destroyed", {{"cause", "external"}});
  auto path = temp_file("roundtrip.jsonl");
  h.save(path);
  auto back = History::load(path);
  EXPECT_EQ(back.header().run_id, "run-1");
  EXPECT_EQ(back.header().meta.at("seed"), 42);
  EXPECT_EQ(back.to_realtime_ns(105), 1'700'000'000'000'000'105);
  auto ev = back.events();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].data.at("lat_ns"), 1234);
  EXPECT_EQ(ev[1].kind, EventKind::lifecycle);
  EXPECT_EQ(ev[1].node, "n2");
}

TEST(History, StreamedFileHoldsEventsAppendedAfterwards) {
  History h(HistoryHeader{"run-2", 0, 0, {}});
  h.add(1, EventKind::phase, "", "provision", {{"state", "begin"}});
  auto path = temp_file("stream.jsonl");
  h.stream_to(path);
  h.add(2, EventKind::phase, "", "provision", {{"state", "end"}});
  auto back = History::load(path);
  EXPECT_EQ(back.size(), 2u);
}

TEST(History, LoadNamesFileAndLineOfAMalformedEvent) {
  auto path = temp_file("bad.jsonl");
  {
    std::ofstream out(path);
    out << R"({"history":1,"run_id":"x"})" << '\n'
        << R"({"t_ns":1,"kind":"nope","what":"x"})" << '\n'
        << R"({"t_ns":2,"kind":"io","what":"write"})" << '\n';
  }
  try {
    History::load(path);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.jsonl:2"), std::string::npos) << e.what();
  }
}

TEST(History, TornLastLineOfAKilledRunIsDropped) {
  auto path = temp_file("torn.jsonl");
  {
    std::ofstream out(path);
    out << R"({"history":1,"run_id":"x"})" << '\n'
        << R"({"t_ns":1,"kind":"io","what":"write"})" << '\n'
        << R"({"t_ns":2,"kind":"io","wh)";
  }
  EXPECT_EQ(History::load(path).size(), 1u);
}

TEST(History, EmptyFileIsAnError) {
  auto path = temp_file("empty.jsonl");
  { std::ofstream out(path); }
  EXPECT_THROW(History::load(path), Error);
}

}  // namespace
}  // namespace harness
