/**
 * n8n external hook file for the real-n8n benchmark (test/bench/n8n.js), loaded by n8n itself through
 * `EXTERNAL_HOOK_FILES` (an n8n feature, not part of this package).
 *
 * `workflow.postExecute` runs inside the n8n process once the execution has finished (node timings are
 * final by then). It writes a summary of the run data to `$AR_BENCH_SUMMARY`: per node and run the
 * `executionTime` n8n recorded, the items per output, and the main process' memory high-water mark.
 * Then it drops the items from the run data: `n8n execute` always prints the whole run as one
 * `JSON.stringify(run, null, 2)`, which for 100,000 items x 6 nodes would be gigabytes of stdout (or
 * a RangeError), none of which a scheduled daily run pays.
 */
'use strict';

const fs = require('fs');

function summarise(run, workflowData, executionId) {
	const runData = run?.data?.resultData?.runData ?? {};
	const nodes = {};
	for (const [name, tasks] of Object.entries(runData)) {
		const node = (workflowData?.nodes ?? []).find((n) => n.name === name);
		nodes[name] = {
			type: node?.type ?? null,
			runs: (tasks ?? []).map((t) => ({
				startTime: t.startTime,
				executionTime: t.executionTime,
				status: t.executionStatus ?? null,
				outputs: (t.data?.main ?? []).map((o) => (Array.isArray(o) ? o.length : 0)),
				error: t.error ? String(t.error.message ?? t.error) : null,
			})),
		};
	}
	const err = run?.data?.resultData?.error;
	return {
		executionId,
		workflowId: workflowData?.id ?? null,
		status: run?.status ?? null,
		startedAt: run?.startedAt ?? null,
		stoppedAt: run?.stoppedAt ?? null,
		error: err ? { message: err.message, node: err.node?.name ?? null } : null,
		nodes,
		memory: process.memoryUsage(),
		maxRssKiB: process.resourceUsage().maxRSS,
	};
}

module.exports = {
	workflow: {
		postExecute: [
			async function arBenchSummary(run, workflowData, executionId) {
				const file = process.env.AR_BENCH_SUMMARY;
				if (!file) return;
				fs.writeFileSync(file, JSON.stringify(summarise(run, workflowData, executionId)));
				const runData = run?.data?.resultData?.runData ?? {};
				for (const tasks of Object.values(runData)) {
					for (const t of tasks ?? []) {
						if (t.data?.main) t.data.main = t.data.main.map((o) => (Array.isArray(o) ? [] : o));
					}
				}
				// A failed run still has the failed node's input on the execution stack.
				for (const e of run?.data?.executionData?.nodeExecutionStack ?? []) {
					if (e?.data?.main) e.data.main = e.data.main.map((o) => (Array.isArray(o) ? [] : o));
				}
				if (run?.data?.executionData) run.data.executionData.waitingExecution = {};
			},
		],
	},
};
