#pragma once
// Splits the output of harness-observe (one long-lived stream per node) into its sections:
//   @@ <name> <guest realtime ns>   ...lines...   @@ end
// Lines outside a section are ignored; a section cut short by a new header (the node died
// mid-sample, the stream restarted) is dropped, never delivered half.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace harness {

struct Section {
  std::string name;              // crm, drbd, corosync, paths, stat, rtpg/sda
  std::int64_t guest_ns = 0;     // guest realtime when the sample started
  std::int64_t host_ns = 0;      // host monotonic when the header line arrived
  std::string text;
};

class SectionReader {
 public:
  using Sink = std::function<void(const Section&)>;
  explicit SectionReader(Sink sink) : sink_(std::move(sink)) {}
  void feed(std::int64_t host_ns, std::string_view line);

 private:
  Sink sink_;
  bool open_ = false;
  Section cur_;
};

}  // namespace harness
