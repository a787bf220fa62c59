#include "drivers/libvirt/qemu_threads.hpp"

#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace harness::lab {

namespace {

constexpr std::int64_t kScanEveryNs = 5'000'000'000;

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::int64_t parse_pid(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.remove_suffix(1);
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size() && v > 0 ? v : 0;
}

}  // namespace

std::filesystem::path qemu_pid_dir(std::string_view uri) {
  if (uri == "qemu:///system") return "/run/libvirt/qemu";
  if (uri == "qemu:///session") {
    const char* xdg = std::getenv("XDG_RUNTIME_DIR");
    if (xdg && *xdg) return std::filesystem::path(xdg) / "libvirt" / "qemu" / "run";
  }
  return {};
}

bool cmdline_names_domain(std::string_view cmdline, std::string_view domain) {
  std::string_view prev;
  while (!cmdline.empty()) {
    auto end = cmdline.find('\0');
    std::string_view arg = cmdline.substr(0, end);
    if (prev == "-name") {
      if (arg == domain) return true;
      // guest=<name> among comma-separated options (the lab's domain names have no comma).
      for (std::size_t pos = 0; pos < arg.size();) {
        auto comma = arg.find(',', pos);
        std::string_view opt = arg.substr(pos, comma == std::string_view::npos ? arg.npos : comma - pos);
        if (opt.starts_with("guest=") && opt.substr(6) == domain) return true;
        if (comma == std::string_view::npos) break;
        pos = comma + 1;
      }
    }
    prev = arg;
    if (end == std::string_view::npos) break;
    cmdline.remove_prefix(end + 1);
  }
  return false;
}

QemuThreads::QemuThreads(std::vector<Domain> domains, std::filesystem::path pid_dir, Clock& clock,
                         std::filesystem::path proc_root)
    : pid_dir_(std::move(pid_dir)), clock_(clock), proc_root_(std::move(proc_root)) {
  for (auto& d : domains) {
    Entry e;
    e.d = std::move(d);
    entries_.push_back(std::move(e));
  }
}

bool QemuThreads::is_qemu_of(std::int64_t pid, const std::string& domain) const {
  return cmdline_names_domain(read_file(proc_root_ / std::to_string(pid) / "cmdline"), domain);
}

std::int64_t QemuThreads::find_pid(Entry& e) {
  // The pid file: present exactly while libvirt runs the domain.
  if (!pid_dir_.empty() && ::access(pid_dir_.c_str(), R_OK | X_OK) == 0) {
    std::int64_t pid = parse_pid(read_file(pid_dir_ / (e.d.domain + ".pid")));
    return pid > 0 && is_qemu_of(pid, e.d.domain) ? pid : 0;
  }
  // No readable pid files: every process's command line, now and then.
  const std::int64_t now = clock_.now_ns();
  if (now < e.next_scan_ns) return 0;
  e.next_scan_ns = now + kScanEveryNs;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(proc_root_, ec), end; !ec && it != end; it.increment(ec)) {
    std::int64_t pid = parse_pid(it->path().filename().string());
    if (pid > 0 && is_qemu_of(pid, e.d.domain)) return pid;
  }
  return 0;
}

std::vector<GuestThreads> QemuThreads::read() {
  std::vector<GuestThreads> out;
  for (auto& e : entries_) {
    if (e.pid == 0) {
      e.pid = find_pid(e);
      e.names.clear();
      if (e.pid == 0) continue;
    }
    auto threads = read_task_dir(proc_root_ / std::to_string(e.pid) / "task", &e.names);
    if (!threads) {  // the process is gone: look for the next one at the next reading
      e.pid = 0;
      continue;
    }
    out.push_back(GuestThreads{e.d.node, e.pid, std::move(*threads)});
  }
  return out;
}

}  // namespace harness::lab
