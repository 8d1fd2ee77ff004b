# Busybox applets under test: run by "busybox sh applets.sh" in an empty
# work directory with PATH holding only busybox's applet links, natively
# and under mimic; the outputs must be identical.  Everything printed must
# be deterministic (no times, pids or inode numbers).

section() { echo "== $1"; }

section "sh: loops, functions, arithmetic, strings"
fib() { if [ "$1" -lt 2 ]; then echo "$1"; else echo $(( $(fib $(($1 - 1))) + $(fib $(($1 - 2))) )); fi; }
echo "fib 15 = $(fib 15)"
i=0; sum=0
while [ $i -lt 200 ]; do sum=$((sum + i * i % 7)); i=$((i + 1)); done
echo "sum=$sum"
for w in alpha beta gamma; do printf '%s:%d ' "$w" "${#w}"; done; echo
s="Hello, World"; echo "${s#Hello}" "${s%World}" "${s/o/0}"
case "abc.tar.gz" in *.tar.gz) echo "tarball";; *) echo "other";; esac
set -- one two three; echo "$# args, second=$2"
x=$(( (17 << 3) ^ 0x55 )); echo "x=$x $(( -7 / 2 )) $(( -7 % 2 )) $(( 1 << 62 ))"
( exit 3 ); echo "subshell status $?"
f() { local v=inner; echo "$v"; return 4; }; f; echo "ret $?"

section "seq, sort, uniq, wc, head, tail"
seq 1 20 > nums
seq 5 -1 1 | tr '\n' ' '; echo
seq 1 3 1000 | sort -rn | head -n 3
printf 'b\na\nc\na\nb\na\n' | sort | uniq -c
printf 'zeta 3\nalpha 10\nbeta 2\n' | sort -k2 -n
wc -l nums; wc -c < nums
tail -n 4 nums | tr '\n' ','; echo
seq -w 8 12

section "sed, awk, grep, cut, tr"
printf 'one two\nthree four\nfive six\n' > words
sed -n '2p' words; sed 's/o/0/g' words; sed -e '1d' -e 's/\(f[a-z]*\)/[\1]/' words
awk '{ n += length($0); print NR ": " $2 } END { print "total", n }' words
awk 'BEGIN { x = 3.5; y = 2; printf "%.3f %d %s\n", x * y, 17 % 5, substr("mimic", 2, 3); for (i = 0; i < 3; i++) a[i] = i * i; print a[2] }'
awk -F: '{ print $1 }' /dev/null; echo "a:b:c" | awk -F: '{ print $3 $1, NF }'
grep -n 'f' words; grep -c o words; grep -v three words | grep -E '^(one|five)'
echo "a,b,c,d" | cut -d, -f2,4; echo "abcdefgh" | cut -c3-5
echo "Hello World" | tr 'a-z' 'A-Z'; echo "hello" | tr -d 'l'; echo "aaabbb" | tr -s 'ab'

section "printf, expr, test"
printf '%5d|%-5s|%x|%o|%c|%e\n' 42 ab 255 8 Z 12345.678
printf '%s\n' "quoted \"string\"" 'tab	here'
expr 6 \* 7; expr length "mimic"; expr substr "emulator" 2 4; expr 10 / 3 \| 0
expr "abc123" : '[a-z]*'
[ -f words ] && echo "words is a file"; [ -d . ] && echo "dot is a dir"
test 3 -gt 2 -a "x" != "y" && echo "test ok"

section "md5sum, sha1sum, sha256sum, sha512sum, crc32"
seq 1 1000 > big
md5sum big words; sha1sum big; sha256sum big; sha512sum words | cut -c1-32
crc32 big 2>/dev/null || echo "no crc32"
echo -n "" | md5sum

