-- 012_alert_docs_stored: each alert keeps its JSON document.
--
-- The page of 50 open alerts built 50 documents at every request, and the
-- server spent most of the request in json_build_object (tests/bench:
-- 3 700 pages/s, 0.07 x pgbench -S). Alerts are written once a day by the
-- scheduler and then read many times by three roles: the document is now
-- built when the row is written, by a trigger, and read as it is.
-- Timestamps in it are rendered in the server's TimeZone at write time, as
-- the other documents are at read time.

ALTER TABLE alerts ADD COLUMN doc text;

-- The document of one alert (same members, same order as before): one
-- expression, which the planner inlines where alert_doc() is called, and
-- row_to_json() over a named row type, which costs half of
-- json_build_object() per row (the first scheduler pass writes 36 833
-- alerts over 10 000 live conventions).
CREATE TYPE alert_doc_fields AS (
	id bigint, kind text, label_fr text, todo_fr text, object json, due_on date,
	opens_on date, identity text, audience text[], assignee_id bigint, state alert_state,
	raised_on date, acknowledged_by bigint, acknowledged_at timestamptz,
	acknowledge_comment text, resolved_by bigint, resolved_at timestamptz,
	resolved_automatically boolean, resolve_comment text);

-- It takes the columns one by one, not the row: called so from the
-- trigger, it is inlined there too (a row argument made it a function call
-- per row, twice the cost of the first scheduler pass's 36 833 documents).
CREATE FUNCTION alert_doc(
	id bigint, kind text, label_fr text, todo_fr text, object_type text, object_id bigint,
	due_on date, opens_on date, identity text, audience integer, assignee_id bigint,
	state alert_state, raised_on date, acknowledged_by bigint,
	acknowledged_at timestamptz, acknowledge_comment text, resolved_by bigint,
	resolved_at timestamptz, resolve_comment text)
RETURNS text LANGUAGE sql STABLE AS $$
	SELECT row_to_json(ROW(
		id, kind, label_fr, todo_fr,
		json_build_object('type', object_type, 'id', object_id,
			'href', '/api/v1/' || object_type || 's/' || object_id),
		due_on, opens_on, identity,
		array_remove(ARRAY[
			CASE WHEN audience & 1 <> 0 THEN 'social_worker' END,
			CASE WHEN audience & 2 <> 0 THEN 'accountant' END,
			CASE WHEN audience & 4 <> 0 THEN 'operator' END], NULL),
		assignee_id, state, raised_on,
		acknowledged_by, acknowledged_at, acknowledge_comment,
		resolved_by, resolved_at,
		resolved_at IS NOT NULL AND resolved_by IS NULL,
		resolve_comment)::alert_doc_fields)::text
$$;

-- The document of a stored alert, for checks (tests/integration/test_alerts.py).
CREATE FUNCTION alert_doc(a alerts) RETURNS text LANGUAGE sql STABLE AS $$
	SELECT alert_doc(a.id, a.kind, a.label_fr, a.todo_fr, a.object_type, a.object_id,
		a.due_on, a.opens_on, a.identity, a.audience, a.assignee_id, a.state, a.raised_on,
		a.acknowledged_by, a.acknowledged_at, a.acknowledge_comment, a.resolved_by,
		a.resolved_at, a.resolve_comment)
$$;

CREATE FUNCTION alerts_doc() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.doc := alert_doc(NEW.id, NEW.kind, NEW.label_fr, NEW.todo_fr, NEW.object_type,
		NEW.object_id, NEW.due_on, NEW.opens_on, NEW.identity, NEW.audience,
		NEW.assignee_id, NEW.state, NEW.raised_on, NEW.acknowledged_by,
		NEW.acknowledged_at, NEW.acknowledge_comment, NEW.resolved_by, NEW.resolved_at,
		NEW.resolve_comment);
	RETURN NEW;
END
$$;

-- Whatever a statement sets, the document follows the row.
CREATE TRIGGER alerts_doc BEFORE INSERT OR UPDATE ON alerts
	FOR EACH ROW EXECUTE FUNCTION alerts_doc();

UPDATE alerts SET doc = NULL;
ALTER TABLE alerts ALTER COLUMN doc SET NOT NULL;

CREATE OR REPLACE VIEW alert_docs AS
SELECT a.id, a.operator_id, a.audience, a.state, a.kind, a.assignee_id, a.due_on, a.doc
FROM alerts a;
