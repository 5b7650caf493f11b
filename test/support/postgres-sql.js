/**
 * The SQL of the Postgres variant (workflows/ar-daily-run-postgres.workflow.json, built by
 * test/support/workflows/daily-run-postgres.js), one constant per
 * Postgres node, so the workflow builder and the queue test use the very same statements.
 *
 * Parameters are n8n query parameters ($1, $2, ...), passed as one array expression per node.
 */
'use strict';

/** An invoice row of ar_invoices in the item shape the AR nodes read: ids, number, amounts, dates, status. */
const INVOICE_COLUMNS = `  i.invoice_id AS "invoiceId",
  i.customer_id AS "customerId",
  i.doc->>'number' AS "number",
  i.amount::float8 AS "amount",
  i.amount_paid::float8 AS "amountPaid",
  i.currency AS "currency",
  to_char(i.issue_date, 'YYYY-MM-DD') AS "issueDate",
  to_char(i.due_date, 'YYYY-MM-DD') AS "dueDate",
  i.status AS "status",`;

/**
 * Load Invoices: every invoice of this run's shard (customers are split by a hash of their id, so one
 * customer's invoices are always decided together), in the item shape the AR nodes read, with the
 * touch log (the invoice's touches, and the customer's touches of the last 8 days on other invoices: touch
 * cap and minimum gap; a touch being claimed or sent counts as sent, a failed send or a stale claim as
 * failed, so the engine decides it again), the holds and promises, and the approvals: a person's answers
 * in ar_approvals first (the engine takes the first answer for a step), then any the billing row carries.
 *   $1 shard (0-based), $2 shards, $3 the run's as-of instant
 */
const LOAD_INVOICES = `SELECT
${INVOICE_COLUMNS}
  i.doc->>'paymentLink' AS "paymentLink",
  coalesce((i.doc->>'autoCharge')::boolean, false) AS "autoCharge",
  (i.doc->>'autoChargePending')::boolean AS "autoChargePending",
  coalesce((i.doc->>'disputed')::boolean, false) AS "disputed",
  i.doc->>'service' AS "service",
  i.doc->'customer' AS "customer",
  i.doc->'history' AS "history",
  coalesce((
    SELECT jsonb_agg(jsonb_build_object('invoiceId', a.invoice_id, 'step', a.step, 'decision', a.decision, 'by', a.decided_by) ORDER BY a.step)
    FROM ar_approvals a WHERE a.invoice_id = i.invoice_id
  ), '[]'::jsonb) || coalesce(i.doc->'approvals', '[]'::jsonb) AS "approvals",
  coalesce((
    SELECT jsonb_agg(jsonb_build_object('invoiceId', t.invoice_id, 'customerId', t.customer_id, 'step', t.step,
      'channel', t.channel, 'sentAt', t.as_of, 'dedupeKey', t.dedupe_key,
      'status', CASE WHEN t.state IN ('sent', 'sending') OR (t.state = 'claimed' AND t.lease_until >= now()) THEN 'sent' ELSE 'failed' END)
      ORDER BY t.as_of, t.dedupe_key)
    FROM ar_touches t
    WHERE t.customer_id = i.customer_id
      AND (t.invoice_id = i.invoice_id OR (t.channel <> 'internal' AND t.as_of > $3::timestamptz - interval '8 days'))
  ), '[]'::jsonb) AS "touches",
  coalesce((
    SELECT jsonb_agg(h ORDER BY h->>'holdId') FROM (
      SELECT jsonb_strip_nulls(jsonb_build_object('holdId', x.hold_id, 'type', x.type, 'invoiceId', x.invoice_id,
        'customerId', x.customer_id, 'channel', x.channel, 'createdAt', x.created_at,
        'until', to_char(x.until, 'YYYY-MM-DD'), 'active', x.active, 'note', x.note, 'contact', x.contact)) AS h
      FROM ar_holds x
      WHERE x.customer_id = i.customer_id AND (x.invoice_id IS NULL OR x.invoice_id = i.invoice_id)
      UNION ALL
      SELECT jsonb_strip_nulls(jsonb_build_object('holdId', p.promise_id, 'type', 'promise', 'invoiceId', p.invoice_id,
        'customerId', p.customer_id, 'createdAt', p.created_at, 'until', to_char(p.promised_for, 'YYYY-MM-DD'),
        'active', p.state = 'open', 'amount', p.amount::float8, 'note', p.note))
      FROM ar_promises p
      WHERE p.invoice_id = i.invoice_id
    ) s
  ), '[]'::jsonb) AS "holds"
FROM ar_invoices i
WHERE mod(abs(hashtext(i.customer_id)::bigint), $2::int) = $1::int
ORDER BY i.invoice_id`;

