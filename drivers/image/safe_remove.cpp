// remove_tree_safely: umount2(MNT_DETACH) under the tree, then nftw with FTW_MOUNT | FTW_PHYS.
#include "drivers/image/safe_remove.hpp"

#include <ftw.h>
#include <sys/mount.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace harness {

namespace fs = std::filesystem;

namespace {
std::string unescape_mountinfo(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() &&
        std::all_of(s.begin() + static_cast<long>(i) + 1, s.begin() + static_cast<long>(i) + 4,
                    [](char c) { return c >= '0' && c <= '7'; })) {
      out.push_back(static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0')));
      i += 3;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

thread_local int g_failures = 0;

int remove_entry(const char* path, const struct stat*, int type, struct FTW*) {
  // FTW_DP: a directory after its contents; FTW_D would mean FTW_DEPTH was ignored.
  int rc = (type == FTW_DP || type == FTW_D || type == FTW_DNR) ? ::rmdir(path) : ::unlink(path);
  if (rc != 0) ++g_failures;
  return 0;  // keep going: remove as much as possible
}
}  // namespace

std::vector<std::string> mounts_under(std::string_view mountinfo, const fs::path& dir) {
  std::string prefix = dir.lexically_normal().string();
  while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
  prefix += '/';
  std::vector<std::string> out;
  std::istringstream in{std::string(mountinfo)};
  for (std::string line; std::getline(in, line);) {
    // Fields: id parent major:minor root mount-point ...
    std::istringstream f(line);
    std::string id, parent, dev, root, mount_point;
    if (!(f >> id >> parent >> dev >> root >> mount_point)) continue;
    std::string mp = unescape_mountinfo(mount_point);
    if (mp.size() > prefix.size() && mp.compare(0, prefix.size(), prefix) == 0) out.push_back(mp);
  }
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a > b;
  });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool remove_tree_safely(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(dir, ec))) return true;
  fs::path abs = fs::absolute(dir, ec).lexically_normal();
  std::ifstream in("/proc/self/mountinfo");
  std::ostringstream ss;
  ss << in.rdbuf();
  for (const auto& m : mounts_under(ss.str(), abs)) ::umount2(m.c_str(), MNT_DETACH);
  g_failures = 0;
  // FTW_MOUNT: a mount that could not be detached is not entered (its rmdir fails: reported).
  ::nftw(abs.c_str(), remove_entry, 32, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
  return !fs::exists(fs::symlink_status(abs, ec));
}

}  // namespace harness
