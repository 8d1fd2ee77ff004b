#!/usr/bin/env bash
# Debian's static busybox under mimic against the same busybox run
# natively: busybox/applets.sh (sh with loops and functions and some
# forty applets) must print the same and exit with the same status, on
# both code generators, with and without -one-insn-per-tb.
#
# usage: busybox.sh ARCH MIMIC [WORKDIR]
#   ARCH   amd64 or i386 (the Debian architecture of busybox-static)
#   MIMIC  mimic-x86_64 or mimic-i386
# busybox comes from $MIMIC_CACHE_DIR (default ~/.cache/mimic)/busybox-ARCH,
# else (amd64) the host's /bin/busybox if it is the static one, else it is
# fetched there with "apt-get download busybox-static:ARCH" (i386 needs
# "dpkg --add-architecture i386" and "apt-get update" first).  Exit 77
# (skipped) if none can be had.
set -u
arch=$1
mimic=$(realpath "$2")
work=${3:-$(mktemp -d)}
script=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/busybox/applets.sh
cache=${MIMIC_CACHE_DIR:-$HOME/.cache/mimic}

find_busybox() {
    local b=$cache/busybox-$arch/bin/busybox
    if [ -x "$b" ]; then
        echo "$b"
        return
    fi
    if [ "$arch" = amd64 ] && [ -x /bin/busybox ] &&
        file -L /bin/busybox 2>/dev/null | grep -q 'statically linked'; then
        echo /bin/busybox
        return
    fi
    mkdir -p "$cache/debs" &&
        (cd "$cache/debs" && apt-get download "busybox-static:$arch") \
            >/dev/null 2>&1 &&
        dpkg-deb -x "$cache"/debs/busybox-static_*_"$arch".deb \
            "$cache/busybox-$arch" && [ -x "$b" ] && echo "$b"
}

busybox=$(find_busybox)
if [ -z "$busybox" ]; then
    echo "SKIP: no busybox-static for $arch (see the header of $0)"
    exit 77
fi

# PATH holds only busybox's applets, so that no host program runs.
mkdir -p "$work/bin"
for applet in $("$busybox" --list); do
    ln -sf "$busybox" "$work/bin/$applet"
done

# run NAME CMD...: run the script in a fresh directory; output in NAME.out,
# status in NAME.status.
run() {
    local name=$1
    shift
    rm -rf "$work/run-$name"
    mkdir -p "$work/run-$name"
    (cd "$work/run-$name" &&
        env -i PATH="$work/bin" LANG=C TZ=UTC timeout 300 \
            "$@" "$busybox" sh "$script" >"$work/$name.out" \
            2>"$work/$name.err" </dev/null)
    echo $? >"$work/$name.status"
}

run native
failed=0
for config in "jit" "interp" "jit -one-insn-per-tb" "interp -one-insn-per-tb"; do
    name=${config// /}
    # shellcheck disable=SC2086
    run "$name" "$mimic" -accel $config
    if cmp -s "$work/native.out" "$work/$name.out" &&
        cmp -s "$work/native.status" "$work/$name.status"; then
        echo "PASS busybox $arch $config"
    else
        failed=1
        echo "FAIL busybox $arch $config: status $(cat "$work/$name.status")" \
             "(native $(cat "$work/native.status"))"
        diff -u "$work/native.out" "$work/$name.out" | head -n 30
        head -n 10 "$work/$name.err"
    fi
done
echo "$(wc -l <"$work/native.out") lines of output compared"
exit $failed
