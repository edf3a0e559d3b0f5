#!/usr/bin/env bash
# Installs the Debian packages the test machinery needs, only when something is missing.
#   chromium               headless browser that drives the code-server workbench (playwright-core)
#   ripgrep                stands in for @vscode/ripgrep's GitHub download inside code-server
#   libkrb5-dev            headers for code-server's native `kerberos` module
#   fonts-noto-color-emoji emoji in screenshots (Debian chromium has no colour emoji font)
#   fonts-noto-cjk         Chinese text in the zh-cn e2e screenshots (no CJK font otherwise: boxes)
#   g++ make python3       node-gyp toolchain for code-server's native modules
# Usage: bash scripts/system-deps.sh        (exit 0 = everything present)
#   When not root and something is missing: prints the apt-get command and exits 2.
set -euo pipefail
PKGS=(chromium ripgrep libkrb5-dev fonts-noto-color-emoji fonts-noto-cjk g++ make python3)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=()
for p in "${PKGS[@]}"; do
  if command -v dpkg-query >/dev/null; then
    installed "$p" || missing+=("$p")
  else
    # not Debian: fall back to looking for the commands/files
    case "$p" in
      chromium) command -v chromium >/dev/null || [ -n "${CHROMIUM:-}" ] || missing+=("$p") ;;
      ripgrep) command -v rg >/dev/null || missing+=("$p") ;;
      libkrb5-dev) [ -f /usr/include/krb5.h ] || [ -f /usr/include/gssapi/gssapi.h ] || missing+=("$p") ;;
      fonts-noto-color-emoji|fonts-noto-cjk) ;;  # cosmetic
      *) command -v "$p" >/dev/null || missing+=("$p") ;;
    esac
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system deps: all present (${PKGS[*]})"
  exit 0
fi

echo "system deps: missing ${missing[*]}"
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "Install them first, e.g.:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
t0=$SECONDS
apt-get update -qq
apt-get install -y -qq "${missing[@]}" </dev/null
echo "system deps: installed ${missing[*]} in $((SECONDS - t0)) s"
