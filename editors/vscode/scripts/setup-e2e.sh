#!/usr/bin/env bash
# Installs what the end-to-end test needs: Debian's Chromium, code-server
# (a complete VS Code workbench, from npm) and its build dependencies.
# Everything lands in $E2E_ROOT (default <repo>/.e2e/vscode, git-ignored), so
# a second run only checks what is already there.
#
# VS Code's own test runner downloads VS Code at run time; here only package
# registries can be reached, which is why the test uses code-server instead.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
REPO=$(cd "$HERE/../.." && pwd)
R=${E2E_ROOT:-$REPO/.e2e/vscode}
mkdir -p "$R/tmp"
R=$(cd "$R" && pwd)
export npm_config_cache=${npm_config_cache:-$R/npm-cache}
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

T0=$(date +%s)
step() { echo "== setup-e2e [$(($(date +%s) - T0))s] $*"; }

need_apt=()
for cmd_pkg in chromium:chromium rg:ripgrep cc:build-essential make:build-essential python3:python3; do
  command -v "${cmd_pkg%%:*}" >/dev/null 2>&1 || need_apt+=("${cmd_pkg#*:}")
done
# kerberos (a code-server dependency) builds from source and needs the headers.
[ -f /usr/include/krb5.h ] || [ -f /usr/include/krb5/krb5.h ] || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  step "apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

CS_BIN="$R/cs/node_modules/.bin/code-server"
CS_LOCK="$HERE/test/e2e/code-server/package-lock.json"
if [ -x "$CS_BIN" ] && cmp -s "$CS_LOCK" "$R/cs/package-lock.json.installed"; then
  step "code-server already installed"
else
  # @vscode/ripgrep's postinstall downloads rg from GitHub, which is out of
  # reach; a filled download cache makes it use Debian's rg instead.
  step "seed the @vscode/ripgrep download cache with Debian's rg"
  rm -rf "$R/tmp/rgpkg" && mkdir -p "$R/tmp/rgpkg" "$R/tmp/vscode-ripgrep-cache-1.15.11"
  cp "$(command -v rg)" "$R/tmp/rgpkg/rg"
  tar czf "$R/tmp/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$R/tmp/rgpkg" rg

  step "npm ci code-server (VS Code $(sed -n 's/.*"code-server": "\(.*\)".*/\1/p' "$HERE/test/e2e/code-server/package.json"))"
  rm -rf "$R/cs" && mkdir -p "$R/cs"
  cp "$HERE/test/e2e/code-server/package.json" "$R/cs/"
  [ -f "$CS_LOCK" ] && cp "$CS_LOCK" "$R/cs/"
  # unsafe_perm: code-server's postinstall refuses root without it.
  # yes: node-pty's postinstall runs `npx node-gyp`, and the machine's npmrc says no.
  # dangerously_allow_all_scripts: npm 11 would otherwise skip dependency scripts.
  # nodedir: node-gyp uses the local Node headers instead of downloading them.
  cmd=install; [ -f "$R/cs/package-lock.json" ] && cmd=ci
  if ! (cd "$R/cs" && TMPDIR="$R/tmp" \
      npm_config_unsafe_perm=true \
      npm_config_dangerously_allow_all_scripts=true \
      npm_config_yes=true \
      npm_config_nodedir=/usr \
      npm "$cmd" --no-audit --no-fund --foreground-scripts >"$R/cs-install.log" 2>&1); then
    tail -60 "$R/cs-install.log"
    echo "setup-e2e: installing code-server failed; the full log is $R/cs-install.log" >&2
    exit 1
  fi
  cp "$R/cs/package-lock.json" "$R/cs/package-lock.json.installed"
fi
XDG_CONFIG_HOME="$R/tmp/xdg-config" XDG_DATA_HOME="$R/tmp/xdg-data" "$CS_BIN" --version | head -1
step done
