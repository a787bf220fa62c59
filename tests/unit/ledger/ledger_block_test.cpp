// The block layout: CRC32C against its published check value, a block made and judged, and
// each kind of damage the reader must tell apart.
#include "drivers/ledger/ledger_block.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "drivers/ledger/crc32c.hpp"

namespace harness::ledger {
namespace {

TEST(LedgerCrc32c, MatchesTheCheckValueAndContinues) {
  EXPECT_EQ(crc32c("123456789", 9), 0xE3069283u);
  EXPECT_EQ(crc32c("", 0), 0u);
  // Fed in two pieces (one not a multiple of 8): the same value.
  EXPECT_EQ(crc32c("6789", 4, crc32c("12345", 5)), 0xE3069283u);
  std::vector<unsigned char> big(4096, 0xAB);
  EXPECT_EQ(crc32c(big.data(), 4096), crc32c(big.data() + 100, 3996, crc32c(big.data(), 100)));
}

struct BlockFixture : ::testing::Test {
  std::vector<unsigned char> b = std::vector<unsigned char>(4096);
  void SetUp() override { fill_block(b.data(), 4096, 7, {42, 1000, 55, 123456789}); }
};

TEST_F(BlockFixture, AFreshBlockIsOkWithItsVersion) {
  const BlockVerdict v = inspect_block(b.data(), 4096, 42, 1000);
  EXPECT_EQ(v.state, BlockState::ok);
  EXPECT_EQ(v.seq, 55u);
  EXPECT_EQ(v.raw_crc32c, crc32c(b.data(), 4096));
  BlockHeader h;
  std::memcpy(&h, b.data(), sizeof h);
  EXPECT_EQ(h.magic, kBlockMagic);
  EXPECT_EQ(h.submit_mono_ns, 123456789);
  EXPECT_EQ(h.block_size, 4096u);
}

TEST_F(BlockFixture, TwoVersionsDifferInEverySector) {
  std::vector<unsigned char> other(4096);
  fill_block(other.data(), 4096, 7, {42, 1000, 56, 123456789});
  for (std::size_t sector = 1; sector < 8; ++sector)
    EXPECT_NE(std::memcmp(b.data() + sector * 512, other.data() + sector * 512, 512), 0) << sector;
  // A torn write: the first sector of the new version over the rest of the old one.
  std::memcpy(other.data() + 512, b.data() + 512, 4096 - 512);
  const BlockVerdict v = inspect_block(other.data(), 4096, 42, 1000);
  EXPECT_EQ(v.state, BlockState::torn);
  EXPECT_EQ(v.seq, 56u);
}

TEST_F(BlockFixture, TellsTheDamageApart) {
  auto judge = [&](std::vector<unsigned char> x, std::uint64_t run, std::uint64_t lba) {
    return inspect_block(x.data(), 4096, run, lba).state;
  };
  std::vector<unsigned char> flipped = b;
  flipped[4000] ^= 1;
  EXPECT_EQ(judge(flipped, 42, 1000), BlockState::torn);
  EXPECT_EQ(judge(b, 42, 1001), BlockState::misplaced);
  EXPECT_EQ(judge(b, 43, 1000), BlockState::foreign);  // another run's block
  EXPECT_EQ(judge(std::vector<unsigned char>(4096, 0), 42, 1000), BlockState::blank);
  EXPECT_EQ(judge(std::vector<unsigned char>(4096, 0xEE), 42, 1000), BlockState::foreign);
}

}  // namespace
}  // namespace harness::ledger
