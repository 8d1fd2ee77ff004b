#!/usr/bin/env bash
# binfmt_misc: scripts/binfmt-register.sh registers mimic-ppc under a name
# of its own, a PowerPC program then runs directly as ./prog (with flag P
# keeping its argv[0], with F alone getting the path the kernel resolved),
# and after --remove it no longer runs.  Exit 77 (skipped) where binfmt_misc cannot be used:
# not root, no binfmt_misc, or it is disabled.
#
# usage: binfmt.sh MIMIC_PPC ARGV_ECHO_PPC REGISTER_SCRIPT
set -u
mimic=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
prog=$2
register=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
dir=/proc/sys/fs/binfmt_misc
name=mimic-test-$$-

skip() {
    echo "SKIPPED: $1"
    exit 77
}

[ "$(id -u)" = 0 ] || skip "not root"
mounted_here=0
if [ ! -e "$dir/register" ]; then
    mount -t binfmt_misc binfmt_misc "$dir" 2>/dev/null || skip "cannot mount binfmt_misc"
    mounted_here=1
fi
work=$(mktemp -d)
cleanup() {
    bash "$register" --targets ppc --name-prefix "$name" --remove >/dev/null
    [ "$mounted_here" = 1 ] && umount "$dir" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
if [ "$(cat "$dir/status" 2>/dev/null)" != enabled ]; then
    skip "binfmt_misc is disabled"
fi
cp "$prog" "$work/argv-echo"
chmod +x "$work/argv-echo"
cd "$work" || exit 1

passed=0 failed=0
# check NAME EXPECTED ACTUAL
check() {
    if [ "$2" = "$3" ]; then
        echo "ok   $1"
        passed=$((passed + 1))
    else
        echo "FAIL $1"
        diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | sed 's/^/    /'
        failed=$((failed + 1))
    fi
}

register() {
    bash "$register" --bindir "$(dirname "$mimic")" --targets ppc \
        --name-prefix "$name" --flags "$1" >/dev/null
}

if ! register FP; then
    echo "FAIL register with flags FP"
    echo "0 passed, 1 failed"
    exit 1
fi
check "entry names mimic-ppc, flags P and F" \
    "interpreter $mimic flags: PF" \
    "$(sed -n 's/^interpreter /interpreter /p; s/^flags: /flags: /p' \
        "$dir/${name}ppc" | paste -sd ' ')"
check "./prog runs under mimic" \
    "argv[0] = ./argv-echo
argv[1] = one
argv[2] = two words
/proc/self/exe is argv[0]: yes" "$(./argv-echo one 'two words' 2>&1)"
check "flag P keeps argv[0]" \
    "argv[0] = custom-name
argv[1] = x
/proc/self/exe is argv[0]: no" "$(bash -c 'exec -a custom-name ./argv-echo x' 2>&1)"

register F
check "without P argv[0] is the program's path" \
    "argv[0] = $work/argv-echo
argv[1] = x
/proc/self/exe is argv[0]: yes" "$(bash -c 'exec -a custom-name ./argv-echo x' 2>&1)"

bash "$register" --targets ppc --name-prefix "$name" --remove >/dev/null
# Another handler for PowerPC (qemu-user-binfmt) would still run it.
if grep -qs '^magic 7f454c46010201' "$dir"/* ; then
    echo "skip after --remove: another PowerPC handler is registered"
else
    ./argv-echo >/dev/null 2>&1
    check "after --remove the kernel refuses it" 126 "$?"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
