#!/usr/bin/env python3
"""Generate tests/unit/ppc-exec-cases.inc: PowerPC instruction snippets with
the register and memory state qemu-ppc (the oracle) leaves after them.

Each case runs from fixed initial registers; a harness ELF sets them, runs
the snippet at SNIPPET_ADDR, and prints r0-r29, CR, XER, CTR, LR and the
256-byte scratch area at SCRATCH_ADDR.  The harness keeps its save area
address (SAVE_ADDR) in r31: a snippet that overwrites r31 restores it.  test-ppc-exec.c runs the same words
under mimic and compares.  Needs powerpc-linux-gnu-gcc and qemu-ppc:

    tests/unit/gen-ppc-exec-cases.py > tests/unit/ppc-exec-cases.inc
"""
import os
import struct
import subprocess
import sys
import tempfile

SNIPPET_ADDR = 0x10020000
SCRATCH_ADDR = 0x10010000
SAVE_ADDR = 0x10030000
SCRATCH = bytes((i * 37 + 11) & 0xff for i in range(256))

# Registers r30/r31 belong to the harness.  Defaults for the others:
DEFAULT_REGS = {i: (0x01010101 * i) & 0xffffffff for i in range(30)}
DEFAULT_REGS[29] = SCRATCH_ADDR

CASES = [
    # name, initial registers / special registers, assembly
    ("addi-addis", {3: 0x7fffffff},
     "addi 4,3,1\naddis 5,3,0x8000\nli 6,-2\nlis 7,0x1234\naddi 8,0,100"),
    ("add-forms", {3: 0x7fffffff, 4: 1, 5: 0xffffffff},
     "add 6,3,4\nadd. 7,3,4\naddo 8,3,4\naddo. 9,5,5\nadd. 10,5,4"),
    ("carry-chain", {3: 0xffffffff, 4: 1, 5: 0x80000000},
     "addc 6,3,4\nadde 7,4,4\naddc 8,4,4\nadde 9,3,3\naddze 10,5\naddme 11,4\naddic 12,3,1\naddic. 13,5,-1"),
    # extended adds whose destination is an operand, carry in set
    ("carry-same-reg", {3: 0xffffffff, 4: 0xffffffff, 5: 0x80000000, 6: 0},
     "addc 7,3,3\naddze 4,4\nmfxer 8\naddc 9,5,5\nadde 5,5,5\nmfxer 10\nsubfc 11,6,3\nsubfze 6,6\nmfxer 12\naddc 13,3,3\nsubfe 3,3,3\nmfxer 14\nsubfe. 17,5,5\nmfxer 18\naddc 19,6,6\nsubfe 20,4,4\nmfxer 21\nsubfeo 22,4,4\naddc 15,4,4\naddme 4,4\nmfxer 16"),
    ("carry-overflow", {3: 0x80000000, 4: 0xffffffff},
     "addco. 6,3,3\naddeo 7,3,4\naddmeo 8,3\naddzeo. 9,4"),
    ("subf-forms", {3: 5, 4: 3, 5: 0x80000000, 6: 1},
     "subf 7,3,4\nsubfc 8,3,4\nsubfe 9,4,3\nsubfc. 10,4,3\nsubfe 11,3,3\nsubfo. 12,6,5\nsubfic 13,3,2\nsubfic 14,3,5\nsubfze 15,3\nsubfme 16,4"),
    ("subf-overflow", {3: 0x7fffffff, 4: 0x80000000, 5: 0},
     "subfo 6,3,4\nsubfco 7,4,3\nsubfeo. 8,4,5\nsubfmeo 9,4\nsubfzeo 10,4"),
    ("neg", {3: 0x80000000, 4: 5, 5: 0},
     "neg 6,4\nnego 7,4\nnego. 8,3\nneg. 9,5"),
    ("so-sticky", {3: 0x7fffffff, 4: 1},
     "addo 5,3,4\naddo 6,4,4\nadd. 7,4,4\nmfxer 8\ncmpw 3,4\nmcrxr 2\nmfxer 9"),
    # XER[SO] is in the TB key: compares after mtxer, mcrxr and an OE form
    # that change it, in the same snippet (a TB ends after each of them)
    ("so-tb-flags", {3: 0x80000000, 4: 1, 5: 0},
     "mtxer 3\ncmpw 4,5\nadd. 6,4,4\nlwarx 10,0,29\nstwcx. 10,0,29\nmfcr 11\nmcrxr 2\ncmpw 1,4,5\naddo 8,3,3\ncmpwi 3,8,0\nmfcr 12\nmtxer 5\ncmpw 5,4,5\nmfxer 9"),
    ("mul", {3: 0x12345678, 4: 0x9abcdef0, 5: 0x7fffffff, 6: 2, 7: -3 & 0xffffffff},
     "mullw 8,3,4\nmulhw 9,3,4\nmulhwu 10,3,4\nmullwo 11,5,6\nmullwo. 12,6,7\nmulhw. 13,7,5\nmulli 14,3,-100\nmulhwu. 15,7,7"),
    ("div", {3: 100, 4: 7, 5: -100 & 0xffffffff, 6: 0x80000000, 7: 0xffffffff, 8: 0},
     "divw 9,3,4\ndivw 10,5,4\ndivwu 11,5,4\ndivw. 12,5,3\ndivwu 13,3,5\ndivwo 14,3,4"),
    ("div-undefined", {3: 100, 6: 0x80000000, 7: 0xffffffff, 8: 0},
     "divw 9,3,8\ndivwu 10,3,8\ndivw 11,6,7\ndivwo 12,6,7\nmfxer 13\nmtxer 8\ndivwuo. 14,3,8\ndivwo. 15,6,7\ndivwuo 16,6,7"),
    ("logic", {3: 0xf0f0ff00, 4: 0x0ff0f0f0},
     "and 5,3,4\nandc 6,3,4\nor 7,3,4\norc 8,3,4\nxor 9,3,4\nnand 10,3,4\nnor 11,3,4\neqv 12,3,4\nand. 13,3,4\nnor. 14,3,3\nmr 15,3\nmr. 16,4"),
    ("logic-imm", {3: 0x12345678},
     "andi. 4,3,0x8001\nandis. 5,3,0x00f0\nandi. 6,3,0x8000\nori 7,3,0xffff\noris 8,3,0x8000\nxori 9,3,0xffff\nxoris 10,3,0x1234\nnop"),
    ("ext-cntlz", {3: 0x1234f680, 4: 0, 5: 1},
     "extsb 6,3\nextsh 7,3\nextsb. 8,5\ncntlzw 9,3\ncntlzw 10,4\ncntlzw. 11,5\nextsh. 12,4"),
    ("compare", {3: 5, 4: 0xfffffffb, 5: 5},
     "cmpw 3,4\ncmplw 1,3,4\ncmpw 7,3,5\ncmpwi 2,4,-5\ncmplwi 3,4,5\ncmpwi 4,3,6\ncmplwi 5,3,0\ncmpw 6,4,3"),
    # a compare and the bc on its field right after it (translated as one
    # branch on the operands); every condition, signed and unsigned, record
    # forms, a loop; the same with XER[SO] set
    ("cmp-branch", {3: 5, 4: 0xfffffffb, 5: 5},
     "cmpw 3,4\nblt 1f\nli 10,1\n1: mfcr 11\ncmplw 1,3,4\nbge 1,2f\nli 12,1\n2: mfcr 13\ncmpw 7,3,5\nbgt 7,3f\nli 14,1\n3: cmpwi 2,4,-5\nble 2,4f\nli 15,1\n4: mfcr 16\ncmplwi 3,4,5\nbeq 3,5f\nli 17,1\n5: cmpw 6,3,5\nbne 6,6f\nli 18,1\n6: mfcr 19\nsubf. 21,3,5\nbeq 7f\nli 22,1\n7: and. 23,3,4\nbne 8f\nli 24,1\n8: mfcr 25\nli 26,0\n9: addi 26,26,1\ncmplwi 4,26,7\nblt 4,9b\nmfcr 27\ncmpw 5,4,3\nbgt- 5,10f\nli 28,1\n10: mfcr 6"),
    ("cmp-branch-so", {3: 5, 4: 0xfffffffb, 5: 5, 20: 0x80000000},
     "mtxer 20\ncmpw 3,4\nblt 1f\nli 10,1\n1: mfcr 11\ncmplw 1,3,4\nbge 1,2f\nli 12,1\n2: mfcr 13\ncmpw 7,3,5\nbgt 7,3f\nli 14,1\n3: cmpwi 2,4,-5\nble 2,4f\nli 15,1\n4: mfcr 16\ncmplwi 3,4,5\nbeq 3,5f\nli 17,1\n5: cmpw 6,3,5\nbne 6,6f\nli 18,1\n6: mfcr 19\nsubf. 21,3,5\nbeq 7f\nli 22,1\n7: and. 23,3,4\nbne 8f\nli 24,1\n8: mfcr 25\nli 26,0\n9: addi 26,26,1\ncmplwi 4,26,7\nblt 4,9b\nmfcr 27\ncmpw 5,4,3\nbgt- 5,10f\nli 28,1\n10: mfcr 6"),
    # instructions between the compare and its bc; some write an operand
    ("cmp-branch-gap", {3: 5, 4: 0xfffffffb, 5: 5},
     "cmpw 3,4\naddi 10,3,1\nrlwinm 11,4,4,0,31\nbgt 1f\nli 12,1\n1: mfcr 13\n"
     "cmplw 2,3,5\nadd 14,3,4\nneg 15,14\nor 16,15,3\nbeq 2,2f\nli 17,1\n2: mfcr 18\n"
     "cmpw 4,3,4\naddi 3,3,-20\nblt 4,3f\nli 19,1\n3: mfcr 20\n"
     "subf. 21,4,5\nxoris 22,21,1\nmulli 23,4,3\nslw 24,3,5\nextsb 25,4\nble 4f\nli 26,1\n4: mfcr 27\n"
     "li 28,0\n5: cmplwi 6,28,9\naddi 28,28,1\nbne 6,5b\nmfcr 6"),
    ("rotate", {3: 0x80000001, 4: 0x12345678, 5: 36, 6: 4},
     "rlwinm 7,4,8,0,31\nrlwinm 8,4,4,0,27\nrlwinm 9,4,28,4,31\nrlwinm 10,4,0,16,31\nrlwinm 11,4,16,24,7\nrlwinm. 12,3,1,31,31\nrlwnm 13,4,5,0,31\nrlwnm 14,4,6,8,15\nclrlwi 15,3,1\nrotlwi. 16,3,31"),
    ("rlwimi", {3: 0x12345678, 4: 0xffffffff, 5: 0, 6: 0xaaaaaaaa},
     "rlwimi 4,3,8,8,15\nrlwimi 5,3,0,16,31\nrlwimi. 6,3,4,28,3\ninslwi 3,6,8,0"),
    ("shift", {3: 0x80000010, 4: 4, 5: 32, 6: 31, 7: 0x3f, 8: 0x24},
     "slw 9,3,4\nslw 10,3,5\nsrw 11,3,4\nsrw 12,3,6\nslw. 13,3,7\nsrw 14,3,8\nslw 15,3,6"),
    ("sraw", {3: 0x80000010, 4: 4, 5: 32, 6: 0x80000000, 7: 0x7ffffff0, 8: 31, 9: 63},
     "sraw 10,3,4\nmfxer 11\nsraw 12,6,5\nmfxer 13\nsraw 14,7,4\nmfxer 15\nsraw. 16,6,8\nmfxer 17\nsraw 18,7,9\nmfxer 19\nsraw 20,3,9\nmfxer 21"),
    # counts of 32 and more, 64 (bit 6 ignored), INT_MIN, -1
    ("sraw-counts", {3: 0x80000000, 4: 0xffffffff, 5: 64, 6: 0x7fffffff, 7: 33, 8: 0x80000001, 9: 0},
     "sraw 10,3,7\nmfxer 11\nsraw 12,4,5\nmfxer 13\nsraw 14,6,7\nmfxer 15\nsraw 16,8,9\nmfxer 17\nsraw 18,8,5\nmfxer 19\nsrawi 20,8,1\nmfxer 21\nsrawi 22,3,31\nmfxer 23\nsraw 24,4,7\nmfxer 25"),
    ("srawi", {3: 0x80000010, 4: 0xfffffff0, 5: 0x7fffffff},
     "srawi 6,3,4\nmfxer 7\nsrawi 8,3,5\nmfxer 9\nsrawi 10,4,4\nmfxer 11\nsrawi. 12,4,0\nmfxer 13\nsrawi 14,5,31\nmfxer 15\nsrawi 16,3,31\nmfxer 17"),
    ("cr-logic", {"cr": 0x12345678},
     "crand 0,1,2\ncrandc 5,6,7\ncreqv 8,9,10\ncrnand 13,14,15\ncrnor 16,17,18\ncror 21,22,23\ncrorc 24,25,26\ncrxor 29,30,31\ncrclr 3\ncrset 4\ncrxor 1,1,1\nmfcr 3"),
    ("cr-moves", {3: 0x9abcdef1, "cr": 0x12345678},
     "mcrf 0,7\nmcrf 5,1\nmfcr 4\nmtcrf 0x81,3\nmfcr 5\nmtocrf 0x10,3\nmfcr 6\nmfocrf 7,0x20"),
    ("isel", {3: 11, 4: 22, "cr": 0x84000000, "cpu": "e500mc"},
     "isel 5,3,4,0\nisel 6,3,4,1\nisel 7,0,4,0\nisel 8,3,4,2"),
    ("xer-spr", {3: 0xe000007f, 4: 0x12345678, "cpu": "7400"},
     "mtxer 3\nmfxer 5\nmtctr 4\nmfctr 6\nmtlr 3\nmflr 7\nmtspr 256,4\nmfspr 8,256\nli 9,0\nmtxer 9\naddic 10,9,0\nmfspr 11,1"),
    ("loads", {},
     "lwz 3,0(29)\nlbz 4,1(29)\nlhz 5,2(29)\nlha 6,6(29)\nlha 7,4(29)\nli 20,8\nlwzx 8,29,20\nlbzx 9,29,20\nlhzx 10,29,20\nlhax 11,29,20\nlwbrx 12,29,20\nlhbrx 13,29,20\naddi 21,29,16\nlwz 14,-4(21)\nlbz 15,0x7f(29)"),
    ("load-update", {},
     "mr 3,29\nlwzu 4,4(3)\nlbzu 5,1(3)\nlhzu 6,1(3)\nlhau 7,2(3)\nli 20,3\nlwzux 8,3,20\nlbzux 9,3,20\nlhzux 10,3,20\nlhaux 11,3,20\nmr 12,3"),
    ("stores", {3: 0x11223344, 4: 0xa5b6c7d8},
     "stw 3,0(29)\nsth 4,4(29)\nstb 4,7(29)\nli 20,8\nstwx 4,29,20\nli 20,12\nsthx 3,29,20\nli 20,15\nstbx 3,29,20\nli 20,16\nstwbrx 3,29,20\nli 20,20\nsthbrx 3,29,20\nmr 5,29\nstwu 4,24(5)\nstbu 3,4(5)\nsthu 3,1(5)\nli 20,5\nstwux 3,5,20\nsthux 4,5,20\nstbux 4,5,20"),
    ("lmw-stmw", {25: 0xdeadbeef, 26: 0x01234567, 27: 0x89abcdef, 28: 0x55aa55aa},
     "mr 19,29\nstmw 25,16(19)\nlmw 20,4(19)\nlis 31,0x1003  # the harness base"),
    ("string", {3: 0x41424344, 4: 0x45464748, 5: 0x494a4b4c},
     "addi 6,29,64\nstswi 3,6,11\nlswi 10,29,7\nlswi 14,6,32\naddi 7,29,100\nstswi 3,7,1\nlswi 12,29,2"),
    ("string-x", {3: 0x41424344, 4: 0x45464748, 5: 0x494a4b4c, 6: 9},
     "mtxer 6\naddi 7,29,64\nli 8,4\nstswx 3,7,8\nlswx 10,29,8\nli 9,0\nmtxer 9\nlswx 14,29,8"),
    ("reservation", {3: 0x77777777},
     "lwarx 4,0,29\nstwcx. 3,0,29\nmfcr 5\nstwcx. 3,0,29\nmfcr 6\nlwarx 7,0,29\nli 20,4\nstwcx. 3,29,20\nmfcr 8\nlwarx 9,29,20\nstw 4,4(29)\nstwcx. 3,29,20\nmfcr 10\nlwz 11,4(29)"),
    ("lwarx-eh", {3: 0x12345678},
     ".long 0x7c80e829  # lwarx 4,0,29,1: the EH hint bit\nstwcx. 3,0,29\nmfcr 5\nlwz 6,0(29)"),
    ("ctr-returns", {"ctr": 3},
     "bl 1f\nb 2f\n1:\nmflr 9\naddi 4,4,1\nbdnzlr\nli 5,7\nblr\n2:\nmtlr 9\nli 6,0\nmtctr 6\nbdzlrl\nmflr 7\nli 8,1"),
    ("dcbz", {},
     "li 20,0x47\ndcbz 29,20\ndcbt 0,29\ndcbf 0,29\ndcbst 0,29\nicbi 0,29\nsync\nisync\neieio\nlwz 3,32(29)\nlwz 4,64(29)"),
    ("branch", {3: 0},
     "li 4,0\nb 1f\nli 4,1\n1:\nbl 2f\n2:\nmflr 5\ncmpwi 3,0\nbeq 3f\nli 4,2\n3:\nbne 4f\naddi 4,4,16\n4:\naddi 4,4,1"),
    ("bdnz-loop", {"ctr": 5},
     "li 3,0\n1:\naddi 3,3,3\nbdnz 1b\nmfctr 4\nli 5,3\nmtctr 5\nli 6,0\n2:\naddi 6,6,1\ncmpwi 6,10\nbdnzf 2,2b\nmfctr 7"),
    ("bc-ctr-forms", {"ctr": 1, "cr": 0x20000000},
     "li 3,0\nbdz 1f\nli 3,1\n1:\nli 5,2\nmtctr 5\nli 4,0\nbdnzt 2,2f\nli 4,1\n2:\nmfctr 6\nli 5,1\nmtctr 5\nli 7,0\nbdzf 2,3f\nli 7,1\n3:\nbdnzt 2,4f\nli 8,5\n4:\nmfctr 9"),
    ("blr-bctr", {},
     "bl 1f\nli 3,99\nb 3f\n1:\nmflr 4\naddi 4,4,4\nmtctr 4\nli 3,7\nbctr\nli 3,55\nli 6,8\n3:\nbl 4f\nb 5f\n4:\nli 7,9\nblr\n5:\nli 8,10"),
    ("blrl-bcctrl", {},
     "bl 1f\n1:\nmflr 3\naddi 4,3,24\nmtctr 4\nbctrl\nmflr 5\nb 2f\nli 6,1\nmflr 7\nblr\n2:\naddi 4,3,52\nmtlr 4\nblrl\nmflr 8\nb 3f\nmflr 9\nblr\n3:\nnop"),
    ("cond-return", {"cr": 0x80000000},
     "bl 1f\nb 2f\n1:\nmflr 9\nbgelr\nli 3,1\nbltlr\nli 3,2\n2:\nnop\nli 4,4\nmtlr 9\ncmpwi 4,4\nbnelr\nli 5,5"),
    ("trap-not-taken", {3: 5, 4: 6},
     "tw 4,3,4\ntwi 16,3,5\ntwi 8,3,5\ntweq 3,4\ntwlgt 3,4\ntwi 0,3,3\nli 7,1"),
]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def harness(regs):
    """The fixed part: set registers, jump to the snippet, dump state."""
    lines = [".section .text", ".globl _start", "_start:"]

    def load(reg, val):
        lines.append(f"lis {reg},{(val >> 16) & 0xffff}")
        lines.append(f"ori {reg},{reg},{val & 0xffff}")

    for name, how in (("cr", "mtcr 30"), ("xer", "mtxer 30"),
                      ("ctr", "mtctr 30"), ("lr", "mtlr 30")):
        load(30, regs.get(name, 0))
        lines.append(how)
    for i in range(30):
        load(i, regs.get(i, DEFAULT_REGS[i]))
    lines += ["lis 31,save@ha", "addi 31,31,save@l", "b snippet",
              ".globl back", "back:", "stmw 0,0(31)",
              "mfcr 30", "stw 30,128(31)", "mfxer 30", "stw 30,132(31)",
              "mfctr 30", "stw 30,136(31)", "mflr 30", "stw 30,140(31)",
              "li 0,4", "li 3,1", "mr 4,31", "li 5,144", "sc",
              "li 0,4", "li 3,1", f"lis 4,{SCRATCH_ADDR >> 16}", "li 5,256", "sc",
              "li 0,1", "li 3,0", "sc",
              ".section .bss", "save: .space 256",
              '.section .scratch, "aw"',
              ".byte " + ",".join(str(b) for b in SCRATCH),
              '.section .snippet, "ax"', "snippet:"]
    return "\n".join(lines) + "\n"


