/**
 * The demo writes every mail the SMTP sink caught to a folder, to be read as the customer or the owner would
 * (test/demo/table.ts saveMails).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import type { CaughtMail } from '../e2e/smtp-sink';
import { saveMails } from './table';

function mail(over: Partial<CaughtMail>): CaughtMail {
	return {
		envelopeTo: ['ap@acme.example.com'],
		envelopeFrom: 'ar@seller.example.com',
		to: ['ap@acme.example.com'],
		cc: [],
		bcc: [],
		from: 'ar@seller.example.com',
		replyTo: [],
		subject: 'Invoice INV-1 is due tomorrow',
		text: 'Hello Ada,\n\nA reminder.\n',
		html: '',
		headers: { from: 'Seller AR <ar@seller.example.com>', to: 'Acme AP <ap@acme.example.com>', date: 'Tue, 17 Mar 2026 15:00:01 +0000' },
		messageId: '<1@seller.example.com>',
		receivedAt: '2026-03-17T15:00:02.000Z',
		...over,
	};
}

describe('demo: saveMails', () => {
	let dir: string;
	beforeEach(() => {
		dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ar-demo-mails-')), 'mails');
	});
	afterEach(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

	it('writes each mail as the headers a mail client shows and its text, plus its HTML part when it has one', () => {
		const files = saveMails(
			[
				mail({}),
				mail({
					to: ['Owner.Person@Seller.example.com'],
					envelopeTo: ['owner.person@seller.example.com', 'finance@seller.example.com'],
					cc: ['finance@seller.example.com'],
					replyTo: ['ar@seller.example.com'],
					headers: { from: 'Seller AR <ar@seller.example.com>', to: 'owner.person@seller.example.com', cc: 'finance@seller.example.com', 'reply-to': 'ar@seller.example.com' },
					subject: '[AR] Approval needed: Final notice',
					html: '<p>Approve?</p>',
				}),
			],
			dir,
		);
		expect(files.map((f) => path.basename(f))).toEqual(['01-ap@acme.example.com.txt', '02-owner.person@seller.example.com.txt', '02-owner.person@seller.example.com.html']);
		expect(fs.readFileSync(files[0], 'utf8')).toBe(
			'From: Seller AR <ar@seller.example.com>\nTo: Acme AP <ap@acme.example.com>\nSubject: Invoice INV-1 is due tomorrow\nDate: Tue, 17 Mar 2026 15:00:01 +0000\n\nHello Ada,\n\nA reminder.\n',
		);
		const second = fs.readFileSync(files[1], 'utf8');
		expect(second).toContain('\nCc: finance@seller.example.com\n');
		expect(second).toContain('\nReply-To: ar@seller.example.com\n');
		expect(second).toContain('\nDate: 2026-03-17T15:00:02.000Z\n'); // no Date header: when the sink caught it
		expect(fs.readFileSync(files[2], 'utf8')).toBe('<p>Approve?</p>');
	});

	it('empties the folder for a new run, and adds to it from a later index', () => {
		saveMails([mail({}), mail({ to: ['b@x.example.com'] })], dir);
		saveMails([mail({ to: ['c@x.example.com'] })], dir);
		expect(fs.readdirSync(dir)).toEqual(['01-c@x.example.com.txt']);
		const more = saveMails([mail({ to: ['c@x.example.com'] }), mail({ to: ['d/../e@x.example.com'] })], dir, 1);
		expect(more.map((f) => path.basename(f))).toEqual(['02-d-..-e@x.example.com.txt']);
		expect(fs.readdirSync(dir).sort()).toEqual(['01-c@x.example.com.txt', '02-d-..-e@x.example.com.txt']);
	});
});
