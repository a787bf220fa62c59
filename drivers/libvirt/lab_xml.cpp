// XML generation and parsing for the libvirt lab, with pugixml (escaping for free).
#include "drivers/libvirt/lab_xml.hpp"

#include <strings.h>

#include <sstream>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "harness/core/errors.hpp"

namespace harness::lab {

namespace {
std::string to_string(const pugi::xml_document& doc) {
  std::ostringstream os;
  doc.save(os, "  ", pugi::format_default | pugi::format_no_declaration);
  return os.str();
}

pugi::xml_node text_child(pugi::xml_node parent, const char* name, const std::string& text) {
  auto n = parent.append_child(name);
  n.text().set(text.c_str());
  return n;
}

void append_owner(pugi::xml_node parent, const OwnerTag& t) {
  auto h = parent.append_child("h:harness");
  h.append_attribute("xmlns:h") = kMetadataNs;
  text_child(h, "h:run", t.run_id);
  text_child(h, "h:lab", t.lab);
  auto o = h.append_child("h:owner");
  o.append_attribute("pid") = static_cast<long long>(t.pid);
  o.append_attribute("start") = static_cast<long long>(t.pid_start);
  text_child(h, "h:dir", t.dir);
}

// Finds the element in kMetadataNs named `local` whatever prefix libvirt gave it back with.
pugi::xml_node find_harness_element(pugi::xml_node root) {
  for (auto n : root.select_nodes("//*")) {
    pugi::xml_node e = n.node();
    std::string name = e.name();
    auto colon = name.find(':');
    std::string prefix = colon == std::string::npos ? "" : name.substr(0, colon);
    std::string local = colon == std::string::npos ? name : name.substr(colon + 1);
    if (local != "harness") continue;
    std::string attr = prefix.empty() ? "xmlns" : "xmlns:" + prefix;
    if (std::string(e.attribute(attr.c_str()).value()) == kMetadataNs) return e;
  }
  return {};
}

pugi::xml_node child_local(pugi::xml_node e, const std::string& local) {
  for (auto c : e.children()) {
    std::string name = c.name();
    auto colon = name.find(':');
    if ((colon == std::string::npos ? name : name.substr(colon + 1)) == local) return c;
  }
  return {};
}
}  // namespace

std::string owner_tag_xml(const OwnerTag& tag) {
  pugi::xml_document doc;
  append_owner(doc, tag);
  return to_string(doc);
}

namespace {
std::optional<OwnerTag> owner_from(pugi::xml_node h) {
  if (!h) return std::nullopt;
  OwnerTag t;
  t.run_id = child_local(h, "run").text().as_string();
  if (t.run_id.empty()) return std::nullopt;
  t.lab = child_local(h, "lab").text().as_string();
  auto o = child_local(h, "owner");
  t.pid = o.attribute("pid").as_llong();
  t.pid_start = o.attribute("start").as_llong();
  t.dir = child_local(h, "dir").text().as_string();
  return t;
}
}  // namespace

std::optional<OwnerTag> parse_owner_tag(const std::string& xml) {
  pugi::xml_document doc;
  if (!doc.load_string(xml.c_str())) return std::nullopt;
  return owner_from(find_harness_element(doc));
}

std::optional<OwnerTag> parse_owner_element(const std::string& xml) {
  pugi::xml_document doc;
  if (!doc.load_string(xml.c_str())) return std::nullopt;
  pugi::xml_node root = doc.document_element();
  std::string name = root.name();
  auto colon = name.find(':');
  if ((colon == std::string::npos ? name : name.substr(colon + 1)) != "harness") return std::nullopt;
  return owner_from(root);
}

std::string network_xml(const NetworkXmlParams& p) {
  pugi::xml_document doc;
  auto net = doc.append_child("network");
  text_child(net, "name", p.name);
  append_owner(net.append_child("metadata"), p.owner);
  auto br = net.append_child("bridge");
  br.append_attribute("name") = p.bridge.c_str();
  br.append_attribute("stp") = "off";
  br.append_attribute("delay") = "0";
  if (p.host_ip) {
    auto ip = net.append_child("ip");
    ip.append_attribute("address") = p.host_ip->c_str();
    ip.append_attribute("prefix") = "24";
  }
  return to_string(doc);
}

std::string domain_xml(const DomainXmlParams& p) {
  pugi::xml_document doc;
  auto dom = doc.append_child("domain");
  dom.append_attribute("type") = p.virt_type.c_str();
  text_child(dom, "name", p.name);
  if (!p.uuid.empty()) text_child(dom, "uuid", p.uuid);
  append_owner(dom.append_child("metadata"), p.owner);
  auto mem = text_child(dom, "memory", std::to_string(p.memory_mib));
  mem.append_attribute("unit") = "MiB";
  text_child(dom, "vcpu", std::to_string(p.vcpus));
  auto os = dom.append_child("os");
  auto type = text_child(os, "type", "hvm");
  type.append_attribute("arch") = "x86_64";
  text_child(os, "kernel", p.kernel.string());
  if (!p.initrd.empty()) text_child(os, "initrd", p.initrd.string());
  text_child(os, "cmdline", p.cmdline);
  auto features = dom.append_child("features");
  features.append_child("acpi");  // PCI hotplug and ACPI power events need it
  if (p.virt_type == "qemu" && p.tb_cache_mib > 0) {
    auto tb = text_child(features.append_child("tcg"), "tb-cache", std::to_string(p.tb_cache_mib));
    tb.append_attribute("unit") = "MiB";
  }
  if (p.virt_type == "kvm") {
    auto cpu = dom.append_child("cpu");
    cpu.append_attribute("mode") = "host-passthrough";
    cpu.append_attribute("check") = "none";
  }
  text_child(dom, "on_poweroff", "destroy");
  text_child(dom, "on_reboot", p.reboot_destroys ? "destroy" : "restart");
  text_child(dom, "on_crash", "destroy");

  auto dev = dom.append_child("devices");
  for (const auto& d : p.disks) {
    auto disk = dev.append_child("disk");
    disk.append_attribute("type") = "file";
    disk.append_attribute("device") = "disk";
    auto drv = disk.append_child("driver");
    drv.append_attribute("name") = "qemu";
    drv.append_attribute("type") = d.format.c_str();
    drv.append_attribute("cache") = "unsafe";  // throwaway disks: host flushes buy nothing
    disk.append_child("source").append_attribute("file") = d.file.c_str();
    auto tgt = disk.append_child("target");
    tgt.append_attribute("dev") = d.target.c_str();
    tgt.append_attribute("bus") = "virtio";
    text_child(disk, "serial", d.serial);
    if (d.readonly) disk.append_child("readonly");
  }
  for (const auto& n : p.nics) {
    auto nic = dev.append_child("interface");
    nic.append_attribute("type") = "network";
    nic.append_child("mac").append_attribute("address") = n.mac.c_str();
    nic.append_child("source").append_attribute("network") = n.network.c_str();
    nic.append_child("model").append_attribute("type") = "virtio";
    nic.append_child("link").append_attribute("state") = "up";
  }
  auto serial = dev.append_child("serial");
  serial.append_attribute("type") = "file";
  serial.append_child("source").append_attribute("path") = p.console_log.c_str();
  serial.append_child("target").append_attribute("port") = "0";
  auto rng = dev.append_child("rng");
  rng.append_attribute("model") = "virtio";
  text_child(rng, "backend", "/dev/urandom").append_attribute("model") = "random";
  dev.append_child("memballoon").append_attribute("model") = "none";
  auto usb = dev.append_child("controller");
  usb.append_attribute("type") = "usb";
  usb.append_attribute("model") = "none";
  return to_string(doc);
}

std::vector<Ipv4Net> network_host_subnets(const std::string& xml) {
  std::vector<Ipv4Net> out;
  pugi::xml_document doc;
  if (!doc.load_string(xml.c_str())) return out;
  for (auto ip : doc.child("network").children("ip")) {
    std::string family = ip.attribute("family").as_string();
    if (!family.empty() && family != "ipv4") continue;
    auto addr = parse_ipv4(ip.attribute("address").as_string());
    if (!addr) continue;
    int prefix = 24;
    if (ip.attribute("prefix")) {
      prefix = ip.attribute("prefix").as_int();
    } else if (ip.attribute("netmask")) {
      auto m = parse_ipv4(ip.attribute("netmask").as_string());
      if (m) prefix = netmask_to_prefix(*m);
    }
    out.push_back({*addr, prefix});
  }
  return out;
}

std::string network_bridge(const std::string& xml) {
  pugi::xml_document doc;
  if (!doc.load_string(xml.c_str())) return "";
  return doc.child("network").child("bridge").attribute("name").as_string();
}

namespace {
pugi::xml_node find_interface(const pugi::xml_document& doc, const std::string& mac) {
  for (auto i : doc.child("domain").child("devices").children("interface")) {
    std::string m = i.child("mac").attribute("address").as_string();
    if (strcasecmp(m.c_str(), mac.c_str()) == 0) return i;
  }
  return {};
}
}  // namespace

std::string interface_link_xml(const std::string& xml, const std::string& mac, bool up) {
  pugi::xml_document doc;
  if (!doc.load_string(xml.c_str())) throw LabError("cannot parse domain XML from libvirt");
  auto iface = find_interface(doc, mac);
  if (!iface) throw LabError(fmt::format("domain has no interface with MAC {}", mac));
  auto link = iface.child("link");
  if (!link) link = iface.append_child("link");
  if (link.attribute("state"))
    link.attribute("state") = up ? "up" : "down";
  else
    link.append_attribute("state") = up ? "up" : "down";
  pugi::xml_document out;
  out.append_copy(iface);
  return to_string(out);
}

std::optional<bool> interface_link_up(const std::string& xml, const std::string& mac) {
  pugi::xml_document doc;
  if (!doc.load_string(xml.c_str())) return std::nullopt;
  auto iface = find_interface(doc, mac);
  if (!iface) return std::nullopt;
  std::string s = iface.child("link").attribute("state").as_string();
  return s != "down";
}

}  // namespace harness::lab
