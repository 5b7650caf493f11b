/** Creates the Postgres store's tables (workflows/ar-postgres-setup.workflow.json) from workflows/postgres/schema.sql. */
'use strict';

const fs = require('fs');
const path = require('path');

const { WORKFLOWS, resetIds, node, sticky, link } = require('./lib');

const { POSTGRES } = require('./daily-run-postgres');

function postgresSetup() {
	resetIds();
	const schema = fs.readFileSync(path.join(WORKFLOWS, 'postgres', 'schema.sql'), 'utf8');
	const nodes = [
		sticky('Note: Setup', [-460, -300], 620, 260, [
			'## AR store on Postgres: setup',
			'Creates the tables of the AR follow-up store (touch log, holds, promises, audit log, `ar_invoices` stand-in) in the database of the **AR Postgres Store** credential. Safe to run again: nothing existing is dropped.',
			'',
			'The same SQL is in `workflows/postgres/schema.sql` of the package repository (`psql -f`).',
		].join('\n'), 4),
		sticky('Note: Credential and queue mode', [200, -320], 520, 320, [
			'### Before you run it',
			'1. Create a **Postgres** credential named **AR Postgres Store** (the database every n8n worker shares; it may be n8n\'s own database or another one).',
			'2. Run this workflow once: **Create AR Tables** applies the schema.',
			'3. Import **AR Follow-up: Daily Run (Postgres, queue mode)**: its claims use the unique dedupe key of `ar_touches`, so several workers never send the same step twice.',
			'4. Import and publish **AR Follow-up: Approvals (Postgres)**: the page its approval requests link to.',
			'',
			'Queue mode itself (Redis, `EXECUTIONS_MODE=queue`, workers) is described in the package README, section *Queue mode*.',
		].join('\n'), 6),
		node('Run Setup', 'n8n-nodes-base.manualTrigger', 1, [-400, 60], {}),
		node('Create AR Tables', 'n8n-nodes-base.postgres', 2.6, [-160, 60], { operation: 'executeQuery', query: schema, options: {} }, { credentials: POSTGRES }),
	];
	return {
		id: 'arPostgresSetup1',
		name: 'AR Follow-up: Postgres Setup',
		nodes,
		connections: { 'Run Setup': { main: [[link('Create AR Tables')]] } },
		active: false,
		settings: { executionOrder: 'v1', timezone: 'UTC', saveManualExecutions: true },
		pinData: {},
		meta: { templateCredsSetupCompleted: true },
		tags: [],
	};
}

module.exports = { file: 'ar-postgres-setup.workflow.json', build: postgresSetup };
