#!/usr/bin/env bash
# Installs what the harness needs from Debian's archive (idempotent: apt runs only when a
# package is missing) and builds it into build/. Run as root on Debian 12.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  # build
  cmake g++ make pkg-config libboost-dev nlohmann-json3-dev libgtest-dev libgmock-dev
  libcli11-dev libfmt-dev libspdlog-dev libpugixml-dev libbenchmark-dev libvirt-dev
  # lab: libvirt + QEMU, image building, guest access
  libvirt-daemon-system libvirt-clients libvirt-daemon-driver-qemu qemu-system-x86 qemu-utils
  mmdebstrap e2fsprogs dnsmasq-base iproute2 openssh-client openssh-server procps jq
  # tests: schema and JUnit validation
  python3 python3-jsonschema libxml2-utils
)

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

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
