// The lab's fencing sshd: its sshd_config and authorized_keys line carry the restrictions, the
// forced fence-shell runs only the lab's own virsh calls, and (as root, with OpenSSH installed)
// a real sshd on 127.0.0.1 lets a fence_virsh-like `ssh -t` session through that shell and is
// found and stopped by its command line.
#include "drivers/libvirt/fence_sshd.hpp"
#include "drivers/libvirt/daemons.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "drivers/libvirt/lab_record.hpp"
#include "drivers/libvirt/node_files.hpp"
#include "drivers/remote/process.hpp"
#include "harness/core/errors.hpp"
#include "harness/core/clock.hpp"

namespace harness::lab {
namespace {

namespace fs = std::filesystem;

const std::string kRun = "fence-20240101T000000-abc123";

FenceSshdParams params() {
  FenceSshdParams p;
  p.lab = "fence";
  p.run_id = kRun;
  p.listen_address = "10.213.8.1";
  p.port = 22;
  p.files = fence_files("/var/lib/harness/labs/fence", kRun);
  return p;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);)
    if (!l.empty() && l[0] != '#') out.push_back(l);
  return out;
}

bool has_line(const std::string& text, const std::string& line) {
  auto ls = lines_of(text);
  return std::find(ls.begin(), ls.end(), line) != ls.end();
}

TEST(FenceSshd, FilesAreNamedWithTheRunInTheLabsFenceDir) {
  auto f = fence_files("/var/lib/harness/labs/fence", kRun);
  EXPECT_EQ(f.config(), fs::path("/var/lib/harness/labs/fence/fence/sshd-" + kRun + ".conf"));
  EXPECT_EQ(run_id_of_fence_config(f.config()), kRun);
  EXPECT_FALSE(run_id_of_fence_config("/etc/ssh/sshd_config"));
  EXPECT_FALSE(run_id_of_fence_config("/x/other/sshd-" + kRun + ".conf"));  // not in fence/
}

TEST(FenceSshd, ConfigListensOnTheMgmtAddressOnlyAndTakesOnlyTheFenceKey) {
  auto p = params();
  std::string c = render_fence_sshd_config(p);
  const std::string dir = "/var/lib/harness/labs/fence/fence/";
  for (const char* l :
       {"ListenAddress 10.213.8.1", "Port 22", "AddressFamily inet", "PubkeyAuthentication yes",
        "AuthenticationMethods publickey", "PasswordAuthentication no",
        "KbdInteractiveAuthentication no", "HostbasedAuthentication no",
        "PermitRootLogin forced-commands-only", "AllowUsers root", "StrictModes yes", "UsePAM no",
        "PermitTTY yes", "AllowTcpForwarding no", "AllowAgentForwarding no",
        "AllowStreamLocalForwarding no", "X11Forwarding no", "PermitTunnel no",
        "PermitUserEnvironment no", "PermitUserRC no", "AuthorizedPrincipalsFile none",
        "KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org"})
    EXPECT_TRUE(has_line(c, l)) << l << "\n" << c;
  EXPECT_TRUE(has_line(c, "HostKey " + dir + "ssh_host_ed25519_key")) << c;
  EXPECT_TRUE(has_line(c, "PidFile " + dir + "sshd.pid")) << c;
  EXPECT_TRUE(has_line(c, "AuthorizedKeysFile " + dir + "authorized_keys")) << c;
  EXPECT_TRUE(has_line(c, "ForceCommand " + dir + "fence-shell")) << c;
  // One address, no wildcard, no sftp.
  int listen = 0;
  for (const auto& l : lines_of(c)) {
    if (l.rfind("ListenAddress", 0) == 0) ++listen;
    EXPECT_EQ(l.rfind("Subsystem", 0), std::string::npos) << l;
  }
  EXPECT_EQ(listen, 1);

  p.port = 2222;
  p.use_pam = true;  // root's password locked: sshd would refuse root without PAM
  c = render_fence_sshd_config(p);
  EXPECT_TRUE(has_line(c, "Port 2222"));
  EXPECT_TRUE(has_line(c, "UsePAM yes"));

  p.files = fence_files("/var/lib/my labs/fence", kRun);  // sshd_config would split it
  EXPECT_THROW(render_fence_sshd_config(p), LabError);
  p.files = fence_files("/var/lib/%h/fence", kRun);  // sshd expands %h in AuthorizedKeysFile
  EXPECT_THROW(render_fence_sshd_config(p), LabError);
}

