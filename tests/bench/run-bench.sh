#!/usr/bin/env bash
# The benchmark suite of issue 5.  Every benchmark runs natively, under
# qemu-user and under mimic, for each guest (ppc, i386, x86_64); runs of the
# three alternate.  Outputs must match (native == qemu == mimic), so a fast
# wrong answer fails.  Results: a table with medians, min-max spreads, the
# ratios mimic/qemu and mimic/native, geometric means per guest, peak RSS of
# qemu and mimic, a markdown copy and an SVG bar chart (report.sh).
#
# usage: run-bench.sh [options]
#   --target T     guest ppc, i386 or x86_64; repeat for several
#                  (default: all three)
#   --runs N       runs per benchmark and runner (default 5; --quick: 1)
#   --quick        small inputs and one run: a smoke test of the whole setup
#   --only A,B     only these benchmarks (names as in the table)
#   --build-dir D  guest and native binaries, generated inputs
#                  (default build/bench in the repo)
#   --results D    results.tsv, table.txt, table.md, ratios.svg
#                  (default build/bench-results in the repo)
#   --mimic-dir D  where mimic-<target> is (default build/linux-user)
#
# The benchmarks:
#   kernels in tests/bench/*.c (integer, calls, memory, floating point,
#   indirect calls, libc); Lua 5.4 running tests/bench/lua/bench.lua and
#   bzip2 compressing and decompressing generated text, both built from
#   Debian's source packages (fetch-sources.sh, cached outside git); the
#   short-lived programs hello (static; x86_64 also dynamic, run 20 times
#   per sample) and, on x86_64, the host's `gcc -O2 -c` of a generated
#   2,000-line C file with gcc's cc1 and as run under the emulator too.
# "native" is the x86-64 build of the same source for ppc, the guest binary
# itself for i386 and x86_64.  All are static (-O2 -ffp-contract=off, so
# that no FMA contraction changes the floating-point results).
set -u

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$bench_dir/../.." && pwd)
targets=()
runs=""
quick=0
only=""
build_dir="$repo/build/bench"
results_dir="$repo/build/bench-results"
mimic_dir="$repo/build/linux-user"

while [ $# -gt 0 ]; do
    case "$1" in
    --target) targets+=("$2"); shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --quick) quick=1; shift ;;
    --only) only=",$2,"; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    --results) results_dir=$2; shift 2 ;;
    --mimic-dir) mimic_dir=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -u/{/^set -u/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "run-bench.sh: unknown argument $1 (--help lists the options)" >&2; exit 2 ;;
    esac
done
[ ${#targets[@]} -gt 0 ] || targets=(ppc i386 x86_64)
[ -n "$runs" ] || runs=$([ "$quick" = 1 ] && echo 1 || echo 5)
case "$runs" in '' | *[!0-9]* | 0) echo "run-bench.sh: --runs needs a positive number" >&2; exit 2 ;; esac

die() {
    echo "run-bench.sh: $*" >&2
    exit 1
}

# Benchmarks: name | guests | group | program | arguments | --quick arguments
# | runs per timed sample.  Group "cpu" counts in the geometric means,
# "short" is a short-lived program (reported, not in the means); hello
# takes milliseconds, so one sample runs it 20 times.  Placeholders: {lua} the Lua
# script, {data} the generated text, {csrc} the generated C file,
# {product} a file the run writes, compared like its stdout.
# Sizes keep one qemu run near 3 s of CPU time (about 0.5-1 s natively;
# floating point runs 50-100x slower than native under qemu), so that a
# full run of every guest stays within half an hour on an idle machine.
benchmarks="
sha256|all|cpu|sha256|150|4
fib|all|cpu|fib|42|27
sieve|all|cpu|sieve|6|1
nbody|all|cpu|nbody|500000|50000
matmul|all|cpu|matmul|300 5|100 2
qsort|all|cpu|qsort|15|1
printf|all|cpu|printf|2000000|50000
lua|all|cpu|lua|{lua} 10|{lua} 1
bzip2-compress|all|cpu|bzip2|-9 -c {data}|-9 -c {data}
bzip2-decompress|all|cpu|bzip2|-d -c {data}.bz2|-d -c {data}.bz2
hello|all|short|hello|||20
hello-dyn|x86_64|short|hello-dyn|||20
gcc-O2|x86_64|short|gcc|-O2 -c {csrc} -o {product}|-O2 -c {csrc} -o {product}
"
data_mb=$([ "$quick" = 1 ] && echo 1 || echo 10)
csrc_lines=$([ "$quick" = 1 ] && echo 200 || echo 2000)
flags="-O2 -ffp-contract=off"
lua_src=""
bzip2_src=""

wanted() {
    [ -z "$only" ] || [[ "$only" == *",$1,"* ]]
}

# Is $1 newer than every other argument?
up_to_date() {
    local out=$1 src
    shift
    [ -e "$out" ] || return 1
    for src in "$@"; do
        [ "$out" -nt "$src" ] || return 1
    done
}

# The compiler command for building guest programs of target $1.
guest_cc() {
    case "$1" in
    ppc) echo "${CROSS_CC:-powerpc-linux-gnu-gcc}" ;;
    # gcc -m32 without gcc-multilib has no <asm/...>; the x86-64 ones
    # serve (they switch on __i386__ where it matters).
    i386) echo "gcc -m32 -isystem $build_dir/include32" ;;
    x86_64) echo gcc ;;
    esac
}

