#include <gtest/gtest.h>

#include "drivers/fio/fio_messages.hpp"
#include "fio_recordings.hpp"

namespace harness {
namespace {

using namespace harness::testing;

TEST(FioMessages, EveryRecordedIoErrorBecomesOneStampedError) {
  const auto m = parse_fio_messages(read_fio_data("enospc/load.stderr"));
  ASSERT_EQ(m.io_errors.size(), 544u);  // = total_err in the recorded JSON
  EXPECT_TRUE(m.verify_failures.empty());
  EXPECT_TRUE(m.other.empty());
  // "1795588088117629 fio: io_u error on file .../target.img: No space left on device:
  //  write offset=7286784, buflen=4096"
  EXPECT_EQ(m.io_errors[0].guest_realtime_ns, 1795588088117629000);
  EXPECT_EQ(m.io_errors[0].offset, 7286784u);
  std::int64_t last = 0;
  for (const auto& e : m.io_errors) {
    EXPECT_EQ(e.ddir, "write");
    EXPECT_EQ(e.error, 28);  // ENOSPC
    EXPECT_EQ(e.length, 4096u);
    EXPECT_LT(e.offset, 8u << 20);
    EXPECT_GE(e.guest_realtime_ns, last);  // read in order
    last = e.guest_realtime_ns;
  }
  EXPECT_EQ(distinct_error_blocks(m), 544u);
}

TEST(FioMessages, VerifyFailuresKeepTheirContinuationLines) {
  const auto m = parse_fio_messages(read_fio_data("load/readback.stderr"));
  EXPECT_TRUE(m.io_errors.empty());
  EXPECT_TRUE(m.other.empty());
  // Two corrupted blocks, each reported twice (the iolog's padding re-reads them).
  ASSERT_EQ(m.verify_failures.size(), 4u);
  EXPECT_EQ(distinct_verify_blocks(m), 2u);
  EXPECT_EQ(m.verify_failures[0].offset, 98304u);
  EXPECT_EQ(m.verify_failures[0].message.rfind("verify: bad magic header 0, wanted acca", 0), 0u);
  EXPECT_EQ(m.verify_failures[1].offset, 417792u);
  EXPECT_EQ(m.verify_failures[1].message,
            "crc32c: verify failed at file /tmp/harness-fio-load/target.img offset 417792, "
            "length 4096 (requested block: offset=417792, length=4096, flags=8)\n"
            "       Expected CRC: 38cdc7fc\n"
            "       Received CRC: 82713e27");
  EXPECT_EQ(m.verify_failures[0].guest_realtime_ns, 1795588086971905000);
}

TEST(FioMessages, VerifyBacklogFailuresDuringTheLoad) {
  const auto m = parse_fio_messages(read_fio_data("midrun/load.stderr"));
  EXPECT_EQ(m.verify_failures.size(), 45u);  // = total_err in the recorded JSON
  EXPECT_EQ(distinct_verify_blocks(m), 45u);
  EXPECT_TRUE(m.io_errors.empty());
}

TEST(FioMessages, UnstampedAndUnknownLinesAreKept) {
  const auto m = parse_fio_messages(
      "fio: io_u error on file /dev/dm-0: Input/output error: read offset=8192, buflen=512\n"
      "1795588088117629 fio: pid=812, err=2/file:filesetup.c:805, func=open(/dev/mapper/x), "
      "error=No such file or directory\n"
      "1795588088117630 \n"
      "1795588088117631        Expected CRC: 1\n"
      "1795588088117632 fio: io_u error on file /dev/dm-0: Made-up error: trim offset=0, "
      "buflen=4096\n"
      "1795588088117633 md5: verify failed at file /dev/dm-0 offset 4096, length 4096\n");
  ASSERT_EQ(m.io_errors.size(), 2u);
  EXPECT_EQ(m.io_errors[0].guest_realtime_ns, 0);  // no stamp
  EXPECT_EQ(m.io_errors[0].error, 5);
  EXPECT_EQ(m.io_errors[0].ddir, "read");
  EXPECT_EQ(m.io_errors[0].length, 512u);
  EXPECT_EQ(m.io_errors[1].error, -1);  // text not in the errno table
  EXPECT_EQ(m.io_errors[1].ddir, "trim");
  ASSERT_EQ(m.other.size(), 2u);  // the fatal job error and an orphan continuation line
  EXPECT_EQ(m.other[0].rfind("fio: pid=812", 0), 0u);
  ASSERT_EQ(m.verify_failures.size(), 1u);
  EXPECT_EQ(m.verify_failures[0].offset, 4096u);
  EXPECT_EQ(m.lines, 6u);
}

TEST(FioMessages, ErrnoTextsMapBackToNumbers) {
  EXPECT_EQ(errno_from_text("Input/output error"), 5);
  EXPECT_EQ(errno_from_text("No space left on device"), 28);
  EXPECT_EQ(errno_from_text("Link has been severed"), 67);  // ENOLINK
  EXPECT_EQ(errno_from_text("Remote I/O error"), 121);      // EREMOTEIO
  EXPECT_EQ(errno_from_text("Connection timed out"), 110);
  EXPECT_EQ(errno_from_text("nonsense"), -1);
}

}  // namespace
}  // namespace harness
