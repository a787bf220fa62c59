#include "drivers/multipath/persistent_reservation.hpp"

#include <sstream>

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness {
namespace {

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// "PR generation=0x3, ..." → 3 and the rest after the comma; nullopt for any other line.
std::optional<std::pair<std::uint32_t, std::string>> generation_line(const std::string& line) {
  const std::string t = trim(line);
  constexpr std::string_view kHead = "PR generation=0x";
  if (t.rfind(kHead, 0) != 0) return std::nullopt;
  const auto comma = t.find(',');
  if (comma == std::string::npos) return std::nullopt;
  try {
    return std::make_pair(static_cast<std::uint32_t>(std::stoul(t.substr(kHead.size(), comma - kHead.size()), nullptr, 16)),
                          trim(t.substr(comma + 1)));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

[[noreturn]] void unreadable(std::string_view what, std::string_view text) {
  throw LabError(fmt::format("sg_persist {}: unexpected output: '{}'", what,
                             trim(std::string(text.substr(0, 200)))));
}

}  // namespace

Argv pr_register_argv(const std::string& dev, const std::string& key) {
  return {"sg_persist", "--out", "--register", "--param-sark=" + key, dev};
}

Argv pr_unregister_argv(const std::string& dev, const std::string& key) {
  return {"sg_persist", "--out", "--register", "--param-rk=" + key, "--param-sark=0", dev};
}

Argv pr_read_keys_argv(const std::string& dev) { return {"sg_persist", "--in", "--read-keys", dev}; }

Argv pr_read_reservation_argv(const std::string& dev) {
  return {"sg_persist", "--in", "--read-reservation", dev};
}

Argv pr_reserve_argv(const std::string& dev, const std::string& key, int type) {
  return {"sg_persist", "--out", "--reserve", "--param-rk=" + key,
          "--prout-type=" + std::to_string(type), dev};
}

Argv mpath_register_argv(const std::string& map_dev, const std::string& key) {
  return {"mpathpersist", "--out", "--register", "--param-sark=" + key, map_dev};
}

Argv mpath_reserve_argv(const std::string& map_dev, const std::string& key, int type) {
  return {"mpathpersist", "--out", "--reserve", "--param-rk=" + key,
          "--prout-type=" + std::to_string(type), map_dev};
}

Argv mpath_clear_argv(const std::string& map_dev, const std::string& key) {
  return {"mpathpersist", "--out", "--clear", "--param-rk=" + key, map_dev};
}

std::string pr_in_transport_failure(std::string_view err) {
  std::istringstream in{std::string(err)};
  for (std::string line; std::getline(in, line);)
    if (line.find("transport: Host_status=") != std::string::npos) return trim(line);
  return "";
}

namespace {

// The generation, and the trimmed lines after the "PR generation=" line; LabError without one.
std::pair<std::uint32_t, std::vector<std::string>> pr_in_answer(std::string_view text,
                                                                 std::string_view what) {
  std::istringstream in{std::string(text)};
  std::optional<std::uint32_t> generation;
  std::vector<std::string> after;
  for (std::string line; std::getline(in, line);) {
    if (auto g = generation_line(line)) {
      generation = g->first;
    } else if (generation) {
      after.push_back(trim(line));
    }
  }
  if (!generation) unreadable(what, text);
  return {*generation, std::move(after)};
}

}  // namespace

PrKeys parse_pr_keys(std::string_view text) {
  auto [generation, lines] = pr_in_answer(text, "--read-keys");
  PrKeys out;
  out.generation = generation;
  for (auto& t : lines)
    if (t.rfind("0x", 0) == 0) out.keys.push_back(std::move(t));
  return out;
}

PrReservation parse_pr_reservation(std::string_view text) {
  auto [generation, lines] = pr_in_answer(text, "--read-reservation");
  PrReservation out;
  out.generation = generation;
  for (const auto& t : lines) {
    if (t.rfind("Key=", 0) == 0) out.key = t.substr(4);
    if (t.rfind("scope:", 0) == 0) out.scope_type = t;
  }
  return out;
}

}  // namespace harness
