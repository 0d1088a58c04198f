#!/usr/bin/env bash
# Builds the platform-specific .vsix with the release `verbatim` binary inside.
#
#   editors/vscode/scripts/package.sh [--out FILE] [--target TARGET] [--binary FILE]
#
# --target  a VS Code platform (linux-x64, linux-arm64, darwin-arm64, ...);
#           default: this machine's.
# --binary  an already built verbatim binary; default: `cargo build --release -p verbatim`.
# --out     default: <repo>/target/vscode/verbatim-<version>-<target>.vsix
# Prints the .vsix path as its last line.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
REPO=$(cd "$HERE/../.." && pwd)

OUT= TARGET= BINARY=
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT=$2; shift 2 ;;
    --target) TARGET=$2; shift 2 ;;
    --binary) BINARY=$2; shift 2 ;;
    *) echo "package.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

if [ -z "$TARGET" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) TARGET=linux-x64 ;;
    Linux-aarch64) TARGET=linux-arm64 ;;
    Darwin-arm64) TARGET=darwin-arm64 ;;
    Darwin-x86_64) TARGET=darwin-x64 ;;
    *) echo "package.sh: no VS Code target for $(uname -s)-$(uname -m); pass --target" >&2; exit 2 ;;
  esac
fi

export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
cd "$HERE"
# No dependency of the extension needs an install script (keytar, optional
# for @vscode/vsce, is only used to publish), so none is run.
STAMP=node_modules/.verbatim-lock
if ! cmp -s package-lock.json "$STAMP" 2>/dev/null; then
  echo "== package.sh: npm ci" >&2
  npm ci --ignore-scripts --no-audit --no-fund >&2
  cp package-lock.json "$STAMP"
fi

echo "== package.sh: compile TypeScript" >&2
rm -rf out
node_modules/.bin/tsc -p .

if [ -z "$BINARY" ]; then
  echo "== package.sh: cargo build --release -p verbatim" >&2
  (cd "$REPO" && cargo build --release --locked -p verbatim >&2)
  TARGET_DIR=$(cd "$REPO" && cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')
  BINARY=$TARGET_DIR/release/verbatim
fi
[ -x "$BINARY" ] || { echo "package.sh: $BINARY is not an executable" >&2; exit 1; }

rm -rf server && mkdir server
cp "$BINARY" server/verbatim
chmod 755 server/verbatim
server/verbatim --version >&2

VERSION=$(node -p 'require("./package.json").version')
if [ -z "$OUT" ]; then
  mkdir -p "$REPO/target/vscode"
  OUT=$REPO/target/vscode/verbatim-$VERSION-$TARGET.vsix
fi
mkdir -p "$(dirname "$OUT")"
OUT=$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")

echo "== package.sh: vsce package --target $TARGET" >&2
node_modules/.bin/vsce package --target "$TARGET" --allow-missing-repository --skip-license -o "$OUT" >&2
echo "$OUT"
