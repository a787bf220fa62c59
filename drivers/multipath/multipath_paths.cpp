// multipathd's path table (raw, '|'-separated) into MultipathPath records.
#include "drivers/multipath/multipath_paths.hpp"

#include <fmt/format.h>

#include "drivers/parse_util.hpp"

namespace harness {
namespace {

constexpr std::string_view kTool = "multipathd show paths";
constexpr std::size_t kFields = 9;

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> f;
  while (true) {
    auto bar = line.find('|');
    f.push_back(status::trim(line.substr(0, bar)));
    if (bar == std::string_view::npos) break;
    line.remove_prefix(bar + 1);
  }
  return f;
}

}  // namespace

Argv multipathd_paths_argv() {
  return {"multipathd", "show", "paths", "raw", "format", kMultipathPathFormat};
}

std::vector<MultipathPath> parse_multipathd_paths(std::string_view text) {
  std::vector<MultipathPath> out;
  for (auto raw : status::split_lines(text)) {
    auto line = status::trim(raw);
    if (line.empty()) continue;
    auto f = split_fields(line);
    if (f.size() != kFields || f[0].empty())
      status::parse_error(kTool, "9 '|'-separated fields (format \"" +
                                     std::string(kMultipathPathFormat) + "\")",
                          line);
    MultipathPath p;
    p.dev = std::string(f[0]);
    p.wwid = std::string(f[1]);
    p.dm_state = std::string(f[2]);
    p.checker_state = std::string(f[3]);
    p.dev_state = std::string(f[4]);
    if (auto prio = status::to_int(f[5])) p.prio = static_cast<int>(*prio);
    else if (f[5] != "undef" && f[5] != "#" && f[5] != "[undef]")
      status::parse_error(kTool, "a priority number", line);
    p.hcil = std::string(f[6]);
    p.target_name = std::string(f[7]);
    p.host_adapter = std::string(f[8]);
    out.push_back(std::move(p));
  }
  return out;
}

std::string paths_not_ready(const std::vector<MultipathPath>& paths, std::size_t want) {
  std::size_t up = 0;
  for (const auto& p : paths)
    up += p.dm_state == "active" && p.checker_state == "ready" && p.dev_state == "running" &&
          p.prio > 0;
  return up == want ? std::string()
                    : fmt::format("{} of {} paths active/ready with a priority", up, want);
}

}  // namespace harness
