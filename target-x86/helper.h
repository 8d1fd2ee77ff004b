/*
 * helper.h: C helpers the integer translator calls from TBs (cc_helper.c,
 * int_helper.c).  Helper arguments and results are uint64_t whatever the
 * guest (i386 TL values are zero-extended before the call).
 */
#ifndef TARGET_X86_HELPER_H
#define TARGET_X86_HELPER_H

#include <stdint.h>

#include "target-x86/cpu.h"

/* The six arithmetic flags (CC_*) of a lazy flag state.  Pure. */
uint64_t x86_helper_cc_compute_all(uint32_t cc_op, uint64_t dst, uint64_t src,
                                   uint64_t src2);
/* CF alone (0/1).  Pure. */
uint64_t x86_helper_cc_compute_c(uint32_t cc_op, uint64_t dst, uint64_t src,
                                 uint64_t src2);
/* Condition jcc (0 O, 1 B, 2 Z, 3 BE, 4 S, 5 P, 6 L, 7 LE) of the lazy
 * state (0/1).  Pure. */
uint64_t x86_helper_cc_cond(uint32_t cc_op, uint64_t dst, uint64_t src,
                            uint64_t src2, uint32_t jcc);

/* DIV/IDIV of size 1 << ot bytes on RDX:RAX (AX for bytes) by divisor;
 * raise #DE at env->common.pc on a zero divisor or quotient overflow. */
void x86_helper_div(CPUX86State *env, uint64_t divisor, uint32_t ot);
void x86_helper_idiv(CPUX86State *env, uint64_t divisor, uint32_t ot);

/* RCL/RCR of val (size 1 << ot) by count (already masked, nonzero mod
 * size+1 not required): flags from env's lazy state; leaves the new
 * flags in env (cc_op EFLAGS).  Returns the result. */
uint64_t x86_helper_rcl(CPUX86State *env, uint64_t val, uint64_t count,
                        uint32_t ot);
uint64_t x86_helper_rcr(CPUX86State *env, uint64_t val, uint64_t count,
                        uint32_t ot);

/* CPUID (EAX, ECX in; EAX..EDX out) and RDTSC (EDX:EAX). */
void x86_helper_cpuid(CPUX86State *env);
/* CMPXCHG16B at guest address addr (16-byte aligned, checked by the
 * caller) as one host lock cmpxchg16b: RDX:RAX against memory, RCX:RBX
 * stored if equal, else memory into RDX:RAX.  Returns ZF (1: equal). */
uint64_t x86_helper_cmpxchg16b(CPUX86State *env, uint64_t addr);
void x86_helper_rdtsc(CPUX86State *env);

/* MOV/POP to a segment register; #GP at env->common.pc if the selector
 * cannot be loaded. */
void x86_helper_load_seg(CPUX86State *env, uint32_t seg, uint64_t selector);

/* BCD adjustments on AL/AX with the flags in env (i386 only): they leave
 * cc_op EFLAGS.  AAM raises #DE for a zero base. */
void x86_helper_daa(CPUX86State *env);
void x86_helper_das(CPUX86State *env);
void x86_helper_aaa(CPUX86State *env);
void x86_helper_aas(CPUX86State *env);
void x86_helper_aam(CPUX86State *env, uint32_t base);
void x86_helper_aad(CPUX86State *env, uint32_t base);

/* CRC32 (Castagnoli, bit-reflected) of the low 8 << ... bytes: bytes of
 * val (1, 2, 4 or 8) folded into crc.  Pure. */
uint64_t x86_helper_crc32(uint64_t crc, uint64_t val, uint32_t bytes);

#endif
