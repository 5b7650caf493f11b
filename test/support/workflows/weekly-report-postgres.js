/** Weekly AR report on the Postgres store of queue mode (workflows/ar-weekly-report-postgres.workflow.json). */
'use strict';

const { weeklyReport } = require('./weekly-report');

module.exports = { file: 'ar-weekly-report-postgres.workflow.json', build: (ledger) => weeklyReport(ledger, 'postgres') };
