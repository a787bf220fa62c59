#!/usr/bin/env bash
# The installed harness, run away from the checkout: installs into a scratch directory (MODE
# prefix: `cmake --install`; MODE deb: `cpack -G DEB` then `dpkg-deb -x`), then from another
# directory checks --help, list, validate, that the data files are the checkout's, that the
# binary reads the installed copy (not the checkout), and the errors when it finds none.
#   install_test.sh prefix|deb BUILD_DIR SOURCE_DIR DATA_SUBDIR
set -euo pipefail
mode=${1:?mode}; build=${2:?build dir}; src=${3:?source dir}; data_sub=${4:?data subdir}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/harness-install-test.XXXXXX")
# `cmake --install` also leaves a manifest in the build directory: removed unless it was there.
manifest=$build/install_manifest.txt
[[ -e $manifest ]] && keep_manifest=1 || keep_manifest=0
cleanup() {
  rm -rf "$tmp"
  if ((!keep_manifest)); then rm -f "$manifest"; fi
}
trap cleanup EXIT
unset HARNESS_DATA_DIR
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# run NAME EXPECTED_RC CMD...: runs CMD from $tmp/cwd, output in $tmp/NAME.{out,err}.
run() {
  local name=$1 want=$2 rc=0
  shift 2
  (cd "$tmp/cwd" && "$@") >"$tmp/$name.out" 2>"$tmp/$name.err" || rc=$?
  if [[ $rc -ne $want ]]; then
    fail "$name: exit $rc, expected $want ($*)"
    sed 's/^/  stderr: /' "$tmp/$name.err" >&2
  fi
}
has() {  # has NAME STREAM TEXT
  grep -qF -- "$3" "$tmp/$1.$2" || { fail "$1: $2 lacks '$3'"; sed "s/^/  $2: /" "$tmp/$1.$2" >&2; }
}

[[ -x $build/harness ]] || { echo "FAIL: $build/harness is not built" >&2; exit 1; }
mkdir -p "$tmp/cwd"
case $mode in
  prefix)
    cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log"
    root=$tmp/prefix ;;
  deb)
    (cd "$build" && cpack -G DEB -B "$tmp/pkg") >"$tmp/cpack.log" || { cat "$tmp/cpack.log" >&2; exit 1; }
    debs=("$tmp"/pkg/*.deb)
    [[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || { echo "FAIL: no single .deb in $tmp/pkg" >&2; exit 1; }
    dpkg-deb -x "${debs[0]}" "$tmp/unpacked"
    root=$tmp/unpacked/usr
    [[ $(dpkg-deb -f "${debs[0]}" Package) == failover-harness ]] || fail "deb: Package is not failover-harness"
    version=$("$build/harness" --version)
    [[ $(dpkg-deb -f "${debs[0]}" Version) == "$version" ]] || fail "deb: Version is not $version"
    if command -v dpkg-shlibdeps >/dev/null; then
      for dep in libc6 libstdc++6 libvirt0; do
        dpkg-deb -f "${debs[0]}" Depends | grep -q "\b$dep\b" || fail "deb: Depends lacks $dep"
      done
    fi
    dpkg-deb -f "${debs[0]}" Recommends | grep -q libvirt-daemon-system || fail "deb: Recommends lacks libvirt-daemon-system" ;;
  *) echo "usage: $0 prefix|deb BUILD_DIR SOURCE_DIR DATA_SUBDIR" >&2; exit 2 ;;
esac
bin=$root/bin/harness
data=$root/$data_sub

# The data files are the checkout's, at the same relative paths.
[[ -x $bin ]] || fail "no executable $bin"
shipped=(drivers/lio/ocf/harness-alua drivers/lio/lio-setup drivers/lio/configfs-set
         drivers/scst/ocf/harness-scst-alua
         drivers/observers/harness-observe drivers/fio/fio-run drivers/ledger/ledger-run
         vm-images/build-image.sh vm-images/default/recipe.json scenarios/schema.json)
for f in "${shipped[@]}"; do
  cmp -s "$src/$f" "$data/$f" || fail "installed $f differs from the checkout or is missing"
done
diff -r "$src/vm-images" "$data/vm-images" >/dev/null || fail "installed vm-images/ differs from the checkout"
[[ -x $data/drivers/lio/ocf/harness-alua ]] || fail "the OCF agent is not executable"
[[ -x $data/drivers/scst/ocf/harness-scst-alua ]] || fail "the SCST OCF agent is not executable"
# The ledger's guest program is built, not copied: installed where the harness reads guest files.
cmp -s "$build/drivers/ledger/harness-ledger" "$data/drivers/ledger/harness-ledger" ||
  [[ -x $data/drivers/ledger/harness-ledger ]] || fail "the ledger's guest program is not installed"
if find "$data" -name '*.cpp' -o -name '*.hpp' | grep -q .; then fail "C++ sources installed"; fi

run help 0 "$bin" --help
has help out validate
has help out list

# The catalogue is the folder's own files; scenarios/reference-stack/ is installed beside it.
catalogue=$(find "$src/scenarios" -maxdepth 1 -name '*.json' ! -name schema.json | wc -l)
[[ -f "$data/scenarios/reference-stack/node-kill-active-scst-virsh.json" ]] || fail "reference-stack matrix not installed"
run list 0 "$bin" list
has list out node-kill-active
[[ $(wc -l <"$tmp/list.out") -eq $catalogue ]] || fail "list: $(wc -l <"$tmp/list.out") lines for $catalogue scenarios"

run validate 0 "$bin" validate "$data/scenarios/node-kill-active.json"
has validate out "ok  $data/scenarios/node-kill-active.json"

# The installed copy is what it reads: a scenario only there shows up, by default.
sed 's/"name": *"node-kill-active"/"name": "install-probe"/' "$data/scenarios/node-kill-active.json" \
  >"$data/scenarios/zz-install-probe.json"
run list_probe 0 "$bin" list
has list_probe out install-probe
run validate_default 0 "$bin" validate
has validate_default out "ok  $data/scenarios/zz-install-probe.json"

# A binary with no data beside it says where it looked and which variable to set...
mkdir -p "$tmp/lonely/bin" && cp "$bin" "$tmp/lonely/bin/harness"
run lonely 3 "$tmp/lonely/bin/harness" list
has lonely err "$tmp/lonely/share/failover-harness"
has lonely err HARNESS_DATA_DIR
# ...and works once told; a variable naming nothing is an error naming it.
run lonely_env 0 env HARNESS_DATA_DIR="$data" "$tmp/lonely/bin/harness" list
has lonely_env out install-probe
run bad_env 3 env HARNESS_DATA_DIR="$tmp/nowhere" "$bin" list
has bad_env err "$tmp/nowhere"

if ((failures)); then echo "install test ($mode): $failures failure(s)" >&2; exit 1; fi
echo "install test ($mode): ok ($bin)"
