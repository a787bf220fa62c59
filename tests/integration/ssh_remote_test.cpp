// SshRemote against a REAL sshd started for the test on 127.0.0.1 (a free port, a temporary
// config, host and client keys made by ssh-keygen, StrictModes on). Everything started here is
// stopped by RAII guards, by process id, even when an assertion fails.
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "drivers/remote/clock_offset.hpp"
#include "drivers/remote/process.hpp"
#include "drivers/remote/ssh_remote.hpp"
#include "harness/core/errors.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;
using Strings = std::vector<std::string>;

// --- process bookkeeping, all by pid ------------------------------------------------------

std::string read_all(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), {});
}

struct ProcInfo {
  pid_t pid;
  pid_t ppid;
  std::string cmdline;  // NULs replaced by spaces
};

std::vector<ProcInfo> all_processes() {
  std::vector<ProcInfo> out;
  DIR* d = opendir("/proc");
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    std::string base = std::string("/proc/") + e->d_name;
    std::string stat = read_all(base + "/stat");
    auto rp = stat.rfind(')');
    if (rp == std::string::npos) continue;
    pid_t ppid = 0;
    char state = 0;
    if (std::sscanf(stat.c_str() + rp + 1, " %c %d", &state, &ppid) != 2) continue;
    std::string cmd = read_all(base + "/cmdline");
    for (char& c : cmd)
      if (c == '\0') c = ' ';
    out.push_back({std::atoi(e->d_name), ppid, cmd});
  }
  closedir(d);
  return out;
}

std::vector<pid_t> descendants_of(pid_t root) {
  std::vector<pid_t> found{root};
  auto procs = all_processes();
  for (std::size_t i = 0; i < found.size(); ++i)
    for (const auto& p : procs)
      if (p.ppid == found[i]) found.push_back(p.pid);
  found.erase(found.begin());
  return found;
}

std::vector<pid_t> pids_whose_cmdline_has(const std::string& needle) {
  std::vector<pid_t> out;
  for (const auto& p : all_processes())
    if (p.pid != getpid() && p.cmdline.find(needle) != std::string::npos) out.push_back(p.pid);
  return out;
}

