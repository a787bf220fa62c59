#pragma once
// The seeded order of the writes: pass after pass over the region, each pass a permutation of
// its blocks drawn from (seed, pass), so every block is rewritten once per pass and its
// versions follow one another.
#include <cstdint>
#include <vector>

namespace harness::ledger {

class BlockOrder {
 public:
  BlockOrder(std::uint64_t blocks, std::uint64_t seed);
  // The region index of slot `slot` (slots are asked for in increasing order).
  std::uint64_t at(std::uint64_t slot);

 private:
  void shuffle(std::uint64_t pass);
  std::uint64_t seed_;
  std::uint64_t pass_ = ~0ull;
  std::vector<std::uint32_t> perm_;
};

}  // namespace harness::ledger
