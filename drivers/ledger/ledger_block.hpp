#pragma once
// Making and judging one ledger block (layout in ledger_format.hpp): the guest program fills
// blocks with it and reads them back with it, and the tests make damaged ones with it.
#include <cstddef>
#include <cstdint>

#include "drivers/ledger/ledger_format.hpp"

namespace harness::ledger {

struct BlockIdentity {
  std::uint64_t run_id = 0;
  std::uint64_t lba = 0;  // device block number, block-size units
  std::uint64_t seq = 0;
  std::int64_t submit_mono_ns = 0;
};

// Fills `block` (block_size bytes, a multiple of 8 and at least 64) with the header of `id`, a
// payload drawn from (seed, seq) — so two versions of a block differ everywhere — and the CRC.
void fill_block(unsigned char* block, std::uint32_t block_size, std::uint64_t seed,
                const BlockIdentity& id);

// What `block` holds for the reader expecting `run_id` at `lba`, with its version and raw CRC.
struct BlockVerdict {
  BlockState state = BlockState::foreign;
  std::uint64_t seq = 0;
  std::uint32_t raw_crc32c = 0;  // of the whole block as read
};
BlockVerdict inspect_block(const unsigned char* block, std::uint32_t block_size,
                           std::uint64_t run_id, std::uint64_t lba);

}  // namespace harness::ledger
