#!/bin/sh
# Register mimic-<target> with the kernel's binfmt_misc, so that guest
# programs run directly (./prog), as with qemu-user-static.
#
# usage: binfmt-register.sh [options]
#   --bindir DIR     where mimic-<target> are (default: beside this script's
#                    build, else the directory of `command -v mimic-ppc`)
#   --targets "T..." guests to register (default: ppc i386 x86_64); the
#                    host's own architecture is always left out
#   --flags FLAGS    binfmt_misc flags (default FP): F opens the emulator
#                    now, so it works in containers and chroots; P keeps
#                    the program's argv[0] (mimic learns of it from
#                    AT_FLAGS, Linux 5.12 and later)
#   --name-prefix P  entry names are P<target> (default mimic-)
#   --remove         remove the entries instead
# Needs root; mounts binfmt_misc on /proc/sys/fs/binfmt_misc if it is not.
set -eu

bindir=""
targets="ppc i386 x86_64"
flags="FP"
prefix="mimic-"
remove=0
while [ $# -gt 0 ]; do
    case "$1" in
    --bindir) bindir=$2; shift 2 ;;
    --targets) targets=$2; shift 2 ;;
    --flags) flags=$2; shift 2 ;;
    --name-prefix) prefix=$2; shift 2 ;;
    --remove) remove=1; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "binfmt-register: unknown option '$1' (try --help)" >&2; exit 1 ;;
    esac
done

case "$flags" in
*[!FPOC]*) echo "binfmt-register: flags are letters of FPOC, not '$flags'" >&2
           exit 1 ;;
esac

dir=/proc/sys/fs/binfmt_misc
if [ ! -e "$dir/register" ]; then
    if ! mount -t binfmt_misc binfmt_misc "$dir" 2>/dev/null; then
        echo "binfmt-register: cannot mount binfmt_misc on $dir (root needed)" >&2
        exit 1
    fi
fi

if [ -z "$bindir" ]; then
    here=$(cd "$(dirname "$0")/.." && pwd)
    if [ -x "$here/build/linux-user/mimic-ppc" ]; then
        bindir=$here/build/linux-user
    elif command -v mimic-ppc >/dev/null 2>&1; then
        bindir=$(dirname "$(command -v mimic-ppc)")
    fi
fi

# ELF class (1: 32-bit, 2: 64-bit), byte order (1: little, 2: big) and
# e_machine of each guest.
elf_id() {
    case "$1" in
    ppc) echo "1 2 20" ;;
    i386) echo "1 1 3" ;;
    x86_64) echo "2 1 62" ;;
    *) return 1 ;;
    esac
}

# Guests this host runs without help.
native_family() {
    case "$(uname -m)" in
    x86_64) echo "i386 x86_64" ;;
    i?86) echo "i386" ;;
    ppc|ppcle) echo "ppc" ;;
    esac
}

# \xHH escapes for each byte value given.
hex() {
    for b in "$@"; do
        printf '\\x%02x' "$b"
    done
}

# The first 20 bytes of an executable (ET_EXEC) of that class, byte order
# and machine, and the mask: any OS ABI, ET_EXEC or ET_DYN (2 or 3).
magic_and_mask() {
    class=$1 data=$2 machine=$3
    lo=$((machine & 255)) hi=$((machine >> 8))
    if [ "$data" = 2 ]; then
        tail="0 2 $hi $lo"
        tail_mask="255 254 255 255"
    else
        tail="2 0 $lo $hi"
        tail_mask="254 255 255 255"
    fi
    magic=$(hex 127 69 76 70 "$class" "$data" 1 0 0 0 0 0 0 0 0 0 $tail)
    mask=$(hex 255 255 255 255 255 255 255 0 255 255 255 255 255 255 255 255 \
           $tail_mask)
}

status=0
for t in $targets; do
    if ! id=$(elf_id "$t"); then
        echo "binfmt-register: unknown target '$t' (ppc, i386, x86_64)" >&2
        status=1
        continue
    fi
    name=$prefix$t
    if [ "$remove" = 1 ]; then
        if [ -e "$dir/$name" ]; then
            echo -1 >"$dir/$name"
            echo "binfmt-register: removed $name"
        fi
        continue
    fi
    case " $(native_family) " in
    *" $t "*) echo "binfmt-register: $t: this host runs it natively, skipped"
              continue ;;
    esac
    emulator=$bindir/mimic-$t
    case "$emulator" in
    /*) ;;
    *) emulator=$(pwd)/$emulator ;;
    esac
    if [ ! -x "$emulator" ]; then
        echo "binfmt-register: $emulator: not found (use --bindir)" >&2
        status=1
        continue
    fi
    [ -e "$dir/$name" ] && echo -1 >"$dir/$name"
    # shellcheck disable=SC2086
    magic_and_mask $id
    if ! printf ':%s:M::%s:%s:%s:%s' "$name" "$magic" "$mask" "$emulator" \
            "$flags" >"$dir/register"; then
        echo "binfmt-register: $name: the kernel refused the entry" >&2
        status=1
        continue
    fi
    echo "binfmt-register: $name -> $emulator (flags $flags)"
done
exit $status
