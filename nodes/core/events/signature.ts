/**
 * Stripe webhook signature verification (docs.stripe.com/webhooks#verify-manually).
 *
 * The `Stripe-Signature` header is `t=<unix seconds>,v1=<hex>[,v1=<hex>...][,v0=...]`. The expected
 * signature is HMAC-SHA256 over `${t}.${rawBody}` keyed with the endpoint secret (`whsec_...`, used as is).
 * Any `v1` may match (Stripe sends several while a secret is being rolled); `v0` (test-mode legacy) is
 * ignored. Comparison is constant-time. The timestamp must be within `toleranceSeconds` (default 300) of
 * the passed-in `now`, which rejects replays of captured events.
 *
 * The body must be the RAW request body, byte for byte: a re-serialised JSON object will not verify.
 */

import { createHmac, timingSafeEqual } from 'crypto';

export type SignatureFailureCode =
	| 'MISSING_SECRET'
	| 'MISSING_BODY'
	| 'MISSING_HEADER'
	| 'MALFORMED_HEADER'
	| 'NO_V1_SIGNATURE'
	| 'SIGNATURE_MISMATCH'
	| 'TIMESTAMP_TOO_OLD'
	| 'TIMESTAMP_IN_FUTURE'
	| 'INVALID_NOW';

export type SignatureResult =
	| { valid: true; timestamp: number; /** Index of the secret that matched (rolling secrets). */ secretIndex: number }
	| { valid: false; code: SignatureFailureCode; message: string; timestamp?: number };

export interface VerifyStripeSignatureInput {
	/** The raw request body exactly as received. */
	rawBody: string | Uint8Array | null | undefined;
	/** Value of the `Stripe-Signature` header. */
	header: string | null | undefined;
	/** Endpoint secret(s); several while rolling a secret. */
	secret: string | string[] | null | undefined;
	/** Current instant (ISO string or epoch milliseconds). */
	now: string | number;
	/** Allowed clock distance in seconds (default 300). 0 disables the timestamp check. */
	toleranceSeconds?: number;
}

export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

function bodyBuffer(body: string | Uint8Array): Buffer {
	return typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

/** The hex HMAC Stripe would send for this body, timestamp and secret. */
export function computeStripeSignature(rawBody: string | Uint8Array, secret: string, timestamp: number): string {
	return createHmac('sha256', secret)
		.update(Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), bodyBuffer(rawBody)]))
		.digest('hex');
}

/** A `Stripe-Signature` header for tests and fixtures: `t=...,v1=...`. */
export function stripeSignatureHeader(rawBody: string | Uint8Array, secret: string, timestamp: number): string {
	return `t=${timestamp},v1=${computeStripeSignature(rawBody, secret, timestamp)}`;
}

function parseHeader(header: string): { timestamp: number | null; v1: string[] } {
	let timestamp: number | null = null;
	const v1: string[] = [];
	for (const part of header.split(',')) {
		const eq = part.indexOf('=');
		if (eq <= 0) continue;
		const key = part.slice(0, eq).trim();
		const value = part.slice(eq + 1).trim();
		if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
		else if (key === 'v1') v1.push(value);
	}
	return { timestamp, v1 };
}

function equalHex(expectedHex: string, candidate: string): boolean {
	if (!/^[0-9a-fA-F]{64}$/.test(candidate)) return false;
	const a = Buffer.from(expectedHex, 'hex');
	const b = Buffer.from(candidate, 'hex');
	return a.length === b.length && timingSafeEqual(a, b);
}

/** Verify a Stripe webhook. Never throws; failures carry a reason code. */
export function verifyStripeSignature(input: VerifyStripeSignatureInput): SignatureResult {
	const secrets = (Array.isArray(input.secret) ? input.secret : [input.secret]).filter((s): s is string => typeof s === 'string' && s.length > 0);
	if (secrets.length === 0) return { valid: false, code: 'MISSING_SECRET', message: 'No endpoint signing secret configured (Stripe dashboard > Webhooks > Signing secret).' };
	if (input.rawBody === null || input.rawBody === undefined || (typeof input.rawBody !== 'string' && !(input.rawBody instanceof Uint8Array))) {
		return { valid: false, code: 'MISSING_BODY', message: 'The raw request body is needed to verify the signature (enable the raw body on the webhook trigger).' };
	}
	if (typeof input.header !== 'string' || input.header.trim().length === 0) {
		return { valid: false, code: 'MISSING_HEADER', message: 'No Stripe-Signature header: the request did not come from Stripe.' };
	}
	const { timestamp, v1 } = parseHeader(input.header);
	if (timestamp === null) return { valid: false, code: 'MALFORMED_HEADER', message: 'The Stripe-Signature header has no valid timestamp (t=...).' };
	if (v1.length === 0) return { valid: false, code: 'NO_V1_SIGNATURE', message: 'The Stripe-Signature header has no v1 signature.', timestamp };
	const nowMs = typeof input.now === 'number' ? input.now : Date.parse(input.now);
	if (!Number.isFinite(nowMs)) return { valid: false, code: 'INVALID_NOW', message: '`now` is not a valid instant.', timestamp };

	let matched = -1;
	secrets.forEach((secret, i) => {
		const expected = computeStripeSignature(input.rawBody as string | Uint8Array, secret, timestamp);
		// Check every candidate (no early exit) so timing does not reveal which one was close.
		let ok = false;
		for (const candidate of v1) ok = equalHex(expected, candidate) || ok;
		if (ok && matched < 0) matched = i;
	});
	if (matched < 0) {
		return {
			valid: false,
			code: 'SIGNATURE_MISMATCH',
			message: 'No v1 signature matches: the body was altered, the secret is wrong, or the body was re-serialised (verify against the raw body).',
			timestamp,
		};
	}
	const tolerance = input.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
	if (tolerance > 0) {
		const age = Math.floor(nowMs / 1000) - timestamp;
		if (age > tolerance) {
			return { valid: false, code: 'TIMESTAMP_TOO_OLD', message: `The signature is ${age} s old (tolerance ${tolerance} s): possible replay.`, timestamp };
		}
		if (-age > tolerance) {
			return { valid: false, code: 'TIMESTAMP_IN_FUTURE', message: `The signature is ${-age} s in the future (tolerance ${tolerance} s): check the clock.`, timestamp };
		}
	}
	return { valid: true, timestamp, secretIndex: matched };
}
