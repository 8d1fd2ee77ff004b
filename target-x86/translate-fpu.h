/*
 * translate-fpu.h: what translate-x87.c and translate-sse.c share.
 */
#ifndef TARGET_X86_TRANSLATE_FPU_H
#define TARGET_X86_TRANSLATE_FPU_H

#include "target-x86/translate.h"

/* FXSAVE (restore false) or FXRSTOR of s->insn's memory operand. */
void x86_gen_fxsave(DisasContext *s, bool restore);

#endif
