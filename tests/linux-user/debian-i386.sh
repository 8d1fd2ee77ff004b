#!/usr/bin/env bash
# Debian's own dynamically linked i386 programs under mimic-i386 -L ROOT
# against the same programs run natively: gawk, coreutils, bc, python3.11,
# perl, sqlite3 and the compressors, with their floating point (x87 in
# Debian's i386 code), threads, fork and pipes.  Every command must print
# the same and exit with the same status on both code generators, and with
# -one-insn-per-tb.
#
# usage: debian-i386.sh MIMIC [WORKDIR]
#   MIMIC  mimic-i386
# The packages are fetched once with "apt-get download PKG:i386" into
# $MIMIC_CACHE_DIR (default ~/.cache/mimic)/debian-i386/debs and unpacked
# with dpkg-deb -x into .../debian-i386/root (i386 needs "dpkg
# --add-architecture i386" and "apt-get update" first: see
# scripts/install-deps.sh).  Exit 77 (skipped, not passed) if they cannot
# be had.
#
# The native run: the host kernel runs i386 code itself; each program is
# started through ROOT's dynamic loader with ROOT's libraries
# (ld-linux.so.2 --library-path).  Under mimic the same program is run as
# "mimic-i386 -L ROOT ROOT/usr/bin/PROG", the way qemu-user runs it.
set -u
mimic=$(realpath "$1")
work=${2:-$(mktemp -d)}
cache=${MIMIC_CACHE_DIR:-$HOME/.cache/mimic}/debian-i386
root=$cache/root

# The programs, and the libraries they need that libc6 does not bring.
packages="libc6 libgcc-s1 gawk libmpfr6 libgmp10 libsigsegv2 libreadline8
    libtinfo6 coreutils libacl1 libattr1 libselinux1 libpcre2-8-0 bc
    python3.11-minimal libpython3.11-minimal libpython3.11-stdlib
    libffi8 libexpat1 zlib1g perl-base libcrypt1 sqlite3 libsqlite3-0 xz-utils liblzma5 bzip2 libbz2-1.0 gzip zstd
    libzstd1 liblz4-1 libmd0"

# ROOT/.packages names what ROOT was unpacked from: a changed list fetches
# again.
fetch() {
    local want
    # shellcheck disable=SC2086,SC2116
    want=$(echo $packages) # one line
    [ "$(cat "$root/.packages" 2>/dev/null)" = "$want" ] && return 0
    mkdir -p "$cache/debs" || return 1
    local p list=""
    for p in $packages; do
        list="$list $p:i386"
    done
    # shellcheck disable=SC2086
    (cd "$cache/debs" && apt-get download $list) >"$cache/fetch.log" 2>&1 ||
        return 1
    rm -rf "$root"
    for p in $packages; do
        # shellcheck disable=SC2012
        dpkg-deb -x "$(ls -t "$cache/debs/${p}_"*_i386.deb | head -n 1)" \
            "$root" || return 1
    done
    echo "$want" >"$root/.packages"
}

if ! fetch; then
    echo "SKIP: Debian i386 packages not available (see the header of $0;" \
         "apt-get's words in $cache/fetch.log)"
    exit 77
fi

mkdir -p "$work"
cd "$work" || exit 1
libs=$root/lib/i386-linux-gnu:$root/usr/lib/i386-linux-gnu
export PERL5LIB=$root/usr/lib/i386-linux-gnu/perl-base
export LANG=C TZ=UTC

# g PROG ARGS...: ROOT's program, natively or under mimic ($how).
g() {
    local prog=$root/usr/bin/$1
    [ -x "$prog" ] || prog=$root/bin/$1
    shift
    if [ "$how" = native ]; then
        "$root/lib/ld-linux.so.2" --library-path "$libs" "$prog" "$@"
    else
        # shellcheck disable=SC2086
        "$mimic" $how -L "$root" "$prog" "$@"
    fi
}

