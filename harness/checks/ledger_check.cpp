#include "harness/checks/ledger_check.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace harness {
namespace {

using ledger::BlockState;
using ledger::kNever;
using ledger::late_episodes;
using ledger::Ledger;
using ledger::LedgerWrite;
using ledger::ReadBackBlock;
using ledger::ReadBackView;
using ledger::ViewRole;

bool completed(const LedgerWrite& w) { return w.complete_ns != kNever; }
bool acked(const LedgerWrite& w, std::uint32_t bs) {
  return completed(w) && w.result == static_cast<std::int32_t>(bs);
}

class Judge {
 public:
  Judge(const Ledger& l, const LedgerCheckOptions& o, LedgerReport& r) : l_(l), o_(o), r_(r) {}

  void run() {
    count_writes();
    find_stall();
    bool device_seen = false;
    for (const auto& v : l_.views) {
      if (v.blocks.size() != l_.region_blocks) {
        r_.problems.push_back(fmt::format("read-back {} covers {} blocks, the region {}", v.name,
                                          v.blocks.size(), l_.region_blocks));
        continue;
      }
      judge_view(v, !device_seen && v.role == ViewRole::device);
      device_seen = device_seen || v.role == ViewRole::device;
    }
    if (l_.views.empty()) r_.problems.push_back("no read-back of the region");
    else if (!device_seen)
      r_.problems.push_back("no read-back through the device the load wrote to: loss not judged");
    compare_peers();
  }

 private:
  void count_writes() {
    r_.writes = l_.writes.size();
    last_ack_.assign(static_cast<std::size_t>(l_.region_blocks), -1);
    for (std::size_t s = 0; s < l_.writes.size(); ++s) {
      const LedgerWrite& w = l_.writes[s];
      if (w.block >= l_.region_blocks) {
        r_.problems.push_back(fmt::format("write {} is to block {}, outside the region", s, w.block));
        continue;
      }
      if (!completed(w)) {
        ++r_.in_flight;
      } else if (acked(w, l_.block_size)) {
        ++r_.acknowledged;
        // Writes to one block never overlap (the writer waits for the previous one), so the
        // highest acknowledged seq is the last acknowledged version.
        last_ack_[w.block] = static_cast<std::int64_t>(s);
      } else {
        ++r_.failed;
        if (r_.failed_examples.size() < o_.examples) r_.failed_examples.push_back(s);
      }
    }
  }

  void find_stall() {
    const auto episodes = late_episodes(l_, o_.stall_threshold_ns);
    if (episodes.empty()) return;
    const LedgerWrite& w = l_.writes[episodes.front().first_seq];
    r_.stall = LedgerStall{episodes.front().first_seq, w.block, w.submit_ns, w.complete_ns};
  }

  void note(LedgerFindingKind k, const ReadBackView& v, std::uint32_t b, const ReadBackBlock& got,
            std::string detail = {}) {
    auto& n = r_.findings[static_cast<std::size_t>(k)];
    if (n++ >= o_.examples) return;
    LedgerFinding f;
    f.kind = k;
    f.view = v.name;
    f.block = b;
    f.lba = l_.region_first_lba + b;
    if (last_ack_[b] >= 0) {
      f.expected_seq = static_cast<std::uint64_t>(last_ack_[b]);
      f.expected_ack_ns = l_.writes[static_cast<std::size_t>(last_ack_[b])].complete_ns;
    }
    f.found = got.state;
    f.found_seq = got.seq;
    f.detail = std::move(detail);
    r_.examples.push_back(std::move(f));
  }

  void judge_view(const ReadBackView& v, bool first_device) {
    const LedgerFindingKind older =
        v.role == ViewRole::device ? LedgerFindingKind::lost : LedgerFindingKind::stale;
    for (std::uint32_t b = 0; b < v.blocks.size(); ++b) {
      const ReadBackBlock& got = v.blocks[b];
      const std::int64_t want = last_ack_[b];
      switch (got.state) {
        case BlockState::unreadable:
          if (v.role == ViewRole::device)
            note(LedgerFindingKind::unreadable, v, b, got, fmt::format("errno {}", got.err));
          else
            ++r_.unreadable_elsewhere;
          continue;
        case BlockState::torn: note(LedgerFindingKind::torn, v, b, got); continue;
        case BlockState::misplaced: note(LedgerFindingKind::misplaced, v, b, got); continue;
        case BlockState::blank:
        case BlockState::foreign:
          if (want >= 0) note(older, v, b, got);
          else if (first_device) count_unacked_later(b, std::nullopt);
          continue;
        case BlockState::ok: break;
      }
      const std::uint64_t s = got.seq;
      if (s >= l_.writes.size() || l_.writes[static_cast<std::size_t>(s)].block != b) {
        note(LedgerFindingKind::unexplained, v, b, got,
             s >= l_.writes.size() ? "a version the log never submitted"
                                   : fmt::format("write {} was to block {}", s,
                                                 l_.writes[static_cast<std::size_t>(s)].block));
        continue;
      }
      if (static_cast<std::int64_t>(s) < want) {
        note(older, v, b, got);
        continue;
      }
      // s == want (the last acknowledged) or a later write, necessarily never acknowledged.
      if (first_device) count_unacked_later(b, s);
    }
  }

