#!/usr/bin/env node
/**
 * Render benchmark: messages per second of `renderMessage` on the built package, per channel, over a
 * deterministic mix of keys, tones, locales, currencies and amounts (unique invoice numbers and links).
 *
 *   npm run build && node test/core/render/bench.js [--dist dir] [--n 200000]
 *
 * Prints wall-clock and CPU-time rates (CPU time is less sensitive to other load on the machine).
 * Benchmarks print figures; nothing here asserts a timing.
 */
'use strict';

const path = require('path');

const args = process.argv.slice(2);
const arg = (name, fallback) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? args[i + 1] : fallback;
};
const DIST = path.resolve(arg('dist', path.join(__dirname, '..', '..', '..', 'dist')));
const N = Number(arg('n', 200000));
const render = require(path.join(DIST, 'nodes', 'core', 'render'));

const LOCALES = ['en-GB', 'de-DE', 'fr-FR', 'es-ES', 'en-US', 'de-AT'];
const TONES = ['friendly', 'firm', 'escalating'];
const KEYS = ['pre_due_7', 'pre_due_3', 'due_today', 'overdue_1', 'overdue_7', 'overdue_14', 'final_notice', 'service_pause'];
const full = render.sampleRequest('full', 'overdue_7', 'email');
const sender = full.sender; // node-level settings: one object per run

function request(i, channel) {
	const key = channel === 'internal' ? ['ae_alert', 'approval_request', 'human_task'][i % 3] : KEYS[i % KEYS.length];
	const locale = LOCALES[i % LOCALES.length];
	const amount = 100 + ((i * 7919) % 50000) / 3;
	return {
		templateKey: key,
		channel,
		tone: TONES[i % 3],
		locale,
		timeZone: 'Europe/Berlin',
		invoice: {
			invoiceId: `in_${i}`,
			number: `INV-${100000 + i}`,
			amount,
			amountPaid: 0,
			balance: amount,
			currency: ['EUR', 'USD', 'GBP'][i % 3],
			dueDate: `2025-03-${String(1 + (i % 28)).padStart(2, '0')}`,
			paymentLink: `https://pay.example.com/i/${i}?t=${(i * 2654435761) % 1e9}`,
			service: 'Acme Cloud',
		},
		customer: {
			customerId: `cus_${i % 5000}`,
			name: `Customer ${i} GmbH`,
			firstName: ['Anna', 'Jürgen', 'Zoë', 'Luis'][i % 4],
			email: `ap${i}@example.com`,
			phone: `+4915112345${String(i % 1000).padStart(3, '0')}`,
			locale,
			segment: ['smb', 'enterprise', 'consumer'][i % 3],
			accountOwner: { name: 'Sam Carter', slackId: 'U024BE7LH' },
		},
		decision: { stepId: key, daysPastDue: key.startsWith('pre') ? -3 : 7, ccFinance: key === 'service_pause' },
		sender,
		links: { unsubscribe: `https://billing.example.com/u?c=${i}` },
		internal: channel === 'internal' ? full.internal : undefined,
		options: { stopHint: 'auto', financeContactEmail: 'cfo@example.com' },
	};
}

function bench(channel, n) {
	const reqs = Array.from({ length: 20000 }, (_, i) => request(i, channel));
	for (let i = 0; i < 40000; i++) render.renderMessage(reqs[i % reqs.length]);
	const cpu0 = process.cpuUsage();
	const t0 = process.hrtime.bigint();
	let ok = 0;
	for (let i = 0; i < n; i++) if (render.renderMessage(reqs[i % reqs.length]).ok) ok++;
	const wallNs = Number(process.hrtime.bigint() - t0);
	const cpu = process.cpuUsage(cpu0);
	const cpuNs = (cpu.user + cpu.system) * 1000;
	return { channel, n, ok, perSecond: Math.round((n * 1e9) / wallNs), cpuPerSecond: Math.round((n * 1e9) / cpuNs), usCpu: cpuNs / n / 1000 };
}

const rows = [bench('email', N), bench('sms', N), bench('whatsapp', N), bench('internal', Math.max(1000, Math.round(N / 4)))];
console.log(`renderMessage on ${DIST} (node ${process.version}, load average ${require('os').loadavg()[0].toFixed(1)})`);
console.log('channel     messages   rendered   msgs/s (wall)   msgs/s (CPU)   us/msg (CPU)');
for (const r of rows) {
	console.log(
		`${r.channel.padEnd(10)} ${String(r.n).padStart(9)} ${String(r.ok).padStart(10)} ${r.perSecond.toLocaleString('en').padStart(15)} ${r.cpuPerSecond.toLocaleString('en').padStart(14)} ${r.usCpu.toFixed(1).padStart(14)}`,
	);
}