/**
 * Audit Decisions: one row per decided invoice (the Aggregate node before it collects the fields of
 * every item into parallel lists; ROWS FROM zips them back).
 *   $1 the aggregated lists (JSON), $2 execution id, $3 as-of
 */
const AUDIT_DECISIONS = `INSERT INTO ar_audit (kind, invoice_id, customer_id, as_of, outcome, code, reason, step, execution_id, detail)
SELECT 'decision', d.invoice_id, d.customer_id, $3::timestamptz,
  coalesce(d.outcome, 'error'), coalesce(d.code, 'INVALID_INPUT'), coalesce(d.reason, d.error), d.step, $2,
  jsonb_strip_nulls(jsonb_build_object('dedupeKeys', d.keys, 'resumeAt', d.resume_at))
FROM ROWS FROM (
  jsonb_array_elements_text($1::jsonb->'invoiceId'),
  jsonb_array_elements_text($1::jsonb->'customerId'),
  jsonb_array_elements_text($1::jsonb->'outcome'),
  jsonb_array_elements_text($1::jsonb->'code'),
  jsonb_array_elements_text($1::jsonb->'reason'),
  jsonb_array_elements_text($1::jsonb->'step'),
  jsonb_array_elements($1::jsonb->'dedupeKeys'),
  jsonb_array_elements_text($1::jsonb->'resumeAt'),
  jsonb_array_elements_text($1::jsonb->'error')
) AS d(invoice_id, customer_id, outcome, code, reason, step, keys, resume_at, error)`;

/**
 * The gate both Claim Send and Mark Sending pass: re-read the invoice (status, balance; the row is
 * share-locked, so a payment committing at the same moment is either seen or waits) and the active holds
 * and promises, in the statement's own transaction. `verdict.refusal` is null when nothing stops the message.
 * An alert to a person (channel 'internal': an approval request, a task) is not stopped by an opt-out or a
 * bounce, which concern the customer's channels (a customer who opted out of everything is exactly who a
 * person must contact). A bounce that names its address (`contact`) stops a message to that address only
 * (ar_same_contact with the message's `to`, $11), as the decision does: a corrected contact is written to.
 */
const GATE = `inv AS (
  SELECT status, amount - amount_paid AS balance FROM ar_invoices WHERE invoice_id = $2 FOR SHARE
), hold AS (
  SELECT h.type FROM ar_holds h
  WHERE h.active AND h.customer_id = $3 AND (h.invoice_id IS NULL OR h.invoice_id = $2)
    AND (h.channel IS NULL OR h.channel = $5)
    AND h.type IN ('dispute', 'plan', 'pause', 'replied', 'ooo', 'bounced', 'optout')
    AND NOT ($5 = 'internal' AND h.type IN ('bounced', 'optout'))
    AND NOT (h.type = 'bounced' AND h.contact IS NOT NULL AND NOT ar_same_contact($5, h.contact, $11::jsonb->>'to'))
    AND (h.until IS NULL OR h.until >= ($6::timestamptz)::date)
  UNION ALL
  SELECT 'promise' FROM ar_promises p
  WHERE p.invoice_id = $2 AND p.state = 'open' AND p.promised_for + $12::int >= ($6::timestamptz)::date
  LIMIT 1
), verdict AS (
  SELECT CASE
    WHEN NOT EXISTS (SELECT 1 FROM inv) THEN 'INVOICE_MISSING'
    WHEN (SELECT status FROM inv) <> 'open' THEN 'INVOICE_' || upper((SELECT status FROM inv))
    WHEN (SELECT balance FROM inv) <= $10::numeric THEN 'BALANCE_UNDER_TOLERANCE'
    WHEN EXISTS (SELECT 1 FROM hold) THEN 'HOLD_' || upper((SELECT type FROM hold))
  END AS refusal
)`;

