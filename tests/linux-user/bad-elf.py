#!/usr/bin/env python3
"""Feed mimic-<target> broken and foreign programs; each must give one
line 'mimic-<target>: <file>: <problem>' on stderr and exit status 1, never
a crash.  A minimal valid program built the same way must run (exit status
42), so the generator itself is known to produce loadable files.

usage: bad-elf.py path/to/mimic-ppc
       bad-elf.py --target i386|x86_64 path/to/mimic-<target>
"""
import os
import shutil
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
    yield "interpreter path not a string", "interp", \
        elf([phdr(PT_INTERP, 0x100, BASE + 0x100, 4, 4, PF_R),
             text_segment()]), "bad interpreter path in PT_INTERP"
    for case in interp_cases(work, GOOD, ppc_dynamic):
        yield case


def ppc_dynamic(interp):
    """GOOD with a PT_INTERP naming interp (its string after the code)."""
    s = interp.encode() + b"\0"
    return elf([phdr(PT_INTERP, 0x10C, BASE + 0x10C, len(s), len(s), PF_R),
                text_segment()], body=CODE + s)


def interp_cases(work, good, dynamic):
    """Broken or missing dynamic loaders, for a program made by
    dynamic(interpreter path); the last element of a case is the extra
    mimic options."""
    missing = "/nonexistent-mimic-test/ld.so.1"
    yield "missing interpreter", "dyn-missing", dynamic(missing), \
        "interpreter %s: No such file or directory (give a sysroot with " \
        "-L or MIMIC_LD_PREFIX)" % missing, []
    corrupt = os.path.join(work, "corrupt-ld.so")
    with open(corrupt, "wb") as f:
        f.write(b"\x7fELF garbage")
    yield "corrupt interpreter", "dyn-corrupt", dynamic(corrupt), \
        "interpreter %s: truncated ELF header" % corrupt, []
    text = os.path.join(work, "text-ld.so")
    with open(text, "wb") as f:
        f.write(b"#!/bin/sh\n")
    yield "interpreter not ELF", "dyn-text", dynamic(text), \
        "interpreter %s: not an ELF file" % text, []
    yield "interpreter is a directory", "dyn-dir", dynamic(work), \
        "interpreter %s: Is a directory" % work, []
    root = os.path.realpath(os.path.join(work, "sysroot"))
    os.makedirs(os.path.join(root, "lib"), exist_ok=True)
    yield "sysroot without the loader", "dyn-noroot",\
        dynamic("/lib/ld-mimic-test.so.1"), \
        "interpreter /lib/ld-mimic-test.so.1: not found in the sysroot %s " \
        "nor on the host" % root, ["-L", root]
    with open(os.path.join(root, "lib", "ld-truncated.so"), "wb") as f:
        f.write(good[:0x104])
    yield "truncated loader in the sysroot", "dyn-trunc", \
        dynamic("/lib/ld-truncated.so"), \
        "interpreter %s/lib/ld-truncated.so: segment 0: data past end of " \
        "file" % root, ["-L", root]
    with open(os.path.join(root, "lib", "ld-nested.so"), "wb") as f:
        f.write(dynamic("/lib/ld-truncated.so"))
    yield "loader with its own interpreter", "dyn-nested", \
        dynamic("/lib/ld-nested.so"), \
        "interpreter %s/lib/ld-nested.so: the interpreter asks for an " \
        "interpreter itself" % root, ["-L", root]


# x86: little-endian ELF32 (i386) and ELF64 (x86_64) programs.
EM_386, EM_X86_64, EM_AARCH64 = 3, 62, 183
X86_BASE = 0x400000
X86_CODE = {
    # mov eax, 1; mov ebx, 42; int 0x80
    "i386": bytes([0xB8, 1, 0, 0, 0, 0xBB, 42, 0, 0, 0, 0xCD, 0x80]),
    # mov eax, 60; mov edi, 42; syscall
    "x86_64": bytes([0xB8, 60, 0, 0, 0, 0xBF, 42, 0, 0, 0, 0x0F, 0x05]),
}


