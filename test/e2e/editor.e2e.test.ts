/// <reference lib="dom" />
/**
 * The editor as a user sees it: this package installed as the Community Nodes panel installs it, every
 * example workflow under workflows/ imported, n8n started, and headless Chromium (Debian `chromium`) opening
 * each workflow in the editor. Screenshots go to test/.tmp/screenshots/<workflow>.png.
 *
 * Asserted for every workflow: every node renders on the canvas, every node of ours shows its own SVG icon
 * (loaded, not the "?" placeholder), no node is marked unknown (n8n's placeholder icon for a type it does not
 * know) and no two nodes overlap. A control workflow with one node type that does not exist proves the check
 * sees an unknown node.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';

import { launchChromium } from './browser';
import { startN8n, stopAllN8n, type N8nServer } from './n8n-harness';
import { REPO_ROOT, importWorkflowObject, userFolderWithPackage } from './package';

jest.setTimeout(15 * 60_000);

const PKG = 'n8n-nodes-ar-followup';
const SHOTS = path.join(REPO_ROOT, 'test', '.tmp', 'screenshots');
const CONTROL_ID = 'arEditorControl1';

interface WorkflowJson {
	id: string;
	name: string;
	nodes: Array<{ name: string; type: string; disabled?: boolean }>;
}

interface CanvasNode {
	name: string;
	type: string;
	/** n8n's "?" placeholder instead of an icon: the type is unknown to this n8n. */
	placeholderIcon: boolean;
	/** The icon image n8n rendered, if any, and whether it loaded. */
	iconSrc: string | null;
	iconLoaded: boolean;
	box: { x: number; y: number; width: number; height: number };
}

const workflowFiles = fs
	.readdirSync(path.join(REPO_ROOT, 'workflows'))
	.filter((f) => f.endsWith('.workflow.json'))
	.sort();

function readWorkflow(file: string): WorkflowJson {
	return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'workflows', file), 'utf8')) as WorkflowJson;
}

/** Open a workflow in the editor, wait until every node is drawn and its icon has settled. */
async function openWorkflow(page: Page, server: N8nServer, wf: WorkflowJson): Promise<CanvasNode[]> {
	const expected = wf.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote').length;
	await page.goto(`${server.baseUrl}/workflow/${wf.id}`);
	await page.waitForFunction((n) => document.querySelectorAll('[data-test-id="canvas-node"]').length >= n, expected, { timeout: 120_000 });
	// icons are <img> loaded from /icons/<package>/...: wait until every one has finished loading
	await page.waitForFunction(
		() => Array.from(document.querySelectorAll<HTMLImageElement>('[data-test-id="canvas-node"] img')).every((img) => img.complete),
		undefined,
		{ timeout: 60_000 },
	);
	await page.waitForTimeout(500); // fit-view animation
	return page.evaluate(() =>
		Array.from(document.querySelectorAll<HTMLElement>('[data-test-id="canvas-node"]')).map((el) => {
			const img = el.querySelector<HTMLImageElement>('[class*="nodeIcon"] img, img[class*="nodeIconImage"]');
			const body = el.querySelector<HTMLElement>('[class*="_node_"]') ?? el;
			const r = body.getBoundingClientRect();
			return {
				name: el.dataset.nodeName ?? '',
				type: el.dataset.nodeType ?? '',
				placeholderIcon: el.querySelector('[class*="nodeIconPlaceholder"]') !== null,
				iconSrc: img ? img.getAttribute('src') : null,
				iconLoaded: img ? img.complete && img.naturalWidth > 0 : false,
				box: { x: r.x, y: r.y, width: r.width, height: r.height },
			};
		}),
	);
}

function overlaps(a: CanvasNode['box'], b: CanvasNode['box']): boolean {
	return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

const describeE2E = process.env.N8N_E2E_SKIP === '1' ? describe.skip : describe;

describeE2E('n8n editor (headless Chromium)', () => {
	let server: N8nServer;
	const workflows = workflowFiles.map(readWorkflow);

	beforeAll(async () => {
		const uf = await userFolderWithPackage();
		for (const [i, wf] of workflows.entries()) await importWorkflowObject(uf, `editor-${i}.json`, wf);
		// the control: the first example with a node of this package, that node's type made one this package does not have
		const first = workflows.find((wf) => wf.nodes.some((n) => n.type.startsWith(`${PKG}.`)));
		if (!first) throw new Error('no example workflow has a node of this package');
		const control = JSON.parse(JSON.stringify(first)) as WorkflowJson;
		control.id = CONTROL_ID;
		control.name = 'Editor test control (unknown node)';
		const victim = control.nodes.find((n) => n.type.startsWith(`${PKG}.`)) as WorkflowJson['nodes'][number];
		victim.type = `${PKG}.arNoSuchNode`;
		await importWorkflowObject(uf, 'editor-control.json', control);
		server = await startN8n(uf);
		fs.mkdirSync(SHOTS, { recursive: true });
	});
	afterAll(async () => {
		await stopAllN8n();
	});

	test('every example workflow opens with every node known, our icons shown and nothing overlapping', async () => {
		expect(workflowFiles.length).toBeGreaterThan(0);
		const browser = await launchChromium();
		try {
			const context = await browser.newContext({ viewport: { width: 1800, height: 1000 } });
			const page = await context.newPage();
			// first visit: create the owner account (the session cookie lands in this browser context)
			const setup = await page.request.post(`${server.baseUrl}/rest/owner/setup`, {
				data: { email: 'owner@example.com', firstName: 'Ada', lastName: 'Owner', password: 'Editor-Test-Passw0rd' },
			});
			expect(setup.status()).toBe(200);

			// control first: the checks below must be able to see an unknown node
			const control = await openWorkflow(page, server, { ...workflows[0], id: CONTROL_ID });
			expect(control.filter((n) => n.placeholderIcon).map((n) => n.type)).toEqual([`${PKG}.arNoSuchNode`]);

			// every workflow is checked before anything is asserted, so one run names every problem
			const problems: string[] = [];
			for (const [i, wf] of workflows.entries()) {
				const nodes = await openWorkflow(page, server, wf);
				const file = path.join(SHOTS, workflowFiles[i].replace(/\.workflow\.json$/, '.png'));
				await page.screenshot({ path: file });
				if (fs.statSync(file).size < 10_000) problems.push(`${wf.name}: blank screenshot ${file}`);

				const drawn = new Set(nodes.map((n) => n.name));
				for (const n of wf.nodes) if (n.type !== 'n8n-nodes-base.stickyNote' && !drawn.has(n.name)) problems.push(`${wf.name}: ${n.name} not drawn`);
				for (const n of nodes) if (n.placeholderIcon) problems.push(`${wf.name}: ${n.name} is an unknown node (${n.type})`);
				for (const n of nodes.filter((x) => x.type.startsWith(`${PKG}.`))) {
					if (!n.iconSrc || !new RegExp(`^/icons/${PKG}/dist/nodes/.+\\.svg$`).test(n.iconSrc)) problems.push(`${wf.name}: ${n.name} shows no icon of ours (${String(n.iconSrc)})`);
					else if (!n.iconLoaded) problems.push(`${wf.name}: ${n.name} icon did not load (${n.iconSrc})`);
				}
				for (let a = 0; a < nodes.length; a++)
					for (let b = a + 1; b < nodes.length; b++)
						if (overlaps(nodes[a].box, nodes[b].box)) problems.push(`${wf.name}: ${nodes[a].name} overlaps ${nodes[b].name}`);
			}
			expect(problems).toEqual([]);
		} finally {
			await browser.close();
		}
	});
});
