/**
 * Throwaway PostgreSQL and Redis servers for the queue-mode test, from Debian's packages
 * (test/e2e/ensure-system.sh installs them), on 127.0.0.1, free ports, temp data dirs.
 *
 *   const pg = await startPostgres();     // trust auth, user "postgres", database "postgres"
 *   const db = await pg.client();          // node-postgres Client (n8n's own copy of `pg`)
 *   await pg.createDatabase('n8n');
 *   const redis = await startRedis();
 *   ...; await pg.stop(); await redis.stop();
 *
 * PostgreSQL refuses to run as root: as root, initdb and postgres run as `nobody` (the data dir is
 * chowned to it), as any other user they run as that user.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

import { getFreePort, getRuntime } from './n8n-harness';

export interface PgClient {
	query<R = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
	end(): Promise<void>;
}

export interface PgServer {
	host: string;
	port: number;
	user: string;
	dataDir: string;
	process: ChildProcess;
	logs(): string;
	/** A connected client (node-postgres, from n8n's node_modules). */
	client(database?: string): Promise<PgClient>;
	createDatabase(name: string): Promise<void>;
	stop(): Promise<void>;
}

export interface RedisServer {
	host: string;
	port: number;
	process: ChildProcess;
	logs(): string;
	stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
	for (const c of live) {
		try {
			c.kill('SIGKILL');
		} catch {
			/* gone */
		}
	}
});

/** Folder of the newest installed PostgreSQL server binaries (/usr/lib/postgresql/<v>/bin). */
export function postgresBinDir(): string {
	const base = '/usr/lib/postgresql';
	const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'postgres'))) : [];
	versions.sort((a, b) => Number(b) - Number(a));
	if (!versions.length) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql: run bash test/e2e/ensure-system.sh');
	return path.join(base, versions[0], 'bin');
}

/** uid/gid to run PostgreSQL as: the current user, or `nobody` when root. */
function pgIdentity(): { uid?: number; gid?: number } {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
	const uid = Number(spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim());
	const gid = Number(spawnSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).stdout.trim());
	if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('running as root and no "nobody" user to run PostgreSQL as');
	return { uid, gid };
}

function sleep(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}

async function waitForPort(port: number, isDead: () => string | null, timeoutMs: number, what: string, logs: () => string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const dead = isDead();
		if (dead !== null) throw new Error(`${what} exited (${dead}):\n${logs().slice(-3000)}`);
		const ok = await new Promise<boolean>((resolve) => {
			const s = net.connect(port, '127.0.0.1');
			s.once('connect', () => {
				s.destroy();
				resolve(true);
			});
			s.once('error', () => resolve(false));
		});
		if (ok) return;
		if (Date.now() > deadline) throw new Error(`${what} not listening on ${port} after ${timeoutMs} ms:\n${logs().slice(-3000)}`);
		await sleep(100);
	}
}

function track(child: ChildProcess): { logs: () => string; exited: () => string | null; done: Promise<void> } {
	let log = '';
	let exited: string | null = null;
	live.add(child);
	child.stdout?.on('data', (b: Buffer) => (log += b.toString('utf8')));
	child.stderr?.on('data', (b: Buffer) => (log += b.toString('utf8')));
	const done = new Promise<void>((resolve) => {
		child.on('exit', (code, signal) => {
			exited = `exit ${String(code ?? signal)}`;
			live.delete(child);
			resolve();
		});
	});
	child.on('error', (e) => (exited = `spawn error ${e.message}`));
	return { logs: () => log, exited: () => exited, done };
}

/** node-postgres from n8n's node_modules (pure JS; no extra dev dependency). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
function pgModule(): { Client: new (cfg: Record<string, unknown>) => PgClient & { connect(): Promise<void> } } {
	const mod = path.join(getRuntime().n8nModules, 'pg');
	// eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
	return require(mod) as { Client: new (cfg: Record<string, unknown>) => PgClient & { connect(): Promise<void> } };
}

export async function startPostgres(opts: { port?: number; parentDir?: string } = {}): Promise<PgServer> {
	const bin = postgresBinDir();
	const id = pgIdentity();
	const root = fs.mkdtempSync(path.join(opts.parentDir ?? os.tmpdir(), 'ar-pg-'));
	fs.chmodSync(root, 0o755);
	const dataDir = path.join(root, 'data');
	fs.mkdirSync(dataDir, { mode: 0o700 });
	if (id.uid !== undefined) fs.chownSync(dataDir, id.uid, id.gid as number);
	const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
	const init = spawnSync(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'], {
		...id,
		cwd: root,
		env,
		encoding: 'utf8',
	});
	if (init.status !== 0) throw new Error(`initdb failed (${String(init.status)}):\n${init.stdout}\n${init.stderr}`);
	const port = opts.port ?? (await getFreePort());
	const child = spawn(
		path.join(bin, 'postgres'),
		[
			'-D', dataDir, '-p', String(port), '-k', dataDir,
			'-c', 'listen_addresses=127.0.0.1',
			'-c', 'max_connections=300',
			'-c', 'shared_buffers=128MB',
			// a test database: durability off for speed (never do this in production)
			'-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
			'-c', 'log_min_messages=warning',
		],
		{ ...id, cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const t = track(child);
	await waitForPort(port, t.exited, 60_000, 'postgres', t.logs);
	const connect = async (database = 'postgres'): Promise<PgClient> => {
		const { Client } = pgModule();
		const deadline = Date.now() + 30_000;
		for (;;) {
			const c = new Client({ host: '127.0.0.1', port, user: 'postgres', database });
			try {
				await c.connect();
				return c;
			} catch (e) {
				await c.end().catch(() => undefined);
				// "the database system is starting up"
				if (Date.now() > deadline) throw e;
				await sleep(200);
			}
		}
	};
	return {
		host: '127.0.0.1',
		port,
		user: 'postgres',
		dataDir,
		process: child,
		logs: t.logs,
		client: connect,
		async createDatabase(name: string) {
			const c = await connect();
			try {
				await c.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
			} finally {
				await c.end();
			}
		},
		async stop() {
			if (t.exited() === null) {
				child.kill('SIGINT'); // fast shutdown
				const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
				await t.done;
				clearTimeout(timer);
			}
			fs.rmSync(root, { recursive: true, force: true });
		},
	};
}

export async function startRedis(opts: { port?: number } = {}): Promise<RedisServer> {
	const port = opts.port ?? (await getFreePort());
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ar-redis-'));
	const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'], {
		cwd: dir,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const t = track(child);
	await waitForPort(port, t.exited, 30_000, 'redis-server', t.logs);
	return {
		host: '127.0.0.1',
		port,
		process: child,
		logs: t.logs,
		async stop() {
			if (t.exited() === null) {
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
				await t.done;
				clearTimeout(timer);
			}
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}
