#!/usr/bin/env bash
# Benchmark: each kernel in tests/bench runs natively (x86-64 build of the
# same source), under qemu-ppc and under mimic-ppc; prints median times,
# spreads and the ratios mimic/qemu and mimic/native.  All three outputs
# must match (a fast wrong answer is a failure).
#
# usage: run-bench.sh [--target T] [--runs N] [--quick] [--build-dir DIR] [MIMIC]
#   --target T     guest: ppc (default), i386 or x86_64; the guest program is
#                  built with powerpc-linux-gnu-gcc, gcc -m32 or gcc (static)
#                  and compared with qemu-ppc, qemu-i386 or qemu-x86_64
#   --runs N       runs per kernel and runner (default 5; --quick: 1)
#   --quick        small inputs, one run: a smoke test of the whole setup
#   --build-dir D  where binaries go (default build/bench in the repo)
#   MIMIC          default: build/linux-user/mimic-<target> in the repo
# "native" is the x86-64 build of the same source (for i386, the i386
# binary itself run on the host).
set -u

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$bench_dir/../.." && pwd)
runs=""
quick=0
build_dir="$repo/build/bench"
mimic=""
target=ppc

while [ $# -gt 0 ]; do
    case "$1" in
    --runs) runs=$2; shift 2 ;;
    --quick) quick=1; shift ;;
    --build-dir) build_dir=$2; shift 2 ;;
    --target) target=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) echo "run-bench.sh: unknown option $1" >&2; exit 2 ;;
    *) mimic=$1; shift ;;
    esac
done
[ -n "$runs" ] || runs=$([ "$quick" = 1 ] && echo 1 || echo 5)
[ -n "$mimic" ] || mimic="$repo/build/linux-user/mimic-$target"

# kernel | arguments | --quick arguments
# Sizes keep one qemu-ppc run near 10 s or less (FP kernels run 50-100x
# slower than native under qemu, integer ones 3-10x).
kernels="
sha256|300|4
fib|44|27
sieve|12|1
nbody|1000000|50000
matmul|300 10|100 2
qsort|30|1
printf|4000000|50000
"

die() {
    echo "run-bench.sh: $*" >&2
    exit 1
}

case "$target" in
ppc) guest_cc="${CROSS_CC:-powerpc-linux-gnu-gcc}"; qemu_name=qemu-ppc ;;
i386) guest_cc="gcc -m32"; qemu_name=qemu-i386 ;;
x86_64) guest_cc="gcc"; qemu_name=qemu-x86_64 ;;
*) die "unknown target '$target' (ppc, i386, x86_64)" ;;
esac
command -v ${guest_cc%% *} >/dev/null 2>&1 ||
    die "compiler ${guest_cc%% *} not found (scripts/install-deps.sh installs it)"
command -v gcc >/dev/null 2>&1 || die "host gcc not found"
qemu=$(command -v $qemu_name || true)
if [ -z "$qemu" ]; then
    echo "$qemu_name not found: installing qemu-user" >&2
    if [ "$(id -u)" = 0 ]; then
        apt-get install -y --no-install-recommends qemu-user >&2
    else
        sudo apt-get install -y --no-install-recommends qemu-user >&2
    fi
    qemu=$(command -v $qemu_name) || die "$qemu_name still missing"
fi
[ -x "$mimic" ] || die "mimic-$target not found at $mimic (build it or pass its path)"
echo "target: $target ($guest_cc -static; $qemu_name; $mimic)"

mkdir -p "$build_dir"
# Same flags for both builds: no FMA contraction, so results match.
flags="-O2 -ffp-contract=off"
while IFS='|' read -r name _; do
    [ -n "$name" ] || continue
    src="$bench_dir/$name.c"
    if ! [ "$build_dir/$name.$target" -nt "$src" ]; then
        # shellcheck disable=SC2086
        $guest_cc -static $flags -o "$build_dir/$name.$target" "$src" -lm ||
            die "guest build of $name failed"
    fi
    if [ "$target" = i386 ]; then
        cp "$build_dir/$name.$target" "$build_dir/$name.native"
    elif ! [ "$build_dir/$name.native" -nt "$src" ]; then
        # shellcheck disable=SC2086
        gcc $flags -o "$build_dir/$name.native" "$src" -lm ||
            die "native build of $name failed"
    fi
