#!/bin/bash
# Guest side of the config disk contract (drivers/image/image.hpp): an ext4 filesystem labelled
# "hcfg" on a virtio disk with serial "hcfg". Copies its root/ onto / and sets the hostname from
# its `hostname` file. Runs on every boot (idempotent). Without a config disk it only logs, and
# makes host keys so that sshd can start (they are per node, never part of the image).
set -uo pipefail
log() { echo "harness-firstboot: $*"; }

find_disk() {
  local i b dev serial
  # The virtio serial is in sysfs and the node in devtmpfs as soon as the kernel has the disk:
  # no wait for udev's coldplug (seconds of a TCG guest's boot). The label is the fallback.
  for i in $(seq 1 40); do
    for b in /sys/block/vd*; do
      [[ -r "$b/serial" ]] || continue
      read -r serial <"$b/serial" || true
      dev=/dev/${b##*/}
      [[ "$serial" == hcfg && -b "$dev" ]] && { echo "$dev"; return 0; }
    done
    dev=$(blkid -L hcfg 2>/dev/null) && [[ -b "$dev" ]] && { echo "$dev"; return 0; }
    sleep 0.25
  done
  return 1
}

ensure_host_keys() {
  ls /etc/ssh/ssh_host_*_key >/dev/null 2>&1 && return 0
  log "no SSH host key: generating this node's own"
  ssh-keygen -A
}

dev=$(find_disk) || { log "no config disk (label hcfg): leaving the image's defaults"; ensure_host_keys; exit 0; }
mnt=/run/harness-config
mkdir -p "$mnt"
mountpoint -q "$mnt" || mount -o ro,nodev,nosuid "$dev" "$mnt" || { log "cannot mount $dev"; exit 1; }
trap 'umount "$mnt" 2>/dev/null; rmdir "$mnt" 2>/dev/null' EXIT
log "config disk $dev"

if [[ -d "$mnt/root" ]]; then
  # The config disk's network files are the node's whole network configuration.
  rm -f /etc/systemd/network/99-harness-fallback.network
  # tar --no-overwrite-dir: files get the disk's modes, but existing directories (/, /etc, /root)
  # keep theirs (cp -a would stamp the disk's directory modes onto them). Owned by root.
  tar -C "$mnt/root" -cf - . | tar -C / -xf - --no-overwrite-dir --no-same-owner ||
    { log "copy failed"; exit 1; }
fi
# sshd refuses keys with loose permissions (StrictModes): enforce them whatever the host made.
[[ -d /root/.ssh ]] && chmod 0700 /root/.ssh
[[ -f /root/.ssh/authorized_keys ]] && chmod 0600 /root/.ssh/authorized_keys
for k in /etc/ssh/ssh_host_*_key; do [[ -f "$k" ]] && chmod 0600 "$k"; done
ensure_host_keys

if [[ -s "$mnt/hostname" ]]; then
  name=$(head -n1 "$mnt/hostname" | tr -cd 'A-Za-z0-9.-')
  if [[ -n "$name" ]]; then
    printf '%s\n' "$name" >/etc/hostname
    # hostnamed is not up this early; the kernel's name is what systemd and sshd read.
    printf '%s' "$name" >/proc/sys/kernel/hostname
    grep -qw -- "$name" /etc/hosts 2>/dev/null || printf '127.0.1.1 %s\n' "$name" >>/etc/hosts
    log "hostname $name"
  fi
fi
exit 0
