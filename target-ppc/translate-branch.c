/*
 * translate-branch.c: branches, the condition register (CR logical ops,
 * mcrf, mfcr/mtcrf, mcrxr), SPR moves, the time base, traps, sc, isync and
 * the privileged instructions a user program may try.
 */
#include <stddef.h>

#include "target-ppc/helper.h"
#include "target-ppc/translate-int.h"

#define ENV_OFS(field) ((int32_t)offsetof(CPUPPCState, field))


/*
 * Emit the decrement and the tests of a conditional branch.  Returns the
 * label the code jumps to when the branch is not taken, or -1 when the
 * branch is always taken.  The branch hint bits are ignored.
 */
static int gen_bc_test(unsigned bo, unsigned bi)
{
    int not_taken = -1;

    if (!(bo & BO_NO_CTR)) {
        not_taken = (int)tcg_new_label();
        tcg_gen_subi(cpu_ctr, cpu_ctr, 1);
        tcg_gen_brcondi(bo & BO_CTR_ZERO ? TCG_COND_NE : TCG_COND_EQ, cpu_ctr,
                        0, (uint32_t)not_taken);
    }
    if (!(bo & BO_NO_CR)) {
        if (not_taken < 0) {
            not_taken = (int)tcg_new_label();
        }
        tcg_gen_brcondi(bo & BO_CR_TRUE ? TCG_COND_TSTEQ : TCG_COND_TSTNE,
                        cpu_crf[bi >> 2], CRF_LT >> (bi & 3),
                        (uint32_t)not_taken);
    }
    return not_taken;
}

static void gen_not_taken(DisasContext *ctx, int not_taken)
{
    if (not_taken >= 0) {
        tcg_gen_set_label((uint32_t)not_taken);
        ppc_gen_goto_pc(1, ctx->pc + 4);
    }
}

static void gen_link(DisasContext *ctx)
{
    if (insn_rc(ctx->insn)) {
        tcg_gen_movi(cpu_lr, (int32_t)(ctx->pc + 4));
    }
}

/* b, ba, bl, bla */
static void trans_b(DisasContext *ctx)
{
    uint32_t insn = ctx->insn;
    uint32_t disp = (uint32_t)((int32_t)(insn << 6) >> 6) & ~3u;
    uint32_t target = (insn & 2) ? disp : ctx->pc + disp;

    gen_link(ctx);
    ppc_gen_goto_pc(0, target);
    ctx->is_jmp = DISAS_NORETURN;
}

/* bc, bca, bcl, bcla */
static void trans_bc(DisasContext *ctx)
{
    uint32_t insn = ctx->insn;
    uint32_t disp = (uint32_t)(int16_t)(insn & 0xfffc);
    uint32_t target = (insn & 2) ? disp : ctx->pc + disp;

    unsigned bo = insn_rD(insn), bi = insn_rA(insn);
    if (!(insn & 1) && (bo & BO_NO_CTR) && !(bo & BO_NO_CR)
        && target > ctx->pc && ppc_loop_region_ahead(ctx, target)) {
        /* taken: a side exit; not taken: the loop goes on */
        uint32_t side = tcg_new_label();
        tcg_gen_brcondi(bo & BO_CR_TRUE ? TCG_COND_TSTNE : TCG_COND_TSTEQ,
                        cpu_crf[bi >> 2], CRF_LT >> (bi & 3), side);
        ppc_side_exit_begin(ctx, side);
        ppc_side_exit_end(ctx, target);
        return;
    }
    gen_link(ctx);
    int not_taken = gen_bc_test(bo, bi);
    ppc_gen_goto_pc(0, target);
    gen_not_taken(ctx, not_taken);
    ctx->is_jmp = DISAS_NORETURN;
}

/* bclr[l], bcctr[l]: the target is read before LK writes LR. */
static void trans_bc_reg(DisasContext *ctx, TCGv reg)
{
    uint32_t insn = ctx->insn;
    unsigned bo = insn_rD(insn);
    TCGv target = ppc_temp();

    if (!(bo & BO_NO_CTR) && reg.idx == cpu_ctr.idx) {
        ppc_gen_illegal(ctx); /* bcctr that decrements CTR */
        return;
    }
    tcg_gen_andi(target, reg, ~3);
    gen_link(ctx);
    int not_taken = gen_bc_test(bo, insn_rA(insn));
    tcg_gen_extu_i32_i64(cpu_nip, target);
    tcg_gen_lookup_and_goto_ptr();
    gen_not_taken(ctx, not_taken);
    ctx->is_jmp = DISAS_NORETURN;
}

