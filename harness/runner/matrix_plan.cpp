#include "harness/runner/matrix_plan.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "harness/core/errors.hpp"
#include "harness/scenario/option_io.hpp"
#include "harness/scenario/seeded_draws.hpp"
#include "harness/scenario/tunables.hpp"

namespace harness {

namespace {

nlohmann::json deployment_json(const Scenario& s) {
  nlohmann::json lab = options_to_json(lab_option_table(), static_cast<const LabOptions&>(s.lab));
  lab.update(options_to_json(target_option_table(), static_cast<const TargetOptions&>(s.lab)));
  lab.erase("uri");
  // Live tunables are applied after each revert (SystemUnderTest::apply_live_tunables).
  return {{"lab", lab}, {"tunables", redeploy_tunables_to_json(s.tunables)}};
}

bool matches(const std::string& name, const std::string& pattern) {
  if (pattern.find_first_of("*?[") != std::string::npos)
    return fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
  return name.find(pattern) != std::string::npos;
}

std::vector<std::size_t> select(const std::vector<Scenario>& scenarios, const PlanOptions& o) {
  std::vector<std::size_t> out;
  for (const auto& p : o.patterns) {
    bool any = std::any_of(scenarios.begin(), scenarios.end(),
                           [&](const Scenario& s) { return matches(s.name, p); });
    if (!any) throw UsageError(fmt::format("-k {}: no scenario's name matches it", p));
  }
  if (o.only) {
    for (const auto& n : *o.only)
      if (std::none_of(scenarios.begin(), scenarios.end(), [&](const Scenario& s) { return s.name == n; }))
        throw UsageError(fmt::format("--rerun-failed: scenario {} is not among the scenarios given", n));
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const auto& name = scenarios[i].name;
    if (!o.patterns.empty() &&
        std::none_of(o.patterns.begin(), o.patterns.end(), [&](const auto& p) { return matches(name, p); }))
      continue;
    if (o.only && std::find(o.only->begin(), o.only->end(), name) == o.only->end()) continue;
    // Two files with one name would be two run directories no one can tell apart.
    if (!seen.insert(name).second)
      throw UsageError(fmt::format("{}: a second scenario named {} (names must be unique in a matrix)",
                                   scenarios[i].file.string(), name));
    out.push_back(i);
  }
  if (out.empty()) throw UsageError("no scenario selected");
  return out;
}

std::string duration_text(double s) {
  auto t = static_cast<long>(s + 0.5);
  return t >= 3600 ? fmt::format("{}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60)
                   : fmt::format("{}:{:02}", t / 60, t % 60);
}

}  // namespace

std::string deploy_key(const Scenario& s) {
  return fmt::format("{:016x}", fnv1a64(deployment_json(s).dump()));
}

std::string deploy_label(const Scenario& s) {
  std::string label = fmt::format("image {}, {} target, {} vCPU/{} MiB per node", s.lab.image,
                                  s.lab.target_driver, s.lab.vcpus, s.lab.memory_mib);
  // The tunables that differ from the defaults: what sets this group apart.
  const nlohmann::json set = redeploy_tunables_to_json(s.tunables),
                       defaults = redeploy_tunables_to_json(Tunables{});
  std::vector<std::string> differ;
  for (const auto& [section, keys] : set.items())
    for (const auto& [key, value] : keys.items())
      if (defaults[section][key] != value) differ.push_back(fmt::format("{}.{}={}", section, key, value.dump()));
  if (!differ.empty()) label += ", " + fmt::format("{}", fmt::join(differ, " "));
  return label;
}

std::uint64_t run_seed(std::uint64_t matrix_seed, int repeat) {
  return repeat <= 1 ? matrix_seed : mix64(matrix_seed ^ (0x5eedULL * static_cast<std::uint64_t>(repeat)));
}

double expected_run_s(const Scenario& s) {
  double end = s.workload.runtime_s;
  for (const auto& st : s.steps)
    end = std::max(end, st.at_s + (st.fault && st.fault->duration_s ? *st.fault->duration_s : 0.0));
  return kRunOverheadEstimateS + end;
}

std::pair<int, int> parse_shard(const std::string& text) {
  auto slash = text.find('/');
  int k = 0, n = 0;
  auto num = [](std::string_view v, int& out) {
    auto r = std::from_chars(v.data(), v.data() + v.size(), out);
    return !v.empty() && r.ec == std::errc() && r.ptr == v.data() + v.size();
  };
  if (slash == std::string::npos || !num(std::string_view(text).substr(0, slash), k) ||
      !num(std::string_view(text).substr(slash + 1), n) || n < 1 || k < 1 || k > n)
    throw UsageError(fmt::format("--shard {}: expected K/N with 1 <= K <= N (e.g. 1/2)", text));
  return {k, n};
}

MatrixPlan plan_matrix(const std::vector<Scenario>& scenarios, const PlanOptions& o) {
  if (o.repeat < 1) throw UsageError(fmt::format("--repeat {}: expected 1 or more", o.repeat));
  if (o.shard_count < 1 || o.shard_index < 1 || o.shard_index > o.shard_count)
    throw UsageError(fmt::format("--shard {}/{}: expected K/N with 1 <= K <= N", o.shard_index, o.shard_count));
  MatrixPlan p;
  p.seed = o.seed;
  p.repeat = o.repeat;
  p.shard_index = o.shard_index;
  p.shard_count = o.shard_count;
  p.selected = select(scenarios, o);

  std::map<std::size_t, std::string> key;
  for (auto i : p.selected) key[i] = deploy_key(scenarios[i]);
  // A run that changes its lab for good (a permanent step: node_upgrade) shares it with no one.
  auto group_key = [&](const PlannedRun& r) {
    const Scenario& sc = scenarios[r.scenario_index];
    const bool permanent = std::any_of(sc.steps.begin(), sc.steps.end(), [](const Step& st) {
      return st.fault && st.fault->permanent;
    });
    const std::string& k = key.at(r.scenario_index);
    return permanent ? fmt::format("{}/{}/{}", k, sc.name, r.repeat) : k;
  };

  // Rounds: every scenario once, then every scenario again, so a repeat does not meet the same
  // neighbours in the same order (and an interrupted matrix has a sample of everything).
  std::vector<PlannedRun> all;
  for (int r = 1; r <= o.repeat; ++r)
    for (auto i : p.selected) all.push_back({i, r, run_seed(o.seed, r), expected_run_s(scenarios[i])});
  p.runs_unsharded = all.size();

  // Shards: longest runs first onto the least loaded shard, a deployment counted where a group
  // first lands on a shard. Ties go by name and repeat, then the lowest shard: no machine-local
  // input, so every machine computes the same split.
  std::vector<std::size_t> order(all.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (all[a].expected_s != all[b].expected_s) return all[a].expected_s > all[b].expected_s;
    const auto &na = scenarios[all[a].scenario_index].name, &nb = scenarios[all[b].scenario_index].name;
    if (na != nb) return na < nb;
    return all[a].repeat < all[b].repeat;
  });
  std::vector<double> load(o.shard_count, 0);
  std::vector<std::set<std::string>> groups_on(o.shard_count);
  std::vector<int> shard_of(all.size(), 0);
  for (auto i : order) {
    const std::string k = group_key(all[i]);
    int best = 0;
    double best_load = 0;
    for (int s = 0; s < o.shard_count; ++s) {
      double deploy = o.fresh_labs || !groups_on[s].count(k) ? kGroupDeployEstimateS : 0;
      double l = load[s] + all[i].expected_s + deploy;
      if (s == 0 || l < best_load) best = s, best_load = l;
    }
    load[best] = best_load;
    groups_on[best].insert(k);
    shard_of[i] = best;
  }

