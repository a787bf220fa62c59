#include "drivers/ledger/read_back_listing.hpp"

#include <cstring>

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness::ledger {
namespace {

[[noreturn]] void bad(const std::string& source, const std::string& what) {
  throw LabError(fmt::format("{}: not a usable harness-ledger read-back listing: {}", source, what));
}

}  // namespace

ReadBackListing parse_read_back(std::string_view bytes, const std::string& source) {
  ReadBackListing out;
  ReadBackHeader& h = out.header;
  if (bytes.size() < sizeof h)
    bad(source, fmt::format("{} bytes, shorter than the {}-byte header", bytes.size(), sizeof h));
  std::memcpy(&h, bytes.data(), sizeof h);
  if (std::memcmp(h.magic, kReadBackMagic, sizeof h.magic) != 0) bad(source, "wrong magic");
  if (h.version != kReadBackVersion)
    bad(source, fmt::format("version {}, this harness reads version {}", h.version, kReadBackVersion));
  if (h.header_size < sizeof h || h.header_size > bytes.size() ||
      h.record_size != sizeof(ReadBackRecord))
    bad(source, fmt::format("header size {} / record size {}, expected {} / {}", h.header_size,
                            h.record_size, sizeof h, sizeof(ReadBackRecord)));
  if (h.region_blocks > 0xFFFFFFFFull) bad(source, "more than 2^32-1 blocks");
  const std::string_view body = bytes.substr(h.header_size);
  if (body.size() != h.region_blocks * sizeof(ReadBackRecord))
    bad(source, fmt::format("{} bytes of records for a region of {} blocks ({} expected): cut short?",
                            body.size(), h.region_blocks, h.region_blocks * sizeof(ReadBackRecord)));
  out.device.assign(h.device, strnlen(h.device, sizeof h.device));
  out.view.name = out.device;
  out.view.blocks.resize(static_cast<std::size_t>(h.region_blocks));
  for (std::size_t i = 0; i < out.view.blocks.size(); ++i) {
    ReadBackRecord r;
    std::memcpy(&r, body.data() + i * sizeof r, sizeof r);
    if (r.block != i || r.state < 1 || r.state > 6)
      bad(source, fmt::format("record {} (byte {}): block {}, state {}", i,
                              h.header_size + i * sizeof r, r.block, r.state));
    out.view.blocks[i] = {r.seq, r.crc32c, static_cast<BlockState>(r.state), r.err};
  }
  return out;
}

}  // namespace harness::ledger
