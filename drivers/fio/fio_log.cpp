#include "drivers/fio/fio_log.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace harness {
namespace {

// One unsigned decimal field: optional spaces, digits, optional spaces, then ',' or the end.
// Advances `p`. Hand-rolled rather than from_chars + find: this loop is the whole cost of
// parsing a 120k-line log.
template <class T>
bool field(const char*& p, const char* end, T& out, bool last) {
  while (p < end && *p == ' ') ++p;
  const char* start = p;
  std::uint64_t v = 0;
  while (p < end && static_cast<unsigned>(*p - '0') < 10) {
    v = v * 10 + static_cast<unsigned>(*p - '0');
    ++p;
  }
  if (p == start || p - start > 19) return false;
  while (p < end && *p == ' ') ++p;
  out = static_cast<T>(v);
  if (last) return p == end;
  if (p == end || *p != ',') return false;
  ++p;
  return true;
}

}  // namespace

std::string_view fio_ddir_name(int ddir) {
  switch (ddir) {
    case 0: return "read";
    case 1: return "write";
    case 2: return "trim";
    default: return "other";
  }
}

bool parse_fio_log_line(std::string_view line, FioLogSample& out) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  const char* p = line.data();
  const char* end = p + line.size();
  // Count the separators first: 5 columns (no prio) or 6.
  const auto commas = std::count(p, end, ',');
  if (commas != 4 && commas != 5) return false;
  const bool prio = commas == 5;
  std::uint64_t ddir = 0;
  if (!field(p, end, out.time_ms, false) || !field(p, end, out.value, false) ||
      !field(p, end, ddir, false) || !field(p, end, out.bs, false) ||
      !field(p, end, out.offset, !prio))
    return false;
  if (ddir > 2) return false;
  out.ddir = static_cast<int>(ddir);
  out.prio = 0;
  if (prio && !field(p, end, out.prio, true)) return false;
  return true;
}

void FioLogParser::line(std::string_view l) {
  ++line_no_;
  if (l.empty() || (l.size() == 1 && l[0] == '\r')) return;  // blank lines carry nothing
  FioLogSample s;
  if (parse_fio_log_line(l, s)) {
    ++samples_;
    on_sample_(s);
    return;
  }
  if (malformed_++ == 0)
    first_malformed_ = fmt::format("line {}: {}", line_no_, l.substr(0, 120));
}

void FioLogParser::feed(std::string_view chunk) {
  if (!partial_.empty()) {
    const auto nl = chunk.find('\n');
    if (nl == std::string_view::npos) {
      partial_.append(chunk);
      return;
    }
    partial_.append(chunk.substr(0, nl));
    line(partial_);
    partial_.clear();
    chunk.remove_prefix(nl + 1);
  }
  for (;;) {
    const auto nl = chunk.find('\n');
    if (nl == std::string_view::npos) break;
    line(chunk.substr(0, nl));
    chunk.remove_prefix(nl + 1);
  }
  partial_.assign(chunk);
}

void FioLogParser::finish() {
  if (!partial_.empty()) line(partial_);
  partial_.clear();
}

WrittenBlocks::WrittenBlocks(std::uint64_t region_bytes, std::uint64_t bs)
    : bs_(bs), bits_(bs ? region_bytes / bs : 0, false) {}

void WrittenBlocks::apply(const FioLogSample& s) {
  if (s.ddir != 1 && s.ddir != 2) return;
  if (bs_ == 0 || s.bs == 0 || s.offset % bs_ != 0 || s.bs % bs_ != 0 ||
      s.offset / bs_ + s.bs / bs_ > bits_.size()) {
    ++stray_;
    return;
  }
  const bool set = s.ddir == 1;
  for (std::uint64_t b = s.offset / bs_, e = b + s.bs / bs_; b < e; ++b) {
    if (bits_[b] == set) continue;
    bits_[b] = set;
    if (set) ++count_;
    else --count_;
  }
}

std::vector<FioExtent> WrittenBlocks::extents(std::uint64_t max_bytes) const {
  std::vector<FioExtent> out;
  if (bs_ == 0) return out;
  const std::uint64_t max_blocks = std::max<std::uint64_t>(1, max_bytes / bs_);
  std::uint64_t b = 0;
  const std::uint64_t n = bits_.size();
  while (b < n) {
    if (!bits_[b]) {
      ++b;
      continue;
    }
    std::uint64_t e = b;
    while (e < n && bits_[e] && e - b < max_blocks) ++e;
    out.push_back(FioExtent{b * bs_, (e - b) * bs_});
    b = e;
  }
  return out;
}

}  // namespace harness
