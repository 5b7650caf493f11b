/**
 * SMS length and segments: GSM-7 (160 / 153), GSM extension characters counting double (and never
 * split), UCS-2 (70 / 67) for emoji and non-GSM letters, STOP hint rules, link kept.
 */
import { analyzeSms, foldToGsm, normalizeSmsText, renderMessage } from '../../../nodes/core/render';
import { fullRequest, sparseRequest } from './fixtures';

const a = (n: number) => 'a'.repeat(n);

describe('analyzeSms: GSM-7', () => {
	test('single and concatenated segments', () => {
		expect(analyzeSms('')).toMatchObject({ encoding: 'GSM-7', units: 0, segments: 0 });
		expect(analyzeSms(a(160))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1, perSegment: 160, remaining: 0 });
		expect(analyzeSms(a(161))).toMatchObject({ encoding: 'GSM-7', units: 161, segments: 2, perSegment: 153, remaining: 145 });
		expect(analyzeSms(a(306))).toMatchObject({ segments: 2, remaining: 0 });
		expect(analyzeSms(a(307))).toMatchObject({ segments: 3, remaining: 152 });
	});

	test('accented letters of the GSM set stay GSM-7', () => {
		const info = analyzeSms('Hallo Jürgen Müller, ¿Señor Nuñez? É è ù ì ò à Ç Ø Å Æ ß £ ¥ § ¡ Δ Ö Ä Ü');
		expect(info.encoding).toBe('GSM-7');
		expect(info.nonGsmCharacters).toEqual([]);
		// ë, á, ç (lower case) are not in the GSM-7 set.
		expect(analyzeSms('Zoë').encoding).toBe('UCS-2');
		expect(analyzeSms('está').nonGsmCharacters).toEqual(['á']);
	});

	test('extension characters count double', () => {
		expect(analyzeSms('a{')).toMatchObject({ units: 3, characters: 2 });
		expect(analyzeSms('€')).toMatchObject({ encoding: 'GSM-7', units: 2, characters: 1 });
		expect(analyzeSms('^{}\\[~]|€')).toMatchObject({ units: 18, characters: 9, segments: 1 });
		// 80 euro signs = 160 septets: one segment; 81 = 162 septets: two.
		expect(analyzeSms('€'.repeat(80))).toMatchObject({ units: 160, segments: 1, remaining: 0 });
		expect(analyzeSms('€'.repeat(81))).toMatchObject({ units: 162, segments: 2 });
	});

	test('an escape pair is never split across segments', () => {
		// 152 plain septets then a euro sign (2 septets): 154 > 153, so the euro sign opens segment 2.
		const text = a(152) + '€' + a(10);
		const info = analyzeSms(text);
		expect(info.units).toBe(164);
		expect(info.segments).toBe(2);
		expect(info.remaining).toBe(153 - 12);
		// Segment 2 holds the euro sign and 151 more (153); one more character opens segment 3.
		expect(analyzeSms(a(152) + '€' + a(151)).segments).toBe(2);
		expect(analyzeSms(a(152) + '€' + a(152)).segments).toBe(3);
	});
});

describe('analyzeSms: UCS-2', () => {
	test('a non-GSM letter switches the whole message to UCS-2 (70 / 67)', () => {
		expect(analyzeSms('ł' + a(69))).toMatchObject({ encoding: 'UCS-2', units: 70, segments: 1, perSegment: 70, nonGsmCharacters: ['ł'] });
		expect(analyzeSms('ł' + a(70))).toMatchObject({ encoding: 'UCS-2', units: 71, segments: 2, perSegment: 67 });
		expect(analyzeSms('ł' + a(133))).toMatchObject({ segments: 2, remaining: 0 });
		expect(analyzeSms('ł' + a(134))).toMatchObject({ segments: 3 });
		expect(analyzeSms('Factura pagada, ¡gracias! Está todo en orden.').encoding).toBe('UCS-2');
		expect(analyzeSms('ça va').nonGsmCharacters).toEqual(['ç']);
	});

	test('emoji take two units and are never split', () => {
		expect(analyzeSms('😀')).toMatchObject({ encoding: 'UCS-2', units: 2, characters: 1, segments: 1 });
		expect(analyzeSms('😀'.repeat(35))).toMatchObject({ units: 70, characters: 35, segments: 1 });
		expect(analyzeSms('😀'.repeat(36))).toMatchObject({ units: 72, segments: 2 });
		// 66 units then an emoji: 68 > 67, so the emoji goes to segment 2 whole.
		const info = analyzeSms(a(66) + '😀' + a(5));
		expect(info).toMatchObject({ units: 73, characters: 72, segments: 2, remaining: 67 - 7 });
		expect(info.nonGsmCharacters).toEqual(['😀']);
	});
});

