#!/bin/bash
# Proves that a built image boots and takes per-node identity from a config disk: makes a config
# disk by hand as drivers/image/image.hpp describes (hostname n1, a static address on a private
# subnet matched by MAC, a throwaway login key, a host key), boots a qcow2 overlay of the image
# with QEMU (TCG, user-mode networking with a port forward), logs in with strict host key
# checking, prints what it finds and the boot-to-ssh time, and stops QEMU.
#
#   smoke-boot.sh IMAGE_DIR [WORK_DIR] [SSH_PORT]
#
# WORK_DIR (default: a new temporary directory) receives the overlay, the config disk, the keys
# and console.log; it is left for inspection. Nothing is left running.
set -euo pipefail

image=${1:?usage: smoke-boot.sh IMAGE_DIR [WORK_DIR] [SSH_PORT]}
work=${2:-$(mktemp -d /tmp/harness-smoke-XXXXXX)}
port=${3:-2222}
readonly mac=52:54:00:12:34:01 addr=192.168.77.10 net=192.168.77.0/24 gw=192.168.77.2

for f in root.qcow2 vmlinuz initrd.img cmdline; do
  [[ -f "$image/$f" ]] || { echo "no $f in $image" >&2; exit 1; }
done
mkdir -p "$work"
cfg="$work/cfg"
rm -rf "$cfg"
mkdir -p "$cfg/root/etc/systemd/network" "$cfg/root/root/.ssh" "$cfg/root/etc/ssh"

# Per-run keys: a login key for this run and the node's host key, both made here, never in the image.
rm -f "$work/run_key" "$work/run_key.pub"
ssh-keygen -q -t ed25519 -N '' -C harness-smoke -f "$work/run_key"
ssh-keygen -q -t ed25519 -N '' -C n1 -f "$cfg/root/etc/ssh/ssh_host_ed25519_key"
install -m 0600 "$work/run_key.pub" "$cfg/root/root/.ssh/authorized_keys"
chmod 0700 "$cfg/root/root/.ssh"
printf 'n1\n' >"$cfg/hostname"
printf '127.0.0.1 localhost\n%s n1\n' "$addr" >"$cfg/root/etc/hosts"
printf '[Match]\nMACAddress=%s\n\n[Network]\nAddress=%s/24\nGateway=%s\n' "$mac" "$addr" "$gw" \
  >"$cfg/root/etc/systemd/network/10-mgmt.network"
rm -f "$work/config.img"
mkfs.ext4 -q -F -L hcfg -d "$cfg" "$work/config.img" 16M
printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$cfg/root/etc/ssh/ssh_host_ed25519_key.pub")" \
  >"$work/known_hosts"

# A run never writes the shared image: it boots an overlay.
rm -f "$work/overlay.qcow2"
qemu-img create -q -f qcow2 -F qcow2 -b "$(readlink -f "$image/root.qcow2")" "$work/overlay.qcow2"

t0=$(date +%s.%N)
qemu-system-x86_64 -accel tcg -m 1024 -smp 1 -nographic -no-reboot \
  -kernel "$image/vmlinuz" -initrd "$image/initrd.img" -append "$(cat "$image/cmdline")" \
  -drive "file=$work/overlay.qcow2,if=none,id=d0,format=qcow2" -device virtio-blk-pci,drive=d0 \
  -drive "file=$work/config.img,if=none,id=d1,format=raw,readonly=on" \
  -device virtio-blk-pci,drive=d1,serial=hcfg \
  -netdev "user,id=n0,net=$net,host=$gw,hostfwd=tcp:127.0.0.1:$port-$addr:22" \
  -device "virtio-net-pci,netdev=n0,mac=$mac" \
  </dev/null >"$work/console.log" 2>&1 &
qemu=$!
trap 'kill "$qemu" 2>/dev/null; wait "$qemu" 2>/dev/null || true' EXIT

ssh_n1() {
  ssh -o BatchMode=yes -o ConnectTimeout=5 -o StrictHostKeyChecking=yes \
    -o UserKnownHostsFile="$work/known_hosts" -i "$work/run_key" -p "$port" root@127.0.0.1 "$@"
}
for _ in $(seq 1 300); do
  kill -0 "$qemu" 2>/dev/null || { echo "qemu exited; see $work/console.log" >&2; exit 1; }
  if ssh_n1 true 2>/dev/null; then
    printf 'boot-to-ssh: %.1f s\n' "$(echo "$(date +%s.%N) - $t0" | bc)"
    ssh_n1 'echo "hostname: $(hostname)"; ip -br -4 addr show eth0; systemctl is-system-running;
      echo "sut autostart: $(systemctl is-enabled corosync pacemaker multipathd iscsid.socket | tr "\n" " ")";
      journalctl -b -u harness-firstboot -o cat --no-pager | grep harness-firstboot'
    exit 0
  fi
  sleep 1
done
echo "no ssh after 300 s; see $work/console.log" >&2
exit 1
