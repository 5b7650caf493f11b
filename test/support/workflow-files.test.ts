/**
 * Static checks of the example workflows under workflows/ that need no n8n (the e2e tests import and run them):
 * every sticky note is text, as the editor renders it.
 */
import * as fs from 'fs';
import * as path from 'path';

const DIR = path.join(__dirname, '..', '..', 'workflows');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.workflow.json'));

type Row = Record<string, unknown>;
interface CodeItem {
	json: Row;
	pairedItem?: unknown;
}
interface WorkflowFile {
	nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }>;
	connections: Record<string, { main: Array<Array<{ node: string; index: number }>> }>;
}
const readWorkflow = (file: string) => JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as WorkflowFile;

/**
 * A Code node's own script, run as n8n runs it (a function of `$input` and `$`): `input` its input items, `tables` the
 * rows of the nodes it reads by name (`$('Load Holds').all()`, `$('Settings').first()`), each row an item paired with
 * its index, or with its `__paired` (taken off the row).
 */
function runCodeNode(file: string, nodeName: string, input: CodeItem[], tables: Record<string, Row[]>): CodeItem[] {
	const script = readWorkflow(file).nodes.find((n) => n.name === nodeName)!.parameters.jsCode as string;
	const $ = (name: string) => {
		const items = (tables[name] ?? []).map(({ __paired, ...json }, i) => ({ json, pairedItem: __paired ?? { item: i } }));
		return { all: () => items, first: () => items[0] ?? { json: {} }, itemMatching: (i: number) => items[i] };
	};
	return (new Function('$input', '$', script) as (i: unknown, d: unknown) => CodeItem[])({ all: () => input, first: () => input[0] }, $);
}

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

describe('ids', () => {
	// n8n refuses two nodes of one id; its editor keys a Set node's assignments and an If or Filter node's
	// conditions by id, so two alike mix up when one is edited.
	test.each(files)('%s: every node, assignment and condition has an id of its own', (file) => {
		const wf = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as { nodes: Array<{ id: string; parameters: Record<string, unknown> }> };
		const ids: string[] = [];
		for (const n of wf.nodes) {
			ids.push(n.id);
			const p = n.parameters as { assignments?: { assignments?: Array<{ id: string }> }; conditions?: { conditions?: Array<{ id: string }> } };
			for (const a of p.assignments?.assignments ?? []) ids.push(a.id);
			for (const c of p.conditions?.conditions ?? []) ids.push(c.id);
		}
		expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
		expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
	});
});

describe('Settings, the one place a workflow is set up', () => {
	const withSettings = files.filter((f) => readWorkflow(f).nodes.some((n) => n.name === 'Settings'));

	test.each(withSettings)('%s: every Settings field an expression reads is set in Settings', (file) => {
		const wf = readWorkflow(file);
		const settings = wf.nodes.find((n) => n.name === 'Settings')!;
		const set = new Set(((settings.parameters.assignments as { assignments: Array<{ name: string }> }).assignments).map((a) => a.name));
		const used = new Set([...JSON.stringify(wf.nodes).matchAll(/\$\('Settings'\)\.first\(\)\.json\.(\w+)/g)].map((m) => m[1]));
		expect(used.size).toBeGreaterThan(0);
		expect([...used].filter((f) => !set.has(f))).toEqual([]);
	});

	test.each(files.filter((f) => readWorkflow(f).nodes.some((n) => n.type === 'n8n-nodes-ar-followup.arMessage')))('%s: AR Message signs and addresses the mails from Settings', (file) => {
		for (const n of readWorkflow(file).nodes.filter((x) => x.type === 'n8n-nodes-ar-followup.arMessage')) {
			const sender = n.parameters.sender as Record<string, unknown>;
			// who the customer mails come from, how they are signed, where replies go and who is copied
			for (const field of ['companyName', 'fromEmail', 'fromName', 'replyTo', 'senderTitle', 'financeEmail']) {
				expect({ node: n.name, field, value: sender[field] }).toEqual({ node: n.name, field, value: `={{ $('Settings').first().json.${field} }}` });
			}
		}
	});
});

