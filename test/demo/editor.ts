/**
 * `npm run editor`: open the n8n editor on the demo's user folder (run `npm run demo` first): this package
 * installed, the example workflows imported, the Data Tables with what the demo run wrote, and the SMTP
 * sink listening again on the port the "AR SMTP" credential points at, so "Run Now" sends (to the sink) and
 * every caught mail is printed here and written to .cache/demo/editor-mails/. Listens on 127.0.0.1 only; Ctrl-C stops it.
 */
import * as fs from 'fs';
import * as path from 'path';

import { defaultN8nEnv, startN8n, type UserFolder } from '../e2e/n8n-harness';
import { DEMO_REPORT_LOGIN } from '../e2e/ar-instance';
import { startSmtpSink } from '../e2e/smtp-sink';
import { REPO_ROOT } from '../e2e/package';
import { DEMO_DIR, DEMO_STATE, saveMails, type DemoState } from './table';

/** Mails caught in this editor session (emptied when its first mail arrives; the demo's own are in .cache/demo/mails). */
const EDITOR_MAILS = path.join(DEMO_DIR, 'editor-mails');

async function main() {
	const dir = DEMO_DIR;
	if (!fs.existsSync(path.join(dir, '.n8n')) || !fs.existsSync(DEMO_STATE)) {
		process.stderr.write('No demo user folder yet: run `npm run demo` first.\n');
		process.exit(1);
	}
	const state = JSON.parse(fs.readFileSync(DEMO_STATE, 'utf8')) as DemoState;
	const uf: UserFolder = { dir, n8nDir: path.join(dir, '.n8n'), env: defaultN8nEnv(dir) };
	const sink = await startSmtpSink({ port: state.smtpPort }).catch((e: Error) => {
		process.stderr.write(`SMTP sink could not listen on 127.0.0.1:${state.smtpPort} (${e.message}); mails from "Run Now" will fail to send.\n`);
		return undefined;
	});
	if (sink) {
		process.stdout.write(`SMTP sink on 127.0.0.1:${sink.port}: every mail n8n sends is printed here and written to ${path.relative(REPO_ROOT, EDITOR_MAILS)}/.\n`);
		let seen = 0;
		setInterval(() => {
			if (seen === sink.mails.length) return;
			saveMails(sink.mails, EDITOR_MAILS, seen);
			for (; seen < sink.mails.length; seen++) process.stdout.write(`  mail to ${sink.mails[seen].to.join(', ')}: ${sink.mails[seen].subject}\n`);
		}, 500).unref();
	}
	const port = Number(process.env.PORT ?? 5678);
	process.stdout.write(`Starting n8n on http://127.0.0.1:${port} …\n`);
	const server = await startN8n(uf, port, { timeoutMs: 300_000 });
	process.stdout.write(
		[
			'',
			`n8n is ready: open http://127.0.0.1:${port}`,
			'First visit: create the owner account (it stays on this machine), then open "AR Follow-up: Daily Run"',
			'(also: Setup, Payment Events, Replies; the Data Tables under Overview > Data tables).',
			'The schedule and IMAP triggers are disabled in this demo copy; "Run Now" / "Execute workflow" runs it.',
			`The weekly AR report in the browser: http://127.0.0.1:${port}/webhook/ar-report (user "${DEMO_REPORT_LOGIN.user}", password "${DEMO_REPORT_LOGIN.password}").`,
			'Press Ctrl-C to stop.',
			'',
		].join('\n'),
	);
	const stop = async () => {
		await server.stop();
		await sink?.stop();
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
