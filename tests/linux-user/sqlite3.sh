#!/usr/bin/env bash
# SQLite from Debian's source package, cross-built for 32-bit PowerPC
# (static and dynamic) and built for the host, runs the same work under
# mimic-ppc and natively; the outputs must be the same:
#   - sqlite3/workload.sql (floats, printf, strftime, recursive CTEs, JSON,
#     window functions, a 200000-row sort, triggers, FTS5, R*Tree) through
#     the sqlite3 shell: static on the JIT, dynamic (-L sysroot) on the JIT;
#   - speedtest1 --verify (its "Verification Hash" covers every result
#     row) for the test sets main (with 3 sorter threads), cte, orm and fp
#     on the JIT, main on the interpreter and with -one-insn-per-tb.
#
# usage: sqlite3.sh MIMIC_PPC [WORKDIR]
# The source comes from tests/bench/fetch-sources.sh (apt-get source
# sqlite3, cached in ${MIMIC_CACHE_DIR:-~/.cache/mimic}/bench); the
# binaries are built once (about two minutes) into
# ${MIMIC_CACHE_DIR:-~/.cache/mimic}/sqlite3-ppc and reused.  Exit 77
# (skipped, never counted as passed) when the cross compiler, gcc or tclsh
# (which makes the amalgamation) is missing or the source package cannot
# be had; the reason is printed.
set -u
mimic=$(realpath "$1")
work=${2:-$(mktemp -d)}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${MIMIC_CACHE_DIR:-$HOME/.cache/mimic}
sysroot=${PPC_SYSROOT:-/usr/powerpc-linux-gnu}
ppc_cc=powerpc-linux-gnu-gcc

skip() {
    echo "SKIP: $1"
    exit 77
}

for tool in "$ppc_cc" gcc tclsh; do
    command -v "$tool" >/dev/null || skip "$tool not found"
done
src=$(bash "$here/../bench/fetch-sources.sh" sqlite3) ||
    skip "no sqlite3 source package (apt-get source sqlite3 failed)"

# Builds the amalgamation and the six programs in a scratch directory,
# then moves it into place, so that a build cut short is never used.
flags="-O2 -DSQLITE_THREADSAFE=1 -DSQLITE_ENABLE_MATH_FUNCTIONS
       -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_RTREE"
bin=$cache/sqlite3-ppc/$(basename "$src")
build() {
    local tmp
    tmp=$(mktemp -d "$cache/sqlite3-ppc/build.XXXXXX") || return 1
    echo "building SQLite in $tmp (once)"
    (cd "$tmp" && "$src/configure" >configure.log 2>&1 &&
        make sqlite3.c shell.c >make.log 2>&1) || {
        echo "amalgamation failed: see $tmp"
        return 1
    }
    local libs="-lpthread -lm -ldl" speed=$src/test/speedtest1.c
    (cd "$tmp" &&
        $ppc_cc $flags -I. -c sqlite3.c -o sqlite3-ppc.o &&
        $ppc_cc $flags -I. -static -o sqlite3-ppc-static shell.c sqlite3-ppc.o $libs &&
        $ppc_cc $flags -I. -o sqlite3-ppc-dynamic shell.c sqlite3-ppc.o $libs &&
        $ppc_cc $flags -I. -static -o speedtest1-ppc "$speed" sqlite3-ppc.o $libs &&
        gcc $flags -I. -c sqlite3.c -o sqlite3-native.o &&
        gcc $flags -I. -o sqlite3-native shell.c sqlite3-native.o $libs &&
        gcc $flags -I. -o speedtest1-native "$speed" sqlite3-native.o $libs) \
        >"$tmp/compile.log" 2>&1 || {
        echo "compiling failed: see $tmp/compile.log"
        return 1
    }
    rm -rf "$bin" && mv "$tmp" "$bin"
}
if [ ! -x "$bin/speedtest1-native" ]; then
    mkdir -p "$cache/sqlite3-ppc" && build || exit 1
fi

mkdir -p "$work"
failed=0
# check NAME EXPECTED_FILE ACTUAL_FILE
check() {
    if cmp -s "$2" "$3"; then
        echo "ok   $1"
    else
        echo "FAIL $1: output differs from the native build's"
        diff "$2" "$3" | head -20
        failed=1
    fi
}

# shell RUNNER_NAME PROGRAM [MIMIC OPTIONS...]: the workload through one shell.
shell() {
    local name=$1 prog=$2
    shift 2
    (cd "$work" && timeout 300 "$@" "$prog" <"$here/sqlite3/workload.sql" \
        >"$work/workload-$name.out" 2>&1)
    check "workload.sql $name" "$work/workload-native.out" "$work/workload-$name.out"
}

# speedtest NAME SPEEDTEST_ARGS -- [MIMIC AND OPTIONS...]: the verification
# hash of one speedtest1 run on a fresh database.
speedtest() {
    local name=$1 args=()
    shift
    while [ "$1" != -- ]; do args+=("$1"); shift; done
    shift
    local prog=$bin/speedtest1-native
    [ $# -gt 0 ] && prog=$bin/speedtest1-ppc
    rm -f "$work/$name.db"*
    (cd "$work" && timeout 300 "$@" "$prog" --verify "${args[@]}" "$work/$name.db" \
        >"$work/$name.log" 2>&1)
    grep '^Verification Hash' "$work/$name.log" >"$work/$name.hash" ||
        echo "(no hash: see $work/$name.log)" >"$work/$name.hash"
}

(cd "$work" && "$bin/sqlite3-native" <"$here/sqlite3/workload.sql" \
    >"$work/workload-native.out" 2>&1)
grep -q '^ok$' "$work/workload-native.out" ||
    { echo "FAIL: the native sqlite3 did not finish workload.sql"; exit 1; }
shell static-jit "$bin/sqlite3-ppc-static" "$mimic" -accel jit
shell dynamic-jit "$bin/sqlite3-ppc-dynamic" "$mimic" -accel jit -L "$sysroot"

for run in "main --size 10 --threads 3" "cte --size 10" "orm --size 8" \
    "fp --size 10" "main-small --size 3"; do
    set -- $run
    set_name=$1
    shift
    testset=${set_name%-small}
    speedtest "$set_name-native" --testset "$testset" "$@" --
    speedtest "$set_name-jit" --testset "$testset" "$@" -- "$mimic" -accel jit
    check "speedtest1 $set_name jit" "$work/$set_name-native.hash" "$work/$set_name-jit.hash"
done
speedtest main-small-interp --testset main --size 3 -- "$mimic" -accel interp
check "speedtest1 main-small interp" "$work/main-small-native.hash" "$work/main-small-interp.hash"
speedtest main-small-1insn --testset main --size 3 -- "$mimic" -one-insn-per-tb
check "speedtest1 main-small -one-insn-per-tb" "$work/main-small-native.hash" "$work/main-small-1insn.hash"
exit $failed
