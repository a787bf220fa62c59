#include "harness/runner/run_id.hpp"

#include <ctime>

#include <fmt/format.h>

namespace harness {

namespace {
// splitmix64: spreads nearby seeds and instants over the 4 hex digits.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::string slug(const std::string& name, std::size_t max_len) {
  std::string out;
  for (char c : name) {
    char l = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    bool ok = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9');
    if (ok) out.push_back(l);
    else if (!out.empty() && out.back() != '-') out.push_back('-');
    if (out.size() >= max_len) break;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "run" : out;
}
}  // namespace

std::string make_run_id(const std::string& scenario_name, Clock& clock, std::uint64_t seed) {
  std::int64_t rt = clock.realtime_ns();
  std::time_t secs = static_cast<std::time_t>(rt / kNsPerS);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  unsigned suffix = static_cast<unsigned>(mix(seed ^ mix(static_cast<std::uint64_t>(rt))) & 0xffff);
  std::string tail = fmt::format("-{}-{:04x}", stamp, suffix);  // 21 characters
  return slug(scenario_name, kMaxRunIdLength - tail.size()) + tail;
}

HistoryHeader make_history_header(const std::string& run_id, const std::string& scenario_name,
                                  std::uint64_t seed, Clock& clock) {
  HistoryHeader h;
  h.run_id = run_id;
  h.mono_anchor_ns = clock.now_ns();
  h.realtime_anchor_ns = clock.realtime_ns();
  h.meta = {{"scenario", scenario_name}, {"seed", seed}, {"harness_version", HARNESS_VERSION}};
  return h;
}

}  // namespace harness
