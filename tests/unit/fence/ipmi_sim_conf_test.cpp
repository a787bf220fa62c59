// A simulated BMC's lan.conf: its address and port, the run's one admin user (no anonymous
// user, no "none"/"straight" authentication), and chassis control through the lab's script.
// The real ipmi_sim reading it is tested with the daemon (tests/unit/libvirt/fence_daemons_test).
#include "drivers/fence/ipmi_sim_conf.hpp"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "harness/core/errors.hpp"

namespace harness {
namespace {

BmcParams params() {
  BmcParams p;
  p.lab = "fx";
  p.run_id = "fx-20261207T150000-abc123";
  p.node = "n1";
  p.address = "10.213.24.1";
  p.port = bmc_port_of(3, 1);
  p.user = "harness";
  p.password = "Zq3xVb7Kp1Lm9Rt2";
  p.chassis_script = "/var/lib/harness/labs/fx/fence/bmc-chassis";
  p.uri = "qemu:///system";
  p.domain = "h-abc123-n1";
  return p;
}

std::set<std::string> lines(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) {
    auto b = l.find_first_not_of(' ');
    if (b != std::string::npos && l[b] != '#') out.insert(l.substr(b));
  }
  return out;
}

TEST(IpmiSimConf, OneBmcOnTheMgmtAddressWithTheRunsAdminOnly) {
  const auto c = lines(render_bmc_lan_conf(params()));
  EXPECT_TRUE(c.count("name \"bmc-fx-20261207T150000-abc123-n1\""));
  EXPECT_TRUE(c.count("addr 10.213.24.1 16255"));
  EXPECT_TRUE(c.count("user 2 true \"harness\" \"Zq3xVb7Kp1Lm9Rt2\" admin 4 md5"));
  EXPECT_TRUE(c.count("allowed_auths_admin md5"));
  EXPECT_TRUE(c.count("chassis_control \"/var/lib/harness/labs/fx/fence/bmc-chassis qemu:///system "
                      "h-abc123-n1\""));
  for (const auto& l : c) {
    EXPECT_NE(l.rfind("user 1 ", 0), 0u) << "no anonymous user: " << l;
    EXPECT_EQ(l.find("none"), std::string::npos) << l;
    EXPECT_EQ(l.find("straight"), std::string::npos) << l;
    EXPECT_NE(l.rfind("console", 0), 0u) << "no emulator console: " << l;
  }
}

TEST(IpmiSimConf, PortsDifferPerNodeAndPerRun) {
  std::set<int> ports;
  for (int block = 0; block < 32; ++block)
    for (int node = 1; node <= 2; ++node) ports.insert(bmc_port_of(block, node));
  EXPECT_EQ(ports.size(), 64u);
  EXPECT_GT(*ports.begin(), 1024);
  EXPECT_LT(*ports.rbegin(), 32768) << "below the ephemeral range";
}

TEST(IpmiSimConf, RefusesWhatLanConfOrItsShellCannotTake) {
  auto bad = [](auto change) {
    BmcParams p = params();
    change(p);
    EXPECT_THROW(render_bmc_lan_conf(p), LabError);
  };
  bad([](BmcParams& p) { p.domain = "h-abc;reboot"; });           // popen runs chassis_control
  bad([](BmcParams& p) { p.uri = "qemu:///system?socket=$(id)"; });
  bad([](BmcParams& p) { p.chassis_script = "/var/lib/my labs/bmc-chassis"; });
  bad([](BmcParams& p) { p.password = "0123456789abcdefX"; });      // 17: over IPMI's 16
  bad([](BmcParams& p) { p.password = "pass\"word"; });
  bad([](BmcParams& p) { p.user = ""; });
  bad([](BmcParams& p) { p.address = "bmc.example"; });
  bad([](BmcParams& p) { p.port = 70000; });
}

TEST(IpmiSimConf, TheEmulatorHasAChassisDevice) {
  const auto e = lines(render_bmc_emu());
  EXPECT_TRUE(e.count("mc_setbmc 0x20"));
  EXPECT_TRUE(e.count("mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02"));
  EXPECT_TRUE(e.count("mc_enable 0x20"));
}

}  // namespace
}  // namespace harness
