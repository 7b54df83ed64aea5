#!/usr/bin/env bash
# The README's two set-up commands.
#   scripts/dev.sh run    install, build, private PostgreSQL under var/, migrate,
#                         demo data, print the admin token, run the daemon
#   scripts/dev.sh test   install, build (warnings as errors, ASan + UBSan),
#                         throwaway PostgreSQL, every test through ctest, then
#                         10 s of each libFuzzer harness (scripts/fuzz.sh)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# libargon2-dev: staff passwords (Argon2id). chromium: the browser tests
# (tests/browser, driven by playwright-core with executablePath).
# libreoffice-calc-nogui: the ledger CSV is opened by LibreOffice in a test
# (tests/integration/test_review_misc.py; about 80 s to install).
packages=(build-essential cmake pkg-config libevent-dev libjansson-dev libhpdf-dev
	libcmocka-dev libpq-dev libssl-dev postgresql postgresql-contrib python3
	curl poppler-utils qpdf lcov systemd python3-icalendar clang libclang-rt-14-dev
	python3-jsonschema python3-yaml libreoffice-calc-nogui fonts-liberation2
	nginx openssl util-linux libargon2-dev chromium)

install_packages() {
	local missing=()
	for p in "${packages[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing+=("$p")
	done
	# npm for the OpenAPI linter: a machine with its own Node.js (which
	# bundles npm) keeps it; Debian's npm would conflict with it.
	command -v npm >/dev/null || missing+=(nodejs npm)
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "dev.sh: installing ${missing[*]}"
	local sudo=
	[ "$(id -u)" = 0 ] || sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
}

build() { # build DIR cmake-options...
	local dir=$1
	shift
	cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
	cmake --build "$dir" -j "$(nproc)"
}

# A port nothing listens on, for the private cluster's socket name.
free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Ctrl-C reaches the daemon too (same process group): wait for it to finish
# its requests, then stop the cluster this command started.
run_cleanup() {
	if [ -n "${daemon_pid:-}" ]; then
		kill -TERM "$daemon_pid" 2>/dev/null || true
		wait "$daemon_pid" 2>/dev/null || true
	fi
	if [ "${started_cluster:-0}" = 1 ]; then
		scripts/pgcluster.sh stop var/pg
	fi
}

cmd_run() {
	install_packages
	build build
	mkdir -p var
	local port=${TRANSITD_PORT:-8080}
	# The daemon logs in as the application role, the migrations as the
	# owner of the tables (README, Production); the private cluster has both.
	local url=${TRANSITD_DATABASE_URL:-}
	local owner_url=${TRANSITD_MIGRATION_DATABASE_URL:-}
	started_cluster=0
	if [ -z "$url" ]; then
		local pg_port=${TRANSITD_PG_PORT:-54329}
		scripts/pgcluster.sh start var/pg "$pg_port" >/dev/null
		started_cluster=1
		url=$(scripts/pgcluster.sh url var/pg "$pg_port" app)
		owner_url=$(scripts/pgcluster.sh url var/pg "$pg_port" owner)
	fi
	cat >var/transitd.conf <<CONF
# Written by scripts/dev.sh run; see conf/transitd.conf.example for every key.
listen_address = 127.0.0.1
port = $port
database_url = "$url"
migration_database_url = "$owner_url"
CONF
	local bin=build/daemon/transitd
	$bin -f var/transitd.conf migrate
	scripts/demo.sh "$bin" var/transitd.conf
	local token
	token=$($bin -f var/transitd.conf user rotate admin | sed -n 's/^token: //p')
	daemon_pid=
	trap 'run_cleanup' EXIT
	trap 'exit 130' INT TERM
	$bin -f var/transitd.conf &
	daemon_pid=$!
	local i
	for i in $(seq 1 100); do
		curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
		sleep 0.1
	done
	/usr/bin/python3 scripts/demo.py "http://127.0.0.1:$port" "$token"
	echo "admin token: $token"
	echo "transitd on http://127.0.0.1:$port (Ctrl-C stops it)"
	wait "$daemon_pid" || true
	daemon_pid=
}

cmd_test() {
	install_packages
	build build-test -DTRANSITD_SANITIZE=ON -DTRANSITD_WERROR=ON
	# Redocly's OpenAPI linter, at the version pinned in package-lock.json.
	(cd tests/openapi && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
	test_cluster=$(mktemp -d "$root/var-test.XXXXXX")
	local port
	port=$(free_port)
	trap 'scripts/pgcluster.sh stop "$test_cluster" || true; rm -rf "$test_cluster"' EXIT
	PGCLUSTER_FSYNC=off scripts/pgcluster.sh start "$test_cluster" "$port" >/dev/null
	export TRANSITD_TEST_PGHOST="$test_cluster/sock" TRANSITD_TEST_PGPORT="$port"
	ctest --test-dir build-test --output-on-failure -j "$(nproc)" --timeout 900
	# libFuzzer harnesses (clang, build-fuzz/): 10 s each over the committed corpus.
	scripts/fuzz.sh 10
	# core/ must stay covered at 95 % or more by its unit tests.
	scripts/coverage.sh 95
}

case "${1:-}" in
run) cmd_run ;;
test) cmd_test ;;
*)
	echo "usage: scripts/dev.sh run|test" >&2
	exit 2
	;;
esac
