#!/usr/bin/env python3
"""report.html of a recorded run, rendered by the harness and opened in headless Chromium.

  report_page_test.py HARNESS HISTORY SCENARIO OUT_DIR

Assembles OUT_DIR/report-run/ as a run directory from a recorded history.jsonl and the scenario
it was run with (plus a result.json holding what the history says: run id, scenario, seed,
start, duration, phases), lets `harness report --recheck` judge it and write junit.xml and
report.html as after a real run, then checks the page with check_page.py; the screenshot is
OUT_DIR/report.png.
Exit 0 when the page ran without a script error and the screenshot was taken.
"""
import json
import os
import shutil
import subprocess
import sys

import check_page


def phases(events):
    """The runner's phases from the history's `phase` begin/end events, as result.json has them."""
    begun, out = {}, []
    for e in events:
        if e.get("kind") != "phase":
            continue
        state = e.get("data", {}).get("state")
        if state == "begin":
            begun[e["what"]] = e["t_ns"]
        elif state == "end" and e["what"] in begun:
            out.append({"name": e["what"], "state": "ok",
                        "duration_s": (e["t_ns"] - begun.pop(e["what"])) / 1e9})
    return out


def assemble_run_dir(history, scenario, run_dir):
    shutil.rmtree(run_dir, ignore_errors=True)
    os.makedirs(run_dir)
    shutil.copyfile(history, os.path.join(run_dir, "history.jsonl"))
    shutil.copyfile(scenario, os.path.join(run_dir, "scenario.json"))
    with open(history, encoding="utf-8") as f:
        header, *events = [json.loads(line) for line in f if line.strip()]
    with open(scenario, encoding="utf-8") as f:
        description = json.load(f).get("description", "")
    meta = header.get("meta", {})
    # The checks and the verdict are left to --recheck; exit_code 0 lets it decide them.
    result = {"format": "harness-result/1", "run_id": header["run_id"],
              "scenario": meta.get("scenario", ""), "scenario_file": scenario,
              "description": description, "seed": meta.get("seed", 0),
              "started_realtime_ns": header["realtime_anchor_ns"],
              "duration_s": (events[-1]["t_ns"] - events[0]["t_ns"]) / 1e9,
              "exit_code": 0, "lab": "recorded: " + os.path.basename(history),
              "checks": [], "phases": phases(events)}
    with open(os.path.join(run_dir, "result.json"), "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    harness, history, scenario, out_dir = sys.argv[1:]
    run_dir = os.path.join(out_dir, "report-run")
    assemble_run_dir(history, scenario, run_dir)
    # 0 passed, 1 a check failed: both render the page; 2 and 3 are errors of the fixture.
    r = subprocess.run([harness, "report", "--recheck", run_dir])
    page = os.path.join(run_dir, "report.html")
    if r.returncode not in (0, 1) or not os.path.isfile(page):
        print(f"harness report exited with {r.returncode}; no page to check", file=sys.stderr)
        return 1
    chromium = shutil.which("chromium")
    if not chromium:
        print("chromium not found; install Debian's chromium (scripts/setup.sh)", file=sys.stderr)
        return 1
    problems = check_page.check(page, os.path.join(out_dir, "report.png"), chromium, 60)
    return check_page.report(problems, page, os.path.join(out_dir, "report.png"))


if __name__ == "__main__":
    sys.exit(main())
