#pragma once
// Opening the device (or a regular file standing in for it) and checking the region fits.
#include <cstdint>
#include <string>

namespace harness::ledger {

// Opens `path` with O_DIRECT and `flags`; throws std::runtime_error naming the path and why
// (including a region that ends past the device's size).
int open_device(const std::string& path, int flags, std::uint64_t region_end_bytes);

// Block-size-aligned memory for O_DIRECT buffers; aborts on failure.
unsigned char* aligned_buffer(std::size_t bytes);

}  // namespace harness::ledger
