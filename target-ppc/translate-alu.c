/*
 * translate-alu.c: integer arithmetic, logic, compares, rotates and shifts,
 * and isel.  XER[CA], XER[OV] and CR fields are kept as the small values
 * cpu.h describes, computed with setcond/movcond rather than helpers.
 */
#include "target-ppc/translate-int.h"

/* Flags of the XO-form and D-form arithmetic instructions. */
enum {
    ARITH_CA = 1, /* write XER[CA] */
    ARITH_OV = 2, /* OE=1: write XER[OV], OR it into XER[SO] */
    ARITH_RC = 4, /* Rc=1: set CR0 */
};

static TCGv gpr_or_zero(unsigned r)
{
    return r ? cpu_gpr[r] : ppc_const(0);
}

/* XER[OV] = ov (0 or 1), XER[SO] |= ov. */
static void gen_set_ov(TCGv ov)
{
    tcg_gen_mov(cpu_xer_ov, ov);
    tcg_gen_or(cpu_xer_so, cpu_xer_so, ov);
}

/*
 * d = a + b + cin (cin: a 0/1 temp, or index 0 for none).  Subtractions
 * come here as ~x + y + 1.  Signed overflow of such a sum is "the result's
 * sign differs from both operands' signs" whatever the carry in.  The sum
 * goes straight to d unless OV still needs the operands afterwards.
 */
static void gen_add(DisasContext *ctx, TCGv d, TCGv a, TCGv b, TCGv cin,
                    unsigned flags)
{
    TCGv sum = (flags & ARITH_OV) ? ppc_temp() : d;

    if (!cin.idx && (flags & ARITH_CA)) {
        /* The sum wrapped iff it is below either operand: compare with
         * one that writing sum did not overwrite. */
        if (sum.idx != a.idx || sum.idx != b.idx) {
            TCGv kept = sum.idx != a.idx ? a : b;
            tcg_gen_add(sum, a, b);
            tcg_gen_setcond(TCG_COND_LTU, cpu_xer_ca, sum, kept);
        } else {
            tcg_gen_shri(cpu_xer_ca, a, 31); /* a + a carries a's MSB */
            tcg_gen_add(sum, a, b);
        }
    } else if (!cin.idx) {
        tcg_gen_add(sum, a, b);
    } else if ((flags & ARITH_CA) && b.idx == ppc_const(0).idx) {
        /* addze, subfze: a + cin carries iff the sum is below a, or,
         * when the sum overwrote a, iff it wrapped to 0 with cin 1 */
        tcg_gen_add(sum, a, cin);
        if (sum.idx != a.idx) {
            tcg_gen_setcond(TCG_COND_LTU, cpu_xer_ca, sum, a);
        } else {
            TCGv wrapped = ppc_temp();
            tcg_gen_setcondi(TCG_COND_EQ, wrapped, sum, 0);
            tcg_gen_and(cpu_xer_ca, wrapped, cin);
        }
    } else if (flags & ARITH_CA) {
        /* Three terms: add them as 64-bit values; CA is the high word. */
        TCGv t64 = ppc_temp_i64(), u64 = ppc_temp_i64();
        tcg_gen_extu_i32_i64(t64, a);
        tcg_gen_extu_i32_i64(u64, b);
        tcg_gen_add(t64, t64, u64);
        tcg_gen_extu_i32_i64(u64, cin);
        tcg_gen_add(t64, t64, u64);
        tcg_gen_extrh_i64_i32(cpu_xer_ca, t64);
        tcg_gen_extrl_i64_i32(sum, t64);
    } else {
        tcg_gen_add(sum, a, b);
        tcg_gen_add(sum, sum, cin);
    }
    if (flags & ARITH_OV) {
        TCGv t = ppc_temp(), u = ppc_temp();
        tcg_gen_xor(t, sum, a);
        tcg_gen_xor(u, sum, b);
        tcg_gen_and(t, t, u);
        tcg_gen_shri(t, t, 31);
        gen_set_ov(t);
        tcg_gen_mov(d, sum);
    }
    if (flags & ARITH_RC) {
        ppc_gen_set_cr0(ctx, d);
    }
}

