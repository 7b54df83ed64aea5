-- 010_auth_notify: the daemon keeps the tokens that authenticated in memory
-- (api/api_auth.c); every change to users tells it to forget them, after the
-- change commits.
CREATE FUNCTION users_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('transitd_auth', '');
	RETURN NULL;
END
$$;

CREATE TRIGGER users_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
	FOR EACH STATEMENT EXECUTE FUNCTION users_changed();
