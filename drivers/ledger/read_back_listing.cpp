#include "drivers/ledger/read_back_listing.hpp"

#include <cstring>

#include <fmt/format.h>

#include "drivers/ledger/versioned_header.hpp"
#include "harness/core/errors.hpp"

namespace harness::ledger {
namespace {

[[noreturn]] void bad(const std::string& source, const std::string& what) {
  bad_file(source, "read-back listing", what);
}

}  // namespace

ReadBackListing parse_read_back(std::string_view bytes, const std::string& source) {
  ReadBackListing out;
  ReadBackHeader& h = out.header;
  h = read_versioned_header<ReadBackHeader, ReadBackRecord>(bytes, source, "read-back listing",
                                                            kReadBackMagic, kReadBackVersion);
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