describe('the Daily Run\'s approval email', () => {
	// The Code node's own script, run as n8n runs it (a function of $input and $), on a request whose customer data
	// carries HTML: n8n's send-and-wait mail puts its message into the HTML as it is.
	const wf = readWorkflow('ar-daily-run.workflow.json');
	const run = (item: Row) =>
		runCodeNode('ar-daily-run.workflow.json', 'Approval Requests', [{ json: item, pairedItem: { item: 0 } }], {
			Settings: [{ approvalWaitHours: 24, fromEmail: 'billing@example.com', evaluateAsOf: '2026-03-17T15:00:00Z' }],
		});

	test('the mail body is the request, escaped and aligned left, and the Email node sends it', () => {
		const text = 'Approval needed before a message goes to Evil <a href="https://phish.example">Corp</a> & Co.\n\nMessage: Final notice, escalating tone';
		const [out] = run({
			arFollowUp: { invoiceId: 'INV-1', customerId: 'C-1', decision: { step: 'D+21', outcome: 'approval', tone: 'escalating', taskKey: 'INV-1:D+21:approval' }, message: { taskKey: 'INV-1:D+21:approval' } },
			internal: { title: 'Approval needed', text, to: 'owner@example.com' },
			draft: { email: { to: 'ap@evil.example' } },
		});
		const body = String(out.json.mailBody);
		expect(body.startsWith('<span style="display:block;text-align:left">Approval needed before a message goes to Evil &#60;a href="https://phish.example"&#62;Corp&#60;/a&#62; &#38; Co.\n\nMessage: ')).toBe(true);
		expect(body.endsWith('without an answer within 24 hours finance is told.</span>')).toBe(true);
		expect(body).toContain('\n\nThe draft would go to: ap@evil.example\n\nApprove to let the next run send this step');
		// nothing n8n turns back into markup (it unescapes &lt; &gt; &amp; &quot; &#39;), one element only
		expect(body).not.toMatch(/&(lt|gt|amp|quot|#39);/);
		expect(body.match(/</g)).toHaveLength(2);
		expect(out.json.text).toBe(`${text}\n\nThe draft would go to: ap@evil.example`);
		expect(out.json.waitHours).toBe(24);
		const email = wf.nodes.find((n) => n.name === 'Email: Ask Account Owner to Approve')!;
		expect(email.parameters.message).toBe("={{ $('When Asked for an Approval').first().json.mailBody }}");
	});

	test('the Slack text reaches Slack as AR Message escaped it, after n8n unescapes it', () => {
		// n8n's send-and-wait (Slack as email) runs the message through this before posting it, in one pass
		const n8nUnescape = (t: string) => t.replace(/&amp;|&lt;|&gt;|&#39;|&quot;/g, (m) => ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&#39;': "'", '&quot;': '"' })[m]!);
		const text = '*Approval needed* before a message goes to Evil &lt;https://phish.example|Approve&gt; &amp; Co.';
		const [out] = run({
			arFollowUp: { invoiceId: 'INV-1', decision: { step: 'D+21', outcome: 'approval', taskKey: 'INV-1:D+21:approval' }, message: {} },
			internal: { title: 'Approval needed', text, mention: '<@U024BE7LH>', channel: '#ar' },
		});
		expect(n8nUnescape(String(out.json.slackBody))).toBe(`<@U024BE7LH> ${text}`);
		const slack = wf.nodes.find((n) => n.name === 'Slack: Ask Account Owner to Approve')!;
		expect(slack.parameters.message).toBe("={{ $('When Asked for an Approval').first().json.slackBody }}");
	});
});

describe("the Daily Run's Attach Store State", () => {
	// The Code node's own script, run as n8n runs it, on store rows as the Data Table node returns them.
	const AS_OF = '2026-03-17T15:00:00Z';
	const run = (invoices: Row[], store: { touches?: Row[]; holds?: Row[]; approvals?: Row[]; state?: Row[] }) =>
		runCodeNode('ar-daily-run.workflow.json', 'Attach Store State', invoices.map((json) => ({ json })), {
			'Load Touch Log': store.touches ?? [],
			'Load Holds': store.holds ?? [],
			'Load Approvals': store.approvals ?? [],
			'Load Invoice State': store.state ?? [],
			Settings: [{ evaluateAsOf: AS_OF }],
		});
	let id = 0;
	const touch = (invoiceId: string, customerId: string, daysAgo: number, over: Row = {}): Row => ({
		id: ++id,
		invoiceId,
		customerId,
		step: 'D+7',
		channel: 'email',
		sentAt: new Date(Date.parse(AS_OF) - daysAgo * 86_400_000).toISOString(),
		dedupeKey: `${invoiceId}:D+7:email:${id}`,
		status: 'sent',
		createdAt: AS_OF,
		...over,
	});

	test("each invoice gets all its own messages and its customer's other messages of the last 8 days", () => {
		const own = [touch('INV-1', 'C-1', 40), touch('INV-1', 'C-1', 2)];
		const recentOther = touch('INV-9', 'C-1', 3);
		const store = {
			touches: [
				...own,
				recentOther,
				touch('INV-8', 'C-1', 30), // another invoice, long ago: the touch cap and minimum gap do not look back that far
				touch('INV-7', 'C-1', 1, { channel: 'internal' }), // a note to the account owner, not a customer message
				touch('INV-1', 'C-1', 1, { kind: 'task' }), // a task, not a message
				touch('INV-5', 'C-2', 1), // another customer
			],
			holds: [
				{ id: 1, holdId: 'H-inv', type: 'promise', invoiceId: 'INV-1', customerId: 'C-1', until: '2026-03-20', active: true },
				{ id: 2, holdId: 'H-cust', type: 'pause', customerId: 'C-1', until: null, active: true },
				{ id: 3, holdId: 'H-other', type: 'pause', invoiceId: 'INV-9', customerId: 'C-1', until: null, active: true },
			],
			approvals: [
				{ id: 1, approvalKey: 'INV-1:D+21', invoiceId: 'INV-1', step: 'D+21', decision: 'approved' },
				{ id: 2, approvalKey: 'INV-9:D+21', invoiceId: 'INV-9', step: 'D+21', decision: 'approved' },
			],
		};
		const [out] = run([{ invoiceId: 'INV-1', customerId: 'C-1' }], store);
		const keys = (list: unknown) => (list as Row[]).map((t) => t.dedupeKey).sort();
		expect(keys(out.json.touches)).toEqual(keys([...own, recentOther]));
		expect((out.json.touches as Row[]).every((t) => t.id === undefined && t.createdAt === undefined)).toBe(true);
		expect((out.json.holds as Row[]).map((h) => h.holdId).sort()).toEqual(['H-cust', 'H-inv']);
		expect((out.json.approvals as Row[]).map((a) => a.invoiceId)).toEqual(['INV-1']);
		expect(out.pairedItem).toEqual({ item: 0 });
	});

	test('every invoice is kept, in order, with or without rows in the store', () => {
		const invoices = Array.from({ length: 50 }, (_, i) => ({ invoiceId: `INV-${i}`, customerId: `C-${i % 7}` }));
		const touches = invoices.flatMap((inv, i) => [touch(inv.invoiceId, inv.customerId, i % 12), touch(inv.invoiceId, inv.customerId, 60)]);
		const out = run(invoices, { touches });
		expect(out.map((o) => o.json.invoiceId)).toEqual(invoices.map((i) => i.invoiceId));
		expect(out.map((o) => o.pairedItem)).toEqual(invoices.map((_, i) => ({ item: i })));
		for (const [i, o] of out.entries()) {
			const list = o.json.touches as Row[];
			const expected = touches.filter((t) => t.invoiceId === invoices[i].invoiceId || (t.customerId === invoices[i].customerId && Date.parse(String(t.sentAt)) >= Date.parse(AS_OF) - 8 * 86_400_000));
			expect(list.map((t) => t.dedupeKey).sort()).toEqual(expected.map((t) => t.dedupeKey).sort());
		}
		expect(run([{ invoiceId: 'INV-X', customerId: 'C-X' }], {})[0].json).toMatchObject({ touches: [], holds: [], approvals: [] });
	});
});

describe("the Postgres Daily Run's claim gate reads the decision's tolerance", () => {
	// The Postgres nodes' query parameters, evaluated as n8n evaluates an expression ({{ … }}) on an item.
	const wf = JSON.parse(fs.readFileSync(path.join(DIR, 'ar-daily-run-postgres.workflow.json'), 'utf8')) as { nodes: Array<{ name: string; parameters: { query?: string; options?: { queryReplacement?: string } } }> };
	const params = (nodeName: string, json: Record<string, unknown>, settings: Record<string, unknown> = { tolerance: 1 }): unknown[] => {
		const text = wf.nodes.find((n) => n.name === nodeName)!.parameters.options!.queryReplacement!;
		const body = /^=\{\{([\s\S]*)\}\}$/.exec(text)![1];
		const $ = () => ({ first: () => ({ json: settings }) });
		return (new Function('$json', '$', '$execution', `return (${body});`) as (j: unknown, d: unknown, e: unknown) => unknown[])(json, $, { id: '7' });
	};
	const decided = (tolerance?: number) => ({ invoiceId: 'INV-1', customerId: 'C1', arFollowUp: { decision: { step: 'D+7', tolerance }, message: { dedupeKey: 'INV-1:D+7:email' } }, email: { to: 'a@b.example' }, sms: { to: '+15550001', from: '+15550002', body: 'Hi', whatsapp: false }, alert: { key: 'INV-1:D+7:approval', step: 'D+7', email: {} } });

	// Every claim and every mark of the workflow (e-mails, texts, WhatsApp, mails to a person).
	const claims = wf.nodes.filter((n) => /INSERT INTO ar_touches/.test(n.parameters.query ?? '') && /'claimed'/.test(n.parameters.query ?? '')).map((n) => n.name);
	const marks = wf.nodes.filter((n) => /SET state = 'sending'/.test(n.parameters.query ?? '')).map((n) => n.name);

	test('the claims and marks are found', () => {
		expect(claims).toEqual(expect.arrayContaining(['Claim Send', 'Claim Alert']));
		expect(marks).toEqual(expect.arrayContaining(['Mark Sending', 'Mark Alert Sending']));
		expect(marks).toHaveLength(claims.length);
	});

	test('each claim\'s $10 is the decision\'s tolerance (EUR 25), else Settings\' (an older AR node\'s item)', () => {
		for (const name of claims) {
			expect([name, params(name, decided(25))[9]]).toEqual([name, 25]);
			expect([name, params(name, decided(undefined), { tolerance: 3 })[9]]).toEqual([name, 3]);
		}
	});

	test("each claim's $12 is the decision's promise grace (0 days), else the default policy's 2; each Mark passes the claim's on", () => {
		for (const name of claims) {
			const item = decided(25);
			(item.arFollowUp.decision as Record<string, unknown>).promiseGraceDays = 0;
			expect([name, params(name, item)[11]]).toEqual([name, 0]);
			expect([name, params(name, decided(25))[11]]).toEqual([name, 2]);
			expect(wf.nodes.find((n) => n.name === name)!.parameters.query!).toMatch(/\$12::int AS promise_grace_days/);
		}
		for (const name of marks) {
			expect(params(name, { dedupe_key: 'INV-1:D+7:email', invoice_id: 'INV-1', customer_id: 'C1', step: 'D+7', tolerance: '25', promise_grace_days: 0, email: {} })[11]).toBe(0);
		}
	});

	test('the claim returns the tolerance it checked, and each Mark checks the same again', () => {
		for (const name of claims) expect(wf.nodes.find((n) => n.name === name)!.parameters.query!).toMatch(/\$10::numeric AS tolerance/);
		for (const name of marks) {
			expect(params(name, { dedupe_key: 'INV-1:D+7:email', invoice_id: 'INV-1', customer_id: 'C1', step: 'D+7', tolerance: '25', email: {} }, { tolerance: 1 })[9]).toBe('25');
		}
	});
});

describe("the Replies workflow's Find Customer", () => {
	const find = (reply: Record<string, unknown>) => runCodeNode('ar-replies.workflow.json', 'Find Customer (Sample Ledger)', [{ json: reply, pairedItem: { item: 0 } }], {})[0].json as Record<string, unknown>;
	const daemon = { value: [{ address: 'MAILER-DAEMON@mx.example.net', name: 'Mail Delivery Subsystem' }], text: 'Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>' };

	test('a customer by its sender, a delivery notice by the address it names or else the invoice it quotes', () => {
		expect(find({ from: 'Luis <Luis@Cedarpine.example.com>', subject: 'Re: Invoice INV-2026-0140 is due today', text: 'We pay Friday.' })).toMatchObject({ customerId: 'CUS-1002', invoiceId: 'INV-2026-0140' });
		const full = find({ from: daemon, subject: 'Returned mail: see transcript for details', text: 'The following addresses had permanent fatal errors\n<luis@cedarpine.example.com>\n    (reason: 452 4.2.2 Mailbox full)\n\nSubject: Invoice INV-2026-0140 is due today' });
		expect(full).toMatchObject({ customerId: 'CUS-1002', invoiceId: 'INV-2026-0140', locale: expect.any(String), timeZone: expect.any(String) });
		// No address of a customer in it (another language, no report fields): the invoice number of the quoted reminder.
		expect(find({ from: daemon, subject: 'Mensagem não entregue', text: 'Não foi possível entregar a mensagem.\n\nAssunto: Segundo lembrete: a fatura INV-2026-0067 está vencida' })).toMatchObject({ customerId: 'CUS-1024', invoiceId: 'INV-2026-0067' });
		// Nothing to go by: no customer (AR Event then rejects the item, naming customerId).
		expect(find({ from: daemon, subject: 'Undeliverable', text: 'Delivery has failed.' })).toMatchObject({ customerId: null, invoiceId: null });
	});
});

describe("the Daily Run's Re-check Before Sending", () => {
	// The Code node's own script, run as n8n runs it: a payment recorded while the run decided stops the message when
	// it leaves at most the tolerance the decision applied (the policy's, in the invoice's currency).
	const recheck = (decision: Row, state: Row[]) => {
		// its input: AR Stop Check's Send items, through Wait for Re-read
		const out = runCodeNode('ar-daily-run.workflow.json', 'Re-check Before Sending', [{ json: { arFollowUp: { invoiceId: 'INV-1', customerId: 'C1', decision } } }], {
			'Re-read Payment Status': state.map((r, i) => ({ id: i + 1, ...r })),
			'Re-read Holds': [],
			Settings: [{ evaluateAsOf: '2026-03-17T15:00:00Z' }],
		});
		return (out[0].json.recheck as { ok: boolean }).ok;
	};
	test('EUR 12.50 left under a EUR 25 tolerance is settled; over it, or under the default 1.00 without one, still due', () => {
		const paidDown = [{ invoiceId: 'INV-1', status: 'open', balance: 12.5 }];
		expect(recheck({ outcome: 'send', tolerance: 25 }, paidDown)).toBe(false);
		expect(recheck({ outcome: 'send', tolerance: 10 }, paidDown)).toBe(true);
		expect(recheck({ outcome: 'send' }, paidDown)).toBe(true);
		expect(recheck({ outcome: 'send' }, [{ invoiceId: 'INV-1', status: 'open', balance: 0.5 }])).toBe(false);
		expect(recheck({ outcome: 'send', tolerance: 25 }, [])).toBe(true);
	});
});

describe('Code nodes that read rows a side branch loaded pair each item with its own input item', () => {
	// Such a node takes its items from a Merge (Choose Branch) that waits for the rows, and returns item i paired with
	// its input item i: `$('AR Stop Check').item` in a node added further on then finds that item's own invoice (with
	// the rows node as input, every item was paired with the first invoice).
	const invoice = (id: string, extra: Record<string, unknown> = {}) => ({ json: { invoiceId: id, customerId: `C-${id}`, customer: { customerId: `C-${id}` }, arFollowUp: { invoiceId: id, customerId: `C-${id}`, decision: { outcome: 'send', tolerance: 1 } }, charge: { route: 'event' }, ...extra } });
	const paired = (out: CodeItem[]) => out.map((o) => [o.json.invoiceId ?? (o.json.arFollowUp as { invoiceId: string }).invoiceId, o.pairedItem]);
	const three = ['INV-1', 'INV-2', 'INV-3'];

	test('each such node has a Merge (Choose Branch) as its input, fed by the items and by the rows', () => {
		for (const [file, name, rowsNode] of [
			['ar-daily-run.workflow.json', 'Re-check Before Sending', 'Re-read Holds'],
			['ar-daily-run.workflow.json', 'Still Unpaid?', 'Re-read Before Charging'],
			['ar-daily-run.workflow.json', 'Charge Event', 'Load Ledger'],
			['ar-daily-run.workflow.json', 'Merge CRM Context', 'HubSpot: Customer Context'],
			['ar-replies.workflow.json', 'Attach Stored Rows', 'Load Ledger'],
		]) {
			const wf = readWorkflow(file);
			const into = (target: string) => Object.entries(wf.connections).flatMap(([from, c]) => c.main.flatMap((links, output) => links.filter((l) => l.node === target).map((l) => ({ from, output, input: l.index }))));
			const [wait] = into(name);
			expect([name, into(name)]).toEqual([name, [expect.objectContaining({ input: 0 })]]);
			const merge = wf.nodes.find((n) => n.name === wait.from)!;
			expect([name, merge.type, merge.parameters]).toEqual([name, 'n8n-nodes-base.merge', { mode: 'chooseBranch', useDataOfInput: 1 }]);
			expect([name, into(merge.name).find((l) => l.input === 1)?.from]).toEqual([name, rowsNode]);
		}
	});

	test("Re-check Before Sending: item i of its input, paired with i; a payment meanwhile stops that invoice only", () => {
		const out = runCodeNode('ar-daily-run.workflow.json', 'Re-check Before Sending', three.map((id) => invoice(id)), {
			'Re-read Payment Status': [{ id: 1, invoiceId: 'INV-2', status: 'paid' }],
			'Re-read Holds': [],
			Settings: [{ evaluateAsOf: '2026-03-17T15:00:00Z' }],
		});
		expect(paired(out)).toEqual(three.map((id, i) => [id, { item: i }]));
		expect(out.map((o) => (o.json.recheck as { ok: boolean }).ok)).toEqual([true, false, true]);
	});

	test("Re-check Before Sending: a promise holds through its date + the decision's grace; other holds through their date", () => {
		const recheck = (holds: Array<Record<string, unknown>>, promiseGraceDays?: number) =>
			runCodeNode('ar-daily-run.workflow.json', 'Re-check Before Sending', [invoice('INV-1', { arFollowUp: { invoiceId: 'INV-1', customerId: 'C-INV-1', decision: { outcome: 'send', tolerance: 1, promiseGraceDays } } })], {
				'Re-read Payment Status': [],
				'Re-read Holds': holds.map((h, i) => ({ id: i + 1, holdId: `h${i}`, invoiceId: 'INV-1', customerId: 'C-INV-1', active: true, ...h })),
				Settings: [{ evaluateAsOf: '2026-03-17T15:00:00Z' }],
			})[0].json.recheck as { ok: boolean };
		expect(recheck([{ type: 'promise', until: '2026-03-16' }], 2).ok).toBe(false); // 16 + 2 >= 17
		expect(recheck([{ type: 'promise', until: '2026-03-16' }], 0).ok).toBe(true);
		expect(recheck([{ type: 'promise', until: '2026-03-14' }]).ok).toBe(true); // 14 + 2 (an older node's item: the default) < 17
		expect(recheck([{ type: 'promise', until: '2026-03-15' }]).ok).toBe(false);
		expect(recheck([{ type: 'pause', until: '2026-03-16' }], 7).ok).toBe(true);
		expect(recheck([{ type: 'dispute', until: null }], 0).ok).toBe(false);
		expect(recheck([{ type: 'promise', until: 'next Friday' }], 2).ok).toBe(false); // unreadable: holds, and the run goes on
	});

	test("Still Unpaid?: the invoices still to charge, each paired with its own input item; settled under the decision's tolerance", () => {
		const input = three.map((id) => invoice(id, { arFollowUp: { invoiceId: id, decision: { outcome: 'hold', tolerance: 25 } } }));
		const out = runCodeNode('ar-daily-run.workflow.json', 'Still Unpaid?', input, {
			'Re-read Before Charging': [{ id: 1, invoiceId: 'INV-1', status: 'open', balance: 20 }, { id: 2, invoiceId: 'INV-3', status: 'open', balance: 30 }],
		});
		expect(paired(out)).toEqual([['INV-2', { item: 1 }], ['INV-3', { item: 2 }]]);
	});

	test('Charge Event: each charge answer with its ledger, paired with its own input item', () => {
		const out = runCodeNode('ar-daily-run.workflow.json', 'Charge Event', three.map((id) => invoice(id)), {
			'Load Ledger': [{ id: 1, ledgerId: 'INV-3', invoices: '[]' }],
		});
		expect(paired(out)).toEqual(three.map((id, i) => [id, { item: i }]));
	});

	test("Merge CRM Context: each invoice with the contact looked up for it, paired with its own input item", () => {
		const out = runCodeNode('ar-daily-run.workflow.json', 'Merge CRM Context', three.map((id) => invoice(id)), {
			// HubSpot's output: a contact for the second and third invoices only (paired with HubSpot's input items)
			'HubSpot: Customer Context': [
				{ properties: { firstname: 'Bea', hs_language: 'de' }, __paired: { item: 1 } },
				{ properties: { firstname: 'Cy' }, __paired: { item: 2 } },
			],
		});
		expect(paired(out)).toEqual(three.map((id, i) => [id, { item: i }]));
		expect(out.map((o) => (o.json.customer as { firstName?: string }).firstName)).toEqual([undefined, 'Bea', 'Cy']);
	});

	// Nodes that keep some of their input items: item i of the output pairs with the index its item had in this node's
	// input, not with the pairing it carried in (which names an item of the node before: AR Message's input).
	const carried = (ids: string[], extra: (id: string) => Record<string, unknown> = () => ({})) =>
		ids.map((id, i) => ({ ...invoice(id, { arFollowUp: { invoiceId: id, customerId: `C-${id}`, decision: { outcome: 'human', step: 'D+45' }, message: { taskKey: `${id}:D+45:human` } }, ...extra(id) }), pairedItem: { item: 10 + i } }));
	test('New Tasks Only: the tasks not yet logged, each paired with its own input item', () => {
		const out = runCodeNode('ar-daily-run.workflow.json', 'New Tasks Only', carried(three), { 'Load Touch Log': [{ dedupeKey: 'INV-1:D+45:human', status: 'sent' }] });
		expect(paired(out)).toEqual([['INV-2', { item: 1 }], ['INV-3', { item: 2 }]]);
	});
	test('New CRM Tasks Only: one task per invoice and step, each paired with its own input item', () => {
		const out = runCodeNode('ar-daily-run.workflow.json', 'New CRM Tasks Only', carried(three), { 'Load Touch Log': [{ dedupeKey: 'INV-2:D+45:crm' }] });
		expect(paired(out)).toEqual([['INV-1', { item: 0 }], ['INV-3', { item: 2 }]]);
	});
	test('Person Alert (Postgres): each mail to a person paired with its own input item', () => {
		const out = runCodeNode('ar-daily-run-postgres.workflow.json', 'Person Alert', carried(three), { Settings: [{ fromEmail: 'ar@example.com', financeEmail: 'finance@example.com' }] });
		expect(paired(out)).toEqual(three.map((id, i) => [id, { item: i }]));
	});

	test('Attach Stored Rows (Replies): each reply with its rows, paired with its own input item', () => {
		const out = runCodeNode('ar-replies.workflow.json', 'Attach Stored Rows', three.map((id) => invoice(id)), {
			'Load Holds': [{ id: 1, holdId: 'h1', type: 'promise', invoiceId: 'INV-2', customerId: 'C-INV-2', until: '2026-03-20', active: true }],
			'Load Touches': [],
			'Load Ledger': [],
		});
		expect(paired(out)).toEqual(three.map((id, i) => [id, { item: i }]));
		expect(out.map((o) => (o.json.holds as unknown[]).length)).toEqual([0, 1, 0]);
	});
});

describe("the Daily Run claims each message in the touch log before it is sent", () => {
	const FILE = 'ar-daily-run.workflow.json';
	const AS_OF = '2026-03-20T15:00:00Z';
	const message = (id: string, channel = 'email', step = 'D+7') => ({
		invoiceId: id,
		customerId: `C-${id}`,
		arFollowUp: { invoiceId: id, customerId: `C-${id}`, decision: { outcome: 'send', step, tone: 'neutral', code: 'SEND' }, message: { dedupeKey: `${id}:${step}:${channel}`, channel, tone: 'neutral', kind: 'reminder' } },
		email: { to: `${id.toLowerCase()}@example.com`, subject: `Invoice ${id}` },
		sms: { to: '+15550001' },
	});
	const three = ['INV-1', 'INV-2', 'INV-3'].map((id) => message(id));

	test('Claim (Email): one claimed row per message, keyed by its dedupe key and paired with it', () => {
		const out = runCodeNode(FILE, 'Claim (Email)', three.map((json) => ({ json })), { Settings: [{ evaluateAsOf: AS_OF }], 'Email Enabled?': three });
		expect(out.map((o) => [o.json.dedupeKey, o.json.status, o.json.channel, o.json.step, o.json.sentAt, o.json.recipient, o.pairedItem])).toEqual(
			three.map((m, i) => [m.arFollowUp.message.dedupeKey, 'claimed', 'email', 'D+7', AS_OF, m.email.to, { item: i }]),
		);
		expect(out.every((o) => o.json.kind === 'reminder' && o.json.outcome === 'send' && o.json.tone === 'neutral')).toBe(true);
	});

	test('Claimed (Email): only the messages whose claim was written go on, each paired with its claim row', () => {
		// The store wrote the claims of INV-3 and INV-1 (in that order), not INV-2's.
		const written = [{ json: { dedupeKey: 'INV-3:D+7:email', status: 'claimed' } }, { json: { dedupeKey: 'INV-1:D+7:email', status: 'claimed' } }];
		const out = runCodeNode(FILE, 'Claimed (Email)', written, { 'Email Enabled?': three });
		expect(out.map((o) => [o.json.invoiceId, o.pairedItem])).toEqual([['INV-1', { item: 1 }], ['INV-3', { item: 0 }]]);
		expect(out[0].json).toEqual(three[0]);
		expect(runCodeNode(FILE, 'Claimed (Email)', [], { 'Email Enabled?': three })).toEqual([]);
	});

	test('Touch Row (SMS) / (WhatsApp): each claim marked sent; failed when the error proves nothing left; else kept claimed, in doubt', () => {
		const texts = ['INV-4', 'INV-5', 'INV-6', 'INV-7', 'INV-8'].map((id) => message(id, 'sms'));
		const tables = { Settings: [{ evaluateAsOf: AS_OF }], 'SMS Enabled?': texts, 'WhatsApp Enabled?': texts };
		// As the nodes answer on their regular output: Twilio's message; n8n's text for a 400 answer; a declarative node's
		// error (no json, the error beside it) before any connection; a timeout once the request had left; WhatsApp's message.
		const answers: CodeItem[] = [
			{ json: { sid: 'SM1', status: 'queued' } },
			{ json: { error: 'Bad request - please check your parameters' } },
			{ json: {}, error: { message: 'The connection cannot be established, this usually occurs due to an incorrect host (domain) value' } } as CodeItem,
			{ json: { error: 'timeout of 10000ms exceeded' } },
			{ json: { messages: [{ id: 'wamid.1' }] } },
		];
		for (const node of ['Touch Row (SMS)', 'Touch Row (WhatsApp)']) {
			const out = runCodeNode(FILE, node, answers, tables);
			expect([node, out.map((o) => [o.json.dedupeKey, o.json.status, o.pairedItem])]).toEqual([node, [
				['INV-4:D+7:sms', 'sent', { item: 0 }],
				['INV-5:D+7:sms', 'failed', { item: 1 }],
				['INV-6:D+7:sms', 'failed', { item: 2 }],
				// INV-7: no row, its claim stays (in doubt)
				['INV-8:D+7:sms', 'sent', { item: 4 }],
			]]);
		}
		// Send Email's error output: nodemailer's text after ': ' is the SMTP server's reply
		const failed = runCodeNode(FILE, 'Failed Row (Email)', [
			{ json: { error: "Can't send mail - all recipients were rejected: 550 5.1.1 Mailbox does not exist" } },
			{ json: { error: 'Connection closed unexpectedly' } },
			{ json: { error: 'connect ECONNREFUSED 127.0.0.1:25' } },
		], { Settings: [{ evaluateAsOf: AS_OF }], 'Email Enabled?': three });
		expect(failed.map((o) => [o.json.dedupeKey, o.json.status])).toEqual([['INV-1:D+7:email', 'failed'], ['INV-3:D+7:email', 'failed']]);
	});

	test('Bounce Hold: a hard bounce holds email for the address it refused (the customer\'s own), else for any address; nothing else does', () => {
		// Messages to INV-1 .. INV-9; INV-1 went to the customer's address (written in another case on the record), INV-2 to another recipient.
		const ids = ['INV-1', 'INV-2', 'INV-3', 'INV-4', 'INV-5', 'INV-6', 'INV-7', 'INV-8', 'INV-9'];
		const sent = ids.map((id) => ({ ...message(id), customer: { customerId: `C-${id}`, email: id === 'INV-2' ? 'ap@other.example' : `${id}@Example.com ` } }));
		const errors = [
			"Can't send mail - all recipients were rejected: 550 5.1.1 Mailbox does not exist",
			'550 User unknown',
			'554 5.2.1 Mailbox disabled',
			// not the recipient's address: our server down (port 587), our credentials, relaying or policy, a full mailbox, a 4xx
			'connect ECONNREFUSED 10.0.0.1:587',
			'Invalid login: 535 5.7.8 Authentication failed',
			'550 5.7.1 Relaying denied',
			'552 5.2.2 Mailbox full',
			'451 4.3.0 Try again later',
			'Connection closed unexpectedly',
		];
		const holds = runCodeNode(FILE, 'Bounce Hold', errors.map((error) => ({ json: { error } })), { 'Email Enabled?': sent });
		expect(holds.map((o) => [o.json.holdId, o.json.type, o.json.channel, o.json.contact, o.json.active])).toEqual([
			['bounced:C-INV-1:email', 'bounced', 'email', 'inv-1@example.com', true],
			['bounced:C-INV-2:email', 'bounced', 'email', null, true],
			['bounced:C-INV-3:email', 'bounced', 'email', 'inv-3@example.com', true],
		]);
	});

	test('each send node is reached only through its claim, and a refusal marks the claim failed', () => {
		const wf = readWorkflow(FILE);
		const next = (from: string, output = 0) => (wf.connections[from]?.main[output] ?? []).map((l) => l.node).sort();
		for (const [label, gate, send] of [
			['Email', 'Email Enabled?', 'Send Email'],
			['WhatsApp', 'WhatsApp Enabled?', 'WhatsApp Business: Send'],
			['SMS', 'SMS Enabled?', 'Twilio: Send SMS'],
		]) {
			expect([label, next(gate)]).toEqual([label, [`Claim (${label})`]]);
			expect([label, next(`Claim (${label})`), next(`Write Claims (${label})`), next(`Claimed (${label})`)]).toEqual([label, [`Write Claims (${label})`], [`Claimed (${label})`], [send]]);
			const into = Object.entries(wf.connections).filter(([, c]) => c.main.some((links) => links.some((l) => l.node === send))).map(([from]) => from);
			expect([label, into]).toEqual([label, [`Claimed (${label})`]]);
			const sendNode = wf.nodes.find((n) => n.name === send)! as unknown as { onError?: string };
			if (label === 'Email') {
				// The mail node pairs its error items: they leave on its error output, marked failed (and a 5xx is a bounce).
				expect([sendNode.onError, next(send, 0), next(send, 1)]).toEqual(['continueErrorOutput', ['Touch Row (Email)'], ['Bounce Hold', 'Failed Row (Email)']]);
				expect(next('Failed Row (Email)')).toEqual(['Write Touch Log']);
			} else {
				// The text nodes do not pair an error output's items: every answer stays on the regular output, in order.
				expect([label, sendNode.onError, next(send, 0), wf.connections[send].main.length]).toEqual([label, 'continueRegularOutput', [`Touch Row (${label})`], 1]);
			}
			expect([label, next(`Touch Row (${label})`)]).toEqual([label, ['Write Touch Log']]);
			expect(wf.nodes.find((n) => n.name === `Write Claims (${label})`)!.parameters).toMatchObject({ operation: 'upsert', dataTableId: { value: 'ar_touches' } });
		}
	});

	describe('Message Claims Without Answer', () => {
		const row = (key: string, over: Record<string, unknown> = {}) => {
			const [invoiceId, step, channel] = key.split(':');
			return { dedupeKey: key, invoiceId, customerId: `C-${invoiceId}`, step, channel, sentAt: '2026-03-20T12:00:00.000Z', status: 'claimed', kind: 'reminder', recipient: 'ap@example.com', ...over };
		};
		const run = (rows: Row[]) => runCodeNode(FILE, 'Message Claims Without Answer', [{ json: { invoiceId: 'INV-1' } }], { Settings: [{ evaluateAsOf: AS_OF }], 'Load Touch Log': rows });

		test('a claim left over an hour without sent or failed: finance is told, once, with the key and what to do', () => {
			const out = run([
				row('INV-1:D+7:email'),
				row('INV-2:D+7:email', { status: 'sent' }),
				row('INV-3:D+7:sms', { status: 'failed' }),
				row('INV-4:D+7:email', { sentAt: '2026-03-20T14:30:00.000Z' }), // claimed half an hour ago: this run's, or one still sending
				row('INV-5:charge:stripe', { kind: 'charge' }), // a card charge: its own path
				row('INV-6:D+15:internal'),
				row('INV-7:D+1:whatsapp'),
				row('INV-8:D+1:email'),
				row('INV-8:D+1:email:in-doubt', { channel: 'internal', status: 'sent', kind: 'task' }), // told already
			]);
			expect(out).toHaveLength(1);
			expect(out[0].json.count).toBe(2);
			expect((out[0].json.claims as Row[]).map((c) => c.dedupeKey)).toEqual(['INV-1:D+7:email', 'INV-7:D+1:whatsapp']);
			const text = String(out[0].json.text);
			expect(text).toContain('These 2 messages were claimed by an earlier Daily Run');
			expect(text).toContain('- INV-1, step D+7, by email to ap@example.com (claimed 2026-03-20T12:00:00.000Z; dedupe key INV-1:D+7:email)');
			expect(text).toContain('They count as sent');
			const rows = runCodeNode(FILE, 'In-Doubt Rows', out, { Settings: [{ evaluateAsOf: AS_OF, financeEmail: 'finance@example.com' }], 'Message Claims Without Answer': out.map((o) => o.json) });
			expect(rows.map((r) => [r.json.dedupeKey, r.json.channel, r.json.kind, r.json.outcome, r.json.status, r.json.recipient])).toEqual([
				['INV-1:D+7:email:in-doubt', 'internal', 'check', 'check', 'sent', 'finance@example.com'],
				['INV-7:D+1:whatsapp:in-doubt', 'internal', 'check', 'check', 'sent', 'finance@example.com'],
			]);
		});

		test('nothing in doubt: no item, so no mail', () => {
			expect(run([])).toEqual([]);
			expect(run([row('INV-1:D+7:email', { status: 'sent' }), row('INV-2:D+7:email', { sentAt: AS_OF })])).toEqual([]);
		});
	});
});
