/**
 * Output items: the input item's fields, the channel payload shaped for the next node (Send Email,
 * Twilio, Slack), and `arFollowUp.message` saying what was rendered and why.
 *
 * - Email:    `email { to, cc, bcc, replyTo, from, fromEmail, fromName, subject, text, html, headers }`
 * - SMS:      `sms { to, from, body, channel, whatsapp, segments, encoding, characters, units, perSegment, remaining, stopHint, nonGsmCharacters }`
 * - Internal: `internal { channel, title, text, format, to, mention }`
 * - Needs Human: `internal` (the ticket, ready for Slack/Teams) and `draft` (the customer message awaiting a person, if any)
 * - Skipped:  the input item with `arFollowUp.message.reason`
 */
import type { IDataObject } from 'n8n-workflow';

import type { AiInfo } from '../../core/ai';
import type { EmailMessage, RenderResult, SmsMessage } from '../../core/render';
import type { MessageRun } from '../../shared/messageParameters';
import type { Planned } from './plan';

/** A display name that needs no quoting in an address header. */
const ATOM_PHRASE = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ .]+$/;

/** `Name <address>` for Send Email's From Email (quoted when the name has commas, brackets, ...). */
export function fromHeader(name: string | undefined, address: string | undefined): string {
	if (!address) return '';
	if (!name) return address;
	const shown = ATOM_PHRASE.test(name) && !/^\.|\.$|\.\./.test(name) ? name : `"${name.replace(/["\\]/g, '\\$&')}"`;
	return `${shown} <${address}>`;
}

export function emailJson(e: EmailMessage): IDataObject {
	return {
		to: e.to ?? '',
		cc: e.cc.join(', '),
		bcc: e.bcc.join(', '),
		replyTo: e.replyTo ?? '',
		from: fromHeader(e.fromName, e.fromEmail),
		fromEmail: e.fromEmail ?? '',
		fromName: e.fromName ?? '',
		subject: e.subject,
		text: e.text,
		html: e.html,
		headers: { ...e.headers },
	};
}

export function smsJson(s: SmsMessage, channel: string, run: MessageRun): IDataObject {
	return {
		to: s.to ?? '',
		from: run.smsFrom,
		body: s.text,
		channel,
		whatsapp: channel === 'whatsapp',
		segments: s.segments,
		encoding: s.encoding,
		characters: s.characters,
		units: s.units,
		perSegment: s.perSegment,
		remaining: s.remaining,
		stopHint: s.stopHint,
		nonGsmCharacters: [...s.nonGsmCharacters],
	};
}

function internalJson(r: RenderResult, channel: string, owner: IDataObject | undefined): IDataObject {
	const i = r.internal;
	return {
		channel,
		title: i?.title ?? '',
		text: i?.text ?? '',
		format: i?.format ?? 'plain',
		to: typeof owner?.email === 'string' ? owner.email : '',
		mention: typeof owner?.slackId === 'string' && /^[UW][A-Z0-9]{2,20}$/.test(owner.slackId) ? `<@${owner.slackId}>` : '',
	};
}

/** The customer message a person reviews or approves, in the shape it would be sent in. */
function draftJson(r: RenderResult, run: MessageRun): IDataObject {
	const out: IDataObject = { channel: r.channel, templateKey: r.templateKey, tone: r.tone, language: r.language };
	if (r.email) out.email = emailJson(r.email);
	if (r.sms) out.sms = smsJson(r.sms, r.channel, run);
	return out;
}

const NO_AI: Record<string, AiInfo> = {};

function aiFor(p: Planned, reason: 'disabled' | 'no_credential', detail?: string): AiInfo {
	const r = p.result;
	if (r?.ai) return r.ai;
	const key = `${p.rewrite ? reason : 'internal'}|${detail ?? ''}`;
	// A fresh object per item (downstream nodes may mutate theirs), built from a cached template.
	const base =
		NO_AI[key] ??
		(NO_AI[key] = p.rewrite
			? { used: false, reason, ...(detail ? { detail } : {}), attempts: 0, tokens: { input: 0, output: 0 }, latencyMs: 0 }
			: { used: false, reason: 'disabled', detail: 'only customer messages are rewritten', attempts: 0, tokens: { input: 0, output: 0 }, latencyMs: 0 });
	return { ...base, tokens: { input: 0, output: 0 } };
}

/** `arFollowUp.message`: which template, tone, language, the dedupe key, the AI outcome, and why it went where it went. */
function messageJson(p: Planned, ai: AiInfo): IDataObject {
	const r = p.result ?? p.draft;
	return {
		kind: p.kind,
		source: p.source,
		route: p.route,
		channel: p.channel,
		templateKey: r?.templateKey ?? null,
		requestedKey: r?.requestedKey ?? null,
		tone: r?.tone ?? null,
		requestedTone: r?.requestedTone ?? null,
		language: r?.language ?? null,
		locale: r?.locale ?? null,
		templateSource: r?.source ?? null,
		transactional: r?.transactional ?? null,
		dedupeKey: p.dedupeKey,
		taskKey: p.taskKey,
		reason: p.reason,
		missing: (p.result?.missing ?? []).map((m) => ({ field: m.field, variable: m.variable, message: m.message })),
		facts: r
			? { invoiceNumber: r.facts.invoiceNumber ?? null, amount: r.facts.amount ?? null, dueDate: r.facts.dueDate ?? null, paymentLink: r.facts.paymentLink ?? null }
			: null,
		warnings: [...(r?.warnings ?? [])],
		ai: ai as unknown as IDataObject,
	};
}

/** The output item's JSON for one planned message. */
export function outputJson(run: MessageRun, json: IDataObject, p: Planned, aiDefault: { reason: 'disabled' | 'no_credential'; detail?: string }): IDataObject {
	const prev = json.arFollowUp && typeof json.arFollowUp === 'object' && !Array.isArray(json.arFollowUp) ? (json.arFollowUp as IDataObject) : {};
	const ai = aiFor(p, aiDefault.reason, aiDefault.detail);
	const out: IDataObject = { ...json };
	const owner = (p.request?.customer?.accountOwner ?? undefined) as IDataObject | undefined;
	const r = p.result;
	if (p.route === 'email' && r?.email) out.email = emailJson(r.email);
	else if (p.route === 'sms' && r?.sms) out.sms = smsJson(r.sms, r.channel, run);
	else if (p.route === 'internal' && r) out.internal = internalJson(r, run.alertChannel, owner);
	else if (p.route === 'human') {
		const ticket = p.ticket ?? r;
		if (ticket?.internal) out.internal = internalJson(ticket, run.humanChannel, owner);
		if (p.draft) out.draft = draftJson(p.draft, run);
	}
	out.arFollowUp = { ...prev, message: messageJson(p, ai) };
	return out;
}
