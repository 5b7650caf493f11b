/**
 * Properties of the reply classifier over generated replies: fragments of the wording its rules read (payment claims,
 * promises, opt-outs, channel preferences, delivery notices, insolvency, quoted headers, dates) mixed with random
 * text, in the five languages. Whatever the reply, the result is well formed and never contradicts itself.
 */
import fc from 'fast-check';

import { classifyReply } from '../../../nodes/core/events';
import { REPLY_CLASSES } from '../../../nodes/core/events/types';

const FRAGMENTS = [
	'we paid', 'Paid', 'payment done', 'will pay on Friday', 'tomorrow', 'next week Monday', 'by the end of the month', 'STOP', 'stop texting me',
	'email is fine', 'only by email from now on', 'unsubscribe me from everything', 'Delivery has been delayed', 'will retry', 'Undeliverable',
	'MAILER-DAEMON', 'no longer with the company', 'this mailbox is no longer monitored', 'went into administration', 'proof of debt',
	'On Mon, 9 Mar 2026 at 09:00, Acme <a@b.c> wrote:', '> Please pay by 20 March.', '> Reply STOP to stop these reminders.',
	'Acme <a@b.c> wrote on 07/04/2026 09:00:', '-----Original Message-----', 'not', 'no', 'never', '?', '10/04', '12.03.', '2026-03-20',
	'bezahlt', 'überweisen morgen', 'Insolvenzverfahren eröffnet', 'keine SMS mehr', 'per E-Mail ist okay', 'nur noch per E-Mail',
	'payé', 'je vous paie demain', 'redressement judiciaire', 'plus de mails', 'ici sur WhatsApp c\'est parfait',
	'pagado', 'le deposito el viernes 20', 'concurso de acreedores', 'dejen de acosarme', 'solo por mail', 'no pienso pagar',
	'pix feito', 'amanhã pago', 'recuperação judicial', 'parem de mandar sms', 'pode ser por e-mail', 'RGPD article 17', 'How dare you',
	'Hasta que no nos enviéis el abono', 'la mitad esta quincena y la otra mitad a fin de mes', 'Kindly share a copy of the invoice',
];

const reply = fc.record({
	parts: fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 12 })), { maxLength: 12 }),
	seps: fc.array(fc.constantFrom(' ', '. ', ', ', '\n', '\n\n', ': ', '! '), { minLength: 12, maxLength: 12 }),
	subject: fc.option(fc.oneof(fc.constantFrom('RE: Payment reminder', 'Automatic reply: Invoice', 'Undeliverable: Reminder', 'Delivery Status Notification (Delay)', 'RES: Lembrete'), fc.string({ maxLength: 30 })), { nil: undefined }),
	from: fc.option(fc.constantFrom('MAILER-DAEMON@mx.example.net', 'jane@client.example', 'postmaster@x.example'), { nil: undefined }),
	channel: fc.constantFrom('email', 'sms', 'whatsapp') as fc.Arbitrary<'email' | 'sms' | 'whatsapp'>,
	locale: fc.constantFrom('en-GB', 'en-US', 'en-IN', 'en-PH', 'de-DE', 'de-CH', 'fr-FR', 'fr-CA', 'es-ES', 'es-MX', 'pt-BR', 'pt-PT', undefined),
	timeZone: fc.constantFrom('Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'America/Sao_Paulo', 'UTC'),
	at: fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 31) }),
});

const RUNS = { numRuns: Number(process.env.REPLY_PROP_RUNS ?? 400) };

describe('reply classifier properties', () => {
	it('never throws and never contradicts itself, whatever the reply', () => {
		fc.assert(
			fc.property(reply, (r) => {
				const text = r.parts.map((p, i) => p + r.seps[i]).join('');
				const c = classifyReply({ text, subject: r.subject, from: r.from, channel: r.channel, locale: r.locale, timeZone: r.timeZone, receivedAt: new Date(r.at).toISOString() });
				expect(REPLY_CLASSES).toContain(c.class);
				expect(c.confidence).toBeGreaterThanOrEqual(0.05);
				expect(c.confidence).toBeLessThanOrEqual(0.99);
				for (const ch of c.optOutChannels) expect(['email', 'sms', 'whatsapp', 'phone']).toContain(ch);
				expect(new Set(c.optOutChannels).size).toBe(c.optOutChannels.length);
				if (c.class === 'unsubscribe') expect(c.optOutChannels.length).toBeGreaterThan(0);
				if (c.class === 'bounced') expect(c.optOutChannels).toEqual([]);
				if (c.promiseDate !== null) {
					expect(c.class).toBe('promise_to_pay');
					// a promise is never for a day already past where the customer is
					expect(c.promiseDate >= c.referenceDate).toBe(true);
				}
				if (c.returnDate !== null) expect(c.class).toBe('out_of_office');
			}),
			RUNS,
		);
	});

	it('reads a very long reply (a whole quoted thread many times over) without failing', () => {
		const long = Array.from({ length: 400 }, (_, i) => FRAGMENTS[i % FRAGMENTS.length]).join('. ');
		for (const channel of ['email', 'sms'] as const) {
			const c = classifyReply({ text: long, channel, receivedAt: '2026-03-10T10:00:00Z', locale: 'en-GB', timeZone: 'Europe/London' });
			expect(REPLY_CLASSES).toContain(c.class);
		}
	});
});
