#include "reports/matrix_merge.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "harness/core/errors.hpp"
#include "harness/core/matrix_verdict.hpp"
#include "reports/matrix_json.hpp"
#include "reports/matrix_reports.hpp"
#include "reports/run_dir.hpp"
#include "reports/writers.hpp"

namespace harness {

namespace {

namespace fs = std::filesystem;

std::string dir_name(const fs::path& p) { return p.string(); }

void check_same_settings(const MatrixInput& first, const MatrixInput& in) {
  const MatrixResult& a = first.matrix;
  const MatrixResult& b = in.matrix;
  if (a.repeat != b.repeat)
    throw UsageError(fmt::format(
        "{}: ran with --repeat {}, but {} with --repeat {}: shards of one matrix share --repeat",
        dir_name(in.dir), b.repeat, dir_name(first.dir), a.repeat));
  if (a.pass_rate_required != b.pass_rate_required)
    throw UsageError(fmt::format(
        "{}: ran with --pass-rate {:g}, but {} with --pass-rate {:g}: shards of one matrix share "
        "--pass-rate",
        dir_name(in.dir), b.pass_rate_required, dir_name(first.dir), a.pass_rate_required));
  if (a.shard_count != b.shard_count)
    throw UsageError(fmt::format(
        "{}: is shard {}/{}, but {} is shard {}/{}: shards of one matrix share the shard count",
        dir_name(in.dir), b.shard_index, b.shard_count, dir_name(first.dir), a.shard_index,
        a.shard_count));
}

}  // namespace

MatrixResult matrix_of_run(const RunReport& r, const std::filesystem::path& run_dir) {
  RepeatOutcome rep = repeat_outcome(r, run_dir.string());
  ScenarioOutcome s;
  s.scenario = r.scenario_name.empty() ? run_dir.filename().string() : r.scenario_name;
  s.file = r.scenario_file;
  s.repeats.push_back(rep);
  MatrixResult m;
  m.matrix_id = r.run_id;
  m.seed = r.seed;
  m.started_realtime_ns = r.started_realtime_ns;
  m.duration_s = r.duration_s;
  m.scenarios.push_back(std::move(s));
  decide_verdicts(m);
  return m;
}

MatrixInput read_matrix_input(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw UsageError(fmt::format("{}: not a directory (expected a matrix directory with "
                                 "matrix.json, or a run directory with result.json)",
                                 dir.string()));
  MatrixInput in;
  in.dir = dir;
  const fs::path matrix = matrix_dir_files(dir).matrix_json;
  const fs::path result = run_dir_files(dir).result;
  try {
    if (fs::exists(matrix, ec)) {
      in.matrix = read_matrix_json(matrix);
    } else if (fs::exists(result, ec)) {
      in.matrix = matrix_of_run(read_result_json(result), dir);
      in.single_run = true;
    } else if (fs::is_symlink(dir / "latest", ec) && fs::is_directory(dir / "latest", ec)) {
      // An --out directory: `harness run` points its latest link at the newest matrix or run.
      return read_matrix_input(dir / "latest");
    } else {
      throw UsageError(fmt::format("{}: has neither matrix.json (a matrix directory) nor "
                                   "result.json (a run directory), nor a latest link to one",
                                   dir.string()));
    }
  } catch (const UsageError&) {
    throw;
  } catch (const Error& e) {
    // Bad input is a usage error (exit 2): the message names the file and the JSON path.
    throw UsageError(e.what());
  }
  return in;
}

MergeResult merge_matrices(const std::vector<MatrixInput>& inputs) {
  if (inputs.empty()) throw UsageError("--merge: no directories given");
  MergeResult out;
  MatrixResult& m = out.matrix;

  // The same directory twice would count its runs twice.
  std::map<fs::path, fs::path> seen_dirs;
  for (const auto& in : inputs) {
    std::error_code ec;
    fs::path canon = fs::weakly_canonical(in.dir, ec);
    if (ec) canon = fs::absolute(in.dir).lexically_normal();
    auto [it, fresh] = seen_dirs.emplace(canon, in.dir);
    if (!fresh)
      throw UsageError(fmt::format("{}: given twice (also as {})", dir_name(in.dir),
                                   dir_name(it->second)));
  }

  const MatrixInput* first_matrix = nullptr;
  std::map<int, const MatrixInput*> shards;
  for (const auto& in : inputs) {
    if (in.single_run) continue;
    if (!first_matrix) first_matrix = &in;
    else check_same_settings(*first_matrix, in);
    auto [it, fresh] = shards.emplace(in.matrix.shard_index, &in);
    if (!fresh)
      throw UsageError(fmt::format("{}: is shard {}/{}, and so is {}: the shards overlap",
                                   dir_name(in.dir), in.matrix.shard_index, in.matrix.shard_count,
                                   dir_name(it->second->dir)));
  }
  if (first_matrix) {
    const MatrixResult& f = first_matrix->matrix;
    m.repeat = f.repeat;
    m.pass_rate_required = f.pass_rate_required;
    std::vector<int> missing;
    for (int k = 1; k <= f.shard_count; ++k)
      if (!shards.count(k)) missing.push_back(k);
    if (!missing.empty()) {
      out.incomplete = true;
      out.notes.push_back(fmt::format(
          "shard{} {} of {} missing: {} scenarios are not in this report",
          missing.size() == 1 ? "" : "s", fmt::join(missing, ", "), f.shard_count,
          missing.size() == 1 ? "its" : "their"));
    }
  }

  // Identity: one matrix id when every shard carries it, else the first one's, marked merged.
  const MatrixResult& lead = first_matrix ? first_matrix->matrix : inputs.front().matrix;
  const bool same_id = std::all_of(inputs.begin(), inputs.end(), [&](const MatrixInput& in) {
    return in.matrix.matrix_id == lead.matrix_id;
  });
  m.matrix_id = same_id ? lead.matrix_id : "merged-" + lead.matrix_id;
  m.seed = lead.seed;

  // Wall time: from the earliest start to the latest end (shards run side by side).
  std::int64_t start = 0, end = 0;
  double longest = 0;
  for (const auto& in : inputs) {
    const MatrixResult& x = in.matrix;
    longest = std::max(longest, x.duration_s);
    if (x.started_realtime_ns == 0) continue;
    const auto x_end = x.started_realtime_ns + static_cast<std::int64_t>(x.duration_s * 1e9);
    start = start == 0 ? x.started_realtime_ns : std::min(start, x.started_realtime_ns);
    end = std::max(end, x_end);
  }
  m.started_realtime_ns = start;
  m.duration_s = std::max(longest, start != 0 ? static_cast<double>(end - start) / 1e9 : 0.0);

  // Scenarios in order of first appearance, repeats joined; a run id twice is one run counted twice.
  std::map<std::string, std::size_t> slot;
  std::map<std::string, const fs::path*> run_seen;
  for (const auto& in : inputs) {
    for (const auto& s : in.matrix.scenarios) {
      auto [it, fresh] = slot.emplace(s.scenario, m.scenarios.size());
      if (fresh) {
        ScenarioOutcome copy;
        copy.scenario = s.scenario;
        copy.file = s.file;
        m.scenarios.push_back(std::move(copy));
      }
      ScenarioOutcome& dst = m.scenarios[it->second];
      if (dst.file.empty()) dst.file = s.file;
      for (const auto& r : s.repeats) {
        if (!r.run_id.empty()) {
          auto [rit, new_run] = run_seen.emplace(r.run_id, &in.dir);
          if (!new_run)
            throw UsageError(fmt::format("{}: run {} of {} is also in {}: it would count twice",
                                         dir_name(in.dir), r.run_id, s.scenario,
                                         dir_name(*rit->second)));
        }
        dst.repeats.push_back(r);
      }
    }
  }
  for (auto& s : m.scenarios)
    std::stable_sort(s.repeats.begin(), s.repeats.end(),
                     [](const RepeatOutcome& a, const RepeatOutcome& b) { return a.repeat < b.repeat; });
  decide_verdicts(m);
  return out;
}

}  // namespace harness
