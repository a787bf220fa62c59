#!/bin/bash
# mmdebstrap customize hook of the scst recipe: runs on the host with the chroot as $1, after the
# default recipe's hook. Builds SCST, which Debian does not package, into the image from the
# source the user gave (`harness image build scst --with-scst PATH`): the harness passes its path
# in HARNESS_SOURCE_SCST and its SHA-256 (part of the image's name) in HARNESS_SOURCE_SCST_SHA256.
#
# The kernel modules are built for the image's own kernel (the one in /boot, not the host's),
# with the headers package of exactly that kernel's version, from the image's Debian mirror.
# Everything only the build needs (compiler, headers, the source) is removed again, so the image
# gains the modules and the tools only. Nothing of SCST loads or starts at boot: the harness's
# deploy step writes /etc/scst.conf and starts it.
#
# What was built is reported on lines ImageStore reads (drivers/image/build_facts.hpp):
# "harness-image-fact scst.KEY VALUE" into image.json, "harness-image-manifest scst VERSION"
# into manifest.txt; and written into the image as /usr/local/share/harness/scst-build.
set -euo pipefail
root=${1:?chroot directory}
files=${HARNESS_RECIPE_DIR:?}/files
src=${HARNESS_SOURCE_SCST:-}
src_sha=${HARNESS_SOURCE_SCST_SHA256:-}
work=/usr/src/harness-scst                 # inside the chroot; removed at the end
say() { printf 'scst: %s\n' "$*"; }
die() { printf 'scst: error: %s\n' "$*"; exit 1; }
fact() { printf 'harness-image-fact scst.%s %s\n' "$1" "$2"; }
# A clean environment in the chroot: the host's TMPDIR (under the build directory), locale and
# PATH do not exist there.
in_chroot() {
  chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LC_ALL=C TMPDIR=/tmp DEBIAN_FRONTEND=noninteractive "$@"
}
installed_packages() {
  in_chroot dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' | awk '$1 == "ii" { print $2 }' | LC_ALL=C sort
}
t0=$SECONDS

[[ -n "$src" ]] || die "no SCST source given: build this recipe with \`harness image build scst --with-scst PATH\` (a tarball .tar.xz/.tar.gz or a source directory; HARNESS_SOURCE_SCST is unset)"
[[ -e "$src" ]] || die "SCST source $src: no such file or directory"
[[ -r "$src" ]] || die "SCST source $src: not readable"

