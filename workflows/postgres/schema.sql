-- n8n-nodes-ar-followup: the Postgres store, for n8n in queue mode (several workers, one truth).
--
-- Apply with psql (`psql "$DATABASE_URL" -f workflows/postgres/schema.sql`) or import and run the
-- "AR Follow-up: Postgres Setup" workflow. Idempotent: every statement can run again.
--
-- Tables
--   ar_invoices  open invoices as the daily run reads them. A STAND-IN for your billing system's table:
--                point the daily run's "Load Invoices" query at your own table or a view with these
--                columns. The claim re-reads status and balance here, so keep it current (payments!).
--   ar_touches   the touch log: one row per (invoice, step, channel), unique dedupe key, with the claim
--                state of its send: claimed -> sending -> sent | failed (claimed again, bounded) | gave_up;
--                a send whose outcome is unknown stays 'sending' and is in doubt (never re-sent by itself).
--   ar_holds     disputes, pauses, replies, out-of-office, payment plans, opt-outs, bounces.
--   ar_promises  promises to pay (hold until the promised date + grace, then resume).
--   ar_approvals a person's answer to an approval request (a firm notice to a key account, a balance over the
--                threshold, a step that always needs one): ar_approve / ar_reject; the daily run loads them with
--                the invoice, so an approved step goes out on the next run and a rejected one waits for the next step.
--   ar_audit     append-only: every decision of every run, every claim, every send outcome, every
--                manual override (ar_confirm_sent / ar_release / ar_resolve / ar_approve / ar_reject).
--
-- Views: ar_in_doubt (sends that may or may not have left) and ar_needs_person (everything a person must
-- look at: in doubt, gave up, stuck at the retry bound). The daily run e-mails new rows of ar_needs_person.

CREATE TABLE IF NOT EXISTS ar_invoices (
	invoice_id   text PRIMARY KEY,
	customer_id  text NOT NULL,
	status       text NOT NULL DEFAULT 'open',          -- open | paid | void | uncollectible | draft
	amount       numeric(16, 2) NOT NULL,
	amount_paid  numeric(16, 2) NOT NULL DEFAULT 0,
	currency     text NOT NULL,
	issue_date   date,
	due_date     date NOT NULL,
	doc          jsonb NOT NULL DEFAULT '{}'::jsonb,    -- the rest of the item: customer, history, links, service...
	paid_at      timestamptz,
	updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS ar_invoices_customer ON ar_invoices (customer_id);

CREATE TABLE IF NOT EXISTS ar_touches (
	dedupe_key   text PRIMARY KEY,                      -- invoiceId:step:channel; the send claim is an INSERT on it
	invoice_id   text NOT NULL,
	customer_id  text NOT NULL,
	step         text NOT NULL,
	channel      text NOT NULL,
	state        text NOT NULL CHECK (state IN ('claimed', 'sending', 'sent', 'failed', 'gave_up')),
	attempts     integer NOT NULL DEFAULT 1,            -- claims taken since the last person's release (first + retries)
	max_attempts integer,                               -- the bound the last claim ran with (attempts >= it: no more retries)
	as_of        timestamptz NOT NULL,                  -- the run's decision instant: the touch's time for the cadence
	claimed_by   text,                                  -- n8n execution id of the run that holds the claim
	claimed_at   timestamptz,
	lease_until  timestamptz,                           -- 'claimed' past it: stale, claimable again; 'sending' past it: IN DOUBT
	sending_at   timestamptz,                           -- handed to Send Email
	sent_at      timestamptz,
	last_error   text,
	message      jsonb,                                 -- what was (to be) sent: to, subject
	provider_id  text,                                  -- the SMTP server's message id / response
	alerted_at   timestamptz,                           -- a person was alerted (daily run's Alert Finance) about its current state
	resolved_at  timestamptz,                           -- gave_up: a person took it over (ar_resolve)
	resolved_by  text,
	updated_at   timestamptz NOT NULL DEFAULT now()
);
-- stores created before these columns existed
ALTER TABLE ar_touches ADD COLUMN IF NOT EXISTS max_attempts integer;
ALTER TABLE ar_touches ADD COLUMN IF NOT EXISTS alerted_at timestamptz;
ALTER TABLE ar_touches ADD COLUMN IF NOT EXISTS resolved_at timestamptz;
ALTER TABLE ar_touches ADD COLUMN IF NOT EXISTS resolved_by text;
CREATE INDEX IF NOT EXISTS ar_touches_invoice ON ar_touches (invoice_id);
CREATE INDEX IF NOT EXISTS ar_touches_customer ON ar_touches (customer_id, as_of);
CREATE INDEX IF NOT EXISTS ar_touches_unsettled ON ar_touches (state) WHERE state <> 'sent';
-- an approval request's link (the token the claim puts in its message; ar_request_by_token says `message ? 'token'` to use it)
CREATE INDEX IF NOT EXISTS ar_touches_token ON ar_touches ((message->>'token')) WHERE message ? 'token';

CREATE TABLE IF NOT EXISTS ar_holds (
	hold_id      text PRIMARY KEY,
	type         text NOT NULL CHECK (type IN ('dispute', 'plan', 'replied', 'pause', 'ooo', 'bounced', 'optout')),
	invoice_id   text,                                  -- null: the hold covers every invoice of the customer
	customer_id  text NOT NULL,
	channel      text,                                  -- optout / bounced: the channel concerned
	created_at   timestamptz NOT NULL DEFAULT now(),
	until        date,                                  -- null: until released
	active       boolean NOT NULL DEFAULT true,
	note         text,
	contact      text                                   -- bounced: the address or number that bounced (the hold stops it only)
);
-- stores created before this column existed
ALTER TABLE ar_holds ADD COLUMN IF NOT EXISTS contact text;
CREATE INDEX IF NOT EXISTS ar_holds_invoice ON ar_holds (invoice_id) WHERE invoice_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ar_holds_customer ON ar_holds (customer_id);

CREATE TABLE IF NOT EXISTS ar_promises (
	promise_id   text PRIMARY KEY,
	invoice_id   text NOT NULL,
	customer_id  text NOT NULL,
	amount       numeric(16, 2),
	promised_for date NOT NULL,                         -- holds through this date + the policy's grace (promiseGraceDays, 2 by default)
	state        text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'kept', 'broken', 'withdrawn')),
	created_at   timestamptz NOT NULL DEFAULT now(),
	note         text
);
CREATE INDEX IF NOT EXISTS ar_promises_invoice ON ar_promises (invoice_id);

