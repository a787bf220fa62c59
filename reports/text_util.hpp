#pragma once
// Text helpers shared by the report writers: making arbitrary strings from the History (node log
// lines with ANSI colours, torn UTF-8) safe for XML and HTML, and turning JSON metrics into the
// flat "key = value" pairs that JUnit properties and the HTML tables show.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace harness {

// Valid UTF-8 with only the characters XML 1.0 allows: invalid bytes and forbidden control
// characters (everything below U+0020 but tab, LF, CR; U+FFFE/U+FFFF) become U+FFFD.
// pugixml would otherwise write "&#01;", which no XML parser accepts.
std::string xml_safe(std::string_view s);

// Appends `s` to `out` escaped for HTML text and attribute values (& < > " '), after xml_safe.
void append_html_escaped(std::string& out, std::string_view s);
std::string html_escape(std::string_view s);

// A JSON value as a report shows it: strings bare, numbers in their shortest exact form.
std::string json_scalar_text(const nlohmann::json& v);

// Nested objects are joined with '.', array elements by index: {"a":{"b":1},"c":[2]} gives
// a.b=1, c.0=2. Key order is the JSON object's (sorted).
std::vector<std::pair<std::string, std::string>> flatten_metrics(const nlohmann::json& metrics);

// "2024-05-01T12:34:56" in UTC, the JUnit timestamp form (no zone suffix, as Ant writes it).
std::string utc_timestamp(std::int64_t realtime_ns);
// "2024-05-01 12:34:56.789 UTC" for people.
std::string utc_human(std::int64_t realtime_ns);

// Seconds with a fixed number of decimals and an explicit sign ("+1.250").
std::string signed_seconds(std::int64_t ns, int decimals = 3);

}  // namespace harness
