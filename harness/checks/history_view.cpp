#include "harness/checks/history_view.hpp"

#include <algorithm>
#include <cmath>

namespace harness::checks {

std::int64_t get_int(const nlohmann::json& data, const char* key, std::int64_t def) {
  if (!data.is_object()) return def;
  auto it = data.find(key);
  if (it == data.end()) return def;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_number_float()) return static_cast<std::int64_t>(it->get<double>());
  return def;
}

std::string get_str(const nlohmann::json& data, const char* key) {
  if (!data.is_object()) return {};
  auto it = data.find(key);
  return it != data.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::optional<bool> get_bool(const nlohmann::json& data, const char* key) {
  if (!data.is_object()) return std::nullopt;
  auto it = data.find(key);
  if (it == data.end() || !it->is_boolean()) return std::nullopt;
  return it->get<bool>();
}

std::optional<double> get_num(const nlohmann::json& data, const char* key) {
  if (!data.is_object()) return std::nullopt;
  auto it = data.find(key);
  if (it == data.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

HistoryView::HistoryView(const History& history) : events_(history.events()) {
  io_.ok_t.reserve(events_.size());
  io_.ok_lat.reserve(events_.size());
  io_.ok_idx.reserve(events_.size());
  std::optional<std::size_t> workload_end;
  std::optional<std::size_t> io_summary;  // verify/io_summary: fio's own account of its end
  std::optional<std::int64_t> workload_begin;
  std::vector<std::size_t> heals;

  for (std::size_t i = 0; i < events_.size(); ++i) {
    const Event& e = events_[i];
    switch (e.kind) {
      case EventKind::io:
        ++io_.total;
        if (get_int(e.data, "error", 0) == 0) {
          io_.ok_t.push_back(e.t_ns);
          io_.ok_lat.push_back(get_int(e.data, "lat_ns", 0));
          io_.ok_idx.push_back(i);
        } else {
          io_.err_idx.push_back(i);
        }
        continue;  // io is 99 % of a history: keep the loop tight
      case EventKind::inject: {
        FaultWindow w;
        w.inject = i;
        w.start_ns = e.t_ns;
        w.step = get_str(e.data, "step");
        faults_.push_back(std::move(w));
        break;
      }
      case EventKind::heal: heals.push_back(i); break;
      case EventKind::verify:
        if (e.what == "io_summary") io_summary = i;
        break;
      case EventKind::phase:
        if (e.what == "workload") {
          const auto state = get_str(e.data, "state");
          if (state == "begin" && !workload_begin) workload_begin = e.t_ns;
          if (state == "end" || state == "failed") workload_end = i;
        }
        break;
      default: break;
    }
    others_.push_back(i);
  }

  // Pair each fault with its heal: the same step id first (the faults layer records the fault
  // step's id on its heal), else the next unused heal of the same fault type on the same node.
  std::vector<bool> used(heals.size(), false);
  auto take = [&](const FaultWindow& w, bool by_step) -> std::optional<std::size_t> {
    const Event& inj = events_[w.inject];
    for (std::size_t h = 0; h < heals.size(); ++h) {
      if (used[h] || heals[h] < w.inject) continue;
      const Event& he = events_[heals[h]];
      const bool match = by_step ? (!w.step.empty() && get_str(he.data, "step") == w.step)
                                 : (he.what == inj.what && he.node == inj.node);
      if (match) {
        used[h] = true;
        return heals[h];
      }
    }
    return std::nullopt;
  };
  for (auto& w : faults_) w.heal = take(w, true);
  for (auto& w : faults_)
    if (!w.heal) w.heal = take(w, false);
  for (auto& w : faults_) w.end_ns = w.heal ? events_[*w.heal].t_ns : last_ns();

  const std::int64_t last_ok = io_.ok_t.empty() ? first_ns() : io_.ok_t.back();
  // fio ran its whole time-based runtime and exited 0: the quiet after its last completion is
  // the end of the load, not a stall. (The runner's "workload" phase ends when the load has
  // STARTED, so the summary, recorded by finish(), is the witness of its end.)
  const bool fio_done = io_summary && events_[*io_summary].data.contains("fio_exit") &&
                        events_[*io_summary].data["fio_exit"] == 0;
  if (fio_done && !io_.ok_t.empty()) {
    io_end_ns_ = last_ok;
    workload_ended_normally_ = true;
  } else if (workload_end && events_[*workload_end].t_ns >= last_ok) {
    io_end_ns_ = events_[*workload_end].t_ns;
    workload_ended_normally_ = get_str(events_[*workload_end].data, "state") == "end";
  } else {
    io_end_ns_ = last_ns();
  }
  workload_begin_ns_ = workload_begin.value_or(first_ns());

  // Roles as observed just before the first fault step.
  const std::int64_t first_fault = faults_.empty() ? last_ns() : faults_.front().start_ns;
  for (std::size_t i : others_) {
    const Event& e = events_[i];
    if (e.t_ns > first_fault) break;
    if (e.kind == EventKind::note && e.what == "roles")
      roles_ = Roles{get_str(e.data, "active"), get_str(e.data, "standby"), i};
  }
}

std::optional<std::string> HistoryView::resolve(std::string_view name) const {
  if (name == "active" || name == "standby") {
    if (!roles_) return std::nullopt;
    const std::string& node = name == "active" ? roles_->active : roles_->standby;
    if (node.empty()) return std::nullopt;
    return node;
  }
  return std::string(name);
}

std::size_t HistoryView::first_ok_at_or_after(std::int64_t t_ns) const {
  return static_cast<std::size_t>(
      std::lower_bound(io_.ok_t.begin(), io_.ok_t.end(), t_ns) - io_.ok_t.begin());
}

Stall HistoryView::stall_in(std::int64_t from, std::int64_t to) const {
  const auto& ok = io_.ok_t;
  const std::size_t n = ok.size();
  // First success strictly after the fault instant.
  const std::size_t k =
      static_cast<std::size_t>(std::upper_bound(ok.begin(), ok.end(), from) - ok.begin());

  Stall best;
  if (k == n) {  // nothing succeeded after the fault: the stall never ended
    best.before = k > 0 ? std::optional<std::size_t>(k - 1) : std::nullopt;
    best.start_ns = k > 0 ? ok[k - 1] : from;
    best.end_ns = std::max(io_end_ns_, best.start_ns);
    best.resumed = false;
    return best;
  }
  // The gap the fault instant falls into; with no success before the fault (fault at the very
  // start) it begins at the fault instant, not at some earlier quiet moment.
  best.start_ns = k > 0 ? ok[k - 1] : from;
  best.end_ns = ok[k];
  best.before = k > 0 ? std::optional<std::size_t>(k - 1) : std::nullopt;
  best.after = k;
  best.resumed = true;
  // Every later gap that starts inside the window.
  for (std::size_t j = k; j + 1 < n && ok[j] < to; ++j) {
    if (ok[j + 1] - ok[j] > best.length_ns()) {
      best.start_ns = ok[j];
      best.end_ns = ok[j + 1];
      best.before = j;
      best.after = j + 1;
    }
  }
  // The tail after the last success is a stall unless the workload finished normally.
  if (!workload_ended_normally_ && ok[n - 1] < to && io_end_ns_ - ok[n - 1] > best.length_ns()) {
    best.start_ns = ok[n - 1];
    best.end_ns = io_end_ns_;
    best.before = n - 1;
    best.after.reset();
    best.resumed = false;
  }
  return best;
}

const FaultWindow* HistoryView::fault_before(std::int64_t t_ns) const {
  const FaultWindow* found = nullptr;
  for (const auto& w : faults_)
    if (w.start_ns <= t_ns) found = &w;
  return found;
}

std::optional<std::int64_t> percentile(std::vector<std::int64_t> values, double p) {
  if (values.empty()) return std::nullopt;
  auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size())));
  rank = std::clamp<std::size_t>(rank, 1, values.size());
  auto nth = values.begin() + static_cast<std::ptrdiff_t>(rank - 1);
  std::nth_element(values.begin(), nth, values.end());
  return *nth;
}

double secs(std::int64_t ns) { return std::round(static_cast<double>(ns) / 1e6) / 1e3; }

bool Evidence::add(std::size_t event_index) {
  if (std::find(idx_.begin(), idx_.end(), event_index) != idx_.end()) return true;
  if (idx_.size() >= cap_) return false;
  idx_.push_back(event_index);
  return true;
}

nlohmann::json Evidence::to_json(const HistoryView& view) const {
  auto sorted = idx_;
  std::sort(sorted.begin(), sorted.end());
  auto out = nlohmann::json::array();
  for (std::size_t i : sorted) out.push_back(nlohmann::json(view.at(i)));
  return out;
}

}  // namespace harness::checks
