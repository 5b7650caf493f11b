#!/usr/bin/env bash
# Installs the Debian packages the end-to-end tests need, when missing:
#   chromium      headless browser for the editor and report screenshot tests
#   postgresql    the Postgres store and n8n queue mode test (servers are started by the tests, on 127.0.0.1)
#   redis-server  n8n queue mode (Bull queue)
# Idempotent; needs root (or sudo) only when something is missing.
set -euo pipefail
# N8N_E2E_SKIP=1 (unit tests only): nothing to install.
if [[ "${N8N_E2E_SKIP:-0}" == "1" ]]; then exit 0; fi
log() { printf '[ensure-system] %s\n' "$*" >&2; }

want=()
command -v chromium >/dev/null 2>&1 || [[ -x /usr/bin/chromium ]] || want+=(chromium)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || want+=(postgresql)
command -v redis-server >/dev/null 2>&1 || want+=(redis-server)

if [[ ${#want[@]} -eq 0 ]]; then
  log "chromium, postgresql and redis-server already installed"
  exit 0
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
log "installing ${want[*]} (apt-get)"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || log "apt-get update failed; trying the install with the current lists"
$SUDO apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
log "installed ${want[*]}"
