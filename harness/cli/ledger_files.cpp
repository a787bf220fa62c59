#include "harness/cli/ledger_files.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "drivers/ledger/ledger_log.hpp"
#include "drivers/ledger/read_back_listing.hpp"
#include "harness/core/errors.hpp"

namespace harness {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LabError(fmt::format("{}: cannot read", path));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

ledger::Ledger load_ledger_files(const std::string& log_file, const std::vector<LedgerViewFile>& views) {
  ledger::Ledger l = ledger::parse_ledger_log(read_file(log_file), log_file).ledger;
  for (const auto& v : views) {
    ledger::ReadBackListing rb = ledger::parse_read_back(read_file(v.file), v.file);
    if (rb.header.run_id != l.run_id)
      throw LabError(fmt::format("{}: read back for run id {}, the log's is {}", v.file,
                                 rb.header.run_id, l.run_id));
    rb.view.name = !v.name.empty() ? v.name
                   : rb.device.empty() ? v.file
                                       : fmt::format("{} ({})", rb.device, v.file);
    rb.view.role = v.role;
    l.views.push_back(std::move(rb.view));
  }
  return l;
}

}  // namespace harness