section "gzip, gunzip, bzip2, bunzip2, tar, cpio"
cp big big.orig
gzip -9 big; ls big.gz >/dev/null && gunzip big.gz && cmp big big.orig && echo "gzip round trip ok"
gzip -c big | md5sum
bzip2 -k big; bunzip2 -c big.bz2 | cmp - big && echo "bzip2 round trip ok"
bzip2 -c words | md5sum
mkdir -p tree/sub; echo leaf > tree/sub/leaf; echo top > tree/top
tar -cf t.tar tree; tar -tf t.tar | sort
mkdir out; tar -xf t.tar -C out; cat out/tree/sub/leaf
tar -czf t.tgz tree; tar -xzOf t.tgz tree/top

section "find, ls, stat, du, basename, dirname"
find tree | sort; find . -name 'leaf' -type f
find tree -type d | sort | xargs echo
ls tree | sort; ls -1 tree/sub
basename /a/b/c.txt .txt; dirname /a/b/c.txt
stat -c '%n %s %F' words tree
du -s tree >/dev/null && echo "du ok"

section "date, od, xxd, hexdump"
date -u -d @1000000000 '+%Y-%m-%d %H:%M:%S %A %j'
date -u -d '2024-02-29 12:34:56' '+%s %B %U'
printf 'mimic\001\377' | od -A x -t x1
printf 'ABCDEFGHIJKLMNOPQRSTUVWXYZ' | xxd
printf '\000\001\002' | od -c
echo hexdump | hexdump -C

section "files: cp, mv, rm, ln, cat, tee, diff, paste"
cp words w2; mv w2 w3; ln -s w3 wl; cat wl | tee w4 | wc -l; rm w3 wl
printf 'a\nb\nd\n' > c1; printf 'a\nc\nd\n' > c2
diff c1 c2; paste c1 c2; paste -s -d+ nums | head -c 30; echo
sort -u c1 c2 | tr '\n' ' '; echo

section "misc: yes, fold, rev, nl, factor, dc, bc-like arithmetic"
yes abc | head -n 3
echo "the quick brown fox jumps over" | fold -w 10
echo "reverse me" | rev
printf 'x\ny\n' | nl
factor 360 1001 65537
echo "2 10 ^ p" | dc
echo "3 4 * 5 + p" | dc
echo "$((2**20))"

section "floating point: awk, bc, dc, printf, seq, sort -g (x87 on i386)"
# (Debian's busybox awk has no math library: no ^, sin, sqrt...)
awk 'BEGIN { p = 1; for (i = 0; i < 100; i++) p *= 2; printf "%.20f %.17g %e %g %d %d\n", 1/3, 0.1, p, 1e-5, 9007199254740993, -7.9 }'
awk 'BEGIN { print 0.1 + 0.2, 1 / 7, 1e16 / 3, 123456789012345678, 100000 * 100000, 4294967296 * 4294967296, int(1e18), int(-3.7), -7 % 3, 7.5 % 2 }'
awk 'BEGIN { for (i = -5; i <= 5; i++) printf "%.0f %.1f %d|", i + 0.5, i * 0.05 + 0.025, i / 2; print "" }'
awk 'BEGIN { printf "%d %i %o %x %u %c\n", 1e18, -1e10, 1e9, 1099511627776, -1, 65; s = 0; for (i = 1; i <= 20000; i++) s += 1 / i; printf "%.15f\n", s }'
seq 1 200 | awk '{ s += $1; ss += $1 * $1 } END { print s, ss, s / NR, ss / NR - (s / NR) * (s / NR) }'
echo 'scale=40; 4*a(1); sqrt(2); e(1); l(10); s(1); c(1); 2^100; 1/7' | bc -l
echo '123456789^5 % 1000007; scale=5; -7/3; 10^-3' | bc
echo '20 k 2 v p 1 3 / p 2 100 ^ p 16 o 255 p' | dc
printf '%f %e %g %.3f %10.4e\n' 3.14159 1e300 0.0001 2.0005 -123.456
seq 0.1 0.3 2.5 | tr '\n' ' '; echo; seq -s, 10 -3 -5; echo
printf '10\n9\n1e3\n-2\n3.5\n0x10\n1.5e-7\n' | sort -g | tr '\n' ' '; echo
printf 'b 2\na 10\nc 1.5\n' | sort -k2,2n
factor 4294967297 1234567890123 18446744073709551615

exit 7
