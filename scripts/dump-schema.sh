#!/usr/bin/env bash
# Writes sql/schema.sql anew: migrates a database in a throwaway cluster and
# dumps its schema (tests/integration/test_schema_dump.py does both; CI runs
# it without TRANSITD_WRITE_SCHEMA and fails when the file is stale).
# Needs a built build-test/ (scripts/dev.sh test builds it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
dir=$(mktemp -d "$root/var-schema.XXXXXX")
trap '"$root/scripts/pgcluster.sh" stop "$dir" || true; rm -rf "$dir"' EXIT
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PGCLUSTER_FSYNC=off scripts/pgcluster.sh start "$dir" "$port" >/dev/null
cd tests/integration
TRANSITD_WRITE_SCHEMA=1 TRANSITD_TEST_PGHOST="$dir/sock" TRANSITD_TEST_PGPORT="$port" \
	TRANSITD_BIN="$root/build-test/daemon/transitd" TRANSITD_SOURCE_DIR="$root" \
	/usr/bin/python3 -m unittest -q test_schema_dump
echo "sql/schema.sql written"
