/*
 * disas.h: disassembly through capstone, for -d logs and decoder tests.
 */
#ifndef UTIL_DISAS_H
#define UTIL_DISAS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum DisasArch {
    DISAS_X86_64,
    DISAS_I386,
    DISAS_PPC32_BE,
    DISAS_PPC64_LE,
} DisasArch;

/* Disassemble size bytes at code (as if at address addr), one instruction
 * per line, to out.  Bytes capstone cannot decode print as .byte lines. */
void disas_dump(FILE *out, DisasArch arch, const void *code, size_t size,
                uint64_t addr);

/* Length of the first instruction at code, or 0 if capstone rejects it.
 * Mnemonic (if mnem != NULL, up to mnem_size bytes) filled too. */
size_t disas_one(DisasArch arch, const void *code, size_t size, uint64_t addr,
                 char *mnem, size_t mnem_size);

#endif