/**
 * Claim Send: one statement per message, each its own transaction: the node's option queryBatching is
 * 'independently' (n8n's default, 'single', sends all items' statements as one multi-statement query, which
 * Postgres runs as ONE implicit transaction: every claim's share lock held until the last claim, payments
 * waiting behind it, and one failing claim rolling back all of them). Passes the gate, then inserts the touch
 * with state 'claimed'. The unique dedupe key makes the insert atomic: of two runs or workers claiming the
 * same (invoice, step, channel), exactly one gets the row. A touch may be claimed again only if its send was
 * refused ('failed') or its claim went stale ('claimed' past the lease: the run died before it began to send),
 * and only while attempts < the bound; never while 'sending' or 'sent'. Such a touch met AT the bound is moved
 * to 'gave_up' (code RETRIES_EXHAUSTED) so it shows in ar_needs_person instead of being refused as
 * ALREADY_CLAIMED run after run. Every claim, won or not, is written to the audit log with its code:
 * CLAIMED, ALREADY_CLAIMED (another run holds it or sent it), IN_DOUBT (its send is in doubt), GAVE_UP (a
 * person has it), RETRIES_EXHAUSTED, or the gate's refusal (INVOICE_PAID, HOLD_DISPUTE...).
 *   $1 dedupe key, $2 invoice id, $3 customer id, $4 step, $5 channel, $6 as-of, $7 execution id,
 *   $8 lease seconds, $9 max attempts, $10 balance tolerance (the decision's: the policy's tolerance in the
 *   invoice's currency, or its percent of the invoice; returned as `tolerance` for Mark Sending), $11 the email (JSON; its `tone`, the message's tone,
 *   and for an alert to a person its `outcome` (approval, human, send) and `kind` (approval, task, alert) are kept
 *   in the touch's `message` with the recipient and subject, for the weekly report and ar_approve), $12 the
 *   promise grace in days (the decision's: a promise holds through its date + these days; returned as
 *   `promise_grace_days` for Mark Sending)
 * An approval request gets a random token (message.token, a fresh one at each claim), returned in the won claim's
 * `email`: the request mail's link to the approval page carries it (ar_answer_by_token).
 */
const CLAIM_SEND = `WITH ${GATE}, prior AS (
  SELECT state, lease_until < now() AS lease_over FROM ar_touches WHERE dedupe_key = $1
), claim AS (
  INSERT INTO ar_touches AS t (dedupe_key, invoice_id, customer_id, step, channel, state, attempts, max_attempts, as_of,
    claimed_by, claimed_at, lease_until, message)
  SELECT $1, $2, $3, $4, $5, 'claimed', 1, $9::int, $6::timestamptz, $7, now(), now() + make_interval(secs => $8::int),
    jsonb_strip_nulls(jsonb_build_object('to', $11::jsonb->>'to', 'subject', $11::jsonb->>'subject', 'tone', $11::jsonb->>'tone',
      'outcome', $11::jsonb->>'outcome', 'kind', $11::jsonb->>'kind',
      'token', CASE WHEN $5 = 'internal' AND $11::jsonb->>'outcome' = 'approval' THEN gen_random_uuid()::text END))
  FROM verdict WHERE refusal IS NULL
  ON CONFLICT (dedupe_key) DO UPDATE SET
    state = CASE WHEN t.attempts < $9::int THEN 'claimed' ELSE 'gave_up' END,
    attempts = CASE WHEN t.attempts < $9::int THEN t.attempts + 1 ELSE t.attempts END,
    max_attempts = $9::int,
    as_of = CASE WHEN t.attempts < $9::int THEN EXCLUDED.as_of ELSE t.as_of END,
    claimed_by = CASE WHEN t.attempts < $9::int THEN EXCLUDED.claimed_by ELSE t.claimed_by END,
    claimed_at = CASE WHEN t.attempts < $9::int THEN now() ELSE t.claimed_at END,
    lease_until = CASE WHEN t.attempts < $9::int THEN EXCLUDED.lease_until ELSE t.lease_until END,
    message = CASE WHEN t.attempts < $9::int THEN EXCLUDED.message ELSE t.message END,
    last_error = CASE WHEN t.attempts < $9::int THEN NULL
      ELSE concat_ws('; ', t.last_error, format('retries exhausted (%s of %s attempts, last one %s)', t.attempts, $9::int, t.state)) END,
    resolved_at = NULL, resolved_by = NULL, updated_at = now()
  WHERE t.state = 'failed' OR (t.state = 'claimed' AND t.lease_until < now())
  RETURNING t.attempts, t.state, t.message->>'token' AS token
), result AS (
  SELECT (SELECT attempts FROM claim) AS attempts, (SELECT token FROM claim) AS token, v.refusal,
    CASE WHEN v.refusal IS NOT NULL THEN v.refusal
      WHEN (SELECT state FROM claim) = 'claimed' THEN 'CLAIMED'
      WHEN (SELECT state FROM claim) = 'gave_up' THEN 'RETRIES_EXHAUSTED'
      WHEN (SELECT state FROM prior) = 'gave_up' THEN 'GAVE_UP'
      WHEN (SELECT state = 'sending' AND lease_over FROM prior) THEN 'IN_DOUBT'
      ELSE 'ALREADY_CLAIMED' END AS code
  FROM verdict v
), audit AS (
  INSERT INTO ar_audit (kind, invoice_id, customer_id, as_of, outcome, code, step, dedupe_key, execution_id, detail)
  SELECT 'claim', $2, $3, $6::timestamptz,
    CASE WHEN r.code = 'CLAIMED' THEN 'claimed' WHEN r.refusal IS NOT NULL THEN 'refused'
      WHEN r.code = 'RETRIES_EXHAUSTED' THEN 'gave_up' WHEN r.code IN ('GAVE_UP', 'IN_DOUBT') THEN 'needs_person' ELSE 'taken' END,
    r.code, $4, $1, $7, jsonb_strip_nulls(jsonb_build_object('attempts', r.attempts))
  FROM result r
)
SELECT $1::text AS dedupe_key, $2::text AS invoice_id, $3::text AS customer_id, $4::text AS step,
  $10::numeric AS tolerance, $12::int AS promise_grace_days, r.code = 'CLAIMED' AS claimed, r.code, r.attempts,
  CASE WHEN r.code = 'CLAIMED' THEN $11::jsonb || jsonb_strip_nulls(jsonb_build_object('token', r.token)) END AS email
FROM result r`;

