#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "drivers/fio/fio_log.hpp"
#include "fio_recordings.hpp"

namespace harness {
namespace {

using namespace harness::testing;

std::vector<FioLogSample> parse_all(const std::string& text, FioLogParser* keep = nullptr) {
  std::vector<FioLogSample> out;
  FioLogParser p([&](const FioLogSample& s) { out.push_back(s); });
  p.feed(text);
  p.finish();
  if (keep) *keep = std::move(p);
  return out;
}

bool same(const FioLogSample& a, const FioLogSample& b) {
  return a.time_ms == b.time_ms && a.value == b.value && a.ddir == b.ddir && a.bs == b.bs &&
         a.offset == b.offset && a.prio == b.prio;
}

TEST(FioLog, ParsesARecordedLatencyLogLineByLine) {
  const std::string text = read_fio_data("load/io_lat.1.log");
  FioLogParser p([](const FioLogSample&) {});
  const auto samples = parse_all(text, &p);
  ASSERT_EQ(samples.size(), 278u);  // wc -l of the recording
  EXPECT_EQ(p.malformed(), 0u);
  // The first line: "1795588082777, 408348, 1, 4096, 249856, 0"
  EXPECT_EQ(samples[0].time_ms, 1795588082777);
  EXPECT_EQ(samples[0].value, 408348);
  EXPECT_EQ(samples[0].ddir, 1);
  EXPECT_EQ(samples[0].bs, 4096u);
  EXPECT_EQ(samples[0].offset, 249856u);
  EXPECT_EQ(samples[0].prio, 0u);
  std::size_t reads = 0, writes = 0;
  for (const auto& s : samples) {
    (s.ddir == 0 ? reads : writes) += 1;
    EXPECT_LT(s.ddir, 2);
    EXPECT_EQ(s.bs, 4096u);
    EXPECT_LT(s.offset, 4u << 20) << "job 1 owns the first 4 MiB slice";
    EXPECT_EQ(s.offset % 4096, 0u);
    EXPECT_GT(s.value, 0);
    // Inside the 3 s run (completion order, 1 ms stamps).
    EXPECT_GE(s.time_ms, samples[0].time_ms);
    EXPECT_LE(s.time_ms, samples[0].time_ms + 3500);
  }
  // 50 IOPS per job for 3 s; verify_backlog=64 read back two batches of 64.
  EXPECT_EQ(writes, 150u);
  EXPECT_EQ(reads, 128u);
  for (const auto& s : parse_all(read_fio_data("load/io_lat.2.log"))) {
    EXPECT_GE(s.offset, 4u << 20) << "job 2 owns the second slice (offset_increment)";
    EXPECT_LT(s.offset, 8u << 20);
  }
}

TEST(FioLog, ChunksSplitAnywhereGiveTheSameSamples) {
  const std::string text = read_fio_data("enospc/io_lat.1.log");
  const auto whole = parse_all(text);
  ASSERT_EQ(whole.size(), 512u);
  for (std::size_t chunk : {1u, 2u, 7u, 41u, 4096u}) {
    std::vector<FioLogSample> got;
    FioLogParser p([&](const FioLogSample& s) { got.push_back(s); });
    for (std::size_t i = 0; i < text.size(); i += chunk)
      p.feed(std::string_view(text).substr(i, chunk));
    p.finish();
    ASSERT_EQ(got.size(), whole.size()) << chunk;
    for (std::size_t i = 0; i < got.size(); ++i) ASSERT_TRUE(same(got[i], whole[i])) << chunk << " " << i;
  }
}

TEST(FioLog, OlderFiveColumnLinesAndLooseSpacingParse) {
  FioLogSample s;
  ASSERT_TRUE(parse_fio_log_line("12, 34, 1, 4096, 8192", s));  // no prio column
  EXPECT_EQ(s.offset, 8192u);
  EXPECT_EQ(s.prio, 0u);
  ASSERT_TRUE(parse_fio_log_line("12,34,0,512,0,3\r", s));
  EXPECT_EQ(s.ddir, 0);
  EXPECT_EQ(s.prio, 3u);
  ASSERT_TRUE(parse_fio_log_line("1795588082777, 408348, 2, 4096, 249856, 0", s));
  EXPECT_EQ(fio_ddir_name(s.ddir), "trim");
}

TEST(FioLog, MalformedLinesAreCountedAndTheFirstIsKept) {
  for (const char* bad : {"12, 34, 1, 4096", "12, 34, 1, 4096, 8192, 0, 9", "a, 34, 1, 4096, 0, 0",
                          "12, 34, 3, 4096, 0, 0", "12, -34, 1, 4096, 0, 0", "12,, 1, 4096, 0, 0",
                          "12, 34, 1, 4096, 0, 0x", "99999999999999999999, 1, 1, 1, 1, 1"}) {
    FioLogSample s;
    EXPECT_FALSE(parse_fio_log_line(bad, s)) << bad;
  }
  std::vector<FioLogSample> got;
  FioLogParser p([&](const FioLogSample& s) { got.push_back(s); });
  p.feed("1, 2, 1, 4096, 0, 0\n\ngarbage line\n3, 4, 0, 4096, 4096, 0\nbroken");
  p.feed("\n5, 6, 1, 4096, 8192, 0");  // last line without '\n': finish() takes it
  p.finish();
  EXPECT_EQ(got.size(), 3u);
  EXPECT_EQ(p.samples(), 3u);
  EXPECT_EQ(p.malformed(), 2u);
  EXPECT_EQ(p.first_malformed(), "line 3: garbage line");
}

TEST(FioLog, WrittenBlocksFollowWritesAndTrimsInOrder) {
  WrittenBlocks w(64 * 1024, 4096);  // 16 blocks
  auto s = [](int ddir, std::uint64_t off, std::uint64_t bs) {
    FioLogSample x;
    x.ddir = ddir;
    x.offset = off;
    x.bs = bs;
    return x;
  };
  w.apply(s(1, 0, 4096));
  w.apply(s(1, 8192, 8192));      // two blocks at once
  w.apply(s(1, 8192, 4096));      // written again: still one block
  w.apply(s(0, 20480, 4096));     // a read writes nothing
  w.apply(s(1, 61440, 4096));     // the last block
  EXPECT_EQ(w.blocks(), 4u);
  EXPECT_EQ(w.bytes(), 4u * 4096);
  w.apply(s(2, 12288, 4096));     // trimmed after its write
  EXPECT_EQ(w.blocks(), 3u);
  w.apply(s(1, 65536, 4096));     // past the region
  w.apply(s(1, 100, 4096));       // not aligned
  EXPECT_EQ(w.stray(), 2u);
  const auto ext = w.extents(1 << 20);
  ASSERT_EQ(ext.size(), 3u);
  EXPECT_EQ(ext[0].offset, 0u);
  EXPECT_EQ(ext[0].length, 4096u);
  EXPECT_EQ(ext[1].offset, 8192u);
  EXPECT_EQ(ext[1].length, 4096u);
  EXPECT_EQ(ext[2].offset, 61440u);

  WrittenBlocks all(64 * 1024, 4096);
  all.apply(s(1, 0, 64 * 1024));
  const auto runs = all.extents(16384);  // adjacent blocks, cut at the maximum length
  ASSERT_EQ(runs.size(), 4u);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    EXPECT_EQ(runs[i].offset, i * 16384);
    EXPECT_EQ(runs[i].length, 16384u);
  }
}

TEST(FioLog, TheRecordedReadbackIologIsTheOneTheWrittenBlocksGive) {
  const FioLayout l = fio_layout(load_spec());
  WrittenBlocks w(l.region_bytes, l.bs);
  for (const char* f : {"load/io_lat.1.log", "load/io_lat.2.log"})
    for (const auto& s : parse_all(read_fio_data(f))) w.apply(s);
  EXPECT_EQ(w.blocks(), 300u);  // 150 writes per job, fio's random map: each block once
  EXPECT_EQ(w.stray(), 0u);
  EXPECT_EQ(render_fio_iolog(load_options().filename, w.extents(1 << 20)),
            read_fio_data("load/readback.iolog"));
}

}  // namespace
}  // namespace harness
