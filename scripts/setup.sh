#!/usr/bin/env bash
# Installs what the harness needs from Debian's archive (idempotent: apt runs only when a
# package is missing) and builds it into build/. Run as root on Debian 12.
#   ./scripts/setup.sh [all|harness]
#     all (default): everything, tests and benchmarks included (scripts/test.sh)
#     harness:       only the harness binary and what it needs to run (scripts/run.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}

packages=(
  # build (python3: the layer check runs before harness links)
  cmake g++ make pkg-config libboost-dev nlohmann-json3-dev
  libcli11-dev libfmt-dev libspdlog-dev libpugixml-dev libvirt-dev python3
  # lab: libvirt + QEMU, image building, guest access
  libvirt-daemon-system libvirt-clients libvirt-daemon-driver-qemu qemu-system-x86 qemu-utils
  mmdebstrap e2fsprogs dnsmasq-base iproute2 openssh-client openssh-server procps jq
  # fencing's host side per fence.agent (docs/FENCING.md): fence_virtd for fence_xvm (its
  # libvirt backend is in the same package), ipmi_sim for fence_ipmilan's simulated BMCs, and
  # ipmitool, with which the unit tests drive one
  fence-virtd openipmi ipmitool
)
case $what in
  all)
    # tests and benchmarks: GoogleTest, Google Benchmark, schema and JUnit validation, and
    # dpkg-shlibdeps and file (CPack runs both) for the .deb the install test builds, whose
    # Depends it checks
    packages+=(libgtest-dev libgmock-dev libbenchmark-dev python3-jsonschema libxml2-utils dpkg-dev file)
    # chromium: the test browser_report_page opens report.html headless and fails on a script error
    packages+=(chromium)
    # Said explicitly each time: the options persist in build/CMakeCache.txt, so a build
    # configured by `setup.sh harness` would otherwise stay without tests.
    options=(-DHARNESS_BUILD_TESTS=ON -DHARNESS_BUILD_BENCH=ON)
    targets=() ;;
  harness)
    options=(-DHARNESS_BUILD_TESTS=OFF -DHARNESS_BUILD_BENCH=OFF)
    targets=(--target harness) ;;
  *) echo "usage: $0 [all|harness]" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: missing packages (${missing[*]}); run as root to install them" >&2
    exit 3
  fi
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo "${options[@]}" >/dev/null
cmake --build build -j"$(nproc)" "${targets[@]}"