/**
 * Mark Sending: right before Send Email, per batch of claimed messages, one transaction per message
 * (queryBatching 'independently', as Claim Send and Record Send). Passes the gate again (a payment or
 * a hold may have arrived since the claim) and moves this execution's claim to 'sending' with a fresh lease.
 * If the gate refuses, the claim is withdrawn (the touch row deleted, the refusal audited) and the item goes
 * on without a recipient, so Send Email sends nothing ("No recipients defined") and Record Send ignores it.
 * A run that lost its claim (it went stale and another run took it: the lease is a fence) gets
 * sending = false as well, audited as CLAIM_LOST.
 *   same parameters as Claim Send
 */
const MARK_SENDING = `WITH ${GATE}, go AS (
  UPDATE ar_touches SET state = 'sending', sending_at = now(), lease_until = now() + make_interval(secs => $8::int), updated_at = now()
  WHERE dedupe_key = $1 AND claimed_by = $7 AND state = 'claimed' AND (SELECT refusal FROM verdict) IS NULL
  RETURNING dedupe_key
), withdrawn AS (
  DELETE FROM ar_touches
  WHERE dedupe_key = $1 AND claimed_by = $7 AND state = 'claimed' AND (SELECT refusal FROM verdict) IS NOT NULL
  RETURNING dedupe_key
), audit AS (
  INSERT INTO ar_audit (kind, invoice_id, customer_id, as_of, outcome, code, step, dedupe_key, execution_id)
  SELECT 'send', $2, $3, $6::timestamptz, 'withdrawn', v.refusal, $4, $1, $7
  FROM verdict v WHERE EXISTS (SELECT 1 FROM withdrawn)
  UNION ALL
  SELECT 'send', $2, $3, $6::timestamptz, 'lost', 'CLAIM_LOST', $4, $1, $7
  FROM verdict v WHERE v.refusal IS NULL AND NOT EXISTS (SELECT 1 FROM go)
)
SELECT $1::text AS dedupe_key, EXISTS (SELECT 1 FROM go) AS sending, (SELECT refusal FROM verdict) AS refusal, $9::int AS max_attempts,
  $11::jsonb AS email`;

/**
 * The error texts that prove nothing was delivered, as [pattern, case-insensitive] (PostgreSQL regular expressions:
 * `~` / `~*`), for e-mail and for text messages (see SMTP_REFUSED and API_REFUSED below). One list for both stores:
 * the Postgres Daily Run tests them in SQL, the Data Table Daily Run in JavaScript (refusedRegExps).
 */
const REFUSED_PATTERNS = {
	email: [
		[':[[:space:]]+[45][0-9][0-9]([[:space:]]|-|$)', false],
		["^(connect (ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT)|getaddrinfo |Connection timeout|Greeting never received|Invalid greeting|Error initiating TLS|No recipients defined|Can't send mail - no recipients defined|Invalid (sender|recipient)|Missing credentials|Message size larger than allowed|Empty message)", true],
		['(certificate|CERT_|self[- ]signed)', true],
	],
	text: [
		['^4[0-9][0-9] - ', false],
		['^(Bad request - please check your parameters|Authorization failed - |Payment required - |Forbidden - |The resource you are requesting could not be found|Method not allowed - |The service is receiving too many requests from you|Your request is invalid or could not be processed by the service)', true],
		['^(The service refused the connection|The connection cannot be established|The DNS server returned an error|The host is unreachable|The address is not available)', true],
		['^(connect (ECONNREFUSED|EHOSTUNREACH|ENETUNREACH)|getaddrinfo )', true],
	],
};

