/**
 * The six invariants of DESIGN.md section 6, over generated sequences of runs and events.
 * The default run is modest; `npm run test:invariants -- 1000000` runs a million sequences.
 */
import fc from 'fast-check';

import { simulate, worldArb, type SimStats } from './sim';

const runs = Number(process.env.AR_INVARIANT_RUNS ?? 300);
const seed = process.env.AR_INVARIANT_SEED ? Number(process.env.AR_INVARIANT_SEED) : undefined;

describe('invariants over generated sequences', () => {
	it(`hold for ${runs} sequences of runs, payments, disputes, promises, plans, replies, opt-outs, credits on account and approvals`, () => {
		const stats: SimStats = { decisions: 0, sends: 0, outcomes: {} };
		const started = Date.now();
		fc.assert(
			fc.property(worldArb, (spec) => {
				simulate(spec, stats);
			}),
			{ numRuns: runs, endOnFailure: process.env.AR_INVARIANT_SHRINK !== '1', ...(seed !== undefined ? { seed } : {}) },
		);
		// eslint-disable-next-line no-console
		console.log(
			`invariants: ${runs} sequences, ${stats.decisions} decisions, ${stats.sends} sends, outcomes ${JSON.stringify(stats.outcomes)} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
		);
		// The generator must actually exercise sends and every kind of outcome.
		expect(stats.sends).toBeGreaterThan(0);
		if (runs >= 200) {
			for (const o of ['send', 'hold', 'approval', 'human']) expect(stats.outcomes[o] ?? 0).toBeGreaterThan(0);
		}
	});
});
