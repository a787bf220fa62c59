#pragma once
// The start both harness-ledger files share: a fixed header (magic, version, header size,
// record size) then fixed-size records. Reads the header of `kind` ("log", "read-back listing")
// and checks those four fields; LabError naming the source and what is wrong.
#include <cstring>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness::ledger {

[[noreturn]] inline void bad_file(const std::string& source, std::string_view kind,
                                  const std::string& what) {
  throw LabError(fmt::format("{}: not a usable harness-ledger {}: {}", source, kind, what));
}

template <class Header, class Record>
Header read_versioned_header(std::string_view bytes, const std::string& source, std::string_view kind,
                             const char (&magic)[8], std::uint32_t version) {
  Header h;
  if (bytes.size() < sizeof h)
    bad_file(source, kind,
             fmt::format("{} bytes, shorter than the {}-byte header", bytes.size(), sizeof h));
  std::memcpy(&h, bytes.data(), sizeof h);
  if (std::memcmp(h.magic, magic, sizeof h.magic) != 0) bad_file(source, kind, "wrong magic");
  if (h.version != version)
    bad_file(source, kind,
             fmt::format("version {}, this harness reads version {}", h.version, version));
  if (h.header_size < sizeof h || h.header_size > bytes.size() || h.record_size != sizeof(Record))
    bad_file(source, kind,
             fmt::format("header size {} / record size {}, expected {} / {}", h.header_size,
                         h.record_size, sizeof h, sizeof(Record)));
  return h;
}

}  // namespace harness::ledger
