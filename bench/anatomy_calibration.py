#!/usr/bin/env python3
"""Calibration of the failover anatomy: known delays injected, the anatomy's measure of them.

  bench/anatomy_calibration.py RUN_OR_MATRIX_DIR...

Reads each run directory's scenario.json, result.json (the path-switch check's per-fault
anatomy, docs/ANATOMY.md) and history.jsonl, and compares three known delays with what the
anatomy measured:

  pause       a pause of D s (bench/calibrate-pause.json): the `fault_removed` step, from QEMU's
              stamp of the vCPUs stopping to its stamp of their resume. Hypervisor-stamped.
  fence delay the fence delay (fence.delay_s) on the device that fences the killed node
              (bench/calibrate-failover-delayed.json against -baseline.json): the `fencing` step
              of delayed runs minus the mean of undelayed ones. Journal-stamped (the fencer's
              request and result lines, the fence history's second).
  transition  LIO's trans_delay_msecs (lab.alua_transition_delay_ms): the ALUA agent's promotion
              (the vocabulary's promote_started -> promote_done, pacemaker-controld's lines) in
              delayed runs minus the mean of runs without. Journal-stamped.

For each: the samples, the mean error and the worst error against the injected delay.
"""
import json
import pathlib
import re
import statistics
import sys

PROMOTE_START = re.compile(r"Initiating promote operation (\S+)_promote_0")
PROMOTE_DONE = re.compile(r"Result of promote operation for (\S+) on \S+: (?:ok|OK)")


def run_dirs(paths):
    """Each run directory once: matrix directories hold runs and a `latest` link to one."""
    seen = set()
    for p in map(pathlib.Path, paths):
        found = [p] if (p / "result.json").is_file() else sorted(
            d.parent for d in p.glob("*/result.json") if not d.parent.is_symlink())
        for d in found:
            if d.resolve() not in seen:
                seen.add(d.resolve())
                yield d


def promote_spans(history, resource="alua"):
    """Seconds each promotion of `resource` took, from the controller's lines."""
    spans, start = [], None
    with open(history) as f:
        for line in f:
            if "promote operation" not in line:
                continue
            e = json.loads(line)
            if e.get("kind") != "observation" or e.get("what") != "log":
                continue
            m = e["data"].get("message", "")
            if (s := PROMOTE_START.search(m)) and s.group(1) == resource:
                start = e["t_ns"]
            elif (d := PROMOTE_DONE.search(m)) and d.group(1) == resource and start is not None:
                spans.append((e["t_ns"] - start) / 1e9)
                start = None
    return spans


def call_windows(history):
    """Per pause step: the harness's suspend and resume calls (start, end), host clock."""
    calls = {}
    with open(history) as f:
        for line in f:
            if '"kind":"inject"' not in line and '"kind":"heal"' not in line:
                continue
            e = json.loads(line)
            step = e["data"].get("step")
            calls.setdefault(step, {})[e["kind"]] = (e["t_ns"], e["data"].get("call_end_ns", e["t_ns"]))
    return calls


def summary(label, injected_s, errors, stamped):
    if not errors:
        print(f"{label}: no samples")
        return
    mean = statistics.fmean(errors)
    worst = max(errors, key=abs)
    print(f"{label}: injected {injected_s:.3f} s, {len(errors)} samples, mean error "
          f"{mean * 1000:+.0f} ms, worst {worst * 1000:+.0f} ms ({stamped})")


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    pause_err, pause_len, pause_inside, calls = [], None, [], {}
    fencing = {}     # fence delay applied to the killed node -> fencing step durations
    promotes = {}    # transition delay (s) -> promotion spans
    for d in run_dirs(argv):
        scenario = json.loads((d / "scenario.json").read_text())
        result = json.loads((d / "result.json").read_text())
        steps = {s.get("id"): s for s in scenario.get("steps", [])}
        fence = scenario.get("tunables", {}).get("fence", {})
        trans = (scenario.get("lab") or {}).get("alua_transition_delay_ms", 0) / 1000
        for check in result.get("checks", []):
            if check.get("name") != "path_switch":
                continue
            for f in check.get("metrics", {}).get("faults", []):
                a = f.get("anatomy") or {}
                durations = a.get("durations", {})
                if f.get("fault") == "pause" and "fault_removed" in durations:
                    step = steps.get(f.get("step"), {})
                    pause_len = step.get("duration_s", 0)
                    measured = durations["fault_removed"]
                    pause_err.append(measured - pause_len)
                    # The vCPUs were really held at least from the suspend call's end to the
                    # resume call's start and at most from the one's start to the other's end:
                    # what the hypervisor did, against which QEMU's stamps must fall.
                    c = calls.setdefault(d, call_windows(d / "history.jsonl")).get(f.get("step"), {})
                    window = ""
                    if "inject" in c and "heal" in c:
                        lo = (c["heal"][0] - c["inject"][1]) / 1e9
                        hi = (c["heal"][1] - c["inject"][0]) / 1e9
                        inside = lo - 0.004 <= measured <= hi + 0.004
                        pause_inside.append(inside)
                        window = f", calls allow {lo:.3f}..{hi:.3f} s: {'inside' if inside else 'OUTSIDE'}"
                    print(f"{d.name} {f.get('step')}: pause {pause_len:.3f} s measured "
                          f"{measured:.3f} s ±{a['steps'][0]['error_s']:.3f}{window}")
                if f.get("fault") == "node_kill" and "fencing" in durations:
                    delay = fence.get("delay_s", 0) if fence.get("delay_node") == f.get("node") else 0
                    fencing.setdefault(delay, []).append(durations["fencing"])
                    print(f"{d.name}: fence delay {delay} s, fencing step {durations['fencing']:.3f} s")
        if any(f.get("fault") == "node_kill" for c in result.get("checks", [])
               for f in c.get("metrics", {}).get("faults", [])):
            spans = promote_spans(d / "history.jsonl")
            promotes.setdefault(trans, []).extend(spans)
            print(f"{d.name}: transition delay {trans:.3f} s, promotion(s) " +
                  ", ".join(f"{s:.3f} s" for s in spans))
    print()
    if pause_err:
        summary("pause (fault_removed)", pause_len, pause_err, "QEMU stamps, hypervisor-side")
        print(f"pause: QEMU's hold within the libvirt calls' window in {sum(pause_inside)} of "
              f"{len(pause_inside)}; the error against the request is the suspend call's latency")
    for name, groups, stamped in (("fence delay (fencing step)", fencing, "journal, fence history"),
                                  ("ALUA transition delay (promotion)", promotes, "journal")):
        if 0 not in groups or len(groups) < 2:
            print(f"{name}: needs runs with and without the delay")
            continue
        base = statistics.fmean(groups[0])
        print(f"{name}: baseline {base:.3f} s over {len(groups[0])} sample(s), spread "
              f"{min(groups[0]):.3f}..{max(groups[0]):.3f} s")
        for delay, xs in sorted(groups.items()):
            if delay:
                summary(f"{name}", delay, [x - base - delay for x in xs], stamped)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
