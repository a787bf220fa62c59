#pragma once
// SHA-256 (FIPS 180-4), small and dependency-free: names images by the hash of their recipe.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace harness {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view data);
  void update(const void* data, std::size_t n);
  // The digest; the object must not be updated afterwards.
  std::array<std::uint8_t, 32> finish();
  // finish() as 64 lowercase hex digits.
  std::string hex();

 private:
  void block(const std::uint8_t* p);
  std::array<std::uint32_t, 8> h_;
  std::array<std::uint8_t, 64> buf_{};
  std::size_t buf_len_ = 0;
  std::uint64_t total_bytes_ = 0;
};

// Hex digest of `data` in one call.
std::string sha256_hex(std::string_view data);

}  // namespace harness
