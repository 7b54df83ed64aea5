#!/usr/bin/env bash
# The benchmark of issue 9, in one command (run it from anywhere, as root or
# with sudo rights for apt-get when wrk is missing):
#
#   tests/bench/run.sh
#
# On this machine, with a Release build without sanitizers (build-bench/):
# starts a private PostgreSQL cluster, seeds a data set with SQL
# (tests/bench/seed.sql), starts transitd and measures four endpoints with
# wrk on 127.0.0.1 (keep-alive, 32 connections, 2 threads), and in the same
# run the reference points (pgbench -S on the same cluster, simple and
# prepared; tests/bench/bare_evhttp.c under the same wrk load); the
# endpoints' own statements run by pgbench without HTTP; then the
# daemon's peak RSS, the scheduler pass, the billing run of 10 000
# conventions (tests/bench/bench_billing.py) and documents per second
# (bench_pdf). Prints one table and writes it to tests/bench/results-latest.txt.
# Everything it starts is stopped at the end, also on failure or Ctrl-C.
#
# Environment: BENCH_DURATION seconds per measure (default 10),
# BENCH_UNITS (1000) and BENCH_PER_UNIT (10) conventions per unit,
# BENCH_LIVE (10000): units of the second data set, every convention live,
# for the scheduler pass and a billing run.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

duration=${BENCH_DURATION:-10}
units=${BENCH_UNITS:-1000}
per_unit=${BENCH_PER_UNIT:-10}
live_units=${BENCH_LIVE:-10000}
today=2026-11-16
last_start=2026-07-01
bill_to=2026-11-01
operator="CPAS de Bench"
build="build-bench"
bin=$build/daemon/transitd
out=tests/bench/results-latest.txt
wrk_opts=(-t2 -c32 -d"${duration}s" --latency --timeout 10s)

work=
pgdir=
pg_started=0
daemon_pid=
bare_pid=

