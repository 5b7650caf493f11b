#!/usr/bin/env node
/**
 * Builds the example workflows under workflows/ from their builders in test/support/workflows/ (one module
 * per workflow exporting `{ file, build(ledger) }`; the single source of truth), so the bundled sample ledger
 * is embedded in the workflow exactly as it is in workflows/sample-ledger.json.
 *
 *   node test/support/build-workflows.js          write workflows/*.workflow.json
 *   node test/support/build-workflows.js --check  exit 1 if a committed workflow is out of date
 *
 * Node types are the ones n8n gives an installed community package: `n8n-nodes-ar-followup.<name>`.
 */
'use strict';

const fs = require('fs');
const path = require('path');

const { WORKFLOWS, loadLedger } = require('./workflows/lib');

/** Every module in test/support/workflows/ that exports `{ file, build }` is one workflow (lib.js and shared pieces are not). */
const BUILDERS = Object.fromEntries(
	fs
		.readdirSync(path.join(__dirname, 'workflows'))
		.filter((f) => f.endsWith('.js') && f !== 'lib.js')
		.sort()
		.map((f) => require(path.join(__dirname, 'workflows', f)))
		.filter((m) => typeof m.file === 'string' && typeof m.build === 'function')
		.map((m) => [m.file, m.build]),
);

function main() {
	const check = process.argv.includes('--check');
	const ledger = loadLedger();
	let stale = 0;
	for (const [file, build] of Object.entries(BUILDERS)) {
		const text = `${JSON.stringify(build(ledger), null, '\t')}\n`;
		const target = path.join(WORKFLOWS, file);
		const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
		if (current === text) continue;
		if (check) {
			console.error(`workflows/${file} is out of date: run node test/support/build-workflows.js`);
			stale++;
		} else {
			fs.writeFileSync(target, text);
			console.log(`wrote workflows/${file}`);
		}
	}
	process.exit(stale ? 1 : 0);
}

if (require.main === module) main();
module.exports = { BUILDERS, loadLedger };
