#include "drivers/ledger/ledger_block.hpp"

#include <cstring>

#include "drivers/ledger/crc32c.hpp"

namespace harness::ledger {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// CRC of the whole block with the CRC field read as zero.
std::uint32_t block_crc(const unsigned char* block, std::uint32_t block_size) {
  static constexpr unsigned char kZero[4] = {0, 0, 0, 0};
  std::uint32_t c = crc32c(block, kBlockCrcOffset);
  c = crc32c(kZero, 4, c);
  return crc32c(block + kBlockCrcOffset + 4, block_size - kBlockCrcOffset - 4, c);
}

}  // namespace

void fill_block(unsigned char* block, std::uint32_t block_size, std::uint64_t seed,
                const BlockIdentity& id) {
  BlockHeader h{kBlockMagic, id.run_id, id.lba, id.seq, id.submit_mono_ns, block_size, 0};
  std::memcpy(block, &h, sizeof h);
  std::uint64_t x = seed ^ (id.seq * 0xD1B54A32D192ED03ull) ^ id.run_id;
  for (std::uint32_t off = sizeof h; off + 8 <= block_size; off += 8) {
    const std::uint64_t w = splitmix64(x);
    std::memcpy(block + off, &w, 8);
  }
  const std::uint32_t crc = block_crc(block, block_size);
  std::memcpy(block + kBlockCrcOffset, &crc, 4);
}

BlockVerdict inspect_block(const unsigned char* block, std::uint32_t block_size,
                           std::uint64_t run_id, std::uint64_t lba) {
  BlockVerdict v;
  v.raw_crc32c = crc32c(block, block_size);
  BlockHeader h;
  std::memcpy(&h, block, sizeof h);
  if (h.magic != kBlockMagic || h.run_id != run_id) {
    bool zero = true;
    for (std::uint32_t i = 0; i < block_size && zero; ++i) zero = block[i] == 0;
    v.state = zero ? BlockState::blank : BlockState::foreign;
    return v;
  }
  v.seq = h.seq;
  if (h.block_size != block_size || h.crc32c != block_crc(block, block_size))
    v.state = BlockState::torn;
  else
    v.state = h.lba == lba ? BlockState::ok : BlockState::misplaced;
  return v;
}

}  // namespace harness::ledger
