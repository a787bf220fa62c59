#!/usr/bin/env bash
# Set-up, then one scenario (or a directory of them) end to end on the default libvirt lab:
#   ./scripts/run.sh scenarios/node-kill-active.json [harness run options...]
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
build/harness image build default
exec build/harness run "${@:-scenarios/node-kill-active.json}"
