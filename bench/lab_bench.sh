#!/bin/bash
# Measures `harness lab up` (cached image → all nodes SSH-ready) and `harness lab down`, and the
# RSS of each guest's QEMU, on this host. Usage: bench/lab_bench.sh [BUILD_DIR] [ROUNDS]
# Prints one line per round: "up_s down_s rss_mib(n1,n2,initiator)". Removes its lab at exit.
set -euo pipefail
build=${1:-build}
rounds=${2:-1}
harness="$build/harness"
lab=bench
trap '"$harness" lab down --lab "$lab" >/dev/null 2>&1 || "$harness" cleanup --lab "$lab" --force >/dev/null 2>&1 || true' EXIT
for ((i = 1; i <= rounds; i++)); do
  t0=$(date +%s.%N)
  "$harness" lab up --lab "$lab" --no-deploy >/dev/null
  t1=$(date +%s.%N)
  rss=""
  for dom in $(virsh -c qemu:///system list --name | grep -- '-n1$\|-n2$\|-initiator$'); do
    pid=$(cat "/var/run/libvirt/qemu/$dom.pid")
    rss+="${dom##*-}=$(awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")MiB "
  done
  "$harness" lab down --lab "$lab" >/dev/null
  t2=$(date +%s.%N)
  printf 'round %d: up %.1f s, down %.1f s, rss %s\n' "$i" "$(echo "$t1 - $t0" | bc)" \
    "$(echo "$t2 - $t1" | bc)" "$rss"
done
