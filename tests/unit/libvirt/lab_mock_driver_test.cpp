// The libvirt wrapper and tag-checked removal against the test:///default mock driver: objects
// carrying another run's tag, or none, are never removed, whatever their names.
#include <gtest/gtest.h>

#include "drivers/libvirt/lab_teardown.hpp"
#include "drivers/libvirt/lab_xml.hpp"
#include "drivers/libvirt/virt_ptr.hpp"
#include "harness/core/errors.hpp"

namespace harness::lab {
namespace {

OwnerTag tag(const std::string& run) { return {run, "unit", 1, 1, "/nonexistent/unit"}; }

std::string tagged_domain(const std::string& name, const std::string& run) {
  DomainXmlParams p;
  p.name = name;
  p.virt_type = "test";
  p.kernel = "/boot/none";
  p.owner = tag(run);
  return domain_xml(p);
}

TEST(LabMockDriver, OpenLookupAndErrors) {
  auto conn = virt::Connection::open("test:///default");
  EXPECT_TRUE(conn.find_domain("test"));
  EXPECT_FALSE(conn.find_domain("no-such-domain"));
  EXPECT_TRUE(conn.find_network("default"));
  EXPECT_FALSE(conn.find_network("no-such-network"));
  EXPECT_FALSE(conn.libvirt_version().empty());
  try {
    virt::Connection::open("nosuchdriver:///x");
    FAIL() << "expected LabError";
  } catch (const LabError& e) {
    EXPECT_NE(std::string(e.what()).find("nosuchdriver:///x"), std::string::npos) << e.what();
  }
}

TEST(LabMockDriver, TagsRoundTripThroughLibvirt) {
  auto conn = virt::Connection::open("test:///default");
  auto d = conn.define_domain(tagged_domain("h-aaaaaa-n1", "run-a"));
  EXPECT_EQ(domain_run_id(conn, d.get()), "run-a");
  NetworkXmlParams np{"h-aaaaaa-san0", "hbaaaaaas0", std::nullopt, tag("run-a")};
  auto n = conn.define_network(network_xml(np));
  EXPECT_EQ(network_run_id(conn, n.get()), "run-a");
  // The mock's own objects carry no tag.
  EXPECT_EQ(domain_run_id(conn, conn.find_domain("test").get()), "");
  EXPECT_EQ(network_run_id(conn, conn.find_network("default").get()), "");
}

// A reimaged node's domain is defined again under its name (lab_reimage.cpp): libvirt takes the
// new definition only with the domain's own UUID, and then keeps the domain, with the new kernel.
TEST(LabMockDriver, ADomainIsRedefinedOnlyWithItsOwnUuid) {
  auto conn = virt::Connection::open("test:///default");
  auto d = conn.define_domain(tagged_domain("h-bbbbbb-n2", "run-a"));
  DomainXmlParams p;
  p.name = "h-bbbbbb-n2";
  p.virt_type = "test";
  p.kernel = "/boot/other-image-vmlinuz";
  p.owner = tag("run-a");
  EXPECT_THROW(conn.define_domain(domain_xml(p)), LabError);  // what the first run hit
  char uuid[VIR_UUID_STRING_BUFLEN] = {};
  ASSERT_EQ(virDomainGetUUIDString(d.get(), uuid), 0);
  p.uuid = uuid;
  auto again = conn.define_domain(domain_xml(p));
  char uuid2[VIR_UUID_STRING_BUFLEN] = {};
  ASSERT_EQ(virDomainGetUUIDString(again.get(), uuid2), 0);
  EXPECT_STREQ(uuid, uuid2);
  EXPECT_NE(conn.domain_xml(again.get()).find("/boot/other-image-vmlinuz"), std::string::npos);
}

TEST(LabMockDriver, RemovalOnlyTouchesObjectsWithTheRunId) {
  auto conn = virt::Connection::open("test:///default");
  auto mine = conn.define_domain(tagged_domain("h-aaaaaa-n1", "run-a"));
  ASSERT_EQ(virDomainCreate(mine.get()), 0);
  conn.define_domain(tagged_domain("h-aaaaaa-n2", "run-b"));  // same tag in name, other run
  NetworkXmlParams np{"h-aaaaaa-san0", "hbaaaaaas0", std::nullopt, tag("run-a")};
  conn.define_network(network_xml(np));

  RemovalReport r;
  std::vector<std::string> destroyed;
  remove_objects(conn, "run-a", {"h-aaaaaa-n1", "h-aaaaaa-n2", "test", "h-aaaaaa-gone"},
                 {"h-aaaaaa-san0", "default"}, r,
                 [&](const std::string& d) { destroyed.push_back(d); });
  EXPECT_TRUE(r.errors.empty());
  EXPECT_FALSE(conn.find_domain("h-aaaaaa-n1"));
  EXPECT_FALSE(conn.find_network("h-aaaaaa-san0"));
  EXPECT_TRUE(conn.find_domain("h-aaaaaa-n2")) << "another run's domain must stay";
  EXPECT_TRUE(conn.find_domain("test")) << "untagged decoy must stay";
  EXPECT_TRUE(conn.find_network("default")) << "untagged decoy network must stay";
  EXPECT_EQ(r.removed.size(), 2u);
  EXPECT_EQ(r.skipped.size(), 3u);
  EXPECT_EQ(destroyed, std::vector<std::string>{"h-aaaaaa-n1"}) << "only running ones destroyed";
  // Idempotent: a second pass finds nothing of run-a.
  RemovalReport again;
  remove_objects(conn, "run-a", {"h-aaaaaa-n1"}, {"h-aaaaaa-san0"}, again);
  EXPECT_TRUE(again.removed.empty());
  EXPECT_TRUE(again.errors.empty());
}

}  // namespace
}  // namespace harness::lab
