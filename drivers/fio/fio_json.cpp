#include "drivers/fio/fio_json.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "harness/core/errors.hpp"

namespace harness {
namespace {

using nlohmann::json;

std::int64_t int_at(const json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end()) return 0;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_number()) return static_cast<std::int64_t>(it->get<double>());
  return 0;
}

double num_at(const json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_number() ? it->get<double>() : 0.0;
}

std::optional<std::int64_t> percentile(const json& lat, const char* key) {
  auto p = lat.find("percentile");
  if (p == lat.end() || !p->is_object()) return std::nullopt;
  auto it = p->find(key);
  if (it == p->end() || !it->is_number()) return std::nullopt;
  return it->get<std::int64_t>();
}

FioDirStats dir_stats(const json& job, const char* dir) {
  FioDirStats s;
  auto it = job.find(dir);
  if (it == job.end() || !it->is_object()) return s;
  const json& d = *it;
  s.total_ios = int_at(d, "total_ios");
  s.io_bytes = int_at(d, "io_bytes");
  s.short_ios = int_at(d, "short_ios");
  s.drop_ios = int_at(d, "drop_ios");
  if (auto lat = d.find("lat_ns"); lat != d.end() && lat->is_object()) {
    s.lat_max_ns = int_at(*lat, "max");
    s.lat_mean_ns = num_at(*lat, "mean");
    s.lat_p99_ns = percentile(*lat, "99.000000");
    s.lat_p999_ns = percentile(*lat, "99.900000");
  }
  return s;
}

// Start of every document: fio prints `{` alone on a line, then `"fio version"`.
std::vector<std::size_t> document_starts(std::string_view text) {
  std::vector<std::size_t> starts;
  constexpr std::string_view kKey = "\"fio version\"";
  for (std::size_t p = text.find(kKey); p != std::string_view::npos; p = text.find(kKey, p + 1)) {
    const auto brace = text.rfind('{', p);
    if (brace == std::string_view::npos) continue;
    // Only whitespace between the brace and the key.
    if (text.substr(brace + 1, p - brace - 1).find_first_not_of(" \t\r\n") != std::string_view::npos)
      continue;
    starts.push_back(brace);
  }
  return starts;
}

// The end (one past the closing brace) of the JSON object starting at `start`, or npos.
std::size_t object_end(std::string_view text, std::size_t start) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (std::size_t i = start; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{') ++depth;
    else if (c == '}' && --depth == 0) return i + 1;
  }
  return std::string_view::npos;
}

std::string excerpt(std::string_view s) {
  std::string out(s.substr(0, 200));
  for (char& c : out)
    if (c == '\n') c = ' ';
  return out;
}

}  // namespace

std::int64_t FioResult::ios() const {
  std::int64_t n = 0;
  for (const auto& j : jobs) n += j.ios();
  return n;
}

std::int64_t FioResult::bytes() const {
  std::int64_t n = 0;
  for (const auto& j : jobs) n += j.bytes();
  return n;
}

std::int64_t FioResult::total_err() const {
  std::int64_t n = 0;
  for (const auto& j : jobs) n += j.total_err;
  return n;
}

int FioResult::first_job_error() const {
  for (const auto& j : jobs)
    if (j.error != 0) return j.error;
  return 0;
}

FioResult parse_fio_json(std::string_view output) {
  const auto starts = document_starts(output);
  if (starts.empty())
    throw LabError(fmt::format("fio output: no JSON document (\"fio version\") in {} bytes: {}",
                               output.size(), excerpt(output)));
  // The last complete document is the final result; a status report cut off by a kill is
  // skipped in favour of the one before it.
  for (auto it = starts.rbegin(); it != starts.rend(); ++it) {
    const auto end = object_end(output, *it);
    if (end == std::string_view::npos) continue;
    json doc = json::parse(output.substr(*it, end - *it), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) continue;
    FioResult r;
    r.documents = static_cast<int>(starts.size());
    if (auto v = doc.find("fio version"); v != doc.end() && v->is_string()) r.version = *v;
    r.timestamp_ms = int_at(doc, "timestamp_ms");
    auto jobs = doc.find("jobs");
    if (jobs == doc.end() || !jobs->is_array())
      throw LabError("fio output: the last document has no \"jobs\" list");
    for (const json& j : *jobs) {
      if (!j.is_object()) continue;
      FioJobResult jr;
      if (auto n = j.find("jobname"); n != j.end() && n->is_string()) jr.name = *n;
      jr.error = static_cast<int>(int_at(j, "error"));
      jr.total_err = int_at(j, "total_err");
      jr.first_error = static_cast<int>(int_at(j, "first_error"));
      jr.job_runtime_ms = int_at(j, "job_runtime");
      jr.read = dir_stats(j, "read");
      jr.write = dir_stats(j, "write");
      jr.trim = dir_stats(j, "trim");
      r.jobs.push_back(std::move(jr));
    }
    return r;
  }
  throw LabError(fmt::format("fio output: {} JSON document(s) found, none complete and valid",
                             starts.size()));
}

}  // namespace harness