# Builds program $1 for target $2 as $build_dir/$1.$2.
build_program() {
    local prog=$1 target=$2 out="$build_dir/$1.$2" cc f srcs=() extra=() link=(-static)
    cc=$(guest_cc "$target")
    case "$prog" in
    lua)
        for f in "$lua_src"/src/*.c; do
            [ "${f##*/}" = luac.c ] || srcs+=("$f")    # luac has its own main
        done
        # Debian's luaconf.h includes a header its build generates.
        mkdir -p "$build_dir/include-lua"
        echo '#define DEB_HOST_MULTIARCH "mimic-bench"' >"$build_dir/include-lua/lua5.4-deb-multiarch.h"
        extra=(-DLUA_USE_POSIX -I"$build_dir/include-lua" -lm) ;;
    bzip2)
        for f in blocksort huffman crctable randtable compress decompress bzlib bzip2; do
            srcs+=("$bzip2_src/$f.c")
        done
        extra=(-D_FILE_OFFSET_BITS=64) ;;
    hello-dyn) srcs=("$bench_dir/hello.c"); link=() ;;
    *) srcs=("$bench_dir/$prog.c"); extra=(-lm) ;;
    esac
    up_to_date "$out" "${srcs[@]}" && return 0
    echo "building $prog for $target" >&2
    # shellcheck disable=SC2086
    $cc "${link[@]}" $flags -w -o "$out" "${srcs[@]}" "${extra[@]}" ||
        die "build of $prog for $target failed"
}

# The host target whose build of the same source is "native" for target $1.
native_target() {
    [ "$1" = i386 ] && echo i386 || echo x86_64
}

qemu_for() {
    case "$1" in
    ppc) echo qemu-ppc ;;
    *) echo "qemu-$1" ;;
    esac
}

# --- tools and inputs -------------------------------------------------------
command -v gcc >/dev/null 2>&1 || die "host gcc not found"
mkdir -p "$build_dir" "$results_dir" "$build_dir/include32" || die "cannot create $build_dir"
ln -sfn /usr/include/x86_64-linux-gnu/asm "$build_dir/include32/asm"
for tool in runstat gendata; do
    up_to_date "$build_dir/$tool" "$bench_dir/$tool.c" ||
        gcc -O2 -Wall -Wextra -o "$build_dir/$tool" "$bench_dir/$tool.c" ||
        die "build of $tool failed"
done
runstat="$build_dir/runstat"

