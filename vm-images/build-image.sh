#!/bin/bash
# Builds a VM image from a recipe directory with mmdebstrap, from Debian's packages only.
#
#   build-image.sh [--mirror "deb URI SUITE main"]... RECIPE_DIR OUT_DIR
#
# OUT_DIR must not exist or be empty; everything (including temporary files) is written under it.
# On success OUT_DIR holds root.qcow2, vmlinuz, initrd.img, cmdline, kernel-version,
# manifest.txt ("package version" per line), recipe.resolved.json and, written last, .build-ok.
# On failure the exit status is non-zero and OUT_DIR may hold debris: the caller (ImageStore)
# builds into a temporary directory and deletes it.
#
# All output goes to stdout: progress lines "[image] step N/M: ...", the tools' output indented,
# and on failure "[image] error: ..." as the last line.
#
# Mirrors: the --mirror lines, as resolved by the harness so that the image hash and the build
# agree; without them, the host's apt sources (Debian suites SUITE, -updates, -security; main).
#
# A recipe is recipe.json (+ hooks/customize.sh + files/). "base": "<dir relative to the recipe>"
# inherits another recipe: packages are added (those in its "packages_drop" removed from the
# base's first), pins merged (the derived recipe wins), scalar
# settings overridden, and the base's hook runs before the derived one.
set -euo pipefail

exec 2>&1
readonly STEPS=7
step() { printf '[image] step %s/%s: %s\n' "$1" "$STEPS" "$2"; }
info() { printf '[image]   %s\n' "$*"; }
die() { printf '[image] error: %s\n' "$*"; exit 1; }

SELF=$(readlink -f "${BASH_SOURCE[0]}")

# --- customize mode: run by mmdebstrap as its customize hook, with the chroot as $2 -------------
if [[ "${1:-}" == "--customize" ]]; then
  root=$2
  [[ -d "$root" ]] || die "customize: no chroot directory"
  while IFS= read -r dir; do
    [[ -n "$dir" ]] || continue
    if [[ -f "$dir/hooks/customize.sh" ]]; then
      echo "customize hook: $dir/hooks/customize.sh"
      HARNESS_RECIPE_DIR="$dir" bash "$dir/hooks/customize.sh" "$root"
    fi
  done <<<"${HARNESS_HOOK_DIRS:-}"
  exit 0
fi

