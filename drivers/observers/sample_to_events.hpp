#pragma once
// Turns harness-observe's sections into History events (docs/EVENTS.md), with no I/O of its
// own so it is tested on recorded samples:
//   crm      -> observation/crm on change; each new fencing-history entry -> fence event
//   drbd     -> observation/drbd on change          corosync -> observation/corosync on change
//   paths    -> observation/multipath on change (each path's group = its target node)
//   stat     -> observation/path_io on change (the group whose paths completed I/O since the
//               previous sample)
//   rtpg/sdX -> observation/alua on change, one per sampling round (the union over paths:
//               each LIO node reports only its own group)
// Change detection keeps the History small and is what the path-switch check reads as "a
// state change" anyway. Times: the caller maps the section's guest stamp to host monotonic.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "drivers/observers/sample_sections.hpp"
#include "drivers/sut/health.hpp"
#include "harness/core/event.hpp"

namespace harness {

class StateEventMaker {
 public:
  explicit StateEventMaker(HealthExpectations expect) : expect_(std::move(expect)) {}
  // `t_ns`: the section's time on the host clock. `to_host`: maps a guest realtime ns of the
  // same node (fencing history completion times) to host monotonic.
  std::vector<Event> feed(const std::string& node, const Section& s, std::int64_t t_ns,
                          const std::function<std::int64_t(std::int64_t)>& to_host);

 private:
  void changed(std::vector<Event>& out, std::int64_t t, const std::string& node,
               const std::string& what, nlohmann::json data);
  void flush_alua(std::vector<Event>& out);

  HealthExpectations expect_;
  std::map<std::string, nlohmann::json> last_;            // node/what -> last data recorded
  std::set<std::string> fences_seen_;
  std::map<std::string, std::string> group_of_dev_;       // sdX -> target node
  std::map<std::string, std::int64_t> ios_of_dev_;        // sdX -> completed I/Os
  std::map<std::string, std::string> round_alua_;         // node -> state, this round
  std::int64_t round_t_ = 0;
};

}  // namespace harness
