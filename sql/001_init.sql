-- 001_init: operators, users, legal parameters and the append-only audit log.
-- Every business table created later carries operator_id (the CPAS or commune
-- that owns the row); users belong to one operator and only see its rows.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE operators (
	id bigserial PRIMARY KEY,
	name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
	created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TYPE user_role AS ENUM ('admin', 'operator', 'accountant', 'social_worker', 'auditor');

CREATE TABLE users (
	id bigserial PRIMARY KEY,
	operator_id bigint NOT NULL REFERENCES operators (id),
	name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	role user_role NOT NULL,
	-- SHA-256 of the bearer token, hex: the token itself is never stored.
	token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
	-- where the daily digest of open alerts goes (optional)
	email text CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$' AND length(email) <= 254),
	created_at timestamptz NOT NULL DEFAULT now(),
	revoked_at timestamptz,
	UNIQUE (operator_id, name)
);

-- Legal amounts and durations, dated. For a date, the row in force is the one
-- with the latest valid_from not after that date. Amounts are euros with two
-- decimals; value_int gives them in cents (and other values as integers).
CREATE TABLE parameters (
	key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,63}$'),
	valid_from date NOT NULL,
	value numeric(14, 2) NOT NULL CHECK (value >= 0),
	unit text NOT NULL CHECK (length(unit) BETWEEN 1 AND 40),
	source text NOT NULL DEFAULT '' CHECK (length(source) <= 500),
	confirmed text NOT NULL CHECK (confirmed IN ('yes', 'no', 'product decision')),
	value_int bigint GENERATED ALWAYS AS (
		CASE WHEN unit LIKE 'EUR%' THEN (value * 100)::bigint ELSE value::bigint END) STORED,
	created_at timestamptz NOT NULL DEFAULT now(),
	created_by bigint REFERENCES users (id),
	PRIMARY KEY (key, valid_from),
	CHECK (unit LIKE 'EUR%' OR value = trunc(value))
);

CREATE TABLE audit_log (
	id bigserial PRIMARY KEY,
	at timestamptz NOT NULL DEFAULT clock_timestamp(),
	operator_id bigint REFERENCES operators (id),
	user_id bigint REFERENCES users (id),
	request_id text,
	action text NOT NULL CHECK (length(action) BETWEEN 1 AND 64),
	entity text NOT NULL CHECK (length(entity) BETWEEN 1 AND 64),
	entity_id text,
	before jsonb,
	after jsonb
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

-- Append-only tables (the audit log, later the logbook and the admission
-- snapshots) refuse changes for everyone, the table owner included:
-- privileges alone do not bind the owner, a trigger does.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
		USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
