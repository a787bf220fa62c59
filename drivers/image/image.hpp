#pragma once
// A built VM image in the content-addressed cache. Read-only and shared by every run: runs boot
// qcow2 overlays of `disk` with `kernel`/`initrd` directly.
#include <filesystem>
#include <string>

namespace harness {

struct ImageInfo {
  std::string recipe;                 // recipe name, e.g. "default"
  std::string hash;                   // hex digest of the recipe and its inputs
  std::filesystem::path dir;          // <cache>/<recipe>-<hash12>/
  std::filesystem::path disk;         // root.qcow2 (never written by a run)
  std::filesystem::path kernel;       // vmlinuz
  std::filesystem::path initrd;       // initrd.img
  std::string cmdline;                // kernel command line, without per-node parts
  std::filesystem::path manifest;     // manifest.txt: "package version" per line
};

// Per-node identity reaches a guest on a small "config disk": an ext4 filesystem labelled
// `hcfg` (made on the host with mkfs.ext4 -d, attached as a virtio disk with serial "hcfg").
// At boot, before networking and sshd, the image's harness-firstboot.service mounts it and:
//   - copies the tree under `root/` onto `/` (systemd-networkd .network files matched by MAC,
//     /root/.ssh/authorized_keys with the run's public key, /etc/ssh/ssh_host_ed25519_key{,.pub}
//     made by the host so known_hosts can be strict, /etc/hosts);
//   - sets the hostname from the file `hostname`.
// The image itself carries no password, no SSH key and no host key.
inline constexpr const char* kConfigDiskLabel = "hcfg";

}  // namespace harness
