#!/bin/sh
# Fails when a file of core/ includes a header of libevent, libpq, jansson or
# libharu, or does I/O, reads the clock or the environment: core/ holds the
# pure rules only (snprintf into a caller buffer is allowed).
dir=${1:?usage: check-core-purity.sh CORE_DIR}
bad=$(grep -nE '#[[:space:]]*include[[:space:]]*[<"](event2/|event\.h|evhttp|libpq|postgres|jansson|hpdf|pthread\.h|unistd\.h|time\.h)' "$dir"/*.c "$dir"/*.h)
io=$(grep -nE '(^|[^a-z_])(printf|fprintf|fopen|fwrite|fread|puts|fputs|getenv|time|rand|malloc|calloc|realloc)[[:space:]]*\(' "$dir"/*.c "$dir"/*.h)
if [ -n "$bad$io" ]; then
	echo "core/ must be pure C (libc only, no I/O, no clock, no allocation):"
	[ -n "$bad" ] && echo "$bad"
	[ -n "$io" ] && echo "$io"
	exit 1
fi
echo "core purity: OK ($(ls "$dir"/*.c "$dir"/*.h | wc -l) files checked)"
