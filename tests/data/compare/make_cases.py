#!/usr/bin/env python3
"""Builds the recorded run and matrix directories of tests/data/compare/ from sources/ (README.md
says what each case is and where the sources come from):

    cd tests/data/compare && python3 make_cases.py
"""
import copy
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
IMAGE_HASH = "352c13631bbba075afb4fb0d26fd2238c0f6da9683fe5c71164e600204b441ca"
# The packages a storage engineer looks at (sources/ keeps only these of the real manifest).
KEEP = ["corosync", "drbd-utils", "libc6", "linux-image-6.1.0-57-amd64", "linux-image-amd64",
        "multipath-tools", "open-iscsi", "pacemaker", "pacemaker-cli-utils", "pacemaker-common",
        "pacemaker-resource-agents", "sg3-utils", "targetcli-fb"]
# A trixie-like candidate: versions edited by hand to build the diff (illustrative, not a record).
TRIXIE = {
    "corosync": "3.1.9-2", "multipath-tools": "0.11.1-2", "pacemaker": "3.0.1-1",
    "pacemaker-cli-utils": "3.0.1-1", "pacemaker-common": "3.0.1-1",
    "pacemaker-resource-agents": "3.0.1-1", "linux-image-amd64": "6.12.57-1",
}
TRIXIE_ADDED = {"linux-image-6.12.57+deb13-amd64": "6.12.57-1"}
TRIXIE_REMOVED = ["linux-image-6.1.0-57-amd64"]


def trimmed(path):
    r = json.load(open(path))
    r["suspect"], r["suspect_reason"] = False, ""
    r["scenario_file"] = "scenarios/" + r["scenario"] + ".json"
    return r


def set_stall(r, stall):
    m = next(c for c in r["checks"] if c["name"] == "path_switch")["metrics"]
    for d in [m] + m["faults"]:
        d["longest_stall_s"] = stall
        d["stall_end_s"] = round(d["stall_start_s"] + stall, 3)


def fail_path_switch(r, stall):
    """The path switch check's failure, worded as harness/checks/path_switch.cpp words it."""
    set_stall(r, stall)
    c = next(c for c in r["checks"] if c["name"] == "path_switch")
    m = c["metrics"]
    text = (f"I/O stalled {stall:.3f} s after {m['fault']} of {m['node']} (step {m['step']}), "
            f"over the {m['path_switch_max_s']:.3f} s limit")
    c["verdict"], c["summary"] = "fail", text
    m["faults"][0]["failures"] = [text]
    r["exit_code"] = 1


def renamed(r, scenario):
    r = copy.deepcopy(r)
    r["scenario"] = scenario
    r["scenario_file"] = "scenarios/" + scenario + ".json"
    return r


def write_run(dir, r, run_id, manifest=None, image=None):
    os.makedirs(dir, exist_ok=True)
    r = copy.deepcopy(r)
    r["run_id"] = run_id
    if image:
        r["versions"]["image"], r["versions"]["image_hash"] = image
    json.dump(r, open(os.path.join(dir, "result.json"), "w"), indent=2, sort_keys=True)
    if manifest is not None:
        with open(os.path.join(dir, "image-manifest.txt"), "w") as f:
            f.writelines(f"{p} {v}\n" for p, v in sorted(manifest.items()))


def write_matrix(dir, matrix_id, scenarios):
    """scenarios: [(name, [(run_id, result), ...])]; verdicts as decide_verdict takes them."""
    out = {"format": "harness-matrix/1", "matrix_id": matrix_id, "seed": 11,
           "shard": {"index": 1, "count": 1}, "repeat": 3, "pass_rate_required": 1.0,
           "started_realtime_ns": 1796656199973343070, "duration_s": 3600.0, "scenarios": []}
    for name, runs in scenarios:
        exits = [r["exit_code"] for _, r in runs]
        passes, fails = exits.count(0), exits.count(1)
        repeats = [{"repeat": i + 1, "run_id": rid, "run_dir": rid, "seed": 11 + i,
                    "exit_code": r["exit_code"], "duration_s": r["duration_s"],
                    "suspect": False, "suspect_reason": "", "retry": False,
                    "lab_mode": "reverted", "deploy_key": "b9568fc0c6976644",
                    "verdict": "pass" if r["exit_code"] == 0 else "fail"}
                   for i, (rid, r) in enumerate(runs)]
        out["scenarios"].append({
            "scenario": name, "file": "scenarios/" + name + ".json",
            "exit_code": 0 if fails == 0 else 1, "verdict": "pass" if fails == 0 else "fail",
            "flake": passes > 0 and fails > 0, "pass_rate": passes / (passes + fails),
            "passes": passes, "fails": fails, "errors": 0, "suspect": False, "repeats": repeats})
    json.dump(out, open(os.path.join(dir, "matrix.json"), "w"), indent=2, sort_keys=True)