# shellcheck disable=SC2016
cases() {
    echo "== gawk"
    g gawk 'BEGIN { printf "%.20f %.17g %e %g %d\n", 1/3, 0.1, 2^100, 1e-5, 2^53 + 1
        print 2^1024, int(-3.7), 7 % 3, -7 % 3, 2 ** 0.5, exp(1), atan2(0, -1), sin(1), cos(1), log(10)
        x = 0; for (i = 0; i < 10; i++) x += 0.1; printf "%.30g %d\n", x, x == 1
        printf "%d %i %o %x %u\n", 1e18, -1e10, 1e9, 2^40, -1
        for (i = -5; i <= 5; i++) printf "%.0f %.1f|", i + 0.5, i * 0.05 + 0.025; print ""
        print strftime("%Y-%m-%d %H:%M:%S", 1234567890, 1), mktime("2020 01 02 03 04 05")
        n = split("3.5 1e3 -2 10 0x1A 9", a); asort(a); for (i = 1; i <= n; i++) printf "%s ", a[i]; print "" }'
    g seq 1 2000 | g gawk '{ s += $1; ss += $1 * $1 } END { print s, ss, s / NR, sqrt(ss / NR - (s / NR) ^ 2) }'
    g gawk -M 'BEGIN { print 2^200, 3^100 % 1000007 }'

    echo "== coreutils"
    g seq 0.1 0.37 4.2 | g tr '\n' ' '; echo
    g seq -f '%.25Lg' 1e-10 0.3e-10 2e-10
    g printf '%Lf %Le %La %.20Lg %.30f %a %g\n' 3.14159265358979323846 1e-300 0.1 2.5 0.1 0.1 1e100
    printf '10\n9\n1e3\n-2\n3.5\n0x10\nnan\ninf\n-inf\n1.5e-7\n1e-4950\n' >fl
    g sort -g fl | g tr '\n' ' '; echo; g sort -n fl | g tr '\n' ' '; echo
    g numfmt --to=iec 1234567 123 99999999999; g numfmt --to=si --format='%.3f' 1234567
    g numfmt --from=iec 1.5K 2M
    g factor 1234567890123 18446744073709551557 340282366920938463463374607431768211297
    g date -d '2024-02-29 13:45:12' '+%s %A %j %U %V %G'; g date -u -d @4102444800
    g seq 1 30000 >f
    g sha512sum f; g sha256sum f; g md5sum f; g b2sum f; g cksum f
    g od -A x -t f8 -t f4 -N 32 f; g od -t fL -N 16 f
    g split -n 3 f part; g wc -l part*; g stat -c '%s %F' f

    echo "== bc"
    echo 'scale=50; 4*a(1); sqrt(2); e(1); l(10); s(1); c(1); 2^200; 1/7' | g bc -l

    echo "== python3.11"
    g python3.11 -c '
