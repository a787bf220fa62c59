#pragma once
// The single record of a run: append-only events on one host clock, with a realtime anchor so
// that monotonic stamps can be shown as wall-clock times. Stored as JSON Lines: the first line
// is the header {"history":1, "run_id", "mono_anchor_ns", "realtime_anchor_ns", ...}, then one
// event per line. Appends are thread-safe (observers append from the io_context thread).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/core/event.hpp"

namespace harness {

struct HistoryHeader {
  std::string run_id;
  std::int64_t mono_anchor_ns = 0;      // monotonic time at the anchor instant
  std::int64_t realtime_anchor_ns = 0;  // wall-clock time at the same instant
  nlohmann::json meta = nlohmann::json::object();  // scenario name, seed, versions
};

class History {
 public:
  History() = default;
  explicit History(HistoryHeader header) : header_(std::move(header)) {}
  History(const History& other);
  History& operator=(const History& other);

  const HistoryHeader& header() const { return header_; }
  HistoryHeader& header() { return header_; }

  void append(Event e);
  // Convenience for producers.
  void add(std::int64_t t_ns, EventKind kind, std::string node, std::string what,
           nlohmann::json data = nlohmann::json::object());

  // A snapshot sorted by time (stable: equal stamps keep append order).
  std::vector<Event> events() const;
  std::size_t size() const;

  // Wall-clock nanoseconds of a monotonic stamp.
  std::int64_t to_realtime_ns(std::int64_t mono_ns) const {
    return mono_ns - header_.mono_anchor_ns + header_.realtime_anchor_ns;
  }

  // Streams every later append to `path` as it happens (so a killed run keeps its record).
  void stream_to(const std::filesystem::path& path);
  void save(const std::filesystem::path& path) const;
  // Throws harness::Error naming the file and line of anything malformed.
  static History load(const std::filesystem::path& path);

 private:
  mutable std::mutex mu_;
  HistoryHeader header_;
  std::vector<Event> events_;
  std::function<void(const Event&)> sink_;
};

}  // namespace harness
