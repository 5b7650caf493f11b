/** The CLI's RFC 4180 CSV reader and argument parsing, and main() in-process on small files. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { main, parseArgs, parseMap } from '../../nodes/cli/ar-followup';
import { CsvError, parseCsv, parseCsvRecords } from '../../nodes/cli/csv';

describe('CSV (RFC 4180)', () => {
	test('quoted fields, doubled quotes, delimiters and line breaks inside quotes, CRLF and LF, BOM', () => {
		const text = '\ufeffInvoice No,Customer,Note\r\n1001,"Acme, Inc.","said ""hi""\r\non two lines"\r\n1002,Beta,\n\n1003,"",plain\n';
		expect(parseCsv(text)).toEqual([
			{ 'Invoice No': '1001', Customer: 'Acme, Inc.', Note: 'said "hi"\r\non two lines' },
			{ 'Invoice No': '1002', Customer: 'Beta', Note: '' },
			{ 'Invoice No': '1003', Customer: '', Note: 'plain' },
		]);
		// records know the line they start on (blank lines skipped)
		expect(parseCsvRecords(text).map((r) => r.line)).toEqual([1, 2, 4, 6]);
	});

	test('no trailing newline, another delimiter, an empty file', () => {
		expect(parseCsv('a;b\n1;"2;3"', ';')).toEqual([{ a: '1', b: '2;3' }]);
		expect(parseCsv('')).toEqual([]);
		expect(parseCsv('a,b\n')).toEqual([]);
	});

	test('malformed input names the line', () => {
		expect(() => parseCsv('a,b\n1,"open\n')).toThrow(new CsvError(2, 'a quoted field is not closed'));
		expect(() => parseCsv('a,b\n1,2\n3\n')).toThrow('CSV line 3: 1 fields, the header has 2');
		expect(() => parseCsv('a,b\n1,x"y"\n')).toThrow('CSV line 2: a quote inside an unquoted field');
		expect(() => parseCsv('a,b\n1,"x"y\n')).toThrow('CSV line 2: text after a closing quote');
		expect(() => parseCsv('a,a\n1,2\n')).toThrow('CSV line 1: the column "a" appears twice in the header');
	});

	test('a header named __proto__ is a plain column', () => {
		const [row] = parseCsv('__proto__,b\n1,2\n');
		expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
		expect(Object.keys(row)).toEqual(['__proto__', 'b']);
	});
});

describe('arguments', () => {
	test('flags, repeated flags and --name=value', () => {
		const a = parseArgs(['replay', '--ledger', 'x.csv', '--compare', 'a.json', '--compare=b.json', '--json']);
		expect(a.command).toBe('replay');
		expect(a.flags.get('compare')).toEqual(['a.json', 'b.json']);
		expect(a.bool.has('json')).toBe(true);
		expect(() => parseArgs(['replay', '--nope'])).toThrow('unknown option --nope');
		expect(() => parseArgs(['replay', '--ledger'])).toThrow('--ledger needs a value');
	});

	test('--map pairs', () => {
		expect(parseMap(['invoiceId=Doc #,paidDate=Settled On', 'customerId = Account'])).toEqual({ invoiceId: 'Doc #', paidDate: 'Settled On', customerId: 'Account' });
		expect(() => parseMap(['invoiceId'])).toThrow('--map expects FIELD=COLUMN pairs');
	});
});

describe('main() in-process', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ar-cli-'));
	const csv = path.join(dir, 'ledger.csv');
	fs.writeFileSync(
		csv,
		[
			'Invoice No,Customer ID,Email,Amount,Currency,Invoice Date,Due Date,Paid On',
			'A1,C1,ap@c1.example.com,500.00,GBP,2026-03-02,2026-03-16,2026-03-24',
			'A2,C2,ap@c2.example.com,"1,200.00",GBP,2026-02-02,2026-03-04,',
		].join('\r\n'),
	);
	const exec = (args: string[]) => {
		const out: string[] = [];
		const err: string[] = [];
		const code = main(args, (s) => out.push(s), (s) => err.push(s));
		return { code, out: out.join('\n'), err: err.join('\n') };
	};

	test('replay prints the report; metrics prints the figures', () => {
		const r = exec(['replay', '--ledger', csv, '--from', '2026-03-02', '--to', '2026-03-31', '--map', 'paidDate=Paid On']);
		expect(r.err).toBe('');
		expect(r.code).toBe(0);
		expect(r.out).toMatch(/^Policy replay: default \(default@v1#/);
		expect(r.out).toContain('Period 2026-03-02 to 2026-03-31: 22 business days, 22 runs at 09:00 (UTC)');
		const m = exec(['metrics', '--ledger', csv, '--from', '2026-03-01', '--to', '2026-03-31', '--map', 'paidDate=Paid On', '--json']);
		expect(m.code).toBe(0);
		// end AR 1200 (A2), sales 500 (A1 issued in March) -> 1200 / 500 x 31 = 74.4
		expect(JSON.parse(m.out).dso.simple).toBe(74.4);
	});

	test('metrics read the touch log and the approvals exported from the store (ar_touches, ar_approvals as CSV)', () => {
		// The Data Tables' CSV exports, system columns included. In March: A1's D-7 reminder (send), A2's D+14 approval
		// request and D+15 owner alert; the D+14 approval was rejected on 18 March.
		const touches = path.join(dir, 'ar_touches.csv');
		fs.writeFileSync(
			touches,
			[
				'id,dedupeKey,invoiceId,customerId,step,channel,sentAt,status,kind,tone,outcome,recipient,subject,createdAt,updatedAt',
				'1,A1:D-7:email,A1,C1,D-7,email,2026-03-09T09:00:00Z,sent,reminder,friendly,send,ap@c1.example.com,Invoice A1,2026-03-09T09:00:01Z,2026-03-09T09:00:01Z',
				'2,A2:D+14:approval,A2,C2,D+14,internal,2026-03-18T09:00:00Z,sent,approval-request,firm,approval,,,2026-03-18T09:00:01Z,2026-03-18T09:00:01Z',
				'3,A2:D+15:internal,A2,C2,D+15,internal,2026-03-19T09:00:00Z,sent,alert,firm,send,,,2026-03-19T09:00:01Z,2026-03-19T09:00:01Z',
			].join('\n'),
		);
		const approvals = path.join(dir, 'ar_approvals.csv');
		fs.writeFileSync(approvals, ['id,approvalKey,invoiceId,step,decision,by,decidedAt', '1,A2:D+14:approval,A2,D+14,rejected,maria,2026-03-18T16:00:00Z'].join('\n'));
		const m = exec(['metrics', '--ledger', csv, '--touches', touches, '--approval-log', approvals, '--from', '2026-03-01', '--to', '2026-03-31', '--map', 'paidDate=Paid On', '--json']);
		expect(m.err).toBe('');
		const t = JSON.parse(m.out).touches;
		// escalations: A2 D+14 (approval request) and A2 D+15 (alert) -> 2 steps of 1 invoice, of the 2 invoices touched
		expect(t).toMatchObject({ total: 3, byOutcome: { send: 2, approval: 1 }, escalations: 2, escalatedInvoices: 1, invoicesTouched: 2, escalationRate: 0.5 });
		expect(t.approvals).toEqual({ requested: 1, approved: 0, rejected: 1, pending: 0, undated: 0 });
		const text = exec(['metrics', '--ledger', csv, '--touches', touches, '--approval-log', approvals, '--from', '2026-03-01', '--to', '2026-03-31', '--map', 'paidDate=Paid On']);
		expect(text.out).toContain('Messages 3 (send 2, approval 1); escalations 2 (1 of 2 invoices, 50.0 %); approvals requested 1, granted 0, rejected 1, pending 0');
		// the same as JSON ({ "approvals": [...] }, as the Data Table's rows come out of n8n)
		const json = path.join(dir, 'approvals.json');
		fs.writeFileSync(json, JSON.stringify({ approvals: [{ invoiceId: 'A2', step: 'D+14', decision: 'rejected', by: 'maria', decidedAt: '2026-03-18T16:00:00Z' }] }));
		const j = exec(['metrics', '--ledger', csv, '--touches', touches, '--approval-log', json, '--from', '2026-03-01', '--to', '2026-03-31', '--map', 'paidDate=Paid On', '--json']);
		expect(JSON.parse(j.out).touches.approvals).toEqual(t.approvals);
		// a bad approvals row is named
		fs.writeFileSync(approvals, ['invoiceId,step,decision', 'A2,D+14,later'].join('\n'));
		const bad = exec(['metrics', '--ledger', csv, '--approval-log', approvals, '--from', '2026-03-01', '--to', '2026-03-31', '--map', 'paidDate=Paid On']);
		expect(bad.code).toBe(1);
		expect(bad.err).toContain('ar_approvals.csv: approvals[0].decision: must be approved or rejected');
	});

	test('report --policy --compare adds the policy replay of the same period, side by side', () => {
		const gentle = path.join(dir, 'gentle.json');
		fs.writeFileSync(gentle, JSON.stringify({ name: 'gentle', steps: [{ id: 'D+7', offsetDays: 7, label: 'Reminder', tone: 'friendly', channels: ['email'] }] }));
		const out = path.join(dir, 'report.html');
		const r = exec(['report', '--ledger', csv, '--compare', gentle, '--from', '2026-03-02', '--to', '2026-03-31', '--map', 'paidDate=Paid On', '--out', out]);
		expect(r.err).toBe('');
		expect(r.code).toBe(0);
		const html = fs.readFileSync(out, 'utf8');
		expect(html).toContain('<section id="replay"><h2>Policy replay</h2>');
		expect(html).toMatch(/<th>default<\/th><th>gentle<\/th>/);
		expect(html).toContain('<td>of which steps that always need one</td>');
		// without a replay, no replay section; --policy is for replay and report only
		exec(['report', '--ledger', csv, '--from', '2026-03-02', '--to', '2026-03-31', '--map', 'paidDate=Paid On', '--out', out]);
		expect(fs.readFileSync(out, 'utf8')).not.toContain('id="replay"');
		const usage = exec(['metrics', '--ledger', csv, '--policy', gentle, '--from', '2026-03-02', '--to', '2026-03-31']);
		expect(usage.code).toBe(2);
		expect(usage.err).toContain('--policy and --compare are for replay and report');
	});

	test('usage and data errors: exit 2 and 1, with the reason', () => {
		expect(exec([]).code).toBe(2);
		expect(exec(['--help']).code).toBe(0);
		expect(exec(['replay', '--ledger', csv, '--from', '2026-03-02']).err).toContain('--to is required');
		const bad = exec(['replay', '--ledger', csv, '--from', '2026-03-02', '--to', '2026-03-31', '--map', 'paidOn=Paid On']);
		expect(bad.code).toBe(1);
		expect(bad.err).toContain('map.paidOn: is not a ledger field');
		const missing = exec(['replay', '--ledger', path.join(dir, 'nope.csv'), '--from', '2026-03-02', '--to', '2026-03-31']);
		expect(missing.code).toBe(2);
		expect(missing.err).toContain('cannot read');
	});
});
