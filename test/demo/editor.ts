/**
 * `npm run editor`: open the n8n editor on the demo's user folder (run `npm run demo` first), with the
 * sample daily workflow imported and this package installed. Listens on 127.0.0.1 only; Ctrl-C stops it.
 */
import * as fs from 'fs';
import * as path from 'path';

import { E2E_ENCRYPTION_KEY, defaultN8nEnv, startN8n, type UserFolder } from '../e2e/n8n-harness';
import { REPO_ROOT } from '../e2e/package';

async function main() {
	const dir = path.join(REPO_ROOT, '.cache', 'demo');
	if (!fs.existsSync(path.join(dir, '.n8n'))) {
		process.stderr.write('No demo user folder yet: run `npm run demo` first.\n');
		process.exit(1);
	}
	const uf: UserFolder = { dir, n8nDir: path.join(dir, '.n8n'), env: { ...defaultN8nEnv(dir), N8N_ENCRYPTION_KEY: E2E_ENCRYPTION_KEY } };
	const port = Number(process.env.PORT ?? 5678);
	process.stdout.write(`Starting n8n on http://127.0.0.1:${port} …\n`);
	const server = await startN8n(uf, port, { timeoutMs: 180_000 });
	process.stdout.write(
		`\nn8n is ready: open http://127.0.0.1:${port}\n` +
			'First visit: create the owner account (it stays on this machine), then open "AR Follow-up: Daily Run".\n' +
			'Press Ctrl-C to stop.\n',
	);
	const stop = async () => {
		await server.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
	await new Promise(() => undefined);
}

main().catch((e) => {
	process.stderr.write(`editor failed: ${e instanceof Error ? e.message : String(e)}\n`);
	process.exit(1);
});
