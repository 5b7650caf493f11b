/**
 * The demo's summary: one line per invoice of a daily run (tier, risk, decision, reason, channel) with the
 * subject of every mail the SMTP sink caught for it (customer mails, and alerts/tasks to the account owner).
 */
import * as fs from 'fs';
import * as path from 'path';

import { REPO_ROOT } from '../e2e/package';
import { itemsOf } from '../e2e/ar-instance';
import type { N8nRun } from '../e2e/n8n-harness';
import type { CaughtMail } from '../e2e/smtp-sink';

export const DEMO_DIR = path.join(REPO_ROOT, '.cache', 'demo');
/** What `npm run editor` needs to reproduce the demo's setting (written by the demo). */
export const DEMO_STATE = path.join(REPO_ROOT, '.cache', 'demo', 'demo-state.json');
/** Where the demo writes every mail the sink caught, to be read as the customer or the owner would. */
export const DEMO_MAILS = path.join(DEMO_DIR, 'mails');
export interface DemoState {
	smtpPort: number;
	stripeSecret: string;
	ids: Record<string, string>;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface InvoiceRow {
	invoiceId: string;
	customer: string;
	tier: string;
	risk: string;
	decision: string;
	reason: string;
	channel: string;
	mails: string[];
}

const STOP_OUTPUTS = ['Send', 'Hold', 'Needs Approval', 'Human Task'];

function cell(v: string, width: number): string {
	return v.length > width ? `${v.slice(0, width - 1)}…` : v.padEnd(width);
}

function reasonOf(d: Json): string {
	const at = typeof d.resumeAt === 'string' ? ` → ${d.resumeAt.slice(5, 16).replace('T', ' ')}` : '';
	return `${d.code}${d.step ? ` ${d.step}` : ''}${d.outcome === 'hold' ? at : ''}`;
}

/** Rows of a daily run, in the order Send, Hold, Needs Approval, Human Task, Nothing Due. */
export function dailyRunRows(run: N8nRun, mails: readonly CaughtMail[]): InvoiceRow[] {
	const rows = new Map<string, InvoiceRow>();
	STOP_OUTPUTS.forEach((decision, output) => {
		for (const it of itemsOf(run, 'AR Stop Check', output)) {
			const ar = it.arFollowUp as Json;
			const d = ar.decision as Json;
			rows.set(ar.invoiceId, {
				invoiceId: ar.invoiceId,
				customer: String(ar.customer?.name ?? ''),
				tier: `${ar.aging.tier} (${ar.aging.daysPastDue >= 0 ? '+' : ''}${ar.aging.daysPastDue}d)`,
				risk: `${ar.risk.score} ${ar.risk.band}`,
				decision,
				reason: reasonOf(d),
				channel: ((d.channels as string[]) ?? []).join('+') || '-',
				mails: [],
			});
		}
	});
	for (const it of itemsOf(run, 'Nothing Due Today')) {
		const ar = it.arFollowUp as Json;
		rows.set(ar.invoiceId, {
			invoiceId: ar.invoiceId,
			customer: String(ar.customer?.name ?? (it.customer as Json | undefined)?.name ?? ''),
			tier: `${ar.aging.tier} (${ar.aging.daysPastDue >= 0 ? '+' : ''}${ar.aging.daysPastDue}d)`,
			risk: ar.risk ? `${ar.risk.score} ${ar.risk.band}` : '',
			decision: 'Nothing Due',
			reason: ar.aging.nextStep ? `next ${ar.aging.nextStep} on ${ar.aging.nextStepDate}` : 'no step left',
			channel: '-',
			mails: [],
		});
	}
	for (const it of itemsOf(run, 'Skipped: Paid or Held Meanwhile')) {
		const row = rows.get((it.arFollowUp as Json).invoiceId);
		if (row) {
			row.decision = 'Skipped';
			row.reason = String((it.recheck as Json)?.reason ?? 'paid or held meanwhile');
		}
	}
	// Channels that are switched off in Settings.
	for (const name of ['Channel Off', 'Email Off']) {
		for (const it of itemsOf(run, name)) {
			const row = rows.get((it.arFollowUp as Json).invoiceId);
			const ch = (it.arFollowUp as Json).message?.channel;
			if (row && ch) row.channel = row.channel.replace(ch, `${ch} (off)`);
		}
	}
	// Mails: what AR Message wrote for the invoice (customer email, or the ticket to the owner), found in the sink.
	const written: Array<{ invoiceId: string; to: string; subject: string }> = [];
	for (const it of itemsOf(run, 'AR Message', 0)) written.push({ invoiceId: (it.arFollowUp as Json).invoiceId, to: String((it.email as Json).to), subject: String((it.email as Json).subject) });
	for (const output of [2, 3]) {
		for (const it of itemsOf(run, 'AR Message', output)) {
			if (it.internal) written.push({ invoiceId: (it.arFollowUp as Json).invoiceId, to: '', subject: `[AR] ${String((it.internal as Json).title)}` });
		}
	}
	for (const w of written) {
		const mail = mails.find((m) => m.subject === w.subject && (w.to === '' || m.to.includes(w.to.toLowerCase()) || m.envelopeTo.includes(w.to.toLowerCase())));
		const row = rows.get(w.invoiceId);
		if (row && mail) row.mails.push(w.to === '' ? `to owner ${mail.to[0] ?? ''}: ${mail.subject}` : mail.subject);
	}
	const order = new Map([...STOP_OUTPUTS, 'Skipped', 'Nothing Due'].map((o, i) => [o, i]));
	return [...rows.values()].sort((a, b) => (order.get(a.decision) ?? 9) - (order.get(b.decision) ?? 9) || a.invoiceId.localeCompare(b.invoiceId));
}

export function dailyRunTable(run: N8nRun, mails: readonly CaughtMail[]): { rows: InvoiceRow[]; text: string; counts: string } {
	const rows = dailyRunRows(run, mails);
	const head = ['Invoice', 'Customer', 'Tier', 'Risk', 'Decision', 'Reason', 'Channel', 'Mail caught by the SMTP sink (subject)'];
	const widths = [13, 24, 15, 12, 14, 32, 21, 80];
	const line = (cols: string[]) => cols.map((c, i) => cell(c, widths[i])).join(' ').trimEnd();
	const lines = [line(head), widths.map((w) => '─'.repeat(w)).join(' ')];
	for (const r of rows) {
		const [first, ...more] = r.mails.length ? r.mails : ['-'];
		lines.push(line([r.invoiceId, r.customer, r.tier, r.risk, r.decision, r.reason, r.channel, first]));
		for (const m of more) lines.push(line(['', '', '', '', '', '', '', m]));
	}
	const tally = new Map<string, number>();
	for (const r of rows) tally.set(r.decision, (tally.get(r.decision) ?? 0) + 1);
	const counts = `${rows.length} invoices: ${[...tally].map(([k, v]) => `${k} ${v}`).join(' · ')} — ${mails.length} mails caught by the sink`;
	return { rows, text: lines.join('\n'), counts };
}

function fileSafe(s: string): string {
	return s.toLowerCase().replace(/[^a-z0-9@._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'mail';
}

/**
 * Write caught mails from index `from` on into `dir`, one `NN-recipient.txt` each (the headers a mail client
 * shows, then the plain-text part) plus `NN-recipient.html` when the mail has an HTML part. `from` 0 empties the
 * folder first (a new daily run). Returns the files written.
 */
export function saveMails(mails: readonly CaughtMail[], dir: string = DEMO_MAILS, from = 0): string[] {
	if (from === 0) fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const files: string[] = [];
	for (let i = from; i < mails.length; i++) {
		const m = mails[i];
		const base = path.join(dir, `${String(i + 1).padStart(2, '0')}-${fileSafe(m.to[0] ?? m.envelopeTo[0] ?? '')}`);
		const head = [
			`From: ${m.headers.from ?? m.from}`,
			`To: ${m.headers.to ?? m.to.join(', ')}`,
			...(m.cc.length ? [`Cc: ${m.headers.cc ?? m.cc.join(', ')}`] : []),
			...(m.bcc.length ? [`Bcc: ${m.bcc.join(', ')}`] : []),
			...(m.replyTo.length ? [`Reply-To: ${m.headers['reply-to'] ?? m.replyTo.join(', ')}`] : []),
			`Subject: ${m.subject}`,
			`Date: ${m.headers.date ?? m.receivedAt}`,
		];
		fs.writeFileSync(`${base}.txt`, `${head.join('\n')}\n\n${m.text}`);
		files.push(`${base}.txt`);
		if (m.html) {
			fs.writeFileSync(`${base}.html`, m.html);
			files.push(`${base}.html`);
		}
	}
	return files;
}
