-- 006_logbook: the carnet de bord of each unit and each building
-- (rules.md section 7). Entries are append-only: a correction is a new
-- entry that refers to the one it corrects.

CREATE TYPE logbook_kind AS ENUM ('observation', 'visit', 'safety_check', 'correction');

CREATE TABLE logbook_entries (
	id bigserial PRIMARY KEY,
	operator_id bigint NOT NULL REFERENCES operators (id),
	-- exactly one of: a unit's logbook, a building's (common parts) logbook
	unit_id bigint,
	building_id bigint,
	kind logbook_kind NOT NULL,
	entry_date date NOT NULL,
	problem text CHECK (length(problem) <= 2000),
	location text CHECK (length(location) <= 200),
	measure text CHECK (length(measure) <= 2000),
	informed_whom text CHECK (length(informed_whom) <= 200),
	informed_on date,
	action_taken text CHECK (length(action_taken) <= 2000),
	action_by text CHECK (length(action_by) <= 200),
	action_on date,
	-- visits of a private unit: the occupant's express consent to enter
	occupant_consent boolean,
	-- safety check at a change of occupant, before check-in
	smoke_detectors_ok boolean,
	differentials_ok boolean,
	guard_rails_ok boolean,
	instructions_handed_over boolean,
	corrects_id bigint REFERENCES logbook_entries (id),
	author_id bigint NOT NULL REFERENCES users (id),
	created_at timestamptz NOT NULL DEFAULT now(),
	FOREIGN KEY (operator_id, unit_id) REFERENCES units (operator_id, id),
	FOREIGN KEY (operator_id, building_id) REFERENCES buildings (operator_id, id),
	CHECK (num_nonnulls(unit_id, building_id) = 1),
	CHECK ((kind = 'correction') = (corrects_id IS NOT NULL)),
	CHECK (informed_on IS NULL OR informed_whom IS NOT NULL),
	CHECK (action_on IS NULL OR action_taken IS NOT NULL),
	CHECK (kind <> 'visit' OR unit_id IS NULL OR occupant_consent IS NOT NULL),
	CHECK (kind <> 'safety_check' OR (unit_id IS NOT NULL
		AND smoke_detectors_ok IS NOT NULL AND differentials_ok IS NOT NULL
		AND guard_rails_ok IS NOT NULL AND instructions_handed_over IS NOT NULL)),
	CHECK (kind <> 'observation' OR problem IS NOT NULL)
);
CREATE INDEX logbook_unit ON logbook_entries (unit_id, entry_date, id) WHERE unit_id IS NOT NULL;
CREATE INDEX logbook_building ON logbook_entries (building_id, entry_date, id)
	WHERE building_id IS NOT NULL;

CREATE TRIGGER logbook_no_update_delete BEFORE UPDATE OR DELETE ON logbook_entries
	FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER logbook_no_truncate BEFORE TRUNCATE ON logbook_entries
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE VIEW logbook_entry_docs AS
SELECT e.id, e.operator_id, e.unit_id, e.building_id, json_build_object(
	'id', e.id, 'unit_id', e.unit_id, 'building_id', e.building_id, 'kind', e.kind,
	'entry_date', e.entry_date, 'problem', e.problem, 'location', e.location,
	'measure', e.measure, 'informed_whom', e.informed_whom, 'informed_on', e.informed_on,
	'action_taken', e.action_taken, 'action_by', e.action_by, 'action_on', e.action_on,
	'occupant_consent', e.occupant_consent, 'smoke_detectors_ok', e.smoke_detectors_ok,
	'differentials_ok', e.differentials_ok, 'guard_rails_ok', e.guard_rails_ok,
	'instructions_handed_over', e.instructions_handed_over, 'corrects_id', e.corrects_id,
	'corrected_by', (SELECT json_agg(c.id ORDER BY c.id) FROM logbook_entries c
		WHERE c.corrects_id = e.id),
	'author', json_build_object('id', u.id, 'name', u.name),
	'created_at', e.created_at)::text AS doc
FROM logbook_entries e JOIN users u ON u.id = e.author_id;
