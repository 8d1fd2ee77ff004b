#!/bin/sh
# Install what building and testing mimic needs on Debian, if missing.
# Never installs gcc-multilib or linux-libc-dev:i386 (they remove the
# PowerPC cross compiler / the host toolchain).
set -e

need=""
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_pc() { pkg-config --exists "$1" 2>/dev/null; }

have_cmd gcc || need="$need gcc libc6-dev"
have_cmd meson || need="$need meson"
have_cmd ninja || need="$need ninja-build"
have_cmd pkg-config || need="$need pkg-config"
have_pc capstone || need="$need libcapstone-dev"
have_pc glib-2.0 || need="$need libglib2.0-dev"
have_pc zlib || need="$need zlib1g-dev"
have_pc cmocka || need="$need libcmocka-dev"
have_cmd powerpc-linux-gnu-gcc || need="$need gcc-powerpc-linux-gnu libc6-dev-powerpc-cross"
# i386 guest programs: gcc -m32 (without gcc-multilib, see above)
echo 'int main(void){return 0;}' | gcc -m32 -x c - -o /dev/null 2>/dev/null ||
    need="$need libc6-dev-i386 lib32gcc-12-dev"
# python-tests runs CPython's own regression tests natively and under mimic.
if have_cmd python3.11 && [ ! -d /usr/lib/python3.11/test/support ]; then
    need="$need libpython3.11-testsuite"
fi
# sqlite3-ppc (make check) and make bench unpack Debian source packages.
have_cmd dpkg-source || need="$need dpkg-dev"
# The busybox tests fetch busybox-static:i386 with apt-get download.
add_i386=0
dpkg --print-foreign-architectures 2>/dev/null | grep -qx i386 || add_i386=1
for extra in "$@"; do
    case "$extra" in
    qemu) have_cmd qemu-ppc || need="$need qemu-user" ;;
    # make bench: qemu-user to compare with, gnuplot for the chart.
    bench)
        have_cmd qemu-ppc || need="$need qemu-user"
        have_cmd gnuplot || need="$need gnuplot-nox" ;;
    esac
done

[ -z "$need" ] && [ "$add_i386" = 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
    [ -z "$need" ] && exit 0
    echo "install-deps: missing packages:$need (run as root to install)" >&2
    exit 1
fi
[ "$add_i386" = 1 ] && dpkg --add-architecture i386
export DEBIAN_FRONTEND=noninteractive
# A mirror mid-sync fails one index (e.g. "File has unexpected size"):
# retry, then go on with what was fetched rather than give up.
tries=0
until apt-get update -qq; do
    tries=$((tries + 1))
    if [ "$tries" -ge 3 ]; then
        echo "install-deps: apt-get update failed $tries times; trying the install anyway" >&2
        break
    fi
    sleep 10
done
[ -z "$need" ] && exit 0
echo "install-deps: installing$need"
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $need