bool gone_soon(const std::string& needle) {
  for (int i = 0; i < 200; ++i) {
    if (pids_whose_cmdline_has(needle).empty()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

int free_port() {
  int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  close(s);
  return ntohs(a.sin_port);
}

bool port_answers(int port) {
  int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  close(s);
  return ok;
}

// --- guards -------------------------------------------------------------------------------

// A private directory under /run: sshd's StrictModes refuses key files below a world-writable
// directory such as /tmp. Removed on destruction, after every process using it is gone.
struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/run/harness-sshd-XXXXXX";
    if (mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
    path = tmpl;
  }
  ~TempDir() {
    // ssh control masters are daemons (reparented to init): find them by the socket path.
    for (pid_t p : pids_whose_cmdline_has(path.string())) kill(p, SIGKILL);
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void write_file(const fs::path& p, const std::string& content, fs::perms mode) {
  std::ofstream(p, std::ios::binary) << content;
  fs::permissions(p, mode);
}

// sshd -D -e as our child; on destruction its per-connection children (which outlive the
// listener) and then the listener itself are killed by pid.
struct Sshd {
  std::unique_ptr<Stream> proc;
  pid_t pid = -1;
  ~Sshd() {
    if (pid > 0)
      for (pid_t p : descendants_of(pid)) kill(p, SIGKILL);
    if (proc) proc->stop();
  }
  std::string log() const {
    auto* ps = dynamic_cast<ProcessStream*>(proc.get());
    return ps ? ps->stderr_tail() : "";
  }
};

// --- fixture ------------------------------------------------------------------------------

class SshRemoteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (sshd, root login)";
    if (!program_exists("/usr/sbin/sshd") || !program_exists("ssh-keygen") || !program_exists("ssh"))
      GTEST_SKIP() << "openssh-server/openssh-client not installed";
    // sshd's privilege separation directory; a standard system directory, left in place.
    fs::create_directories("/run/sshd");
    fs::permissions("/run/sshd", fs::perms(0755));

    keygen(dir.path / "host_ed25519");
    keygen(dir.path / "id_ed25519");
    keygen(dir.path / "other_host_ed25519");
    write_file(dir.path / "authorized_keys", read_all(dir.path / "id_ed25519.pub"),
               fs::perms(0600));
    port = free_port();
    write_file(dir.path / "known_hosts", known_hosts_line(dir.path / "host_ed25519.pub"),
               fs::perms(0600));
    write_file(dir.path / "wrong_known_hosts",
               known_hosts_line(dir.path / "other_host_ed25519.pub"), fs::perms(0600));
    write_file(dir.path / "sshd_config",
               "Port " + std::to_string(port) + "\n"
               "ListenAddress 127.0.0.1\n"
               "HostKey " + (dir.path / "host_ed25519").string() + "\n"
               "PidFile " + (dir.path / "sshd.pid").string() + "\n"
               "AuthorizedKeysFile " + (dir.path / "authorized_keys").string() + "\n"
               "PermitRootLogin prohibit-password\n"
               "PubkeyAuthentication yes\n"
               "PasswordAuthentication no\n"
               "KbdInteractiveAuthentication no\n"
               "UsePAM no\n"
               "StrictModes yes\n"
               "MaxSessions 64\n"
               // This host's root ~/.bashrc (pyenv) costs ~225 ms, and Debian's bash reads it
               // for ssh commands unless SHLVL says it is nested; see docs/REMOTE.md.
               "AcceptEnv SHLVL\n"
               "LogLevel INFO\n",
               fs::perms(0600));
    sshd.proc = stream_process({"/usr/sbin/sshd", "-D", "-e", "-f", (dir.path / "sshd_config").string()},
                               [](std::int64_t, std::string_view) {}, *clock);
    for (int i = 0; i < 500 && !port_answers(port); ++i) {
      ASSERT_TRUE(sshd.proc->running()) << "sshd exited: " << sshd.log();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_TRUE(port_answers(port)) << "sshd did not listen: " << sshd.log();
    sshd.pid = std::atoi(read_all(dir.path / "sshd.pid").c_str());
  }

  void keygen(const fs::path& key) {
    auto r = run_process({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "harness-test", "-f",
                          key.string()},
                         Deadline::after(*clock, 30));
    ASSERT_EQ(r.exit_status, 0) << r.err;
  }

  std::string known_hosts_line(const fs::path& pub) const {
    std::string key = read_all(pub);
    key = key.substr(0, key.find(" harness-test"));  // "ssh-ed25519 AAAA..."
    return "[127.0.0.1]:" + std::to_string(port) + " " + key + "\n";
  }

  SshConfig config(std::string node = "n1") const {
    SshConfig c;
    c.node = std::move(node);
    c.host = "127.0.0.1";
    c.port = port;
    c.identity_file = dir.path / "id_ed25519";
    c.known_hosts_file = dir.path / "known_hosts";
    c.control_dir = dir.path / "cm";
    c.connect_timeout_s = 5;
    c.control_persist_s = 60;
    c.extra_options = {"SetEnv=SHLVL=1"};
    return c;
  }

  Deadline in(double s) const { return Deadline::after(*clock, s); }

  std::unique_ptr<Clock> clock = make_system_clock();
  TempDir dir;    // destroyed last: after sshd and every SshRemote
  Sshd sshd;
  int port = 0;
};

Strings split_nul(const std::string& s) {
  Strings out;
  std::size_t start = 0;
  for (std::size_t z; (z = s.find('\0', start)) != std::string::npos; start = z + 1)
    out.push_back(s.substr(start, z - start));
  return out;
}

// --- tests --------------------------------------------------------------------------------

TEST_F(SshRemoteTest, ArgvWithNastyQuotingArrivesIntact) {
  SshRemote n1(config(), *clock);
  Strings words = {"", " ", "it's", "'\\''", "\"q\"", "$HOME", "$(touch /tmp/harness-pwned)",
                   "`id`", "*", "~", "a=b", "#x", "a;b|c&d", "line\nbreak", "tab\t", "\\",
                   "\xc3\xa9t\xc3\xa9 \xe2\x82\xac", "\xff\xfe", "-n", "--"};
  Strings argv = {"printf", "%s\\0"};
  argv.insert(argv.end(), words.begin(), words.end());
  auto r = n1.run(argv, in(20));
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(split_nul(r.out), words);
  EXPECT_EQ(r.err, "");  // the pgid marker never reaches the caller
  EXPECT_NE(access("/tmp/harness-pwned", F_OK), 0);
}

TEST_F(SshRemoteTest, ExitStatusAndStderrTailPropagate) {
  SshRemote n1(config(), *clock);
  Strings argv = {"sh", "-c", "echo out; echo first >&2; echo oops >&2; exit 7"};
  auto r = n1.run(argv, in(20));
  EXPECT_EQ(r.exit_status, 7);
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "first\noops\n");
  EXPECT_LE(r.start_ns, r.end_ns);
  std::string msg = describe_failure(n1.node(), argv, r);
  EXPECT_NE(msg.find("n1: `sh -c"), std::string::npos) << msg;
  EXPECT_NE(msg.find("exit 7: first\noops"), std::string::npos) << msg;
  try {
    n1.check(argv, in(20));
    FAIL() << "check() accepted exit 7";
  } catch (const LabError& e) {
    EXPECT_NE(std::string(e.what()).find("oops"), std::string::npos);
  }
}

TEST_F(SshRemoteTest, CommandExiting255IsAResultNotAConnectionFailure) {
  SshRemote n1(config(), *clock);
  auto r = n1.run({"sh", "-c", "echo bye >&2; exit 255"}, in(20));
  EXPECT_EQ(r.exit_status, 255);
  EXPECT_EQ(r.err, "bye\n");
  // A signal is 128+N from the remote shell, not ssh's 255.
  EXPECT_EQ(n1.run({"sh", "-c", "kill -KILL $$"}, in(20)).exit_status, 137);
  EXPECT_EQ(n1.run({"harness-no-such-command"}, in(20)).exit_status, 127);
}

TEST_F(SshRemoteTest, StdinReachesTheRemoteCommand) {
  SshRemote n1(config(), *clock);
  std::string big(5u << 20, 'z');
  auto r = n1.run({"wc", "-c"}, in(30), big);
  EXPECT_EQ(r.out, "5242880\n");
}

TEST_F(SshRemoteTest, PutAndGetFileRoundTripBinaryContent) {
  SshRemote n1(config(), *clock);
  std::string content;
  for (int rep = 0; rep < 4096; ++rep)
    for (int b = 0; b < 256; ++b) content += static_cast<char>(b);  // 1 MiB, every byte value
  fs::path path = dir.path / "we'ird $name `x`";
  n1.put_file(content, path.string(), 0640, in(30));
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  EXPECT_TRUE(read_all(path) == content);
  EXPECT_TRUE(n1.get_file(path.string(), in(30)) == content);
  // Overwrite with empty content: atomic replace, new mode, no temporary left behind.
  n1.put_file("", path.string(), 0600, in(30));
  EXPECT_EQ(n1.get_file(path.string(), in(30)), "");
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  for (const auto& e : fs::directory_iterator(dir.path))
    EXPECT_EQ(e.path().filename().string().find("harness-tmp"), std::string::npos) << e.path();
}

TEST_F(SshRemoteTest, PutFilesWritesEveryFileWithItsModeAndDirectoriesInOneCommand) {
  SshRemote n1(config(), *clock);
  std::string binary;
  for (int rep = 0; rep < 64; ++rep)
    for (int b = 0; b < 256; ++b) binary += static_cast<char>(b);  // newlines and NULs inside
  const fs::path a = dir.path / "new dir" / "sub" / "we'ird $a";
  const fs::path b = dir.path / "new dir" / "empty";
  const fs::path c = dir.path / "plain";
  std::ofstream(c) << "old content, longer than the new";
  n1.put_files({{a.string(), binary, 0640}, {b.string(), "", 0600}, {c.string(), "new\n", 0755}},
               in(30));
  EXPECT_TRUE(read_all(a) == binary);
  EXPECT_EQ(read_all(b), "");
  EXPECT_EQ(read_all(c), "new\n");
  struct stat st {};
  for (const auto& [p, mode] : std::vector<std::pair<fs::path, unsigned>>{
           {a, 0640u}, {b, 0600u}, {c, 0755u}, {a.parent_path(), 0755u}}) {
    ASSERT_EQ(stat(p.c_str(), &st), 0) << p;
    EXPECT_EQ(st.st_mode & 07777, mode) << p;
  }
  for (const auto& e : fs::recursive_directory_iterator(dir.path))
    EXPECT_EQ(e.path().filename().string().find("harness-tmp"), std::string::npos) << e.path();
  // A file that cannot be written stops there, naming it; the ones before it are in place.
  const fs::path d = dir.path / "plain" / "under-a-file";
  try {
    n1.put_files({{(dir.path / "first").string(), "1", 0644}, {d.string(), "x", 0644},
                  {(dir.path / "never").string(), "3", 0644}},
                 in(30));
    FAIL() << "wrote under a regular file";
  } catch (const LabError& e) {
    EXPECT_NE(std::string(e.what()).find("n1: "), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(d.string()), std::string::npos) << e.what();
  }
  EXPECT_EQ(read_all(dir.path / "first"), "1");
  EXPECT_FALSE(fs::exists(dir.path / "never"));
  EXPECT_THROW(n1.put_files({{(dir.path / "bad\nname").string(), "", 0644}}, in(10)), LabError);
  EXPECT_THROW(n1.put_files({{"relative/name", "", 0644}}, in(10)), LabError);
}

TEST_F(SshRemoteTest, FileErrorsNameTheNodeAndTheReason) {
  SshRemote n1(config(), *clock);
  try {
    n1.get_file((dir.path / "missing").string(), in(20));
    FAIL();
  } catch (const LabError& e) {
    EXPECT_NE(std::string(e.what()).find("n1: "), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("No such file"), std::string::npos) << e.what();
  }
  EXPECT_THROW(n1.put_file("x", (dir.path / "no-dir" / "f").string(), 0644, in(20)), LabError);
}

TEST_F(SshRemoteTest, StreamDeliversLinesAndStopKillsTheRemoteCommand) {
  SshRemote n1(config(), *clock);
  std::mutex mu;
  Strings lines;
  auto s = n1.stream({"sh", "-c", "for i in 1 2 3; do echo line$i; sleep 0.05; done; exec sleep 30.0611"},
                     [&](std::int64_t, std::string_view l) {
                       std::lock_guard lock(mu);
                       lines.emplace_back(l);
                     });
  for (int i = 0; i < 500; ++i) {
    {
      std::lock_guard lock(mu);
      if (lines.size() == 3) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  {
    std::lock_guard lock(mu);
    EXPECT_EQ(lines, (Strings{"line1", "line2", "line3"}));
  }
  ASSERT_TRUE(s->running());
  s->stop();
  EXPECT_FALSE(s->running());
  // The remote sleep (a child of the test's sshd) is gone, not just the local ssh client.
  EXPECT_TRUE(gone_soon("sleep 30.0611"));
}

TEST_F(SshRemoteTest, DeadlineKillsTheLocalClientAndTheRemoteCommand) {
  SshRemote n1(config(), *clock);
  n1.wait_ready(in(20));
  auto t0 = std::chrono::steady_clock::now();
  try {
    n1.run({"sleep", "30.0613"}, in(0.5));
    FAIL() << "no TimeoutError";
  } catch (const TimeoutError& e) {
    EXPECT_NE(std::string(e.what()).find("n1 (127.0.0.1): `sleep 30.0613`: deadline of 0.5s passed"),
              std::string::npos)
        << e.what();
  }
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_GE(elapsed, 0.5);
  EXPECT_LT(elapsed, 0.5 + 1.5);  // includes the remote kill round trip
  EXPECT_TRUE(gone_soon("sleep 30.0613"));
  EXPECT_EQ(n1.run({"true"}, in(20)).exit_status, 0);  // the master survived the kill
}

TEST_F(SshRemoteTest, CallsAreChannelsOnOneConnection) {
  SshRemote n1(config(), *clock);
  n1.wait_ready(in(20));
  EXPECT_TRUE(n1.master_alive(in(10)));
  for (int i = 0; i < 10; ++i) ASSERT_EQ(n1.run({"true"}, in(20)).exit_status, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let sshd's log catch up
  std::string log = sshd.log();
  std::size_t accepted = 0;
  for (std::size_t p = 0; (p = log.find("Accepted publickey", p)) != std::string::npos; ++p) ++accepted;
  EXPECT_EQ(accepted, 1u) << log;
  n1.close();
  EXPECT_FALSE(n1.master_alive(in(10)));
  EXPECT_EQ(n1.run({"true"}, in(20)).exit_status, 0);  // reopens
  EXPECT_TRUE(n1.master_alive(in(10)));
}

TEST_F(SshRemoteTest, ConnectionLostUnderACommandIsALabError) {
  SshRemote n1(config(), *clock);
  n1.wait_ready(in(20));
  // The node "dies" mid-command: every sshd process serving connections is killed (the
  // listener stays), which closes the TCP connection under the running command.
  std::thread killer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    for (pid_t p : descendants_of(sshd.pid)) kill(p, SIGKILL);
  });
  auto t0 = std::chrono::steady_clock::now();
  try {
    auto r = n1.run({"sleep", "30.0617"}, in(20));
    ADD_FAILURE() << "a lost connection passed as exit " << r.exit_status;
  } catch (const TimeoutError& e) {
    ADD_FAILURE() << e.what();
  } catch (const LabError& e) {
    EXPECT_NE(std::string(e.what()).find("n1 (127.0.0.1): connection lost over ssh"),
              std::string::npos)
        << e.what();
  }
  killer.join();
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 5.0);
  EXPECT_TRUE(gone_soon("sleep 30.0617"));
}

TEST_F(SshRemoteTest, ClosedPortIsUnreachableNotACommandFailure) {
  SshConfig c = config("n9");
  c.port = free_port();  // nobody listens there
  SshRemote n9(c, *clock);
  try {
    auto r = n9.run({"true"}, in(20));
    FAIL() << "got a result: exit " << r.exit_status;
  } catch (const TimeoutError& e) {
    FAIL() << e.what();
  } catch (const LabError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("n9 (127.0.0.1): unreachable over ssh: "), std::string::npos) << msg;
    EXPECT_NE(msg.find("Connection refused"), std::string::npos) << msg;
  }
  auto t0 = std::chrono::steady_clock::now();
  try {
    n9.wait_ready(in(1.5));
    FAIL();
  } catch (const TimeoutError& e) {
    EXPECT_NE(std::string(e.what()).find("Connection refused"), std::string::npos) << e.what();
  }
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_GE(elapsed, 1.5);
  EXPECT_LT(elapsed, 3.0);
}

TEST_F(SshRemoteTest, HostKeyMismatchIsRefusedUnderStrictChecking) {
  SshConfig c = config();
  c.known_hosts_file = dir.path / "wrong_known_hosts";
  SshRemote n1(c, *clock);
  try {
    n1.run({"touch", (dir.path / "must-not-exist").string()}, in(20));
    FAIL();
  } catch (const LabError& e) {
    EXPECT_NE(std::string(e.what()).find("Host key verification failed"), std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(fs::exists(dir.path / "must-not-exist"));
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_THROW(
      {
        try {
          n1.wait_ready(in(20));
        } catch (const TimeoutError&) {
          ADD_FAILURE() << "wait_ready retried a host key mismatch until the deadline";
        }
      },
      LabError);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 5.0);
  // The known_hosts file was not touched.
  EXPECT_EQ(read_all(dir.path / "wrong_known_hosts"),
            known_hosts_line(dir.path / "other_host_ed25519.pub"));
}

TEST_F(SshRemoteTest, AnyHostKeyOnlyWhenExplicitlyAsked) {
  SshConfig c = config();
  c.known_hosts_file.clear();
  EXPECT_THROW(SshRemote(c, *clock).node(), LabError);
  c.insecure_accept_any_host_key = true;
  SshRemote n1(c, *clock);
  EXPECT_EQ(n1.run({"true"}, in(20)).exit_status, 0);
}

TEST_F(SshRemoteTest, OverlongControlPathIsRefusedUpFront) {
  SshConfig c = config();
  c.control_dir = "/tmp/" + std::string(80, 'x');
  EXPECT_THROW(SshRemote(c, *clock).node(), LabError);
}

TEST_F(SshRemoteTest, ClockOffsetOverSshIsNearZeroOnTheSameHost) {
  SshRemote n1(config(), *clock);
  n1.wait_ready(in(20));
  auto off = estimate_clock_offset(n1, in(60), 25);
  EXPECT_EQ(off.samples, 25);
  EXPECT_EQ(off.method, "dialogue") << "one channel answering lines, not 25 execs";
  EXPECT_GT(off.bound_ns, 0);
  EXPECT_LT(off.bound_ns, 50 * kNsPerMs);
  // Same kernel clock on both ends: the true offset is 0, so the estimate lies within the bound.
  EXPECT_LE(std::llabs(off.offset_ns), off.bound_ns);
  std::printf("ssh clock offset: offset %lld ns, bound %lld ns, best rtt %lld ns\n",
              static_cast<long long>(off.offset_ns), static_cast<long long>(off.bound_ns),
              static_cast<long long>(off.rtt_ns));
}

TEST_F(SshRemoteTest, PerCallLatencyOverTheMaster) {
  SshRemote n1(config(), *clock);
  auto t_first = std::chrono::steady_clock::now();
  n1.run({"true"}, in(20));  // opens the master
  double first = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_first).count();
  constexpr int kCalls = 50;
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < kCalls; ++i) ASSERT_EQ(n1.run({"true"}, in(20)).exit_status, 0);
  double per_call = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / kCalls;
  std::printf("ssh first call (connect + auth): %.1f ms; later calls over the master: %.2f ms each\n",
              first * 1e3, per_call * 1e3);
  EXPECT_LT(per_call, first);  // a channel is cheaper than a connection
}

}  // namespace
}  // namespace harness
