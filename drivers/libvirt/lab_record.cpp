// lab.json persistence, process identity and the host lock.
#include "drivers/libvirt/lab_record.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness::lab {

namespace fs = std::filesystem;

fs::path state_root() {
  const char* env = std::getenv("HARNESS_STATE_DIR");
  return env && *env ? fs::path(env) : fs::path("/var/lib/harness");
}
fs::path labs_root() { return state_root() / "labs"; }
fs::path lab_dir(const std::string& lab_name) { return labs_root() / lab_name; }

const RecordedNode* LabRecord::node(const std::string& name) const {
  for (const auto& n : nodes)
    if (n.name == name) return &n;
  return nullptr;
}

void to_json(nlohmann::json& j, const RecordedNode& n) {
  j = {{"name", n.name},           {"role", n.role}, {"domain", n.domain},
       {"addresses", n.addresses}, {"macs", n.macs}, {"console_log", n.console_log}};
  if (!n.image.empty()) j["image"] = n.image;
}

void from_json(const nlohmann::json& j, RecordedNode& n) {
  j.at("name").get_to(n.name);
  j.at("role").get_to(n.role);
  j.at("domain").get_to(n.domain);
  j.at("addresses").get_to(n.addresses);
  j.at("macs").get_to(n.macs);
  n.console_log = j.value("console_log", "");
  n.image = j.value("image", "");
}

void to_json(nlohmann::json& j, const LabRecord& r) {
  j = {{"version", r.version},     {"lab", r.lab},
       {"run_id", r.run_id},       {"tag", r.tag},
       {"uri", r.uri},             {"accel", r.accel},
       {"block", r.block},         {"dir", r.dir},
       {"owner", {{"pid", r.owner_pid}, {"start", r.owner_start}}},
       {"persistent", r.persistent}, {"state", r.state},
       {"image_dir", r.image_dir}, {"networks", r.networks},
       {"pool", r.pool},           {"pool_dir", r.pool_dir},
       {"bridges", r.bridges},     {"domains", r.domains},
       {"nodes", r.nodes},         {"ssh_key", r.ssh_key},
       {"known_hosts", r.known_hosts}, {"created_unix", r.created_unix}};
  if (!r.fence.address.empty() || !r.fence.config.empty()) {
    auto daemon = [](const FenceDaemonRecord& d) {
      return nlohmann::json{{"node", d.node}, {"config", d.config}, {"port", d.port},
                            {"pid", d.pid},   {"pid_start", d.pid_start}};
    };
    j["fence"] = {{"agent", r.fence.agent},   {"address", r.fence.address},
                  {"port", r.fence.port},     {"config", r.fence.config},
                  {"key", r.fence.key},       {"pid", r.fence.pid},
                  {"pid_start", r.fence.pid_start}};
    if (!r.fence.virtd.config.empty()) {
      j["fence"]["xvm_group"] = r.fence.xvm_group;
      j["fence"]["fence_virtd"] = daemon(r.fence.virtd);
    }
    if (!r.fence.bmcs.empty()) {
      j["fence"]["bmc_user"] = r.fence.bmc_user;
      auto bmcs = nlohmann::json::array();
      for (const auto& b : r.fence.bmcs) bmcs.push_back(daemon(b));
      j["fence"]["bmcs"] = bmcs;
    }
  }
}

