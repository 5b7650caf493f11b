/**
 * `npm run demo`: a whole daily AR run in a real n8n, on the bundled sample ledger, no account needed.
 *
 * Installs Node 24 and n8n 2.40.7 into .cache/ (first time only), builds and packs this package,
 * installs it into a throwaway n8n user folder the way the Community Nodes panel does, imports
 * workflows/ar-daily-run.workflow.json, executes it, and prints what happened to every invoice.
 */
import * as path from 'path';

import { createUserFolder, ensureRuntime, executeWorkflow, importWorkflow, installPackageTarball, type N8nRun } from '../e2e/n8n-harness';
import { packPackage, REPO_ROOT } from '../e2e/package';

const OUTPUTS = ['Send', 'Hold', 'Needs Approval', 'Human Task'];
type Obj = Record<string, unknown>;

function step(msg: string) {
	process.stdout.write(`\n▶ ${msg}\n`);
}

function cell(v: unknown, width: number): string {
	const s = v === null || v === undefined ? '' : String(v);
	return s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width);
}

function table(run: N8nRun): string {
	const rows: string[][] = [];
	const runs = run.data.resultData.runData['AR Stop Check'] ?? [];
	for (const r of runs) {
		(r.data?.main ?? []).forEach((items, output) => {
			for (const it of items ?? []) {
				const ar = it.json.arFollowUp as Obj;
				const d = ar.decision as Obj;
				const risk = ar.risk as Obj;
				const aging = ar.aging as Obj;
				const customer = ar.customer as Obj;
				rows.push([
					String(ar.invoiceId),
					String(customer.name ?? ''),
					`${aging.tier} (${Number(aging.daysPastDue) >= 0 ? '+' : ''}${aging.daysPastDue}d)`,
					`${risk.score} ${risk.band}`,
					OUTPUTS[output],
					`${d.code}${d.step ? ` ${d.step}` : ''}`,
					(d.channels as string[]).join('+') || '-',
					String(d.reason),
				]);
			}
		});
	}
	const head = ['Invoice', 'Customer', 'Tier', 'Risk', 'Decision', 'Reason', 'Channel', 'Why'];
	const widths = [14, 26, 16, 14, 14, 26, 14, 70];
	const line = (cols: string[]) => cols.map((c, i) => cell(c, widths[i])).join(' ');
	const order = new Map(OUTPUTS.map((o, i) => [o, i]));
	rows.sort((a, b) => (order.get(a[4]) ?? 0) - (order.get(b[4]) ?? 0) || a[0].localeCompare(b[0]));
	return [line(head), widths.map((w) => '─'.repeat(w)).join(' '), ...rows.map(line)].join('\n');
}

async function main() {
	const started = Date.now();
	step('Installing Node 24 and n8n 2.40.7 into .cache/ (first run only: about 6 minutes, 3 GB)');
	ensureRuntime();
	step('Building and packing n8n-nodes-ar-followup');
	const tgz = packPackage();
	step('Creating an n8n user folder and installing the package as the Community Nodes panel does');
	const uf = await createUserFolder({ dir: path.join(REPO_ROOT, '.cache', 'demo') });
	await installPackageTarball(uf, tgz);
	step('Importing workflows/ar-daily-run.workflow.json');
	const { id } = await importWorkflow(uf, path.join(REPO_ROOT, 'workflows', 'ar-daily-run.workflow.json'));
	step('Running the daily AR run over the sample ledger (as of 2026-03-17 15:00 UTC)');
	const run = await executeWorkflow(uf, id);
	process.stdout.write(`\n${table(run)}\n`);
	const counts = OUTPUTS.map((o, i) => `${o}: ${(run.data.resultData.runData['AR Stop Check'] ?? []).reduce((n, r) => n + (r.data?.main[i]?.length ?? 0), 0)}`);
	process.stdout.write(`\n${counts.join(' · ')} — done in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
	process.stdout.write(
		[
			'',
			'Open the same workflow in the n8n editor:',
			`  N8N_USER_FOLDER=${uf.dir} ${path.relative(REPO_ROOT, path.join(REPO_ROOT, '.cache', 'n8n-runtime', 'n8n', 'node_modules', '.bin', 'n8n'))} start`,
			'  (or simply: npm run editor) then browse to http://127.0.0.1:5678 and open "AR Follow-up: Daily Run".',
			'',
		].join('\n'),
	);
}

main().catch((e) => {
	process.stderr.write(`\ndemo failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
	process.exit(1);
});
