#!/usr/bin/env bash
# Runs every test of verbatim on a fresh machine, installing what the tests
# need (npm packages, a Neovim, Chromium, code-server) itself.
#
#   bash scripts/test.sh            everything
#   VERBATIM_SKIP_EDITORS=1 bash scripts/test.sh   Rust only
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "format"
cargo fmt --all -- --check

step "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust tests"
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --locked --no-fail-fast
else
  cargo test --workspace --locked --no-fail-fast
fi

if cargo +nightly --version >/dev/null 2>&1; then
  step "fuzzing each target for 20 s"
  # A fixed seed: the same mutations every run (see scripts/fuzz.sh).
  FUZZ_SEED="${FUZZ_SEED:-1}" bash scripts/fuzz.sh 20
else
  step "fuzzing skipped: no nightly toolchain (rustup toolchain install nightly)"
fi

if [ "${VERBATIM_SKIP_EDITORS:-0}" = 1 ]; then
  step "editor tests skipped (VERBATIM_SKIP_EDITORS=1)"
  exit 0
fi

step "release binary for the editor tests"
cargo build --release --locked -p verbatim

step "Neovim plugin"
bash editors/nvim/scripts/test.sh

step "VS Code extension"
bash editors/vscode/scripts/test.sh

step "all tests passed"
