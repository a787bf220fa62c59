#include "reports/timeline_model.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "drivers/faults/events.hpp"
#include "drivers/libvirt/events.hpp"
#include "harness/checks/path_loss_log.hpp"
#include "reports/text_util.hpp"

namespace harness {

namespace {

using nlohmann::json;
constexpr std::int64_t kBaseBucketNs = 100'000'000;

std::string str(const json& data, const char* key) {
  if (!data.is_object()) return {};
  auto it = data.find(key);
  if (it == data.end() || it->is_null()) return {};
  return it->is_string() ? it->get<std::string>() : json_scalar_text(*it);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool is_phase(const Event& e, std::string_view name, std::string_view state) {
  return e.kind == EventKind::phase && e.what == name && str(e.data, "state") == state;
}

// --- the drawn range ------------------------------------------------------------------------

void choose_range(const std::vector<Event>& events, TimelineModel& m) {
  std::optional<std::int64_t> wl_begin, wl_end, first_io, last_io, last_fault, last_marker;
  for (const auto& e : events) {
    if (!wl_begin && is_phase(e, "workload", "begin")) wl_begin = e.t_ns;
    if (is_phase(e, "workload", "end") || is_phase(e, "workload", "failed")) wl_end = e.t_ns;
    if (e.kind == EventKind::io) {
      if (!first_io) first_io = e.t_ns;
      last_io = e.t_ns;
    }
    if (e.kind == EventKind::inject || e.kind == EventKind::heal) last_fault = e.t_ns;
    if (e.kind == EventKind::lifecycle || e.kind == EventKind::fence) last_marker = e.t_ns;
  }
  if (wl_begin) {
    m.origin_ns = *wl_begin, m.origin_label = "workload start";
  } else if (first_io) {
    m.origin_ns = *first_io, m.origin_label = "first I/O (no workload phase recorded)";
  } else if (!events.empty()) {
    m.origin_ns = events.front().t_ns, m.origin_label = "first event (no workload recorded)";
  }
  m.start_ns = m.origin_ns;
  // Faults injected before the workload (unusual, but possible) must not fall off the left.
  for (const auto& e : events)
    if (e.kind == EventKind::inject) {
      m.start_ns = std::min(m.start_ns, e.t_ns);
      break;
    }
  std::int64_t end = m.start_ns;
  for (auto t : {wl_end, last_io, last_fault}) end = std::max(end, t.value_or(end));
  // Teardown destroys domains long after the workload: those markers would squash the plot.
  if (!wl_end && last_marker) end = std::max(end, *last_marker);
  if (!wl_end && !last_io && !last_fault && !last_marker && !events.empty())
    end = std::max(end, events.back().t_ns);
  m.end_ns = std::max(end, m.start_ns + 1'000'000'000);
}

// --- state rows -----------------------------------------------------------------------------

class Rows {
 public:
  // `observer`: the node whose own observation this is; its rows stop at its power-off.
  void set(const std::string& lane, const std::string& name, std::int64_t t, std::string label,
           std::string tone, std::string detail, const std::string& observer = {}) {
    if (!observer.empty()) observed_by_[observer].insert({lane, name});
    auto [it, inserted] = index_.try_emplace(lane + '\x1f' + name, rows_.size());
    if (inserted) rows_.push_back(StateRow{lane, name, {}});
    auto& spans = rows_[it->second].spans;
    if (!spans.empty() && spans.back().label == label && spans.back().tone == tone) return;
    if (!spans.empty() && spans.back().from_ns == t) spans.pop_back();  // same instant: last wins
    spans.push_back(StateSpan{t, std::move(label), std::move(tone), std::move(detail)});
  }
  // A node's own view ends where its observations end: from its power-off (or freeze) its rows
  // show "no data" until it reports again, never its last state stretched on.
  void observer_gone(const std::string& node, std::int64_t t, const std::string& why) {
    auto it = observed_by_.find(node);
    if (it == observed_by_.end()) return;
    for (const auto& [lane, name] : it->second)
      set(lane, name, t, "no data", "nodata",
          fmt::format("no observation from {} after this: {}", node, why));
  }
  // A frozen node resumed: its observer samples again and records only changes, so the last
  // state it reported holds again from here.
  void observer_back(const std::string& node, std::int64_t t) {
    auto it = observed_by_.find(node);
    if (it == observed_by_.end()) return;
    for (const auto& [lane, name] : it->second) {
      auto& spans = rows_[index_.at(lane + '\x1f' + name)].spans;
      if (spans.size() < 2 || spans.back().tone != "nodata") continue;
      StateSpan again = spans[spans.size() - 2];
      set(lane, name, t, again.label, again.tone, again.detail);
    }
  }
  std::vector<StateRow> take() {
    auto rank = [](const std::string& lane) {
      return lane == "image"     ? -1
             : lane == "paths"   ? 0
             : lane == "path"    ? 1
             : lane == "io_path" ? 2
             : lane == "alua"    ? 3
                                 : 4;
    };
    // Names in the kernel's order: sdz before sdaa (shorter first), then alphabetical.
    auto key = [&](const StateRow& r) { return std::tuple(rank(r.lane), r.name.size(), r.name); };
    std::stable_sort(rows_.begin(), rows_.end(),
                     [&](const StateRow& a, const StateRow& b) { return key(a) < key(b); });
    return std::move(rows_);
  }

 private:
  std::map<std::string, std::size_t> index_;
  std::vector<StateRow> rows_;
  std::map<std::string, std::set<std::pair<std::string, std::string>>> observed_by_;
};

void multipath(const Event& e, Rows& rows, std::map<std::string, bool>& groups_seen) {
  struct Group { int total = 0, active = 0; std::string detail; };
  std::map<std::string, Group> groups;
  for (auto& [g, _] : groups_seen) groups[g];  // a group that vanished now has no paths
  auto paths = e.data.find("paths");
  if (paths != e.data.end() && paths->is_array()) {
    for (const auto& p : *paths) {
      const std::string g = str(p, "group").empty() ? "?" : str(p, "group");
      const std::string st = lower(str(p, "state"));
      auto& grp = groups[g];
      ++grp.total;
      if (st == "active" || st == "ready") ++grp.active;
      grp.detail += fmt::format("{}{} {} prio {}", grp.detail.empty() ? "" : ", ", str(p, "dev"),
                                st, str(p, "prio"));
      groups_seen[g] = true;
    }
  }
  for (auto& [g, grp] : groups) {
    const std::string tone = grp.total == 0 || grp.active == 0 ? "bad"
                             : grp.active < grp.total          ? "warn"
                                                               : "good";
    rows.set("paths", "paths " + g, e.t_ns, fmt::format("{}/{}", grp.active, grp.total), tone,
             fmt::format("paths to {}: {} of {} active. {}", g, grp.active, grp.total,
                         grp.detail.empty() ? "no paths" : grp.detail));
  }
}

// dm state and checker state as multipathd prints them: a failed path or a checker that finds it
// down is bad; "ghost" is a standby port group's path (up, not for I/O); others are transient.
std::string path_tone(const std::string& state, const std::string& checker) {
  if (state == "failed" || checker == "faulty" || checker == "shaky" || checker == "down")
    return "bad";
  if (checker == "ghost") return "off";
  if ((state == "active" || state == "ready") && (checker.empty() || checker == "ready"))
    return "good";
  return "warn";
}

// One lane per path device, from the same samples: its dm state and priority (the priority is
// the ALUA state as the initiator weighs it). A device the sample no longer lists (its session
// and SCSI device are gone) shows no data, not its last state.
void path_devices(const Event& e, Rows& rows, std::set<std::string>& seen) {
  std::set<std::string> listed;
  auto paths = e.data.find("paths");
  if (paths != e.data.end() && paths->is_array()) {
    for (const auto& p : *paths) {
      const std::string dev = str(p, "dev");
      if (dev.empty()) continue;
      listed.insert(dev);
      seen.insert(dev);
      const std::string st = lower(str(p, "state")), checker = lower(str(p, "checker"));
      const std::string prio = str(p, "prio"), group = str(p, "group");
      std::string label = st.empty() ? "?" : st;
      if (!checker.empty() && checker != "ready" && checker != st) label += "/" + checker;
      if (!prio.empty()) label += " prio " + prio;
      rows.set("path", dev, e.t_ns, std::move(label), path_tone(st, checker),
               fmt::format("{}{}: dm state {}, checker {}, priority {} (multipathd on {})", dev,
                           group.empty() ? "" : " to " + group, st.empty() ? "?" : st,
                           checker.empty() ? "?" : checker, prio.empty() ? "?" : prio,
                           e.node.empty() ? "?" : e.node),
               e.node);
    }
  }
  for (const auto& dev : seen)
    if (!listed.count(dev))
      rows.set("path", dev, e.t_ns, "no data", "nodata",
               fmt::format("{}: not in the multipath sample from {} (the device is gone)", dev,
                           e.node.empty() ? "?" : e.node),
               e.node);
}

void path_loss_line(const Event& e, TimelineModel& m) {
  const std::string message = str(e.data, "message");
  std::string dev = checks::lost_path_in_log(message);
  if (dev.empty()) return;
  if (m.path_losses.size() >= kMaxPathLossLines) {
    ++m.path_losses_dropped;
    return;
  }
  const std::string unit = str(e.data, "unit");
  m.path_losses.push_back(
      PathLossLine{e.t_ns, std::move(dev), e.node, unit.empty() ? message : unit + ": " + message});
}

void alua(const Event& e, Rows& rows, std::set<std::string>& seen) {
  auto groups = e.data.find("groups");
  if (groups == e.data.end() || !groups->is_object()) return;
  // A port group no path answered for (its node is gone) is not in the sample: no data, not its
  // last state.
  for (const auto& node : seen)
    if (!groups->contains(node))
      rows.set("alua", "ALUA " + node, e.t_ns, "no data", "nodata",
               fmt::format("ALUA port group of {}: not reported in the sample from {}", node,
                           e.node.empty() ? "?" : e.node));
  for (const auto& [node, v] : groups->items()) {
    seen.insert(node);
    const std::string state = lower(v.is_string() ? v.get<std::string>() : json_scalar_text(v));
    std::string abbr = state, tone = "info";
    if (state == "active/optimized") abbr = "AO", tone = "good";
    else if (state == "active/non-optimized") abbr = "ANO", tone = "info";
    else if (state == "standby") abbr = "S", tone = "off";
    else if (state == "unavailable") abbr = "U", tone = "bad";
    else if (state == "transitioning") abbr = "T", tone = "warn";
    rows.set("alua", "ALUA " + node, e.t_ns, abbr, tone,
             fmt::format("ALUA port group of {}: {} (seen from {})", node, state,
                         e.node.empty() ? "?" : e.node));
  }
}

// Cluster observations are free form (docs/EVENTS.md): show the usual status words if present,
// else the compact JSON; colour by well-known good and bad words.
std::string generic_tone(const std::string& label) {
  const std::string l = lower(label);
  for (const char* w : {"offline", "unclean", "standalone", "diskless", "failed", "lost", "down",
                        "faulty", "split", "error", "stopped", "disconnect", "unconnected"})
    if (l.find(w) != std::string::npos) return "bad";
  for (const char* w : {"connecting", "sync", "pending", "starting", "stopping", "inconsistent",
                        "outdated", "unknown"})
    if (l.find(w) != std::string::npos) return "warn";
  for (const char* w : {"online", "connected", "uptodate", "up", "ok", "started", "master",
                        "promoted", "primary"})
    if (l.find(w) != std::string::npos) return "good";
  return "info";
}

std::string generic_label(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "online" : "offline";
  std::string label;
  for (const char* key : {"summary", "state", "status", "connection", "role", "disk"}) {
    const std::string s = str(v, key);
    if (!s.empty()) label += (label.empty() ? "" : " ") + s;
  }
  if (label.empty()) {
    label = v.dump(-1, ' ', false, json::error_handler_t::replace);
    if (label.size() > 60) label = label.substr(0, 57) + "...";
  }
  return label;
}

// A rolling upgrade's rows (docs/UPGRADE.md): each upgraded node's image, out of service while
// it is reinstalled, and the cluster's mix: where two versions serve side by side.
void image_rows(std::vector<ImageChange> changes, std::int64_t start_ns, Rows& rows) {
  if (changes.empty()) return;
  std::sort(changes.begin(), changes.end(),
            [](const ImageChange& a, const ImageChange& b) { return a.out_ns < b.out_ns; });
  std::map<std::string, std::string> image;  // node -> image now; "" while out of service
  for (const auto& c : changes) image.try_emplace(c.node, c.from);
  auto mix = [&](std::int64_t t) {
    std::set<std::string> in_service;
    std::vector<std::string> parts, out;
    for (const auto& [node, img] : image) {
      if (img.empty()) {
        out.push_back(node);
        continue;
      }
      in_service.insert(img);
      parts.push_back(node + " " + img);
    }
    std::string label = in_service.size() > 1 ? "mixed" : in_service.empty() ? "none" : *in_service.begin();
    std::string detail = fmt::format("{}", fmt::join(parts, ", "));
    if (!out.empty()) {
      label += fmt::format(" ({} out)", fmt::join(out, ", "));
      detail += fmt::format("; out of service: {}", fmt::join(out, ", "));
    }
    rows.set("image", "images in service", t, label, in_service.size() > 1 ? "warn" : "info", detail);
  };
  for (const auto& c : changes)
    rows.set("image", "image " + c.node, start_ns, c.from, "info", c.node + " runs image " + c.from);
  mix(start_ns);
  // Two instants per change, in time order across nodes.
  std::vector<std::tuple<std::int64_t, std::string, std::string>> points;  // t, node, image
  for (const auto& c : changes) {
    points.emplace_back(c.out_ns, c.node, "");
    points.emplace_back(c.back_ns, c.node, c.to);
  }
  std::stable_sort(points.begin(), points.end(),
                   [](const auto& a, const auto& b) { return std::get<0>(a) < std::get<0>(b); });
  for (const auto& [t, node, img] : points) {
    image[node] = img;
    if (img.empty())
      rows.set("image", "image " + node, t, "reinstalling", "warn",
               node + " out of service: taken out, powered off, reinstalled, booting, rejoining");
    else
      rows.set("image", "image " + node, t, img, "good", node + " back in service on image " + img);
    mix(t);
  }
}

void cluster(const Event& e, Rows& rows) {
  auto nodes = e.data.find("nodes");
  auto add = [&](const std::string& name, const json& v) {
    const std::string label = generic_label(v);
    rows.set("cluster", e.what + " " + name, e.t_ns, label, generic_tone(label),
             fmt::format("{} {} (from {}): {}", e.what, name, e.node.empty() ? "?" : e.node,
                         v.dump(-1, ' ', false, json::error_handler_t::replace)),
             e.node);
  };
  if (nodes != e.data.end() && nodes->is_object()) {
    for (const auto& [name, v] : nodes->items()) add(name, v);
  } else if (nodes != e.data.end() && nodes->is_array()) {
    for (const auto& v : *nodes) {
      const std::string name = str(v, "name");
      if (!name.empty()) add(name, v.contains("online") ? v.at("online") : v);
    }
  } else {
    add(e.node.empty() ? "cluster" : e.node, e.data);
  }
}

// --- faults and markers ---------------------------------------------------------------------

void heal(const Event& e, std::vector<FaultWindow>& faults, std::int64_t end_ns) {
  const std::string step = str(e.data, "step");
  auto open = [&](const FaultWindow& f) { return !f.healed; };
  // A heal names its fault's step when it can; else it heals the oldest open fault of its kind.
  auto it = std::find_if(faults.begin(), faults.end(), [&](const FaultWindow& f) {
    return open(f) && !step.empty() && f.step == step;
  });
  if (it == faults.end())
    it = std::find_if(faults.begin(), faults.end(), [&](const FaultWindow& f) {
      return open(f) && f.type == e.what && f.node == e.node;
    });
  if (it == faults.end())
    it = std::find_if(faults.begin(), faults.end(),
                      [&](const FaultWindow& f) { return open(f) && f.type == e.what; });
  if (it == faults.end()) return;
  it->healed = true;
  it->heal_ns = std::min(e.t_ns, end_ns);
}

Marker marker(const Event& e) {
  Marker mk;
  mk.t_ns = e.t_ns;
  mk.kind = to_string(e.kind);
  // "fence off n1" reads as what the cluster did; "n1 destroyed" as what happened to the domain.
  mk.label = e.kind == EventKind::fence
                 ? fmt::format("fence {} {}", e.what, e.node.empty() ? "?" : e.node)
                 : fmt::format("{} {}", e.node.empty() ? "?" : e.node, e.what);
  mk.detail = fmt::format("{} {} {}: {}", mk.kind, e.what, e.node,
                          e.data.dump(-1, ' ', false, json::error_handler_t::replace));
  if (e.kind == EventKind::fence) mk.bad = str(e.data, "status") == "failed";
  if (e.kind == EventKind::lifecycle)
    mk.bad = str(e.data, "cause") == "external" && is_abrupt_loss(e.what);
  return mk;
}

}  // namespace

TimelineModel build_timeline(const std::vector<Event>& events, std::size_t max_buckets) {
  TimelineModel m;
  choose_range(events, m);

  const std::int64_t span = m.end_ns - m.start_ns;
  std::int64_t n = (span + kBaseBucketNs - 1) / kBaseBucketNs;
  m.io.bucket_ns = kBaseBucketNs;
  const auto max_n = static_cast<std::int64_t>(std::max<std::size_t>(max_buckets, 1));
  if (n > max_n) {  // whole multiples of 100 ms keep the numbers comparable across runs
    m.io.bucket_ns = kBaseBucketNs * ((n + max_n - 1) / max_n);
    n = (span + m.io.bucket_ns - 1) / m.io.bucket_ns;
  }
  n = std::max<std::int64_t>(n, 1);
  m.io.completions.assign(static_cast<std::size_t>(n), 0);
  m.io.errors.assign(static_cast<std::size_t>(n), 0);
  m.io.max_lat_ns.assign(static_cast<std::size_t>(n), -1);

  Rows rows;
  std::vector<ImageChange> image_changes;
  std::map<std::string, bool> mp_groups;
  std::set<std::string> alua_groups, path_devs;
  for (const auto& e : events) {
    switch (e.kind) {
      case EventKind::io: {
        if (e.t_ns < m.start_ns || e.t_ns > m.end_ns) break;
        auto b = static_cast<std::size_t>((e.t_ns - m.start_ns) / m.io.bucket_ns);
        b = std::min(b, m.io.completions.size() - 1);
        ++m.io.completions[b];
        ++m.io_total;
        std::int64_t lat = -1, err = 0;
        if (e.data.is_object()) {
          if (auto it = e.data.find("lat_ns"); it != e.data.end() && it->is_number())
            lat = it->get<std::int64_t>();
          if (auto it = e.data.find("error"); it != e.data.end() && it->is_number())
            err = it->get<std::int64_t>();
        }
        if (err != 0) ++m.io.errors[b], ++m.io_errors;
        if (lat >= 0) {
          m.io.max_lat_ns[b] = std::max(m.io.max_lat_ns[b], lat);
          m.io_max_lat_ns = std::max(m.io_max_lat_ns, lat);
        }
        break;
      }
      case EventKind::inject:
        m.faults.push_back(FaultWindow{e.t_ns, m.end_ns, false, e.what, e.node, str(e.data, "step")});
        // An upgrade is never undone: its window is the node's time out of service.
        if (auto c = image_change(e)) {
          m.faults.back().healed = true;
          m.faults.back().heal_ns = std::min(c->back_ns, m.end_ns);
          image_changes.push_back(std::move(*c));
        }
        break;
      case EventKind::heal: heal(e, m.faults, m.end_ns); break;
      case EventKind::lifecycle:
        if (is_down(e.what) && e.t_ns <= m.end_ns)
          rows.observer_gone(e.node, e.t_ns, fmt::format("{} {}", e.node, e.what));
        if (e.what == "resumed" && e.t_ns <= m.end_ns) rows.observer_back(e.node, e.t_ns);
        [[fallthrough]];
      case EventKind::fence:
        if (e.t_ns < m.start_ns || e.t_ns > m.end_ns) break;
        if (m.markers.size() < kMaxMarkers)
          m.markers.push_back(marker(e));
        else
          ++m.markers_dropped;
        break;
      case EventKind::observation:
        if (e.t_ns > m.end_ns) break;
        if (e.what == "multipath") {
          multipath(e, rows, mp_groups);
          path_devices(e, rows, path_devs);
        } else if (e.what == "log") {
          if (e.t_ns >= m.start_ns) path_loss_line(e, m);
        } else if (e.what == "alua") {
          alua(e, rows, alua_groups);
        } else if (e.what == "path_io") {
          rows.set("io_path", "I/O via", e.t_ns, str(e.data, "group"), "info",
                   "I/O last carried by the paths to " + str(e.data, "group"));
        } else if (e.what == "crm" || e.what == "drbd" || e.what == "corosync") {
          cluster(e, rows);
        }
        break;
      default: break;
    }
  }
  image_rows(std::move(image_changes), m.start_ns, rows);
  m.rows = rows.take();
  return m;
}

}  // namespace harness
