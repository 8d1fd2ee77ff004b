/*
 * translate-fpu.h: what translate-x87.c and translate-sse.c share.
 */
#ifndef TARGET_X86_TRANSLATE_FPU_H
#define TARGET_X86_TRANSLATE_FPU_H

#include "target-x86/translate.h"

/* FXSAVE (restore false) or FXRSTOR of s->insn's memory operand. */
void x86_gen_fxsave(DisasContext *s, bool restore);

/* The x87 stack shape of a TB without X86_TB_X87_TRAPS
 * (translate-x87-inline.c): ST(i) full, room for a push; push and pop
 * (gen: also store the new TOP and tag in env, else a helper did); the
 * X86_TB_X87_SHAPE bits now. */
bool x86_x87_st_full(const DisasContext *s, unsigned i);
bool x86_x87_push_ok(const DisasContext *s);
void x86_x87_shape_push(DisasContext *s, bool gen);
void x86_x87_shape_pop(DisasContext *s, bool gen);
uint64_t x86_x87_tb_shape(const DisasContext *s);
/* DisasContext.x87_sw: what env->fpus_pending_mask is (0 or FPUS_C1;
 * unknown at the start of a TB), and whether fpus_pending is 0 too. */
typedef enum X87SwPending {
    X87_SW_UNKNOWN, X87_SW_CLEAN, X87_SW_MASK0, X87_SW_C1,
} X87SwPending;
/* Before an x87 helper: env->fpus exact, nothing pending. */
void x86_x87_fold_status(DisasContext *s);
/* An MMX instruction (translate-sse.c) set TOP to 0 and every register
 * full, or, for EMMS, every register empty. */
void x86_x87_note_mmx(DisasContext *s, bool emms);
/* The instruction in s->insn inline when its operands are there (false:
 * nothing emitted). */
bool x86_translate_x87_inline(DisasContext *s);

#endif
