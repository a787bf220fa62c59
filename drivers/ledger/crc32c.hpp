#pragma once
// CRC32C (Castagnoli, reflected polynomial 0x82F63B78), in software, slicing by eight: the
// ledger's block checksum. No dependencies, so the guest program links it as it is.
#include <cstddef>
#include <cstdint>

namespace harness::ledger {

// The CRC32C of `n` bytes, continuing from `crc` (0 to start): crc32c("123456789") = 0xE3069283.
std::uint32_t crc32c(const void* data, std::size_t n, std::uint32_t crc = 0);

}  // namespace harness::ledger
