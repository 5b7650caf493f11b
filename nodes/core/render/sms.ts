/**
 * SMS length and segment counting (3GPP TS 23.038 / 23.040).
 *
 * GSM-7: a single message holds 160 septets; a concatenated one 153 per segment (7 octets go to the
 * UDH). Characters of the GSM extension table (`^ { } \ [ ~ ] | €` and form feed) take two septets
 * (escape + character) and an escape pair is never split across segments.
 * UCS-2: 70 UTF-16 code units single, 67 per segment concatenated; a surrogate pair (emoji) takes two
 * units and is never split.
 */
import type { SmsInfo } from './types';

const GSM_BASIC =
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
	'¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';

/** Septets per UTF-16 code unit below 0x400 (0 = not GSM), plus the euro sign. */
const SEPTETS = new Uint8Array(0x400);
for (const ch of GSM_BASIC) SEPTETS[ch.charCodeAt(0)] = 1;
for (const ch of GSM_EXTENSION) if (ch.charCodeAt(0) < 0x400) SEPTETS[ch.charCodeAt(0)] = 2;
// The escape character itself is not something a text should contain.
SEPTETS[0x1b] = 0;
const EURO = 0x20ac;

function septetsOf(code: number): number {
	return code < 0x400 ? SEPTETS[code] : code === EURO ? 2 : 0;
}

/** Whether a character is in the GSM-7 basic set. */
export function isGsmBasic(ch: string): boolean {
	return ch.length === 1 && septetsOf(ch.charCodeAt(0)) === 1;
}

/** Whether a character is in the GSM-7 extension table (counts as two septets). */
export function isGsmExtension(ch: string): boolean {
	return ch.length === 1 && septetsOf(ch.charCodeAt(0)) === 2;
}

/** Count length and segments of an SMS text. */
export function analyzeSms(text: string): SmsInfo {
	const n = text.length;
	let septets = 0;
	let extension = false;
	let gsm = true;
	let surrogates = 0;
	let firstNonGsm = -1;
	for (let i = 0; i < n; i++) {
		const code = text.charCodeAt(i);
		const w = septetsOf(code);
		if (w === 0) {
			if (gsm) firstNonGsm = i;
			gsm = false;
			if (code >= 0xd800 && code <= 0xdbff) surrogates++;
		} else {
			septets += w;
			if (w === 2) extension = true;
		}
	}
	const characters = n - surrogates;
	if (gsm) {
		if (septets <= 160) {
			return { encoding: 'GSM-7', units: septets, characters, segments: septets === 0 ? 0 : 1, perSegment: 160, remaining: 160 - septets, nonGsmCharacters: [] };
		}
		if (!extension) {
			const segments = Math.ceil(septets / 153);
			return { encoding: 'GSM-7', units: septets, characters, segments, perSegment: 153, remaining: segments * 153 - septets, nonGsmCharacters: [] };
		}
		// Greedy fill: an escape pair never straddles two segments.
		let segments = 1;
		let used = 0;
		for (let i = 0; i < n; i++) {
			const w = septetsOf(text.charCodeAt(i));
			if (used + w > 153) {
				segments++;
				used = 0;
			}
			used += w;
		}
		return { encoding: 'GSM-7', units: septets, characters, segments, perSegment: 153, remaining: 153 - used, nonGsmCharacters: [] };
	}
	const nonGsm: string[] = [];
	for (const ch of text.slice(firstNonGsm)) {
		if (nonGsm.length >= 10) break;
		if (ch.length === 1 && septetsOf(ch.charCodeAt(0)) !== 0) continue;
		if (!nonGsm.includes(ch)) nonGsm.push(ch);
	}
	if (n <= 70) {
		return { encoding: 'UCS-2', units: n, characters, segments: n === 0 ? 0 : 1, perSegment: 70, remaining: 70 - n, nonGsmCharacters: nonGsm };
	}
	if (surrogates === 0) {
		const segments = Math.ceil(n / 67);
		return { encoding: 'UCS-2', units: n, characters, segments, perSegment: 67, remaining: segments * 67 - n, nonGsmCharacters: nonGsm };
	}
	// A surrogate pair (emoji) is never split across segments.
	let segments = 1;
	let used = 0;
	for (let i = 0; i < n; i++) {
		const code = text.charCodeAt(i);
		const w = code >= 0xd800 && code <= 0xdbff && i + 1 < n ? 2 : 1;
		if (used + w > 67) {
			segments++;
			used = 0;
		}
		used += w;
		if (w === 2) i++;
	}
	return { encoding: 'UCS-2', units: n, characters, segments, perSegment: 67, remaining: 67 - used, nonGsmCharacters: nonGsm };
}

/** Typographic characters with a GSM-7 equivalent that means the same. */
const TYPOGRAPHIC: Record<string, string> = {
	'\u00A0': ' ',
	'\u2007': ' ',
	'\u2009': ' ',
	'\u202F': ' ',
	'\u2002': ' ',
	'\u2003': ' ',
	'\u2018': "'",
	'\u2019': "'",
	'\u201A': "'",
	'\u2032': "'",
	'\u201C': '"',
	'\u201D': '"',
	'\u201E': '"',
	'\u00AB': '"',
	'\u00BB': '"',
	'\u2033': '"',
	'\u2010': '-',
	'\u2011': '-',
	'\u2012': '-',
	'\u2013': '-',
	'\u2014': '-',
	'\u2212': '-',
	'\u2026': '...',
	'\u00B7': '-',
	'\u2022': '-',
};
const TYPOGRAPHIC_RE = /[\u00A0\u2007\u2009\u202F\u2002\u2003\u2018\u2019\u201A\u2032\u201C\u201D\u201E\u00AB\u00BB\u2033\u2010-\u2014\u2212\u2026\u00B7\u2022]/g;

/**
 * Replace typographic spaces, quotes, dashes and ellipses by their GSM-7 equivalents (same meaning).
 * Intl formats amounts with no-break spaces (`1 234,50 €`); left alone they would force UCS-2.
 */
export function normalizeSmsText(text: string): string {
	return text.replace(TYPOGRAPHIC_RE, (c) => TYPOGRAPHIC[c] ?? c);
}

/**
 * Optional: fold accented letters outside GSM-7 (á, í, ó, ú, ç, ł...) to a base letter when that is
 * GSM-7. Changes spelling, so it is opt-in (`options.smsFoldToGsm`).
 */
export function foldToGsm(text: string): string {
	let out = '';
	for (const ch of text) {
		if (ch.length === 1 && septetsOf(ch.charCodeAt(0)) !== 0) {
			out += ch;
			continue;
		}
		const special = FOLD_SPECIAL[ch];
		if (special !== undefined) {
			out += special;
			continue;
		}
		const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
		out += base.length > 0 && [...base].every((c) => c.length === 1 && septetsOf(c.charCodeAt(0)) === 1) ? base : ch;
	}
	return out;
}

const FOLD_SPECIAL: Record<string, string> = { ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', œ: 'oe', Œ: 'OE', ı: 'i' };