/* ---- condition register ------------------------------------------------ */

/* CR bit b moved to the bit position of CR bit `to` within its field. */
static TCGv gen_crbit_at(unsigned b, unsigned to)
{
    TCGv t = ppc_temp();
    int shift = (int)(b & 3) - (int)(to & 3);
    if (shift > 0) {
        tcg_gen_shli(t, cpu_crf[b >> 2], shift);
    } else if (shift < 0) {
        tcg_gen_shri(t, cpu_crf[b >> 2], -shift);
    } else {
        tcg_gen_mov(t, cpu_crf[b >> 2]);
    }
    return t;
}

/* crand crandc creqv crnand crnor cror crorc crxor: CR[bt] = CR[ba] op CR[bb] */
static bool trans_cr_logic(DisasContext *ctx, unsigned xo)
{
    uint32_t insn = ctx->insn;
    unsigned bt = insn_rD(insn), ba = insn_rA(insn), bb = insn_rB(insn);
    uint32_t mask = CRF_LT >> (bt & 3);
    TCGv field = cpu_crf[bt >> 2];

    switch (xo) {
    case 257: case 129: case 289: case 225: case 33: case 449: case 417:
    case 193:
        break;
    default:
        return false;
    }

    /* crclr / crset: the idioms of variadic calls (CR1[EQ] = FP args). */
    if (ba == bb && (xo == 193 || xo == 289)) {
        if (xo == 193) {
            tcg_gen_andi(field, field, (int32_t)~mask);
        } else {
            tcg_gen_ori(field, field, (int32_t)mask);
        }
        return true;
    }
    TCGv a = gen_crbit_at(ba, bt), b = gen_crbit_at(bb, bt);
    switch (xo) {
    case 257: tcg_gen_and(a, a, b); break;  /* crand */
    case 129: tcg_gen_andc(a, a, b); break; /* crandc */
    case 289: tcg_gen_eqv(a, a, b); break;  /* creqv */
    case 225: tcg_gen_nand(a, a, b); break; /* crnand */
    case 33:  tcg_gen_nor(a, a, b); break;  /* crnor */
    case 449: tcg_gen_or(a, a, b); break;   /* cror */
    case 417: tcg_gen_orc(a, a, b); break;  /* crorc */
    default:  tcg_gen_xor(a, a, b); break;  /* crxor */
    }
    tcg_gen_andi(a, a, (int32_t)mask);
    tcg_gen_andi(field, field, (int32_t)~mask);
    tcg_gen_or(field, field, a);
    return true;
}

/* mfcr, and mfocrf (one field; the other fields read as zero). */
static void trans_mfcr(DisasContext *ctx)
{
    uint32_t insn = ctx->insn;
    TCGv d = cpu_gpr[insn_rD(insn)];
    unsigned fxm = (insn >> 12) & 0xff;

    if ((insn & 0x00100000) && fxm && !(fxm & (fxm - 1))) {
        unsigned i = (unsigned)__builtin_clz(fxm) - 24;
        tcg_gen_shli(d, cpu_crf[i], 28 - 4 * i);
        return;
    }
    TCGv cr = ppc_temp(), t = ppc_temp();
    tcg_gen_shli(cr, cpu_crf[0], 28);
    for (int i = 1; i < 7; i++) {
        tcg_gen_shli(t, cpu_crf[i], 28 - 4 * i);
        tcg_gen_or(cr, cr, t);
    }
    tcg_gen_or(d, cr, cpu_crf[7]);
}

/* mtcrf, mtocrf: fields selected by FXM (MSB = CR0). */
static void trans_mtcrf(DisasContext *ctx)
{
    uint32_t insn = ctx->insn;
    TCGv s = cpu_gpr[insn_rS(insn)];
    unsigned fxm = (insn >> 12) & 0xff;

    for (int i = 0; i < 8; i++) {
        if (fxm & (0x80 >> i)) {
            tcg_gen_shri(cpu_crf[i], s, 28 - 4 * i);
            tcg_gen_andi(cpu_crf[i], cpu_crf[i], 0xf);
        }
    }
}

