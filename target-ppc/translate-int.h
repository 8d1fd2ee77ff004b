/*
 * translate-int.h: what the integer decoder files of target-ppc share
 * (translate.c: the TB loop and dispatch; translate-alu.c: arithmetic,
 * logic, compares, rotates; translate-mem.c: loads and stores;
 * translate-branch.c: branches, CR and SPR moves, traps, system), and the
 * scratch temps and constants translate-fp.c uses too.  Private to
 * target-ppc/.
 */
#ifndef TARGET_PPC_TRANSLATE_INT_H
#define TARGET_PPC_TRANSLATE_INT_H

#include "target-ppc/translate.h"

/* BO field bits of the conditional branches (bit 0 of BO is the MSB of
 * the 5). */
enum {
    BO_NO_CR = 16,    /* do not test the CR bit */
    BO_CR_TRUE = 8,   /* branch if the CR bit is 1 */
    BO_NO_CTR = 4,    /* do not decrement and test CTR */
    BO_CTR_ZERO = 2,  /* branch if CTR == 0 (else CTR != 0) */
};

/* The TargetInfo hooks, defined in translate.c for cpu.c. */
void ppc_tcg_init(void);
void ppc_translate(CPUCommon *cs, TranslationBlock *tb, int max_insns);

/*
 * Scratch temps for the instruction being translated.  The pool is reset at
 * every instruction, so a 512-instruction TB does not run out of temps; a
 * value must not be kept from one instruction to the next in such a temp.
 */
TCGv ppc_temp(void);
TCGv ppc_temp_i64(void);

static inline TCGv ppc_const(int32_t v) { return tcg_constant(TCG_TYPE_I32, v); }

/* NIP = nip, raise excp, leave the TB; ctx->is_jmp is the caller's (a
 * conditional raise goes on with the next instruction). */
void ppc_gen_raise(uint32_t nip, int excp);
/* Raise EXCP_PPC_PRIV at the instruction (env->error_insn set too). */
void ppc_gen_priv(DisasContext *ctx);

/* XER[SO] as CR fields copy it: constant 0 while the TB flags say SO is
 * clear and no instruction of the TB has written it yet. */
TCGv ppc_xer_so(DisasContext *ctx);
/* CR0 from the signed value of res and XER[SO] (record forms). */
void ppc_gen_set_cr0(DisasContext *ctx, TCGv res);
/* crf = LT/GT/EQ of a against b (signed or unsigned) | XER[SO]. */
void ppc_gen_compare(DisasContext *ctx, TCGv crf, TCGv a, TCGv b,
                     bool is_signed);

/* Store the pc of a branch target or fall-through in NIP. */
void ppc_gen_set_nip(uint32_t pc);
/* NIP = pc, chain through goto_tb slot. */
void ppc_gen_goto_pc(int slot, uint32_t pc);

/*
 * The instruction groups.  Each returns false when ctx->insn is not one of
 * its instructions; it may raise an illegal-instruction exception itself
 * for an invalid form of one of its instructions (and return true).
 */
bool ppc_translate_alu(DisasContext *ctx);
bool ppc_translate_mem(DisasContext *ctx);
bool ppc_translate_branch(DisasContext *ctx);

#endif
