-- 008_alerts: the alerts of rules.md section 8, raised by the scheduler
-- (api/alerts.c) from core/alert.c's due dates; the calendar tokens of the
-- iCalendar feed; the e-mail digest log.

CREATE TYPE alert_state AS ENUM ('open', 'acknowledged', 'resolved');

CREATE TABLE alerts (
	id bigserial PRIMARY KEY,
	operator_id bigint NOT NULL REFERENCES operators (id),
	kind text NOT NULL CHECK (kind ~ '^[a-z0-9_]{1,40}$'),
	object_type text NOT NULL CHECK (object_type IN ('convention', 'invoice', 'unit',
		'building')),
	object_id bigint NOT NULL,
	due_on date NOT NULL,
	opens_on date NOT NULL CHECK (opens_on <= due_on + 1),
	-- kind:object:id:due date, from core/alert.c: raised once, never twice
	identity text NOT NULL UNIQUE,
	-- ALERT_FOR_* bits of core/alert.h: 1 social worker, 2 accountant, 4 operator
	audience integer NOT NULL CHECK (audience BETWEEN 1 AND 7),
	label_fr text NOT NULL,
	todo_fr text NOT NULL,
	assignee_id bigint REFERENCES users (id),
	state alert_state NOT NULL DEFAULT 'open',
	raised_on date NOT NULL,
	raised_at timestamptz NOT NULL DEFAULT now(),
	acknowledged_by bigint REFERENCES users (id),
	acknowledged_at timestamptz,
	acknowledge_comment text CHECK (length(acknowledge_comment) <= 2000),
	-- resolved_by NULL with resolved_at set: resolved by the scheduler
	-- because its cause disappeared
	resolved_by bigint REFERENCES users (id),
	resolved_at timestamptz,
	resolve_comment text CHECK (length(resolve_comment) <= 2000),
	CHECK ((state = 'resolved') = (resolved_at IS NOT NULL)),
	CHECK (state = 'open' OR acknowledged_at IS NOT NULL OR resolved_at IS NOT NULL)
);
CREATE INDEX alerts_open ON alerts (operator_id, due_on) WHERE state <> 'resolved';
-- The pass looks up the previous occupant's exit of each convention's unit.
CREATE INDEX conventions_unit_departure ON conventions (unit_id, departure_on);

-- Which alerts a role sees: the ALERT_FOR_* bits of core/alert.h.
-- Dropped by 018_alert_audience.sql: core/alert.c's alert_audience_of_role() is the rule.
CREATE FUNCTION role_audience(r user_role) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE r WHEN 'social_worker' THEN 1 WHEN 'accountant' THEN 2
		WHEN 'operator' THEN 4 ELSE 7 END
$$;

-- Replaced by 012_alert_docs_stored.sql (the document is stored with the
-- alert); the live schema is sql/schema.sql.
CREATE VIEW alert_docs AS
SELECT a.id, a.operator_id, a.audience, a.state, a.kind, a.assignee_id, a.due_on,
	json_build_object(
	'id', a.id, 'kind', a.kind, 'label_fr', a.label_fr, 'todo_fr', a.todo_fr,
	'object', json_build_object('type', a.object_type, 'id', a.object_id,
		'href', '/api/v1/' || a.object_type || 's/' || a.object_id),
	'due_on', a.due_on, 'opens_on', a.opens_on, 'identity', a.identity,
	'audience', array_remove(ARRAY[
		CASE WHEN a.audience & 1 <> 0 THEN 'social_worker' END,
		CASE WHEN a.audience & 2 <> 0 THEN 'accountant' END,
		CASE WHEN a.audience & 4 <> 0 THEN 'operator' END], NULL),
	'assignee_id', a.assignee_id, 'state', a.state, 'raised_on', a.raised_on,
	'acknowledged_by', a.acknowledged_by, 'acknowledged_at', a.acknowledged_at,
	'acknowledge_comment', a.acknowledge_comment,
	'resolved_by', a.resolved_by, 'resolved_at', a.resolved_at,
	'resolved_automatically', a.resolved_at IS NOT NULL AND a.resolved_by IS NULL,
	'resolve_comment', a.resolve_comment)::text AS doc
FROM alerts a;

-- The digest is sent once a day per user: the row is written in the same
-- transaction as the sending, so a failed send is retried at the next pass.
CREATE TABLE digest_log (
	user_id bigint NOT NULL REFERENCES users (id),
	day date NOT NULL,
	alerts integer NOT NULL,
	sent_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (user_id, day)
);

-- Calendar feeds are read by calendar programs that cannot send a bearer
-- header: each user may hold read-only, revocable calendar tokens, stored
-- hashed like the API tokens.
CREATE TABLE calendar_tokens (
	id bigserial PRIMARY KEY,
	user_id bigint NOT NULL REFERENCES users (id),
	token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
	created_at timestamptz NOT NULL DEFAULT now(),
	revoked_at timestamptz
);