TEST(FenceSshd, AuthorizedKeyIsRestrictedToTheTargetsAndTheForcedShell) {
  std::string line = render_fence_authorized_key(
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBOGUS fence-" + kRun + "\n",
      {"10.213.8.11", "10.213.8.12"}, "/var/lib/harness/labs/fence/fence/fence-shell");
  EXPECT_EQ(line,
            "from=\"10.213.8.11,10.213.8.12\",command=\"/var/lib/harness/labs/fence/fence/"
            "fence-shell\",restrict,pty ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBOGUS fence-" +
                kRun + "\n");
  // restrict: no port, agent or X11 forwarding, no ~/.ssh/rc, no PTY; pty: fence_virsh's `ssh -t`.
  EXPECT_EQ(std::count(line.begin(), line.end(), '\n'), 1);
  EXPECT_THROW(render_fence_authorized_key("ssh-ed25519 AAAA x", {}, "/x/fence-shell"), LabError);
  EXPECT_THROW(render_fence_authorized_key("ssh-ed25519 AAAA x", {"10.0.0.1\",command=\"sh"},
                                           "/x/fence-shell"),
               LabError);
  EXPECT_THROW(render_fence_authorized_key("ssh-ed25519 AAAA x\nssh-rsa BBBB y", {"10.0.0.1"},
                                           "/x/fence-shell"),
               LabError);
}

TEST(FenceSshd, GuestFilesAndKnownHostsForBothPorts) {
  std::string kh = fence_known_hosts_line("10.213.8.1", "ssh-ed25519 AAAAHOST fence-sshd-x\n");
  EXPECT_EQ(kh, "10.213.8.1,[10.213.8.1]:2222 ssh-ed25519 AAAAHOST\n");
  auto files = fence_guest_files("-----BEGIN OPENSSH PRIVATE KEY-----\n", kh);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].path, "root/etc/harness/fence_key");
  EXPECT_EQ("/" + files[0].path.substr(5), kFenceGuestKeyPath);
  EXPECT_EQ(files[0].mode, 0600);
  EXPECT_EQ(files[1].path, "root/etc/ssh/ssh_known_hosts");
  EXPECT_EQ(files[1].content, kh);
}

struct TempDir {
  fs::path path;
  explicit TempDir(const char* base = "/tmp") {
    std::string tmpl = std::string(base) + "/harness-fence-unit-XXXXXX";
    path = ::mkdtemp(tmpl.data());
  }
  ~TempDir() { fs::remove_all(path); }
};

void write_exec(const fs::path& p, const std::string& text) {
  std::ofstream(p) << text;
  ::chmod(p.c_str(), 0755);
}

// A virsh that prints what it was asked (and a domain table for `list --all`).
const char* kFakeVirsh =
    "#!/bin/sh\n"
    "if [ \"$3\" = list ]; then\n"
    "  printf ' Id   Name          State\\n-----------------------------\\n'\n"
    "  printf ' 1    h-abc123-n1   running\\n 2    h-abc123-n2   running\\n'\n"
    "  printf ' 3    h-other-n1    running\\n\\n'\n"
    "else echo \"virsh-called $*\"; fi\n";