  // The never-acknowledged writes to block b after its last acknowledged one: present (the
  // one found) or absent. Per-block writes are few, so they are found through the block's
  // last acknowledged seq; the index of writes per block is built once, lazily.
  void count_unacked_later(std::uint32_t b, std::optional<std::uint64_t> found) {
    if (!unacked_index_built_) build_unacked_index();
    const auto [from, to] = unacked_range(b);
    for (std::size_t i = from; i < to; ++i) {
      const std::uint64_t s = unacked_[i];
      if (static_cast<std::int64_t>(s) < last_ack_[b]) continue;
      const bool present = found && *found == s;
      if (completed(l_.writes[static_cast<std::size_t>(s)]))
        ++(present ? r_.failed_present : r_.failed_absent);
      else
        ++(present ? r_.in_flight_present : r_.in_flight_absent);
    }
  }

  // Never-acknowledged writes grouped by block (counting sort): few, so cheap to keep.
  void build_unacked_index() {
    unacked_index_built_ = true;
    for (std::size_t s = 0; s < l_.writes.size(); ++s)
      if (!acked(l_.writes[s], l_.block_size) && l_.writes[s].block < l_.region_blocks)
        unacked_.push_back(s);
    std::sort(unacked_.begin(), unacked_.end(), [&](std::uint64_t a, std::uint64_t b) {
      const auto ba = l_.writes[static_cast<std::size_t>(a)].block;
      const auto bb = l_.writes[static_cast<std::size_t>(b)].block;
      return ba != bb ? ba < bb : a < b;
    });
  }
  std::pair<std::size_t, std::size_t> unacked_range(std::uint32_t b) const {
    auto key = [&](std::uint64_t s) { return l_.writes[static_cast<std::size_t>(s)].block; };
    const auto lo = std::partition_point(unacked_.begin(), unacked_.end(),
                                         [&](std::uint64_t s) { return key(s) < b; });
    const auto hi = std::partition_point(lo, unacked_.end(),
                                         [&](std::uint64_t s) { return key(s) <= b; });
    return {static_cast<std::size_t>(lo - unacked_.begin()),
            static_cast<std::size_t>(hi - unacked_.begin())};
  }

  void compare_peers() {
    std::vector<const ReadBackView*> peers;
    for (const auto& v : l_.views)
      if (v.role == ViewRole::peer && v.blocks.size() == l_.region_blocks) peers.push_back(&v);
    if (peers.size() < 2) return;
    for (std::uint32_t b = 0; b < l_.region_blocks; ++b) {
      const ReadBackBlock& a = peers[0]->blocks[b];
      bool differ = false;
      for (std::size_t p = 1; p < peers.size() && !differ; ++p) {
        const ReadBackBlock& o = peers[p]->blocks[b];
        if (a.state == BlockState::unreadable || o.state == BlockState::unreadable) continue;
        differ = a.state != o.state || a.seq != o.seq || a.crc32c != o.crc32c;
      }
      if (!differ) continue;
      std::string detail;
      for (const auto* p : peers)
        detail += fmt::format("{}{}: {} {}", detail.empty() ? "" : "; ", p->name,
                              ledger::to_string(p->blocks[b].state), p->blocks[b].seq);
      note(LedgerFindingKind::divergent, *peers[0], b, a, std::move(detail));
    }
  }

  const Ledger& l_;
  const LedgerCheckOptions& o_;
  LedgerReport& r_;
  std::vector<std::int64_t> last_ack_;  // per block: seq of the last acknowledged write, or -1
  bool unacked_index_built_ = false;
  std::vector<std::uint64_t> unacked_;
};

}  // namespace

const char* to_string(LedgerFindingKind k) {
  switch (k) {
    case LedgerFindingKind::lost: return "lost";
    case LedgerFindingKind::stale: return "stale";
    case LedgerFindingKind::torn: return "torn";
    case LedgerFindingKind::misplaced: return "misplaced";
    case LedgerFindingKind::unexplained: return "unexplained";
    case LedgerFindingKind::divergent: return "divergent";
    case LedgerFindingKind::unreadable: return "unreadable";
    case LedgerFindingKind::count_: break;
  }
  return "invalid";
}

LedgerReport check_ledger(const Ledger& ledger, const LedgerCheckOptions& options) {
  LedgerReport r;
  Judge(ledger, options, r).run();
  return r;
}

}  // namespace harness
