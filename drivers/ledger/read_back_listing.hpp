#pragma once
// The parser of harness-ledger's read-back listing (layout: ledger_format.hpp) into a view for
// the checker. LabError naming the file and the record on anything malformed, including a
// listing cut short: a read-back that did not cover the region says nothing about the rest.
#include <string>
#include <string_view>

#include "drivers/ledger/events.hpp"
#include "drivers/ledger/ledger_format.hpp"

namespace harness::ledger {

struct ReadBackListing {
  ReadBackHeader header{};
  std::string device;
  ReadBackView view;  // name = the header's device, role = device; the caller names its role
};

ReadBackListing parse_read_back(std::string_view bytes, const std::string& source);

}  // namespace harness::ledger
