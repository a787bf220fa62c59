// `iscsiadm -m session -P 3` as recorded on the deployed initiator (four sessions) and on the
// bare one (no session: exit 21, nothing on stdout), a second session to the same portal in
// the layout session_info.c prints for it, and broken text.
#include "drivers/iscsi/iscsi_sessions.hpp"

#include <gtest/gtest.h>

#include "harness/core/errors.hpp"
#include "tests/unit/recording.hpp"

namespace harness {
namespace {

using test::recording;

TEST(IscsiSessionsStatus, Argv) {
  EXPECT_EQ(iscsi_session_argv(), (Argv{"iscsiadm", "-m", "session", "-P", "3"}));
}

TEST(IscsiSessionsStatus, FourLoggedInSessionsWithTheirDisks) {
  auto s = parse_iscsi_sessions(recording("deployed/iscsiadm_session_P3.initiator.txt"));
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].target, "iqn.2003-01.org.example.harness:n1");  // "(non-flash)" dropped
  EXPECT_EQ(s[0].portal, "10.213.3.11:3260");
  EXPECT_EQ(s[0].portal_address, "10.213.3.11");
  EXPECT_EQ(s[0].portal_port, 3260);
  EXPECT_EQ(s[0].tpgt, 1);
  EXPECT_EQ(s[0].iface_name, "default");
  EXPECT_EQ(s[0].iface_initiator_name, "iqn.2003-01.org.example.harness:initiator");
  EXPECT_EQ(s[0].iface_address, "10.213.3.21");
  EXPECT_EQ(s[0].sid, 1);
  EXPECT_EQ(s[0].connection_state, "LOGGED IN");
  EXPECT_EQ(s[0].session_state, "LOGGED_IN");
  EXPECT_EQ(s[0].internal_state, "NO CHANGE");
  EXPECT_TRUE(s[0].logged_in());
  EXPECT_EQ(s[0].host_number, 2);
  EXPECT_EQ(s[0].host_state, "running");
  ASSERT_EQ(s[0].disks.size(), 1u);
  EXPECT_EQ(s[0].disks[0].name, "sda");
  EXPECT_EQ(s[0].disks[0].state, "running");
  EXPECT_EQ(s[0].disks[0].lun, 0);

  EXPECT_EQ(s[1].target, "iqn.2003-01.org.example.harness:n1");
  EXPECT_EQ(s[1].portal, "10.213.4.11:3260");
  EXPECT_EQ(s[1].disks.at(0).name, "sdb");
  EXPECT_EQ(s[3].target, "iqn.2003-01.org.example.harness:n2");
  EXPECT_EQ(s[3].portal_address, "10.213.4.12");
  EXPECT_EQ(s[3].sid, 4);
  EXPECT_EQ(s[3].host_number, 5);
  EXPECT_EQ(s[3].iface_address, "10.213.4.21");
  EXPECT_EQ(s[3].disks.at(0).name, "sdd");
}

TEST(IscsiSessionsStatus, NoSessionIsAnEmptyList) {
  EXPECT_TRUE(parse_iscsi_sessions(recording("bare/iscsiadm_session_P3.initiator.txt")).empty());
  CommandResult none;
  none.exit_status = kIscsiNoObjectsFound;
  none.err = "iscsiadm: No active sessions.\n";
  EXPECT_TRUE(iscsi_sessions_from(none).empty());
  CommandResult ok;
  ok.exit_status = 0;
  ok.out = recording("deployed/iscsiadm_session_P3.initiator.txt");
  EXPECT_EQ(iscsi_sessions_from(ok).size(), 4u);
  CommandResult broken;
  broken.exit_status = 12;
  broken.err = "iscsiadm: can not connect to iSCSI daemon (111)!\n";
  try {
    iscsi_sessions_from(broken);
    ADD_FAILURE() << "exit 12 accepted";
  } catch (const LabError& e) {
    EXPECT_NE(std::string(e.what()).find("exit 12: iscsiadm: can not connect"), std::string::npos)
        << e.what();
  }
}

TEST(IscsiSessionsStatus, SecondSessionToTheSamePortalInheritsTargetAndPortal) {
  // session_info.c prints an empty line instead of the portal lines for it.
  std::string text = recording("deployed/iscsiadm_session_P3.initiator.txt");
  auto second = text.find("\tCurrent Portal: 10.213.4.11");
  auto block_end = text.find("Target: iqn.2003-01.org.example.harness:n2");
  std::string first_session = text.substr(0, second);
  std::string repeat = first_session.substr(first_session.find("\t\t**********\n\t\tInterface:"));
  repeat.replace(repeat.find("SID: 1"), 6, "SID: 9");
  repeat.replace(repeat.find("disk sda"), 8, "disk sde");
  auto s = parse_iscsi_sessions(first_session + "\n" + repeat + text.substr(block_end));
  ASSERT_EQ(s.size(), 4u);  // sda, sde, then n2's two
  EXPECT_EQ(s[1].sid, 9);
  EXPECT_EQ(s[1].target, "iqn.2003-01.org.example.harness:n1");
  EXPECT_EQ(s[1].portal, "10.213.3.11:3260");
  EXPECT_EQ(s[1].disks.at(0).name, "sde");
  EXPECT_EQ(s[2].target, "iqn.2003-01.org.example.harness:n2");
}

TEST(IscsiSessionsStatus, BlockedDiskAndFailedSession) {
  std::string text = recording("deployed/iscsiadm_session_P3.initiator.txt");
  text.replace(text.find("Session State: LOGGED_IN"), 24, "Session State: FAILED");
  text.replace(text.find("sda\t\tState: running"), 20, "sda\t\tState: blocked");
  auto s = parse_iscsi_sessions(text);
  EXPECT_EQ(s[0].session_state, "FAILED");
  EXPECT_FALSE(s[0].logged_in());
  EXPECT_EQ(s[0].disks.at(0).state, "blocked");
}

TEST(IscsiSessionsStatus, MalformedInputNamesTheTool) {
  std::string full = recording("deployed/iscsiadm_session_P3.initiator.txt");
  for (const std::string& bad :
       {full.substr(0, full.find("\t\tSID: 1")),  // truncated before the session id
        full.substr(full.find("\tCurrent Portal")),  // no Target line
        std::string("Target: iqn.2003-01.org.example.harness:n1\n\tCurrent Portal: nonsense\n"),
        std::string("iscsiadm: No active sessions.\nSID: 1\n")}) {
    try {
      parse_iscsi_sessions(bad);
      ADD_FAILURE() << "accepted: " << bad.substr(0, 80);
    } catch (const LabError& e) {
      EXPECT_NE(std::string(e.what()).find("iscsiadm -m session -P 3: expected"),
                std::string::npos)
          << e.what();
    }
  }
}

}  // namespace
}  // namespace harness