TEST(FenceSshd, ShellRunsOnlyTheLabsVirshCalls) {
  TempDir t;
  write_exec(t.path / "virsh", kFakeVirsh);
  write_exec(t.path / "fence-shell",
             render_fence_shell((t.path / "virsh").string(), "qemu:///system",
                                {"h-abc123-n1", "h-abc123-n2"}, kRun));
  auto clock = make_system_clock();
  auto r = run_process({"/bin/bash", (t.path / "fence-shell").string()},
                       Deadline::after(*clock, 20),
                       "virsh domstate h-abc123-n2\r\n"
                       "virsh destroy h-abc123-n1\n"
                       "virsh start h-other-n1\n"
                       "virsh domstate h-abc123-n2 --reason\n"
                       "rm -rf /\n"
                       "virsh list --all\n"
                       "\n"
                       "quit\n"
                       "virsh start h-abc123-n1\n");
  EXPECT_EQ(r.exit_status, 0) << r.err;
  const std::string& o = r.out;
  EXPECT_EQ(o.rfind("[EXPECT]# ", 0), 0u) << o;
  EXPECT_NE(o.find("virsh-called -c qemu:///system domstate h-abc123-n2\n"), std::string::npos) << o;
  EXPECT_NE(o.find("virsh-called -c qemu:///system destroy h-abc123-n1\n"), std::string::npos) << o;
  EXPECT_NE(o.find("error: not allowed on this fencing login: virsh start h-other-n1"),
            std::string::npos) << o;
  EXPECT_NE(o.find("error: not allowed on this fencing login: virsh domstate h-abc123-n2 --reason"),
            std::string::npos) << o;
  EXPECT_NE(o.find("error: not allowed on this fencing login: rm -rf /"), std::string::npos) << o;
  // list --all keeps the header fence_virsh parses and the lab's own domains only.
  EXPECT_NE(o.find(" Id   Name"), std::string::npos) << o;
  EXPECT_NE(o.find("h-abc123-n2   running"), std::string::npos) << o;
  EXPECT_EQ(o.find("h-other-n1    running"), std::string::npos) << o;
  // Nothing after quit.
  EXPECT_EQ(o.find("start h-abc123-n1"), std::string::npos) << o;

  EXPECT_THROW(render_fence_shell("/usr/bin/virsh", "qemu:///system", {"a b"}, kRun), LabError);
}

TEST(FenceSshd, InsecureDirectoriesAreNamed) {
  TempDir t;
  std::string bad = insecure_directory(t.path / "fence" / "authorized_keys");
  EXPECT_FALSE(bad.empty());  // /tmp is world-writable (or the dir is not root's)
  if (::geteuid() == 0) {
    EXPECT_EQ(insecure_directory("/etc/passwd"), "");
  }
}

TEST(FenceSshd, RecordKeepsTheFenceEndpoint) {
  TempDir t;
  LabRecord r;
  r.lab = "fx";  // not "fence": the test looks for that key
  r.run_id = kRun;
  r.tag = "abc123";
  r.uri = "qemu:///system";
  r.dir = t.path.string();
  r.fence.address = "10.213.8.1";
  r.fence.port = 2222;
  r.fence.config = "/x/fence/sshd-" + kRun + ".conf";
  r.fence.key = "/x/fence/fence_key";
  r.fence.pid = 4242;
  r.fence.pid_start = 77;
  save_record(r, t.path);
  auto back = load_record(t.path);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->fence.address, "10.213.8.1");
  EXPECT_EQ(back->fence.port, 2222);
  EXPECT_EQ(back->fence.config, r.fence.config);
  EXPECT_EQ(back->fence.pid, 4242);
  EXPECT_EQ(back->fence.pid_start, 77);
  r.fence = {};
  save_record(r, t.path);
  EXPECT_EQ(read_text(t.path / "lab.json").find("\"fence\""), std::string::npos);
  EXPECT_TRUE(load_record(t.path)->fence.config.empty());
}

int free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
  socklen_t len = sizeof sa;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  ::close(fd);
  return ntohs(sa.sin_port);
}

