#include "harness/checks/path_loss_log.hpp"

#include <charconv>

namespace harness::checks {
namespace {

bool is_device_name(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

// "8:16" at the start of `s` (anything may follow) → the sd disk's name, "" otherwise.
std::string disk_of_devt(std::string_view s) {
  int major = 0, minor = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), major);
  if (ec != std::errc() || p == s.data() + s.size() || *p != ':') return "";
  auto [q, ec2] = std::from_chars(p + 1, s.data() + s.size(), minor);
  if (ec2 != std::errc() || q == p + 1) return "";
  return sd_disk_name(major, minor);
}

}  // namespace

std::string sd_disk_name(int major, int minor) {
  // The sd driver's majors: 8 holds disks 0–15, 65–71 disks 16–127, 128–135 disks 128–255;
  // 16 minors per disk, the first the whole disk (drivers/scsi/sd.c).
  int base = -1;
  if (major == 8) base = 0;
  else if (major >= 65 && major <= 71) base = (major - 64) * 16;
  else if (major >= 128 && major <= 135) base = (major - 120) * 16;
  if (base < 0 || minor < 0 || minor > 255 || minor % 16 != 0) return "";
  // sd_format_disk_name: a..z, then aa..zz, ... (bijective base 26).
  std::string letters;
  for (int i = base + minor / 16; i >= 0; i = i / 26 - 1)
    letters.insert(letters.begin(), static_cast<char>('a' + i % 26));
  return "sd" + letters;
}

std::string lost_path_in_log(std::string_view m) {
  constexpr std::string_view failing = "Failing path ", checker = "checker failed path ",
                             marked = ": mark as failed", down = " checker reports path is down";
  if (auto i = m.find(failing); i != std::string_view::npos && m.starts_with("device-mapper:"))
    return disk_of_devt(m.substr(i + failing.size()));
  if (m.starts_with(checker)) return disk_of_devt(m.substr(checker.size()));
  if (m.ends_with(marked)) {
    auto dev = m.substr(0, m.size() - marked.size());
    return is_device_name(dev) ? std::string(dev) : "";
  }
  if (m.ends_with(down)) {
    // "<map>: <dev> - <checker> checker reports path is down"
    auto colon = m.find(": "), dash = m.find(" - ");
    if (colon == std::string_view::npos || dash == std::string_view::npos || dash < colon) return "";
    auto dev = m.substr(colon + 2, dash - colon - 2);
    return is_device_name(dev) ? std::string(dev) : "";
  }
  return "";
}

}  // namespace harness::checks
