/**
 * Self and inclusive time per function in a V8 `.cpuprofile` (node --cpu-prof), for the benchmarks'
 * `--profile` option. Shared by test/bench/core.js and test/bench/n8n.js.
 */
'use strict';

const fs = require('fs');

/**
 * `under` (optional): keep only the samples taken under a frame whose file matches it (e.g. our package's
 * files inside n8n). Labels are "function file:line", with node_modules paths shortened and `root` removed.
 * `windows` (optional): keep only the samples stamped inside one of these [start, end] spans (microseconds of the
 * monotonic clock the profile's `startTime` uses: `process.hrtime` / 1000).
 * Returns { self, incl } (Maps label -> microseconds, inclusive counted once per label per stack), the
 * microseconds kept (`kept`) and sampled in all (`all`).
 */
function aggregateCpuProfile(file, { under = null, root = null, windows = null } = {}) {
	const p = JSON.parse(fs.readFileSync(file, 'utf8'));
	const byId = new Map(p.nodes.map((n) => [n.id, n]));
	const parent = new Map();
	for (const n of p.nodes) for (const c of n.children || []) parent.set(c, n.id);
	const label = (n) => {
		const f = n.callFrame;
		let url = f.url ? f.url.replace(/^file:\/\//, '') : '';
		if (root) url = url.replace(`${root}/`, '');
		url = url.replace(/.*node_modules\//, 'node_modules/');
		return `${f.functionName || '(anonymous)'}${url ? ` ${url}:${f.lineNumber + 1}` : ''}`;
	};
	const inside = new Map();
	const isInside = (id) => {
		if (!under) return true;
		let v = inside.get(id);
		if (v === undefined) {
			v = false;
			for (let cur = id; cur !== undefined && !v; cur = parent.get(cur)) v = under.test(byId.get(cur).callFrame.url || '');
			inside.set(id, v);
		}
		return v;
	};
	const self = new Map();
	const incl = new Map();
	let kept = 0;
	let all = 0;
	let at = p.startTime;
	let w = 0;
	for (let i = 0; i < p.samples.length; i++) {
		const id = p.samples[i];
		const us = p.timeDeltas[i] || 0;
		at += us;
		if (windows) {
			while (w < windows.length && windows[w][1] < at) w++;
			if (w === windows.length || at < windows[w][0]) continue;
		}
		all += us;
		if (!isInside(id)) continue;
		kept += us;
		const k = label(byId.get(id));
		self.set(k, (self.get(k) || 0) + us);
		const seen = new Set();
		for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
			const kk = label(byId.get(cur));
			if (seen.has(kk)) continue;
			seen.add(kk);
			incl.set(kk, (incl.get(kk) || 0) + us);
		}
	}
	return { self, incl, kept, all };
}

/** The `top` largest entries of a label -> microseconds map, as printed lines with their share of `of`. */
function topLines(map, of, top, keep = () => true) {
	return [...map]
		.filter(([k]) => keep(k))
		.sort((a, b) => b[1] - a[1])
		.slice(0, top)
		.map(([k, us]) => `${`${((us / of) * 100).toFixed(1)}%`.padStart(6)}  ${k}`);
}

module.exports = { aggregateCpuProfile, topLines };
