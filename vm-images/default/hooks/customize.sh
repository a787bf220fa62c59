#!/bin/bash
# mmdebstrap customize hook of the default recipe: runs on the host with the chroot as $1, after
# all packages are installed. HARNESS_RECIPE_DIR is this recipe's directory (for files/).
# The image must carry no per-node identity and no secret: the config disk supplies them at boot.
set -euo pipefail
root=${1:?chroot directory}
files=${HARNESS_RECIPE_DIR:?}/files
in_chroot() { chroot "$root" "$@"; }

# Root filesystem: the whole virtio disk, no partition table (mkfs.ext4 -d on the raw image).
# fsck pass 0: the kernel mounts it rw (root=/dev/vda rw), systemd must not fsck it mounted.
printf '%s\n' '/dev/vda / ext4 rw,noatime,errors=remount-ro 0 0' >"$root/etc/fstab"

# Networking: systemd-networkd. The fallback DHCP file only serves a node booted without a config
# disk (debugging); harness-firstboot deletes it when a config disk brings the real .network files.
install -d "$root/etc/systemd/network"
cat >"$root/etc/systemd/network/99-harness-fallback.network" <<'EOF'
[Match]
Name=eth*

[Network]
DHCP=ipv4

[Link]
RequiredForOnline=no
EOF
in_chroot systemctl enable systemd-networkd.service
# A configured NIC that never comes up must not stall boot for 2 minutes (LAB-NOTES: 148 s).
install -d "$root/etc/systemd/system/systemd-networkd-wait-online.service.d"
cat >"$root/etc/systemd/system/systemd-networkd-wait-online.service.d/harness.conf" <<'EOF'
[Service]
ExecStart=
ExecStart=/lib/systemd/systemd-networkd-wait-online --any --timeout=20
EOF
# No DNS in the lab: names come from /etc/hosts on the config disk.
: >"$root/etc/resolv.conf"
printf '%s\n' unconfigured >"$root/etc/hostname"
printf '%s\n' '127.0.0.1 localhost' '::1 localhost ip6-localhost ip6-loopback' >"$root/etc/hosts"

# The system under test is started by the harness's deploy step, after it wrote the configuration:
# nothing of it runs at boot. A preset file keeps it so even when systemd applies presets on the
# first boot (empty /etc/machine-id).
sut_units=(corosync.service pacemaker.service drbd.service rtslib-fb-targetctl.service
  target.service iscsid.service iscsid.socket open-iscsi.service iscsi.service
  multipathd.service multipathd.socket lvm2-lvmpolld.socket lvm2-monitor.service nftables.service)
install -d "$root/etc/systemd/system-preset"
: >"$root/etc/systemd/system-preset/10-harness.preset"
for u in "${sut_units[@]}"; do
  if [[ -e "$root/lib/systemd/system/$u" || -e "$root/etc/systemd/system/$u" ]]; then
    in_chroot systemctl disable "$u" >/dev/null 2>&1 || true
    printf 'disable %s\n' "$u" >>"$root/etc/systemd/system-preset/10-harness.preset"
  fi
done

# The iSCSI initiator name is per node: the package generated one at install time. With
# "GenerateName=yes", open-iscsi's startup-checks.sh (run before iscsid) makes a fresh one per clone.
printf '%s\n' 'GenerateName=yes' >"$root/etc/iscsi/initiatorname.iscsi"

# Periodic jobs would add noise to measurements and apt-daily reaches for a network the lab lacks.
for u in apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service \
  fstrim.timer dpkg-db-backup.timer; do
  in_chroot systemctl disable "$u" >/dev/null 2>&1 || true
  printf 'disable %s\n' "$u" >>"$root/etc/systemd/system-preset/10-harness.preset"
done

# SSH: keys only, root by key; host keys come from the config disk (so known_hosts can be strict).
rm -f "$root"/etc/ssh/ssh_host_*
install -d "$root/etc/ssh/sshd_config.d"
cat >"$root/etc/ssh/sshd_config.d/harness.conf" <<'EOF'
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UseDNS no
EOF
in_chroot systemctl enable ssh.service
# No password for anyone: root is locked (key login still works).
in_chroot usermod -p '*' root
install -d -m 0700 "$root/root/.ssh"

# Serial console autologin: the console is reachable only by root on the host; it saves a
# debugging session when networking or sshd is broken.
install -d "$root/etc/systemd/system/serial-getty@ttyS0.service.d"
cat >"$root/etc/systemd/system/serial-getty@ttyS0.service.d/autologin.conf" <<'EOF'
[Service]
ExecStart=
ExecStart=-/sbin/agetty --autologin root --keep-baud 115200,57600,38400,9600 %I $TERM
EOF

# Boot time is CPU time under TCG, three guests on two host cores: the initramfs carries only
# what mounts the root filesystem (the virtio disk, ext4 and its checksum), not most of the
# kernel's modules (26 MB, 6 s of udev in the initramfs); the rest loads from the root as before.
sed -i -e 's/^MODULES=.*/MODULES=list/' "$root/etc/initramfs-tools/initramfs.conf"
printf '%s\n' virtio_pci virtio_blk crc32c_generic ext4 >>"$root/etc/initramfs-tools/modules"
in_chroot update-initramfs -u -k all
# Units that have nothing to do in a lab node: no binfmt, FUSE, hugepages, POSIX queues, tracing,
# DRM or EFI; ha_logd (cluster-glue) is not used by Pacemaker 2. Masked, so no boot starts them.
for u in systemd-binfmt.service proc-sys-fs-binfmt_misc.automount proc-sys-fs-binfmt_misc.mount \
  modprobe@fuse.service sys-fs-fuse-connections.mount dev-hugepages.mount dev-mqueue.mount \
  sys-kernel-debug.mount sys-kernel-tracing.mount modprobe@drm.service modprobe@efi_pstore.service \
  logd.service; do
  in_chroot systemctl mask "$u" >/dev/null
done

# Per-node identity from the config disk, before networking and sshd.
install -m 0755 "$files/harness-firstboot.sh" "$root/usr/local/sbin/harness-firstboot"
install -m 0644 "$files/harness-firstboot.service" "$root/etc/systemd/system/harness-firstboot.service"
in_chroot systemctl enable harness-firstboot.service

# Persistent journal: the harness collects node logs after a crash and reboot.
install -d "$root/var/log/journal"

# Empty machine-id: each clone gets its own at first boot (mmdebstrap empties it too; be explicit).
: >"$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id"