need_program() {
    local b
    while IFS='|' read -r b _ _ prog _; do
        [ -n "$b" ] && wanted "$b" && [ "$prog" = "$1" ] && return 0
    done <<<"$benchmarks"
    return 1
}
if need_program lua; then
    lua_src=$(bash "$bench_dir/fetch-sources.sh" lua5.4) || die "no Lua source"
fi
if need_program bzip2; then
    bzip2_src=$(bash "$bench_dir/fetch-sources.sh" bzip2) || die "no bzip2 source"
fi

data="$build_dir/text-${data_mb}M.txt"
if need_program bzip2 && ! up_to_date "$data.bz2" "$build_dir/gendata"; then
    "$build_dir/gendata" "$data_mb" >"$data" || die "gendata failed"
    # The decompression input: the native compressor's output, itself
    # checked by a round trip.
    build_program bzip2 x86_64
    if ! "$build_dir/bzip2.x86_64" -9 -c "$data" >"$data.bz2" ||
        ! "$build_dir/bzip2.x86_64" -d -c "$data.bz2" | cmp -s - "$data"; then
        die "bzip2 round trip of $data failed natively"
    fi
fi
csrc="$build_dir/compile-${csrc_lines}.c"
up_to_date "$csrc" "$bench_dir/gen-c-source.sh" ||
    sh "$bench_dir/gen-c-source.sh" "$csrc_lines" >"$csrc" || die "gen-c-source failed"

# --- running ----------------------------------------------------------------
# Sets cmd to the command line of benchmark program $3 with arguments $4
# for runner $1 (native, qemu, mimic) and target $2.
set_command() {
    local runner=$1 target=$2 prog=$3 args=()
    read -r -a args <<<"$4"
    local exe="$build_dir/$prog.$target"
    [ "$runner" = native ] && exe="$build_dir/$prog.$(native_target "$target")"
    [ "$prog" = gcc ] && exe=$(command -v gcc)
    case "$runner" in
    native) cmd=("$exe" "${args[@]}") ;;
    qemu)
        cmd=("$qemu" "$exe")
        # qemu-user does not follow execve: gcc's driver is told to start
        # cc1 and as under qemu too (through sh, as qemu takes no PATH
        # lookup).
        [ "$prog" = gcc ] &&
            cmd+=(-wrapper "/bin/sh,-c,exec $qemu \"\$(command -v \"\$0\")\" \"\$@\"")
        cmd+=("${args[@]}") ;;
    mimic) cmd=("$mimic" "$exe" "${args[@]}") ;;
    esac
}

# Runs cmd once for runner $1; appends the time to times[$1], raises
# rss[$1] (peak RSS in kB).  Returns the exit status.
declare -A times rss
run_sample() {
    local runner=$1 out="$work.$1" status t kb
    timeout 900 "$runstat" -n "$repeat" -o "$out.stat" "${cmd[@]}" \
        >"$out.out" 2>"$out.err" </dev/null
    status=$?
    [ "$status" = 0 ] || return "$status"
    read -r t kb <"$out.stat"
    times[$runner]+=" $t"
    [ "$kb" -gt "${rss[$runner]}" ] && rss[$runner]=$kb
    [ -n "$product" ] && mv "$product" "$out.product"
    return 0
}

# "median min max" of the space-separated numbers in $1.
summary() {
    tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '
        { v[NR] = $1 }
        END {
            med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%.6f %.6f %.6f\n", med, v[1], v[NR]
        }'
}

# Compares the outputs of runners $1 and $2: empty if equal, else why not.
outputs_differ() {
    cmp -s "$work.$1.out" "$work.$2.out" || { echo "stdout"; return; }
    [ -z "$product" ] || cmp -s "$work.$1.product" "$work.$2.product" ||
        echo "output file"
}

