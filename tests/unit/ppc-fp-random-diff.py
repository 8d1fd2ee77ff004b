#!/usr/bin/env python3
"""Random differential test of the PowerPC floating-point arithmetic:
mimic-ppc against qemu-ppc (the oracle).

Builds one static guest program of many cases; each loads four FPRs with
values from a pool of edge cases (zeros, denormals, 2^-1022 and products
rounding to it, the overflow edges of double and single, infinities,
NaNs, singles, doubles that are not singles) or random ones, sets FPSCR to
0 or to FX XX FI FPRF, runs one to four double or single A-form
instructions (sometimes a record form last), and prints the four FPRs,
FPSCR (mffs) and CR1.  Both emulators must print the same lines.
FPSCR[FR] is masked: qemu-ppc does not model it.  An initial FPSCR with
XX set and FX clear is not used: qemu-ppc sets FX on every inexact
result, the manual only on a change of XX from 0 to 1.  Needs
powerpc-linux-gnu-gcc and qemu-ppc.

    tests/unit/ppc-fp-random-diff.py [--seed N] [--cases N] MIMIC [ARGS...]
"""
import argparse
import os
import random
import struct
import subprocess
import sys
import tempfile


def d2u(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


POOL = [0, 1 << 63, 0x3ff0000000000000, 0xbff0000000000000,
        0x0010000000000000, 0x8010000000000000, 0x000fffffffffffff,
        0x0000000000000001, 0x7fefffffffffffff, 0xffefffffffffffff,
        0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000,
        0x7ff4000000000000,
        0x1ffffffffc000000, 0x2000000002000000,  # product rounds to 2^-1022
        0x3c30000000000000, 0x3e10000000000000, 0x47efffffe0000000,
        0x47effffff0000000, 0x3810000000000000, 0x36a0000000000000,
        0x3ff0000000400000, d2u(1e300), d2u(1e-300), d2u(0.1), d2u(3.0),
        d2u(1 / 3), d2u(-2.5), 0x4630000000000000, 0x3fe0000000000000,
        0x2000000000000000, 0x1ff0000000000000, 0x3ff8000000000000,
        0x3380000000000000]
OPS2 = ["fadd", "fsub", "fmul", "fdiv", "fadds", "fsubs", "fmuls", "fdivs"]
OPS3 = ["fmadd", "fmsub", "fnmadd", "fnmsub"]
REGS = ["%[r0]", "%[r1]", "%[r2]", "%[r3]"]


def value(rng):
    r = rng.random()
    if r < 0.5:
        return rng.choice(POOL)
    if r < 0.7:
        return d2u(rng.uniform(-10, 10))
    if r < 0.85:
        single = struct.pack("<f", rng.uniform(-100, 100))
        return d2u(struct.unpack("<f", single)[0])
    return rng.getrandbits(64)


def program(rng, cases):
    out = ["#include <stdint.h>", "#include <stdio.h>", "#include <string.h>",
           "static double dbl(uint64_t u)"
           "{ double d; memcpy(&d, &u, 8); return d; }",
           "static unsigned long long bits(double d)"
           "{ uint64_t u; memcpy(&u, &d, 8); return u; }",
           "int main(void)", "{", "    double f0, f1, f2, f3, fs;",
           "    uint32_t cr;"]
    for n in range(cases):
        vals = [value(rng) for _ in range(4)]
        seq = []
        for _ in range(rng.randint(1, 4)):
            d = rng.choice(REGS)
            if rng.random() < 0.35:
                srcs = ",".join(rng.choice(REGS) for _ in range(3))
                seq.append(f"{rng.choice(OPS3)} {d},{srcs}")
            else:
                srcs = ",".join(rng.choice(REGS) for _ in range(2))
                seq.append(f"{rng.choice(OPS2)} {d},{srcs}")
        if rng.random() < 0.2:
            seq[-1] = seq[-1].replace(" ", ". ", 1)
        init = rng.choice(["0.0", "dbl(0x82024000ull)"])
        text = "\\n\\t".join(seq)
        out.append("    f0 = dbl(%#xull); f1 = dbl(%#xull); f2 = dbl(%#xull);"
                   " f3 = dbl(%#xull);" % tuple(vals))
        out.append(
            f'    asm volatile("mtfsf 0xff,%[z]\\n\\tmtcrf 0xff,%[zr]\\n\\t'
            f'{text}\\n\\tmffs %[fs]\\n\\tmfcr %[cr]"'
            ' : [r0] "+f"(f0), [r1] "+f"(f1), [r2] "+f"(f2), [r3] "+f"(f3),'
            ' [fs] "=&f"(fs), [cr] "=&r"(cr)'
            f' : [z] "f"({init}), [zr] "r"(0)'
            ' : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7");')
        out.append(
            f'    printf("{n} %016llx %016llx %016llx %016llx %08x %08x\\n",'
            " bits(f0), bits(f1), bits(f2), bits(f3),"
            " (uint32_t)bits(fs) & ~0x40000u, cr & 0x0f000000u);")
    out += ["    return 0;", "}"]
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cases", type=int, default=1500)
    ap.add_argument("mimic", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = os.path.join(tmp, "r.c"), os.path.join(tmp, "r")
        with open(src, "w") as f:
            f.write(program(rng, args.cases))
        subprocess.run(["powerpc-linux-gnu-gcc", "-O1", "-static", "-o", exe,
                        src], check=True)
        want = subprocess.run(["qemu-ppc", exe], stdout=subprocess.PIPE,
                              check=True).stdout.decode().splitlines()
        got = subprocess.run(args.mimic + [exe], stdout=subprocess.PIPE
                             ).stdout.decode().splitlines()
        bad = [(w, g) for w, g in zip(want, got) if w != g]
        if bad or len(want) != len(got):
            print(f"seed {args.seed}: {len(bad)} cases differ "
                  f"({len(got)} of {len(want)} lines)")
            lines = open(src).read().splitlines()
            for w, g in bad[:5]:
                n = int(w.split()[0])
                body = [ln for ln in lines if "mffs" in ln][n]
                print(f"  qemu-ppc {w}\n  mimic    {g}\n  {body.strip()}")
            return 1
        print(f"seed {args.seed}: {args.cases} cases identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
