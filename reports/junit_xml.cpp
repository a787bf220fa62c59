#include "reports/junit_xml.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <sstream>

#include <fmt/format.h>

#include "reports/file_output.hpp"
#include "reports/text_util.hpp"

namespace harness::junit_xml {

void Counts::add(const Counts& o) {
  tests += o.tests;
  failures += o.failures;
  errors += o.errors;
  skipped += o.skipped;
  time += o.time;
}

void attr(pugi::xml_node n, const char* name, std::string_view value) {
  n.append_attribute(name).set_value(xml_safe(value).c_str());
}

std::string seconds(double s) { return fmt::format("{:.3f}", std::max(0.0, s)); }

void set_counts(pugi::xml_node n, const Counts& c) {
  attr(n, "tests", std::to_string(c.tests));
  attr(n, "failures", std::to_string(c.failures));
  attr(n, "errors", std::to_string(c.errors));
  attr(n, "skipped", std::to_string(c.skipped));
  attr(n, "time", seconds(c.time));
}

void property(pugi::xml_node props, std::string_view name, std::string_view value) {
  auto p = props.append_child("property");
  attr(p, "name", name);
  attr(p, "value", value);
}

void text_child(pugi::xml_node parent, const char* name, std::string_view text) {
  parent.append_child(name).append_child(pugi::node_pcdata).set_value(xml_safe(text).c_str());
}

void problem(pugi::xml_node testcase, const char* element, std::string_view type,
             std::string_view message, std::string_view text) {
  auto p = testcase.append_child(element);
  attr(p, "message", message);
  attr(p, "type", type);
  p.append_child(pugi::node_pcdata).set_value(xml_safe(text).c_str());
}

pugi::xml_node add_suite(pugi::xml_node testsuites, std::string_view name, int id) {
  auto suite = testsuites.append_child("testsuite");
  attr(suite, "name", name.empty() ? "unnamed" : name);
  attr(suite, "id", std::to_string(id));
  attr(suite, "package", "harness");
  return suite;
}

void finish_suite(pugi::xml_node suite, const Counts& c, std::int64_t started_realtime_ns,
                  std::string_view hostname) {
  suite.append_child("system-err");
  // Counted while the testcases were written; attribute order means nothing to readers.
  set_counts(suite, c);
  attr(suite, "timestamp", utc_timestamp(started_realtime_ns));
  attr(suite, "hostname", hostname.empty() ? "localhost" : hostname);
}

std::string local_hostname() {
  std::array<char, 256> buf{};
  if (::gethostname(buf.data(), buf.size() - 1) != 0 || buf[0] == '\0') return "localhost";
  return buf.data();
}

pugi::xml_node start_document(pugi::xml_document& doc, std::string_view name) {
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto root = doc.append_child("testsuites");
  attr(root, "name", name);
  return root;
}

void save(const pugi::xml_document& doc, const std::string& path) {
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  write_file_atomically(path, out.str());
}

}  // namespace harness::junit_xml