CREATE TABLE IF NOT EXISTS ar_approvals (
	invoice_id   text NOT NULL,
	step         text NOT NULL,                         -- the cadence step asked about (D+21...)
	decision     text NOT NULL CHECK (decision IN ('approved', 'rejected')),
	decided_by   text NOT NULL,
	decided_at   timestamptz NOT NULL DEFAULT now(),
	note         text,
	PRIMARY KEY (invoice_id, step)
);

CREATE TABLE IF NOT EXISTS ar_audit (
	id           bigserial PRIMARY KEY,
	at           timestamptz NOT NULL DEFAULT now(),
	kind         text NOT NULL,                         -- decision | claim | send | override
	invoice_id   text,
	customer_id  text,
	as_of        timestamptz,
	outcome      text,                                  -- decision: send/hold/approval/human; claim: claimed/refused/taken; send: sent/failed/gave_up
	code         text,                                  -- the stop-rule or claim code (SEND, INVOICE_PAID, CLAIMED, HOLD_DISPUTE...)
	reason       text,
	step         text,
	dedupe_key   text,
	execution_id text,
	actor        text,                                  -- override: who
	detail       jsonb
);
CREATE INDEX IF NOT EXISTS ar_audit_invoice ON ar_audit (invoice_id);
CREATE INDEX IF NOT EXISTS ar_audit_key ON ar_audit (dedupe_key) WHERE dedupe_key IS NOT NULL;

-- Sends whose outcome is unknown: the run stopped between handing the message to Send Email and recording
-- the outcome (a worker died, n8n was restarted), or Send Email failed in a way that does not prove the mail
-- was refused (a timeout or a dropped connection after the message data: it may have been delivered; Record
-- Send then leaves it 'sending' with its lease ended at once). These are never re-sent automatically. A
-- person checks the mail provider's log for the reference and calls ar_confirm_sent or ar_release. (A stale
-- 'claimed' touch never reached Send Email: the next run claims it again by itself.)
CREATE OR REPLACE VIEW ar_in_doubt AS
	SELECT dedupe_key, invoice_id, customer_id, step, channel, attempts, claimed_by, claimed_at, sending_at, lease_until, message
	FROM ar_touches
	WHERE state = 'sending' AND lease_until < now();

