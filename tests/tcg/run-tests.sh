#!/usr/bin/env bash
# Guest program tests: builds every tests/tcg/{multiarch,ppc}/*.c for 32-bit
# PowerPC, runs each under the emulator in several configurations and
# compares stdout and exit status with the checked-in expected files.
# With --target x86_64 or i386, builds tests/tcg/{multiarch,<target>}/*.c
# with the host gcc (-m32 for i386) instead; the oracle is the same program
# run natively on this host (the expected files are not used).
#
# usage: run-tests.sh [options] EMULATOR BUILD_DIR
#   EMULATOR   path to mimic-ppc (or qemu-ppc, to check the tests themselves:
#              then the programs run once, with no mimic options), or to
#              mimic-x86_64 / mimic-i386 with --target
#   BUILD_DIR  where the guest binaries are built (kept between runs)
# options:
#   --target T       x86_64 or i386: native oracle (see above)
#   --configs "a b"  configurations to run (default: jit interp jit-1 interp-1)
#   --filter REGEX   only programs whose dir/name matches
#   -j N             parallel jobs (default: number of CPUs)
#   --native         build multiarch programs for the host instead and
#                    compare them with the expected files (checks the tests
#                    against a second oracle; EMULATOR is ignored)
#   --dynamic        link the programs against the shared C library (the
#                    binaries get a .dyn suffix); PowerPC ones find its
#                    loader and libraries with -L ${PPC_SYSROOT:-/usr/powerpc-linux-gnu}
#   --record         write NAME.expected / NAME.exitcode from this run; only
#                    with qemu-ppc as EMULATOR (the oracle, never mimic);
#                    review every changed file before committing it
#
# Per-program settings live in the source, one line each:
#   CFLAGS: extra compiler flags (default -O2)
#   ARGS:   command-line arguments (shell words)
# and beside it: NAME.expected (stdout), NAME.exitcode (status if not 0;
# 128+N for death by signal N), NAME.native-filter (sed script applied to
# both sides in --native mode, for documented architecture differences).
set -u

src_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
configs="jit interp jit-1 interp-1"
filter=""
jobs=$(nproc 2>/dev/null || echo 2)
native=0
record=0
dynamic=0
target=ppc
per_case_timeout=120

while [ $# -gt 0 ]; do
    case "$1" in
    --configs) configs=$2; shift 2 ;;
    --filter) filter=$2; shift 2 ;;
    -j) jobs=$2; shift 2 ;;
    --native) native=1; shift ;;
    --dynamic) dynamic=1; shift ;;
    --record) record=1; shift ;;
    --target) target=$2; shift 2 ;;
    -h|--help) sed -n '2,37p' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) echo "run-tests.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
