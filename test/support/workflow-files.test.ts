/**
 * Static checks of the example workflows under workflows/ that need no n8n (the e2e tests import and run them):
 * every sticky note is text, as the editor renders it.
 */
import * as fs from 'fs';
import * as path from 'path';

const DIR = path.join(__dirname, '..', '..', 'workflows');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.workflow.json'));

describe('example workflow files', () => {
	test('there are workflows to check', () => {
		expect(files).toEqual(expect.arrayContaining(['ar-weekly-report.workflow.json', 'ar-weekly-report-postgres.workflow.json']));
	});

	test.each(files)('%s: every sticky note is markdown text', (file) => {
		const wf = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as { nodes: Array<{ name: string; type: string; parameters: { content?: unknown } }> };
		const notes = wf.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote');
		expect(notes.length).toBeGreaterThan(0);
		for (const n of notes) {
			expect({ note: n.name, type: typeof n.parameters.content }).toEqual({ note: n.name, type: 'string' });
			expect(String(n.parameters.content)).toMatch(/^#{2,3} /);
		}
	});
});
