-- 003_units: buildings, transit units and their rooms.
-- Every table carries operator_id; `version` is the optimistic-concurrency
-- counter served as the ETag and checked against If-Match on updates.

CREATE TABLE buildings (
	id bigserial PRIMARY KEY,
	operator_id bigint NOT NULL REFERENCES operators (id),
	name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	street text NOT NULL CHECK (length(street) BETWEEN 1 AND 200),
	house_number text NOT NULL CHECK (length(house_number) BETWEEN 1 AND 20),
	postal_code text NOT NULL CHECK (postal_code ~ '^[1-9][0-9]{3}$'),
	commune text NOT NULL CHECK (length(commune) BETWEEN 1 AND 100),
	-- common parts mean visits twice a month (rules.md section 7)
	has_common_parts boolean NOT NULL,
	version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (operator_id, id)
);

CREATE TYPE unit_kind AS ENUM ('house', 'apartment', 'studio', 'room');
CREATE TYPE unit_status AS ENUM ('available', 'unavailable', 'withdrawn');

CREATE TABLE units (
	id bigserial PRIMARY KEY,
	operator_id bigint NOT NULL REFERENCES operators (id),
	building_id bigint,
	name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	kind unit_kind NOT NULL,
	street text NOT NULL CHECK (length(street) BETWEEN 1 AND 200),
	house_number text NOT NULL CHECK (length(house_number) BETWEEN 1 AND 20),
	box text CHECK (length(box) BETWEEN 1 AND 20),
	postal_code text NOT NULL CHECK (postal_code ~ '^[1-9][0-9]{3}$'),
	commune text NOT NULL CHECK (length(commune) BETWEEN 1 AND 100),
	floor integer NOT NULL DEFAULT 0 CHECK (floor BETWEEN -5 AND 100),
	-- a room of a collective building: shared rooms count for overcrowding
	collective boolean NOT NULL DEFAULT false,
	base_indemnity_cents bigint NOT NULL CHECK (base_indemnity_cents BETWEEN 0 AND 100000000),
	-- Utilities (water, gas, electricity, heating, cable, telephone) are not
	-- part of the indemnity: a monthly provision for them is billed on its
	-- own line, outside the 20 % cap.
	utility_provision_cents bigint NOT NULL DEFAULT 0
		CHECK (utility_provision_cents BETWEEN 0 AND 100000000),
	subsidised boolean NOT NULL DEFAULT true,
	furnished boolean NOT NULL DEFAULT false,
	status unit_status NOT NULL DEFAULT 'available',
	version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (operator_id, id),
	-- a unit's building belongs to the same operator
	FOREIGN KEY (operator_id, building_id) REFERENCES buildings (operator_id, id),
	CHECK (NOT collective OR building_id IS NOT NULL)
);
CREATE INDEX units_operator ON units (operator_id, id);

CREATE TYPE room_kind AS ENUM ('living', 'kitchen', 'kitchen_living', 'bedroom', 'other');

-- A unit's rooms are part of the unit: replaced as a whole with it.
CREATE TABLE rooms (
	id bigserial PRIMARY KEY,
	unit_id bigint NOT NULL REFERENCES units (id) ON DELETE CASCADE,
	position integer NOT NULL CHECK (position BETWEEN 0 AND 15),
	name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	kind room_kind NOT NULL,
	-- floor area in square decimetres (1 m² = 100 dm²): integers, exact
	area_dm2 integer NOT NULL CHECK (area_dm2 BETWEEN 1 AND 100000),
	habitable boolean NOT NULL,
	-- collective building: a room shared with other households
	shared boolean NOT NULL DEFAULT false,
	UNIQUE (unit_id, position)
);

-- The JSON documents the API serves, built in one place.
CREATE VIEW building_docs AS
SELECT b.id, b.operator_id, json_build_object(
	'id', b.id, 'name', b.name, 'street', b.street, 'house_number', b.house_number,
	'postal_code', b.postal_code, 'commune', b.commune,
	'has_common_parts', b.has_common_parts, 'version', b.version,
	'created_at', b.created_at, 'updated_at', b.updated_at)::text AS doc
FROM buildings b;

CREATE VIEW unit_docs AS
SELECT u.id, u.operator_id, json_build_object(
	'id', u.id, 'building_id', u.building_id, 'name', u.name, 'kind', u.kind,
	'street', u.street, 'house_number', u.house_number, 'box', u.box,
	'postal_code', u.postal_code, 'commune', u.commune, 'floor', u.floor,
	'collective', u.collective, 'base_indemnity_cents', u.base_indemnity_cents,
	'utility_provision_cents', u.utility_provision_cents,
	'subsidised', u.subsidised, 'furnished', u.furnished, 'status', u.status,
	'rooms', coalesce((SELECT json_agg(json_build_object(
		'name', r.name, 'kind', r.kind, 'area_dm2', r.area_dm2,
		'habitable', r.habitable, 'shared', r.shared) ORDER BY r.position)
		FROM rooms r WHERE r.unit_id = u.id), '[]'::json),
	'version', u.version, 'created_at', u.created_at, 'updated_at', u.updated_at)::text AS doc
FROM units u;
