#!/usr/bin/env python3
"""Fails on an #include against the layer order of docs/ARCHITECTURE.md.

Every source file under harness/, drivers/ and reports/ belongs to one layer, decided by its
path; a file may include headers of its own layer and of the layers listed for it below.

  check_layers.py [ROOT]      check the tree at ROOT (default: this checkout); exit 1 on a violation
  check_layers.py --self-test check that a back-edge in a scratch tree is reported
"""
import os
import re
import sys
import tempfile

# Layer of a path (relative to the root), first match wins.
LAYERS = [
    ("core", re.compile(r"^harness/core/")),
    # A component's declarations: its event vocabulary (plain data and predicates the checks
    # and reports read) and its scenario keys (the option table the scenario parser reads).
    ("vocabulary", re.compile(r"^drivers/[a-z_]+/(events|options)\.(hpp|cpp)$")),
    ("scenario", re.compile(r"^harness/scenario/")),
    ("drivers", re.compile(r"^drivers/")),
    ("runner", re.compile(r"^harness/runner/")),
    ("checks", re.compile(r"^harness/checks/")),
    ("reports", re.compile(r"^reports/")),
    ("cli", re.compile(r"^harness/cli/")),
]

# What each layer may include besides itself. The scenario model aggregates the components'
# declared options, so it sits above their vocabulary. Checks and reports read the History and
# the components' vocabularies, never a driver or the runner (they never talk to nodes).
ALLOWED = {
    "core": set(),
    "vocabulary": {"core"},
    "scenario": {"core", "vocabulary"},
    "drivers": {"core", "vocabulary", "scenario"},
    "runner": {"core", "vocabulary", "scenario", "drivers"},
    "checks": {"core", "vocabulary", "scenario"},
    "reports": {"core", "vocabulary", "scenario", "checks"},
    "cli": {"core", "vocabulary", "scenario", "drivers", "runner", "checks", "reports"},
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
SOURCE = re.compile(r"\.(cpp|hpp|h|cc)$")


def layer_of(rel):
    for name, rx in LAYERS:
        if rx.search(rel):
            return name
    return None


def violations(root):
    found = []
    for top in ("harness", "drivers", "reports"):
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            for f in sorted(files):
                if not SOURCE.search(f):
                    continue
                path = os.path.join(dirpath, f)
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                src = layer_of(rel)
                with open(path, encoding="utf-8", errors="replace") as fh:
                    for n, line in enumerate(fh, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        dst = layer_of(m.group(1))
                        if dst is None or dst == src or dst in ALLOWED[src]:
                            continue
                        found.append(f"{rel}:{n}: {src} includes {m.group(1)} ({dst}); "
                                     f"{src} may include only {sorted(ALLOWED[src] | {src})}")
    return found


def self_test():
    with tempfile.TemporaryDirectory() as tmp:
        def put(rel, text):
            p = os.path.join(tmp, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as fh:
                fh.write(text)
        put("harness/core/errors.hpp", "#pragma once\n")
        put("drivers/libvirt/events.hpp", '#include "harness/core/errors.hpp"\n')
        put("drivers/libvirt/libvirt_lab.hpp", '#include "drivers/libvirt/events.hpp"\n')
        put("harness/checks/fencing.cpp", '#include "drivers/libvirt/events.hpp"\n')
        put("drivers/corosync/options.hpp", '#include "harness/core/errors.hpp"\n')
        put("harness/scenario/scenario.hpp", '#include "drivers/corosync/options.hpp"\n')
        if violations(tmp):
            print("self-test: a clean tree was reported:", violations(tmp))
            return 1
        put("harness/checks/fencing.cpp", '#include "drivers/libvirt/libvirt_lab.hpp"\n')
        put("harness/core/history.hpp", '#include "harness/runner/clock.hpp"\n')
        # A declaration reaching up into the scenario model or a driver is a back-edge too.
        put("drivers/corosync/options.hpp", '#include "harness/scenario/scenario.hpp"\n')
        put("drivers/fio/options.cpp", '#include "drivers/fio/fio_job.hpp"\n')
        v = violations(tmp)
        expected = ["checks includes drivers/libvirt/libvirt_lab.hpp",
                    "core includes harness/runner/clock.hpp",
                    "vocabulary includes harness/scenario/scenario.hpp",
                    "vocabulary includes drivers/fio/fio_job.hpp"]
        if len(v) != 4 or not all(any(e in x for x in v) for e in expected):
            print("self-test: expected the four back-edges, got:", v)
            return 1
    print("self-test: a check including a driver, the core including the runner and a component's "
          "options including the scenario model or a driver are reported")
    return 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    root = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
    v = violations(os.path.abspath(root))
    for line in v:
        print(line, file=sys.stderr)
    if v:
        print(f"{len(v)} include(s) against the layer order (docs/ARCHITECTURE.md)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
