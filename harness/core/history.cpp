#include "harness/core/history.hpp"

#include <algorithm>
#include <fstream>
#include <memory>

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness {

namespace {
nlohmann::json header_json(const HistoryHeader& h) {
  return {{"history", 1},
          {"run_id", h.run_id},
          {"mono_anchor_ns", h.mono_anchor_ns},
          {"realtime_anchor_ns", h.realtime_anchor_ns},
          {"meta", h.meta}};
}
}  // namespace

History::History(const History& other) {
  std::lock_guard lock(other.mu_);
  header_ = other.header_;
  events_ = other.events_;
}

History& History::operator=(const History& other) {
  if (this == &other) return *this;
  std::scoped_lock lock(mu_, other.mu_);
  header_ = other.header_;
  events_ = other.events_;
  return *this;
}

void History::append(Event e) {
  std::lock_guard lock(mu_);
  if (sink_) sink_(e);
  events_.push_back(std::move(e));
}

void History::add(std::int64_t t_ns, EventKind kind, std::string node, std::string what,
                  nlohmann::json data) {
  append(Event{t_ns, kind, std::move(node), std::move(what), std::move(data)});
}

std::vector<Event> History::events() const {
  std::vector<Event> copy;
  {
    std::lock_guard lock(mu_);
    copy = events_;
  }
  std::stable_sort(copy.begin(), copy.end(),
                   [](const Event& a, const Event& b) { return a.t_ns < b.t_ns; });
  return copy;
}

std::size_t History::size() const {
  std::lock_guard lock(mu_);
  return events_.size();
}

void History::stream_to(const std::filesystem::path& path) {
  auto out = std::make_shared<std::ofstream>(path, std::ios::trunc);
  if (!*out) throw Error(fmt::format("{}: cannot open for writing", path.string()));
  std::lock_guard lock(mu_);
  *out << header_json(header_).dump() << '\n';
  for (const auto& e : events_) *out << nlohmann::json(e).dump() << '\n';
  out->flush();
  sink_ = [out](const Event& e) {
    *out << nlohmann::json(e).dump() << '\n';
    out->flush();
  };
}

void History::save(const std::filesystem::path& path) const {
  std::ofstream out(path, std::ios::trunc);
  if (!out) throw Error(fmt::format("{}: cannot open for writing", path.string()));
  std::lock_guard lock(mu_);
  out << header_json(header_).dump() << '\n';
  for (const auto& e : events_) out << nlohmann::json(e).dump() << '\n';
  if (!out.flush()) throw Error(fmt::format("{}: write failed", path.string()));
}

History History::load(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw Error(fmt::format("{}: cannot open", path.string()));
  History h;
  std::string line;
  std::size_t lineno = 0;
  bool have_header = false;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty()) continue;
    try {
      auto j = nlohmann::json::parse(line);
      if (!have_header) {
        if (!j.is_object() || !j.contains("history"))
          throw std::invalid_argument("expected the history header line first");
        h.header_.run_id = j.value("run_id", std::string{});
        h.header_.mono_anchor_ns = j.value("mono_anchor_ns", std::int64_t{0});
        h.header_.realtime_anchor_ns = j.value("realtime_anchor_ns", std::int64_t{0});
        h.header_.meta = j.value("meta", nlohmann::json::object());
        have_header = true;
        continue;
      }
      h.events_.push_back(j.get<Event>());
    } catch (const std::exception& e) {
      // A run killed mid-write leaves a torn last line: keep what came before it.
      if (in.peek() == std::char_traits<char>::eof() && have_header) break;
      throw Error(fmt::format("{}:{}: malformed history line: {}", path.string(), lineno, e.what()));
    }
  }
  if (!have_header) throw Error(fmt::format("{}: empty or not a history file", path.string()));
  return h;
}

}  // namespace harness
