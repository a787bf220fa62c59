#!/usr/bin/python3
"""Rewrites $defs/step of scenarios/schema.json from the fault registry.

The step part of the schema is generated (`harness faults --schema`, from the kinds listed in
drivers/faults/fault_kinds.cpp); the rest of the file is written by hand. The unit test
ScenarioSchema.StepPartIsGeneratedFromTheRegistry fails until this has run after a change.
Usage: update_step_schema.py HARNESS_BINARY [SOURCE_DIR]   (or: cmake --build build --target update_schema)
"""
import json
import pathlib
import subprocess
import sys


def main():
    harness = sys.argv[1]
    root = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else pathlib.Path(__file__).resolve().parents[2]
    path = root / "scenarios" / "schema.json"
    step = json.loads(subprocess.run([harness, "faults", "--schema"], check=True,
                                     capture_output=True, text=True).stdout)
    schema = json.loads(path.read_text(encoding="utf-8"))
    # Compared as text: the file keeps the generator's key order, so a new kind is a clean diff.
    if json.dumps(schema["$defs"].get("step")) == json.dumps(step):
        print(f"{path}: step part already current")
        return 0
    schema["$defs"]["step"] = step
    path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{path}: step part rewritten from the fault registry")
    return 0


if __name__ == "__main__":
    sys.exit(main())
