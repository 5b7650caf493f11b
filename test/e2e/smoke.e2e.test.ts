/**
 * Smoke test of the e2e harness against a real n8n 2.40.7 (Node 24), no package of ours involved:
 *  - `n8n execute` of Manual Trigger -> Code -> Switch V3, parsed from --rawOutput;
 *  - `n8n start` + a published Webhook workflow, its response, and its stored execution.
 * The first run installs the runtime (test/e2e/ensure-n8n.sh, ~6 min, ~3 GB). N8N_E2E_SKIP=1 skips.
 */
import * as path from 'path';

import {
  createUserFolder,
  ensureRuntime,
  executeWorkflow,
  importWorkflow,
  outputItems,
  publishWorkflow,
  removeUserFolder,
  startN8n,
  stopAllN8n,
  waitForExecution,
  type UserFolder,
} from './n8n-harness';

const FIXTURES = path.join(__dirname, 'fixtures');
const describeE2E = process.env.N8N_E2E_SKIP === '1' ? describe.skip : describe;

describeE2E('n8n e2e harness smoke', () => {
  let uf: UserFolder | undefined;

  beforeAll(async () => {
    ensureRuntime();
    uf = await createUserFolder();
  }, 900_000);

  afterAll(async () => {
    await stopAllN8n();
    if (uf !== undefined) removeUserFolder(uf);
  }, 60_000);

  test('n8n execute runs Manual Trigger -> Code -> Switch V3 and returns parsed run data', async () => {
    if (uf === undefined) throw new Error('no user folder');
    const { id } = await importWorkflow(uf, path.join(FIXTURES, 'smoke.workflow.json'));
    const run = await executeWorkflow(uf, id);

    expect(run.status).toBe('success');
    expect(run.mode).toBe('cli');
    expect(run.data.resultData.lastNodeExecuted).toBe('Route By Tier');
    expect(outputItems(run, 'Make Items')).toHaveLength(3);
    expect(outputItems(run, 'Route By Tier', 0)).toEqual([{ invoice: 'INV-1', tier: 'gold', amount: 1200 }]);
    expect(outputItems(run, 'Route By Tier', 1)).toEqual([{ invoice: 'INV-2', tier: 'silver', amount: 300 }]);
    expect(outputItems(run, 'Route By Tier', 2)).toEqual([{ invoice: 'INV-3', tier: 'bronze', amount: 45 }]);
  }, 300_000);

  test('n8n start serves a published webhook workflow and stores its execution', async () => {
    if (uf === undefined) throw new Error('no user folder');
    const { id } = await importWorkflow(uf, path.join(FIXTURES, 'smoke-webhook.workflow.json'));
    await publishWorkflow(uf, id);
    const server = await startN8n(uf);
    try {
      const res = await server.postWebhook('e2e-smoke', {
        invoices: [
          { id: 'A', tier: 'gold' },
          { id: 'B', tier: 'tin' },
        ],
      });
      expect(res.status).toBe(200);
      // responseMode "lastNode": the last node's first output (Switch "gold")
      expect(res.body).toEqual([{ id: 'A', tier: 'gold' }]);

      const exec = await waitForExecution(uf, { workflowId: id });
      expect(exec.mode).toBe('webhook');
      expect(exec.status).toBe('success');
      if (exec.data === null) throw new Error('execution data not stored');
      const run = { data: exec.data, mode: exec.mode, status: exec.status };
      expect(outputItems(run, 'Route By Tier', 1)).toEqual([{ id: 'B', tier: 'tin' }]);
    } finally {
      await server.stop();
    }
  }, 300_000);
});
