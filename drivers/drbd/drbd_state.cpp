// /proc/drbd (DRBD 8.4) into DrbdStatus.
#include "drivers/drbd/drbd_state.hpp"

#include <charconv>

#include "drivers/parse_util.hpp"

namespace harness {
namespace {

constexpr std::string_view kTool = "/proc/drbd";

// "A/B" after a "ro:" / "ds:" prefix.
void pair_field(std::string_view word, std::string_view prefix, std::string& a, std::string& b,
                std::string_view line) {
  if (!word.starts_with(prefix))
    status::parse_error(kTool, std::string(prefix) + "<local>/<peer>", line);
  auto v = word.substr(prefix.size());
  auto slash = v.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == v.size())
    status::parse_error(kTool, std::string(prefix) + "<local>/<peer>", line);
  a = std::string(v.substr(0, slash));
  b = std::string(v.substr(slash + 1));
}

// " 0: cs:Connected ro:Primary/Primary ds:UpToDate/UpToDate C r-----"
DrbdMinorState parse_minor_line(std::string_view line) {
  auto t = status::trim(line);
  auto colon = t.find(':');
  DrbdMinorState m;
  auto minor = status::to_int(t.substr(0, colon));
  if (!minor || *minor < 0) status::parse_error(kTool, "\"<minor>: cs:<state> ...\"", line);
  m.minor = static_cast<int>(*minor);
  auto words = status::split_words(t.substr(colon + 1));
  if (words.empty() || !words[0].starts_with("cs:"))
    status::parse_error(kTool, "\"<minor>: cs:<state> ...\"", line);
  m.cstate = std::string(words[0].substr(3));
  if (m.cstate == "Unconfigured") return m;
  if (words.size() < 3) status::parse_error(kTool, "cs:, ro: and ds: fields", line);
  pair_field(words[1], "ro:", m.role, m.peer_role, line);
  pair_field(words[2], "ds:", m.disk, m.peer_disk, line);
  std::size_t i = 3;
  // Without a net configuration the protocol letter is a blank, so only the flags follow.
  if (i < words.size() && words[i].size() == 1) m.protocol = words[i++][0];
  if (i < words.size()) m.io_flags = std::string(words[i]);
  if (m.io_flags.size() != 6) status::parse_error(kTool, "6 I/O state flags (\"r-----\")", line);
  m.io_suspended = m.io_flags[0] == 's';
  return m;
}

// "    ns:0 nr:0 dw:0 dr:2120 al:0 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:0"
void parse_counters(std::string_view line, DrbdMinorState& m) {
  bool have_oos = false;
  for (auto w : status::split_words(line)) {
    auto colon = w.find(':');
    if (colon == std::string_view::npos) status::parse_error(kTool, "key:value counters", line);
    auto key = w.substr(0, colon);
    auto value = w.substr(colon + 1);
    std::int64_t* dst = key == "oos" ? &m.oos_kib
                        : key == "ns" ? &m.ns_kib
                        : key == "nr" ? &m.nr_kib
                        : key == "dw" ? &m.dw_kib
                        : key == "dr" ? &m.dr_kib
                                      : nullptr;
    if (!dst) continue;
    auto v = status::to_int(value);
    if (!v) status::parse_error(kTool, std::string(key) + ":<number>", line);
    *dst = *v;
    if (key == "oos") have_oos = true;
  }
  if (!have_oos) status::parse_error(kTool, "an oos:<KiB> counter", line);
}

// "\t[==>.................] sync'ed: 12.3% (898/1024)M"
void parse_progress(std::string_view line, DrbdMinorState& m) {
  auto key = line.find("sync'ed:");
  m.verifying = key == std::string_view::npos;
  if (m.verifying) key = line.find("verified:");
  auto rest = status::trim(line.substr(line.find(':', key) + 1));
  auto pct = rest.find('%');
  double v = 0;
  auto num = status::trim(rest.substr(0, pct));
  auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), v);
  if (pct == std::string_view::npos || ec != std::errc() || p != num.data() + num.size())
    status::parse_error(kTool, "\"sync'ed: <percent>%\"", line);
  m.sync_percent = v;
}

}  // namespace

bool DrbdMinorState::healthy_dual_primary() const {
  return cstate == "Connected" && role == "Primary" && peer_role == "Primary" &&
         disk == "UpToDate" && peer_disk == "UpToDate" && !io_suspended;
}

bool DrbdMinorState::fresh_pair() const {
  return cstate == "Connected" && role == "Secondary" && peer_role == "Secondary" &&
         disk == "Inconsistent" && peer_disk == "Inconsistent";
}

const DrbdMinorState* DrbdStatus::minor(int m) const {
  for (const auto& s : minors)
    if (s.minor == m) return &s;
  return nullptr;
}

Argv proc_drbd_argv() { return {"cat", "/proc/drbd"}; }

std::string drbd_state_summary(const DrbdStatus& status, int minor) {
  const DrbdMinorState* m = status.minor(minor);
  if (!m || m->cstate == "Unconfigured") return "Unconfigured";
  return m->cstate + " " + m->role + "/" + m->peer_role + " " + m->disk + "/" + m->peer_disk;
}

DrbdStatus parse_proc_drbd(std::string_view text) {
  DrbdStatus out;
  bool have_version = false;
  bool counters_due = false;  // a configured minor's line is followed by its counters
  for (auto line : status::split_lines(text)) {
    auto t = status::trim(line);
    if (t.empty()) continue;
    if (!have_version) {
      if (!t.starts_with("version:"))
        status::parse_error(kTool, "\"version: 8.4.x (api:...)\" first", line);
      auto words = status::split_words(t.substr(8));
      if (words.empty()) status::parse_error(kTool, "a version number", line);
      out.version = std::string(words[0]);
      have_version = true;
      continue;
    }
    if (t.starts_with("srcversion:") || t.starts_with("GIT-hash:")) continue;
    if (counters_due) {
      parse_counters(t, out.minors.back());
      counters_due = false;
    } else if (t.find(": cs:") != std::string_view::npos) {
      out.minors.push_back(parse_minor_line(line));
      counters_due = out.minors.back().cstate != "Unconfigured";
    } else if (!out.minors.empty() && (t.find("sync'ed:") != std::string_view::npos ||
                                       t.find("verified:") != std::string_view::npos)) {
      parse_progress(t, out.minors.back());
    }
    // Other lines (finish/speed, activity-log statistics at higher proc_details) carry
    // nothing the harness reads.
  }
  if (!have_version) status::parse_error(kTool, "\"version: 8.4.x (api:...)\"", text);
  if (counters_due) status::parse_error(kTool, "the ns:/nr:/.../oos: counters line", "end of text");
  return out;
}

}  // namespace harness