mirrors=()
while [[ "${1:-}" == --mirror ]]; do
  [[ $# -ge 2 ]] || { echo "usage: $0 [--mirror LINE]... RECIPE_DIR OUT_DIR"; exit 2; }
  mirrors+=("$2")
  shift 2
done
[[ $# -eq 2 ]] || { echo "usage: $0 [--mirror LINE]... RECIPE_DIR OUT_DIR"; exit 2; }
recipe_dir=$(readlink -f "$1")
out=$(readlink -m "$2")
[[ -f "$recipe_dir/recipe.json" ]] || die "no recipe.json in $recipe_dir"
[[ $(id -u) -eq 0 ]] || die "must run as root (mmdebstrap --mode=root, mkfs.ext4 -d keeps ownership)"
for tool in mmdebstrap jq mkfs.ext4 qemu-img dpkg-query; do
  command -v "$tool" >/dev/null || die "$tool not found (apt-get install mmdebstrap jq e2fsprogs qemu-utils)"
done
mkdir -p "$out"
[[ -z "$(ls -A "$out")" ]] || die "$out is not empty"

rootfs="$out/rootfs"
raw="$out/root.raw"
export TMPDIR="$out/tmp"
mkdir -p "$TMPDIR"

# Never leave mounts behind under OUT_DIR (mmdebstrap mounts /proc, /sys, /dev in the chroot; if it
# is killed hard they could stay, and deleting the directory would then reach into the host).
cleanup() {
  local status=$?
  if [[ -r /proc/self/mountinfo ]]; then
    awk -v p="$out/" 'index($5, p) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
      while IFS= read -r m; do umount -l "$m" 2>/dev/null || true; done
  fi
  if [[ $status -ne 0 ]]; then
    printf '[image] failed (exit %s)\n' "$status"
  fi
}
trap cleanup EXIT
# A stop request ends mmdebstrap first (it unmounts what it mounted on SIGTERM), then us.
child=""
on_signal() {
  if [[ -n "$child" ]]; then kill -TERM "$child" 2>/dev/null || true; wait "$child" 2>/dev/null || true; fi
  exit 143
}
trap on_signal TERM INT

t_start=$SECONDS
t_step=$SECONDS
done_step() { info "done in $((SECONDS - t_step)) s"; t_step=$SECONDS; }

# --- 1. recipe -------------------------------------------------------------------------------------
step 1 "resolve recipe $recipe_dir"
# Prints the effective recipe of a directory (following "base"), with "hook_dirs" in run order.
resolve() {
  local dir=$1 depth=$2 base
  (( depth < 8 )) || die "recipe base chain too deep at $dir"
  jq -e 'type == "object"' "$dir/recipe.json" >/dev/null || die "$dir/recipe.json: not a JSON object"
  base=$(jq -r '.base // empty' "$dir/recipe.json")
  if [[ -n "$base" ]]; then
    local base_dir
    base_dir=$(cd "$dir" && readlink -f "$base") || die "$dir: base $base not found"
    [[ -f "$base_dir/recipe.json" ]] || die "$dir: base $base has no recipe.json"
    jq -n --argjson b "$(resolve "$base_dir" $((depth + 1)))" --slurpfile d "$dir/recipe.json" \
      --arg dir "$dir" '
      $d[0] as $d |
      $b + ($d | del(.base, .packages, .packages_drop, .pins, .exclude_paths)) + {
        packages: ((($b.packages // []) - ($d.packages_drop // [])) + ($d.packages // []) | unique),
        pins: (($b.pins // {}) + ($d.pins // {})),
        exclude_paths: (($b.exclude_paths // []) + ($d.exclude_paths // []) | unique),
        hook_dirs: ($b.hook_dirs + [$dir])
      }'
  else
    jq --arg dir "$dir" '. + {hook_dirs: [$dir]}' "$dir/recipe.json"
  fi
}
recipe=$(resolve "$recipe_dir" 0)
printf '%s\n' "$recipe" >"$out/recipe.resolved.json"
get() { jq -r "$1" <<<"$recipe"; }
name=$(get '.name // empty')
suite=$(get '.suite // "bookworm"')
cmdline=$(get '.cmdline // "root=/dev/vda rw console=ttyS0 net.ifnames=0"')
disk_size=$(get '.disk_size // "2G"')
[[ -n "$name" ]] || die "recipe has no name"
[[ "$suite" =~ ^[a-z]+$ ]] || die "bad suite: $suite"
[[ "$disk_size" =~ ^[0-9]+[KMGT]?$ ]] || die "bad disk_size: $disk_size"
# Packages, with "pkg=version" for pinned ones (pins of packages not listed are added).
mapfile -t packages < <(get '(.pins // {}) as $p |
  ((.packages // []) + ($p | keys) | unique)[] | if $p[.] then "\(.)=\($p[.])" else . end')
[[ ${#packages[@]} -gt 0 ]] || die "recipe has no packages"
for p in "${packages[@]}"; do
  [[ "$p" =~ ^[a-z0-9][a-z0-9.+-]*(=[A-Za-z0-9.+:~-]+)?$ ]] || die "bad package spec: $p"
done
mapfile -t excludes < <(get '(.exclude_paths // [])[]')
hook_dirs=$(get '.hook_dirs[]')

if [[ ${#mirrors[@]} -eq 0 ]]; then
  # The host's configured Debian mirror: one-line sources.list and deb822 .sources files.
  mapfile -t mirrors < <(
    {
      for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -f "$f" ]] && sed -e 's/#.*//' "$f" | awk '$1 == "deb" { sub(/\[[^]]*\] */, ""); print }'
      done
      for f in /etc/apt/sources.list.d/*.sources; do
        [[ -f "$f" ]] && awk '
          function flush() { if (types ~ /(^| )deb( |$)/ && uris != "" && enabled != "no") {
              nu = split(uris, u, " "); ns = split(suites, s, " ")
              for (i = 1; i <= nu; i++) for (j = 1; j <= ns; j++) print "deb", u[i], s[j], comps }
            types = uris = suites = comps = ""; enabled = "" }
          /^[[:space:]]*#/ { next }
          /^[[:space:]]*$/ { flush(); next }
          { key = tolower($1); sub(/:$/, "", key); $1 = ""; sub(/^ +/, "")
            if (key == "types") types = $0; else if (key == "uris") uris = $0
            else if (key == "suites") suites = $0; else if (key == "components") comps = $0
            else if (key == "enabled") enabled = tolower($0) }
          END { flush() }' "$f"
      done
    } | awk -v s="$suite" '($3 == s || $3 == s "-updates" || $3 == s "-security") && / main( |$)/ {
          print $1, $2, $3, "main" }' | awk '!seen[$0]++')
fi
[[ ${#mirrors[@]} -gt 0 ]] || die "no Debian mirror for $suite found in the host's apt sources"
info "recipe $name: suite $suite, ${#packages[@]} packages, disk $disk_size"
for m in "${mirrors[@]}"; do info "mirror: $m"; done
done_step

# --- 2. mmdebstrap ---------------------------------------------------------------------------------
step 2 "mmdebstrap (downloads and installs the packages; the long step)"
mmargs=(--mode=root --variant=minbase --aptopt='Apt::Install-Recommends "false"'
  --include="$(IFS=,; echo "${packages[*]}")")
for e in "${excludes[@]}"; do mmargs+=(--dpkgopt="path-exclude=$e"); done
# A constant hook string: paths reach the hook through the environment, never through the shell.
mmargs+=(--customize-hook='"$HARNESS_BUILD_SCRIPT" --customize "$1"')
export HARNESS_BUILD_SCRIPT="$SELF" HARNESS_HOOK_DIRS="$hook_dirs"
# In the background so that a signal can reach it; its lines are indented into our progress.
mmdebstrap "${mmargs[@]}" "$suite" "$rootfs" "${mirrors[@]}" > >(sed -u -e 's/^/[image]   /') 2>&1 &
child=$!
wait "$child" || die "mmdebstrap failed (exit $?)"
child=""
done_step

# --- 3. manifest -----------------------------------------------------------------------------------
step 3 "manifest"
dpkg-query --admindir="$rootfs/var/lib/dpkg" -W -f='${db:Status-Abbrev} ${Package} ${Version}\n' |
  awk '$1 == "ii" { print $2, $3 }' | LC_ALL=C sort >"$out/manifest.txt"
count=$(wc -l <"$out/manifest.txt")
[[ "$count" -gt 0 ]] || die "empty manifest"
# A pinned version that apt did not install is a failed build, not a surprise later.
while IFS=$'\t' read -r pkg ver; do
  grep -qxF "$pkg $ver" "$out/manifest.txt" || die "pin $pkg=$ver not installed"
done < <(get '(.pins // {}) | to_entries[] | "\(.key)\t\(.value)"')
info "$count packages"
done_step

# --- 4. kernel and initrd for direct kernel boot -------------------------------------------------
step 4 "kernel and initrd"
shopt -s nullglob
kernels=("$rootfs"/boot/vmlinuz-*)
shopt -u nullglob
[[ ${#kernels[@]} -eq 1 ]] || die "expected one kernel in /boot, found ${#kernels[@]}"
kver=${kernels[0]##*/vmlinuz-}
[[ -f "$rootfs/boot/initrd.img-$kver" ]] || die "no initrd.img-$kver"
cp "${kernels[0]}" "$out/vmlinuz"
cp "$rootfs/boot/initrd.img-$kver" "$out/initrd.img"
printf '%s\n' "$kver" >"$out/kernel-version"
printf '%s\n' "$cmdline" >"$out/cmdline"
info "kernel $kver"
done_step

# --- 5. root filesystem --------------------------------------------------------------------------
step 5 "mkfs.ext4 -d (root filesystem, $disk_size)"
mkfs.ext4 -q -F -L root -d "$rootfs" "$raw" "$disk_size"
done_step

# --- 6. qcow2 --------------------------------------------------------------------------------------
step 6 "qemu-img convert to qcow2"
qemu-img convert -O qcow2 "$raw" "$out/root.qcow2"
rm -f "$raw"
done_step

# --- 7. clean up ------------------------------------------------------------------------------------
step 7 "clean up"
rm -rf --one-file-system "$rootfs" "$TMPDIR"
chmod 0444 "$out/root.qcow2" "$out/vmlinuz" "$out/initrd.img"
info "image size $(du -sh "$out/root.qcow2" | cut -f1), total $((SECONDS - t_start)) s"
: >"$out/.build-ok"
printf '[image] done: %s\n' "$out"
