#!/usr/bin/env bash
# The host's own dynamically linked programs under mimic-x86_64 (or
# mimic-i386 for the few 32-bit ones a host may have) with no options:
# each command runs natively (the oracle) and under mimic, and stdout
# and the exit status must be the same.  Programs the host lacks are
# left out; at least 20 must be there.
#
# usage: host-programs.sh MIMIC_X86_64 [-accel jit|interp]
set -u
mimic=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
opts=("$@")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/data"
cd "$work/data" || exit 1
printf 'pear\napple\nfig\napple\n' >fruit.txt
seq 1 5000 >numbers.txt

passed=0 failed=0 missing=0
# case NAME PROGRAM ARGS...: PROGRAM is an absolute path.
case_() {
    local name=$1
    shift
    if [ ! -x "$1" ]; then
        missing=$((missing + 1))
        return
    fi
    timeout 60 "$@" </dev/null >"$work/want" 2>/dev/null
    echo "status $?" >>"$work/want"
    timeout 300 "$mimic" "${opts[@]}" "$@" </dev/null >"$work/got" \
        2>"$work/stderr"
    echo "status $?" >>"$work/got"
    if cmp -s "$work/want" "$work/got"; then
        echo "ok   $name"
        passed=$((passed + 1))
    else
        echo "FAIL $name: $*"
        diff -a "$work/want" "$work/got" | head -n 10 | sed 's/^/    /'
        head -n 5 "$work/stderr" | sed 's/^/    | /'
        failed=$((failed + 1))
    fi
}

case_ true /bin/true
case_ false /bin/false
case_ echo /bin/echo hello world
case_ ls /bin/ls -la --time-style=+ "$work/data"
case_ sort /usr/bin/sort -r fruit.txt
case_ uniq /usr/bin/uniq -c fruit.txt
case_ sed /bin/sed -n 's/p/P/gp' fruit.txt
case_ grep /bin/grep -c 7 numbers.txt
case_ awk /usr/bin/awk '{ s += $1 } END { print s, NR }' numbers.txt
case_ cut /usr/bin/cut -c1-3 fruit.txt
case_ wc /usr/bin/wc numbers.txt
case_ md5sum /usr/bin/md5sum numbers.txt
case_ sha256sum /usr/bin/sha256sum numbers.txt
case_ base64 /usr/bin/base64 fruit.txt
case_ od /usr/bin/od -A x -t x1z fruit.txt
case_ date /bin/date -u -d @1234567890 '+%F %T %A'
case_ expr /usr/bin/expr 6 '*' 7
case_ find /usr/bin/find "$work/data" -name '*.txt'
case_ stat /usr/bin/stat -c '%s %F %a' numbers.txt
case_ df /bin/df --output=fstype,itotal /
case_ gzip /bin/sh -c "/bin/gzip -9c numbers.txt | /bin/gzip -dc | /usr/bin/md5sum"
case_ gzip-direct /bin/gzip -9c numbers.txt
case_ tar /bin/tar --sort=name --mtime=@0 --owner=0 --group=0 -cf - fruit.txt numbers.txt
case_ bash /bin/bash -c 'a=(3 1 2); for i in "${a[@]}"; do echo $((i * i)); done'
case_ dash /bin/dash -c 'i=0; while [ $i -lt 5 ]; do i=$((i+1)); done; echo $i'
case_ python3 /usr/bin/python3 -c 'import json, hashlib, fractions
print(sum(i * i for i in range(10 ** 5)), fractions.Fraction(3, 9))
print(hashlib.sha1(b"mimic").hexdigest(), json.dumps({"k": [1, 2.5, None]}))'
case_ perl /usr/bin/perl -e 'my %h; $h{$_ % 7}++ for 1 .. 10000;
print join(",", map { "$_=$h{$_}" } sort keys %h), "\n"'
case_ git /usr/bin/git --version
case_ sqlite3 /usr/bin/sqlite3 :memory: 'create table t(x); insert into t values (1), (2), (40); select sum(x) from t;'
case_ xz /bin/sh -c "/usr/bin/xz -c numbers.txt | /usr/bin/xz -dc | /usr/bin/tail -n 2"
# multi-threaded: worker threads with locks and a condition variable,
# and xz compressing blocks on two threads (the output does not depend on
# which thread did which block)
case_ python3-threads /usr/bin/python3 -c 'import threading, queue, hashlib
q = queue.Queue(); out = {}; lock = threading.Lock()
def work():
    while (item := q.get()) is not None:
        h = hashlib.sha256(str(item).encode() * 1000).hexdigest()
        with lock: out[item] = h
for i in range(200): q.put(i)
ts = [threading.Thread(target=work) for _ in range(4)]
for t in ts: q.put(None); t.start()
for t in ts: t.join()
print(len(out), hashlib.sha256("".join(out[i] for i in range(200)).encode()).hexdigest())'
case_ xz-threads /usr/bin/xz -T2 --block-size=4KiB -c numbers.txt
case_ bc /bin/sh -c "echo '2^200 % 1000007' | /usr/bin/bc"
case_ diff /usr/bin/diff fruit.txt numbers.txt
case_ readlink-self /bin/readlink /proc/self/exe

echo "$missing programs not installed"
total=$((passed + failed))
if [ "$total" -lt 20 ]; then
    echo "FAIL: only $total of the programs are installed (need 20)"
    failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