def x86_elf(bits, machine, body, e_type=ET_EXEC, interp=False,
            interp_path=None):
    """A little-endian ELF of the given class: header, program headers,
    body at file offset 0x100 in one R+X segment covering the file.
    interp: a PT_INTERP over the code; interp_path: a PT_INTERP naming
    that file (its string after the body)."""
    size = 0x100 + len(body)
    interp_off, interp_len = 0x100, 4
    if interp_path is not None:
        interp = True
        interp_off = size
        interp_len = len(interp_path) + 1
        body += interp_path.encode() + b"\0"
    entry = X86_BASE + 0x100
    if bits == 64:
        ident = b"\x7fELF\x02\x01\x01" + bytes(9)
        ehsize, phentsize = 64, 56
        load = struct.pack("<IIQQQQQQ", PT_LOAD, PF_R | PF_X, 0, X86_BASE,
                           X86_BASE, size, size, 0x1000)
        interp_ph = struct.pack("<IIQQQQQQ", PT_INTERP, PF_R, interp_off,
                                X86_BASE + interp_off, X86_BASE + interp_off,
                                interp_len, interp_len, 1)
        hdr_fmt = "<HHIQQQIHHHHHH"
    else:
        ident = b"\x7fELF\x01\x01\x01" + bytes(9)
        ehsize, phentsize = 52, 32
        load = struct.pack("<IIIIIIII", PT_LOAD, 0, X86_BASE, X86_BASE, size,
                           size, PF_R | PF_X, 0x1000)
        interp_ph = struct.pack("<IIIIIIII", PT_INTERP, interp_off,
                                X86_BASE + interp_off, X86_BASE + interp_off,
                                interp_len, interp_len, PF_R, 1)
        hdr_fmt = "<HHIIIIIHHHHHH"
    phdrs = (interp_ph if interp else b"") + load
    hdr = ident + struct.pack(hdr_fmt, e_type, machine, 1, entry, ehsize, 0,
                              0, ehsize, phentsize, len(phdrs) // phentsize,
                              0, 0, 0)
    data = hdr + phdrs
    return data + bytes(0x100 - len(data)) + body


def x86_cases(target, work):
    bits, machine = (64, EM_X86_64) if target == "x86_64" else (32, EM_386)
    other = "i386" if target == "x86_64" else "x86_64"
    other_bits = 32 if bits == 64 else 64
    other_machine = EM_386 if bits == 64 else EM_X86_64
    good = x86_elf(bits, machine, X86_CODE[target])
    name = "x86-64" if bits == 64 else "i386"
    yield "missing", os.path.join(work, "does-not-exist"), None, \
        "No such file or directory"
    yield "empty", "empty", b"", "not an ELF file"
    yield "text", "text", b"#!/bin/sh\necho hi\n", "not an ELF file"
    yield "other x86 class", other, \
        x86_elf(other_bits, other_machine, X86_CODE[other]), \
        "wrong ELF class: %d-bit (expected %d-bit)" % (other_bits, bits)
    if bits == 32:
        yield "ppc", "ppc", GOOD, \
            "wrong byte order: big-endian (expected little-endian)"
    else:
        yield "ppc", "ppc", GOOD, "wrong ELF class: 32-bit (expected 64-bit)"
    yield "aarch64 machine", "arm", x86_elf(bits, EM_AARCH64, b"\0" * 12), \
        "wrong machine: AArch64 (expected %s)" % name
    yield "unknown machine", "m999", x86_elf(bits, 999, b"\0" * 12), \
        "wrong machine: 999 (expected %s)" % name
    yield "truncated header", "trunc-hdr", good[:30], "truncated ELF header"
    yield "truncated program", "trunc-prog", good[:0x104], \
        "segment 0: data past end of file"
    yield "relocatable", "rel", x86_elf(bits, machine, X86_CODE[target],
                                        e_type=ET_REL), \
        "not an executable (ELF type 1)"
    yield "interpreter path not a string", "interp", \
        x86_elf(bits, machine, X86_CODE[target], interp=True), \
        "bad interpreter path in PT_INTERP"

    def dynamic(path):
        return x86_elf(bits, machine, X86_CODE[target], interp_path=path)
    for case in interp_cases(work, good, dynamic):
        yield case


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60)
    return p.returncode, p.stderr.decode(errors="replace")


def main():
    target = "ppc"
    args = sys.argv[1:]
    if args[:1] == ["--target"]:
        target, args = args[1], args[2:]
    mimic = args[0]
    work = tempfile.mkdtemp(prefix="bad-elf-")
    try:
        return check_all(target, mimic, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def check_all(target, mimic, work):
    failures = 0
    count = 0
    all_cases = cases(work) if target == "ppc" else x86_cases(target, work)
    for case in all_cases:
        name, path, data, problem = case[:4]
        options = case[4] if len(case) > 4 else []
        count += 1
        if data is not None:
            path = os.path.join(work, path)
            with open(path, "wb") as f:
                f.write(data)
        rc, err = run([mimic] + options + [path])
        want = "mimic-%s: %s: %s\n" % (target, path, problem)
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
        f.write(GOOD if target == "ppc" else
                x86_elf(64 if target == "x86_64" else 32,
                        EM_X86_64 if target == "x86_64" else EM_386,
                        X86_CODE[target]))
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