static TCGv gen_not_temp(TCGv a)
{
    TCGv t = ppc_temp();
    tcg_gen_not(t, a);
    return t;
}

/* subf/subfc without OE: rD = rB - rA, CA = no borrow = rB >=u rA. */
static void gen_subf(DisasContext *ctx, TCGv d, TCGv a, TCGv b,
                     unsigned flags)
{
    if (flags & ARITH_OV) {
        gen_add(ctx, d, gen_not_temp(a), b, ppc_const(1), flags);
        return;
    }
    if (flags & ARITH_CA) {
        tcg_gen_setcond(TCG_COND_GEU, cpu_xer_ca, b, a);
    }
    tcg_gen_sub(d, b, a);
    if (flags & ARITH_RC) {
        ppc_gen_set_cr0(ctx, d);
    }
}

static void gen_mullw(DisasContext *ctx, TCGv d, TCGv a, TCGv b,
                      unsigned flags)
{
    if (flags & ARITH_OV) {
        TCGv lo = ppc_temp(), hi = ppc_temp(), sign = ppc_temp();
        tcg_gen_mul(lo, a, b);
        tcg_gen_mulhs(hi, a, b);
        tcg_gen_sari(sign, lo, 31);
        tcg_gen_setcond(TCG_COND_NE, hi, hi, sign);
        gen_set_ov(hi);
        tcg_gen_mov(d, lo);
    } else {
        tcg_gen_mul(d, a, b);
    }
    if (flags & ARITH_RC) {
        ppc_gen_set_cr0(ctx, d);
    }
}

/*
 * divw/divwu: the quotient of a division by zero (and of INT_MIN / -1) is
 * undefined; like qemu-ppc we divide by 1 instead, so rD = rA.  The guard
 * also keeps the host from trapping.
 */
static void gen_div(DisasContext *ctx, TCGv d, TCGv a, TCGv b, bool is_signed,
                    unsigned flags)
{
    TCGv bad = ppc_temp(), divisor = ppc_temp();

    if (is_signed) {
        TCGv t = ppc_temp();
        tcg_gen_setcondi(TCG_COND_EQ, bad, a, INT32_MIN);
        tcg_gen_setcondi(TCG_COND_EQ, t, b, -1);
        tcg_gen_and(bad, bad, t);
        tcg_gen_setcondi(TCG_COND_EQ, t, b, 0);
        tcg_gen_or(bad, bad, t);
        tcg_gen_movcond(TCG_COND_NE, divisor, bad, ppc_const(0), ppc_const(1),
                        b);
        tcg_gen_divs(d, a, divisor);
    } else {
        tcg_gen_setcondi(TCG_COND_EQ, bad, b, 0);
        tcg_gen_movcond(TCG_COND_EQ, divisor, b, ppc_const(0), ppc_const(1),
                        b);
        tcg_gen_divu(d, a, divisor);
    }
    if (flags & ARITH_OV) {
        gen_set_ov(bad);
    }
    if (flags & ARITH_RC) {
        ppc_gen_set_cr0(ctx, d);
    }
}

