#!/usr/bin/env bash
# -strace against strace(1): strace-calls.c built for the host, run under
# strace natively and under mimic-x86_64 -strace; from its first call on,
# every line must be the same (the pid, strace's column padding and
# addresses aside).  Skipped (77) where strace or gcc is missing.
# usage: strace-compare.sh MIMIC_X86_64 SOURCE WORKDIR
set -u
mimic=$(realpath "$1") src=$(realpath "$2") work=$3
command -v strace >/dev/null && command -v gcc >/dev/null || exit 77
mkdir -p "$work" && cd "$work" || exit 1
gcc -O2 -static -o strace-calls "$src" || exit 1
# Lines of the main process from the program's first own call (openat of
# /nonexistent) on: mimic also traces the children (lines with other
# pids), strace shows the signals received (--- lines).  Left out: fcntl
# (strace also decodes its result's flags) and clone (strace names its
# arguments).  The children's pids differ from run to run.  strace names
# x86 terminal ioctls with the sound ioctls of the same number.
normalize() {
    sed -n '/openat(.*nonexistent/,$p' |
        awk '/^[0-9]+ / { if (!main) main = $1; if ($1 != main) next }
             { print }' |
        sed -e 's/^[0-9][0-9]* //' -e 's/) *= /) = /' \
            -e 's/0x[0-9a-f]\{6,\}/ADDR/g' \
            -e '/^wait4(/s/= [1-9][0-9]*$/= PID/' \
            -e 's/SNDCTL_[A-Z_]* or //' |
        grep -v -e '^fcntl(' -e '^clone(' -e '^--- '
}
strace -qq -o native.raw ./strace-calls
status_native=$?
"$mimic" -strace ./strace-calls 2>mimic.raw
status_mimic=$?
normalize <native.raw >native.txt
normalize <mimic.raw >mimic.txt
if [ "$status_native" != "$status_mimic" ]; then
    echo "exit status: native $status_native, mimic $status_mimic"
    exit 1
fi
if ! diff -u native.txt mimic.txt; then
    echo "FAIL: -strace differs from strace(1) (above: - strace, + mimic)"
    exit 1
fi
echo "PASS: $(wc -l <native.txt) lines as strace(1) prints them"
