#!/usr/bin/env bash
# Set-up, then one scenario (or a directory of them) end to end on the default libvirt lab:
#   ./scripts/run.sh scenarios/node-kill-active.json [harness run options...]
# Builds only the harness binary: the tests and benchmarks are scripts/test.sh's.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh harness
build/harness image build default
exec build/harness run "${@:-scenarios/node-kill-active.json}"
