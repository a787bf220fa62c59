// open-iscsi: iscsid.conf carries the timeout tunables, the initiator name matches the targets'
// ACL, and the iscsiadm lists discover, update and log in on all four portals.
#include "drivers/iscsi/iscsi_conf.hpp"

#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "harness/core/errors.hpp"
#include "harness/scenario/scenario.hpp"
#include "tests/unit/deploy_fixture.hpp"

namespace harness {
namespace {

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

TEST(IscsiConf, IscsidConfCarriesTheTunables) {
  std::string conf = render_iscsid_conf(IscsiOptions{});
  EXPECT_TRUE(has_line(conf, "node.startup = manual"));
  EXPECT_TRUE(has_line(conf, "node.session.timeo.replacement_timeout = 5"));
  EXPECT_TRUE(has_line(conf, "node.conn[0].timeo.noop_out_interval = 2"));
  EXPECT_TRUE(has_line(conf, "node.conn[0].timeo.noop_out_timeout = 2"));

  Tunables t;
  t.iscsi.replacement_timeout_s = 120;
  t.iscsi.noop_out_interval_s = 5;
  t.iscsi.noop_out_timeout_s = 10;
  conf = render_iscsid_conf(t.iscsi);
  EXPECT_TRUE(has_line(conf, "node.session.timeo.replacement_timeout = 120"));
  EXPECT_TRUE(has_line(conf, "node.conn[0].timeo.noop_out_interval = 5"));
  EXPECT_TRUE(has_line(conf, "node.conn[0].timeo.noop_out_timeout = 10"));
  EXPECT_FALSE(has_line(conf, "node.session.timeo.replacement_timeout = 5"));

  t.iscsi.replacement_timeout_s = 1.5;
  EXPECT_THROW(render_iscsid_conf(t.iscsi), ScenarioError);
}

TEST(IscsiConf, InitiatorNameIsTheAclName) {
  auto topo = deploy_fixture::lab_topology();
  EXPECT_EQ(render_initiator_name(topo),
            "InitiatorName=iqn.2003-01.org.example.harness:initiator\n");
  auto files = iscsi_files(topo, IscsiOptions{});
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].path, "/etc/iscsi/iscsid.conf");
  EXPECT_EQ(files[1].path, "/etc/iscsi/initiatorname.iscsi");
}

TEST(IscsiConf, FourPortalsOneTargetPerNode) {
  auto p = iscsi_portals(deploy_fixture::lab_topology());
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p[0].address, "10.213.3.11:3260");
  EXPECT_EQ(p[1].address, "10.213.4.11:3260");
  EXPECT_EQ(p[2].address, "10.213.3.12:3260");
  EXPECT_EQ(p[3].iqn, "iqn.2003-01.org.example.harness:n2");
}

TEST(IscsiConf, LoginListDiscoversEveryPortalThenUpdatesAndLogsInPerTarget) {
  Tunables t;
  t.iscsi.replacement_timeout_s = 9;
  auto c = iscsi_login_commands(deploy_fixture::lab_topology(), t.iscsi);
  int discoveries = 0, logins = 0, last_update = -1, first_login = -1;
  for (int i = 0; i < static_cast<int>(c.size()); ++i) {
    const Argv& a = c[i].argv;
    if (std::find(a.begin(), a.end(), "discovery") != a.end()) ++discoveries;
    if (std::find(a.begin(), a.end(), "update") != a.end()) last_update = i;
    if (a.back() == "--login") {
      ++logins;
      if (first_login < 0) first_login = i;
    }
  }
  EXPECT_EQ(discoveries, 4);
  EXPECT_EQ(logins, 2);  // one per target: iscsiadm logs in to all of its portals
  for (const auto& p : c)
    if (p.argv.back() == "--login") {
      EXPECT_EQ(std::find(p.argv.begin(), p.argv.end(), "--portal"), p.argv.end());
    }
  EXPECT_LT(last_update, first_login);
  EXPECT_EQ(c[0].argv, (Argv{"systemctl", "restart", "iscsid.service"}));
  const Argv update{"iscsiadm", "--mode", "node", "--targetname",
                    "iqn.2003-01.org.example.harness:n2",
                    "--op", "update", "--name", "node.session.timeo.replacement_timeout",
                    "--value", "9"};
  EXPECT_TRUE(std::any_of(c.begin(), c.end(), [&](const PlannedCommand& p) {
    return p.argv == update;
  }));
  // Every element but the fixed open-iscsi setting names ("node.conn[0]...") is plain.
  std::set<std::string> names;
  for (const auto& [name, value] : iscsi_node_settings(t.iscsi)) names.insert(name);
  for (const auto& p : c)
    for (const auto& a : p.argv)
      if (!names.count(a)) {
        EXPECT_FALSE(has_shell_metachar(a)) << a;
      }
}

TEST(IscsiConf, LogoutListMayFail) {
  auto c = iscsi_logout_commands(deploy_fixture::lab_topology());
  ASSERT_EQ(c.size(), 8u);
  for (const auto& p : c) EXPECT_TRUE(p.may_fail);
  EXPECT_EQ(c[0].argv.back(), "--logout");
}

}  // namespace
}  // namespace harness