def main():
    src = os.path.join(HERE, "sources")
    ring0 = trimmed(os.path.join(src, "ring0-loss.result.json"))
    pause = trimmed(os.path.join(src, "pause-active-3s.result.json"))
    real = dict(l.split(" ", 1) for l in open(os.path.join(src, "default-352c13631bbb.manifest.txt"))
                .read().splitlines())
    bookworm = {p: real[p].strip() for p in KEEP}
    trixie = {p: TRIXIE.get(p, v) for p, v in bookworm.items() if p not in TRIXIE_REMOVED}
    trixie.update(TRIXIE_ADDED)
    for d in os.listdir(HERE):
        if d != "sources" and os.path.isdir(os.path.join(HERE, d)):
            shutil.rmtree(os.path.join(HERE, d))

    bw, tx = ("default", IMAGE_HASH), ("trixie", "9f0e" + IMAGE_HASH[4:])
    write_run(os.path.join(HERE, "bookworm-run"), ring0, "ring0-loss-20261207-151526-45ce",
              bookworm, bw)
    stall = copy.deepcopy(ring0)
    set_stall(stall, 2.5)
    write_run(os.path.join(HERE, "trixie-stall"), stall, "ring0-loss-20261208-090000-aa01",
              trixie, tx)
    failed = copy.deepcopy(ring0)
    fail_path_switch(failed, 4.2)
    write_run(os.path.join(HERE, "trixie-fail"), failed, "ring0-loss-20261208-091500-aa02",
              trixie, tx)
    killed = os.path.join(HERE, "killed-run")
    os.makedirs(killed)
    # What create_run_directory leaves before the run: the scenario, no result.json yet.
    shutil.copy(os.path.join(HERE, "..", "..", "..", "scenarios", "ring0-loss.json"),
                os.path.join(killed, "scenario.json"))

    # Matrices with three repeats each; A with manifests, B from before runs carried one.
    a = os.path.join(HERE, "matrix-a")
    a_runs = {"ring0-loss": [0.311, 0.35, 0.29], "pause-active-3s": [3.039, 3.2, 2.9]}
    scen = []
    for name, stalls in a_runs.items():
        base = ring0 if name == "ring0-loss" else pause
        runs = []
        for i, s in enumerate(stalls):
            r = copy.deepcopy(base)
            set_stall(r, s)
            rid = f"{name}-20261207-16{i}000-a{i}"
            write_run(os.path.join(a, rid), r, rid, bookworm, bw)
            runs.append((rid, r))
        scen.append((name, runs))
    only_a = renamed(ring0, "ring1-loss")
    write_run(os.path.join(a, "ring1-loss-20261207-170000-a9"), only_a,
              "ring1-loss-20261207-170000-a9", bookworm, bw)
    scen.append(("ring1-loss", [("ring1-loss-20261207-170000-a9", only_a)]))
    write_matrix(a, "matrix-20261207-160000-aaaa", scen)

    b = os.path.join(HERE, "matrix-b")
    scen = []
    ring_b = []
    for i, s in enumerate([0.33, 3.4, 0.30]):  # the second repeat fails: a flake
        r = copy.deepcopy(ring0)
        if s > 3:
            fail_path_switch(r, s)
        else:
            set_stall(r, s)
        rid = f"ring0-loss-20261208-16{i}000-b{i}"
        write_run(os.path.join(b, rid), r, rid)
        ring_b.append((rid, r))
    scen.append(("ring0-loss", ring_b))
    pause_b = []
    for i, s in enumerate([4.3, 4.9, 3.6]):  # median +1.261 s: beyond 1 s, within 1 s + spread
        r = copy.deepcopy(pause)
        set_stall(r, s)
        rid = f"pause-active-3s-20261208-17{i}000-b{i}"
        write_run(os.path.join(b, rid), r, rid)
        pause_b.append((rid, r))
    scen.append(("pause-active-3s", pause_b))
    only_b = renamed(ring0, "link-cut-passive")
    write_run(os.path.join(b, "link-cut-passive-20261208-180000-b9"), only_b,
              "link-cut-passive-20261208-180000-b9")
    scen.append(("link-cut-passive", [("link-cut-passive-20261208-180000-b9", only_b)]))
    write_matrix(b, "matrix-20261208-160000-bbbb", scen)


if __name__ == "__main__":
    main()
