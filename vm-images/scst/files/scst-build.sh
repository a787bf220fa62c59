#!/bin/bash
# Runs inside the image's chroot (hooks/customize.sh copies it there): builds and installs SCST
# from the source tree TREE for the kernel KVER, with that kernel's Debian headers, through
# SCST's own Makefiles (scst/, iscsi-scst/, scstadmin/; see SCST's INSTALL.md).
#
#   scst-build.sh KVER TREE [COMMIT]
#
# Installs the modules under /lib/modules/KVER/extra (scst, the dev handlers with scst_vdisk,
# iscsi-scst), /usr/local/sbin/{iscsi-scstd,iscsi-scst-adm,scstadmin} and scstadmin's Perl module,
# then runs depmod for KVER (not the host's kernel: `uname -r` in a chroot is the host's).
set -euo pipefail
kver=${1:?kernel version} tree=${2:?source tree}
kdir=/lib/modules/$kver/build
[[ -f $kdir/Makefile ]] || { echo "no kernel headers for $kver at $kdir"; exit 1; }
# SCST's Kbuild stamps the commit into the modules (its Makefile asks git, absent here).
export GIT_COMMIT=${3:-}

cd "$tree"
# Release mode: SCST's tracing stays available, its debug checks are compiled out.
make -C scst 2release
# INSTALL_MOD_STRIP=1: the modules without their debug info (SCST compiles with -g), as Debian
# ships its own. (SCST signs its modules with a key it makes on the spot, which the kernel does
# not trust anyway; stripping drops that signature: the kernel taints itself as for any
# out-of-tree module, and loads it, Debian's kernel not enforcing signatures.)
make -C scst KDIR="$kdir" KVER="$kver" INSTALL_MOD_STRIP=1 install
# INFINIBAND_ENABLED=false: no isert-scst (iSCSI over RDMA); the image leaves out InfiniBand's
# modules, so it could not load anyway.
make -C iscsi-scst KDIR="$kdir" KVER="$kver" INSTALL_MOD_STRIP=1 INFINIBAND_ENABLED=false install
strip --strip-debug /usr/local/sbin/iscsi-scstd /usr/local/sbin/iscsi-scst-adm
make -C scstadmin install
depmod -a "$kver"
