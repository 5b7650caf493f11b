/**
 * The compact `arFollowUp` object each AR node adds to its items: what was decided and why, in codes
 * and plain words, plus the validated invoice and customer so downstream nodes need no mapping.
 */
import type { IDataObject } from 'n8n-workflow';

import { isValidationError } from '../core/errors';
import { sameData } from '../core/same';
import { readRisk } from '../core/validate';
import type { AgingResult, Customer, Decision, DecisionInput, Invoice, RiskResult } from '../core/types';

/** A factor object with exactly the four public fields (then it is emitted as it is, not copied). */
function plainFactor(f: object): boolean {
	let n = 0;
	for (const k in f) {
		if (k !== 'code' && k !== 'label' && k !== 'value' && k !== 'contribution') return false;
		n++;
	}
	return n === 4;
}

/** A reason object with only the public fields (code, message, and resumeAt when set). */
function plainReason(r: object): boolean {
	for (const k in r) {
		if (k === 'resumeAt') {
			if ((r as { resumeAt?: unknown }).resumeAt === undefined) return false;
		} else if (k !== 'code' && k !== 'message') return false;
	}
	return true;
}

export function riskJson(r: RiskResult): IDataObject {
	// The score's factors are fresh objects of this item: kept unless they carry more than the public fields.
	const factors = r.factors.every(plainFactor) ? r.factors : r.factors.map((f) => ({ code: f.code, label: f.label, value: f.value, contribution: f.contribution }));
	return {
		score: r.score,
		band: r.band,
		tone: r.tone,
		lateProbability: Math.round(r.lateProbability * 1000) / 1000,
		basis: r.basis,
		factors: factors as unknown as IDataObject[],
	};
}

export function agingJson(a: AgingResult): IDataObject {
	return {
		today: a.today,
		daysPastDue: a.daysPastDue,
		tier: a.tier,
		tierLabel: a.tierLabel,
		stepDue: a.step ? a.step.id : null,
		stepLabel: a.step ? a.step.label : null,
		channels: a.pendingChannels,
		catchUp: a.catchUp,
		skippedSteps: a.skippedSteps,
		alreadySent: a.alreadySent,
		remindersSent: a.remindersSent,
		nextStep: a.nextStep ? a.nextStep.id : null,
		nextStepDate: a.nextStep ? a.nextStep.date : null,
	};
}

export function decisionJson(d: Decision): IDataObject {
	return {
		outcome: d.outcome,
		code: d.reason.code,
		reason: d.reason.message,
		resumeAt: d.reason.resumeAt ?? null,
		// The engine's reasons are plain { code, message, resumeAt? } records (many shared, frozen, between
		// decisions of a run): emitted as they are, not copied per item.
		// The list itself is the item's own (the engine shares one-reason lists between decisions, frozen).
		reasons: d.reasons.every(plainReason) ? (d.reasons.slice() as unknown as IDataObject[]) : d.reasons.map((r) => ({ code: r.code, message: r.message, ...(r.resumeAt !== undefined ? { resumeAt: r.resumeAt } : {}) })),
		step: d.step,
		tone: d.tone,
		template: d.template,
		channels: d.channels,
		droppedChannels: d.droppedChannels,
		dedupeKeys: d.dedupeKeys,
		taskKey: d.taskKey,
		ccFinance: d.ccFinance,
		balance: d.balance,
		currency: d.currency,
		tolerance: d.tolerance,
		promiseGraceDays: d.promiseGraceDays,
	};
}

/**
 * What an AR node's items share for one run: the policy version and the instant decided at, and the customer
 * records the node has emitted, by customer id (see {@link withArFollowUp}). Made once per run ({@link outputRun}).
 */
export interface OutputRun {
	policyVersion: string;
	now: string;
	customers: Map<string, IDataObject>;
}

export function outputRun(policyVersion: string, now: string): OutputRun {
	return { policyVersion, now, customers: new Map() };
}

