-- 020_household_search: finding a household as you type, by a member's
-- name or the file reference, whatever the case and the accents ("Amína"
-- finds "Amina", "BENALI" finds "Benali"), or by a national register
-- number (issue 15 item 1). pg_trgm and unaccent are PostgreSQL's own
-- (postgresql-15 ships them) and trusted: the owner of the database
-- creates them, no superuser needed.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- The form both sides are compared in: lower case, no accents. unaccent()
-- is only STABLE (its dictionary could change); naming the dictionary
-- makes this wrapper safe to declare IMMUTABLE, so it can be indexed.
CREATE FUNCTION search_fold(p text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
	SELECT lower(public.unaccent('public.unaccent'::regdictionary, p))
$$;

-- The folded forms are stored (generated columns): a search compares them
-- without calling unaccent() on every row; trigram indexes serve
-- LIKE '%…%' (3 characters and more) and the word-similarity operator <%.
ALTER TABLE members ADD COLUMN search_name text
	GENERATED ALWAYS AS (search_fold(first_name || ' ' || last_name)) STORED;
ALTER TABLE households ADD COLUMN search_reference text
	GENERATED ALWAYS AS (search_fold(reference)) STORED;
CREATE INDEX members_name_search ON members USING gin (search_name gin_trgm_ops);
CREATE INDEX households_reference_search ON households USING gin (search_reference gin_trgm_ops);
CREATE INDEX members_nrn_prefix ON members (operator_id, national_register_number text_pattern_ops);
