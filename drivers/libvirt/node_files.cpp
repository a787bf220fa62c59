// Per-node files of a libvirt lab. Tools run as argument vectors through run_process.
#include "drivers/libvirt/node_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "drivers/remote/process.hpp"
#include "harness/core/errors.hpp"

namespace harness::lab {

namespace fs = std::filesystem;

namespace {
void run_checked(const std::vector<std::string>& argv, const Deadline& deadline) {
  auto r = run_process(argv, deadline);
  if (r.exit_status != 0) throw LabError(describe_failure("host", argv, r));
}

void write_file(const fs::path& p, const std::string& content, int mode) {
  int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) throw LabError(fmt::format("cannot write {}: {}", p.string(), std::strerror(errno)));
  std::size_t off = 0;
  while (off < content.size()) {
    ssize_t n = ::write(fd, content.data() + off, content.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int e = errno;
      ::close(fd);
      throw LabError(fmt::format("cannot write {}: {}", p.string(), std::strerror(e)));
    }
    off += static_cast<std::size_t>(n);
  }
  ::fchmod(fd, static_cast<mode_t>(mode));  // umask must not loosen or tighten it
  ::close(fd);
}
}  // namespace

std::string networkd_unit(const NodeNetwork& nic) {
  std::string s = fmt::format("# {} (written by the harness)\n[Match]\nMACAddress={}\n\n", nic.network,
                              nic.mac);
  s += fmt::format("[Link]\nRequiredForOnline={}\n\n", nic.required_for_online ? "yes" : "no");
  s += fmt::format(
      "[Network]\nAddress={}/24\nLinkLocalAddressing=no\nIPv6AcceptRA=no\n"
      "ConfigureWithoutCarrier=yes\nIgnoreCarrierLoss=yes\n",
      nic.address);
  if (nic.multicast_route) s += "\n[Route]\nDestination=224.0.0.0/4\nScope=link\n";
  return s;
}

std::map<std::string, TreeFile> config_tree(const std::string& hostname,
                                            const std::vector<NodeNetwork>& nics,
                                            const std::string& authorized_key,
                                            const std::string& host_key_private,
                                            const std::string& host_key_public,
                                            const std::string& hosts_file) {
  std::map<std::string, TreeFile> t;
  t["hostname"] = {hostname + "\n", 0644};
  for (const auto& nic : nics)
    t[fmt::format("root/etc/systemd/network/10-harness-{}.network", nic.network)] = {
        networkd_unit(nic), 0644};
  t["root/root/.ssh/authorized_keys"] = {authorized_key, 0600};
  t["root/etc/ssh/ssh_host_ed25519_key"] = {host_key_private, 0600};
  t["root/etc/ssh/ssh_host_ed25519_key.pub"] = {host_key_public, 0644};
  t["root/etc/hosts"] = {hosts_file, 0644};
  return t;
}

void write_tree(const fs::path& dir, const std::map<std::string, TreeFile>& tree) {
  for (const auto& [rel, file] : tree) {
    fs::path p = dir / rel;
    fs::create_directories(p.parent_path());
    // sshd's StrictModes refuses keys under a loose .ssh.
    for (fs::path d = p.parent_path(); d != dir && d.has_filename(); d = d.parent_path())
      ::chmod(d.c_str(), d.filename() == ".ssh" ? 0700 : 0755);
    write_file(p, file.content, file.mode);
  }
}

std::string make_ssh_key(const fs::path& path, const std::string& comment, const Deadline& deadline) {
  std::error_code ec;
  fs::remove(path, ec);
  fs::remove(fs::path(path.string() + ".pub"), ec);
  run_checked({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path.string()},
              deadline);
  return read_text(fs::path(path.string() + ".pub"));
}

void make_config_disk(const fs::path& tree, const fs::path& file, const Deadline& deadline) {
  fs::path raw = file.string() + ".raw";
  run_checked({"mkfs.ext4", "-q", "-F", "-L", "hcfg", "-d", tree.string(), raw.string(), "16M"},
              deadline);
  run_checked({"qemu-img", "convert", "-q", "-f", "raw", "-O", "qcow2", raw.string(), file.string()},
              deadline);
  std::error_code ec;
  fs::remove(raw, ec);
}

void make_overlay(const fs::path& base, const fs::path& overlay, const Deadline& deadline) {
  run_checked({"qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", base.string(),
               overlay.string()},
              deadline);
}

void make_raw_disk(const fs::path& file, int mib) {
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw LabError(fmt::format("cannot create {}: {}", file.string(), std::strerror(errno)));
  int rc = ::ftruncate(fd, static_cast<off_t>(mib) << 20);
  int e = errno;
  ::close(fd);
  if (rc < 0) throw LabError(fmt::format("cannot size {}: {}", file.string(), std::strerror(e)));
}

void check_free_space(const fs::path& dir, std::uintmax_t need, const char* what) {
  std::error_code ec;
  auto info = fs::space(dir, ec);
  if (ec) return;  // cannot tell: the tools will fail with their own message
  if (info.available < need)
    throw LabError(fmt::format("not enough disk space in {} for {}: {} MiB free, {} MiB needed",
                               dir.string(), what, info.available >> 20, need >> 20));
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace harness::lab
