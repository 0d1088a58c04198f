#!/usr/bin/env bash
# Every test of the VS Code extension, on a clean clone, with no TTY:
#   1. installs what the end-to-end test needs (setup-e2e.sh: Chromium and
#      code-server, into <repo>/.e2e/vscode, git-ignored);
#   2. builds the release binary and the platform .vsix with it inside
#      (package.sh);
#   3. runs the unit tests (node --test, a stand-in `vscode` module);
#   4. runs the end-to-end test in the real workbench with the real .vsix.
# Screenshots and logs land in <repo>/artifacts/vscode/.
#
#   bash editors/vscode/scripts/test.sh
#   VERBATIM_VSCODE_SKIP_E2E=1 bash editors/vscode/scripts/test.sh   # unit tests only
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
REPO=$(cd "$HERE/../.." && pwd)
export E2E_ROOT=${E2E_ROOT:-$REPO/.e2e/vscode}
export ARTIFACTS=${ARTIFACTS:-$REPO/artifacts/vscode}
T0=$(date +%s)
step() { echo "== vscode [$(($(date +%s) - T0))s] $*"; }

if [ "${VERBATIM_VSCODE_SKIP_E2E:-0}" != 1 ]; then
  step "setup for the end-to-end test"
  bash "$HERE/scripts/setup-e2e.sh"
fi

step "package the extension with the release binary"
mkdir -p "$E2E_ROOT"
VSIX=$(bash "$HERE/scripts/package.sh" --out "$E2E_ROOT/verbatim-test.vsix" | tail -1)
export VSIX

cd "$HERE"
step "unit tests"
node --test test/unit/

if [ "${VERBATIM_VSCODE_SKIP_E2E:-0}" = 1 ]; then
  step "end-to-end test skipped (VERBATIM_VSCODE_SKIP_E2E=1)"
  exit 0
fi

step "end-to-end test in the VS Code workbench (code-server + Chromium)"
rm -rf "$ARTIFACTS" "$E2E_ROOT/runs" && mkdir -p "$ARTIFACTS"
export CODE_SERVER=$E2E_ROOT/cs/node_modules/.bin/code-server
node --test --test-timeout=300000 test/e2e/
step "done; screenshots in $ARTIFACTS"
