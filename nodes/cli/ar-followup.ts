#!/usr/bin/env node
/**
 * `ar-followup`: the package's command-line program (installed with the package as a bin).
 *
 *   ar-followup replay  --ledger invoices.csv --policy policy.json [--compare gentle.json] --from 2025-01-01 --to 2025-12-31
 *   ar-followup metrics --ledger invoices.csv [--touches touches.json] [--approval-log approvals.csv] --from 2026-03-01 --to 2026-03-31
 *   ar-followup report  --ledger invoices.csv [--touches touches.json] [--policy p.json --compare q.json] --from ... --to ... --out report.html
 *
 * Run `ar-followup --help` for every option. Exit codes: 0 done, 1 bad data (the message names the row
 * and field), 2 bad usage.
 */
import * as fs from 'fs';
import * as path from 'path';

import { ValidationError } from '../core/errors';
import { computeMetrics, compileLedgerMap, readApprovalLog, readLedger, readTouchLog, type ApprovalLogEntry, type LedgerRecord, type TouchLogEntry } from '../core/metrics';
import { DEFAULT_POLICY } from '../core/policy';
import { formatComparison, formatReplay, replayPolicy, type ReplayReport } from '../core/replay';
import { renderReportHtml, renderReportText } from '../core/report';
import { CsvError, parseCsv } from './csv';

const HELP = `ar-followup: receivables metrics, report and policy replay (n8n-nodes-ar-followup)

Usage:
  ar-followup replay  --ledger FILE [--policy FILE] [--compare FILE]... --from YYYY-MM-DD --to YYYY-MM-DD [options]
  ar-followup metrics --ledger FILE [--touches FILE] [--approval-log FILE] --from YYYY-MM-DD --to YYYY-MM-DD [options]
  ar-followup report  --ledger FILE [--touches FILE] [--approval-log FILE] --from YYYY-MM-DD --to YYYY-MM-DD
                      [--policy FILE] [--compare FILE]... [--out FILE] [options]

Ledger: a CSV export (header row; RFC 4180 quoting) or JSON (an array of rows, or { "invoices": [...] }),
one row per invoice or credit note with its issue, due and paid dates. Column names are found in their
usual spellings ("Invoice No", "Due Date", "paid_date"...); name others with --map.

Metrics and report:
  --touches FILE        the touch log (ar_touches rows: invoiceId, step, channel, sentAt, status, dedupeKey,
                        and where logged outcome, tone, kind): messages, escalations, approval requests
  --approval-log FILE   approval decisions (ar_approvals rows: invoiceId, step, decision, by, decidedAt)
  --policy, --compare   (report) add a policy replay of the same period, side by side, to the report

Replay (what a policy would have sent, every business day of the period, with the real decision engine):
  --policy FILE         the policy as JSON (the AR Policy node's output or a policy object); default: the default policy
  --compare FILE        another policy to replay side by side (repeatable)
  --label NAME          a column name per policy, in order (default: the policy's name)
  --run-times HH:mm,..  run times in the policy's time zone (default 09:00, as a once-a-day workflow)
  --wasted-days N       a message is wasted when the invoice was paid within N days after it (default 3)
  --approvals MODE      approve (default: approved, sent at the next run), reject, or pending

Common options:
  --map FIELD=COLUMN,...  column names for ledger fields (repeatable), e.g. --map "invoiceId=Doc #,paidDate=Settled"
                          fields: invoiceId customerId amount amountPaid currency issueDate dueDate paidDate status
                          type disputed disputeOpened disputeClosed name email phone locale timeZone country
                          region segment keyAccount preferredChannel paymentTermsDays annualValue
  --delimiter C         CSV delimiter (default ,)
  --currency CODE       reporting currency (metrics, report) when the ledger mixes currencies
  --default-currency C  currency of rows without one (default USD)
  --json                print JSON instead of text
  --title TEXT          report title
  --out FILE            write the report there (default: stdout)
  -h, --help            this help
  -v, --version         the package version
`;

class UsageError extends Error {}

interface Args {
	command: string;
	flags: Map<string, string[]>;
	bool: Set<string>;
}

const VALUE_FLAGS = new Set(['ledger', 'policy', 'compare', 'label', 'from', 'to', 'map', 'wasted-days', 'run-times', 'approvals', 'touches', 'approval-log', 'currency', 'default-currency', 'out', 'title', 'delimiter']);
const BOOL_FLAGS = new Set(['json', 'help', 'version']);

export function parseArgs(argv: string[]): Args {
	const flags = new Map<string, string[]>();
	const bool = new Set<string>();
	let command = '';
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '-h') bool.add('help');
		else if (a === '-v') bool.add('version');
		else if (a.startsWith('--')) {
			const eq = a.indexOf('=');
			const name = eq === -1 ? a.slice(2) : a.slice(2, eq);
			if (BOOL_FLAGS.has(name)) {
				bool.add(name);
				continue;
			}
			if (!VALUE_FLAGS.has(name)) throw new UsageError(`unknown option --${name}`);
			const value = eq === -1 ? argv[++i] : a.slice(eq + 1);
			if (value === undefined) throw new UsageError(`--${name} needs a value`);
			flags.set(name, [...(flags.get(name) ?? []), value]);
		} else if (!command) command = a;
		else throw new UsageError(`unexpected argument "${a}"`);
	}
	return { command, flags, bool };
}

