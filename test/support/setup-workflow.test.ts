/**
 * The Setup workflow's "Tables Ready" step (workflows/ar-setup.workflow.json), run on its own: it lists the
 * tables Setup created or reused, and stops Setup, naming each table and column, when a reused table lacks a column
 * the AR workflows write or has it with another type. The real n8n run of Setup is in test/e2e/workflows.e2e.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TABLES } = require('./workflows/lib') as { TABLES: Record<string, { name: string; columns: Record<string, string> }> };

type Table = { id: string; name: string; columns: Array<{ name: string; type: string }> };

const workflow = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'workflows', 'ar-setup.workflow.json'), 'utf8')) as {
	nodes: Array<{ name: string; type: string; parameters: { jsCode?: string } }>;
};
const tablesReady = workflow.nodes.find((n) => n.name === 'Tables Ready');

/** Run the Code node's JavaScript as n8n does (an async function body), with `$(node).first().json` per Create node. */
async function runTablesReady(tables: Record<string, Table>): Promise<Array<{ json: { table: string; id: string; columns: string[] } }>> {
	const body = String(tablesReady!.parameters.jsCode);
	const $ = (node: string) => {
		if (!(node in tables)) throw new Error(`no node ${node}`);
		return { first: () => ({ json: tables[node] }) };
	};
	// eslint-disable-next-line no-new-func
	const fn = new Function('$', `return (async () => {\n${body}\n})();`) as (d: typeof $) => Promise<Array<{ json: { table: string; id: string; columns: string[] } }>>;
	return await fn($);
}

/** What n8n's Data Table node (create, Create If Not Exists) returns for each table, as Setup makes them. */
function asCreated(): Record<string, Table> {
	const out: Record<string, Table> = {};
	for (const [k, t] of Object.entries(TABLES)) {
		out[`Create ${t.name}`] = { id: `id-${k}`, name: t.name, columns: Object.entries(t.columns).map(([name, type]) => ({ name, type })) };
	}
	return out;
}

describe('Setup workflow, Tables Ready', () => {
	test('is a Code node of the Setup workflow', () => {
		expect(tablesReady?.type).toBe('n8n-nodes-base.code');
	});

	test('lists every table with its id and columns when each has the columns the workflows write', async () => {
		const out = await runTablesReady(asCreated());
		expect(out.map((i) => i.json.table)).toEqual(Object.values(TABLES).map((t) => t.name));
		expect(out[0].json.id).toBe('id-touches');
		expect(out[0].json.columns).toEqual(Object.keys(TABLES.touches.columns));
	});

	test('accepts a reused table with extra columns of its own, in any order', async () => {
		const tables = asCreated();
		const t = tables['Create ar_holds'];
		t.columns = [{ name: 'myNote', type: 'string' }, ...t.columns.reverse()];
		await expect(runTablesReady(tables)).resolves.toHaveLength(Object.keys(TABLES).length);
	});

	test('stops Setup when a reused table lacks columns, naming the table and each column with its type', async () => {
		const tables = asCreated();
		// An ar_touches made before the outcome and tone columns were added.
		const touches = tables['Create ar_touches'];
		touches.columns = touches.columns.filter((c) => c.name !== 'outcome' && c.name !== 'tone');
		await expect(runTablesReady(tables)).rejects.toThrow('ar_touches lacks the columns outcome (string), tone (string)');
	});

	test('stops Setup when a column has another type, and reports every table at once', async () => {
		const tables = asCreated();
		const holds = tables['Create ar_holds'];
		holds.columns = holds.columns.map((c) => (c.name === 'amount' ? { ...c, type: 'string' } : c));
		const history = tables['Create ar_history'];
		history.columns = history.columns.filter((c) => c.name !== 'detail');
		const err = await runTablesReady(tables).catch((e: Error) => e);
		expect(err).toBeInstanceOf(Error);
		const message = (err as Error).message;
		expect(message).toContain('ar_holds: amount is string, should be number');
		expect(message).toContain('ar_history lacks the column detail (string)');
		expect(message).toContain('delete the table and run Setup again');
	});
});
