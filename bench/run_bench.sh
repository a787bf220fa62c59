#!/bin/bash
# Runs one scenario end to end with the real lab and measures the harness itself: time to
# verdict, CPU (own threads, and with the ssh/virsh children it reaped) as a share of one core,
# peak RSS. For every pause fault it also reports the measured stall against the pause the
# hypervisor really held (QEMU's stamps of the vCPUs stopping and starting; and the libvirt calls'
# starts) and against the scenario's nominal duration: the measurement-fidelity figure.
# Usage: bench/run_bench.sh [BUILD_DIR] SCENARIO [OUT_DIR]
#   bench/run_bench.sh build bench/pause-fidelity.json
#   bench/run_bench.sh build scenarios/node-kill-active.json
set -euo pipefail
build=${1:?build dir}
scenario=${2:?scenario file}
out=${3:-/tmp/harness-bench}
mkdir -p "$out"
samples="$out/samples.txt"
children="$out/children.txt"
: >"$samples"
: >"$children"
hz=$(getconf CLK_TCK)

# Progress lines (deploy steps with their times) go to stdout.txt with the verdict.
"$build/harness" run --out "$out" "$scenario" >"$out/stdout.txt" 2>&1 &
pid=$!
# The harness owns its lab: an interrupted bench stops it, and the harness tears down.
trap 'kill -INT "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true' INT TERM
t0=$(date +%s.%N)
# Fields of /proc/PID/stat after the command name: utime stime cutime cstime are 12..15.
while [ -r "/proc/$pid/stat" ]; do
  stat=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null) || break
  rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status" 2>/dev/null) || break
  [ -n "$rss" ] || break
  read -r -a f <<<"$stat"
  echo "$(date +%s.%N) ${f[11]} ${f[12]} ${f[13]} ${f[14]} $rss" >>"$samples"
  # The harness's live children with their CPU so far (own + reaped): the long-lived ones
  # (fence listener sshd, observer channels, ssh masters) are attributed by name at the end.
  for st in /proc/[0-9]*/stat; do
    read -r line 2>/dev/null <"$st" || continue
    rest=${line##*) }
    read -r -a g <<<"$rest"
    comm=${line#*(}; comm=${comm%%)*}
    # The ssh masters (ControlPersist) detach from the harness: found by their renamed argv.
    if [ "${g[1]}" != "$pid" ]; then
      [ "$comm" = ssh ] || continue
      IFS= read -r -d '' argv0 <"${st%stat}cmdline" 2>/dev/null || true
      [[ $argv0 == "ssh: /tmp/harness-ssh-"*"[mux]" ]] || continue
      comm="ssh-master(detached)"
    fi
    echo "${st//[!0-9]/} $comm $(( g[11] + g[12] + g[13] + g[14] ))" >>"$children"
  done
  sleep 1
done
rc=0
wait "$pid" || rc=$?
t1=$(date +%s.%N)

awk -v hz="$hz" -v t0="$t0" -v t1="$t1" -v rc="$rc" '
  { last = $0; if ($6 > peak) peak = $6; n++ }
  END {
    split(last, l, " ")
    own = (l[2] + l[3]) / hz; kids = (l[4] + l[5]) / hz; wall = t1 - t0
    printf "exit %d, time to verdict %.0f s, %d samples\n", rc, wall, n
    printf "harness CPU: own %.1f s = %.2f %% of a core; with reaped children %.1f s = %.2f %%\n",
           own, 100 * own / wall, own + kids, 100 * (own + kids) / wall
    printf "harness peak RSS: %.1f MiB\n", peak / 1024
  }' "$samples"
# Children seen alive in two samples or more, by name (last CPU seen per pid); what the
# harness reaped beyond them is its short commands (ssh through the masters, put_file).
awk -v hz="$hz" -v samples="$samples" '
  { seen[$1]++; name[$1] = $2; cpu[$1] = $3 }
  END {
    while ((getline l < samples) > 0) last = l
    split(last, f, " "); kids = (f[4] + f[5]) / hz
    for (p in seen) if (seen[p] >= 2) {
      by[name[p]] += cpu[p] / hz; n[name[p]]++
      if (name[p] !~ /detached/) long += cpu[p] / hz
    }
    for (c in by) printf "  long-lived %s (%d): %.1f s\n", c, n[c], by[c]
    printf "  short commands (reaped, not seen twice): %.1f s\n", kids - long
  }' "$children"

result=$(ls -td "$out"/*/result.json 2>/dev/null | head -1)
[ -n "$result" ] || { echo "no result.json under $out" >&2; exit 1; }
history="$(dirname "$result")/history.jsonl"
echo "run: $(dirname "$result")"
# Per pause: stall from the path-switch check against the hold: QEMU's own stamps of the vCPUs
# stopping and starting (the suspended/resumed events with stamp "qemu"), and the libvirt calls
# (inject and heal events, each stamped on the host at the start of its call).
python3 - "$result" "$history" <<'EOF'
import json, sys
result = json.load(open(sys.argv[1]))
inj, heal, vm = {}, {}, {"suspended": [], "resumed": []}
for line in open(sys.argv[2]):
    e = json.loads(line)
    if e.get("kind") == "lifecycle" and e.get("what") in vm and e.get("data", {}).get("stamp") == "qemu":
        vm[e["what"]].append(e["t_ns"])
    if e.get("what") != "pause": continue
    step = e.get("data", {}).get("step")
    if e.get("kind") == "inject": inj[step] = (e["t_ns"], e["data"].get("call_end_ns", e["t_ns"]))
    if e.get("kind") == "heal": heal[step] = (e["t_ns"], e["data"].get("call_end_ns", e["t_ns"]))
def within(ts, span):
    return next((t for t in ts if span[0] <= t <= span[1]), None)
nominal = {s["id"]: s.get("duration_s") for s in json.load(open(sys.argv[1].replace("result.json", "scenario.json")))["steps"]}
ps = next(c for c in result["checks"] if c["name"] == "path_switch")
errs, errs_vm = [], []
for f in ps["metrics"].get("faults", []):
    if f["fault"] != "pause": continue
    step = f["step"]
    held = (heal[step][0] - inj[step][0]) / 1e9
    stall = f["longest_stall_s"]
    errs.append(stall - held)
    stop, start = within(vm["suspended"], inj[step]), within(vm["resumed"], heal[step])
    vm_text = "held by QEMU n/a"
    if stop is not None and start is not None:
        held_vm = (start - stop) / 1e9
        errs_vm.append(stall - held_vm)
        vm_text = f"held by QEMU {held_vm:.3f} s (error {1000 * (stall - held_vm):+.0f} ms)"
    print(f"{step}: stall {stall:.3f} s; {vm_text}; held by the calls {held:.3f} s (error "
          f"{1000 * (stall - held):+.0f} ms); nominal {nominal[step]:.3f} s (error "
          f"{1000 * (stall - nominal[step]):+.0f} ms)")
if errs_vm:
    mean = sum(errs_vm) / len(errs_vm)
    print(f"pauses: {len(errs_vm)}, error vs held by QEMU: mean {1000 * mean:+.0f} ms, "
          f"max |error| {1000 * max(abs(e) for e in errs_vm):.0f} ms, within 50 ms: "
          f"{sum(abs(e) <= 0.050 for e in errs_vm)}")
if errs:
    mean = sum(errs) / len(errs)
    print(f"pauses: {len(errs)}, error vs held by the calls: mean {1000 * mean:+.0f} ms, "
          f"max |error| {1000 * max(abs(e) for e in errs):.0f} ms")
print("phases: " + ", ".join(f"{p['name']} {p['duration_s']:.0f} s" for p in result.get("phases", [])
                             if p.get("state") != "skipped"))
for c in result["checks"]:
    print(f"{c['name']}: {c['verdict']}: {c['summary']}")
EOF
