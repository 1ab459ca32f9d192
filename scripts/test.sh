#!/usr/bin/env bash
# Runs every test: the Rust core and CLI (cargo test), then the app built for release and driven
# in headless Chromium (node --test tests/e2e). Ends with one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests || exit 1
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
mkdir -p tests/artifacts
start=$(date +%s)

echo "== cargo test (core and CLI)"
cargo test --locked --no-fail-fast -p xclass-core -p xclass-cli 2>&1 | tee tests/artifacts/cargo-test.log
rust_rc=${PIPESTATUS[0]}
rust_pass=$(grep -Eo '[0-9]+ passed' tests/artifacts/cargo-test.log | awk '{s+=$1} END {print s+0}')
rust_fail=$(grep -Eo '[0-9]+ failed' tests/artifacts/cargo-test.log | awk '{s+=$1} END {print s+0}')

echo "== trunk build --release"
trunk build --release 2>&1 | tail -n 3
build_rc=${PIPESTATUS[0]}

e2e_pass=0; e2e_fail=0; e2e_rc=1
if [ "$build_rc" = 0 ]; then
  echo "== browser tests (headless Chromium)"
  node --test --test-concurrency=1 --test-reporter=spec tests/e2e/ 2>&1 | tee tests/artifacts/e2e.log
  e2e_rc=${PIPESTATUS[0]}
  e2e_pass=$(grep -Eo '^ℹ pass [0-9]+' tests/artifacts/e2e.log | awk '{print $3}')
  e2e_fail=$(grep -Eo '^ℹ fail [0-9]+' tests/artifacts/e2e.log | awk '{print $3}')
fi

status=PASS
[ "$rust_rc" = 0 ] && [ "$build_rc" = 0 ] && [ "$e2e_rc" = 0 ] || status=FAIL
echo "xclass tests: $status — rust ${rust_pass} passed, ${rust_fail} failed; browser ${e2e_pass:-0} passed, ${e2e_fail:-0} failed; app build rc=$build_rc; $(( $(date +%s) - start ))s"
[ "$status" = PASS ]