cleanup() {
	local pid
	for pid in "$daemon_pid" "$bare_pid"; do
		if [ -n "$pid" ]; then
			kill -TERM "$pid" 2>/dev/null || true
			wait "$pid" 2>/dev/null || true
		fi
	done
	if [ "$pg_started" = 1 ]; then
		scripts/pgcluster.sh stop "$pgdir" || true
	fi
	[ -z "$pgdir" ] || rm -rf "$pgdir"
	[ -z "$work" ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { echo "bench: $*" >&2; }
calc() { awk "BEGIN { print ($*) }"; }

free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# ---- tools and build ----

if ! command -v wrk >/dev/null; then
	say "installing wrk"
	sudo=
	[ "$(id -u)" = 0 ] || sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
for tool in pgbench psql curl python3; do
	command -v "$tool" >/dev/null || { say "$tool is missing (scripts/dev.sh installs it)"; exit 1; }
done

say "building $build (Release, no sanitizer)"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DTRANSITD_WERROR=ON -DTRANSITD_SANITIZE=OFF \
	-DTRANSITD_COVERAGE=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target transitd bench_pdf bare_evhttp seed_calendar >/dev/null

# ---- cluster, databases, data ----

work=$(mktemp -d /tmp/transitd-bench.XXXXXX)
pgdir=$(mktemp -d /tmp/transitd-bench-pg.XXXXXX)
pgport=55497
scripts/pgcluster.sh start "$pgdir" "$pgport" >/dev/null
pg_started=1
pghost=$pgdir/sock
# dsn DATABASE [ROLE]: the cluster's superuser (seeding, measures), or the
# roles of production (scripts/pgcluster.sh): the daemon logs in as
# transitd_app, the migrations as transitd_owner.
dsn() { echo "host=$pghost port=$pgport user=${2:-transitd} dbname=$1"; }
q() { psql "$(dsn "$1")" -v ON_ERROR_STOP=1 -qAtc "$2"; }

# write_config NAME DATABASE PORT
write_config() {
	cat >"$work/$1.conf" <<CONF
listen_address = 127.0.0.1
port = $3
database_url = "$(dsn "$2" transitd_app)"
migration_database_url = "$(dsn "$2" transitd_owner)"
workers = 4
log_level = warn
testing = true
testing_today = $today
scheduler_interval_seconds = 0
statement_timeout_ms = 120000
http_timeout_seconds = 120
CONF
}

# make_db NAME UNITS PER_UNIT: a migrated database with its operator, users
# (tokens in $work/NAME.ROLE) and seeded data.
make_db() {
	local db=$1 conf=$work/$1.conf role params=()
	q postgres "CREATE DATABASE $db OWNER transitd_owner"
	write_config "$db" "$db" 1
	"$bin" -f "$conf" migrate >/dev/null
	"$bin" -f "$conf" operator add "$operator" >/dev/null
	for role in admin accountant operator social_worker; do
		"$bin" -f "$conf" user add "$role" --role "$role" | sed -n 's/^token: //p' >"$work/$db.$role"
	done
	# core/conv.c's calendar of every start date the seed may use
	read -ra params <<<"$(q "$db" "SELECT string_agg(value_int::text, ' ' ORDER BY array_position(
		ARRAY['period_months', 'max_periods', 'notice_months',
		'registered_mail_lead_working_days'], key)) FROM parameters p
		WHERE key IN ('period_months', 'max_periods', 'notice_months',
		'registered_mail_lead_working_days') AND valid_from = (SELECT max(valid_from)
		FROM parameters x WHERE x.key = p.key AND x.valid_from <= '$today')")"
	q "$db" "SELECT d::date FROM generate_series('2020-01-01'::date, '$today', '1 day') d" |
		"$build/tests/bench/seed_calendar" "${params[@]}" >"$work/calendar.csv"
	q "$db" "CREATE TABLE bench_calendar (start date, number int, start_on date, end_on date,
		latest_notification date, posting_deadline date, PRIMARY KEY (start, number))"
	psql "$(dsn "$db")" -v ON_ERROR_STOP=1 -qc "\\copy bench_calendar FROM '$work/calendar.csv' CSV"
	psql "$(dsn "$db")" -q -v operator_name="$operator" -v units="$2" -v per_unit="$3" \
		-v last_start="$last_start" -v today="$today" -v bill_to="$bill_to" \
		-v created="2021-12-01 09:00:00+01" -f tests/bench/seed.sql
	q "$db" "VACUUM ANALYZE"
}

# start_daemon NAME: transitd on the database NAME, on a free port ($http_port)
start_daemon() {
	http_port=$(free_port)
	write_config "$1" "$1" "$http_port"
	"$bin" -f "$work/$1.conf" >"$work/$1.log" 2>&1 &
	daemon_pid=$!
	for _ in $(seq 1 100); do
		curl -sf "http://127.0.0.1:$http_port/health" >/dev/null && return 0
		kill -0 "$daemon_pid" 2>/dev/null || break
		sleep 0.1
	done
	say "transitd did not start:"
	cat "$work/$1.log" >&2
	exit 1
}

stop_daemon() {
	kill -TERM "$daemon_pid"
	wait "$daemon_pid" || { say "transitd exited $?"; cat "$work"/*.log >&2; exit 1; }
	daemon_pid=
}

# timed_post URL TOKEN BODY: prints "seconds response"
timed_post() {
	curl -s -o "$work/post.out" -w '%{time_total}' -X POST -H "Authorization: Bearer $2" \
		-H 'Content-Type: application/json' --data "$3" "$1"
	printf ' %s\n' "$(cat "$work/post.out")"
}

# Other benchmarks or fuzzers running now would take CPU from this one.
others() {
	pgrep -af '(^|/)(fuzz_[a-z_]+|wrk|pgbench|ctest|cc1|clang)( |$)' | cut -c1-60 | paste -sd';' || true
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
others_before=$(others)

say "seeding $units units x $per_unit conventions"
t0=$(date +%s.%N)
make_db bench "$units" "$per_unit"
seed_s=$(calc "$(date +%s.%N) - $t0")
counts=$(q bench "SELECT format('%s units, %s households (%s members), %s conventions (%s active),
	%s invoices (%s open), %s payments with allocations and receipts',
	(SELECT count(*) FROM units), (SELECT count(*) FROM households),
	(SELECT count(*) FROM members), (SELECT count(*) FROM conventions),
	(SELECT count(*) FROM conventions WHERE state = 'active'), (SELECT count(*) FROM invoices),
	(SELECT count(*) FROM invoices WHERE paid_cents < total_cents),
	(SELECT count(*) FROM payments))")
say "$counts"

# ---- reference points ----

say "pgbench -S"
q postgres "CREATE DATABASE pgbench"
pgbench -h "$pghost" -p "$pgport" -U transitd -i -q pgbench >/dev/null 2>&1
pgb() {
	pgbench -h "$pghost" -p "$pgport" -U transitd -n -S -c 32 -j 2 -T "$duration" "$@" pgbench 2>&1 |
		sed -n 's/^tps = \([0-9.]*\) .*/\1/p'
}
pgb_simple=$(pgb)
pgb_prepared=$(pgb -M prepared)

# wrk_run NAME ARGS...: runs wrk, keeps its output in $work/NAME.wrk
wrk_run() {
	local name=$1
	shift
	wrk "${wrk_opts[@]}" "$@" >"$work/$name.wrk" 2>&1 || { cat "$work/$name.wrk" >&2; exit 1; }
}

# wrk_field NAME rps|p50|p99|errors
wrk_field() {
	awk -v what="$2" '
	function ms(v) {
		if (v ~ /us$/) return v / 1000
		if (v ~ /ms$/) return v + 0
		if (v ~ /s$/) return v * 1000
		return v
	}
	what == "rps" && /^Requests\/sec:/ { print $2 }
	what == "p50" && $1 == "50%" { printf "%.2f\n", ms($2) }
	what == "p99" && $1 == "99%" { printf "%.2f\n", ms($2) }
	what == "errors" && /Non-2xx or 3xx responses:/ { bad += $NF }
	what == "errors" && /Socket errors:/ { gsub(",", ""); bad += $4 + $6 + $8 + $10 }
	END { if (what == "errors") print bad + 0 }' "$work/$1.wrk"
}

say "bare evhttp server"
bare_port=$(free_port)
"$build/tests/bench/bare_evhttp" "$bare_port" &
bare_pid=$!
sleep 0.3
wrk -t2 -c32 -d2s "http://127.0.0.1:$bare_port/" >/dev/null
wrk_run bare "http://127.0.0.1:$bare_port/api/v1/units/1"
kill -TERM "$bare_pid"
wait "$bare_pid" || true
bare_pid=

# ---- transitd ----

start_daemon bench
base=http://127.0.0.1:$http_port
admin=$(cat "$work/bench.admin")
accountant=$(cat "$work/bench.accountant")

say "scheduler pass over the data set"
read -r pass1_s pass1_out < <(timed_post "$base/api/v1/alerts/refresh" "$admin" '')
read -r pass2_s _ < <(timed_post "$base/api/v1/alerts/refresh" "$admin" '')
open_alerts=$(q bench "SELECT count(*) FROM alerts WHERE state = 'open'")
# the statistics autovacuum would gather a minute later (the planner would
# otherwise still believe the alerts table empty)
q bench "ANALYZE alerts"

read -r unit_lo unit_hi < <(q bench "SELECT min(id), max(id) FROM units" | tr '|' ' ')
read -r conv_lo conv_hi < <(q bench "SELECT min(id), max(id) FROM conventions" | tr '|' ' ')
read -r hh_lo hh_hi < <(q bench "SELECT min(id), max(id) FROM households" | tr '|' ' ')
auth=(-H "Authorization: Bearer $admin")
lua=tests/bench/wrk

say "warming up"
wrk -t2 -c32 -d2s "${auth[@]}" -s "$lua/get_id.lua" "$base" -- /api/v1/units/ "$unit_lo" \
	"$unit_hi" >/dev/null
wrk -t2 -c32 -d2s "${auth[@]}" -s "$lua/get_id.lua" "$base" -- /api/v1/conventions/ "$conv_lo" \
	"$conv_hi" >/dev/null
wrk -t2 -c32 -d2s "${auth[@]}" "$base/api/v1/alerts?state=open&limit=50" >/dev/null
wrk -t2 -c32 -d2s "${auth[@]}" -s "$lua/search.lua" "$base" >/dev/null
say "GET /api/v1/units/{id}"
wrk_run unit "${auth[@]}" -s "$lua/get_id.lua" "$base" -- /api/v1/units/ "$unit_lo" "$unit_hi"
say "GET /api/v1/conventions/{id}"
wrk_run conv "${auth[@]}" -s "$lua/get_id.lua" "$base" -- /api/v1/conventions/ "$conv_lo" "$conv_hi"
say "GET /api/v1/alerts?state=open&limit=50"
wrk_run alerts "${auth[@]}" "$base/api/v1/alerts?state=open&limit=50"
# Four clerks typing at once, each waiting for the answer before the next
# key: the latency a person sees, not the server's saturation.
say "GET /api/v1/households?q= (search as you type, 4 connections)"
wrk -t1 -c4 -d"${duration}s" --latency --timeout 10s "${auth[@]}" -s "$lua/search.lua" "$base" \
	>"$work/search.wrk" 2>&1 || { cat "$work/search.wrk" >&2; exit 1; }
say "POST /api/v1/payments"
payments_before=$(q bench "SELECT count(*) FROM payments")
wrk_run pay -H "Authorization: Bearer $accountant" -s "$lua/payment.lua" "$base" -- \
	"$hh_lo" "$hh_hi" "$today" "$(date +%s)-$$"
payments_made=$(($(q bench "SELECT count(*) FROM payments") - payments_before))
rss_kib=$(awk '/^VmHWM:/ { print $2 }' "/proc/$daemon_pid/status")
gap=$(q bench "SELECT count(*) FROM (SELECT number - lag(number) OVER (ORDER BY number) AS d
	FROM receipts WHERE year = 2026) x WHERE d <> 1")
stop_daemon

# ---- the same statements without HTTP: PostgreSQL alone (pgbench, prepared) ----
# What a request's statement costs the server by itself, against pgbench -S
# with the same clients: the share of each ratio above that is PostgreSQL's.
say "pgbench: the endpoints' statements alone"
op_id=$(q bench "SELECT min(id) FROM operators")
acc_id=$(q bench "SELECT id FROM users WHERE role = 'accountant' LIMIT 1")
cat >"$work/unit.sql" <<SQL
\set id random($unit_lo, $unit_hi)
SELECT doc FROM unit_docs WHERE id = :id AND operator_id = $op_id;
SQL
cat >"$work/conv.sql" <<SQL
\set id random($conv_lo, $conv_hi)
SELECT doc FROM convention_docs WHERE id = :id AND operator_id = $op_id;
SQL
cat >"$work/pay.sql" <<SQL
\set h random($hh_lo, $hh_hi)
\set k random(1, 2000000000)
SELECT outcome FROM payment_record($op_id, $acc_id, 'bench', 'pgbench-' || :k || '-' || :client_id,
	repeat('0', 64), :h, NULL, NULL, '$today', 5000, 'transfer', 'Banc d''essai', '$today');
SELECT set_config('synchronous_commit', 'on', true), pg_logical_emit_message(true, 'transitd', 'flush');
SQL
pgb_file() { # DB CLIENTS FILE|-S
	local what=(-f "$3")
	[ "$3" = -S ] && what=(-S)
	pgbench -h "$pghost" -p "$pgport" -U transitd -n -M prepared -c "$2" -j 2 -T "$duration" \
		"${what[@]}" "$1" 2>&1 | sed -n 's/^tps = \([0-9.]*\) .*/\1/p'
}
pgb4_S=$(pgb_file pgbench 4 -S)
pgb4_unit=$(pgb_file bench 4 "$work/unit.sql")
pgb4_conv=$(pgb_file bench 4 "$work/conv.sql")
pgb1_pay=$(pgb_file bench 1 "$work/pay.sql")
pgb4_pay=$(pgb_file bench 4 "$work/pay.sql")

# ---- scheduler pass and billing run over 10 000 live conventions ----

say "second data set: $live_units units, one live convention each"
make_db live "$live_units" 1
start_daemon live
live_admin=$(cat "$work/live.admin")
read -r live1_s live1_out < <(timed_post "http://127.0.0.1:$http_port/api/v1/alerts/refresh" "$live_admin" '')
read -r live2_s _ < <(timed_post "http://127.0.0.1:$http_port/api/v1/alerts/refresh" "$live_admin" '')
read -r run_s run_out < <(timed_post "http://127.0.0.1:$http_port/api/v1/billing/runs" \
	"$(cat "$work/live.accountant")" '{"month":"2026-12"}')
live_convs=$(q live "SELECT count(*) FROM conventions WHERE state = 'active'")
stop_daemon

billing=
if [ -f tests/bench/bench_billing.py ]; then
	say "billing run vs INSERT ... SELECT (tests/bench/bench_billing.py)"
	python3 tests/bench/bench_billing.py --bin "$bin" --pghost "$pghost" --pgport "$pgport" \
		>"$work/billing.out" 2>&1 || { cat "$work/billing.out" >&2; exit 1; }
	billing=$(cat "$work/billing.out")
fi

say "documents per second (bench_pdf)"
"$build/tests/bench/bench_pdf" 1 >"$work/pdf.out"
others_after=$(others)
pdf_rate() { awk -v d="$1" '$1 == d { print $(NF - 1) }' "$work/pdf.out"; }

# ---- the table ----

json_num() { python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get(sys.argv[2], "?"))' "$1" "$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
verdict() { if [ "$(calc "$1")" = 1 ]; then echo met; else echo "NOT met"; fi; }

{
	echo "transitd benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- api core daemon pdfgen sql || echo ' + uncommitted changes')"
	echo "machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, $(sed -n 's/^PRETTY_NAME="\(.*\)"/\1/p' /etc/os-release); PostgreSQL $(q postgres 'SHOW server_version' | cut -d' ' -f1) (defaults, fsync on), libevent $(pkg-config --modversion libevent), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
	echo "build: $build (CMAKE_BUILD_TYPE=Release, no sanitizer); transitd workers = 4, log_level = warn, testing_today = $today"
	echo "load: wrk ${wrk_opts[*]} (keep-alive) on 127.0.0.1, after a 2 s warm-up; pgbench -S -c 32 -j 2 -T $duration"
	echo "load average before: $load_before; other benchmark or fuzzing processes at start: ${others_before:-none}, at the end: ${others_after:-none}"
	printf 'data set (seeded in %.0f s): %s, %s open alerts\n' "$seed_s" "$counts" "$open_alerts"
	echo
	printf '%-40s %9s %9s %9s %7s %9s %7s  %s\n' "endpoint" "req/s" "p50 ms" "p99 ms" "errors" "x pgb -S" "x bare" "target"
	printf '%-40s %9.0f %9s %9s %7s\n' "pgbench -S (simple protocol)" "$pgb_simple" - - -
	printf '%-40s %9.0f %9s %9s %7s\n' "pgbench -S -M prepared" "$pgb_prepared" - - -
	printf '%-40s %9.0f %9s %9s %7s\n' "bare evhttp, fixed JSON" "$(wrk_field bare rps)" \
		"$(wrk_field bare p50)" "$(wrk_field bare p99)" "$(wrk_field bare errors)"
	bare_rps=$(wrk_field bare rps)
	row() { # NAME FILE TARGET-TEXT CONDITION (awk, with R = ratio to pgbench -S, P = p99, S = req/s)
		local rps p99 r cond
		rps=$(wrk_field "$2" rps)
		p99=$(wrk_field "$2" p99)
		r=$(ratio "$rps" "$pgb_simple")
		cond=${4//R/$r}
		cond=${cond//P/$p99}
		cond=${cond//S/$rps}
		[ "$(wrk_field "$2" errors)" = 0 ] || cond=0
		printf '%-40s %9.0f %9s %9s %7s %9s %7s  %s: %s\n' "$1" "$rps" "$(wrk_field "$2" p50)" \
			"$p99" "$(wrk_field "$2" errors)" "$r" "$(ratio "$rps" "$bare_rps")" "$3" \
			"$(verdict "$cond")"
	}
	row "GET /api/v1/units/{id}" unit ">= 0.5 x pgb -S, p99 <= 10 ms" "R >= 0.5 && P <= 10"
	row "GET /api/v1/conventions/{id}" conv ">= 0.5 x pgb -S, p99 <= 10 ms" "R >= 0.5 && P <= 10"
	row "GET /api/v1/alerts?state=open&limit=50" alerts ">= 0.1 x pgb -S" "R >= 0.1"
	row "GET /api/v1/households?q= (4 connections)" search "p99 < 50 ms" "P < 50"
	row "POST /api/v1/payments" pay ">= 2000/s" "S >= 2000"
	echo "  (payments recorded: $payments_made; receipt numbers of 2026 without a gap: $([ "$gap" = 0 ] && echo yes || echo "NO, $gap gaps"))"
	echo
	echo "PostgreSQL alone, pgbench -M prepared -T $duration (statements of the endpoints above):"
	printf '  %-58s %9.0f tps\n' "pgbench -S, 4 clients" "$pgb4_S"
	printf '  %-58s %9.0f tps  %.3f x\n' "unit document (GET /units/{id}), 4 clients" "$pgb4_unit" \
		"$(calc "$pgb4_unit / $pgb4_S")"
	printf '  %-58s %9.0f tps  %.3f x\n' "convention document (GET /conventions/{id}), 4 clients" \
		"$pgb4_conv" "$(calc "$pgb4_conv / $pgb4_S")"
	printf '  %-58s %9.0f tps\n' "payment_record() + WAL flush (POST /payments), 1 client" "$pgb1_pay"
	printf '  %-58s %9.0f tps\n' "payment_record() + WAL flush (POST /payments), 4 clients" "$pgb4_pay"
	echo
	printf '%-58s %16s  %s\n' "measure" "value" "target"
	printf '%-58s %12.1f MiB  <= 64 MiB: %s\n' "transitd peak RSS (VmHWM) after the load" \
		"$(calc "$rss_kib / 1024")" "$(verdict "$rss_kib <= 65536")"
	printf '%-58s %14.3f s  < 1 s: %s (due %s, raised %s)\n' \
		"scheduler pass, $live_convs live conventions (first: raises)" "$live1_s" \
		"$(verdict "$live1_s < 1")" "$(json_num "$live1_out" due)" "$(json_num "$live1_out" raised)"
	printf '%-58s %14.3f s  < 1 s: %s\n' "scheduler pass, $live_convs live conventions (again)" \
		"$live2_s" "$(verdict "$live2_s < 1")"
	printf '%-58s %14.3f s  (due %s, raised %s)\n' "scheduler pass, data set (first: raises)" \
		"$pass1_s" "$(json_num "$pass1_out" due)" "$(json_num "$pass1_out" raised)"
	printf '%-58s %14.3f s\n' "scheduler pass, data set (again)" "$pass2_s"
	printf '%-58s %14.3f s  < 1 s: %s (%s invoices)\n' \
		"billing run 2026-12 over the $live_convs live conventions" "$run_s" \
		"$(verdict "$run_s < 1")" "$(json_num "$run_out" created)"
	printf '%-58s %10.0f docs/s  >= 1000/s: %s\n' "receipt PDF, one core" "$(pdf_rate receipt)" \
		"$(verdict "$(pdf_rate receipt) >= 1000")"
	printf '%-58s %10.0f docs/s  >= 300/s: %s\n' "convention PDF, one core" \
		"$(pdf_rate convention)" "$(verdict "$(pdf_rate convention) >= 300")"
	printf '%-58s %10.0f docs/s\n' "blank page PDF (baseline), one core" "$(pdf_rate "blank")"
	echo
	if [ -n "$billing" ]; then
		echo "tests/bench/bench_billing.py (10 000 active conventions, median of 3):"
		while IFS= read -r line; do echo "  $line"; done <<<"$billing"
	else
		echo "tests/bench/bench_billing.py: not present, the billing run above is the only one"
	fi
} >"$out"
cat "$out"