def snippet_words(tmp, asm):
    src = os.path.join(tmp, "snip.s")
    obj = os.path.join(tmp, "snip.o")
    binf = os.path.join(tmp, "snip.bin")
    with open(src, "w") as f:
        f.write(asm + "\n")
    run(["powerpc-linux-gnu-as", "-many", "-o", obj, src])
    run(["powerpc-linux-gnu-objcopy", "-O", "binary", "-j", ".text", obj, binf])
    data = open(binf, "rb").read()
    return list(struct.unpack(f">{len(data) // 4}I", data))


def oracle(tmp, regs, asm):
    src = os.path.join(tmp, "case.s")
    exe = os.path.join(tmp, "case")
    with open(src, "w") as f:
        f.write(harness(regs) + asm + "\nb back\n")
    run(["powerpc-linux-gnu-gcc", "-static", "-nostdlib", "-Wl,--build-id=none",
         "-Wl,--no-warn-rwx-segments", "-o", exe, src,
         "-Wl,-Ttext=0x10000000",
         f"-Wl,--section-start=.scratch={SCRATCH_ADDR:#x}",
         f"-Wl,--section-start=.snippet={SNIPPET_ADDR:#x}",
         f"-Wl,--section-start=.bss={SAVE_ADDR:#x}"])
    # isel is e500/Power ISA 2.06; qemu-ppc's default CPU lacks it.
    cpu = ["-cpu", regs["cpu"]] if "cpu" in regs else []
    out = run(["qemu-ppc"] + cpu + [exe], stdout=subprocess.PIPE).stdout
    assert len(out) == 144 + 256, f"oracle printed {len(out)} bytes"
    words = struct.unpack(">36I", out[:144])
    return words, out[144:]