-- Everything that needs a person, with why:
--   in_doubt  the send may or may not have left (see ar_in_doubt): ar_confirm_sent or ar_release;
--   gave_up   the SMTP server refused it Max Attempts times, or its claim went stale at the bound: fix the cause
--             (address, SMTP account) and ar_release it (the next run sends it), or handle it yourself and ar_resolve it;
--   stuck     failed or stale at the bound and not yet moved to gave_up (the next run of its shard does that).
-- Gave-up and stuck touches of invoices no longer open (paid, void) are left out: nothing is owed.
CREATE OR REPLACE VIEW ar_needs_person AS
	SELECT t.dedupe_key, t.invoice_id, t.customer_id, t.step, t.channel,
		CASE WHEN t.state = 'sending' THEN 'in_doubt' WHEN t.state = 'gave_up' THEN 'gave_up' ELSE 'stuck' END AS why,
		t.state, t.attempts, t.max_attempts, t.last_error, t.claimed_by, t.claimed_at, t.sending_at, t.updated_at, t.alerted_at, t.message
	FROM ar_touches t
	WHERE (t.state = 'sending' AND t.lease_until < now())
	   OR (((t.state = 'gave_up' AND t.resolved_at IS NULL)
	        OR ((t.state = 'failed' OR (t.state = 'claimed' AND t.lease_until < now())) AND t.attempts >= t.max_attempts))
	       AND NOT EXISTS (SELECT 1 FROM ar_invoices i WHERE i.invoice_id = t.invoice_id AND i.status <> 'open'));