function one(args: Args, name: string, required = false): string | undefined {
	const v = args.flags.get(name);
	if (!v || v.length === 0) {
		if (required) throw new UsageError(`--${name} is required`);
		return undefined;
	}
	if (v.length > 1) throw new UsageError(`--${name} is given more than once`);
	return v[0];
}

/** `invoiceId=Invoice No,paidDate=Paid On` (repeatable) -> { invoiceId: 'Invoice No', paidDate: 'Paid On' } */
export function parseMap(values: string[]): Record<string, string> {
	const map: Record<string, string> = {};
	for (const v of values) {
		for (const part of v.split(',')) {
			if (part.trim() === '') continue;
			const eq = part.indexOf('=');
			if (eq <= 0) throw new UsageError(`--map expects FIELD=COLUMN pairs, got "${part}"`);
			map[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
		}
	}
	return map;
}

function readText(file: string): string {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch (e) {
		throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
	}
}

function readJson(file: string): unknown {
	const text = readText(file);
	try {
		return JSON.parse(text);
	} catch (e) {
		throw new UsageError(`${file} is not valid JSON: ${(e as Error).message}`);
	}
}

/** Rows of a CSV or JSON file. */
export function loadRows(file: string, delimiter = ','): { rows: unknown[]; csv: boolean } {
	const csv = /\.(csv|txt|tsv)$/i.test(file) || (!/\.json$/i.test(file) && !/^\s*[[{]/.test(readText(file).slice(0, 200)));
	if (csv) return { rows: parseCsv(readText(file), /\.tsv$/i.test(file) && delimiter === ',' ? '\t' : delimiter), csv: true };
	const data = readJson(file) as unknown;
	if (Array.isArray(data)) return { rows: data, csv: false };
	if (data && typeof data === 'object') {
		for (const key of ['invoices', 'ledger', 'rows', 'touches', 'approvals', 'data']) {
			const v = (data as Record<string, unknown>)[key];
			if (Array.isArray(v)) return { rows: v, csv: false };
		}
	}
	throw new UsageError(`${file}: expected an array of rows (or { "invoices": [...] }, { "touches": [...] }, { "approvals": [...] })`);
}

function loadLedger(args: Args): LedgerRecord[] {
	const file = one(args, 'ledger', true) as string;
	const { rows, csv } = loadRows(file, one(args, 'delimiter') ?? ',');
	const reader = compileLedgerMap(parseMap(args.flags.get('map') ?? []), (one(args, 'default-currency') ?? 'USD').toUpperCase());
	try {
		return readLedger(rows, reader);
	} catch (e) {
		if (e instanceof ValidationError) {
			// ledger[i] is CSV line i + 2 (after the header).
			const where = (f: string) => f.replace(/^ledger\[(\d+)\]\.?/, (_, i: string) => (csv ? `line ${Number(i) + 2}: ` : `row ${i}: `));
			const got = (r: string | undefined) => (r && r !== 'undefined' ? ` (got ${r})` : '');
			const missing = [...new Set(e.issues.filter((is) => is.message.startsWith('is required')).map((is) => is.field.replace(/^ledger\[\d+\]\./, '')))];
			const first = rows[0] && typeof rows[0] === 'object' ? Object.keys(rows[0] as object) : [];
			const hint = missing.length && first.length ? `\nThe file's columns: ${first.join(', ')}.\nName the column of each missing field with --map, e.g. --map "${missing[0]}=${first[0]}".` : '';
			throw new DataError(`${path.basename(file)}: ${e.issues.slice(0, 10).map((is) => `${where(is.field)} ${is.message}${got(is.received)}`).join('\n  ')}${e.issues.length > 10 ? `\n  … and ${e.issues.length - 10} more` : ''}${hint}`);
		}
		throw e;
	}
}

class DataError extends Error {}

function loadPolicy(file: string | undefined): { policy: unknown; name: string } {
	if (!file || file === 'default') return { policy: DEFAULT_POLICY, name: 'default' };
	const data = readJson(file) as Record<string, unknown>;
	const policy = data && typeof data === 'object' && !Array.isArray(data) && data.policy && typeof data.policy === 'object' ? data.policy : data;
	const name = policy && typeof policy === 'object' && typeof (policy as Record<string, unknown>).name === 'string' ? ((policy as Record<string, unknown>).name as string) : path.basename(file, path.extname(file));
	return { policy, name };
}

function period(args: Args): { from: string; to: string } {
	return { from: one(args, 'from', true) as string, to: one(args, 'to', true) as string };
}

/** Replay the policy (--policy, default: the default policy) and each --compare over --from..--to. */
function replays(args: Args, ledger: LedgerRecord[]): { reports: ReplayReport[]; names: string[] } {
	const files = [one(args, 'policy'), ...(args.flags.get('compare') ?? [])];
	const labels = args.flags.get('label') ?? [];
	const wasted = one(args, 'wasted-days');
	if (wasted !== undefined && !/^\d+$/.test(wasted)) throw new UsageError('--wasted-days must be a whole number');
	const approvals = one(args, 'approvals');
	if (approvals !== undefined && !['approve', 'reject', 'pending'].includes(approvals)) throw new UsageError('--approvals must be approve, reject or pending');
	const runTimes = one(args, 'run-times')?.split(',').map((s) => s.trim()).filter(Boolean);
	const reports: ReplayReport[] = [];
	const names: string[] = [];
	files.forEach((file, i) => {
		const { policy, name } = loadPolicy(file);
		try {
			reports.push(replayPolicy(ledger, policy, { ...period(args), runTimes, wastedDays: wasted === undefined ? undefined : Number(wasted), approvals: approvals as 'approve' | undefined }));
		} catch (e) {
			if (e instanceof ValidationError) throw new DataError(`${file ?? 'default policy'}: ${e.issues.map((is) => `${is.field} ${is.message}${is.received ? ` (got ${is.received})` : ''}`).join('\n  ')}`);
			throw e;
		}
		names.push(labels[i] ?? name);
	});
	return { reports, names };
}

function runReplay(args: Args, out: (s: string) => void): void {
	period(args); // usage first: a missing --from/--to is reported before any file is read
	const ledger = loadLedger(args);
	const { reports, names } = replays(args, ledger);
	if (args.bool.has('json')) {
		out(JSON.stringify(reports.length === 1 ? reports[0] : reports.map((r, i) => ({ label: names[i], ...r })), null, 2));
		return;
	}
	out(reports.map((r, i) => formatReplay({ ...r, policy: { ...r.policy, name: names[i] } })).join('\n\n'));
	if (reports.length > 1) out(`\n${formatComparison(reports, names)}`);
}

/** Rows of a side file (touch log, approvals), read by `read`; its errors name the file. */
function readSide<T>(args: Args, flag: string, read: (rows: unknown[]) => T[]): T[] {
	const file = one(args, flag);
	if (!file) return [];
	try {
		return read(loadRows(file, one(args, 'delimiter') ?? ',').rows);
	} catch (e) {
		if (e instanceof ValidationError) throw new DataError(`${path.basename(file)}: ${e.message}`);
		throw e;
	}
}

function runMetrics(args: Args, out: (s: string) => void, html: boolean): void {
	period(args);
	const withReplay = args.flags.has('policy') || args.flags.has('compare');
	if (withReplay && !html) throw new UsageError('--policy and --compare are for replay and report');
	const ledger = loadLedger(args);
	const touches: TouchLogEntry[] = readSide(args, 'touches', readTouchLog);
	const approvals: ApprovalLogEntry[] = readSide(args, 'approval-log', readApprovalLog);
	let m;
	try {
		m = computeMetrics(ledger, touches, { ...period(args), currency: one(args, 'currency') }, approvals);
	} catch (e) {
		if (e instanceof ValidationError) throw new DataError(e.message);
		throw e;
	}
	const title = one(args, 'title') ?? 'Receivables report';
	let text: string;
	if (html) {
		const replayed = withReplay ? replays(args, ledger) : null;
		text = renderReportHtml(m, { title, generatedAt: new Date().toISOString(), replays: replayed?.reports.map((report, i) => ({ label: replayed.names[i], report })) });
	} else text = args.bool.has('json') ? JSON.stringify(m, null, 2) : renderReportText(m, title);
	const file = one(args, 'out');
	if (file) {
		fs.writeFileSync(file, text);
		out(`wrote ${file}`);
	} else out(text);
}

/** Run the program; returns the exit code. */
export function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(`${s}\n`), err: (s: string) => void = (s) => process.stderr.write(`${s}\n`)): number {
	try {
		const args = parseArgs(argv);
		if (args.bool.has('version')) {
			out(String((JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version));
			return 0;
		}
		if (args.bool.has('help') || !args.command) {
			out(HELP);
			return args.command || args.bool.has('help') ? 0 : 2;
		}
		switch (args.command) {
			case 'replay':
				runReplay(args, out);
				return 0;
			case 'metrics':
				runMetrics(args, out, false);
				return 0;
			case 'report':
				runMetrics(args, out, true);
				return 0;
			default:
				throw new UsageError(`unknown command "${args.command}" (replay, metrics or report)`);
		}
	} catch (e) {
		if (e instanceof UsageError) {
			err(`ar-followup: ${e.message}\nRun ar-followup --help for usage.`);
			return 2;
		}
		if (e instanceof DataError || e instanceof CsvError || e instanceof ValidationError) {
			err(`ar-followup: ${e.message}`);
			return 1;
		}
		throw e;
	}
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