// The whole host side with a real sshd on loopback: a fence_virsh-like session (ssh -t, the
// agent's remote command, a prompt, one virsh line, quit) reaches the fake virsh; the process is
// found by its command line and stopped; a second sshd on the same port cannot start.
TEST(FenceSshd, RealSshdOnLoopbackRunsTheFenceSessionAndStops) {
  std::string sshd = find_system_program("sshd");
  if (::geteuid() != 0 || sshd.empty() || !program_exists("ssh") || !program_exists("ssh-keygen"))
    GTEST_SKIP() << "needs root, sshd, ssh and ssh-keygen";
  TempDir root("/run");  // StrictModes: root-owned, not group/world-writable up to /
  ::chmod(root.path.c_str(), 0755);
  fs::path lab = root.path / "unit";
  auto f = fence_files(lab, kRun);
  fs::create_directories(f.dir);
  ::chmod(lab.c_str(), 0755);
  ::chmod(f.dir.c_str(), 0700);
  ASSERT_EQ(insecure_directory(f.authorized_keys()), "");
  auto clock = make_system_clock();
  auto d = Deadline::after(*clock, 60);
  std::string client_pub = make_ssh_key(f.client_key(), "fence-unit", d);
  std::string host_pub = make_ssh_key(f.host_key(), "fence-sshd-unit", d);
  write_exec(root.path / "virsh", kFakeVirsh);
  write_tree(f.dir, {{"authorized_keys",
                      {render_fence_authorized_key(client_pub, {"127.0.0.1"}, f.shell()), 0600}},
                     {"fence-shell",
                      {render_fence_shell((root.path / "virsh").string(), "qemu:///system",
                                          {"h-abc123-n2"}, kRun),
                       0700}}});
  FenceSshdParams p;
  p.lab = "unit";
  p.run_id = kRun;
  p.listen_address = "127.0.0.1";
  p.port = free_loopback_port();
  p.files = f;
  p.use_pam = root_password_locked();
  write_tree(f.dir, {{f.config().filename().string(), {render_fence_sshd_config(p), 0600}}});
  std::int64_t pid = start_fence_sshd(sshd, f, d);
  std::vector<std::string> errors;
  struct Stop {
    fs::path config;
    std::int64_t pid;
    ~Stop() {
      std::vector<std::string> e;
      stop_fence_sshd(config, pid, e);
    }
  } stop{f.config(), pid};
  EXPECT_TRUE(is_fence_sshd(pid, f.config())) << process_cmdline(pid);
  EXPECT_FALSE(is_fence_sshd(pid, f.dir / "sshd-other.conf"));
  EXPECT_FALSE(tcp_port_bindable("127.0.0.1", p.port));
  auto found = find_fence_sshds(root.path);
  ASSERT_EQ(found.count(pid), 1u);
  EXPECT_EQ(found[pid], f.config());

  std::ofstream(root.path / "known_hosts")
      << "[127.0.0.1]:" << p.port << " " << host_pub.substr(0, host_pub.rfind(' ')) << "\n";
  // What fencing.py runs: ssh user@ip -i key -p port -t '/bin/bash -c "PS1=..."' (-tt here:
  // no local terminal under the test).
  auto r = run_process(
      {"ssh", "-v", "root@127.0.0.1", "-i", f.client_key().string(), "-p", std::to_string(p.port),
       "-o", "UserKnownHostsFile=" + (root.path / "known_hosts").string(), "-o",
       "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-tt",
       "/bin/bash -c \"PS1=\\[EXPECT\\]# /bin/bash --noprofile --norc\""},
      Deadline::after(*clock, 30), "virsh domstate h-abc123-n2\nvirsh start h-other\nquit\n");
  EXPECT_NE(r.out.find("[EXPECT]#"), std::string::npos) << r.out << r.err;
  EXPECT_NE(r.out.find("virsh-called -c qemu:///system domstate h-abc123-n2"), std::string::npos)
      << r.out << r.err;
  EXPECT_NE(r.out.find("error: not allowed on this fencing login: virsh start h-other"),
            std::string::npos) << r.out;
  // The client's default (sntrup761x25519) is refused: the cheaper curve25519 is what is agreed.
  EXPECT_NE(r.err.find("kex: algorithm: curve25519-sha256"), std::string::npos) << r.err;

  // A second sshd on the same address and port fails with sshd's own words.
  FenceFiles f2 = fence_files(root.path / "unit2", kRun);
  fs::create_directories(f2.dir);
  fs::copy_file(f.host_key(), f2.host_key());
  p.files = f2;
  write_tree(f2.dir, {{f2.config().filename().string(), {render_fence_sshd_config(p), 0600}}});
  try {
    start_fence_sshd(sshd, f2, Deadline::after(*clock, 20));
    ADD_FAILURE() << "second sshd started on a taken port";
  } catch (const LabError& e) {
    EXPECT_NE(std::string(e.what()).find("Address already in use"), std::string::npos) << e.what();
  }

  auto stopped = stop_fence_sshd(f.config(), pid, errors);
  EXPECT_EQ(stopped.size(), 1u);
  EXPECT_TRUE(errors.empty()) << errors.front();
  EXPECT_FALSE(is_fence_sshd(pid, f.config()));
  EXPECT_TRUE(find_fence_sshds(root.path).empty());
  EXPECT_TRUE(stop_fence_sshd(f.config(), pid, errors).empty());  // twice is fine
}

}  // namespace
}  // namespace harness::lab
