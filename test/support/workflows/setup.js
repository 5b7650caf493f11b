/** Setup workflow (workflows/ar-setup.workflow.json): creates the Data Tables the other workflows use. */
'use strict';

const { TABLES, PATHS, resetIds, sticky, node, dtCreate, code, webhook, wire, workflow } = require('./lib');

function setup() {
	resetIds();
	const keys = Object.keys(TABLES);
	const tableList = keys.map((k) => `- \`${TABLES[k].name}\` (key \`${TABLES[k].key}\`): ${TABLES[k].what}`).join('\n');
	const nodes = [
		sticky('Note: Setup', [-420, -420], 640, 380, [
			'## AR Follow-up: Setup (run once)',
			'Creates the n8n **Data Tables** the other AR workflows read and write, so nothing has to be clicked together in the UI.',
			'Click **Run Setup** once after importing. Running it again changes nothing (*Reuse Existing Tables* is on).',
			'',
			tableList,
			'',
			'Prefer Postgres (queue mode, several workers)? See the Postgres variant of the daily run: a unique key on `dedupeKey` makes every send claim atomic.',
		].join('\n'), 4),
		sticky('Note: Next', [300, -420], 520, 300, [
			'### Then',
			'1. Create the credential **AR SMTP** (Send Email) under *Credentials*; the others (AR Twilio, AR Slack, AR HubSpot, AR Stripe, AR WhatsApp, AR IMAP, AR Stripe Webhook) when you turn their channel on.',
			'2. Open **AR Follow-up: Daily Run**, check **Settings**, click **Run Now**.',
			'3. Publish **Payment Events** (Stripe webhook) and **Replies** (IMAP) to react to payments and answers.',
			'',
			'Headless: `POST /webhook/' + PATHS.setup + '` runs this setup.',
		].join('\n'), 6),
		node('Run Setup', 'n8n-nodes-base.manualTrigger', 1, [-380, 120], {}),
		webhook('Run Setup (Webhook)', [-380, 300], PATHS.setup),
	];
	const edges = [
		['Run Setup', 0, `Create ${TABLES[keys[0]].name}`],
		['Run Setup (Webhook)', 0, `Create ${TABLES[keys[0]].name}`],
	];
	keys.forEach((k, i) => {
		const name = `Create ${TABLES[k].name}`;
		nodes.push(dtCreate(name, k, [-140 + i * 220, 200]));
		edges.push([name, 0, i + 1 < keys.length ? `Create ${TABLES[keys[i + 1]].name}` : 'Tables Ready']);
	});
	// The columns each table must have, for the check below (a table Setup reused may have been made by hand, or by
	// an older Setup before a column was added).
	const want = Object.fromEntries(keys.map((k) => [`Create ${TABLES[k].name}`, TABLES[k].columns]));
	nodes.push(
		code('Tables Ready', [-140 + keys.length * 220, 200], [
			'// One item per table created (or reused), with its id and columns. A reused table that lacks a column the',
			'// workflows write, or has it with another type, stops Setup here, naming each one: the Daily Run would otherwise',
			'// fail at its first write to that table.',
			`const want = ${JSON.stringify(want)};`,
			'const problems = [];',
			'const out = Object.keys(want).map((n) => {',
			'  const t = $(n).first().json;',
			'  const have = new Map((t.columns || []).map((c) => [c.name, c.type]));',
			'  const missing = Object.entries(want[n]).filter(([c]) => !have.has(c)).map(([c, type]) => `${c} (${type})`);',
			'  const wrong = Object.entries(want[n]).filter(([c, type]) => have.has(c) && have.get(c) !== type).map(([c, type]) => `${c} is ${have.get(c)}, should be ${type}`);',
			'  if (missing.length) problems.push(`${t.name} lacks the column${missing.length > 1 ? \'s\' : \'\'} ${missing.join(\', \')}`);',
			'  if (wrong.length) problems.push(`${t.name}: ${wrong.join(\'; \')}`);',
			'  return { json: { table: t.name, id: t.id, columns: [...have.keys()] } };',
			'});',
			'if (problems.length) {',
			'  throw new Error(`Existing Data Tables do not match what the AR workflows write: ${problems.join(\'. \')}. Add the missing columns in the Data Tables tab (same name and type), or delete the table and run Setup again (its rows are lost).`);',
			'}',
			'return out;',
		]),
	);
	return workflow('arSetup000000001', 'AR Follow-up: Setup', nodes, wire(edges));
}

module.exports = { file: 'ar-setup.workflow.json', build: setup };
