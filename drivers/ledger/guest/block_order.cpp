#include "drivers/ledger/guest/block_order.hpp"

#include <numeric>

namespace harness::ledger {

BlockOrder::BlockOrder(std::uint64_t blocks, std::uint64_t seed)
    : seed_(seed), perm_(static_cast<std::size_t>(blocks)) {}

void BlockOrder::shuffle(std::uint64_t pass) {
  std::iota(perm_.begin(), perm_.end(), 0u);
  std::uint64_t x = seed_ ^ (pass + 1) * 0x9E3779B97F4A7C15ull;
  auto next = [&x] {  // xorshift64*
    x ^= x >> 12, x ^= x << 25, x ^= x >> 27;
    return x * 0x2545F4914F6CDD1Dull;
  };
  if (x == 0) x = 1;
  for (std::size_t i = perm_.size(); i > 1; --i) std::swap(perm_[i - 1], perm_[next() % i]);
  pass_ = pass;
}

std::uint64_t BlockOrder::at(std::uint64_t slot) {
  const std::uint64_t pass = slot / perm_.size();
  if (pass != pass_) shuffle(pass);
  return perm_[static_cast<std::size_t>(slot % perm_.size())];
}

}  // namespace harness::ledger
