#!/usr/bin/env bash
# Loads the demo data set through the daemon's own commands; idempotent, so
# `scripts/dev.sh run` can run twice. Usage: demo.sh TRANSITD_BIN CONFIG
set -euo pipefail
bin=$1
conf=$2
operator="CPAS de Démo"

# Succeeds when the command worked or the row already existed.
ensure() {
	local out
	if ! out=$("$@" 2>&1); then
		grep -q '"conflict"\|/conflict' <<<"$out" || { echo "$out" >&2; return 1; }
	fi
}

ensure "$bin" -f "$conf" operator add "$operator"
ensure "$bin" -f "$conf" user add admin --role admin --operator "$operator"
