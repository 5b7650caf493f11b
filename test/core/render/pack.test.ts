/**
 * Every default template, for a full-data and a sparse-data invoice, in every locale, tone and channel:
 * it renders, and the text has no "undefined", "NaN", "{{", "[object", "null" or empty placeholders.
 */
import { TONES } from '../../../nodes/core/types';
import { PACK_LANGUAGES, PACK_REGIONS, TEMPLATE_CATALOG, compileTemplates, phrasesFor, renderMessage, type RenderChannel } from '../../../nodes/core/render';
import { fullRequest, problems, sparseRequest, texts } from './fixtures';

/** Intl puts no-break spaces in amounts in many locales. */
const nbsp = (v: string) => v.replace(/[\u00a0\u202f]/g, ' ');

/** Pack languages, regional variants, and a locale without a pack (falls back to English). */
const LOCALES = ['en-GB', 'en-US', 'de-DE', 'de-AT', 'de-CH', 'fr-FR', 'fr-CA', 'es-ES', 'es-MX', 'pt-BR', 'pt-PT', 'pl-PL'];

describe('default template pack', () => {
	for (const meta of TEMPLATE_CATALOG) {
		const channels: RenderChannel[] = meta.audience === 'customer' ? ['email', 'sms', 'whatsapp'] : ['internal', 'email'];
		test(`${meta.key}: renders clean for full and sparse data, every locale, tone and channel`, () => {
			let count = 0;
			const failures: string[] = [];
			for (const locale of LOCALES) {
				for (const tone of TONES) {
					for (const channel of channels) {
						for (const [kind, request] of [
							['full', fullRequest(meta.key, channel, tone, locale)],
							['sparse', sparseRequest(meta.key, channel, tone, locale)],
						] as const) {
							const result = renderMessage(request);
							const where = `${meta.key}/${channel}/${tone}/${locale}/${kind}`;
							if (!result.ok) {
								failures.push(`${where}: not rendered: ${result.reason}`);
								continue;
							}
							count++;
							expect(result.needsHuman).toBe(false);
							expect(result.templateKey).toBe(meta.key);
							for (const [label, text, html] of texts(result)) {
								for (const p of problems(text, { html })) failures.push(`${where} ${label}: ${p}\n${text}`);
								// Swiss Standard German has no "ß" (phrases and texts alike).
								if (locale === 'de-CH' && text.includes('ß')) failures.push(`${where} ${label}: "ß" in a Swiss text\n${text}`);
								// Swiss typography quotes with «…», never the German „…“.
								if (locale === 'de-CH' && /[„“]/.test(text)) failures.push(`${where} ${label}: German quotation marks in a Swiss text\n${text}`);
							}
							if (meta.audience === 'customer' && channel !== 'email') {
								// The short message keeps its link (and says which invoice it is about).
								const sms = result.sms?.text ?? '';
								expect(sms).toContain(kind === 'full' ? 'INV-2025-0042' : 'A-17');
								if (meta.kind === 'reminder') expect(sms).toContain(kind === 'full' ? 'https://pay.example.com/i/INV-2025-0042' : 'https://pay.example.com/a17');
							}
						}
					}
				}
			}
			expect(failures).toEqual([]);
			expect(count).toBe(LOCALES.length * TONES.length * channels.length * 2);
		});
	}

	test('customer messages are in the customer language (with fallback) and sparse greetings have no name', () => {
		const cases: Array<[string, string, RegExp]> = [
			['en-GB', 'en', /^Hello,/],
			['de-DE', 'de', /^Guten Tag,/],
			['de-AT', 'de', /^Guten Tag,/],
			['de-CH', 'de', /^Guten Tag,/],
			['fr-FR', 'fr', /^Bonjour,/],
			['es-MX', 'es', /^Hola:/],
			['pt-BR', 'pt', /^Olá,/],
			['pt-PT', 'pt-PT', /^Olá,/],
			['pl-PL', 'en', /^Hello,/],
		];
		for (const [locale, language, greeting] of cases) {
			const result = renderMessage(sparseRequest('overdue_7', 'email', 'friendly', locale));
			expect(result.ok).toBe(true);
			expect(result.language).toBe(language);
			expect(result.email?.text).toMatch(greeting);
		}
	});

	test('full data renders the facts, formatted for the locale', () => {
		const de = renderMessage(fullRequest('overdue_7', 'email', 'friendly', 'de-DE'));
		expect(de.email?.text).toContain('1.000,00\u00a0€');
		expect(de.email?.text).toContain('5. März 2025');
		expect(de.email?.text).toContain('seit 7 Tagen überfällig');
		const at = renderMessage({ ...fullRequest('overdue_7', 'email', 'friendly', 'de-AT'), invoice: { ...fullRequest('overdue_7', 'email', 'friendly', 'de-AT').invoice, dueDate: '2025-01-05' } });
		expect(at.locale).toBe('de-AT');
		expect(at.email?.text).toContain('5. Jänner 2025');
		const fr = renderMessage(fullRequest('overdue_7', 'email', 'friendly', 'fr-FR'));
		expect(fr.email?.text).toMatch(/1\s000,00\s€/);
		expect(fr.email?.text).toContain('5 mars 2025');
		const us = renderMessage(fullRequest('overdue_7', 'email', 'friendly', 'en-US'));
		expect(us.email?.text).toContain('€1,000.00');
		expect(us.email?.text).toContain('March 5, 2025');
		const es = renderMessage(fullRequest('pre_due_1', 'email', 'friendly', 'es-ES'));
		expect(es.email?.text).toContain('vence mañana');
		const br = renderMessage(fullRequest('overdue_7', 'email', 'friendly', 'pt-BR'));
		expect(br.email?.text).toMatch(/€\s1\.000,00/);
		expect(br.email?.text).toContain('5 de março de 2025');
		expect(br.email?.text).toContain('está vencida há 7 dias');
		const brSoon = renderMessage(fullRequest('pre_due_1', 'email', 'friendly', 'pt-BR'));
		expect(brSoon.email?.text).toContain('vence amanhã');
	});

	test('phrases are looked up by tag only: an odd tag gets English, never an object property', () => {
		for (const tag of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'xx-YY', '']) expect(phrasesFor(tag)).toBe(phrasesFor('en'));
		expect(phrasesFor('PT-pt').language).toBe('pt-PT');
		expect([PACK_LANGUAGES, PACK_REGIONS]).toEqual([['en', 'de', 'fr', 'es', 'pt'], ['pt-PT']]);
		expect(phrasesFor('de-CH').closing('formal', 'firm')).toBe('Mit freundlichen Grüssen');
	});

	test('customers in Switzerland get the German texts with Swiss closings and CHF formats', () => {
		const req = fullRequest('overdue_7', 'email', 'firm', 'de-CH');
		const ch = renderMessage({ ...req, invoice: { ...req.invoice, currency: 'CHF' } });
		expect(ch.language).toBe('de');
		expect(ch.locale).toBe('de-CH');
		expect(ch.email?.text).toContain('Freundliche Grüsse');
		expect(ch.email?.text).toMatch(/CHF\s1['’]000\.00/);
		const formal = renderMessage({ ...req, options: { ...req.options, formality: 'formal' } });
		expect(formal.email?.text).toContain('Mit freundlichen Grüssen');
		// Germany keeps its spelling.
		expect(renderMessage(fullRequest('overdue_7', 'email', 'firm', 'de-DE')).email?.text).toContain('Freundliche Grüße');
	});

	test("the customer's own words are quoted as their language and region quote (dispute acknowledgement)", () => {
		const reason = 'Doppelt verrechnet <b>&</b> "Februar"';
		const ack = (locale: string) => {
			const req = fullRequest('dispute_ack', 'email', 'friendly', locale);
			return renderMessage({ ...req, event: { ...req.event, disputeReason: reason } });
		};
		const cases: Array<[string, string, string]> = [
			['de-DE', '„', '“'],
			['de-AT', '„', '“'],
			['de-CH', '«', '»'],
			['pt-PT', '«', '»'],
			['pt-BR', '"', '"'],
			['fr-FR', '«\u00a0', '\u00a0»'],
			['es-ES', '«', '»'],
			['en-GB', '"', '"'],
			['pl-PL', '"', '"'],
		];
		for (const [locale, open, close] of cases) {
			const r = ack(locale);
			expect({ locale, ok: r.ok, quoted: r.email?.text.includes(`${open}${reason}${close}`) }).toEqual({ locale, ok: true, quoted: true });
			// In the HTML part the words are escaped once, inside the same marks.
			const escaped = 'Doppelt verrechnet &lt;b&gt;&amp;&lt;/b&gt; "Februar"';
			expect({ locale, html: r.email?.html?.includes(`${open}${escaped}${close}`) }).toEqual({ locale, html: true });
			expect(r.email?.html).not.toContain('<b>&</b>');
		}
		// No reason given: no empty quotation marks.
		const req = fullRequest('dispute_ack', 'email', 'friendly', 'de-CH');
		const none = renderMessage({ ...req, event: { ...req.event, disputeReason: undefined } });
		expect(none.email?.text).not.toMatch(/[«»„“]/);
		// The Swiss unsubscribe footer asks for «Abmelden».
		expect(phrasesFor('de-CH').unsubscribe(undefined, 'Northbeam')).toContain('«Abmelden»');
		expect(phrasesFor('de-DE').unsubscribe(undefined, 'Northbeam')).toContain('„Abmelden“');
		// Every footer quotes the word to reply with in its own locale's marks, as dispute acknowledgements quote
		// the customer's words: one pair of marks per locale, never two styles in one mail.
		const replyWord: Record<string, string> = { en: 'unsubscribe', de: 'Abmelden', fr: 'désinscription', es: 'baja', pt: 'cancelar' };
		for (const locale of LOCALES) {
			const phrases = phrasesFor(locale);
			const [open, close] = phrases.quotes;
			const word = replyWord[locale.slice(0, 2)] ?? replyWord.en;
			const footer = phrases.unsubscribe(undefined, 'Northbeam');
			expect({ locale, quoted: footer.includes(`${open}${word}${close}`) }).toEqual({ locale, quoted: true });
			const marks = new Set(footer.match(/["«»„“”]/g) ?? []);
			expect({ locale, marks: [...marks].sort() }).toEqual({ locale, marks: [...new Set([open.trim(), close.trim()])].sort() });
		}
	});

	test('English texts read right in the US and the UK: no spelling or term only one of them uses', () => {
		// British-only, then American-only forms (word stems).
		const oneSided = /\b(instalment|recognis|organis|authoris|apologis|realis|finalis|prioritis|colour|favour|behaviour|honour|cheque|expiry|whilst|fortnight|installment|recogniz|organiz|authoriz|apologiz|realiz|finaliz|prioritiz|color|favor|behavior|honor|expiration date|call us (?:on|at) )/i;
		const found: string[] = [];
		for (const meta of TEMPLATE_CATALOG) {
			const channels: RenderChannel[] = meta.audience === 'customer' ? ['email', 'sms'] : ['internal', 'email'];
			for (const tone of TONES) {
				for (const channel of channels) {
					const req = fullRequest(meta.key, channel, tone, 'en-US');
					const codes = meta.key === 'payment_failed' ? ['incorrect_number', 'invalid_expiry_month', 'insufficient_funds', undefined] : [undefined];
					for (const declineCode of codes) {
						const result = renderMessage(declineCode ? { ...req, event: { ...req.event, declineCode } } : req);
						for (const [label, text, html] of texts(result)) {
							// The HTML part's words are its text part's; its styles say "color".
							const m = html ? null : text.match(oneSided);
							if (m) found.push(`${meta.key}/${channel}/${tone} ${label}: "${m[0]}"`);
						}
					}
				}
			}
		}
		expect(found).toEqual([]);
	});

	test('French texts read right in Quebec too: no "e-mail" (Quebec writes "courriel"; the texts say "ce message")', () => {
		const found: string[] = [];
		for (const meta of TEMPLATE_CATALOG) {
			if (meta.audience !== 'customer') continue;
			for (const tone of TONES) {
				for (const channel of ['email', 'sms'] as RenderChannel[]) {
					for (const [label, text, html] of texts(renderMessage(fullRequest(meta.key, channel, tone, 'fr-CA')))) {
						if (!html && /\be-?mail\b/i.test(text.replace(/\S+@\S+/g, ''))) found.push(`${meta.key}/${channel}/${tone} ${label}`);
					}
				}
			}
		}
		expect(found).toEqual([]);
		expect(renderMessage(fullRequest('pre_due_3', 'email', 'friendly', 'fr-CA')).email?.text).toContain('répondez simplement à ce message');
	});

	test('French punctuation keeps to its word: a no-break space before : ; ! ? and inside « » in every email', () => {
		// A plain space there lets a mail client wrap the line before the colon or question mark ("… ici" / ": lien"),
		// which French typography never does. Text messages keep plain spaces (SMS normalises them: GSM-7 has no
		// no-break space), so only the email parts are held to it.
		const found: string[] = [];
		const loose = /[ \t]([:;!?»])|«[ \t]/;
		for (const locale of ['fr-FR', 'fr-CA']) {
			for (const meta of TEMPLATE_CATALOG) {
				if (meta.audience !== 'customer') continue;
				for (const tone of TONES) {
					for (const request of [fullRequest(meta.key, 'email', tone, locale), sparseRequest(meta.key, 'email', tone, locale)]) {
						for (const [label, text, html] of texts(renderMessage(request))) {
							const words = html ? text.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]*>/g, '') : text;
							const m = words.match(loose);
							if (m) found.push(`${locale} ${meta.key}/${tone} ${label}: "…${words.slice(Math.max(0, (m.index ?? 0) - 20), (m.index ?? 0) + 3)}"`);
						}
					}
				}
			}
		}
		expect(found).toEqual([]);
		const fr = renderMessage(fullRequest('overdue_7', 'email', 'friendly', 'fr-FR'));
		expect(fr.email?.text).toContain('ici\u00a0:\nhttps://pay.example.com/i/INV-2025-0042');
		// The same step by text message: plain spaces (GSM-7), the same words.
		const sms = renderMessage(fullRequest('overdue_7', 'sms', 'friendly', 'fr-FR')).sms?.text ?? '';
		expect(sms).not.toMatch(/\u00a0/);
		expect(sms).toMatch(/ : /);
	});

	test('a mail asks the customer to reply once: texts that already invite a reply give only the other ways to reach us', () => {
		// The words each language's contact line uses for "reply to this email".
		const replyHere: Array<[string, RegExp]> = [
			['en-US', /reply to this email/g],
			['de-DE', /auf diese E-Mail/g],
			['de-CH', /auf diese E-Mail/g],
			['fr-FR', /à ce message/g],
			['es-ES', /a este correo/g],
			['pt-BR', /a este e-mail/g],
			['pt-PT', /a este e-mail/g],
		];
		const twice: string[] = [];
		for (const [locale, re] of replyHere) {
			for (const meta of TEMPLATE_CATALOG) {
				if (meta.audience !== 'customer') continue;
				for (const tone of TONES) {
					for (const [kind, request] of [
						['full', fullRequest(meta.key, 'email', tone, locale)],
						['sparse', sparseRequest(meta.key, 'email', tone, locale)],
					] as const) {
						const text = renderMessage(request).email?.text ?? '';
						const n = text.match(re)?.length ?? 0;
						if (n > 1) twice.push(`${locale} ${meta.key}/${tone}/${kind}: ${n} times`);
					}
				}
			}
		}
		expect(twice).toEqual([]);
		// The D+7 "can we help" mail invites a reply in its body, then gives the support address and phone only.
		const help = renderMessage(fullRequest('overdue_7', 'email', 'friendly', 'en-US')).email?.text ?? '';
		expect(help).toContain("just reply to this email and we'll sort it out together");
		expect(help).toContain('You can also write to help@acme.example or call +44 20 7946 0000.');
		expect(help).not.toContain('If you have any questions');
		// Without a support address or phone it says nothing more (no empty paragraph).
		const sparse = renderMessage(sparseRequest('overdue_7', 'email', 'friendly', 'en-US')).email?.text ?? '';
		expect(sparse).not.toMatch(/You can also|If you have any questions|\n{3}/);
		expect(renderMessage(fullRequest('overdue_14', 'email', 'friendly', 'de-DE')).email?.text).toContain('Sie erreichen uns auch unter help@acme.example oder telefonisch unter +44 20 7946 0000.');
	});

	test('no text claims reminders the touch log does not show (an invoice first contacted long overdue)', () => {
		// What each language says about earlier reminders or silence after them.
		const claims: Array<[string, RegExp]> = [
			['en-US', /earlier reminders|our reminders|several reminders|reminded you|second reminder|haven't heard from you/i],
			['de-DE', /bisherigen Erinnerungen|unsere Erinnerungen|mehrfach erinnert|bereits daran erinnert|zweite Erinnerung|nichts von Ihnen gehört/i],
			['de-CH', /bisherigen Erinnerungen|unsere Erinnerungen|mehrfach erinnert|bereits daran erinnert|zweite Erinnerung|nichts von Ihnen gehört/i],
			['fr-FR', /précédents rappels|nos rappels|plusieurs rappels|déjà relancé|deuxième rappel|pas eu de nouvelles/i],
			['es-ES', /recordatorios anteriores|nuestros recordatorios|varios recordatorios|se lo hemos recordado|segundo recordatorio|hemos tenido noticias suyas/i],
			['pt-BR', /lembretes anteriores|nossos lembretes|vários lembretes|já entramos em contato|segundo lembrete|tivemos notícias suas/i],
			['pt-PT', /lembretes anteriores|nossos lembretes|vários lembretes|já entrámos em contacto|segundo lembrete|resposta da sua parte/i],
		];
		const claimed: string[] = [];
		let withHistory = 0;
		for (const [locale, re] of claims) {
			for (const meta of TEMPLATE_CATALOG) {
				if (meta.audience !== 'customer') continue;
				for (const tone of TONES) {
					for (const channel of ['email', 'sms'] as RenderChannel[]) {
						const full = fullRequest(meta.key, channel, tone, locale);
						// First contact (0 reminders before), and a request that does not say (counts as none).
						for (const [kind, request] of [
							['first', { ...full, decision: { ...full.decision, remindersSent: 0 } }],
							['unknown', sparseRequest(meta.key, channel, tone, locale)],
						] as const) {
							for (const [label, text] of texts(renderMessage(request))) {
								const m = text.match(re);
								if (m) claimed.push(`${locale} ${meta.key}/${channel}/${tone}/${kind} ${label}: "${m[0]}"`);
							}
						}
						// After reminders (the full sample says 3), the texts may say so.
						if (texts(renderMessage(full)).some(([, text]) => re.test(text))) withHistory++;
					}
				}
			}
		}
		expect(claimed).toEqual([]);
		expect(withHistory).toBeGreaterThanOrEqual(claims.length * 5);
		const full = fullRequest('final_notice', 'email', 'firm', 'en-US');
		expect(renderMessage(full).email?.text).toContain('Despite our earlier reminders, invoice INV-2025-0042');
		expect(renderMessage({ ...full, decision: { ...full.decision, remindersSent: 0 } }).email?.text).toContain('\nInvoice INV-2025-0042 (Acme Cloud Pro) for €1,000.00 (due on March 5, 2025) is still not paid in full');
	});

	test('the payment-plan confirmation promises no reminder before each installment (the plan hold pauses every reminder)', () => {
		// The engine holds an invoice with an active plan until its last installment (plus grace), and a missed installment
		// breaks the promise and resumes the sequence: there is no reminder before each installment to promise.
		const promise = /before each|vor jeder Rate|avant chaque échéance|antes de cada (plazo|parcela|prestação)/i;
		const found: string[] = [];
		for (const locale of LOCALES) {
			for (const channel of ['email', 'sms'] as RenderChannel[]) {
				for (const [label, text] of texts(renderMessage(fullRequest('payment_plan', channel, 'friendly', locale)))) {
					if (promise.test(text)) found.push(`${locale} ${channel} ${label}`);
				}
			}
		}
		expect(found).toEqual([]);
		expect(renderMessage(fullRequest('payment_plan', 'email', 'friendly', 'en-US')).email?.text).toContain("As long as each payment arrives on time, you won't receive any reminders for this invoice.");
	});

	test('a reminder on an invoice paid in part says what was paid and what is open of the total, never "unpaid" or "no payment received"', () => {
		const REMINDERS = TEMPLATE_CATALOG.filter((m) => m.audience === 'customer' && m.kind === 'reminder');
		// What a customer who paid part would read as "nothing arrived", next to the thanks for what did.
		const unpaid = new RegExp(
			[
				'still unpaid|remains unpaid|(?:haven\'t|have not)(?: yet)? received payment',
				'keine Zahlung|weder eine Zahlung noch eine Antwort',
				'reste impayée|reçu (?:le paiement|ni paiement|de paiement)(?! intégral)',
				'recibido (?:ni )?el pago(?! completo)',
				'recebemos (?:nem )?o pagamento(?! integral)|não o recebemos\\.|continua por pagar',
			].join('|'),
			'i',
		);
		// With nothing paid, the plain words: no "full payment" that hints at a part payment.
		const inFull = /full payment|vollständigen Betrag|paiement intégral|pago completo|pagamento integral|recebemos (?:integralmente|na totalidade)|totalmente paga/i;
		const missing: string[] = [];
		let unpaidSaid = 0;
		for (const locale of ['en-US', 'de-DE', 'de-CH', 'fr-FR', 'fr-CA', 'es-ES', 'es-MX', 'pt-BR', 'pt-PT']) {
			for (const meta of REMINDERS) {
				for (const tone of TONES) {
					const full = fullRequest(meta.key, 'email', tone, locale);
					const partial = { ...full, invoice: { ...full.invoice, amount: 4800, amountPaid: 2000, balance: 2800 }, decision: { ...full.decision, balance: 2800 } };
					const text = nbsp(renderMessage(partial).email?.text ?? '');
					// The paid amount and the total appear (formatted for the locale), and no "unpaid".
					if (!/2[.,' ]?000[.,]00/.test(text) || !/4[.,' ]?800[.,]00/.test(text)) missing.push(`${locale} ${meta.key}/${tone}: no note`);
					const said = text.match(unpaid);
					if (said) missing.push(`${locale} ${meta.key}/${tone}: says "${said[0]}"`);
					// Nothing paid: no note, no "in full".
					const none = { ...full, invoice: { ...full.invoice, amount: 2800, amountPaid: 0, balance: 2800 }, decision: { ...full.decision, balance: 2800 } };
					const noneText = nbsp(renderMessage(none).email?.text ?? '');
					if (/4[.,' ]?800[.,]00|2[.,' ]?000[.,]00/.test(noneText)) missing.push(`${locale} ${meta.key}/${tone}: note without a payment`);
					if (inFull.test(noneText)) missing.push(`${locale} ${meta.key}/${tone}: "${noneText.match(inFull)?.[0]}" without a payment`);
					if (unpaid.test(noneText)) unpaidSaid++;
				}
			}
		}
		expect(missing).toEqual([]);
		expect(REMINDERS.length).toBeGreaterThanOrEqual(9);
		// The patterns do find the plain words where nothing was paid (so they would catch them above).
		expect(unpaidSaid).toBeGreaterThanOrEqual(9 * 6);
		const full = fullRequest('overdue_7', 'email', 'friendly', 'en-US');
		const text = renderMessage({ ...full, invoice: { ...full.invoice, amount: 4800, amountPaid: 2000, balance: 2800 }, decision: { ...full.decision, balance: 2800 } }).email?.text;
		expect(text).toContain("we'd like to help. Thank you for the €2,000.00 already paid; €2,800.00 of the €4,800.00 is still open.\n");
	});

	test('customers in Portugal get European Portuguese, not the Brazilian texts', () => {
		const pt = renderMessage(fullRequest('overdue_7', 'email', 'firm', 'pt-PT'));
		expect(pt.ok).toBe(true);
		expect(pt.language).toBe('pt-PT');
		expect(pt.locale).toBe('pt-PT');
		const text = pt.email?.text ?? '';
		expect(text).toContain('A sua fatura INV-2025-0042, no valor de 1000,00 €, com vencimento a 5 de março de 2025');
		expect(pt.email?.subject).toBe('A fatura INV-2025-0042 está em atraso há 7 dias');
		expect(text).toContain('plano de pagamento em prestações');
		expect(pt.email?.html).toContain('lang="pt-PT"');
		// Nothing of the Brazilian pack: its pronoun, phrases and spellings.
		for (const pack of [pt, renderMessage(fullRequest('payment_plan', 'email', 'friendly', 'pt-PT')), renderMessage(fullRequest('pre_due_7', 'email', 'friendly', 'pt-PT'))]) {
			for (const [, t] of texts(pack)) expect(t).not.toMatch(/\b(você|conosco|equipe|parcelamento|parcelas|contato|on-line|desconsidere)\b/i);
		}
		// The same invoice in Brazil keeps the Brazilian text.
		const br = renderMessage(fullRequest('overdue_7', 'email', 'firm', 'pt-BR'));
		expect(br.language).toBe('pt');
		expect(br.email?.text).toContain('Sua fatura INV-2025-0042');
		// Formal: "Exmo. Sr." and the formal closing; the SMS stop hint is the European one.
		const formal = renderMessage({ ...fullRequest('overdue_1', 'email', 'firm', 'pt-PT'), options: { ...fullRequest('overdue_1', 'email', 'firm', 'pt-PT').options, formality: 'formal' } });
		expect(formal.email?.text).toMatch(/^Exm[oa]\. Sr/);
		expect(formal.email?.text).toContain('Com os melhores cumprimentos,');
		const sms = renderMessage(fullRequest('overdue_1', 'sms', 'firm', 'pt-PT'));
		expect(sms.sms?.text).toContain('em atraso há 1 dia');
	});

	test('a template for every locale, or one for pt-PT, is written with the European phrases', () => {
		const compiled = compileTemplates([
			{ key: 'overdue_7', channel: 'email', subject: 'Fatura {{invoiceNumber}}', body: '{{greeting}}\n\nA fatura está {{overdueBy}}.\n\n{{closing}}' },
			{ key: 'overdue_14', channel: 'email', locale: 'pt-PT', subject: 'Fatura {{invoiceNumber}}', body: '{{greeting}}\n\nA fatura está {{overdueBy}}.\n\n{{closing}}' },
		]);
		expect(compiled.errors).toEqual([]);
		for (const key of ['overdue_7', 'overdue_14']) {
			const r = renderMessage(fullRequest(key, 'email', 'friendly', 'pt-PT'), compiled.templates);
			expect(r.language).toBe('pt-PT');
			expect(r.email?.text).toMatch(/A fatura está em atraso há \d+ dias\./);
			expect(r.email?.text).toContain('Cumprimentos,');
		}
	});
});

describe('the output checker', () => {
	test('catches the faults it looks for', () => {
		expect(problems('Hello undefined')).not.toEqual([]);
		expect(problems('Total: NaN €')).not.toEqual([]);
		expect(problems('Hi {{firstName}}')).not.toEqual([]);
		expect(problems('Dear [object Object]')).not.toEqual([]);
		expect(problems('Hi null')).not.toEqual([]);
		expect(problems('Hi  , your invoice')).not.toEqual([]);
		expect(problems('Invoice  is due')).not.toEqual([]);
		expect(problems('Reference ()')).not.toEqual([]);
		expect(problems('Hi Anna, your invoice INV-1 is due.')).toEqual([]);
	});
});