/* mcrxr: CR field = SO OV CA 0; those XER bits are cleared. */
static void trans_mcrxr(DisasContext *ctx)
{
    TCGv field = cpu_crf[insn_crfD(ctx->insn)];
    TCGv t = ppc_temp();

    tcg_gen_shli(field, cpu_xer_so, 3);
    tcg_gen_shli(t, cpu_xer_ov, 2);
    tcg_gen_or(field, field, t);
    tcg_gen_shli(t, cpu_xer_ca, 1);
    tcg_gen_or(field, field, t);
    tcg_gen_movi(cpu_xer_so, 0);
    tcg_gen_movi(cpu_xer_ov, 0);
    tcg_gen_movi(cpu_xer_ca, 0);
}

/* ---- SPRs ------------------------------------------------------------- */

enum {
    SPR_XER = 1,
    SPR_LR = 8,
    SPR_CTR = 9,
    SPR_VRSAVE = 256,
    SPR_TBL_READ = 268,
    SPR_TBU_READ = 269,
    SPR_PRIVILEGED = 0x10, /* SPR numbers with this bit are supervisor-only */
};

/* The SPR number: the instruction holds its two 5-bit halves swapped. */
static unsigned insn_spr(uint32_t insn)
{
    unsigned f = (insn >> 11) & 0x3ff;
    return (f >> 5) | ((f & 0x1f) << 5);
}

static void gen_mfxer(TCGv d)
{
    TCGv x = ppc_temp(), t = ppc_temp();
    tcg_gen_shli(x, cpu_xer_so, 31);
    tcg_gen_shli(t, cpu_xer_ov, 30);
    tcg_gen_or(x, x, t);
    tcg_gen_shli(t, cpu_xer_ca, 29);
    tcg_gen_or(x, x, t);
    tcg_gen_ld_env(t, ENV_OFS(xer_bc), MO_UL);
    tcg_gen_or(d, x, t);
}

static void gen_mtxer(TCGv s)
{
    TCGv t = ppc_temp();
    tcg_gen_shri(cpu_xer_so, s, 31);
    tcg_gen_shri(cpu_xer_ov, s, 30);
    tcg_gen_andi(cpu_xer_ov, cpu_xer_ov, 1);
    tcg_gen_shri(cpu_xer_ca, s, 29);
    tcg_gen_andi(cpu_xer_ca, cpu_xer_ca, 1);
    tcg_gen_andi(t, s, 0x7f);
    tcg_gen_st_env(t, ENV_OFS(xer_bc), MO_UL);
}

static void gen_mftb(TCGv d, bool upper)
{
    TCGv t = ppc_temp();
    tcg_gen_callN(upper ? (void *)helper_mftbu : (void *)helper_mftbl,
                  TCG_CALL_NO_RWG, t, tcg_env);
    tcg_gen_mov(d, t);
}

static void gen_spr_denied(DisasContext *ctx, unsigned spr)
{
    if (spr & SPR_PRIVILEGED) {
        ppc_gen_priv(ctx);
    } else {
        ppc_gen_illegal(ctx);
    }
}

static void trans_mfspr(DisasContext *ctx)
{
    TCGv d = cpu_gpr[insn_rD(ctx->insn)];
    unsigned spr = insn_spr(ctx->insn);

    switch (spr) {
    case SPR_XER: gen_mfxer(d); break;
    case SPR_LR: tcg_gen_mov(d, cpu_lr); break;
    case SPR_CTR: tcg_gen_mov(d, cpu_ctr); break;
    case SPR_VRSAVE: tcg_gen_ld_env(d, ENV_OFS(vrsave), MO_UL); break;
    case SPR_TBL_READ: gen_mftb(d, false); break;
    case SPR_TBU_READ: gen_mftb(d, true); break;
    default: gen_spr_denied(ctx, spr); break;
    }
}

static void trans_mtspr(DisasContext *ctx)
{
    TCGv s = cpu_gpr[insn_rS(ctx->insn)];
    unsigned spr = insn_spr(ctx->insn);

    switch (spr) {
    case SPR_XER: gen_mtxer(s); break;
    case SPR_LR: tcg_gen_mov(cpu_lr, s); break;
    case SPR_CTR: tcg_gen_mov(cpu_ctr, s); break;
    case SPR_VRSAVE: tcg_gen_st_env(s, ENV_OFS(vrsave), MO_UL); break;
    case SPR_TBL_READ: case SPR_TBU_READ: /* read-only in user mode */
        ppc_gen_priv(ctx);
        break;
    default: gen_spr_denied(ctx, spr); break;
    }
}

