#!/usr/bin/env bash
# The test command: set-up, then every test (unit, then integration with real VMs).
# Integration tests build the cached VM image first (a cache hit after the first time).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh all

echo "== unit tests" >&2
ctest --test-dir build -L unit --output-on-failure --timeout 300

echo "== VM image (cached)" >&2
build/harness image build default

echo "== integration tests" >&2
ctest --test-dir build -L integration --output-on-failure --timeout 2400
