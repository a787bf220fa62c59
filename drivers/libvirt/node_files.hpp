#pragma once
// Host-side files of a lab: the run's SSH key pair, each node's host key, known_hosts, the
// config disk (CONFIG DISK CONTRACT in drivers/image/image.hpp), the qcow2 overlay of the
// read-only base image and the targets' data disk. Everything lives in the lab directory.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "drivers/libvirt/lab_naming.hpp"
#include "harness/core/deadline.hpp"

namespace harness::lab {

struct NodeNetwork {
  std::string network;   // mgmt, san0, ...
  std::string mac;
  std::string address;   // IPv4 without prefix
  bool required_for_online = false;  // only mgmt: a NIC without carrier must not stall boot
  // Only mgmt: a route for 224.0.0.0/4. fence_xvm sends its request to a multicast group, and a
  // lab node has no default route, so without it the send fails at once (ENETUNREACH).
  bool multicast_route = false;
};

// The config tree of one node (before mkfs): returns relative path -> (content, mode).
struct TreeFile {
  std::string content;
  int mode = 0644;
};
std::map<std::string, TreeFile> config_tree(const std::string& hostname,
                                            const std::vector<NodeNetwork>& nics,
                                            const std::string& authorized_key,
                                            const std::string& host_key_private,
                                            const std::string& host_key_public,
                                            const std::string& hosts_file);
// systemd-networkd unit matching one NIC by MAC, static address, addresses kept on carrier
// loss (a pulled cable must not make the guest forget its address).
std::string networkd_unit(const NodeNetwork& nic);

// Writes `tree` under `dir` (directories 0755, except .ssh 0700).
void write_tree(const std::filesystem::path& dir, const std::map<std::string, TreeFile>& tree);

// ssh-keygen -t ed25519 -N '' -f PATH; returns the public key line.
std::string make_ssh_key(const std::filesystem::path& path, const std::string& comment,
                         const Deadline& deadline);
// The node's config disk as qcow2: mkfs.ext4 -q -L hcfg -d TREE FILE.raw 16M, then
// qemu-img convert to FILE. qcow2 because a lab's snapshot (lab_snapshot.hpp) is internal, and
// QEMU keeps internal snapshots only on qcow2 disks.
void make_config_disk(const std::filesystem::path& tree, const std::filesystem::path& file,
                      const Deadline& deadline);
// qemu-img create -f qcow2 -F qcow2 -b BASE OVERLAY
void make_overlay(const std::filesystem::path& base, const std::filesystem::path& overlay,
                  const Deadline& deadline);
// A sparse raw disk of `mib` MiB.
void make_raw_disk(const std::filesystem::path& file, int mib);

// Bytes free on the filesystem holding `dir`; throws LabError below `need`.
void check_free_space(const std::filesystem::path& dir, std::uintmax_t need, const char* what);

// Reads a whole file ("" if missing).
std::string read_text(const std::filesystem::path& p);

}  // namespace harness::lab
