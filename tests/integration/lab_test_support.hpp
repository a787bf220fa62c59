#pragma once
// Helpers shared by the lab integration tests: the image to boot, a libvirt view of what a lab
// left behind (by its tag in <metadata>, not by name) and a guard that removes a lab even when
// the test fails.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "drivers/libvirt/cached_image.hpp"
#include "drivers/libvirt/lab_cleanup.hpp"
#include "drivers/libvirt/lab_record.hpp"
#include "drivers/libvirt/lab_xml.hpp"
#include "drivers/libvirt/virt_ptr.hpp"
#include "harness/core/clock.hpp"

namespace harness::lab::testing {

inline const char* kUri = "qemu:///system";

// The image, or nullopt with a reason (the test is skipped: no image means no lab).
inline std::optional<ImageInfo> test_image(std::string& why) {
  try {
    return find_cached_image("default");
  } catch (const std::exception& e) {
    why = e.what();
    return std::nullopt;
  }
}

// Domains and networks on the URI whose owner tag satisfies `match`: "domain X" / "network Y".
template <class Match>
std::vector<std::string> tagged_objects(Match match) {
  std::vector<std::string> out;
  auto conn = virt::Connection::open(kUri);
  for (auto& d : conn.all_domains()) {
    auto t = parse_owner_tag(conn.domain_xml(d.get()));
    if (t && match(*t)) out.push_back("domain " + virt::Connection::domain_name(d.get()));
  }
  for (auto& n : conn.all_networks()) {
    auto t = parse_owner_tag(conn.network_xml(n.get()));
    if (t && match(*t)) out.push_back("network " + virt::Connection::network_name(n.get()));
  }
  return out;
}

// Everything on the URI tagged with lab `lab_name`, plus bridges of `tags` and the lab
// directory if they still exist.
inline std::vector<std::string> leftovers(const std::string& lab_name,
                                          const std::vector<std::string>& tags = {}) {
  auto out = tagged_objects([&](const OwnerTag& t) { return t.lab == lab_name; });
  std::error_code ec;
  for (const auto& tag : tags)
    for (const auto& e : std::filesystem::directory_iterator("/sys/class/net", ec))
      if (e.path().filename().string().rfind("hb" + tag, 0) == 0)
        out.push_back("bridge " + e.path().filename().string());
  if (std::filesystem::exists(lab_dir(lab_name), ec)) out.push_back("dir " + lab_dir(lab_name).string());
  return out;
}

// Forced cleanup of one lab by its tag: the test's last word, whatever happened before.
inline void force_cleanup(const std::string& lab_name) {
  auto clock = make_system_clock();
  CleanupOptions o;
  o.uri = kUri;
  o.lab = lab_name;
  o.force = true;
  try {
    cleanup_labs(o, *clock, {});
  } catch (const std::exception& e) {
    ADD_FAILURE() << "cleanup of " << lab_name << ": " << e.what();
  }
}

struct CleanupGuard {
  std::string lab;
  ~CleanupGuard() { force_cleanup(lab); }
};

// Runs the harness binary with `args`, output to `log`; returns its pid.
inline pid_t spawn_harness(const std::vector<std::string>& args, const std::string& log) {
  pid_t pid = ::fork();
  if (pid == 0) {
    FILE* f = std::fopen(log.c_str(), "w");
    if (f) {
      ::dup2(fileno(f), 1);
      ::dup2(fileno(f), 2);
    }
    std::vector<std::string> argv = {HARNESS_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> c;
    for (auto& s : argv) c.push_back(s.data());
    c.push_back(nullptr);
    ::execv(c[0], c.data());
    _exit(127);
  }
  return pid;
}

inline int wait_exit(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace harness::lab::testing
