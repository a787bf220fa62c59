#include "drivers/observers/host_starvation.hpp"

#include <algorithm>
#include <charconv>

namespace harness {

namespace {

// Parses one unsigned decimal field at `pos`, skipping the blanks before it.
std::optional<std::int64_t> field(std::string_view s, std::size_t& pos) {
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t')) ++pos;
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data() + pos, s.data() + s.size(), v);
  if (ec != std::errc() || end == s.data() + pos || v < 0) return std::nullopt;
  pos = static_cast<std::size_t>(end - s.data());
  return v;
}

double seconds(std::int64_t ns) { return static_cast<double>(ns) / 1e9; }

}  // namespace

std::int64_t longest_wait_ns(std::int64_t wait_ns, std::int64_t slices, std::int64_t interval_ns) {
  const std::int64_t excess = wait_ns - interval_ns;
  const std::int64_t mean = slices > 0 ? wait_ns / slices : 0;
  return std::max<std::int64_t>({excess, mean, 0});
}

std::optional<ThreadSched> parse_schedstat(std::string_view text) {
  std::size_t pos = 0;
  auto cpu = field(text, pos);
  auto wait = field(text, pos);
  auto slices = field(text, pos);
  if (!cpu || !wait || !slices) return std::nullopt;
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n')) ++pos;
  if (pos != text.size()) return std::nullopt;  // a fourth field: not the format we know
  ThreadSched t;
  t.cpu_ns = *cpu;
  t.wait_ns = *wait;
  t.slices = *slices;
  return t;
}

bool is_vcpu_thread(std::string_view comm) {
  if (!comm.empty() && comm.back() == '\n') comm.remove_suffix(1);
  if (!comm.starts_with("CPU ")) return false;
  comm.remove_prefix(4);
  std::size_t digits = 0;
  while (digits < comm.size() && comm[digits] >= '0' && comm[digits] <= '9') ++digits;
  return digits > 0 && digits + 1 < comm.size() && comm[digits] == '/';
}

StarvationAccumulator::StarvationAccumulator(std::int64_t record_span_ns)
    : record_span_ns_(record_span_ns) {}

void StarvationAccumulator::close(const std::string& node, Guest& g,
                                  std::vector<GuestSchedRecord>& out) {
  if (g.pending.intervals > 0) out.push_back({node, g.pending_end_ns, g.pending});
  g.pending = HostSchedRecord{};
  g.pending.pid = g.pid;
}

std::vector<GuestSchedRecord> StarvationAccumulator::add(std::int64_t t_ns,
                                                         const std::vector<GuestThreads>& reading) {
  std::vector<GuestSchedRecord> out;
  std::map<std::string, const GuestThreads*> seen;
  for (const auto& r : reading) seen[r.node] = &r;
  for (auto it = guests_.begin(); it != guests_.end();) {
    if (seen.count(it->first)) {
      ++it;
      continue;
    }
    close(it->first, it->second, out);
    it = guests_.erase(it);
  }
  for (const auto& [node, r] : seen) {
    auto [git, fresh] = guests_.try_emplace(node);
    Guest& g = git->second;
    if (!fresh && g.pid != r->pid) close(node, g, out);  // a new process: its counters restart
    if (fresh || g.pid != r->pid || t_ns <= g.last_t_ns) {
      g.pid = r->pid;
      g.pending.pid = r->pid;
    } else {
      const std::int64_t interval = t_ns - g.last_t_ns;
      int vcpus = 0;
      for (const auto& t : r->threads) {
        auto prev = g.last.find(t.tid);
        if (prev == g.last.end()) continue;  // a thread's first reading is its baseline
        const std::int64_t dwait = t.wait_ns - prev->second.wait_ns;
        const std::int64_t dcpu = t.cpu_ns - prev->second.cpu_ns;
        const std::int64_t dslices = t.slices - prev->second.slices;
        if (dwait < 0 || dcpu < 0 || dslices < 0) continue;  // not the same thread (tid reused)
        g.pending.threads_wait_s += seconds(dwait);
        if (!is_vcpu_thread(t.comm)) continue;
        ++vcpus;
        g.pending.vcpu_wait_s += seconds(dwait);
        g.pending.vcpu_cpu_s += seconds(dcpu);
        g.pending.longest_wait_s = std::max(g.pending.longest_wait_s, seconds(longest_wait_ns(dwait, dslices, interval)));
      }
      g.pending.vcpus = std::max(g.pending.vcpus, vcpus);
      g.pending.span_s += seconds(interval);
      ++g.pending.intervals;
      g.pending_end_ns = t_ns;
      if (g.pending.span_s >= seconds(record_span_ns_)) close(node, g, out);
    }
    g.last_t_ns = t_ns;
    g.last.clear();
    for (const auto& t : r->threads) g.last[t.tid] = t;
  }
  return out;
}

std::vector<GuestSchedRecord> StarvationAccumulator::flush() {
  std::vector<GuestSchedRecord> out;
  for (auto& [node, g] : guests_) close(node, g, out);
  return out;
}

}  // namespace harness
