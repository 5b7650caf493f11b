/**
 * A local SMTP sink for end-to-end tests and the demo: accepts every mail on 127.0.0.1 (no TLS, any or no
 * login), parses it with mailparser and keeps it in memory so a test reads back what n8n's Send Email node
 * really sent (recipient, subject, text, headers).
 *
 *   const sink = await startSmtpSink();            // free port unless given
 *   // n8n SMTP credential: host 127.0.0.1, port sink.port, secure false, any user/password
 *   await sink.waitFor((mails) => mails.length >= 3);
 *   sink.mails[0].to; sink.mails[0].subject;
 *   await sink.stop();
 *
 * Also runnable on its own (`node dist-of-this-file [port] [jsonl file]`) for the demo or a queue test in
 * another process: every received mail is appended as one JSON line to the file.
 */
import * as fs from 'fs';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
	/** Envelope recipients (RCPT TO), lower-cased: who really received it, cc and bcc included. */
	envelopeTo: string[];
	envelopeFrom: string;
	/** Header addresses, lower-cased. */
	to: string[];
	cc: string[];
	bcc: string[];
	from: string;
	replyTo: string[];
	subject: string;
	text: string;
	html: string;
	headers: Record<string, string>;
	messageId: string;
	receivedAt: string;
}

export interface SmtpSink {
	port: number;
	host: string;
	/** Every mail received so far, in arrival order. */
	readonly mails: CaughtMail[];
	/** Resolve once `done(mails)` is true (checked on each mail and at the start); reject after timeoutMs. */
	waitFor(done: (mails: CaughtMail[]) => boolean, timeoutMs?: number): Promise<CaughtMail[]>;
	/** Recipients (lower-case) refused at RCPT TO with a permanent failure, 550 5.1.1, as a mail server does for a mailbox that does not exist. */
	readonly refused: Set<string>;
	/** Forget the mails received so far. */
	clear(): void;
	stop(): Promise<void>;
}

function addresses(a: AddressObject | AddressObject[] | undefined): string[] {
	if (!a) return [];
	const list = Array.isArray(a) ? a : [a];
	return list.flatMap((o) => o.value.map((v) => (v.address ?? '').toLowerCase())).filter((s) => s !== '');
}

export async function startSmtpSink(opts: { port?: number; host?: string; jsonlFile?: string } = {}): Promise<SmtpSink> {
	const host = opts.host ?? '127.0.0.1';
	const mails: CaughtMail[] = [];
	const waiters = new Set<() => void>();
	const refused = new Set<string>();
	const server = new SMTPServer({
		secure: false,
		disabledCommands: ['STARTTLS'],
		authOptional: true,
		allowInsecureAuth: true,
		logger: false,
		size: 25 * 1024 * 1024,
		onAuth(_auth, _session, cb) {
			cb(null, { user: 'sink' });
		},
		onRcptTo(address, _session, cb) {
			if (refused.has(address.address.toLowerCase())) cb(Object.assign(new Error('5.1.1 Mailbox does not exist'), { responseCode: 550 }));
			else cb();
		},
		onData(stream, session, cb) {
			simpleParser(stream)
				.then((parsed) => {
					const headers: Record<string, string> = {};
					for (const [k, v] of parsed.headers) {
						headers[k] = typeof v === 'string' ? v : v instanceof Date ? v.toUTCString() : v !== null && typeof v === 'object' && 'text' in v ? String(v.text) : JSON.stringify(v);
					}
					const mail: CaughtMail = {
						envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
						envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address.toLowerCase() : '',
						to: addresses(parsed.to),
						cc: addresses(parsed.cc),
						bcc: addresses(parsed.bcc),
						from: addresses(parsed.from)[0] ?? '',
						replyTo: addresses(parsed.replyTo),
						subject: parsed.subject ?? '',
						text: parsed.text ?? '',
						html: typeof parsed.html === 'string' ? parsed.html : '',
						headers,
						messageId: parsed.messageId ?? '',
						receivedAt: new Date().toISOString(),
					};
					mails.push(mail);
					if (opts.jsonlFile) fs.appendFileSync(opts.jsonlFile, JSON.stringify(mail) + '\n');
					for (const w of [...waiters]) w();
					cb();
				})
				.catch((err: Error) => cb(err));
		},
	});
	server.on('error', () => undefined);
	const port = await new Promise<number>((resolve, reject) => {
		server.server.once('error', reject);
		server.listen(opts.port ?? 0, host, () => {
			const addr = server.server.address();
			resolve(typeof addr === 'object' && addr !== null ? addr.port : 0);
		});
	});

	return {
		port,
		host,
		mails,
		refused,
		waitFor(done, timeoutMs = 60_000) {
			return new Promise((resolve, reject) => {
				const check = () => {
					if (!done(mails)) return false;
					waiters.delete(check);
					clearTimeout(timer);
					resolve(mails);
					return true;
				};
				const timer = setTimeout(() => {
					waiters.delete(check);
					reject(new Error(`SMTP sink: condition not met after ${timeoutMs} ms (${mails.length} mails caught)`));
				}, timeoutMs);
				if (!check()) waiters.add(check);
			});
		},
		clear() {
			mails.length = 0;
		},
		stop() {
			return new Promise((resolve) => server.close(() => resolve()));
		},
	};
}

if (require.main === module) {
	const port = Number(process.argv[2] ?? 2525);
	const file = process.argv[3];
	void startSmtpSink({ port, jsonlFile: file }).then((s) => {
		process.stdout.write(`SMTP sink listening on ${s.host}:${s.port}${file ? `, writing ${file}` : ''}\n`);
	});
}
