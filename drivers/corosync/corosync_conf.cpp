// Renders corosync.conf. Each line holds one setting or one brace, which is what corosync's
// parser wants and what the unit test checks.
#include "drivers/corosync/corosync_conf.hpp"

#include <fmt/format.h>

#include "harness/scenario/option_io.hpp"

namespace harness {
namespace {

class ConfWriter {
 public:
  void open(const std::string& section) { line(section + " {"); ++depth_; }
  void close() { --depth_; line("}"); }
  void set(const std::string& key, const std::string& value) { line(key + ": " + value); }
  void set(const std::string& key, int value) { set(key, std::to_string(value)); }
  void blank() { out_ += '\n'; }
  std::string str() const { return out_; }

 private:
  void line(const std::string& s) { out_ += std::string(4 * depth_, ' ') + s + '\n'; }
  std::string out_;
  int depth_ = 0;
};

}  // namespace

std::string render_corosync_conf(const DeployTopology& topo, const CorosyncOptions& tun) {
  check_topology(topo);
  require_options(corosync_option_table(), tun, "/tunables/corosync");
  const int token = tun.token_ms;
  ConfWriter w;
  w.open("totem");
  w.set("version", 2);
  w.set("cluster_name", topo.cluster_name);
  w.set("transport", "knet");
  // Total time without a token before a node is declared lost; consensus defaults to 1.2x.
  w.set("token", token);
  // The lab networks are private to one run; no key to distribute.
  w.set("crypto_cipher", "none");
  w.set("crypto_hash", "none");
  // Two knet links; passive mode uses the lowest-numbered link that is up.
  w.set("link_mode", "passive");
  for (int link : {0, 1}) {
    w.open("interface");
    w.set("linknumber", link);
    w.close();
  }
  w.close();
  w.blank();
  w.open("nodelist");
  for (const auto& n : topo.targets) {
    w.open("node");
    w.set("name", n.name);
    w.set("nodeid", n.nodeid);
    w.set("ring0_addr", n.ring0);
    w.set("ring1_addr", n.ring1);
    w.close();
  }
  w.close();
  w.blank();
  w.open("quorum");
  w.set("provider", "corosync_votequorum");
  // two_node keeps the survivor quorate when its peer goes; wait_for_all makes a node that boots
  // alone wait for its peer once, so it does not start resources on a stale view.
  w.set("two_node", 1);
  w.set("wait_for_all", 1);
  w.close();
  w.blank();
  w.open("logging");
  w.set("to_logfile", "no");
  w.set("to_syslog", "yes");
  w.set("to_stderr", "yes");
  w.set("timestamp", "on");
  w.close();
  return w.str();
}

}  // namespace harness
