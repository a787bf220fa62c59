#include "drivers/fio/fio_messages.hpp"

#include <cstring>
#include <map>
#include <set>

namespace harness {
namespace {

bool parse_u64(std::string_view s, std::uint64_t& out) {
  if (s.empty() || s.size() > 19) return false;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  out = v;
  return true;
}

// The decimal number right after `key` in `s` (0 if absent).
std::uint64_t number_after(std::string_view s, std::string_view key) {
  auto p = s.find(key);
  if (p == std::string_view::npos) return 0;
  p += key.size();
  std::size_t e = p;
  while (e < s.size() && s[e] >= '0' && s[e] <= '9') ++e;
  std::uint64_t v = 0;
  parse_u64(s.substr(p, e - p), v);
  return v;
}

// "fio: io_u error on file F: <strerror>: <ddir> offset=N, buflen=M"
bool parse_io_error(std::string_view msg, FioIoError& out) {
  constexpr std::string_view kPrefix = "fio: io_u error";
  if (msg.substr(0, kPrefix.size()) != kPrefix) return false;
  const auto off = msg.rfind(" offset=");
  if (off == std::string_view::npos) return false;
  const auto ddir_start = msg.rfind(": ", off);
  if (ddir_start == std::string_view::npos || ddir_start < kPrefix.size()) return false;
  const auto err_start = msg.rfind(": ", ddir_start - 1);
  if (err_start == std::string_view::npos) return false;
  out.ddir = std::string(msg.substr(ddir_start + 2, off - ddir_start - 2));
  out.error = errno_from_text(msg.substr(err_start + 2, ddir_start - err_start - 2));
  out.offset = number_after(msg.substr(off), " offset=");
  out.length = number_after(msg.substr(off), "buflen=");
  return true;
}

// "verify: bad magic header ..." or "<checksum>: verify failed at file ..."
bool is_verify_failure(std::string_view msg) {
  if (msg.substr(0, 12) == "verify: bad ") return true;
  const auto p = msg.find(": verify failed at file ");
  return p != std::string_view::npos && p > 0 && msg.substr(0, p).find(' ') == std::string_view::npos;
}

}  // namespace

int errno_from_text(std::string_view text) {
  static const std::map<std::string, int, std::less<>> table = [] {
    std::map<std::string, int, std::less<>> t;
    // strerrordesc_np: the untranslated text, whatever the harness's locale (glibc >= 2.32).
    for (int e = 1; e < 200; ++e)
      if (const char* d = strerrordesc_np(e)) t.emplace(d, e);
    return t;
  }();
  auto it = table.find(text);
  return it == table.end() ? -1 : it->second;
}

FioMessages parse_fio_messages(std::string_view text) {
  FioMessages out;
  bool in_verify = false;
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++out.lines;
    std::int64_t stamp_ns = 0;
    const auto sp = line.find(' ');
    std::uint64_t us = 0;
    if (sp != std::string_view::npos && sp >= 10 && parse_u64(line.substr(0, sp), us)) {
      stamp_ns = static_cast<std::int64_t>(us) * 1000;
      line.remove_prefix(sp + 1);
    }
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    if (line.front() == ' ' || line.front() == '\t') {  // continuation of the previous message
      if (in_verify) {
        auto& m = out.verify_failures.back().message;
        m += '\n';
        m += line;
      } else {
        out.other.emplace_back(line);
      }
      continue;
    }
    FioIoError err;
    if (parse_io_error(line, err)) {
      err.guest_realtime_ns = stamp_ns;
      out.io_errors.push_back(std::move(err));
      in_verify = false;
    } else if (is_verify_failure(line)) {
      FioVerifyFailure f;
      f.guest_realtime_ns = stamp_ns;
      f.offset = number_after(line, " offset ");
      f.message = std::string(line);
      out.verify_failures.push_back(std::move(f));
      in_verify = true;
    } else {
      out.other.emplace_back(line);
      in_verify = false;
    }
  }
  return out;
}

std::size_t distinct_verify_blocks(const FioMessages& m) {
  std::set<std::uint64_t> offsets;
  for (const auto& f : m.verify_failures) offsets.insert(f.offset);
  return offsets.size();
}

std::size_t distinct_error_blocks(const FioMessages& m) {
  std::set<std::uint64_t> offsets;
  for (const auto& e : m.io_errors) offsets.insert(e.offset);
  return offsets.size();
}

}  // namespace harness
