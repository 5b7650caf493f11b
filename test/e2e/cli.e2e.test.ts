/**
 * `ar-followup`, the command-line program, as a finance lead gets it: the packed package installed with
 * npm (the bin link and the shebang included), run as a child process on a generated year of invoices
 * written as a CSV export whose column names need --map. It prints each policy's replay and the two side
 * by side; a gentler policy must send fewer messages, waste fewer and send no SMS.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { packPackage, REPO_ROOT } from './package';
import { GENTLE_POLICY, yearLedger, yearLedgerCsv } from '../support/year-ledger';

const DIR = path.join(REPO_ROOT, 'test', '.tmp', 'cli-e2e');

let bin = '';
function cli(args: string[]) {
	const r = spawnSync(bin, args, { cwd: DIR, encoding: 'utf8', timeout: 240_000 });
	return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The value cells of a row of the side-by-side table. */
function rowOf(table: string, label: string): string[] {
	const line = table.split('\n').find((l) => l.startsWith(label));
	if (!line) throw new Error(`no row "${label}" in\n${table}`);
	return line.slice(label.length).trim().split(/\s{3,}/);
}

describe('ar-followup CLI (installed from the packed package)', () => {
	beforeAll(() => {
		fs.rmSync(DIR, { recursive: true, force: true });
		fs.mkdirSync(DIR, { recursive: true });
		const tgz = packPackage();
		fs.writeFileSync(path.join(DIR, 'package.json'), JSON.stringify({ name: 'finance-lead', private: true }));
		execFileSync('npm', ['install', '--ignore-scripts', '--omit=dev', '--omit=peer', '--no-audit', '--no-fund', '--no-package-lock', tgz], { cwd: DIR, stdio: 'pipe' });
		bin = path.join(DIR, 'node_modules', '.bin', 'ar-followup');
		fs.writeFileSync(path.join(DIR, 'year.csv'), yearLedgerCsv(yearLedger({ invoices: 400 })));
		fs.writeFileSync(path.join(DIR, 'gentle.json'), JSON.stringify(GENTLE_POLICY, null, 2));
		// The default policy, as the AR Policy node emits it ({ policy: {...} })
		fs.writeFileSync(path.join(DIR, 'default.json'), JSON.stringify({ policy: { name: 'default' } }));
	}, 600_000);

	test('the bin is linked, executable, and answers --version and --help', () => {
		expect(fs.readFileSync(fs.realpathSync(bin), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
		expect(cli(['--version']).out.trim()).toMatch(/^\d+\.\d+\.\d+/);
		const help = cli(['--help']);
		expect(help.code).toBe(0);
		expect(help.out).toContain('ar-followup replay  --ledger FILE');
	});

	test('replays a generated year under two policies and prints them side by side', () => {
		const args = ['replay', '--ledger', 'year.csv', '--policy', 'default.json', '--compare', 'gentle.json', '--from', '2025-03-17', '--to', '2026-03-16', '--map', 'invoiceId=Doc #,paidDate=Settled', '--run-times', '08:00,16:00'];
		const r = cli(args);
		expect(r.err).toBe('');
		expect(r.code).toBe(0);
		fs.writeFileSync(path.join(DIR, 'comparison.txt'), r.out);
		// eslint-disable-next-line no-console
		console.log(`$ ar-followup ${args.map((a) => (/[\s#]/.test(a) ? `"${a}"` : a)).join(' ')}\n${r.out}`);
		expect(r.out).toMatch(/^Policy replay: default \(default@v1#[0-9a-f]{8}\)/);
		expect(r.out).toContain('Policy replay: gentle (gentle@v1#');
		expect(r.out).toContain('Period 2025-03-17 to 2026-03-16: 261 business days, 522 runs at 08:00, 16:00 (UTC)');
		const table = r.out.slice(r.out.indexOf('Policy replay, side by side'));
		const [a, b] = rowOf(table, 'Messages to customers').map(Number);
		expect(a).toBeGreaterThan(500);
		expect(b).toBeLessThan(a);
		const [wa, wb] = rowOf(table, 'Wasted (paid within 3 days)').map(Number);
		expect(wb).toBeLessThan(wa);
		const [sa, sb] = rowOf(table, '  channel sms').map(Number);
		expect(sa).toBeGreaterThan(0);
		expect(sb).toBe(0);
		// steps the gentle policy does not have are zero in its column and -100 % in the change column
		expect(rowOf(table, '  step D-7')[1]).toBe('0');
		expect(rowOf(table, '  step D-7')[2]).toMatch(/\(-100\.0 %\)$/);
		// both replays saw the same invoices
		const [fa, fb] = rowOf(table, 'Invoices followed up').map(Number);
		expect(fa).toBe(fb);
	}, 300_000);

	test('--json gives one report per policy', () => {
		const r = cli(['replay', '--ledger', 'year.csv', '--compare', 'gentle.json', '--from', '2026-01-05', '--to', '2026-01-30', '--map', 'invoiceId=Doc #', '--map', 'paidDate=Settled', '--json']);
		expect(r.code).toBe(0);
		const reports = JSON.parse(r.out) as Array<{ label: string; messages: { total: number }; period: { businessDays: number } }>;
		expect(reports.map((x) => x.label)).toEqual(['default', 'gentle']);
		expect(reports[0].period.businessDays).toBe(20);
	}, 120_000);

	test('metrics and report subcommands on the same export', () => {
		const m = cli(['metrics', '--ledger', 'year.csv', '--map', 'invoiceId=Doc #,paidDate=Settled', '--from', '2026-02-01', '--to', '2026-02-28', '--currency', 'USD']);
		expect(m.code).toBe(0);
		expect(m.out).toMatch(/DSO [\d.,]+ days \(count-back [\d.,]+, best possible [\d.,]+\)/);
		const rep = cli(['report', '--ledger', 'year.csv', '--map', 'invoiceId=Doc #,paidDate=Settled', '--from', '2026-02-01', '--to', '2026-02-28', '--currency', 'EUR', '--out', 'report.html']);
		expect(rep.code).toBe(0);
		const html = fs.readFileSync(path.join(DIR, 'report.html'), 'utf8');
		expect(html).toContain('<svg id="chart-aging"');
	}, 120_000);

	test('without the column map the export is rejected, naming the line and the field; usage errors exit 2', () => {
		const r = cli(['replay', '--ledger', 'year.csv', '--from', '2025-03-17', '--to', '2026-03-16']);
		expect(r.code).toBe(1);
		expect(r.err).toContain('year.csv: line 2: invoiceId is required');
		expect(r.err).toContain('Name the column of each missing field with --map, e.g. --map "invoiceId=Doc #"');
		const mixed = cli(['metrics', '--ledger', 'year.csv', '--map', 'invoiceId=Doc #,paidDate=Settled', '--from', '2026-02-01', '--to', '2026-02-28']);
		expect(mixed.code).toBe(1);
		expect(mixed.err).toMatch(/mixes currencies/);
		expect(cli(['replay', '--ledger', 'year.csv', '--from', '2025-03-17']).code).toBe(2);
		expect(cli(['replay', '--bogus']).err).toContain('unknown option --bogus');
		expect(cli(['frobnicate']).code).toBe(2);
	}, 120_000);
});
