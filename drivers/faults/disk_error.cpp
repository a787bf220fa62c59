#include "drivers/faults/disk_error.hpp"

#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "drivers/faults/fault_kind.hpp"
#include "harness/core/errors.hpp"
#include "harness/scenario/json_reader.hpp"

namespace harness {

namespace {
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (line.find_first_not_of(" \t\r") != std::string::npos) lines.push_back(line);
  return lines;
}

std::vector<std::string> words_of(const std::string& line) {
  std::vector<std::string> words;
  std::istringstream in(line);
  std::string w;
  while (in >> w) words.push_back(w);
  return words;
}

std::uint64_t to_u64(const std::string& s, const std::string& table) {
  try {
    std::size_t used = 0;
    auto v = std::stoull(s, &used);
    if (used == s.size()) return v;
  } catch (const std::exception&) {
  }
  throw LabError(fmt::format("unreadable device-mapper table: '{}'", table));
}

// The disk is already back in DRBD's hands: drbdsetup's "(124) Device is attached to a disk".
bool already_attached(const CommandResult& r) {
  return r.err.find("(124)") != std::string::npos ||
         r.err.find("attached to a disk") != std::string::npos;
}
}  // namespace

std::uint64_t table_sectors(const std::string& table) {
  std::uint64_t end = 0;
  auto lines = lines_of(table);
  for (const auto& line : lines) {
    auto w = words_of(line);
    if (w.size() < 3) throw LabError(fmt::format("unreadable device-mapper table: '{}'", table));
    end = std::max(end, to_u64(w[0], table) + to_u64(w[1], table));
  }
  if (lines.empty() || end == 0) throw LabError(fmt::format("empty device-mapper table: '{}'", table));
  return end;
}

std::string failing_table(const std::string& saved, const std::string& mode) {
  std::uint64_t sectors = table_sectors(saved);
  if (mode == "error") return fmt::format("0 {} error", sectors);
  // Writes acknowledged and dropped, reads of zeros: a disk that lies (the negative control of
  // the integrity checks, docs/LEDGER.md). DRBD sees no error, so it neither detaches nor
  // resyncs: after the heal the node serves the versions from before the fault.
  if (mode == "discard") return fmt::format("0 {} zero", sectors);
  if (mode == "flakey") {
    auto lines = lines_of(saved);
    auto w = lines.size() == 1 ? words_of(lines[0]) : std::vector<std::string>{};
    if (w.size() != 5 || w[2] != "linear")
      throw LabError(fmt::format(
          "disk_error flakey needs a single linear segment to wrap, the table is '{}'", saved));
    return fmt::format("0 {} flakey {} {} 1 4", sectors, w[3], w[4]);
  }
  throw ScenarioError(fmt::format("disk_error: unknown mode '{}'", mode));
}

DiskError::DiskError(const FaultSpec& spec, std::string node, Lab& lab, Clock& clock)
    : RecordedFault(spec, std::move(node), clock), lab_(lab) {
  const std::string mode = spec.option_string("mode");
  if (mode != "error" && mode != "flakey" && mode != "discard")
    throw ScenarioError(
        fmt::format("disk_error: mode must be error, flakey or discard, found '{}'", mode));
}

nlohmann::json DiskError::do_inject(const Deadline& deadline) {
  Remote& remote = lab_.remote(node());
  saved_ = remote.check({"dmsetup", "table", kBackingDmName}, deadline).out;
  std::string table = failing_table(saved_, spec().option_string("mode"));
  mark_action();
  remote.check({"dmsetup", "suspend", kBackingDmName}, deadline);
  // Once suspended, the device must be resumed whatever happens, or I/O hangs forever: the
  // heal does that (it runs even when this inject throws half-way).
  remote.check({"dmsetup", "load", kBackingDmName, "--table", table}, deadline);
  remote.check({"dmsetup", "resume", kBackingDmName}, deadline);
  return {{"table", table}};
}

nlohmann::json DiskError::do_heal(const Deadline& deadline) {
  Remote& remote = lab_.remote(node());
  // The table is saved before the device is touched: without it nothing was changed.
  if (saved_.empty()) return {{"skipped", "the device was never touched"}};
  remote.check({"dmsetup", "load", kBackingDmName}, deadline, saved_);
  remote.check({"dmsetup", "resume", kBackingDmName}, deadline);
  // A discarding disk never failed an I/O: DRBD kept it attached (drbdadm attach would refuse
  // with "Device '0' is configured!").
  if (spec().option_string("mode") == "discard") return nlohmann::json::object();
  std::vector<std::string> attach{"drbdadm", "attach", "all"};
  auto r = remote.run(attach, deadline);
  if (r.exit_status != 0 && !already_attached(r)) throw LabError(describe_failure(node(), attach, r));
  return nlohmann::json::object();
}

const FaultKind& disk_error_fault_kind() {
  static const FaultKind kind{
      .step = {.name = "disk_error",
               .doc = "the DRBD backing disk of the node fails underneath DRBD (device-mapper "
                      "error, flakey or zero table); heal restores it and reattaches",
               .targets = kTargetNodes,
               .options = {{.key = "mode",
                            .expected = "one of \"error\", \"flakey\" or \"discard\"",
                            .doc = "error (every I/O fails; the default), flakey (works 1 s, "
                                   "fails 4 s, over and over) or discard (writes acknowledged "
                                   "and dropped, reads of zeros: a negative control)",
                            .read = [](const OptionSite& site, const nlohmann::json& v)
                                -> std::optional<nlohmann::json> {
                              auto m = read_choice(site.diag, v, site.pointer, {"error", "flakey", "discard"});
                              if (!m) return std::nullopt;
                              return nlohmann::json(*m);
                            },
                            .default_value = "error",
                            .schema = {{"enum", {"error", "flakey", "discard"}}, {"default", "error"}}}}},
      .make = [](const FaultSpec& spec, const std::string& node, FaultEnv& env) -> std::unique_ptr<Fault> {
        return std::make_unique<DiskError>(spec, node, env.lab, env.clock);
      }};
  return kind;
}

}  // namespace harness
