// Naming, MAC and subnet allocation for libvirt labs (pure functions; unit-tested).
#include "drivers/libvirt/lab_naming.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <random>

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness::lab {

const NetSpec* Topology::network(std::string_view name) const {
  for (const auto& n : networks)
    if (n.name == name) return &n;
  return nullptr;
}

const NodeSpec* Topology::node(std::string_view name) const {
  for (const auto& n : nodes)
    if (n.name == name) return &n;
  return nullptr;
}

const Topology& default_topology() {
  static const Topology t{
      {{"mgmt", "m", 0, true},
       {"ring0", "r0", 1, false},
       {"ring1", "r1", 2, false},
       {"san0", "s0", 3, false},
       {"san1", "s1", 4, false}},
      {{"n1", "target", 1, 11, true, {"mgmt", "ring0", "ring1", "san0", "san1"}},
       {"n2", "target", 2, 12, true, {"mgmt", "ring0", "ring1", "san0", "san1"}},
       {"initiator", "initiator", 3, 21, false, {"mgmt", "san0", "san1"}}}};
  return t;
}

bool valid_lab_name(std::string_view name) {
  if (name.empty() || name.size() > 24) return false;
  if (name.front() == '-' || name.back() == '-') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

void check_lab_name(std::string_view name) {
  if (!valid_lab_name(name))
    throw UsageError(fmt::format(
        "invalid lab name '{}': use 1-24 lowercase letters, digits or '-'", name));
}

std::string make_run_id(std::string_view lab_name) {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
  std::random_device rd;
  std::uint32_t r = (rd() ^ static_cast<std::uint32_t>(getpid()) * 2654435761u) & 0xffffffu;
  return fmt::format("{}-{}-{:06x}", lab_name, stamp, r);
}

std::string run_tag(std::string_view run_id) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : run_id) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("{:06x}", (h ^ (h >> 24) ^ (h >> 48)) & 0xffffffu);
}

bool valid_tag(std::string_view tag) {
  return tag.size() == 6 && std::all_of(tag.begin(), tag.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string name_prefix(std::string_view tag) { return fmt::format("h-{}-", tag); }

std::string domain_name(std::string_view tag, std::string_view node) {
  return name_prefix(tag) + std::string(node);
}

std::string network_name(std::string_view tag, std::string_view net) {
  return name_prefix(tag) + std::string(net);
}

std::string bridge_name(std::string_view tag, const NetSpec& net) {
  return fmt::format("hb{}{}", tag, net.abbr);  // 2 + 6 + <=2 = <=10 chars (IFNAMSIZ-1 = 15)
}

std::optional<std::string> tag_of_name(std::string_view name) {
  if (name.size() < 10 || name.substr(0, 2) != "h-" || name[8] != '-') return std::nullopt;
  std::string tag(name.substr(2, 6));
  if (!valid_tag(tag)) return std::nullopt;
  return tag;
}

std::string mac_address(std::string_view tag, int node_index, int nic_index) {
  // 0x52: locally administered, unicast. The tag bytes keep MACs of two labs apart even if
  // their bridges were ever joined; node and NIC bytes keep them apart inside a lab.
  return fmt::format("52:{}:{}:{}:{:02x}:{:02x}", tag.substr(0, 2), tag.substr(2, 2),
                     tag.substr(4, 2), node_index & 0xff, nic_index & 0xff);
}

bool Ipv4Net::overlaps(const Ipv4Net& o) const {
  int p = std::min(prefix, o.prefix);
  std::uint32_t mask = p == 0 ? 0 : ~std::uint32_t(0) << (32 - p);
  return (addr & mask) == (o.addr & mask);
}

std::string ipv4_to_string(std::uint32_t a) {
  return fmt::format("{}.{}.{}.{}", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
}

std::optional<std::uint32_t> parse_ipv4(std::string_view s) {
  std::uint32_t out = 0;
  int parts = 0;
  std::size_t i = 0;
  while (parts < 4) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return std::nullopt;
    unsigned v = 0;
    std::size_t digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && digits < 4) {
      v = v * 10 + static_cast<unsigned>(s[i] - '0');
      ++i;
      ++digits;
    }
    if (v > 255 || digits > 3) return std::nullopt;
    out = (out << 8) | v;
    ++parts;
    if (parts < 4) {
      if (i >= s.size() || s[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != s.size()) return std::nullopt;
  return out;
}

std::optional<Ipv4Net> parse_cidr(std::string_view s) {
  auto slash = s.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto a = parse_ipv4(s.substr(0, slash));
  auto p = s.substr(slash + 1);
  if (!a || p.empty() || p.size() > 2) return std::nullopt;
  int prefix = 0;
  for (char c : p) {
    if (c < '0' || c > '9') return std::nullopt;
    prefix = prefix * 10 + (c - '0');
  }
  if (prefix > 32) return std::nullopt;
  return Ipv4Net{*a, prefix};
}

int netmask_to_prefix(std::uint32_t mask) {
  int n = 0;
  while (mask & 0x80000000u) {
    ++n;
    mask <<= 1;
  }
  return n;
}

Ipv4Net block_subnet(int block, int net_index) {
  std::uint32_t third = static_cast<std::uint32_t>(8 * block + net_index);
  return Ipv4Net{(10u << 24) | (213u << 16) | (third << 8), 24};
}

Ipv4Net block_range(int block) {
  Ipv4Net n = block_subnet(block, 0);
  n.prefix = 21;
  return n;
}

std::optional<int> allocate_block(const std::vector<Ipv4Net>& used,
                                  const std::vector<int>& taken_blocks) {
  for (int b = 0; b < kBlockCount; ++b) {
    if (std::find(taken_blocks.begin(), taken_blocks.end(), b) != taken_blocks.end()) continue;
    Ipv4Net range = block_range(b);
    bool clash = std::any_of(used.begin(), used.end(),
                             [&](const Ipv4Net& u) { return u.overlaps(range); });
    if (!clash) return b;
  }
  return std::nullopt;
}

std::string node_address(int block, const NetSpec& net, const NodeSpec& node) {
  return ipv4_to_string(block_subnet(block, net.index).addr | static_cast<std::uint32_t>(node.host_octet));
}

std::string host_address(int block, const NetSpec& net) {
  return ipv4_to_string(block_subnet(block, net.index).addr | 1u);
}

}  // namespace harness::lab
