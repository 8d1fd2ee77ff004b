#!/usr/bin/env python3
"""Random differential test of the PowerPC integer instructions: mimic-ppc
against qemu-ppc (the oracle).

Builds one static guest program of many blocks; each block loads random
values into r3-r28, CR and XER, runs a random sequence of integer
instructions (arithmetic in all OE/Rc forms, logic, compares, CR ops,
rotates, shifts, isel, loads/stores to a scratch area, forward conditional
branches with every BO) and writes r0-r28, CR, XER, CTR, LR and the
scratch area to stdout.  Both emulators must print the same
bytes.  Needs powerpc-linux-gnu-gcc and qemu-ppc.

    tests/unit/ppc-random-diff.py [--seed N] [--blocks N] MIMIC [MIMIC ARGS...]
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile

REGS = list(range(3, 29))   # r29: scratch base, r30/r31: harness
SCRATCH = 512
DUMP = 132  # r0-r28, CR, XER, CTR, LR

XO_ARITH = ["add", "addc", "adde", "subf", "subfc", "subfe", "mullw",
            "divw", "divwu"]
XO_UNARY = ["addme", "addze", "subfme", "subfze", "neg"]
LOGIC = ["and", "andc", "or", "orc", "xor", "nand", "nor", "eqv", "slw",
         "srw", "sraw"]
UNARY_LOGIC = ["extsb", "extsh", "cntlzw"]
CR_LOGIC = ["crand", "crandc", "creqv", "crnand", "crnor", "cror", "crorc",
            "crxor"]
BO_VALUES = [0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13, 16, 17, 18, 19, 20]
LOADS = [("lwz", 4), ("lbz", 1), ("lhz", 2), ("lha", 2)]
STORES = [("stw", 4), ("stb", 1), ("sth", 2)]


def interesting(rng):
    return rng.choice([0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff,
                       0xfffffffe, 0x80000001, 31, 32, 33, 63, 64,
                       rng.getrandbits(32), rng.getrandbits(32),
                       rng.getrandbits(8), rng.getrandbits(16)])


def insn(rng, regs):
    r = lambda: rng.choice(regs)
    k = rng.randrange(19)
    if k == 0:
        op = rng.choice(XO_ARITH)
        suffix = rng.choice(["", "o", ".", "o."])
        return f"{op}{suffix} {r()},{r()},{r()}"
    if k == 1:
        op = rng.choice(XO_UNARY + ["mulhw", "mulhwu"])
        suffix = rng.choice(["", "."] if op.startswith("mulh")
                            else ["", "o", ".", "o."])
        if op.startswith("mulh"):
            return f"{op}{suffix} {r()},{r()},{r()}"
        return f"{op}{suffix} {r()},{r()}"
    if k == 2:
        op = rng.choice(["addi", "addis", "addic", "addic.", "subfic", "mulli"])
        return f"{op} {r()},{r()},{rng.randrange(-32768, 32768)}"
    if k == 3:
        op = rng.choice(LOGIC)
        return f"{op}{rng.choice(['', '.'])} {r()},{r()},{r()}"
    if k == 4:
        op = rng.choice(UNARY_LOGIC)
        return f"{op}{rng.choice(['', '.'])} {r()},{r()}"
    if k == 5:
        op = rng.choice(["andi.", "andis.", "ori", "oris", "xori", "xoris"])
        return f"{op} {r()},{r()},{rng.randrange(65536)}"
    if k == 6:
        return (f"srawi{rng.choice(['', '.'])} {r()},{r()},{rng.randrange(32)}")
    if k == 7:
        sh, mb, me = rng.randrange(32), rng.randrange(32), rng.randrange(32)
        op = rng.choice(["rlwinm", "rlwimi"])
        return f"{op}{rng.choice(['', '.'])} {r()},{r()},{sh},{mb},{me}"
    if k == 8:
        return (f"rlwnm{rng.choice(['', '.'])} {r()},{r()},{r()},"
                f"{rng.randrange(32)},{rng.randrange(32)}")
    if k == 9:
        op = rng.choice(["cmpw", "cmplw"])
        return f"{op} {rng.randrange(8)},{r()},{r()}"
    if k == 10:
        if rng.randrange(2):
            return f"cmpwi {rng.randrange(8)},{r()},{rng.randrange(-32768, 32768)}"
        return f"cmplwi {rng.randrange(8)},{r()},{rng.randrange(65536)}"
    if k == 11:
        op = rng.choice(CR_LOGIC)
        return f"{op} {rng.randrange(32)},{rng.randrange(32)},{rng.randrange(32)}"
    if k == 12:
        return rng.choice([f"mfcr {r()}", f"mtcrf {rng.randrange(256)},{r()}",
                           f"mcrf {rng.randrange(8)},{rng.randrange(8)}",
                           f"mcrxr {rng.randrange(8)}", f"mfxer {r()}",
                           # XER bits 3-24 are reserved: qemu-ppc keeps
                           # them, mimic (like the 750) reads them as 0.
                           f"rlwinm 30,{r()},0,25,2\nmtxer 30"])
    if k == 13:
        return f"isel {r()},{rng.choice([0] + regs)},{r()},{rng.randrange(32)}"
    if k == 14:
        op, size = rng.choice(LOADS + [("lwbrx", 4), ("lhbrx", 2)])
        ofs = rng.randrange(0, SCRATCH - 4) & ~(size - 1)
        if op.endswith("brx"):
            return f"li 30,{ofs}\n{op} {r()},29,30"
        return f"{op} {r()},{ofs}(29)"
    if k == 15:
        return rng.choice([f"mtctr {r()}", f"mfctr {r()}", f"mflr {r()}",
                           f"li 30,{rng.randrange(4)}\nmtctr 30"])
    if k == 16:
        # A forward conditional branch over one to three instructions, any
        # BO the assembler accepts (hint bits included) and BI, with or
        # without LK.
        skipped = "\n".join(insn(rng, regs) for _ in range(rng.randrange(1, 4)))
        op = rng.choice(["bc", "bcl"])
        return (f"{op} {rng.choice(BO_VALUES)},{rng.randrange(32)},1f\n"
                f"{skipped}\n1:")
    if k == 17:
        # A compare (or a record form setting CR0) and, up to five
        # instructions on, a forward bc on a bit of that field, CTR
        # untouched: mimic translates the pair as one branch on the
        # operands when nothing between can disturb them.
        field = rng.randrange(8)
        a, b = r(), r()
        cmp = rng.choice([f"cmpw {field},{a},{b}", f"cmplw {field},{a},{b}",
                          f"cmpw {field},{a},{a}",
                          f"cmpwi {field},{a},{rng.choice([0, 1, -1, 32767])}",
                          f"cmplwi {field},{a},{rng.choice([0, 1, 65535])}"])
        if rng.randrange(4) == 0:
            field = 0
            cmp = rng.choice([f"subf. {r()},{a},{b}", f"and. {r()},{a},{b}",
                              f"addic. {r()},{a},{rng.choice([-1, 1])}",
                              f"addo. {r()},{a},{b}"])
        # Between them, integer instructions that may write the operands
        # (then the compare cannot wait for the branch) or anything else.
        between = [rng.choice([f"addi {r()},{r()},{rng.randrange(-8, 8)}",
                               f"add {r()},{r()},{r()}",
                               f"rlwinm {r()},{r()},{rng.randrange(32)},0,31",
                               f"or {r()},{r()},{r()}", f"neg {r()},{r()}",
                               f"slw {r()},{r()},{r()}", f"extsb {r()},{r()}",
                               f"mulli {r()},{r()},3", f"xoris {r()},{r()},1",
                               insn(rng, regs)])
                   for _ in range(rng.choice([0, 0, 1, 2, 3, 4, 5]))]
        skipped = "\n".join(insn(rng, regs) for _ in range(rng.randrange(1, 4)))
        bo = rng.choice([4, 5, 12, 13])  # those the assembler accepts
        return "\n".join([cmp] + between + [
            f"bc {bo},{4 * field + rng.randrange(4)},1f", skipped, "1:"])
    op, size = rng.choice(STORES + [("stwbrx", 4), ("sthbrx", 2)])
    ofs = rng.randrange(0, SCRATCH - 4) & ~(size - 1)
    if op.endswith("brx"):
        return f"li 30,{ofs}\n{op} {r()},29,30"
    return f"{op} {r()},{ofs}(29)"


def load_imm(reg, val):
    return f"lis {reg},{(val >> 16) & 0xffff}\nori {reg},{reg},{val & 0xffff}"


def program(rng, blocks, length):
    """The assembly source, and each block's random instructions."""
    bodies = []
    out = [".section .text", ".globl _start", "_start:", "li 1,0",
           "lis 29,scratch@ha", "addi 29,29,scratch@l",
           "lis 31,save@ha", "addi 31,31,save@l"]
    for _ in range(blocks):
        for reg in REGS:
            out.append(load_imm(reg, interesting(rng)))
        out.append(load_imm(30, rng.getrandbits(32)))
        out.append("mtcr 30")
        out.append(load_imm(30, rng.getrandbits(3) << 29))
        out.append("mtxer 30")
        # Half the blocks use three registers, so that operands and
        # results often coincide.
        regs = REGS if rng.randrange(2) else rng.sample(REGS, 3)
        body = [insn(rng, regs) for _ in range(length)]
        bodies.append(body)
        out += body
        out += ["stmw 0,0(31)", "mfcr 30", "stw 30,116(31)", "mfxer 30",
                "stw 30,120(31)", "mfctr 30", "stw 30,124(31)", "mflr 30",
                "stw 30,128(31)", "li 0,4", "li 3,1", "mr 4,31", "li 5,132",
                "sc", "li 0,4", "li 3,1", "mr 4,29", f"li 5,{SCRATCH}", "sc"]
    out += ["li 0,1", "li 3,0", "sc",
            ".section .bss", ".align 4", "save: .space 128",
            f"scratch: .space {SCRATCH}"]
    return "\n".join(out) + "\n", bodies


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--blocks", type=int, default=300)
    ap.add_argument("--length", type=int, default=12)
    ap.add_argument("mimic", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = os.path.join(tmp, "r.s"), os.path.join(tmp, "r")
        text, bodies = program(rng, args.blocks, args.length)
        with open(src, "w") as f:
            f.write(text)
        subprocess.run(["powerpc-linux-gnu-gcc", "-static", "-nostdlib",
                        "-Wa,-many", "-o", exe, src], check=True)
        # isel needs a CPU with it in qemu-ppc.
        want = subprocess.run(["qemu-ppc", "-cpu", "e500mc", exe],
                              stdout=subprocess.PIPE, check=True).stdout
        got = subprocess.run(args.mimic + [exe], stdout=subprocess.PIPE).stdout
        block = DUMP + SCRATCH
        for b in range(args.blocks):
            w, g = want[b * block:(b + 1) * block], got[b * block:(b + 1) * block]
            if w != g:
                names = [f"r{i}" for i in range(29)] + ["cr", "xer", "ctr", "lr"]
                print(f"seed {args.seed}: block {b} differs")
                for i, name in enumerate(names):
                    a, c = w[4 * i:4 * i + 4], g[4 * i:4 * i + 4]
                    if a != c:
                        print(f"  {name}: qemu-ppc {a.hex()} mimic {c.hex()}")
                if w[DUMP:] != g[DUMP:]:
                    print("  scratch memory differs")
                print("  block:\n    " + "\n    ".join(bodies[b]))
                return 1
        print(f"seed {args.seed}: {args.blocks} blocks identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
