#!/usr/bin/env bash
# A private PostgreSQL cluster in a directory of our own, reachable only on a
# Unix socket inside it. PostgreSQL refuses to run as root, so as root the
# cluster belongs to the `postgres` system user (created by Debian's package).
#
#   pgcluster.sh start DIR PORT   create if needed, start, print the conninfo
#   pgcluster.sh stop DIR         stop (fast shutdown), no error if stopped
#   pgcluster.sh crash DIR        stop as a crash would (immediate: WAL not yet
#                                 written is lost, recovery at the next start)
#   pgcluster.sh url DIR PORT [ROLE]
#                                 print the conninfo of ROLE: superuser (the
#                                 default), owner or app
#
# Three roles, as in production (README, Production): `transitd`, the
# cluster's superuser (initdb), only for scripts and tests that set up or
# inspect; `transitd_owner`, which owns the database and its tables and runs
# the migrations (migration_database_url); `transitd_app`, the daemon's role
# (database_url), with only the privileges `transitd migrate` grants it.
# A database for transitd is created with OWNER transitd_owner.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "pgcluster: PostgreSQL server not installed" >&2; exit 1; }

as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

url() { # DIR PORT [superuser|owner|app]
	local user
	case "${3:-superuser}" in
	superuser) user=transitd ;;
	owner) user=transitd_owner ;;
	app) user=transitd_app ;;
	*) echo "pgcluster: role is superuser, owner or app" >&2; exit 2 ;;
	esac
	echo "host=$1/sock port=$2 user=$user dbname=transitd"
}

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: pgcluster.sh start|stop|crash|url DIR [PORT [ROLE]]" >&2; exit 2; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

case "$cmd" in
start)
	port=${3:?port}
	if [ "$(id -u)" = 0 ]; then
		chown postgres: "$dir"
		chmod 755 "$dir"
	fi
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		as_owner "$bindir/initdb" -D "$dir/data" -U transitd --auth=trust \
			--encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
			{ cat "$dir/initdb.log" >&2; exit 1; }
	fi
	as_owner mkdir -p "$dir/sock"
	started_now=0
	if ! as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
		started_now=1
		as_owner "$bindir/pg_ctl" -D "$dir/data" -w -t 60 -l "$dir/server.log" \
			-o "-k $dir/sock -p $port -c listen_addresses='' -c fsync=${PGCLUSTER_FSYNC:-on}" \
			start >/dev/null ||
			{ tail -n 20 "$dir/server.log" >&2; exit 1; }
	fi
	su=("$bindir/psql" -h "$dir/sock" -p "$port" -U transitd -d postgres -v ON_ERROR_STOP=1 -Atq)
	# LOGIN without a password: the cluster trusts its own Unix socket only.
	"${su[@]}" -c "DO \$\$ BEGIN
		IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'transitd_owner') THEN
			CREATE ROLE transitd_owner LOGIN;
		END IF;
		IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'transitd_app') THEN
			CREATE ROLE transitd_app LOGIN;
		END IF;
	END \$\$" >/dev/null
	owner=$("${su[@]}" -c "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'transitd'")
	if [ -z "$owner" ]; then
		"$bindir/createdb" -h "$dir/sock" -p "$port" -U transitd -O transitd_owner transitd
		# as in README "Production": other roles of the cluster see nothing
		"${su[@]}" -d transitd -c "REVOKE ALL ON DATABASE transitd FROM PUBLIC" \
			-c "GRANT CONNECT ON DATABASE transitd TO transitd_app" \
			-c "REVOKE ALL ON SCHEMA public FROM PUBLIC" >/dev/null
	elif [ "$owner" != transitd_owner ]; then
		echo "pgcluster: database transitd in $dir belongs to $owner, not transitd_owner" \
			"(made before the database roles were split): remove $dir and start again" >&2
		[ "$started_now" = 0 ] || as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
		exit 1
	fi
	url "$dir" "$port"
	;;
stop)
	if [ -f "$dir/data/PG_VERSION" ]; then
		as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w status >/dev/null 2>&1 &&
			as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
	fi
	true
	;;
crash)
	as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
	;;
url)
	url "$dir" "${3:?port}" "${4:-superuser}"
	;;
*)
	echo "usage: pgcluster.sh start|stop|crash|url DIR [PORT [ROLE]]" >&2
	exit 2
	;;
esac
