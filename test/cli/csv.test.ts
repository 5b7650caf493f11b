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
