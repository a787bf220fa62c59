#!/usr/bin/python3
"""Validates the scenario catalogue against scenarios/schema.json (JSON Schema 2020-12).

Every scenarios/*.json and tests/integration/scenarios/*.json must be valid. Every file under
tests/data/scenarios/bad/ must be rejected by the schema, unless it is listed in CROSS_FIELD
(mistakes only the harness can see: ordering, references, sums) or is not JSON at all.
Exits 1 on any failure. Needs Debian's python3-jsonschema; run with /usr/bin/python3.
Usage: check_schema.py [SOURCE_DIR]   (default: the checkout this script lives in)
"""
import json
import pathlib
import sys

import jsonschema

# Bad files the schema cannot reject: they need more than one field to see the mistake, or a
# JSON parser stricter than Python's (duplicate keys).
CROSS_FIELD = {
    "duplicate-key.json", "out-of-order.json", "heal-missing-step.json", "heal-later-step.json",
    "heal-twice.json", "heal-self-healing.json", "heal-of-heal.json", "heal-same-time.json",
    "step-after-runtime.json", "duration-past-runtime.json", "duplicate-step-id.json",
    "fenced-survivor-overlap.json", "workload-too-big.json",
    # random steps: a window's bounds, targets against the faults' kinds and keys, windows
    # against the other steps and the runtime, heals of random steps, a pause's duration
    "random-window-reversed.json", "random-target-not-taken.json",
    "random-target-breaks-keys.json", "random-overlaps-previous.json",
    "random-before-window-end.json", "random-past-runtime.json", "random-heal-self-healing.json",
    "random-heal-at-window-end.json", "random-pause-without-duration.json",
}


def finite_float(text):
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"number overflow: {text}")  # as the harness's parser says
    return value


def load(path):
    with open(path, "rb") as f:
        return json.loads(f.read().decode("utf-8"), parse_float=finite_float)


def main():
    root = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2]
    schema = load(root / "scenarios" / "schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failures = 0

    good = sorted((root / "scenarios").glob("*.json")) + sorted(
        (root / "tests" / "integration" / "scenarios").glob("*.json"))
    good = [p for p in good if p.name != "schema.json"]
    for path in good:
        errors = sorted(validator.iter_errors(load(path)), key=lambda e: list(e.absolute_path))
        for e in errors:
            pointer = "/" + "/".join(str(p) for p in e.absolute_path)
            print(f"{path}: {pointer}: {e.message}")
        failures += bool(errors)
    print(f"{len(good) - failures}/{len(good)} catalogue scenarios valid")

    bad = sorted((root / "tests" / "data" / "scenarios" / "bad").glob("*.json"))
    checked = 0
    for path in bad:
        try:
            doc = load(path)
        except (ValueError, RecursionError):
            continue  # not JSON: the schema has nothing to say
        checked += 1
        valid = validator.is_valid(doc)
        if valid and path.name not in CROSS_FIELD:
            print(f"{path}: accepted by the schema, but the harness rejects it")
            failures += 1
    print(f"{checked} bad scenarios checked against the schema")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