def c_words(words, per_line=6):
    items = [f"0x{w:08x}" for w in words]
    return ",\n".join("        " + ", ".join(items[i:i + per_line])
                      for i in range(0, len(items), per_line))


def main():
    print("/* Generated by tests/unit/gen-ppc-exec-cases.py; expected values")
    print(" * from qemu-ppc.  Do not edit. */")
    print(f"#define CASE_SNIPPET_ADDR 0x{SNIPPET_ADDR:08x}u")
    print(f"#define CASE_SCRATCH_ADDR 0x{SCRATCH_ADDR:08x}u")
    print("static const uint8_t case_scratch_init[256] = {")
    print(c_words(list(SCRATCH), 16).replace("0x000000", "0x"))
    print("};")
    with tempfile.TemporaryDirectory() as tmp:
        print("static const ExecCase exec_cases[] = {")
        for name, regs, asm in CASES:
            code = snippet_words(tmp, asm)
            words, mem = oracle(tmp, regs, asm)
            # r30 and r31 as the harness leaves them: the last special
            # register value it loaded (LR) and the save area address.
            init = [regs.get(i, DEFAULT_REGS[i]) for i in range(30)]
            init += [regs.get("lr", 0), SAVE_ADDR]
            print("{")
            print(f'    .name = "{name}",')
            print(f"    .ncode = {len(code)},")
            print("    .code = {\n" + c_words(code) + "\n    },")
            print("    .init = {\n" + c_words(init) + "\n    },")
            print(f"    .init_cr = 0x{regs.get('cr', 0):08x}, "
                  f".init_ctr = 0x{regs.get('ctr', 0):08x},")
            print("    .gpr = {\n" + c_words(words[:30]) + "\n    },")
            print(f"    .cr = 0x{words[32]:08x}, .xer = 0x{words[33]:08x}, "
                  f".ctr = 0x{words[34]:08x}, .lr = 0x{words[35]:08x},")
            print("    .mem = {\n" + c_words(list(mem), 16).replace("0x000000", "0x")
                  + "\n    },")
            print("},")
        print("};")


if __name__ == "__main__":
    sys.exit(main())