/* Opcode 31, XO form (bits 22-30 = xo, bit 21 = OE). */
static bool trans_xo_arith(DisasContext *ctx)
{
    uint32_t insn = ctx->insn;
    unsigned xo = (insn >> 1) & 0x1ff;
    TCGv d = cpu_gpr[insn_rD(insn)];
    TCGv a = cpu_gpr[insn_rA(insn)];
    TCGv b = cpu_gpr[insn_rB(insn)];
    unsigned flags = (insn & 0x400 ? ARITH_OV : 0) | (insn_rc(insn) ? ARITH_RC : 0);

    switch (xo) {
    case 266: /* add */
        gen_add(ctx, d, a, b, (TCGv){ 0 }, flags);
        break;
    case 10: /* addc */
        gen_add(ctx, d, a, b, (TCGv){ 0 }, flags | ARITH_CA);
        break;
    case 138: /* adde */
        gen_add(ctx, d, a, b, cpu_xer_ca, flags | ARITH_CA);
        break;
    case 234: /* addme */
        gen_add(ctx, d, a, ppc_const(-1), cpu_xer_ca, flags | ARITH_CA);
        break;
    case 202: /* addze */
        gen_add(ctx, d, a, ppc_const(0), cpu_xer_ca, flags | ARITH_CA);
        break;
    case 40: /* subf */
        gen_subf(ctx, d, a, b, flags);
        break;
    case 8: /* subfc */
        gen_subf(ctx, d, a, b, flags | ARITH_CA);
        break;
    case 136: /* subfe */
        if (a.idx == b.idx && !(flags & ARITH_OV)) {
            /* subfe rD,rA,rA (CA ? 0 : -1, a compiler idiom): ~a + a is
             * all ones, so CA stays what it was */
            tcg_gen_subi(d, cpu_xer_ca, 1);
            if (flags & ARITH_RC) {
                ppc_gen_set_cr0(ctx, d);
            }
            break;
        }
        gen_add(ctx, d, gen_not_temp(a), b, cpu_xer_ca, flags | ARITH_CA);
        break;
    case 232: /* subfme */
        gen_add(ctx, d, gen_not_temp(a), ppc_const(-1), cpu_xer_ca,
                flags | ARITH_CA);
        break;
    case 200: /* subfze */
        gen_add(ctx, d, gen_not_temp(a), ppc_const(0), cpu_xer_ca,
                flags | ARITH_CA);
        break;
    case 104: /* neg */
        if (flags & ARITH_OV) {
            gen_add(ctx, d, gen_not_temp(a), ppc_const(0), ppc_const(1),
                    flags);
        } else {
            tcg_gen_neg(d, a);
            if (flags & ARITH_RC) {
                ppc_gen_set_cr0(ctx, d);
            }
        }
        break;
    case 235: /* mullw */
        gen_mullw(ctx, d, a, b, flags);
        break;
    case 75:  /* mulhw */
    case 11:  /* mulhwu */
        if (flags & ARITH_OV) {
            return false; /* bit 21 is reserved here */
        }
        if (xo == 75) {
            tcg_gen_mulhs(d, a, b);
        } else {
            tcg_gen_mulhu(d, a, b);
        }
        if (flags & ARITH_RC) {
            ppc_gen_set_cr0(ctx, d);
        }
        break;
    case 491: /* divw */
        gen_div(ctx, d, a, b, true, flags);
        break;
    case 459: /* divwu */
        gen_div(ctx, d, a, b, false, flags);
        break;
    default:
        return false;
    }
    return true;
}

/* The single-operand XO instructions require rB = 0. */
static bool xo_needs_zero_rb(uint32_t insn)
{
    switch ((insn >> 1) & 0x1ff) {
    case 234: case 202: case 232: case 200: case 104:
        return true;
    default:
        return false;
    }
}

/* ---- logic ---------------------------------------------------------------- */

static void gen_rc(DisasContext *ctx, TCGv res)
{
    if (insn_rc(ctx->insn)) {
        ppc_gen_set_cr0(ctx, res);
    }
}