/** SQL: whether $3 (the error text) matches one of REFUSED_PATTERNS[kind]. */
const sqlRefused = (kind) => `(${REFUSED_PATTERNS[kind].map(([re, ci]) => `$3 ${ci ? '~*' : '~'} '${re.replace(/'/g, "''")}'`).join('\n    OR ')})`;

/** Code line: `const REFUSED = [...]`, REFUSED_PATTERNS[kind] as JavaScript regular expressions. */
const refusedRegExps = (kind) =>
	`const REFUSED = [${REFUSED_PATTERNS[kind].map(([re, ci]) => `${new RegExp(re.replace(/\[\[:space:\]\]/g, '\\s'), ci ? 'i' : '')}`).join(', ')}];`;

/**
 * Which refusals of an e-mail are a hard bounce of its recipient (the address does not exist or is disabled), so that
 * the customer's email is held until the address is corrected (PostgreSQL and JavaScript regular expressions alike):
 *   - an enhanced status code decides when the reply has one: 5.1.x (bad destination mailbox or address) and 5.2.1
 *     (mailbox disabled) are; 5.7.x (policy, authentication, relaying), 5.2.2 (mailbox full), 5.3.4 (message too big)
 *     are not: the address is right, or the fault is ours;
 *   - without one, a 550, 551 or 553 reply that speaks of the recipient, mailbox, user or address.
 * A code is a reply code only where no digit, dot or colon comes before it: never the port of "connect ECONNREFUSED
 * 10.0.0.1:587" (a mail server down must not hold every customer's email), nor part of an IP address.
 */
const HARD_BOUNCE = {
	enhanced: '(^|[^0-9.])5[.][0-9]{1,3}[.][0-9]{1,3}($|[^0-9.])',
	enhancedBounce: '(^|[^0-9.])5[.](1[.][0-9]{1,3}|2[.]1)($|[^0-9.])',
	basic: '(^|[^0-9:.])55[013]($|[^0-9])',
	aboutRecipient: '(recipient|mailbox|user|address|no such|does not exist|unknown|unavailable|not found)',
};

/** SQL: whether $3 (the error text) is a hard bounce (HARD_BOUNCE). */
const SQL_HARD_BOUNCE = `(CASE WHEN $3 ~ '${HARD_BOUNCE.enhanced}' THEN $3 ~ '${HARD_BOUNCE.enhancedBounce}'
    ELSE $3 ~ '${HARD_BOUNCE.basic}' AND $3 ~* '${HARD_BOUNCE.aboutRecipient}' END)`;

/** Code line: `const hardBounce = (text) => ...`, HARD_BOUNCE in JavaScript. */
const hardBounceFunction = () =>
	`const hardBounce = (text) => (${new RegExp(HARD_BOUNCE.enhanced)}.test(text) ? ${new RegExp(HARD_BOUNCE.enhancedBounce)}.test(text) : ${new RegExp(HARD_BOUNCE.basic)}.test(text) && ${new RegExp(HARD_BOUNCE.aboutRecipient, 'i')}.test(text));`;

/**
 * Which Send Email errors prove that nothing was delivered. Under Continue On Error, n8n's Send Email node
 * (v2) puts only nodemailer's `error.message` into the item (`{ error: "..." }`), so the text is all there is:
 *   - the SMTP server answered with a 4xx/5xx reply: nodemailer appends it after ': ' ("Can't send mail - all
 *     recipients were rejected: 550 5.1.1 ...", "Mail command failed: 451 ...", "Data command failed: 554 ...",
 *     "Message failed: 554 5.7.1 ..." (the reply to the message's final dot: not accepted), "Invalid login: 535 ...");
 *   - it failed before any message data left: no connection ("connect ECONNREFUSED ...", "getaddrinfo ENOTFOUND",
 *     "Connection timeout", "Greeting never received"), TLS or certificate errors, no or invalid recipients.
 * Anything else ("Timeout", "Connection closed unexpectedly", "Unexpected socket close", "read ECONNRESET", an
 * unknown text) may have happened after the message data was sent and the server accepted it: in doubt.
 */
const SMTP_REFUSED = sqlRefused('email');

/**
 * Which errors of a text message provider node (n8n's Twilio and WhatsApp Business nodes, Continue On Error:
 * the item's `error` is the NodeApiError's message) prove that nothing was delivered:
 *   - the API answered 4xx: n8n replaces the text by its message for the status ("Bad request - please check
 *     your parameters", "Authorization failed - ...", "Forbidden - ...", "The service is receiving too many
 *     requests from you", "Your request is invalid or could not be processed by the service"...), or the
 *     request library's own "400 - {...}";
 *   - no connection was made: n8n's texts for ECONNREFUSED, ENOTFOUND, EAI_AGAIN, EHOSTUNREACH, EADDRNOTAVAIL,
 *     or the raw "connect ECONNREFUSED ..." / "getaddrinfo ...".
 * Anything else (5xx: the provider may have queued the message before failing; a reset or a timeout after the
 * request left; an unknown text) is in doubt: a person checks the provider's message log.
 */