-- Whether two contacts for a channel are the same mailbox or line, as the decision engine compares them: an email
-- address without case or surrounding spaces; a phone number by its digits, one written without its country code
-- counted as the same when its last seven or more digits are the other's. (A bounced hold with a contact stops that
-- contact only: the send gate lets a message to a corrected address through.)
CREATE OR REPLACE FUNCTION ar_same_contact(p_channel text, p_a text, p_b text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE
		WHEN p_a IS NULL OR p_b IS NULL THEN p_channel NOT IN ('email', 'sms', 'whatsapp', 'phone')
		WHEN p_channel = 'email' THEN lower(btrim(p_a)) = lower(btrim(p_b))
		WHEN p_channel IN ('sms', 'whatsapp', 'phone') THEN (
			SELECT x = y OR (length(y) >= 7 AND right(x, length(y)) = y)
			FROM (SELECT CASE WHEN length(a) >= length(b) THEN a ELSE b END AS x, CASE WHEN length(a) >= length(b) THEN b ELSE a END AS y
			      FROM (SELECT ltrim(regexp_replace(p_a, '\D', '', 'g'), '0') AS a, ltrim(regexp_replace(p_b, '\D', '', 'g'), '0') AS b) d) e)
		ELSE true END;
$$;

-- Override: the message did go out (found in the provider's log).
CREATE OR REPLACE FUNCTION ar_confirm_sent(p_key text, p_actor text, p_note text DEFAULT NULL) RETURNS boolean
LANGUAGE sql AS $$
	WITH t AS (
		UPDATE ar_touches SET state = 'sent', sent_at = coalesce(sent_at, now()), updated_at = now()
		WHERE dedupe_key = p_key AND state IN ('sending', 'claimed')
		RETURNING invoice_id, customer_id, step, dedupe_key
	), a AS (
		INSERT INTO ar_audit (kind, invoice_id, customer_id, outcome, code, reason, step, dedupe_key, actor)
		SELECT 'override', invoice_id, customer_id, 'sent', 'CONFIRMED_SENT', coalesce(p_note, 'In-doubt claim confirmed as sent'), step, dedupe_key, p_actor FROM t
	)
	SELECT EXISTS (SELECT 1 FROM t);
$$;

-- Override: the message did not go out; the next daily run may claim it again. Accepted for a send in doubt
-- (lease over), a claim, a failed or a gave-up touch; refused (false) for a send still running ('sending'
-- within its lease: its run may be handing it to the SMTP server right now) and for a sent touch.
-- It resets attempts to 0: the retry bound limits the automatic tries between two decisions of a person, and
-- a release is such a decision (the audit row keeps the state and attempts it had).
CREATE OR REPLACE FUNCTION ar_release(p_key text, p_actor text, p_note text DEFAULT NULL) RETURNS boolean
LANGUAGE sql AS $$
	WITH t AS (
		UPDATE ar_touches AS t SET state = 'failed', attempts = 0, last_error = coalesce(p_note, 'released by ' || p_actor),
			resolved_at = NULL, resolved_by = NULL, updated_at = now()
		FROM (SELECT dedupe_key, state AS was, attempts AS had FROM ar_touches WHERE dedupe_key = p_key) AS o
		WHERE t.dedupe_key = o.dedupe_key
		  AND (t.state IN ('claimed', 'failed', 'gave_up') OR (t.state = 'sending' AND t.lease_until < now()))
		RETURNING t.invoice_id, t.customer_id, t.step, t.dedupe_key, o.was, o.had
	), a AS (
		INSERT INTO ar_audit (kind, invoice_id, customer_id, outcome, code, reason, step, dedupe_key, actor, detail)
		SELECT 'override', invoice_id, customer_id, 'released', 'RELEASED', coalesce(p_note, 'Released for a new send'), step, dedupe_key, p_actor,
			jsonb_build_object('state', was, 'attempts', had)
		FROM t
	)
	SELECT EXISTS (SELECT 1 FROM t);
$$;

-- Override: a person has taken over a gave-up touch (called the customer, sent it by hand, decided not to):
-- it leaves ar_needs_person and is never sent by the daily run.
CREATE OR REPLACE FUNCTION ar_resolve(p_key text, p_actor text, p_note text DEFAULT NULL) RETURNS boolean
LANGUAGE sql AS $$
	WITH t AS (
		UPDATE ar_touches SET resolved_at = now(), resolved_by = p_actor, updated_at = now()
		WHERE dedupe_key = p_key AND state = 'gave_up' AND resolved_at IS NULL
		RETURNING invoice_id, customer_id, step, dedupe_key
	), a AS (
		INSERT INTO ar_audit (kind, invoice_id, customer_id, outcome, code, reason, step, dedupe_key, actor)
		SELECT 'override', invoice_id, customer_id, 'resolved', 'RESOLVED', coalesce(p_note, 'Taken over by a person'), step, dedupe_key, p_actor FROM t
	)
	SELECT EXISTS (SELECT 1 FROM t);
$$;

-- A person's answer to an approval request, by the request's reference (the "Our reference" of the request
-- mail: invoiceId:step:approval). Only a request the daily run made is answered (false otherwise: a typo, or
-- a request not asked yet); a later answer replaces an earlier one (the audit log keeps both). The next daily
-- run sends an approved step (the claim re-reads payment and holds as for any message) and holds a rejected
-- one until the invoice's next step.
CREATE OR REPLACE FUNCTION ar_answer_approval(p_key text, p_decision text, p_actor text, p_note text DEFAULT NULL) RETURNS boolean
LANGUAGE sql AS $$
	WITH r AS (
		SELECT invoice_id, customer_id, step, dedupe_key FROM ar_touches
		WHERE dedupe_key = p_key AND channel = 'internal' AND message->>'outcome' = 'approval'
		  AND p_decision IN ('approved', 'rejected') AND coalesce(p_actor, '') <> ''
	), a AS (
		INSERT INTO ar_approvals AS x (invoice_id, step, decision, decided_by, decided_at, note)
		SELECT invoice_id, step, p_decision, p_actor, now(), p_note FROM r
		ON CONFLICT (invoice_id, step) DO UPDATE SET decision = EXCLUDED.decision, decided_by = EXCLUDED.decided_by,
			decided_at = EXCLUDED.decided_at, note = EXCLUDED.note
		RETURNING x.invoice_id
	), audit AS (
		INSERT INTO ar_audit (kind, invoice_id, customer_id, outcome, code, reason, step, dedupe_key, actor)
		SELECT 'override', invoice_id, customer_id, p_decision, upper(p_decision),
			coalesce(p_note, CASE p_decision WHEN 'approved' THEN 'Approved: the next run sends the step' ELSE 'Rejected: the step is not sent' END),
			step, dedupe_key, p_actor
		FROM r
	)
	SELECT EXISTS (SELECT 1 FROM a);
$$;

CREATE OR REPLACE FUNCTION ar_approve(p_key text, p_actor text, p_note text DEFAULT NULL) RETURNS boolean
LANGUAGE sql AS $$ SELECT ar_answer_approval(p_key, 'approved', p_actor, p_note); $$;

CREATE OR REPLACE FUNCTION ar_reject(p_key text, p_actor text, p_note text DEFAULT NULL) RETURNS boolean
LANGUAGE sql AS $$ SELECT ar_answer_approval(p_key, 'rejected', p_actor, p_note); $$;

-- The approval request a link's token names (the random token the claim put in its message; none for an empty
-- token): the one rule the approval page's view and its answer share. A plain SQL function, inlined by the planner,
-- so the partial index ar_touches_token serves it.
CREATE OR REPLACE FUNCTION ar_request_by_token(p_token text) RETURNS SETOF ar_touches
LANGUAGE sql STABLE AS $$
	SELECT * FROM ar_touches t
	WHERE t.message ? 'token' AND t.message->>'token' = p_token AND coalesce(p_token, '') <> '' AND t.channel = 'internal'
$$;

-- The same answer from the approval page (workflows/ar-approvals-postgres.workflow.json): the request is named by
-- the random token of the link in its mail, not by its key, so only who got the mail can answer it.
CREATE OR REPLACE FUNCTION ar_answer_by_token(p_token text, p_decision text, p_actor text, p_note text DEFAULT NULL) RETURNS boolean
LANGUAGE sql AS $$
	SELECT coalesce((
		SELECT ar_answer_approval(t.dedupe_key, p_decision, p_actor, coalesce(p_note, 'Answered on the approval page'))
		FROM ar_request_by_token(p_token) t
		LIMIT 1
	), false);
$$;