/* mftb: TBR 268 (TBL) and 269 (TBU) */
static void trans_mftb(DisasContext *ctx)
{
    unsigned tbr = insn_spr(ctx->insn);

    if (tbr != SPR_TBL_READ && tbr != SPR_TBU_READ) {
        ppc_gen_illegal(ctx);
        return;
    }
    gen_mftb(cpu_gpr[insn_rD(ctx->insn)], tbr == SPR_TBU_READ);
}

/* ---- traps ------------------------------------------------------------ */

/* TO field bits: trap if a < b, a > b, a == b (signed), a <u b, a >u b. */
static const struct {
    unsigned to_bit;
    TCGCond cond;
} trap_conds[] = {
    { 16, TCG_COND_LT }, { 8, TCG_COND_GT }, { 4, TCG_COND_EQ },
    { 2, TCG_COND_LTU }, { 1, TCG_COND_GTU },
};

static void gen_trap(DisasContext *ctx, TCGv a, TCGv b)
{
    unsigned to = insn_rD(ctx->insn);

    if (to == 0) {
        return;
    }
    if (to == 31) {
        ppc_gen_exception(ctx, EXCP_PPC_TRAP);
        return;
    }
    uint32_t trap = tcg_new_label(), skip = tcg_new_label();
    for (size_t i = 0; i < sizeof(trap_conds) / sizeof(trap_conds[0]); i++) {
        if (to & trap_conds[i].to_bit) {
            tcg_gen_brcond(trap_conds[i].cond, a, b, trap);
        }
    }
    tcg_gen_br(skip);
    tcg_gen_set_label(trap);
    ppc_gen_raise(ctx->pc, EXCP_PPC_TRAP);
    tcg_gen_set_label(skip);
}

/* ---- dispatch --------------------------------------------------------- */

static bool trans_branch_19(DisasContext *ctx)
{
    unsigned xo = insn_xo10(ctx->insn);

    switch (xo) {
    case 16:  trans_bc_reg(ctx, cpu_lr); return true;   /* bclr */
    case 528: trans_bc_reg(ctx, cpu_ctr); return true;  /* bcctr */
    case 0:   /* mcrf */
        tcg_gen_mov(cpu_crf[insn_crfD(ctx->insn)],
                    cpu_crf[insn_crfS(ctx->insn)]);
        return true;
    case 150: /* isync: nothing to wait for */
        return true;
    case 50:  /* rfi */
        ppc_gen_priv(ctx);
        return true;
    }
    return trans_cr_logic(ctx, xo);
}

static bool trans_branch_31(DisasContext *ctx)
{
    uint32_t insn = ctx->insn;

    switch (insn_xo10(insn)) {
    case 4:   /* tw */
        gen_trap(ctx, cpu_gpr[insn_rA(insn)], cpu_gpr[insn_rB(insn)]);
        return true;
    case 19:  trans_mfcr(ctx); return true;
    case 144: trans_mtcrf(ctx); return true;
    case 512: trans_mcrxr(ctx); return true;
    case 339: trans_mfspr(ctx); return true;
    case 467: trans_mtspr(ctx); return true;
    case 371: trans_mftb(ctx); return true;
    case 83:  /* mfmsr */
    case 146: /* mtmsr */
    case 210: /* mtsr */
    case 242: /* mtsrin */
    case 306: /* tlbie */
    case 370: /* tlbia */
    case 566: /* tlbsync */
    case 595: /* mfsr */
    case 659: /* mfsrin */
        ppc_gen_priv(ctx);
        return true;
    }
    return false;
}

bool ppc_translate_branch(DisasContext *ctx)
{
    uint32_t insn = ctx->insn;

    switch (insn_opcd(insn)) {
    case 3: /* twi */
        gen_trap(ctx, cpu_gpr[insn_rA(insn)], ppc_const(insn_simm(insn)));
        return true;
    case 16:
        trans_bc(ctx);
        return true;
    case 17: /* sc: the syscall returns to the next instruction */
        if (!(insn & 2)) {
            return false;
        }
        ppc_gen_raise(ctx->pc + 4, EXCP_PPC_SYSCALL);
        ctx->is_jmp = DISAS_NORETURN;
        return true;
    case 18:
        trans_b(ctx);
        return true;
    case 19:
        return trans_branch_19(ctx);
    case 31:
        return trans_branch_31(ctx);
    }
    return false;
}
