// Journal channels.
#include "drivers/observers/journal_observer.hpp"

#include "drivers/observers/journal_filter.hpp"
#include "drivers/parallel.hpp"
#include "harness/core/errors.hpp"

namespace harness {

JournalObserver::JournalObserver(Lab& lab, std::vector<std::string> nodes)
    : lab_(lab), nodes_(std::move(nodes)) {}

JournalObserver::~JournalObserver() {
  for (auto& [n, s] : streams_)
    if (s) s->stop();
}

void JournalObserver::start(const std::string& node, const Deadline& deadline) {
  Remote& r = lab_.remote(node);
  ClockOffset off = estimate_clock_offset(r, deadline.capped(30), 10);
  HistoryHeader anchor = history_->header();
  History* h = history_;
  streams_[node] = r.stream(
      {"journalctl", "--follow", "--lines=0", "--output=json"},
      [h, node, off, anchor](std::int64_t, std::string_view line) {
        if (auto e = journal_event(node, line)) {
          e->t_ns = guest_realtime_to_host_mono(e->t_ns, off, anchor);
          h->append(std::move(*e));
        }
      });
}

void JournalObserver::arm(History& history, const Deadline& deadline) {
  history_ = &history;
  for (const auto& n : nodes_) streams_[n];  // the map is not touched by the threads below
  on_each_node(nodes_, [&](const std::string& n) { start(n, deadline); });
}

void JournalObserver::snapshot(History&, const Deadline& deadline) {
  for (const auto& n : nodes_) {
    auto& s = streams_[n];
    if (s && s->running()) continue;
    try {
      if (s) s->stop();
      s.reset();
      start(n, deadline.capped(15));
    } catch (const Error&) {
    }
  }
}

void JournalObserver::disarm(const Deadline&) {
  // Each stop ends the remote command with an ssh call of its own: the nodes at once.
  std::vector<std::string> nodes;
  for (const auto& [n, s] : streams_) nodes.push_back(n);
  on_each_node(nodes, [&](const std::string& n) {
    if (auto& s = streams_.at(n)) s->stop();
  });
  streams_.clear();
}

}  // namespace harness