done
if [ $# -ne 2 ]; then
    echo "usage: run-tests.sh [options] EMULATOR BUILD_DIR" >&2
    exit 2
fi
emulator=$1
# absolute: the programs run inside per-case work directories
case "$emulator" in
*/*) emulator=$(cd "$(dirname "$emulator")" 2>/dev/null && pwd)/$(basename "$emulator") ;;
esac
build_dir=$(mkdir -p "$2" && cd "$2" && pwd)

if [ "$native" = 1 ]; then
    cc=${HOST_CC:-gcc}
    cc_flags=""
    configs="native"
    dirs="multiarch"
elif [ "$target" = x86_64 ] || [ "$target" = i386 ]; then
    cc=${HOST_CC:-gcc}
    cc_flags="-static"
    dirs="multiarch $target"
    if [ "$target" = i386 ]; then
        # gcc -m32 without gcc-multilib has no <asm/...>: the host's
        # headers for both ABIs are in the x86-64 directory.
        mkdir -p "$build_dir/include32"
        ln -sfn /usr/include/x86_64-linux-gnu/asm "$build_dir/include32/asm"
        cc_flags="-static -m32 -isystem $build_dir/include32"
    fi
    if [ "$record" = 1 ]; then
        echo "run-tests.sh: --record does not apply to --target $target" >&2
        exit 2
    fi
    if [ ! -x "$emulator" ]; then
        echo "FAIL: emulator '$emulator' not found or not executable"
        echo "0 passed, 1 failed"
        exit 1
    fi
elif [ "$target" != ppc ]; then
    echo "run-tests.sh: unknown target $target (ppc, x86_64, i386)" >&2
    exit 2
else
    cc=${CROSS_CC:-powerpc-linux-gnu-gcc}
    cc_flags="-static"
    dirs="multiarch ppc"
    case "$(basename "$emulator")" in
    qemu*) configs="plain" ;;
    *) if [ "$record" = 1 ]; then
           echo "run-tests.sh: --record needs qemu-ppc as the emulator" >&2
           exit 2
       fi ;;
    esac
    if [ ! -x "$emulator" ]; then
        echo "FAIL: emulator '$emulator' not found or not executable"
        echo "0 passed, 1 failed"
        exit 1
    fi
fi
if ! command -v "$cc" >/dev/null 2>&1; then
    echo "FAIL: compiler '$cc' not found (install gcc-powerpc-linux-gnu," \
         "see scripts/install-deps.sh)"
    echo "0 passed, 1 failed"
    exit 1
fi

# Binaries of each kind side by side in BUILD_DIR.
bin_suffix=""
[ "$native" = 1 ] && bin_suffix=".native"
[ "$dynamic" = 1 ] && bin_suffix="$bin_suffix.dyn"
emu_flags=()
if [ "$dynamic" = 1 ]; then
    cc_flags=${cc_flags/-static/}
    if [ "$target" = ppc ] && [ "$native" = 0 ]; then
        emu_flags=(-L "${PPC_SYSROOT:-/usr/powerpc-linux-gnu}")
    fi
fi

# Flags of one configuration, as mimic-ppc options.
config_flags() {
    case "$1" in
    jit) echo "-accel jit" ;;
    interp) echo "-accel interp" ;;
    jit-1) echo "-accel jit -one-insn-per-tb" ;;
    interp-1) echo "-accel interp -one-insn-per-tb" ;;
    plain|native) echo "" ;;
    *) echo "run-tests.sh: unknown configuration $1" >&2; exit 2 ;;
    esac
}

# The value of a "KEY: ..." line in a source file.
source_setting() {
    sed -n "s/^.*$1: \(.*\)\$/\1/p" "$2" | sed 's/ *\*\/ *$//' | head -n 1
}

programs=()
for d in $dirs; do
    for src in "$src_dir/$d"/*.c; do
        [ -e "$src" ] || continue
        name="$d/$(basename "$src" .c)"
        if [ -n "$filter" ] && ! [[ "$name" =~ $filter ]]; then
            continue
        fi
        programs+=("$name")
    done
done

results="$build_dir/results"
rm -rf "$results"
mkdir -p "$results"
failed_builds=0

# True when binary $1 is newer than source $2, the files $2 includes with
# a relative #include "..." (one level: i386/X.c includes ../x86_64/X.c)
# and this script.
build_is_current() {
    local bin=$1 src=$2 inc
    [ "$bin" -nt "$src" ] && [ "$bin" -nt "${BASH_SOURCE[0]}" ] || return 1
    local quoted='s/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p'
    while read -r inc; do
        [ "$bin" -nt "$(dirname "$src")/$inc" ] || return 1
    done < <(sed -n "$quoted" "$src")
}

# Build (only when the source, a file it includes or this script changed).
for name in "${programs[@]}"; do
    src="$src_dir/$name.c"
    bin="$build_dir/$name$bin_suffix"
    mkdir -p "$(dirname "$bin")"
    if build_is_current "$bin" "$src"; then
        continue
    fi
    extra=$(source_setting CFLAGS "$src")
    # shellcheck disable=SC2086
    if ! "$cc" $cc_flags -O2 -Wall $extra -o "$bin.tmp" "$src" -lm \
            >"$bin.log" 2>&1; then
        echo "FAIL $name build"
        head -n 20 "$bin.log" | sed 's/^/    /'
        echo "FAIL $name build" >"$results/build-${name//\//_}"
        failed_builds=$((failed_builds + 1))
        rm -f "$bin.tmp"
        continue
    fi
    mv "$bin.tmp" "$bin"
done

# Runs one program in one configuration; prints its report as one block.
run_case() {
    local name=$1 config=$2
    local src="$src_dir/$name.c"
    local bin="$build_dir/$name$bin_suffix"
    local tag="${name//\//_}.$config"
    local work="$build_dir/work/$tag"
    rm -rf "$work"
    mkdir -p "$work/tmp"
    local expected="$src_dir/$name.expected"
    local want_status=0
    [ -f "$src_dir/$name.exitcode" ] && want_status=$(cat "$src_dir/$name.exitcode")
    if [ "$target" != ppc ] && [ "$config" != host ]; then
        expected="$build_dir/native/$name.out"
        want_status=$(cat "$build_dir/native/$name.status" 2>/dev/null)
    fi
    local args
    args=$(source_setting ARGS "$src")
    local -a cmd
    if [ "$native" = 1 ] || [ "$config" = host ]; then
        cmd=("$bin")
    else
        # shellcheck disable=SC2207
        cmd=("$emulator" "${emu_flags[@]}" $(config_flags "$config") "$bin")
    fi
    local status
    # The subshell's own stderr is dropped: bash reports children killed by
    # a signal there, and dying from SIGILL is an expected result.
    (
        cd "$work" || exit 1
        ulimit -c 0
        eval "set -- $args"
        env -i PATH=/usr/bin:/bin LANG=C TMPDIR="$work/tmp" \
            MIMIC_TEST_GREETING="hello world" MIMIC_TEST_EMPTY= \
            timeout "$per_case_timeout" "${cmd[@]}" "$@" \
            </dev/null >"$work/stdout" 2>"$work/stderr"
    ) 2>/dev/null
    status=$?
    if [ "$config" = host ]; then
        mkdir -p "$(dirname "$build_dir/native/$name")"
        cp "$work/stdout" "$build_dir/native/$name.out"
        echo "$status" >"$build_dir/native/$name.status"
        rm -rf "$work"
        return
    fi
    if [ "$record" = 1 ]; then
        cp "$work/stdout" "$expected"
        if [ "$status" = 0 ]; then
            rm -f "$src_dir/$name.exitcode"
        else
            echo "$status" >"$src_dir/$name.exitcode"
        fi
        want_status=$status
    fi
    local actual="$work/stdout" want="$expected"
    if [ "$native" = 1 ] && [ -f "$src_dir/$name.native-filter" ]; then
        sed -E -f "$src_dir/$name.native-filter" "$expected" >"$work/want"
        sed -E -f "$src_dir/$name.native-filter" "$work/stdout" >"$work/got"
        actual="$work/got"
        want="$work/want"
    fi
    local report problem=""
    if [ ! -f "$expected" ]; then
        problem="no expected output $name.expected"
    elif [ "$status" = 124 ]; then
        problem="timed out after ${per_case_timeout}s"
    elif [ "$status" != "$want_status" ]; then
        problem="exit status $status, expected $want_status"
    elif ! cmp -s "$want" "$actual"; then
        problem="stdout differs"
    fi
    if [ -z "$problem" ]; then
        report="PASS $name $config"
        echo pass >"$results/$tag"
        rm -rf "$work"
    else
        report="FAIL $name $config: $problem"$'\n'
        report+="    command: ${cmd[*]} $args"$'\n'
        if [ -f "$expected" ]; then
            report+=$(diff -u "$want" "$actual" | head -n 25 | sed 's/^/    /')
            report+=$'\n'
        fi
        if [ -s "$work/stderr" ]; then
            report+="    stderr:"$'\n'
            report+=$(head -n 8 "$work/stderr" | sed 's/^/    | /')
        fi
        echo fail >"$results/$tag"
    fi
    printf '%s\n' "$report"
}

# The native oracle: each program once on this host.
if [ "$target" != ppc ]; then
    running=0
    for name in "${programs[@]}"; do
        [ -f "$results/build-${name//\//_}" ] && continue
        [ -x "$build_dir/$name$bin_suffix" ] || continue
        run_case "$name" host &
        running=$((running + 1))
        if [ "$running" -ge "$jobs" ]; then
            wait -n
            running=$((running - 1))
        fi
    done
    wait
fi

running=0
for name in "${programs[@]}"; do
    [ -f "$results/build-${name//\//_}" ] && continue
    for config in $configs; do
        run_case "$name" "$config" &
        running=$((running + 1))
        if [ "$running" -ge "$jobs" ]; then
            wait -n
            running=$((running - 1))
        fi
    done
done
wait

passed=$(grep -l '^pass' "$results"/* 2>/dev/null | wc -l)
failed=$(grep -l '^fail' "$results"/* 2>/dev/null | wc -l)
failed=$((failed + failed_builds))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