const API_REFUSED = sqlRefused('text');

/**
 * Record Send: the send's outcome, only on the claim this execution holds and is sending.
 *   - no error: 'sent';
 *   - a definite refusal (`refused`: SMTP_REFUSED for e-mail, API_REFUSED for text messages; nothing was
 *     delivered): 'failed', the next run may claim it again, or at the bound 'gave_up' (a person takes over);
 *   - any other error: the message may have been delivered, so the touch stays 'sending' with its lease ended
 *     now: in doubt (ar_in_doubt, ar_needs_person), never re-sent automatically; audited SEND_IN_DOUBT.
 *   With `bounces` (e-mail): a hard bounce (HARD_BOUNCE: the address does not exist or is disabled) also writes the customer's `bounced:<customer>:email`
 *   hold, as the Data Table Daily Run does, naming the refused address (`contact`) when it is the customer's own (the one
 *   the decision compares): email waits for a corrected address instead of being tried up to the bound; a refusal of
 *   another recipient stops email until the hold is released.
 *   $1 dedupe key, $2 execution id, $3 error text ('' = sent), $4 the provider's answer (message id), $5 max attempts
 */
const recordSend = (refused, bounces) => `WITH o AS (
  SELECT CASE WHEN $3 = '' THEN 'sent' WHEN ${refused} THEN 'refused' ELSE 'in_doubt' END AS kind
), t AS (
  UPDATE ar_touches SET
    state = CASE o.kind WHEN 'sent' THEN 'sent' WHEN 'in_doubt' THEN 'sending' ELSE CASE WHEN attempts >= $5::int THEN 'gave_up' ELSE 'failed' END END,
    sent_at = CASE WHEN o.kind = 'sent' THEN now() ELSE sent_at END,
    lease_until = CASE WHEN o.kind = 'in_doubt' THEN now() ELSE lease_until END,
    last_error = nullif($3, ''), provider_id = nullif($4, ''), updated_at = now()
  FROM o
  WHERE dedupe_key = $1 AND claimed_by = $2 AND state = 'sending'
  RETURNING invoice_id, customer_id, step, dedupe_key, state, attempts, as_of, o.kind, channel, message->>'to' AS recipient
)${bounces ? `, bounce AS (
  INSERT INTO ar_holds AS h (hold_id, type, customer_id, channel, until, active, note, contact)
  SELECT 'bounced:' || t.customer_id || ':email', 'bounced', t.customer_id, 'email', NULL, true, left($3, 500),
    CASE WHEN ar_same_contact('email', t.recipient, (SELECT i.doc->'customer'->>'email' FROM ar_invoices i WHERE i.invoice_id = t.invoice_id)) THEN t.recipient END
  FROM t WHERE t.kind = 'refused' AND t.channel = 'email' AND ${SQL_HARD_BOUNCE}
  ON CONFLICT (hold_id) DO UPDATE SET active = true, until = NULL, note = EXCLUDED.note, contact = EXCLUDED.contact, created_at = now()
)` : ''}
INSERT INTO ar_audit (kind, invoice_id, customer_id, as_of, outcome, code, reason, step, dedupe_key, execution_id, detail)
SELECT 'send', invoice_id, customer_id, as_of, CASE WHEN kind = 'in_doubt' THEN 'in_doubt' ELSE state END,
  CASE WHEN kind = 'in_doubt' THEN 'SEND_IN_DOUBT' ELSE upper(state) END, nullif($3, ''), step, dedupe_key, $2,
  jsonb_build_object('attempts', attempts)
FROM t
RETURNING dedupe_key, outcome, code`;

/** Record Send for e-mails (Send Email), and Record Text for SMS and WhatsApp (Twilio, WhatsApp Business). */
const RECORD_SEND = recordSend(SMTP_REFUSED, true);
const RECORD_TEXT = recordSend(API_REFUSED, false);

/**
 * Needs Person: at the end of every daily run, for the run's shard (the same customer hash as Load Invoices):
 *   1. moves touches stuck at the retry bound ('failed', or 'claimed' past its lease, with attempts >= Max
 *      Attempts, invoice still open) to 'gave_up', audited RETRIES_EXHAUSTED: no run would claim them again;
 *   2. takes every row of ar_needs_person not yet alerted in its current state (gave up, in doubt) and marks
 *      it alerted (alerted_at; a later change of state, e.g. a release that fails again, alerts again). The
 *      row locks make this exactly once across concurrent runs of a shard.
 * Returns one row: count, keys and a text list for the alert (count 0: nothing to tell).
 *   $1 shard, $2 shards, $3 max attempts, $4 execution id
 */
