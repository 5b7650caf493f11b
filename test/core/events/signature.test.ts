import { computeStripeSignature, stripeSignatureHeader, verifyStripeSignature } from '../../../nodes/core/events';
import { fixtureText } from './helpers';

const SECRET = 'whsec_test_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH';
const body = fixtureText('stripe/invoice.paid.json');
// The event was created at 2025-11-12T09:41:13Z; Stripe signs at delivery time.
const T = Date.parse('2025-11-12T09:41:14Z') / 1000;
const NOW = '2025-11-12T09:41:16Z';

describe('Stripe webhook signatures', () => {
	it('known vector: HMAC-SHA256 over "t.body" with the secret as key', () => {
		// Independent check with a tiny payload (computed with: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_abc).
		expect(computeStripeSignature('{"a":1}', 'whsec_abc', 1700000000)).toBe('3b843bacfb18cc5554542fdcc84d815b399c52758e508a6fcecf0a2af4efea2b');
	});

	it('accepts a genuine delivery', () => {
		const header = stripeSignatureHeader(body, SECRET, T);
		expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
		expect(verifyStripeSignature({ rawBody: body, header, secret: SECRET, now: NOW })).toEqual({ valid: true, timestamp: T, secretIndex: 0 });
		// Same bytes as a Buffer.
		expect(verifyStripeSignature({ rawBody: Buffer.from(body, 'utf8'), header, secret: SECRET, now: NOW }).valid).toBe(true);
	});

	it('rejects a tampered body', () => {
		const header = stripeSignatureHeader(body, SECRET, T);
		const tampered = body.replace('"amount_paid": 125000', '"amount_paid": 1');
		expect(tampered).not.toBe(body);
		expect(verifyStripeSignature({ rawBody: tampered, header, secret: SECRET, now: NOW })).toMatchObject({ valid: false, code: 'SIGNATURE_MISMATCH' });
	});

	it('rejects a re-serialised body (must verify the raw bytes)', () => {
		const header = stripeSignatureHeader(body, SECRET, T);
		const reserialised = JSON.stringify(JSON.parse(body));
		expect(verifyStripeSignature({ rawBody: reserialised, header, secret: SECRET, now: NOW })).toMatchObject({ valid: false, code: 'SIGNATURE_MISMATCH' });
	});

	it('rejects a wrong secret (forged event)', () => {
		const forged = stripeSignatureHeader(body, 'whsec_attacker_guess', T);
		expect(verifyStripeSignature({ rawBody: body, header: forged, secret: SECRET, now: NOW })).toMatchObject({ valid: false, code: 'SIGNATURE_MISMATCH' });
	});

	it('rejects a replayed (too old) event, and a far-future timestamp', () => {
		const header = stripeSignatureHeader(body, SECRET, T);
		const late = new Date((T + 301) * 1000).toISOString();
		expect(verifyStripeSignature({ rawBody: body, header, secret: SECRET, now: late })).toMatchObject({ valid: false, code: 'TIMESTAMP_TOO_OLD', timestamp: T });
		expect(verifyStripeSignature({ rawBody: body, header, secret: SECRET, now: new Date((T + 300) * 1000).toISOString() }).valid).toBe(true);
		const early = new Date((T - 301) * 1000).toISOString();
		expect(verifyStripeSignature({ rawBody: body, header, secret: SECRET, now: early })).toMatchObject({ valid: false, code: 'TIMESTAMP_IN_FUTURE' });
		// A custom tolerance.
		expect(verifyStripeSignature({ rawBody: body, header, secret: SECRET, now: late, toleranceSeconds: 600 }).valid).toBe(true);
		// The timestamp is covered by the signature: moving it breaks the signature.
		const moved = header.replace(`t=${T}`, `t=${T + 3600}`);
		expect(verifyStripeSignature({ rawBody: body, header: moved, secret: SECRET, now: new Date((T + 3600) * 1000).toISOString() })).toMatchObject({ code: 'SIGNATURE_MISMATCH' });
	});

	it('accepts any of several v1 signatures and rolling secrets; ignores v0', () => {
		const good = computeStripeSignature(body, SECRET, T);
		const header = `t=${T},v1=${'0'.repeat(64)},v1=${good},v0=deadbeef`;
		expect(verifyStripeSignature({ rawBody: body, header, secret: SECRET, now: NOW }).valid).toBe(true);
		const rolled = stripeSignatureHeader(body, 'whsec_new_secret', T);
		expect(verifyStripeSignature({ rawBody: body, header: rolled, secret: [SECRET, 'whsec_new_secret'], now: NOW })).toMatchObject({ valid: true, secretIndex: 1 });
		expect(verifyStripeSignature({ rawBody: body, header: `t=${T},v0=${good}`, secret: SECRET, now: NOW })).toMatchObject({ valid: false, code: 'NO_V1_SIGNATURE' });
	});

	it('clear reasons for missing or malformed input', () => {
		const header = stripeSignatureHeader(body, SECRET, T);
		expect(verifyStripeSignature({ rawBody: body, header, secret: '', now: NOW })).toMatchObject({ code: 'MISSING_SECRET' });
		expect(verifyStripeSignature({ rawBody: undefined, header, secret: SECRET, now: NOW })).toMatchObject({ code: 'MISSING_BODY' });
		expect(verifyStripeSignature({ rawBody: body, header: undefined, secret: SECRET, now: NOW })).toMatchObject({ code: 'MISSING_HEADER' });
		expect(verifyStripeSignature({ rawBody: body, header: 'v1=abc', secret: SECRET, now: NOW })).toMatchObject({ code: 'MALFORMED_HEADER' });
		expect(verifyStripeSignature({ rawBody: body, header: `t=${T},v1=nothex`, secret: SECRET, now: NOW })).toMatchObject({ code: 'SIGNATURE_MISMATCH' });
		expect(verifyStripeSignature({ rawBody: body, header, secret: SECRET, now: 'not a date' })).toMatchObject({ code: 'INVALID_NOW' });
	});
});