/**
 * The upstream AR node's copy of a validated record when it is equal, else undefined: n8n keeps every node's
 * output for the whole execution, so the Aging Router and the Stop Check after an AR Risk Score share the
 * record instead of holding their own equal copy (about 1 kB per invoice and node).
 */
function shared(prev: unknown, next: Invoice | Customer): IDataObject | undefined {
	return prev && typeof prev === 'object' && sameData(prev, next, 3) ? (prev as IDataObject) : undefined;
}

/**
 * The customer record for an item: the upstream copy when equal, else the copy this run already emitted for the
 * customer when equal (a customer's invoices carry equal records: one object in the output, not one per invoice),
 * else a new copy.
 */
function sharedCustomer(prev: unknown, next: Customer, run: OutputRun): IDataObject {
	const up = shared(prev, next);
	if (up !== undefined) return up;
	const seen = run.customers.get(next.customerId);
	if (seen !== undefined && sameData(seen, next, 3)) return seen;
	const copy = { ...next } as unknown as IDataObject;
	run.customers.set(next.customerId, copy);
	return copy;
}

/**
 * Merge into the item's existing arFollowUp (upstream AR nodes' results stay).
 * A validated record emitted anew is a copy (its fields; nested lists stay shared): the validator's own objects then
 * die young in every node. Emitted as they are, they would be long-lived where first emitted, V8 would allocate every
 * later one straight into the old generation, and the downstream nodes' equal records, dropped for the upstream copy,
 * would pile up there as garbage until the next full collection (about 40 MB per node at 100,000 invoices).
 */
export function withArFollowUp(json: IDataObject, input: DecisionInput, add: IDataObject, run: OutputRun): IDataObject {
	const prev = json.arFollowUp && typeof json.arFollowUp === 'object' && !Array.isArray(json.arFollowUp) ? (json.arFollowUp as IDataObject) : {};
	return {
		...json,
		arFollowUp: {
			...prev,
			invoiceId: input.invoice.invoiceId,
			customerId: input.invoice.customerId,
			...add,
			invoice: shared(prev.invoice, input.invoice) ?? ({ ...input.invoice } as unknown as IDataObject),
			customer: sharedCustomer(prev.customer, input.customer, run),
			policyVersion: run.policyVersion,
			evaluatedAt: run.now,
		},
	};
}

/**
 * Whether the item's `arFollowUp.risk` already has exactly the shape riskJson() gives (as an upstream AR Risk
 * Score leaves it), so a node that re-emits the same result can keep that object instead of rebuilding it.
 * Call after upstreamRisk() accepted it.
 */
export function isRiskJson(json: IDataObject): boolean {
	const r = (json.arFollowUp as IDataObject).risk as IDataObject;
	if (typeof r.lateProbability !== 'number' || Math.round(r.lateProbability * 1000) / 1000 !== r.lateProbability) return false;
	if ((r.basis !== 'history' && r.basis !== 'summary' && r.basis !== 'prior') || !Array.isArray(r.factors)) return false;
	if (ownKeyCount(r) !== 6) return false;
	for (const f of r.factors as unknown[]) {
		if (!f || typeof f !== 'object' || ownKeyCount(f) !== 4) return false;
	}
	return true;
}

/** How many own enumerable keys an object has, counted without making the list (Object.keys would, per factor and item). */
function ownKeyCount(o: object): number {
	let n = 0;
	for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k)) n++;
	return n;
}

/**
 * A risk result an upstream AR Risk Score node left on the item, if it is well-formed (the core's readRisk accepts
 * it); otherwise none, and the risk is scored from the history as if no node had scored it.
 */
export function upstreamRisk(json: IDataObject): RiskResult | undefined {
	const ar = json.arFollowUp as IDataObject | undefined;
	const r = ar && typeof ar === 'object' ? ar.risk : undefined;
	if (!r || typeof r !== 'object') return undefined;
	try {
		return readRisk(r);
	} catch (e) {
		if (isValidationError(e)) return undefined;
		throw e;
	}
}
