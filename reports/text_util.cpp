#include "reports/text_util.hpp"

#include <ctime>

#include <fmt/format.h>

namespace harness {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at s[i] and its code point, or 0 when invalid
// (overlong forms, surrogates and values above U+10FFFF are invalid too).
std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t len = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

bool xml_allowed(char32_t cp) {
  if (cp < 0x20) return cp == '\t' || cp == '\n' || cp == '\r';
  return cp != 0xFFFE && cp != 0xFFFF;
}

}  // namespace

std::string xml_safe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t len = utf8_sequence(s, i, cp);
    if (len == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    if (xml_allowed(cp))
      out.append(s.substr(i, len));
    else
      out += kReplacement;
    i += len;
  }
  return out;
}

void append_html_escaped(std::string& out, std::string_view s) {
  // Fast path: most strings are plain ASCII without markup characters.
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || u < 0x20) {
      char32_t cp = 0;
      const std::size_t len = utf8_sequence(s, i, cp);
      if (len == 0 || !xml_allowed(cp)) {
        out += kReplacement;
        i += len == 0 ? 1 : len;
      } else {
        out.append(s.substr(i, len));
        i += len;
      }
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
    ++i;
  }
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  append_html_escaped(out, s);
  return out;
}

std::string json_scalar_text(const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::string: return v.get<std::string>();
    case nlohmann::json::value_t::boolean: return v.get<bool>() ? "true" : "false";
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::number_integer: return fmt::format("{}", v.get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned: return fmt::format("{}", v.get<std::uint64_t>());
    // fmt's default is the shortest form that reads back to the same double.
    case nlohmann::json::value_t::number_float: return fmt::format("{}", v.get<double>());
    default:
      return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
}

namespace {
void flatten_into(const nlohmann::json& v, const std::string& prefix,
                  std::vector<std::pair<std::string, std::string>>& out) {
  if (v.is_object() && !v.empty()) {
    for (const auto& [k, child] : v.items())
      flatten_into(child, prefix.empty() ? k : prefix + "." + k, out);
  } else if (v.is_array() && !v.empty()) {
    std::size_t i = 0;
    for (const auto& child : v) flatten_into(child, fmt::format("{}.{}", prefix, i++), out);
  } else if (!prefix.empty()) {
    out.emplace_back(prefix, json_scalar_text(v));
  }
}
}  // namespace

std::vector<std::pair<std::string, std::string>> flatten_metrics(const nlohmann::json& metrics) {
  std::vector<std::pair<std::string, std::string>> out;
  if (metrics.is_object() || metrics.is_array())
    flatten_into(metrics, "", out);
  else if (!metrics.is_null())
    out.emplace_back("value", json_scalar_text(metrics));
  return out;
}

namespace {
std::tm utc_tm(std::int64_t realtime_ns, long& millis) {
  std::int64_t secs = realtime_ns / 1'000'000'000;
  std::int64_t rem = realtime_ns % 1'000'000'000;
  if (rem < 0) rem += 1'000'000'000, --secs;
  millis = static_cast<long>(rem / 1'000'000);
  const std::time_t tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return tm;
}
}  // namespace

std::string utc_timestamp(std::int64_t realtime_ns) {
  long ms = 0;
  const std::tm tm = utc_tm(realtime_ns, ms);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string utc_human(std::int64_t realtime_ns) {
  long ms = 0;
  const std::tm tm = utc_tm(realtime_ns, ms);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:03} UTC", tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
}

std::string signed_seconds(std::int64_t ns, int decimals) {
  return fmt::format("{:+.{}f}", static_cast<double>(ns) / 1e9, decimals);
}

}  // namespace harness
