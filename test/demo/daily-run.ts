/**
 * `npm run demo`: a whole daily AR run in a real n8n, on the bundled sample ledger, no account needed.
 *
 * Installs Node 24 and n8n 2.40.7 into .cache/ (first time only), builds and packs this package, installs
 * it into a throwaway n8n user folder (.cache/demo) the way the Community Nodes panel does, starts a local
 * SMTP sink and n8n on 127.0.0.1, imports the example workflows, runs Setup (the Data Tables) and the
 * Daily Run over the sample ledger, and prints what happened to every invoice with the subject of each
 * mail the sink caught; the mails themselves are written to .cache/demo/mails/ to be read.
 */
import * as fs from 'fs';
import * as path from 'path';

import { ensureRuntime, getFreePort, isRuntimeInstalled } from '../e2e/n8n-harness';
import { REPO_ROOT } from '../e2e/package';
import { asRun, startArInstance } from '../e2e/ar-instance';
import { startSmtpSink } from '../e2e/smtp-sink';
import { DEMO_DIR, DEMO_MAILS, DEMO_STATE, dailyRunTable, saveMails, type DemoState } from './table';

const t0 = Date.now();
function step(msg: string) {
	process.stdout.write(`[${String(Math.round((Date.now() - t0) / 1000)).padStart(3)} s] ${msg}\n`);
}

async function main() {
	if (isRuntimeInstalled()) step('Node 24 and n8n 2.40.7 are in .cache/n8n-runtime');
	else step('Installing Node 24 and n8n 2.40.7 into .cache/n8n-runtime (first run only: about 6 minutes, 3 GB)');
	ensureRuntime();
	const smtpPort = await getFreePort();
	const sink = await startSmtpSink({ port: smtpPort });
	step(`SMTP sink listening on 127.0.0.1:${sink.port} (catches every mail n8n sends)`);
	const ar = await startArInstance({ smtpPort: sink.port, dir: DEMO_DIR, log: step });
	try {
		step('Running "AR Follow-up: Setup" (creates the Data Tables)');
		await ar.runSetup();
		const ledger = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'workflows', 'sample-ledger.json'), 'utf8')) as { invoices: unknown[] };
		step(`Running "AR Follow-up: Daily Run" over the ${ledger.invoices.length} sample invoices (as of 2026-03-17 15:00 UTC)`);
		const exec = await ar.runDaily();
		await sink.waitFor((m) => m.length > 0, 30_000).catch(() => undefined);
		// Approval requests are mailed from executions of their own, a moment later: wait until the sink is quiet.
		for (let i = 0, quiet = 0, last = -1; i < 60 && quiet < 3; i++) {
			await new Promise((r) => setTimeout(r, 1000));
			quiet = sink.mails.length === last ? quiet + 1 : 0;
			last = sink.mails.length;
		}
		const { text, counts } = dailyRunTable(asRun(exec), sink.mails);
		saveMails(sink.mails);
		process.stdout.write(`\n${text}\n\n${counts}\n`);
		if (sink.mails.length) process.stdout.write(`Read them as the customer or the owner will: ${path.relative(REPO_ROOT, DEMO_MAILS)}/ (text, and HTML where the mail has it)\n`);
		const state: DemoState = { smtpPort: sink.port, stripeSecret: ar.stripeSecret, ids: ar.ids };
		fs.writeFileSync(DEMO_STATE, JSON.stringify(state, null, 2));
	} finally {
		await ar.stop();
		await sink.stop();
	}
	step(`Done in ${Math.round((Date.now() - t0) / 1000)} s.`);
	process.stdout.write(
		[
			'',
			'Look at the same workflows in the n8n editor (same user folder, same data, an SMTP sink on the same port):',
			'  npm run editor',
			'then open http://127.0.0.1:5678, create the local owner account (it stays on this machine) and open',
			'"AR Follow-up: Daily Run"; click "Execute workflow" to run it again (nothing is sent twice: see ar_touches under Data tables).',
			`User folder: ${path.relative(REPO_ROOT, DEMO_DIR)}`,
			'',
		].join('\n'),
	);
}

main().catch((e) => {
	process.stderr.write(`\ndemo failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
	process.exit(1);
});