tsv="$results_dir/results.tsv"
printf 'guest\tbenchmark\tgroup\tnative_med\tnative_min\tnative_max\tqemu_med\tqemu_min\tqemu_max\tmimic_med\tmimic_min\tmimic_max\tqemu_rss_kb\tmimic_rss_kb\tstatus\n' >"$tsv"
{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "commit: $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$repo" diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
    echo "mimic: $mimic_dir"
    echo "runs: $runs per runner, alternating; hello 20 times per run"
    echo "inputs: $([ "$quick" = 1 ] && echo 'quick (small)' || echo full)"
    echo "host: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
} >"$results_dir/meta.txt"

failures=0
for target in "${targets[@]}"; do
    case "$target" in ppc | i386 | x86_64) ;; *) die "unknown target '$target' (ppc, i386, x86_64)" ;; esac
    qemu=$(command -v "$(qemu_for "$target")") ||
        die "$(qemu_for "$target") not found (scripts/install-deps.sh bench installs qemu-user)"
    mimic="$mimic_dir/mimic-$target"
    [ -x "$mimic" ] || die "mimic-$target not found in $mimic_dir (build it or pass --mimic-dir)"
    command -v "$(guest_cc "$target" | cut -d' ' -f1)" >/dev/null ||
        die "compiler for $target not found (scripts/install-deps.sh installs it)"
    mkdir -p "$build_dir/out-$target"
    while IFS='|' read -r name guests group prog args quick_args repeat; do
        { [ -n "$name" ] && wanted "$name"; } || continue
        [ "$guests" = all ] || [[ " $guests " == *" $target "* ]] || continue
        [ "$quick" = 1 ] && args=$quick_args
        repeat=${repeat:-1}
        if [ "$prog" != gcc ]; then
            build_program "$prog" "$target"
            build_program "$prog" "$(native_target "$target")"
        fi
        work="$build_dir/out-$target/$name"
        product=""
        [[ "$args" == *"{product}"* ]] && product="$work.product"
        args=${args//\{lua\}/$bench_dir/lua/bench.lua}
        args=${args//\{data\}/$data}
        args=${args//\{csrc\}/$csrc}
        args=${args//\{product\}/$product}
        times=([native]="" [qemu]="" [mimic]="")
        rss=([native]=0 [qemu]=0 [mimic]=0)
        verdict=""
        printf '%-7s %-17s' "$target" "$name" >&2
        for ((r = 0; r < runs; r++)); do
            for runner in native qemu mimic; do
                set_command "$runner" "$target" "$prog" "$args"
                run_sample "$runner" || {
                    verdict="$runner run failed (exit $?): $(head -c 100 "$work.$runner.err" | tr '\n' ' ')"
                    break
                }
            done
            [ -n "$verdict" ] && break
            printf '.' >&2
        done
        if [ -z "$verdict" ]; then
            why=$(outputs_differ native qemu)
            [ -z "$why" ] || verdict="native and qemu outputs differ ($why)"
        fi
        if [ -z "$verdict" ]; then
            why=$(outputs_differ qemu mimic)
            [ -z "$why" ] || verdict="WRONG OUTPUT under mimic ($why): $(head -c 60 "$work.mimic.out" | tr '\n' ' ')"
        fi
        if [ -n "$verdict" ]; then
            failures=$((failures + 1))
            echo " FAIL: $verdict" >&2
            printf '%s\t%s\t%s\t\t\t\t\t\t\t\t\t\t\t\tFAIL: %s\n' "$target" "$name" "$group" \
                "$verdict" >>"$tsv"
            continue
        fi
        echo " ok" >&2
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\tok\n' "$target" "$name" "$group" \
            "$(summary "${times[native]}" | tr ' ' '\t')" \
            "$(summary "${times[qemu]}" | tr ' ' '\t')" \
            "$(summary "${times[mimic]}" | tr ' ' '\t')" \
            "${rss[qemu]}" "${rss[mimic]}" >>"$tsv"
    done <<<"$benchmarks"
done

bash "$bench_dir/report.sh" "$results_dir" || failures=$((failures + 1))
[ "$failures" -eq 0 ]