done <<<"$kernels"

now_ns() {
    date +%s%N
}

# Runs "$@" $runs times; prints "median min max" in seconds; the output of
# the last run is left in $out_file.
time_runs() {
    local times=() t0 t1 status
    for ((r = 0; r < runs; r++)); do
        t0=$(now_ns)
        "$@" >"$out_file" 2>"$out_file.err" </dev/null
        status=$?
        t1=$(now_ns)
        if [ "$status" != 0 ]; then
            echo "FAILED"
            return 1
        fi
        times+=($((t1 - t0)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '
        { v[NR] = $1 / 1e9 }
        END {
            med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%.3f %.3f %.3f\n", med, v[1], v[NR]
        }'
}

failures=0
table=()
log_ratios=""
printf '%-8s | %-20s | %-20s | %-20s | %10s | %12s\n' benchmark "native s" \
    "qemu s" "mimic s" mimic/qemu mimic/native
printf -- '---------+----------------------+----------------------+----------------------+------------+-------------\n'
while IFS='|' read -r name args quick_args; do
    [ -n "$name" ] || continue
    [ "$quick" = 1 ] && args=$quick_args
    out_file="$build_dir/$name.out"
    # shellcheck disable=SC2086
    native=$(time_runs "$build_dir/$name.native" $args)
    cp "$out_file" "$build_dir/$name.out.native" 2>/dev/null
    # shellcheck disable=SC2086
    q=$(time_runs "$qemu" "$build_dir/$name.$target" $args)
    cp "$out_file" "$build_dir/$name.out.qemu" 2>/dev/null
    # shellcheck disable=SC2086
    m=$(time_runs "$mimic" "$build_dir/$name.$target" $args)
    cp "$out_file" "$build_dir/$name.out.mimic" 2>/dev/null
    verdict=""
    if [ "$native" = FAILED ] || [ "$q" = FAILED ] || [ "$m" = FAILED ]; then
        verdict="run failed (native=${native%% *} qemu=${q%% *} mimic=${m%% *})"
    elif ! cmp -s "$build_dir/$name.out.native" "$build_dir/$name.out.qemu"; then
        verdict="native and qemu outputs differ"
    elif ! cmp -s "$build_dir/$name.out.qemu" "$build_dir/$name.out.mimic"; then
        verdict="WRONG OUTPUT under mimic: $(head -c 80 "$build_dir/$name.out.mimic")"
    fi
    if [ -n "$verdict" ]; then
        failures=$((failures + 1))
        printf '%-8s | FAIL: %s\n' "$name" "$verdict"
        continue
    fi
    read -r n_med n_min n_max <<<"$native"
    read -r q_med q_min q_max <<<"$q"
    read -r m_med m_min m_max <<<"$m"
    ratios=$(awk -v m="$m_med" -v q="$q_med" -v n="$n_med" 'BEGIN {
        printf "%.2f %.2f", (q > 0 ? m / q : 0), (n > 0 ? m / n : 0) }')
    read -r r_q r_n <<<"$ratios"
    log_ratios+="$r_q "
    printf '%-8s | %6.3f (%.3f-%.3f) | %6.3f (%.3f-%.3f) | %6.3f (%.3f-%.3f) | %10s | %12s\n' \
        "$name" "$n_med" "$n_min" "$n_max" "$q_med" "$q_min" "$q_max" \
        "$m_med" "$m_min" "$m_max" "$r_q" "$r_n"
done <<<"$kernels"
if [ -n "$log_ratios" ]; then
    echo "$log_ratios" | awk '{
        s = 0; n = 0
        for (i = 1; i <= NF; i++) if ($i > 0) { s += log($i); n++ }
        if (n) printf "geometric mean mimic/qemu: %.2f (%d benchmarks, %s)\n",
                      exp(s / n), n, (exp(s / n) < 1 ? "mimic faster" : "qemu faster")
    }'
fi
echo "runs per cell: $runs (median, min-max in parentheses)"
[ "$failures" -eq 0 ]
