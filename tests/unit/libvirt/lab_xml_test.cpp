// XML the lab hands libvirt, and parsing of what libvirt hands back.
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "drivers/libvirt/lab_xml.hpp"
#include "harness/core/errors.hpp"

namespace harness::lab {
namespace {

OwnerTag owner() { return {"default-20240101T000000-abc123", "default", 4242, 777, "/var/lib/harness/labs/default"}; }

TEST(LabXml, NetworkIsIsolatedTaggedAndHostAddressedOnlyWhenAsked) {
  NetworkXmlParams p{"h-abc123-mgmt", "hbabc123m", std::string("10.213.0.1"), owner()};
  std::string xml = network_xml(p);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str())) << xml;
  auto net = doc.child("network");
  EXPECT_FALSE(net.child("forward")) << "must be isolated";
  EXPECT_FALSE(net.child("ip").child("dhcp"));
  EXPECT_STREQ(net.child("bridge").attribute("name").value(), "hbabc123m");
  EXPECT_STREQ(net.child("ip").attribute("address").value(), "10.213.0.1");
  auto tag = parse_owner_tag(xml);
  ASSERT_TRUE(tag);
  EXPECT_EQ(tag->run_id, owner().run_id);
  EXPECT_EQ(tag->pid, 4242);
  EXPECT_EQ(tag->pid_start, 777);
  EXPECT_EQ(network_host_subnets(xml).size(), 1u);
  EXPECT_EQ(network_bridge(xml), "hbabc123m");

  p.host_ip.reset();
  EXPECT_TRUE(network_host_subnets(network_xml(p)).empty());
  EXPECT_EQ(network_xml(p).find("<ip"), std::string::npos);
}

TEST(LabXml, TextIsEscaped) {
  OwnerTag t = owner();
  t.dir = "/tmp/a<b>&\"c";
  NetworkXmlParams p{"n", "b", std::nullopt, t};
  auto back = parse_owner_tag(network_xml(p));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->dir, t.dir);
}

TEST(LabXml, OwnerTagNeedsOurNamespaceWhateverThePrefix) {
  EXPECT_TRUE(parse_owner_tag(
      "<domain><metadata><x:harness xmlns:x='https://github.com/failover-harness/ns/1'>"
      "<x:run>r1</x:run></x:harness></metadata></domain>"));
  EXPECT_FALSE(parse_owner_tag(
      "<domain><metadata><h:harness xmlns:h='https://example.org/other'><h:run>r1</h:run>"
      "</h:harness></metadata></domain>"));
  EXPECT_FALSE(parse_owner_tag("<domain><name>h-abc123-n1</name></domain>"))
      << "a harness-looking name is not a tag";
  EXPECT_FALSE(parse_owner_tag("not xml"));
  // virDomainGetMetadata's form: namespace already selected, prefix dropped.
  auto e = parse_owner_element("<harness><run>r9</run><owner pid='5' start='6'/></harness>");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->run_id, "r9");
  EXPECT_EQ(e->pid, 5);
  EXPECT_FALSE(parse_owner_element("<other><run>r9</run></other>"));
}

DomainXmlParams node_params() {
  DomainXmlParams p;
  p.name = "h-abc123-n1";
  p.kernel = "/img/vmlinuz";
  p.initrd = "/img/initrd.img";
  p.cmdline = "root=/dev/vda rw console=ttyS0 systemd.hostname=n1";
  p.tb_cache_mib = 256;
  p.disks = {{"/lab/n1/root.qcow2", "qcow2", "vda", "root", false},
             {"/lab/n1/hcfg.img", "raw", "vdb", "hcfg", false},
             {"/lab/n1/data.raw", "raw", "vdc", "data", false}};
  p.nics = {{"52:ab:c1:23:01:00", "h-abc123-mgmt"}, {"52:ab:c1:23:01:03", "h-abc123-san0"}};
  p.console_log = "/lab/n1/console.log";
  p.owner = owner();
  return p;
}