static bool trans_logic_x(DisasContext *ctx, unsigned xo)
{
    uint32_t insn = ctx->insn;
    TCGv a = cpu_gpr[insn_rA(insn)];
    TCGv s = cpu_gpr[insn_rS(insn)];
    TCGv b = cpu_gpr[insn_rB(insn)];

    switch (xo) {
    case 28:  tcg_gen_and(a, s, b); break;
    case 60:  tcg_gen_andc(a, s, b); break;
    case 444: /* or; "or rX,rX,rX" are priority hints: plain moves */
        if (insn_rS(insn) == insn_rB(insn)) {
            tcg_gen_mov(a, s);
        } else {
            tcg_gen_or(a, s, b);
        }
        break;
    case 412: tcg_gen_orc(a, s, b); break;
    case 316: tcg_gen_xor(a, s, b); break;
    case 476: tcg_gen_nand(a, s, b); break;
    case 124: tcg_gen_nor(a, s, b); break;
    case 284: tcg_gen_eqv(a, s, b); break;
    case 954: /* extsb */
    case 922: /* extsh */
    case 26:  /* cntlzw */
        if (insn_rB(insn) != 0) {
            ppc_gen_illegal(ctx);
            return true;
        }
        if (xo == 954) {
            tcg_gen_ext8s(a, s);
        } else if (xo == 922) {
            tcg_gen_ext16s(a, s);
        } else {
            tcg_gen_clz(a, s);
        }
        break;
    default:
        return false;
    }
    gen_rc(ctx, a);
    return true;
}

static bool trans_logic_imm(DisasContext *ctx)
{
    uint32_t insn = ctx->insn;
    unsigned rs = insn_rS(insn), ra = insn_rA(insn);
    uint32_t uimm = insn_uimm(insn);
    TCGv a = cpu_gpr[ra], s = cpu_gpr[rs];

    switch (insn_opcd(insn)) {
    case 24: /* ori; "ori 0,0,0" is the canonical nop */
    case 25: /* oris */
        if (uimm == 0 && ra == rs) {
            return true;
        }
        tcg_gen_ori(a, s, insn_opcd(insn) == 24 ? uimm : uimm << 16);
        return true;
    case 26: /* xori */
        tcg_gen_xori(a, s, uimm);
        return true;
    case 27: /* xoris */
        tcg_gen_xori(a, s, uimm << 16);
        return true;
    case 28: /* andi. */
        tcg_gen_andi(a, s, uimm);
        ppc_gen_set_cr0(ctx, a);
        return true;
    case 29: /* andis. */
        tcg_gen_andi(a, s, uimm << 16);
        ppc_gen_set_cr0(ctx, a);
        return true;
    }
    return false;
}

/* ---- compares ------------------------------------------------------------ */

/* cmp/cmpl/cmpi/cmpli: bit 9 is reserved and L (bit 10) selects 64-bit
 * operands, which a 32-bit implementation does not have. */
static void trans_cmp(DisasContext *ctx, TCGv b, bool is_signed)
{
    if (ctx->insn & 0x00600000) {
        ppc_gen_illegal(ctx);
        return;
    }
    ppc_gen_compare(ctx, cpu_crf[insn_crfD(ctx->insn)],
                    cpu_gpr[insn_rA(ctx->insn)], b, is_signed);
}

/* ---- rotates and shifts -------------------------------------------------- */

/* MASK(mb, me) in big-endian bit numbering; mb > me wraps around. */
static uint32_t ppc_mask(unsigned mb, unsigned me)
{
    uint32_t from_mb = 0xffffffffu >> mb;
    uint32_t to_me = 0xffffffffu << (31 - me);
    return mb <= me ? from_mb & to_me : from_mb | to_me;
}

static void trans_rlwinm(DisasContext *ctx)
{
    uint32_t insn = ctx->insn;
    unsigned sh = insn_rB(insn), mb = insn_rC(insn), me = insn_xo5(insn);
    uint32_t mask = ppc_mask(mb, me);
    TCGv a = cpu_gpr[insn_rA(insn)], s = cpu_gpr[insn_rS(insn)];

    if (sh == 0) {
        tcg_gen_andi(a, s, (int32_t)mask);
    } else if (mb == 0 && me == 31 - sh) {   /* slwi */
        tcg_gen_shli(a, s, sh);
    } else if (me == 31 && mb == 32 - sh) {  /* srwi */
        tcg_gen_shri(a, s, mb);
    } else if (mask == 0xffffffffu) {        /* rotlwi */
        tcg_gen_rotli(a, s, sh);
    } else {
        TCGv t = ppc_temp();
        tcg_gen_rotli(t, s, sh);
        tcg_gen_andi(a, t, (int32_t)mask);
    }
    gen_rc(ctx, a);
}