import math, struct, decimal, fractions, statistics, random, threading, os, sys, json, zlib
print(math.pi, math.sqrt(2), math.sin(1e22), math.exp(700), math.log(1e-300), math.gamma(5.5), math.lgamma(100.5), math.erf(0.5), math.fsum([0.1] * 10), math.hypot(3e200, 4e200))
print(repr(0.1 + 0.2), 1 / 3, 1e23, 1.7976931348623157e308 * 10, round(2.675, 2), format(1234567.891, ",.2f"), "%.17g" % 0.1, (0.1).hex(), 5e-324, float.fromhex("0x1.fffffffffffffp+1023"))
print(struct.pack("<dfq", 1.5, -2.25, -1).hex(), struct.pack("e", 0.1).hex(), struct.calcsize("P"), sys.maxsize)
print(decimal.Decimal(1) / decimal.Decimal(7), fractions.Fraction(3, 7) + fractions.Fraction(1, 3), statistics.stdev([1, 2, 3, 4, 5.5]))
random.seed(42); print(random.random(), random.gauss(0, 1), random.sample(range(100), 5))
print(json.dumps({"a": [1, 2.5, None, 1e100]}), zlib.crc32(b"hello"), int("9" * 50) // 7, pow(3, 1000, 10**9 + 7))
res = []
def work(i): res.append(sum(j * j for j in range(i * 1000)))
ts = [threading.Thread(target=work, args=(i,)) for i in range(6)]
[t.start() for t in ts]; [t.join() for t in ts]; print(sorted(res))
r, w = os.pipe(); pid = os.fork()
if pid == 0:
    os.write(w, b"from the child"); os._exit(3)
print(os.read(r, 100), os.waitpid(pid, 0)[1] >> 8)
print(f"{math.pi:.50f}", sum(1 / k**2 for k in range(1, 20000)))'

    echo "== perl"
    g perl -e 'printf "%.20f %e %g %s %s\n", 1/3, 1e300*10, 0.1+0.2, 2**53+1, 9**20;
        print 10/3, " ", 1e21, " ", int(-3.7), " ", sqrt(2), " ", exp(1), " ", log(10), " ", atan2(1,1)*4, "\n";
        my @a = sort { $a <=> $b } (3.5, -1, 1e3, 2, 0.5); print "@a\n";
        $_ = "The quick brown fox 42 jumps 3.14"; my @n = /(\d+(?:\.\d+)?)/g; print "@n\n"; s/(\w+)/\u$1/g; print "$_\n";
        print unpack("H*", pack("f d q", 0.1, 0.1, -5)), "\n"; printf "%.0f %.0f %.0f %.0f\n", 0.5, 1.5, 2.5, -0.5;
        my $s = 0; $s += 1/$_ for 1..20000; printf "%.15f\n", $s;
        my $pid = fork(); if ($pid == 0) { exit 5 } waitpid($pid, 0); print "child status ", $? >> 8, "\n"'

    echo "== sqlite3"
    g sqlite3 :memory: <<'SQL'
create table t(id integer primary key, x real, s text);
with recursive c(i) as (select 1 union all select i+1 from c where i<2000) insert into t select i, i*0.1 + 1.0/i, 'row'||i from c;
select count(*), sum(x), avg(x), min(x), max(x), total(x) from t;
select printf('%.20f %e %g %5.2f|%-8s|%08.3f %d %x %q', 1.0/3, 1e300, 0.1, 3.14159, 'ab', -2.5, 1<<40, 255, 'it''s');
select 0.1+0.2, 1e308*10, 9223372036854775807+1, 5/2, 5.0/2, -5%3, round(2.5), round(-2.5), round(1.005,2);
select strftime('%Y-%m-%d %H:%M:%f %j %W %s %w', '2024-02-29 13:45:12.345'), julianday('2000-01-01'), datetime(1700000000, 'unixepoch');
with recursive fib(a,b,n) as (select 0,1,0 union all select b,a+b,n+1 from fib where n<90) select max(a) from fib;
with recursive m(x,y,it) as (select 0.0, 0.0, 0 union all select x*x-y*y+0.3, 2*x*y+0.5, it+1 from m where it<30 and x*x+y*y<4) select it, printf('%.15f %.15f', x, y) from m order by it desc limit 1;
select cast('3.7abc' as real), cast(3.99 as integer), cast(1e20 as integer), sqrt(2), exp(1), ln(10), sin(1), atan2(1,1);
select v, rank() over (order by v), sum(v) over (order by v rows between 1 preceding and current row) from (select x as v from t where id % 400 = 0);
SQL

    echo "== compressors"
    for c in gzip bzip2 xz zstd; do
        g $c -6 -c f >f.$c
        g $c -d -c f.$c | cmp - f && echo "$c: round trip, $(wc -c <f.$c) bytes"
    done
    g head -c 100000 f >f2
    g xz -T2 -3 -c f2 | g xz -d | g md5sum
    g zstd -q -T2 -3 -c f2 | g zstd -d | g md5sum
}

how=native
cases >native.out 2>&1
# A program that cannot start natively (a library missing from the
# packages) would fail the same way under mimic: check that each ran.
for want in "^1606938044258990275541962092341162602522202993782792835301376 " \
    "^340282366920938463463374607431768211297: " "^3.14159265358979323846264" \
    "^b'from the child' 3$" "^child status 5$" "^2880067194370816120$" \
    "^zstd: round trip"; do
    if ! grep -q "$want" native.out; then
        echo "FAIL debian-i386: the native run did not print /$want/:"
        head -n 20 native.out
        exit 1
    fi
done
failed=0
for config in "-accel jit" "-accel interp" "-accel jit -one-insn-per-tb"; do
    how=$config
    name=$(echo "$config" | tr -d ' -')
    start=$SECONDS
    cases >"$name.out" 2>&1
    if cmp -s native.out "$name.out"; then
        echo "PASS debian-i386 $config ($((SECONDS - start)) s)"
    else
        failed=1
        echo "FAIL debian-i386 $config"
        diff -u native.out "$name.out" | head -n 30
    fi
done
echo "$(wc -l <native.out) lines of output compared"
exit $failed
