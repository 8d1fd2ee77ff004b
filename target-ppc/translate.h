/*
 * translate.h: what the PowerPC decoder files share (translate.c for
 * integer, branch, load/store and system instructions; translate-fp.c for
 * floating point).  Private to target-ppc/.
 */
#ifndef TARGET_PPC_TRANSLATE_H
#define TARGET_PPC_TRANSLATE_H

#include "target-ppc/cpu.h"
#include "tcg/tcg-op.h"

/* How the instruction just translated ended the TB. */
typedef enum DisasJumpType {
    DISAS_NEXT,       /* fall through to the next instruction */
    DISAS_NORETURN,   /* exit already emitted (branch, exception) */
    DISAS_UPDATE,     /* state changed: store pc+4 and exit to the loop */
} DisasJumpType;

typedef struct DisasContext {
    CPUPPCState *env;
    TranslationBlock *tb;
    const uint8_t *code_page; /* the TB's page, if readable whole */
    uint32_t pc;      /* address of the instruction being translated */
    uint32_t insn;    /* its encoding */
    DisasJumpType is_jmp;
    /* The instruction after this one when this TB goes on to it (unless
     * this one ends the TB or the IR context fills up): valid if
     * has_next_insn.  Setting keep_next_insn makes the TB translate it
     * even with the IR context nearly full (a translation that relies on
     * what the next instruction does). */
    uint32_t next_insn;
    bool has_next_insn;
    bool keep_next_insn;
    /* XER[SO] may have been written since the TB started (by this
     * instruction or one before it): SO is no longer known from the TB
     * flags, and the TB ends after this instruction. */
    bool so_written;
    /* How many more instructions the TB may hold after this one. */
    uint32_t insns_left;
    /* A compare left for the conditional branch on its field a few
     * instructions on (translate.c, ppc_gen_compare): until bc_pc, no
     * instruction reads or writes the field or the operands, or can leave
     * the TB. */
    struct {
        bool active;
        unsigned crfd;
        TCGv a, b;
        bool is_signed;
        uint32_t bc_pc;
    } pending_cmp;
    /* Loop regions (ppc_loop_region_ahead): a bc that leaves a loop body
     * which branches back to the TB's start a few instructions later
     * becomes a branch to a side exit, and translation goes on along the
     * loop.  The side exits' ops [start, end) move after the TB's last
     * instruction; goto_op is their goto_tb, whose slot is chosen then. */
    bool regions_ok;
    uint8_t nb_side_exits;
    struct {
        uint32_t start, end, goto_op;
    } side_exits[4];
} DisasContext;

/* Guest registers as IR globals (all I32 except cpu_nip). */
extern TCGv cpu_gpr[32];
extern TCGv cpu_crf[8];
extern TCGv cpu_lr, cpu_ctr;
extern TCGv cpu_xer_so, cpu_xer_ov, cpu_xer_ca;
extern TCGv cpu_reserve_addr, cpu_reserve_val;
extern TCGv cpu_nip; /* I64 global on common.pc */

/* Instruction fields (big-endian bit numbering in the comments). */
static inline unsigned insn_opcd(uint32_t i) { return i >> 26; }        /* 0-5 */
static inline unsigned insn_rD(uint32_t i) { return (i >> 21) & 31; }   /* 6-10 */
static inline unsigned insn_rS(uint32_t i) { return (i >> 21) & 31; }
static inline unsigned insn_rA(uint32_t i) { return (i >> 16) & 31; }   /* 11-15 */
static inline unsigned insn_rB(uint32_t i) { return (i >> 11) & 31; }   /* 16-20 */
static inline unsigned insn_rC(uint32_t i) { return (i >> 6) & 31; }    /* 21-25 */
static inline unsigned insn_xo10(uint32_t i) { return (i >> 1) & 0x3ff; } /* 21-30 */
static inline unsigned insn_xo5(uint32_t i) { return (i >> 1) & 0x1f; }   /* 26-30 */
static inline bool insn_rc(uint32_t i) { return i & 1; }                /* 31 */
static inline int32_t insn_simm(uint32_t i) { return (int16_t)i; }
static inline uint32_t insn_uimm(uint32_t i) { return i & 0xffff; }
static inline unsigned insn_crfD(uint32_t i) { return (i >> 23) & 7; }  /* 6-8 */
static inline unsigned insn_crfS(uint32_t i) { return (i >> 18) & 7; }  /* 11-13 */

/* Does the code after the bc at ctx->pc, whose taken path goes to exit,
 * branch back to the TB's start within a few instructions, with only
 * forward bcs on the way that leave the loop too? */
bool ppc_loop_region_ahead(DisasContext *ctx, uint32_t exit);
/* A side exit that branch label leads to: ppc_side_exit_begin places the
 * label; the caller emits what the taken path does; ppc_side_exit_end
 * leaves for target. */
void ppc_side_exit_begin(DisasContext *ctx, uint32_t label);
void ppc_side_exit_end(DisasContext *ctx, uint32_t target);

/* Effective addresses: (rA|0) + disp and (rA|0) + rB, in a new temp. */
TCGv ppc_gen_ea_disp(DisasContext *ctx, unsigned ra, int32_t disp);
TCGv ppc_gen_ea_indexed(DisasContext *ctx, unsigned ra, unsigned rb);

/* Store ctx->pc in NIP, raise excp, end the TB (is_jmp = DISAS_NORETURN). */
void ppc_gen_exception(DisasContext *ctx, int excp);
/* Illegal instruction: SIGILL for the guest. */
void ppc_gen_illegal(DisasContext *ctx);

/* Set CR1 from FPSCR[FX,FEX,VX,OX] (record forms of FP instructions). */
void ppc_gen_set_cr1_from_fpscr(DisasContext *ctx);

/* Floating point (translate-fp.c): opcodes 48-55, 59, 63 and the FP
 * loads/stores under opcode 31.  Returns false if ctx->insn is not one it
 * knows (the caller then raises an illegal-instruction exception). */
bool ppc_translate_fp(DisasContext *ctx);
/* Register the FP globals (called from ppc_tcg_init). */
void ppc_fp_tcg_init(void);

#define PPC_MMU_USER 0

#endif