# The image's kernel: the one the image boots (build-image.sh also insists on exactly one).
shopt -s nullglob
kernels=("$root"/boot/vmlinuz-*)
shopt -u nullglob
[[ ${#kernels[@]} -eq 1 ]] || die "expected one kernel in the image's /boot, found ${#kernels[@]}"
kver=${kernels[0]##*/vmlinuz-}
kpkg_version=$(in_chroot dpkg-query -W -f='${Version}' "linux-image-$kver") ||
  die "no package linux-image-$kver in the image"
say "image kernel $kver (linux-image-$kver $kpkg_version)"

# --- the source, into the chroot --------------------------------------------------------------
rm -rf --one-file-system "${root:?}$work"
install -d "$root$work/unpack"
if [[ -d "$src" ]]; then
  tar -C "$src" --exclude=.git --exclude=.svn --exclude=.hg -cf - . |
    tar -C "$root$work/unpack" --no-same-owner -xf -
else
  tar -C "$root$work/unpack" --no-same-owner -xf "$src" || die "SCST source $src: tar cannot unpack it"
fi
# The tree is the top of the source or its one top directory (scst-<commit>/ from git archive).
tree=""
for d in "$root$work/unpack" "$root$work/unpack"/*/; do
  if [[ -f "$d/scst/include/scst_const.h" && -d "$d/iscsi-scst" && -d "$d/scstadmin" ]]; then
    tree=${d%/}
    break
  fi
done
[[ -n "$tree" ]] || die "SCST source $src: no SCST tree in it (expected scst/include/scst_const.h, iscsi-scst/ and scstadmin/ at its top or one directory down)"
version=$(sed -n 's/^#define[[:blank:]]*SCST_VERSION_NAME[[:blank:]]*"\([^"]*\)".*/\1/p' \
  "$tree/scst/include/scst_const.h")
[[ -n "$version" ]] || die "SCST source $src: no SCST_VERSION_NAME in scst/include/scst_const.h"
# The commit: `git archive` writes it into the tarball's first (pax global) header; a checkout
# has it in .git. Unknown otherwise: the source's SHA-256 then names it.
commit=""
if [[ -f "$src" ]]; then
  case "$src" in
    *.tar.xz) dec=(xz -dc) ;;
    *.tar.gz | *.tgz) dec=(gzip -dc) ;;
    *) dec=(cat) ;;
  esac
  commit=$("${dec[@]}" "$src" 2>/dev/null | head -c 1024 | grep -ao 'comment=[0-9a-f]\{40\}' |
    head -n 1 | cut -d= -f2) || true
elif [[ -e "$src/.git" ]] && command -v git >/dev/null; then
  commit=$(git -c safe.directory='*' -C "$src" rev-parse HEAD 2>/dev/null) || true
fi
if [[ -n "$commit" ]]; then manifest_version="$version+git${commit:0:12}"
else manifest_version="$version+src${src_sha:0:12}"; fi
say "source $src: SCST $version, commit ${commit:-unknown}, sha256 ${src_sha:-unknown}"

# --- build-only packages, from the image's own mirror -------------------------------------------
# The default hook emptied resolv.conf (no DNS in the lab); apt needs the host's for the mirror.
resolv_saved=$(mktemp)
cp "$root/etc/resolv.conf" "$resolv_saved"
restore_resolv() { cat "$resolv_saved" >"$root/etc/resolv.conf"; rm -f "$resolv_saved"; }
trap restore_resolv EXIT
cat /etc/resolv.conf >"$root/etc/resolv.conf"
before=$(installed_packages)
# mmdebstrap removes the package lists only after the hooks; fetch them should they be gone.
if ! compgen -G "$root/var/lib/apt/lists/*_Packages*" >/dev/null; then in_chroot apt-get update -q; fi
# The headers of exactly the image's kernel build (same ABI name and package version).
in_chroot apt-get install -y -q --no-install-recommends \
  "linux-headers-$kver=$kpkg_version" make gcc libc6-dev
restore_resolv
trap - EXIT

# --- build and install, inside the chroot --------------------------------------------------------
install -m 0755 "$files/scst-build.sh" "$root$work/scst-build.sh"
t_build=$SECONDS
in_chroot bash "$work/scst-build.sh" "$kver" "${tree#"$root"}" "${commit:0:12}"
say "built in $((SECONDS - t_build)) s"

# --- check what was built against the image's kernel ---------------------------------------------
for m in scst scst_vdisk iscsi_scst; do
  magic=$(in_chroot modinfo -k "$kver" -F vermagic "$m") || die "module $m was not installed for $kver"
  [[ "$magic" == "$kver "* ]] || die "module $m is built for '${magic%% *}', not the image's kernel $kver"
done
for tool in iscsi-scstd scstadmin; do
  [[ -x "$root/usr/local/sbin/$tool" ]] || die "/usr/local/sbin/$tool was not installed"
done
in_chroot perl -c /usr/local/sbin/scstadmin >/dev/null 2>&1 ||
  die "scstadmin does not compile (perl -c /usr/local/sbin/scstadmin): its Perl module is missing"
mapfile -t module_files < <(cd "$root/lib/modules/$kver" && find extra -name '*.ko*' | LC_ALL=C sort)
modules=()
for f in "${module_files[@]}"; do
  name=${f##*/}
  name=${name%%.ko*}
  modules+=("${name//-/_}")
  say "module /lib/modules/$kver/$f ($(du -k "$root/lib/modules/$kver/$f" | cut -f1) KiB)"
done

# --- nothing of SCST at boot -----------------------------------------------------------------------
# scstadmin installs scst.service (and /etc/init.d/scst) without enabling it; the preset keeps
# it off when systemd applies presets on the first boot, like the default hook's units.
if [[ -e "$root/lib/systemd/system/scst.service" ]]; then
  in_chroot systemctl disable scst.service >/dev/null 2>&1 || true
  printf 'disable %s\n' scst.service >>"$root/etc/systemd/system-preset/10-harness.preset"
  [[ $(in_chroot systemctl is-enabled scst.service 2>/dev/null || true) != enabled ]] ||
    die "scst.service is enabled"
fi
[[ ! -e "$root/etc/modules-load.d/scst.conf" ]] || die "/etc/modules-load.d/scst.conf would load SCST at boot"

# --- remove what only the build needed -------------------------------------------------------------
mapfile -t build_only < <(LC_ALL=C comm -13 <(printf '%s\n' "$before") <(installed_packages))
say "removing build-only packages: ${build_only[*]}"
in_chroot apt-get purge -y -q "${build_only[@]}"
in_chroot apt-get clean
# SCST's headers and Module.symvers serve building further SCST drivers: none in this image.
# Its man pages go where the default recipe's dpkg excludes keep Debian's out.
rm -rf --one-file-system "${root:?}$work" "$root/usr/local/include/scst" "$root/usr/local/man"

# --- record it ------------------------------------------------------------------------------------
install -d "$root/usr/local/share/harness"
cat >"$root/usr/local/share/harness/scst-build" <<EOF
version=$version
commit=${commit:-unknown}
source_sha256=${src_sha:-unknown}
kernel=$kver
modules=${modules[*]}
EOF
fact version "$version"
fact commit "${commit:-unknown}"
fact source_sha256 "${src_sha:-unknown}"
fact kernel "$kver"
fact modules "${modules[*]}"
fact tools "iscsi-scstd iscsi-scst-adm scstadmin"
printf 'harness-image-manifest scst %s\n' "$manifest_version"
say "done in $((SECONDS - t0)) s"