const NEEDS_PERSON = `WITH swept AS (
  UPDATE ar_touches t SET state = 'gave_up',
    last_error = concat_ws('; ', t.last_error, format('retries exhausted (%s of %s attempts, last one %s)', t.attempts, $3::int, t.state)),
    resolved_at = NULL, resolved_by = NULL, alerted_at = now(), updated_at = now()
  WHERE mod(abs(hashtext(t.customer_id)::bigint), $2::int) = $1::int
    AND (t.state = 'failed' OR (t.state = 'claimed' AND t.lease_until < now())) AND t.attempts >= $3::int
    AND NOT EXISTS (SELECT 1 FROM ar_invoices i WHERE i.invoice_id = t.invoice_id AND i.status <> 'open')
  RETURNING t.dedupe_key, t.invoice_id, t.customer_id, t.step, t.as_of, t.attempts, t.last_error, t.message, 'gave_up'::text AS why
), swept_audit AS (
  INSERT INTO ar_audit (kind, invoice_id, customer_id, as_of, outcome, code, reason, step, dedupe_key, execution_id, detail)
  SELECT 'claim', invoice_id, customer_id, as_of, 'gave_up', 'RETRIES_EXHAUSTED', last_error, step, dedupe_key, $4,
    jsonb_build_object('attempts', attempts)
  FROM swept
), flagged AS (
  UPDATE ar_touches t SET alerted_at = now()
  WHERE mod(abs(hashtext(t.customer_id)::bigint), $2::int) = $1::int
    AND ((t.state = 'sending' AND t.lease_until < now())
      OR (t.state = 'gave_up' AND t.resolved_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM ar_invoices i WHERE i.invoice_id = t.invoice_id AND i.status <> 'open')))
    AND (t.alerted_at IS NULL OR t.alerted_at < t.updated_at)
  RETURNING t.dedupe_key, t.invoice_id, t.customer_id, t.step, t.as_of, t.attempts, t.last_error, t.message,
    CASE WHEN t.state = 'sending' THEN 'in_doubt' ELSE 'gave_up' END AS why
), rows AS (
  SELECT * FROM swept UNION ALL SELECT * FROM flagged
)
SELECT count(*)::int AS count,
  coalesce(jsonb_agg(r.dedupe_key ORDER BY r.dedupe_key), '[]'::jsonb) AS keys,
  coalesce(jsonb_agg(jsonb_build_object('dedupeKey', r.dedupe_key, 'invoiceId', r.invoice_id, 'customerId', r.customer_id,
    'step', r.step, 'why', r.why, 'attempts', r.attempts, 'lastError', r.last_error, 'to', r.message->>'to') ORDER BY r.dedupe_key), '[]'::jsonb) AS items,
  coalesce(string_agg(format('- %s: %s (%s attempt(s)%s), to %s', r.dedupe_key,
    CASE r.why WHEN 'in_doubt' THEN 'IN DOUBT, check the mail log for its reference' ELSE 'GAVE UP' END,
    r.attempts, coalesce(', last error: ' || r.last_error, ''), coalesce(r.message->>'to', '?')), chr(10) ORDER BY r.dedupe_key), '') AS text
FROM rows r`;

/**
 * Alert Not Sent: the alert e-mail failed, so the rows it listed are alerted again by the next run.
 *   $1 the alerted keys (JSON array), $2 the Send Email error ('' = the alert went out)
 */
const ALERT_NOT_SENT = `UPDATE ar_touches SET alerted_at = NULL
WHERE $2 <> '' AND dedupe_key IN (SELECT jsonb_array_elements_text($1::jsonb))`;

/** An instant as UTC ISO text (`2026-03-17T15:00:00Z`), as the Data Tables store writes them. */
const utcIso = (column) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/** The weekly report's reads: `column` within the year up to the end of the period's last day ($1, YYYY-MM-DD). */
const inReportYear = (column) => `${column} < ($1::date + 1)::timestamp AT TIME ZONE 'UTC'
  AND ${column} >= ($1::date - 365)::timestamp AT TIME ZONE 'UTC'`;

/**
 * Weekly report (workflows/ar-weekly-report-postgres.workflow.json), Load Ledger: every invoice of the store in
 * the item shape AR Metrics reads (issue, due and paid dates, amounts, status), with the customer and the past
 * invoices (history) the daily run carries. A payment recorded without a time counts from the row's last update.
 */
