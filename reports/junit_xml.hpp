#pragma once
// What both JUnit writers (one run's checks: junit_writer.cpp; a matrix's scenarios:
// matrix_junit.cpp) share: attribute and text escaping through xml_safe, the counts CI reads, and
// the document's frame. The files satisfy reports/junit.xsd and reports/junit-ant.xsd.
#include <string>
#include <string_view>

#include <pugixml.hpp>

namespace harness::junit_xml {

struct Counts {
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  double time = 0;
  void add(const Counts& o);
};

void attr(pugi::xml_node n, const char* name, std::string_view value);
std::string seconds(double s);  // "12.500", never negative
void set_counts(pugi::xml_node n, const Counts& c);
void property(pugi::xml_node props, std::string_view name, std::string_view value);
// <name>text</name> appended to `parent`.
void text_child(pugi::xml_node parent, const char* name, std::string_view text);
// A <failure> or <error> with message, type and the text that CI shows as its "stack trace".
void problem(pugi::xml_node testcase, const char* element, std::string_view type,
             std::string_view message, std::string_view text);

// A new <testsuite> under <testsuites>, with the Ant aggregate's `id` (0, 1, ...) and `package`.
pugi::xml_node add_suite(pugi::xml_node testsuites, std::string_view name, int id);
// Closes a suite: its counts, start time (Ant form, UTC, no zone), host, and an empty
// <system-err/> (the Ant layout has one per suite).
void finish_suite(pugi::xml_node suite, const Counts& c, std::int64_t started_realtime_ns,
                  std::string_view hostname);

std::string local_hostname();

// An empty document with its declaration and the <testsuites name=...> root.
pugi::xml_node start_document(pugi::xml_document& doc, std::string_view name);
// Writes the document atomically (reports/file_output.hpp).
void save(const pugi::xml_document& doc, const std::string& path);

}  // namespace harness::junit_xml
