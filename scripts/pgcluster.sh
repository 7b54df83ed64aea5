#!/usr/bin/env bash
# A private PostgreSQL cluster in a directory of our own, reachable only on a
# Unix socket inside it. PostgreSQL refuses to run as root, so as root the
# cluster belongs to the `postgres` system user (created by Debian's package).
#
#   pgcluster.sh start DIR PORT   create if needed, start, print the conninfo
#   pgcluster.sh stop DIR         stop (fast shutdown), no error if stopped
#   pgcluster.sh crash DIR        stop as a crash would (immediate: WAL not yet
#                                 written is lost, recovery at the next start)
#   pgcluster.sh url DIR PORT     print the conninfo
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

url() { echo "host=$1/sock port=$2 user=transitd dbname=transitd"; }

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: pgcluster.sh start|stop|crash|url DIR [PORT]" >&2; exit 2; }
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
	if ! as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
		as_owner "$bindir/pg_ctl" -D "$dir/data" -w -t 60 -l "$dir/server.log" \
			-o "-k $dir/sock -p $port -c listen_addresses='' -c fsync=${PGCLUSTER_FSYNC:-on}" \
			start >/dev/null ||
			{ tail -n 20 "$dir/server.log" >&2; exit 1; }
	fi
	if ! "$bindir/psql" -h "$dir/sock" -p "$port" -U transitd -d postgres -Atqc \
		"SELECT 1 FROM pg_database WHERE datname = 'transitd'" | grep -q 1; then
		"$bindir/createdb" -h "$dir/sock" -p "$port" -U transitd transitd
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
	url "$dir" "${3:?port}"
	;;
*)
	echo "usage: pgcluster.sh start|stop|url DIR [PORT]" >&2
	exit 2
	;;
esac