  std::map<std::string, std::size_t> group_slot;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (shard_of[i] != o.shard_index - 1) continue;
    const auto& sc = scenarios[all[i].scenario_index];
    const std::string k = group_key(all[i]);
    auto it = group_slot.find(k);
    if (it == group_slot.end()) {
      it = group_slot.emplace(k, p.groups.size()).first;
      p.groups.push_back({k, deploy_label(sc), {}});
    }
    p.groups[it->second].runs.push_back(all[i]);
  }
  p.expected_s = load[o.shard_index - 1];
  return p;
}

std::string render_plan_text(const MatrixPlan& p, const std::vector<Scenario>& scenarios) {
  std::size_t runs = 0;
  for (const auto& g : p.groups) runs += g.runs.size();
  std::string out = fmt::format(
      "matrix plan: {} scenario{} selected, repeat {}, {} run{}", p.selected.size(),
      p.selected.size() == 1 ? "" : "s", p.repeat, p.runs_unsharded, p.runs_unsharded == 1 ? "" : "s");
  if (p.shard_count > 1) out += fmt::format("; shard {}/{}: {} of them", p.shard_index, p.shard_count, runs);
  out += fmt::format("\nseed {} (a repeat's own seed is listed; --seed replays)\n", p.seed);
  out += fmt::format("estimate {} (TCG figures: {} s per deployment, run time + {} s per run)\n",
                     duration_text(p.expected_s), kGroupDeployEstimateS, kRunOverheadEstimateS);
  for (const auto& g : p.groups) {
    out += fmt::format("\ndeploy group {} ({}): {} run{}, {}\n", g.key, g.label, g.runs.size(),
                       g.runs.size() == 1 ? "" : "s",
                       g.runs.size() == 1 ? "on a fresh lab" : "deployed once, reverted before each run");
    std::size_t n = 0;
    for (const auto& r : g.runs)
      out += fmt::format("  {:>3}. {:<36} repeat {:<3} seed {:<20} ~{}\n", ++n,
                         scenarios[r.scenario_index].name, r.repeat, r.seed, duration_text(r.expected_s));
  }
  if (p.groups.empty()) out += "\nthis shard has no runs\n";
  return out;
}

nlohmann::json plan_json(const MatrixPlan& p, const std::vector<Scenario>& scenarios) {
  nlohmann::json groups = nlohmann::json::array();
  for (const auto& g : p.groups) {
    nlohmann::json runs = nlohmann::json::array();
    for (const auto& r : g.runs)
      runs.push_back({{"scenario", scenarios[r.scenario_index].name},
                      {"file", scenarios[r.scenario_index].file.string()},
                      {"repeat", r.repeat},
                      {"seed", r.seed},
                      {"expected_s", r.expected_s}});
    groups.push_back({{"deploy_key", g.key}, {"label", g.label}, {"runs", runs}});
  }
  nlohmann::json selected = nlohmann::json::array();
  for (auto i : p.selected) selected.push_back(scenarios[i].name);
  return {{"seed", p.seed},
          {"repeat", p.repeat},
          {"shard", {{"index", p.shard_index}, {"count", p.shard_count}}},
          {"selected", selected},
          {"runs_unsharded", p.runs_unsharded},
          {"expected_s", p.expected_s},
          {"groups", groups}};
}

}  // namespace harness