static void trans_rlwnm(DisasContext *ctx)
{
    uint32_t insn = ctx->insn;
    uint32_t mask = ppc_mask(insn_rC(insn), insn_xo5(insn));
    TCGv a = cpu_gpr[insn_rA(insn)];
    TCGv t = ppc_temp();

    tcg_gen_rotl(t, cpu_gpr[insn_rS(insn)], cpu_gpr[insn_rB(insn)]);
    tcg_gen_andi(a, t, (int32_t)mask);
    gen_rc(ctx, a);
}

static void trans_rlwimi(DisasContext *ctx)
{
    uint32_t insn = ctx->insn;
    unsigned sh = insn_rB(insn);
    uint32_t mask = ppc_mask(insn_rC(insn), insn_xo5(insn));
    TCGv a = cpu_gpr[insn_rA(insn)], s = cpu_gpr[insn_rS(insn)];
    TCGv t = ppc_temp(), kept = ppc_temp();

    tcg_gen_rotli(t, s, sh);
    tcg_gen_andi(t, t, (int32_t)mask);
    tcg_gen_andi(kept, a, (int32_t)~mask);
    tcg_gen_or(a, t, kept);
    gen_rc(ctx, a);
}

/* slw/srw: the count is rB[26-31]; 32..63 gives 0.  The IR masks shift
 * counts to 0..31, so only bit 5 needs a movcond. */
static void gen_shift_word(TCGv a, TCGv s, TCGv b, bool left)
{
    TCGv t = ppc_temp();
    if (left) {
        tcg_gen_shl(t, s, b);
    } else {
        tcg_gen_shr(t, s, b);
    }
    tcg_gen_movcond(TCG_COND_TSTNE, a, b, ppc_const(0x20), ppc_const(0), t);
}

/*
 * sraw: rS sign-extended to 64 bits and shifted by rB[26-31]: counts
 * 32..63 leave sign bits only.  CA = rS negative and a 1 bit shifted out,
 * that is, shifting the result back does not give rS.
 */
static void gen_sraw(TCGv a, TCGv s, TCGv b)
{
    TCGv s64 = ppc_temp_i64(), n64 = ppc_temp_i64(), r64 = ppc_temp_i64();
    TCGv sign = ppc_temp();

    tcg_gen_ext_i32_i64(s64, s);
    tcg_gen_extu_i32_i64(n64, b);
    tcg_gen_sar(r64, s64, n64);
    tcg_gen_shl(n64, r64, n64);
    tcg_gen_shri(sign, s, 31);
    tcg_gen_movcond(TCG_COND_NE, cpu_xer_ca, n64, s64, sign, ppc_const(0));
    tcg_gen_extrl_i64_i32(a, r64);
}

/* srawi: CA = rS negative with a 1 in the bits shifted out, that is, rS
 * masked to its sign and those bits is above 0x80000000 unsigned. */
static void gen_srawi(TCGv a, TCGv s, unsigned sh)
{
    if (sh == 0) {
        tcg_gen_mov(a, s);
        tcg_gen_movi(cpu_xer_ca, 0);
        return;
    }
    TCGv t = ppc_temp();
    tcg_gen_andi(t, s, (int32_t)(0x80000000u | ((1u << sh) - 1)));
    tcg_gen_setcondi(TCG_COND_GTU, cpu_xer_ca, t, (int32_t)0x80000000u);
    tcg_gen_sari(a, s, sh);
}

static bool trans_shift(DisasContext *ctx, unsigned xo)
{
    uint32_t insn = ctx->insn;
    TCGv a = cpu_gpr[insn_rA(insn)];
    TCGv s = cpu_gpr[insn_rS(insn)];
    TCGv b = cpu_gpr[insn_rB(insn)];

    /* Each writes rA (which may be rS or rB) with its last op only. */
    switch (xo) {
    case 24:  gen_shift_word(a, s, b, true); break;   /* slw */
    case 536: gen_shift_word(a, s, b, false); break;  /* srw */
    case 792: gen_sraw(a, s, b); break;
    case 824: gen_srawi(a, s, insn_rB(insn)); break;
    default:
        return false;
    }
    gen_rc(ctx, a);
    return true;
}

