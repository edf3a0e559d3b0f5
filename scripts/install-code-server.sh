#!/usr/bin/env bash
# Offline-friendly install of code-server (the real VS Code workbench + Node extension host) from
# the npm registry, for the integration and end-to-end tests. Nothing is downloaded from anywhere
# but the npm registry; native modules are compiled locally with node-gyp.
#
# Usage: bash scripts/install-code-server.sh [dest-dir] [version]
#   dest-dir  default: <repo>/.vscode-test/code-server-<version>
#   version   default: 4.100.3 (VS Code 1.100.3; the newest code-server whose engines say node 20)
#   env CODE_SERVER_FORCE=1  reinstall even if an install is already there
#
# Prereqs (Debian, see scripts/system-deps.sh): ripgrep libkrb5-dev g++ make python3, plus Node
# headers in <node prefix>/include/node (the Debian/NodeSource node has them under /usr).
# Idempotent: when entry.js exists and every native module loads, it exits at once.
# Keeps $HOME clean: npm's cache is untouched, but code-server's own config/log dirs are pointed
# into the install dir. The last line printed is the absolute path of code-server's entry.js.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VER="${2:-${CODE_SERVER_VERSION:-4.100.3}}"
DEST="${1:-$REPO/.vscode-test/code-server-$VER}"
mkdir -p "$DEST"; DEST="$(cd "$DEST" && pwd)"
CS="$DEST/node_modules/code-server"
ENTRY="$CS/out/node/entry.js"
# code-server writes ~/.config/code-server and ~/.local/share/code-server even for --version.
export XDG_CONFIG_HOME="$DEST/.xdg/config" XDG_DATA_HOME="$DEST/.xdg/data" XDG_CACHE_HOME="$DEST/.xdg/cache"

smoke() {
  [ -f "$ENTRY" ] && [ -d "$CS/lib/vscode/node_modules" ] || return 1
  ( cd "$CS/lib/vscode" && node -e '
    const deps = Object.keys(require("./package.json").dependencies);
    for (const m of ["@vscode/spdlog","node-pty","native-watchdog","kerberos","@parcel/watcher","@vscode/deviceid"]) {
      if (!deps.includes(m)) continue;
      require(require.resolve(m, { paths: [process.cwd()] }));
      if (process.env.VERBOSE_SMOKE) console.log("ok", m);
    }' ) || return 1
  [ -x "$CS/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ] || return 1
  # (the very first run also prints "Wrote default config file ..." before the version line)
  local v; v="$(node "$ENTRY" --version 2>/dev/null)" || return 1
  grep -q "^$VER " <<<"$v"
}

if [ -z "${CODE_SERVER_FORCE:-}" ] && smoke; then
  echo "code-server $VER already installed (native modules load)"
  echo "$ENTRY"
  exit 0
fi

t0=$SECONDS
command -v rg >/dev/null || { echo "ripgrep (rg) missing: run scripts/system-deps.sh" >&2; exit 1; }
# node-gyp would download Node headers from nodejs.org; use the ones installed with node.
NODE_PREFIX="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
[ -f "$NODE_PREFIX/include/node/node.h" ] || { echo "no node headers under $NODE_PREFIX/include/node" >&2; exit 1; }
export npm_config_nodedir="$NODE_PREFIX"
export npm_config_yes=true          # node-pty's postinstall runs `npx node-gyp ...` (else "npx canceled")
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false npm_config_loglevel=warn
export CI="${CI:-true}"

cd "$DEST"
[ -f package.json ] || echo '{"name":"code-server-host","private":true}' > package.json
echo "== installing code-server@$VER into $DEST"
# 1) the package itself, without scripts (its postinstall insists on --unsafe-perm as root and
#    would let @vscode/ripgrep download rg from GitHub)
npm install --ignore-scripts "code-server@$VER"
npm rebuild argon2                  # prebuilt download fails -> compiles from source
# 2) what code-server's postinstall.sh does, by hand
cd "$CS/lib/vscode"
npm install --omit=dev --ignore-scripts
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg   # ripgrep's postinstall then skips its download
npm rebuild                         # node-gyp: kerberos, node-pty, spdlog, native-watchdog, deviceid...
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev)
# 3) smoke check: every native module loads and the CLI answers
if ! VERBOSE_SMOKE=1 smoke; then echo "code-server smoke check failed" >&2; exit 1; fi
echo "== code-server $VER installed in $((SECONDS - t0)) s"
echo "$ENTRY"