void from_json(const nlohmann::json& j, LabRecord& r) {
  r.version = j.at("version").get<int>();
  j.at("lab").get_to(r.lab);
  j.at("run_id").get_to(r.run_id);
  j.at("tag").get_to(r.tag);
  j.at("uri").get_to(r.uri);
  r.accel = j.value("accel", "");
  r.block = j.value("block", -1);
  j.at("dir").get_to(r.dir);
  r.owner_pid = j.at("owner").at("pid").get<std::int64_t>();
  r.owner_start = j.at("owner").at("start").get<std::int64_t>();
  r.persistent = j.value("persistent", false);
  r.state = j.value("state", "creating");
  r.image_dir = j.value("image_dir", "");
  r.pool = j.value("pool", "");
  r.pool_dir = j.value("pool_dir", "");
  r.networks = j.value("networks", std::vector<std::string>{});
  r.bridges = j.value("bridges", std::vector<std::string>{});
  r.domains = j.value("domains", std::vector<std::string>{});
  r.nodes = j.value("nodes", std::vector<RecordedNode>{});
  r.ssh_key = j.value("ssh_key", "");
  r.known_hosts = j.value("known_hosts", "");
  r.created_unix = j.value("created_unix", std::int64_t{0});
  r.fence = FenceRecord{};
  if (auto f = j.find("fence"); f != j.end() && f->is_object()) {
    r.fence.address = f->value("address", "");
    r.fence.port = f->value("port", 0);
    r.fence.config = f->value("config", "");
    r.fence.key = f->value("key", "");
    r.fence.pid = f->value("pid", std::int64_t{0});
    r.fence.pid_start = f->value("pid_start", std::int64_t{0});
    r.fence.agent = f->value("agent", "fence_virsh");  // records from before the choice
    auto daemon = [](const nlohmann::json& d) {
      FenceDaemonRecord out;
      out.node = d.value("node", "");
      out.config = d.value("config", "");
      out.port = d.value("port", 0);
      out.pid = d.value("pid", std::int64_t{0});
      out.pid_start = d.value("pid_start", std::int64_t{0});
      return out;
    };
    r.fence.xvm_group = f->value("xvm_group", "");
    if (auto v = f->find("fence_virtd"); v != f->end() && v->is_object()) r.fence.virtd = daemon(*v);
    r.fence.bmc_user = f->value("bmc_user", "");
    if (auto b = f->find("bmcs"); b != f->end() && b->is_array())
      for (const auto& d : *b) r.fence.bmcs.push_back(daemon(d));
  }
}

void save_record(const LabRecord& r, const fs::path& dir) {
  fs::path tmp = dir / "lab.json.tmp";
  std::string text = nlohmann::json(r).dump(2) + "\n";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw LabError(fmt::format("cannot write {}: {}", tmp.string(), std::strerror(errno)));
  std::size_t off = 0;
  while (off < text.size()) {
    ssize_t n = ::write(fd, text.data() + off, text.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int e = errno;
      ::close(fd);
      throw LabError(fmt::format("cannot write {}: {}", tmp.string(), std::strerror(e)));
    }
    off += static_cast<std::size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  std::error_code ec;
  fs::rename(tmp, dir / "lab.json", ec);
  if (ec) throw LabError(fmt::format("cannot write {}/lab.json: {}", dir.string(), ec.message()));
}

std::optional<LabRecord> load_record(const fs::path& dir) {
  fs::path file = dir / "lab.json";
  std::ifstream in(file);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    return nlohmann::json::parse(ss.str()).get<LabRecord>();
  } catch (const std::exception& e) {
    throw LabError(fmt::format("{}: malformed lab record: {}", file.string(), e.what()));
  }
}

std::vector<std::string> proc_stat_fields(std::int64_t pid) {
  std::vector<std::string> out;
  if (pid <= 0) return out;
  std::ifstream in(fmt::format("/proc/{}/stat", pid));
  std::string s;
  if (!std::getline(in, s)) return out;
  // The command name (field 2) may hold spaces and ')': fields after the last ')' are safe.
  auto close = s.rfind(')');
  if (close == std::string::npos || close + 2 > s.size()) return out;
  std::istringstream rest(s.substr(close + 2));
  for (std::string f; rest >> f;) out.push_back(f);
  return out;
}

std::int64_t process_start_time(std::int64_t pid) {
  auto f = proc_stat_fields(pid);
  // f[0] is field 3 (state); starttime is field 22.
  return f.size() > 19 ? std::strtoll(f[19].c_str(), nullptr, 10) : 0;
}

bool process_alive(std::int64_t pid, std::int64_t start_time) {
  if (pid <= 0) return false;
  std::int64_t now = process_start_time(pid);
  return now != 0 && (start_time == 0 || now == start_time);
}

HostLock::HostLock() {
  std::error_code ec;
  fs::create_directories(labs_root(), ec);
  fs::path p = labs_root() / ".lock";
  fd_ = ::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw LabError(fmt::format("cannot open {}: {}", p.string(), std::strerror(errno)));
  while (::flock(fd_, LOCK_EX) < 0 && errno == EINTR) {
  }
}

HostLock::~HostLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace harness::lab