const REPORT_LEDGER = `SELECT
${INVOICE_COLUMNS}
  CASE WHEN i.status = 'paid' THEN to_char(coalesce(i.paid_at, i.updated_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') END AS "paidDate",
  coalesce((i.doc->>'disputed')::boolean, false) AS "disputed",
  i.doc->'customer' AS "customer",
  coalesce(i.doc->'history', '[]'::jsonb) AS "history"
FROM ar_invoices i
ORDER BY i.invoice_id`;

/**
 * Weekly report, Load Touch Log: the messages the Postgres daily run delivered (state 'sent'), as touch-log rows
 * (the columns of the Data Tables touch log): sentAt is the run's as-of instant, as the daily run logs it (the
 * cadence's time, not the SMTP server's). Claims not (yet) sent, in doubt or given up are not messages sent; the
 * daily run's "needs a person" alert covers them. Customer emails are kind reminder, outcome send; alerts to a
 * person (channel internal) carry their outcome (approval request, human task, or an alert step: send) and kind.
 *   $1 the period's last day (YYYY-MM-DD): touches up to its end, and from a year before (the report looks back 90 days)
 */
const REPORT_TOUCHES = `SELECT
  t.dedupe_key AS "dedupeKey",
  t.invoice_id AS "invoiceId",
  t.customer_id AS "customerId",
  t.step AS "step",
  t.channel AS "channel",
  ${utcIso('t.as_of')} AS "sentAt",
  'sent' AS "status",
  coalesce(t.message->>'kind', CASE WHEN t.channel = 'internal' THEN 'alert' ELSE 'reminder' END) AS "kind",
  coalesce(t.message->>'outcome', 'send') AS "outcome",
  t.message->>'tone' AS "tone",
  t.message->>'to' AS "recipient",
  t.message->>'subject' AS "subject"
FROM ar_touches t
WHERE t.state = 'sent'
  AND ${inReportYear('t.as_of')}
ORDER BY t.as_of, t.dedupe_key`;

/**
 * Weekly report, Load Approvals: the answers people gave to approval requests (ar_approve / ar_reject), as the
 * approvals rows AR Metrics reads (the columns of the Data Tables ar_approvals): granted or rejected on decidedAt.
 *   $1 the period's last day (YYYY-MM-DD): answers up to its end, and from a year before
 */
const REPORT_APPROVALS = `SELECT
  a.invoice_id AS "invoiceId",
  a.step AS "step",
  a.decision AS "decision",
  a.decided_by AS "by",
  ${utcIso('a.decided_at')} AS "decidedAt"
FROM ar_approvals a
WHERE ${inReportYear('a.decided_at')}
ORDER BY a.decided_at, a.invoice_id, a.step`;

/**
 * The approval page (workflows/ar-approvals-postgres.workflow.json), GET: the request a link's token names
 * (ar_request_by_token, the rule its answer uses too), with the invoice as it is now and the answer given so far.
 * No row: the link is not (or no longer) valid.
 *   $1 token
 */
const APPROVAL_REQUEST = `SELECT t.dedupe_key AS "key", t.invoice_id AS "invoiceId", t.customer_id AS "customerId", t.step AS "step",
  t.message->>'subject' AS "subject", t.message->>'to' AS "askedOf", t.message->>'tone' AS "tone",
  to_char(t.as_of AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "askedOn",
  i.status AS "invoiceStatus", (i.amount - i.amount_paid)::float8 AS "balance", i.currency AS "currency",
  a.decision AS "decision", a.decided_by AS "decidedBy", to_char(a.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS "decidedAt"
FROM ar_request_by_token($1) t
LEFT JOIN ar_invoices i ON i.invoice_id = t.invoice_id
LEFT JOIN ar_approvals a ON a.invoice_id = t.invoice_id AND a.step = t.step`;

/**
 * The approval page, POST: the answer of the person the link was sent to (ar_answer_by_token). `ok` false: the
 * link is not valid, the decision is neither approved nor rejected, or no name was given.
 *   $1 token, $2 decision (approved | rejected), $3 who answers, $4 note
 */
const ANSWER_APPROVAL = `SELECT ar_answer_by_token($1, $2, $3, nullif($4, '')) AS ok`;

module.exports = { APPROVAL_REQUEST, ANSWER_APPROVAL, REPORT_APPROVALS, REPORT_LEDGER, REPORT_TOUCHES, LOAD_INVOICES, AUDIT_DECISIONS, CLAIM_SEND, MARK_SENDING, RECORD_SEND, RECORD_TEXT, NEEDS_PERSON, ALERT_NOT_SENT, refusedRegExps, hardBounceFunction };
