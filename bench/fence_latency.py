#!/usr/bin/env python3
"""Fence latencies of recorded runs, and the fence delay they call for.

  bench/fence_latency.py [--margin-s M] runs/*/history.jsonl

Reads each run's History (docs/EVENTS.md) the way the fencing check does
(harness/checks/fence_race.cpp, on Pacemaker 2.1.5's lines: drivers/pacemaker/events.hpp) and
prints one row per fencing: who asked to fence whom and when (seconds from the first fault), the
delay it waited, and its latencies from the start (the end of the delay, or the request):
  cut     to the hypervisor's power cut of the target (lifecycle external destroyed/reset): what
          decides a race. Absent when the target was already off (node_kill: fence "off" of a
          dead domain).
  agent   to the fence agent's exit (pacemaker-fenced "Operation ... returned").
  result  to the fencer's result ("Operation ... : OK").
and, for runs where both nodes asked, the decision skew: how much later the protected node asked.

The suggested delay (docs/CHECKS.md, "Choosing the fence delay"):
  delay >= C + S + M
  C  the largest start→cut latency seen (start→result where no cut was recorded: an upper bound;
     for a fencing still pending when its own node was cut, the time it had run: a lower bound)
  S  the largest decision skew seen (0 when no run had both nodes ask)
  M  the margin for what the runs did not show: --margin-s, default max(2 s, C / 4)
so the protected node's shot lands before its peer's agent even starts, however fast that is.
"""
import argparse
import json
import re
import sys

LOST = re.compile(r"Node (\S+) state is now lost")
REQUEST = re.compile(r"Requesting fencing \((\w+)\) of node (\S+)")
DELAY = re.compile(r"Delaying '(\w+)' action targeting (\S+) using \S+ for (\d+)s")
AGENT = re.compile(r"Operation '(\w+)' \[\d+\] targeting (\S+) using \S+ (returned (-?\d+)|could not)")
RESULT = re.compile(r"Operation '(\w+)' targeting (\S+) by \S+ for \S*@(\S+): (\S+)")


def load(path):
    with open(path) as f:
        lines = f.read().splitlines()
    header = json.loads(lines[0]) if lines else {}
    events = [json.loads(l) for l in lines[1:] if l.strip()]
    events.sort(key=lambda e: e["t_ns"])
    return header, events


def attempts_of(events):
    """Fencing attempts keyed by (requester, target), the first of each (one episode a run)."""
    out, lost, config = {}, {}, {}
    for e in events:
        kind, node, data = e["kind"], e.get("node", ""), e.get("data", {})
        t = e["t_ns"]
        if kind == "note" and e["what"] == "run":
            config = data.get("tunables", {}).get("fence", {})
        elif kind == "observation" and e["what"] == "log":
            unit, msg = data.get("unit", ""), data.get("message", "")
            if unit == "pacemaker-controld":
                if m := LOST.search(msg):
                    lost[(node, m.group(1))] = t
                elif (m := REQUEST.search(msg)) and (node, m.group(2)) not in out:
                    out[(node, m.group(2))] = {"requester": node, "target": m.group(2),
                                               "lost": lost.get((node, m.group(2))),
                                               "request": t, "delay_line": None, "delay": 0}
            elif unit == "pacemaker-fenced":
                if m := DELAY.search(msg):
                    a = out.get((node, m.group(2)))
                    if a and a["delay_line"] is None:
                        a["delay_line"], a["delay"] = t, int(m.group(3)) * 10**9
                elif m := AGENT.search(msg):
                    a = out.get((node, m.group(2)))
                    if a and "agent" not in a:
                        a["agent"] = t
                elif m := RESULT.search(msg):
                    a = out.get((m.group(3), m.group(2)))
                    if a and "result" not in a:
                        a["result"], a["ok"] = t, m.group(4).startswith("OK")
        elif kind == "lifecycle" and data.get("cause") == "external" and e["what"] in ("destroyed", "reset"):
            for a in out.values():
                if a["target"] == node and "cut" not in a and a["request"] <= t:
                    a["cut"] = t
                # Its own node was cut while it still waited: its fencing never came.
                if a["requester"] == node and "down" not in a and a["request"] <= t and "result" not in a:
                    a["down"] = t
    for a in out.values():
        if a["delay_line"] is None and config.get("delay_s"):
            a["delay"] = int(config["delay_s"] * 1e9) if a["target"] == config.get("delay_node") else 0
        a["start"] = (a["delay_line"] if a["delay_line"] is not None else a["request"]) + a["delay"]
    return list(out.values()), config.get("delay_node")


def s(ns):
    return "-" if ns is None else f"{ns / 1e9:.1f}"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--margin-s", type=float, default=None)
    p.add_argument("histories", nargs="+")
    args = p.parse_args()

    worst_cut, worst_skew = 0, 0
    print(f"{'run':<44} {'fence':<9} {'asked':>6} {'delay':>6} {'cut':>6} {'agent':>6} {'result':>6}")
    for path in args.histories:
        header, events = load(path)
        base = next((e["t_ns"] for e in events if e["kind"] == "inject"), events[0]["t_ns"] if events else 0)
        attempts, delay_node = attempts_of(events)
        run = header.get("run_id", path)
        for a in attempts:
            lat = lambda k: a[k] - a["start"] if k in a else None
            print(f"{run:<44} {a['requester'] + '>' + a['target']:<9} {s(a['request'] - base):>6} "
                  f"{s(a['delay']):>6} {s(lat('cut')):>6} {s(lat('agent')):>6} {s(lat('result')):>6}"
                  + ("" if a.get("ok", True) else "  (failed)"))
            bound = lat("cut") if "cut" in a else lat("result")
            if bound is None and "down" in a and "agent" not in a:
                bound = lat("down")  # lost the race: its cut would have come later than this
                print(f"{'':<44} {'':<9} still pending {s(bound)} s after its start, when "
                      f"{a['requester']} was cut")
            if bound is not None:
                worst_cut = max(worst_cut, bound)
        by = {(a["requester"], a["target"]): a for a in attempts}
        for a in attempts:
            peer = by.get((a["target"], a["requester"]))
            if peer and a["requester"] == delay_node:
                skew = a["request"] - peer["request"]
                worst_skew = max(worst_skew, skew)
                print(f"{run:<44} race: {a['requester']} asked {s(skew)} s after {peer['requester']}")
    margin = args.margin_s * 1e9 if args.margin_s is not None else max(2e9, worst_cut / 4)
    print(f"\nC = {s(worst_cut)} s (largest start -> cut, else start -> result)")
    print(f"S = {s(worst_skew)} s (largest decision skew of the protected node)")
    print(f"M = {s(margin)} s")
    print(f"fence.delay_s >= C + S + M = {s(worst_cut + worst_skew + margin)} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