describe('SMS text handling', () => {
	test('typographic spaces, quotes and dashes are replaced by GSM equivalents', () => {
		expect(normalizeSmsText('1\u202f000,00\u00a0€ – “paid” ’ok’ …')).toBe('1 000,00 € - "paid" \'ok\' ...');
		expect(analyzeSms(normalizeSmsText('1\u202f000,00\u00a0€')).encoding).toBe('GSM-7');
	});

	test('optional folding keeps a Spanish text in GSM-7', () => {
		expect(foldToGsm('Está vencida desde hace 7 días, Łódź, œuvre')).toBe('Esta vencida desde hace 7 dias, Lodz, oeuvre');
		expect(analyzeSms(foldToGsm('¿Está vencida? Sí, señor')).encoding).toBe('GSM-7');
	});

	test('rendered SMS: French amount with narrow no-break space stays GSM-7, counted with € as 2 septets', () => {
		const result = renderMessage(fullRequest('overdue_7', 'sms', 'friendly', 'fr-FR'));
		expect(result.ok).toBe(true);
		const sms = result.sms!;
		expect(sms.text).toContain('1 000,00 €');
		expect(sms.encoding).toBe('GSM-7');
		const euros = (sms.text.match(/€/g) ?? []).length;
		expect(sms.units).toBe(sms.text.length + euros);
		expect(sms.segments).toBe(sms.units <= 160 ? 1 : Math.ceil(sms.units / 153));
		expect(sms.text).toContain('https://pay.example.com/i/INV-2025-0042');
	});

	test('rendered Spanish SMS with accents is UCS-2 and its segments are counted as such', () => {
		const result = renderMessage(fullRequest('overdue_14', 'sms', 'friendly', 'es-ES'));
		const sms = result.sms!;
		expect(sms.encoding).toBe('UCS-2');
		expect(sms.units).toBe(sms.text.length);
		expect(sms.segments).toBe(sms.units <= 70 ? 1 : Math.ceil(sms.units / 67));
		const folded = renderMessage({ ...fullRequest('overdue_14', 'sms', 'friendly', 'es-ES'), options: { smsFoldToGsm: true } });
		expect(folded.sms!.encoding).toBe('GSM-7');
		expect(folded.sms!.segments).toBeLessThan(sms.segments);
	});

	test('STOP hint: US/CA numbers and customers, or when the policy says so', () => {
		const base = sparseRequest('overdue_1', 'sms', 'firm', 'en-US');
		const us = renderMessage({ ...base, customer: { phone: '+1 (415) 555-0100' } });
		expect(us.sms!.stopHint).toBe(true);
		expect(us.sms!.text).toMatch(/Reply STOP to opt out\.$/);
		const ca = renderMessage({ ...base, customer: { phone: '+447700900123', country: 'CA' } });
		expect(ca.sms!.stopHint).toBe(true);
		const uk = renderMessage({ ...base, customer: { phone: '+447700900123', country: 'GB' } });
		expect(uk.sms!.stopHint).toBe(false);
		expect(uk.sms!.text).not.toContain('STOP');
		const always = renderMessage({ ...base, locale: 'de-DE', customer: { phone: '+4915112345678' }, options: { stopHint: 'always' } });
		expect(always.sms!.text).toMatch(/Antworten Sie mit STOP\.$/);
		const never = renderMessage({ ...base, customer: { phone: '+14155550100' }, options: { stopHint: 'never' } });
		expect(never.sms!.stopHint).toBe(false);
		// The hint counts in length and segments.
		expect(us.sms!.units).toBe(analyzeSms(us.sms!.text).units);
	});

	test('WhatsApp uses the short template without SMS rewriting or STOP hint', () => {
		const result = renderMessage({ ...sparseRequest('overdue_1', 'whatsapp', 'firm', 'fr-FR'), customer: { phone: '+14155550100' } });
		expect(result.ok).toBe(true);
		expect(result.sms!.stopHint).toBe(false);
		// No GSM normalisation for WhatsApp: the French no-break space before the euro sign stays.
		expect(result.sms!.text).toContain('\u00a0€');
	});
});
