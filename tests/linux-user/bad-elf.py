#!/usr/bin/env python3
"""Feed mimic-ppc broken and foreign programs; each must give one line
'mimic-ppc: <file>: <problem>' on stderr and exit status 1, never a crash.
A minimal valid program built the same way must run (exit status 42), so
the generator itself is known to produce loadable files.

usage: bad-elf.py path/to/mimic-ppc [workdir]
"""
import os
import struct
import subprocess
import sys
import tempfile

ET_REL, ET_EXEC, ET_DYN = 1, 2, 3
EM_PPC, EM_SPARC = 20, 2
PT_LOAD, PT_INTERP = 1, 3
PF_X, PF_W, PF_R = 1, 2, 4
BASE = 0x10000000

# li r0,1 (exit); li r3,42; sc
CODE = struct.pack(">III", 0x38000001, 0x3860002A, 0x44000002)


def phdr(p_type, offset, vaddr, filesz, memsz, flags, align=0x1000):
    return struct.pack(">IIIIIIII", p_type, offset, vaddr, vaddr, filesz,
                       memsz, flags, align)


def elf(phdrs, entry=None, e_type=ET_EXEC, machine=EM_PPC, phoff=52,
        phnum=None, phentsize=32, ident=None, body=CODE):
    """An ELF32 big-endian file: header, program headers, then body at
    file offset 0x100 (the code segment covers the whole file)."""
    if ident is None:
        ident = b"\x7fELF\x01\x02\x01" + bytes(9)
    if entry is None:
        entry = BASE + 0x100
    if phnum is None:
        phnum = len(phdrs)
    hdr = ident + struct.pack(">HHIIIIIHHHHHH", e_type, machine, 1, entry,
                              phoff, 0, 0, 52, phentsize, phnum, 40, 0, 0)
    data = hdr + b"".join(phdrs)
    data += bytes(0x100 - len(data)) + body
    return data


def text_segment(filesz=0x10C, memsz=0x10C, vaddr=BASE, offset=0,
                 flags=PF_R | PF_X):
    return phdr(PT_LOAD, offset, vaddr, filesz, memsz, flags)


GOOD = elf([text_segment()])


def cases(work):
    """(name, file contents or None for a path given as is, expected)."""
    x86 = "/bin/ls"
    yield "missing", os.path.join(work, "does-not-exist"), None, \
        "No such file or directory"
    yield "directory", work, None, "Is a directory"
    yield "empty", "empty", b"", "not an ELF file"
    yield "text", "text", b"#!/bin/sh\necho hi\n", "not an ELF file"
    if os.path.exists(x86):
        yield "x86-64", x86, None, "wrong ELF class: 64-bit (expected 32-bit)"
    yield "little-endian", "le", \
        b"\x7fELF\x01\x01\x01" + bytes(9) + struct.pack("<HH", 2, 3) + \
        bytes(32), "wrong byte order: little-endian (expected big-endian)"
    yield "sparc", "sparc", elf([text_segment()], machine=EM_SPARC), \
        "wrong machine: SPARC (expected PowerPC)"
    yield "unknown machine", "m999", elf([text_segment()], machine=999), \
        "wrong machine: 999 (expected PowerPC)"
    yield "truncated header", "trunc-hdr", GOOD[:30], "truncated ELF header"
    yield "relocatable", "rel", elf([text_segment()], e_type=ET_REL), \
        "not an executable (ELF type 1)"
    yield "phentsize", "phentsize", elf([text_segment()], phentsize=56), \
        "bad program header size 56"
    yield "no phdrs", "nophdr", elf([], phnum=0), "no program headers"
    yield "phoff past EOF", "phoff", elf([text_segment()], phoff=0x100000), \
        "program headers past end of file"
    yield "phnum huge", "phnum", elf([text_segment()], phnum=65535), \
        "too many program headers (65535)"
    yield "phnum past EOF", "phnum-eof", elf([text_segment()], phnum=300), \
        "program headers past end of file"
    yield "segment past EOF", "seg-eof", \
        elf([text_segment(offset=0x1000, vaddr=BASE + 0x1000)]), \
        "segment 0: data past end of file"
    yield "truncated program", "trunc-prog", GOOD[:0x104], \
        "segment 0: data past end of file"
    yield "filesz > memsz", "filesz", elf([text_segment(memsz=0x10)]), \
        "segment 0: file size larger than memory size"
    yield "unaligned", "unaligned", elf([text_segment(vaddr=BASE + 4)],
                                        entry=BASE + 0x104), \
        "segment 0: address and file offset not congruent modulo the page size"
    yield "overlap", "overlap", \
        elf([text_segment(), phdr(PT_LOAD, 0x100, BASE + 0x100, 0x8, 0x2000,
                                  PF_R | PF_W)]), \
        "segment 1: overlaps or precedes the previous segment"
    yield "out of range", "range", \
        elf([text_segment(vaddr=0xFFFFF000, memsz=0x2000, filesz=0x10C)],
            entry=0xFFFFF100), "segment 0: address out of range"
    yield "entry outside", "entry", elf([text_segment()], entry=0x20000000), \
        "entry point 0x20000000 is outside the executable segments"
    yield "entry not executable", "entry-nx", \
        elf([text_segment(flags=PF_R)]), \
        "entry point 0x10000100 is outside the executable segments"
    yield "no PT_LOAD", "noload", elf([phdr(6, 52, BASE + 52, 32, 32, PF_R)]),\
        "no loadable segments"
    yield "dynamic", "interp", \
        elf([phdr(PT_INTERP, 0x100, BASE + 0x100, 4, 4, PF_R),
             text_segment()]), \
        "dynamically linked programs are not supported yet (issue 4)"


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60)
    return p.returncode, p.stderr.decode(errors="replace")


def main():
    mimic = sys.argv[1]
    work = tempfile.mkdtemp(prefix="bad-elf-")
    failures = 0
    count = 0
    for name, path, data, problem in cases(work):
        count += 1
        if data is not None:
            path = os.path.join(work, path)
            with open(path, "wb") as f:
                f.write(data)
        rc, err = run([mimic, path])
        want = "mimic-ppc: %s: %s\n" % (path, problem)
        if rc != 1 or err != want:
            failures += 1
            print("FAIL %s: exit %d, stderr %r (want exit 1, %r)"
                  % (name, rc, err, want))
        else:
            print("ok   %s" % name)
    # The same generator makes a loadable program: exit(42) on both
    # code generators.
    good = os.path.join(work, "good")
    with open(good, "wb") as f:
        f.write(GOOD)
    for accel in ("interp", "jit"):
        count += 1
        rc, err = run([mimic, "-accel", accel, good])
        if rc != 42 or err:
            failures += 1
            print("FAIL good program (%s): exit %d, stderr %r" % (accel, rc, err))
        else:
            print("ok   good program (%s)" % accel)
    print("%d of %d passed" % (count - failures, count))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