/* isel rD,rA|0,rB,BC: rD = CR[BC] ? (rA|0) : rB. */
static void trans_isel(DisasContext *ctx)
{
    uint32_t insn = ctx->insn;
    unsigned bc = insn_rC(insn);

    tcg_gen_movcond(TCG_COND_TSTNE, cpu_gpr[insn_rD(insn)], cpu_crf[bc >> 2],
                    ppc_const(CRF_LT >> (bc & 3)), gpr_or_zero(insn_rA(insn)),
                    cpu_gpr[insn_rB(insn)]);
}

static bool trans_alu_31(DisasContext *ctx)
{
    uint32_t insn = ctx->insn;
    unsigned xo = insn_xo10(insn);

    if (insn_xo5(insn) == 15) {
        trans_isel(ctx);
        return true;
    }
    switch (xo) {
    case 0:   /* cmp */
    case 32:  /* cmpl */
        if (insn_rc(insn)) {
            ppc_gen_illegal(ctx);
            return true;
        }
        trans_cmp(ctx, cpu_gpr[insn_rB(insn)], xo == 0);
        return true;
    case 24: case 536: case 792: case 824:
        return trans_shift(ctx, xo);
    }
    if (trans_logic_x(ctx, xo)) {
        return true;
    }
    if (xo_needs_zero_rb(insn) && insn_rB(insn) != 0) {
        ppc_gen_illegal(ctx);
        return true;
    }
    return trans_xo_arith(ctx);
}

bool ppc_translate_alu(DisasContext *ctx)
{
    uint32_t insn = ctx->insn;
    unsigned rd = insn_rD(insn), ra = insn_rA(insn);
    int32_t simm = insn_simm(insn);
    TCGv d = cpu_gpr[rd];

    switch (insn_opcd(insn)) {
    case 7: /* mulli */
        tcg_gen_muli(d, cpu_gpr[ra], simm);
        return true;
    case 8: /* subfic: rD = SIMM - rA, CA = SIMM >=u rA */
        tcg_gen_setcond(TCG_COND_LEU, cpu_xer_ca, cpu_gpr[ra], ppc_const(simm));
        tcg_gen_subfi(d, simm, cpu_gpr[ra]);
        return true;
    case 10: /* cmpli */
        trans_cmp(ctx, ppc_const((int32_t)insn_uimm(insn)), false);
        return true;
    case 11: /* cmpi */
        trans_cmp(ctx, ppc_const(simm), true);
        return true;
    case 12: /* addic */
    case 13: /* addic. */
        gen_add(ctx, d, cpu_gpr[ra], ppc_const(simm), (TCGv){ 0 },
                ARITH_CA | (insn_opcd(insn) == 13 ? ARITH_RC : 0));
        return true;
    case 14: /* addi; li when rA = 0 */
        if (ra == 0) {
            tcg_gen_movi(d, simm);
        } else {
            tcg_gen_addi(d, cpu_gpr[ra], simm);
        }
        return true;
    case 15: /* addis; lis when rA = 0 */
        if (ra == 0) {
            tcg_gen_movi(d, (int32_t)((uint32_t)simm << 16));
        } else {
            tcg_gen_addi(d, cpu_gpr[ra], (int32_t)((uint32_t)simm << 16));
        }
        return true;
    case 20:
        trans_rlwimi(ctx);
        return true;
    case 21:
        trans_rlwinm(ctx);
        return true;
    case 23:
        trans_rlwnm(ctx);
        return true;
    case 24: case 25: case 26: case 27: case 28: case 29:
        return trans_logic_imm(ctx);
    case 31:
        return trans_alu_31(ctx);
    }
    return false;
}