TEST(LabXml, DomainForTcg) {
  std::string xml = domain_xml(node_params());
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str())) << xml;
  auto d = doc.child("domain");
  EXPECT_STREQ(d.attribute("type").value(), "qemu");
  EXPECT_STREQ(d.child("memory").attribute("unit").value(), "MiB");
  EXPECT_STREQ(d.child("memory").text().get(), "1024");
  EXPECT_STREQ(d.child("os").child("kernel").text().get(), "/img/vmlinuz");
  EXPECT_NE(std::string(d.child("os").child("cmdline").text().get()).find("systemd.hostname=n1"),
            std::string::npos);
  EXPECT_TRUE(d.child("features").child("acpi"));
  EXPECT_STREQ(d.child("features").child("tcg").child("tb-cache").text().get(), "256");
  EXPECT_FALSE(d.child("cpu"));
  EXPECT_STREQ(d.child("on_crash").text().get(), "destroy");
  int disks = 0;
  for (auto disk : d.child("devices").children("disk")) {
    ++disks;
    EXPECT_STREQ(disk.child("target").attribute("bus").value(), "virtio");
    EXPECT_TRUE(disk.child("serial"));
  }
  EXPECT_EQ(disks, 3);
  auto hcfg = d.child("devices").find_child_by_attribute("disk", "device", "disk").next_sibling();
  EXPECT_STREQ(hcfg.child("serial").text().get(), "hcfg");
  int nics = 0;
  for (auto nic : d.child("devices").children("interface")) {
    ++nics;
    EXPECT_STREQ(nic.child("model").attribute("type").value(), "virtio");
    EXPECT_STREQ(nic.child("link").attribute("state").value(), "up");
  }
  EXPECT_EQ(nics, 2);
  EXPECT_STREQ(d.child("devices").child("serial").attribute("type").value(), "file");
  EXPECT_STREQ(d.child("devices").child("serial").child("source").attribute("path").value(),
               "/lab/n1/console.log");
  EXPECT_EQ(parse_owner_tag(xml)->run_id, owner().run_id);
}

TEST(LabXml, DomainForKvmHasNoTcgCacheAndPassesTheCpu) {
  auto p = node_params();
  p.virt_type = "kvm";
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(domain_xml(p).c_str()));
  auto d = doc.child("domain");
  EXPECT_STREQ(d.attribute("type").value(), "kvm");
  EXPECT_FALSE(d.child("features").child("tcg"));
  EXPECT_STREQ(d.child("cpu").attribute("mode").value(), "host-passthrough");
}

TEST(LabXml, ProbeDomainHasNoInitrd) {
  DomainXmlParams p;
  p.name = "probe";
  p.kernel = "/k";
  p.reboot_destroys = true;
  std::string xml = domain_xml(p);
  EXPECT_EQ(xml.find("<initrd"), std::string::npos);
  EXPECT_NE(xml.find("<on_reboot>destroy</on_reboot>"), std::string::npos);
}

const char* kLiveXml = R"(<domain type='qemu'><name>h-abc123-n1</name><devices>
  <interface type='network'><mac address='52:ab:c1:23:01:00'/><source network='h-abc123-mgmt'/>
    <target dev='vnet0'/><model type='virtio'/><alias name='net0'/></interface>
  <interface type='network'><mac address='52:ab:c1:23:01:03'/><source network='h-abc123-san0'/>
    <target dev='vnet1'/><model type='virtio'/><link state='up'/><alias name='net1'/></interface>
</devices></domain>)";

TEST(LabXml, LinkXmlTargetsTheRightInterface) {
  std::string x = interface_link_xml(kLiveXml, "52:AB:C1:23:01:03", false);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(x.c_str()));
  auto i = doc.child("interface");
  EXPECT_STREQ(i.child("mac").attribute("address").value(), "52:ab:c1:23:01:03");
  EXPECT_STREQ(i.child("source").attribute("network").value(), "h-abc123-san0");
  EXPECT_STREQ(i.child("link").attribute("state").value(), "down");
  EXPECT_FALSE(i.next_sibling("interface")) << "exactly one device";
  // An interface without <link> gets one.
  std::string y = interface_link_xml(kLiveXml, "52:ab:c1:23:01:00", false);
  EXPECT_NE(y.find("state=\"down\""), std::string::npos);
  EXPECT_THROW(interface_link_xml(kLiveXml, "52:00:00:00:00:00", false), LabError);
  EXPECT_EQ(interface_link_up(kLiveXml, "52:ab:c1:23:01:00"), true);
  EXPECT_EQ(interface_link_up(x.insert(0, "<domain><devices>") + "</devices></domain>",
                              "52:ab:c1:23:01:03"),
            false);
  EXPECT_FALSE(interface_link_up(kLiveXml, "52:00:00:00:00:00"));
}

TEST(LabXml, HostSubnetsFromPrefixOrNetmask) {
  auto s = network_host_subnets(
      "<network><ip address='192.168.122.1' netmask='255.255.255.0'/>"
      "<ip family='ipv6' address='fd00::1' prefix='64'/><ip address='10.1.0.1' prefix='16'/></network>");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].prefix, 24);
  EXPECT_EQ(s[1].prefix, 16);
}

}  // namespace
}  // namespace harness::lab
