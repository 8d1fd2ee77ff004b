/*
 * translate-fp.c: PowerPC floating-point instructions to IR.
 *
 * FPRs are I64 globals holding IEEE double bits.  Loads, stores, the
 * sign-bit moves (fmr fneg fabs fnabs, fsel) and the common double-precision
 * arithmetic (see gen_fp_inline) are inline IR; the rest goes through
 * fpu_helper.c.  FPSCR lives only in env memory,
 * where the helpers read RN and write status, so none of them touches an IR
 * global and all are called with TCG_CALL_NO_RWG: the register allocator
 * keeps guest registers in host registers across them.
 */
#include <stddef.h>

#include "target-ppc/fpu_helper.h"
#include "target-ppc/translate-int.h"

#define ENV_OFS(field) ((int32_t)offsetof(CPUPPCState, field))
#define DBL_SIGN_BIT INT64_MIN

static TCGv cpu_fpr[32];

static const char fpr_names[32][4] = {
    "f0",  "f1",  "f2",  "f3",  "f4",  "f5",  "f6",  "f7",
    "f8",  "f9",  "f10", "f11", "f12", "f13", "f14", "f15",
    "f16", "f17", "f18", "f19", "f20", "f21", "f22", "f23",
    "f24", "f25", "f26", "f27", "f28", "f29", "f30", "f31",
};

void ppc_fp_tcg_init(void)
{
    for (int i = 0; i < 32; i++)
        cpu_fpr[i] = tcg_global_mem_new(TCG_TYPE_I64, ENV_OFS(fpr) + 8 * i,
                                        fpr_names[i]);
}

/* A helper: exception bits of inline instructions may still be waiting in
 * the host's MXCSR (fpu_helper.c). */
void ppc_gen_set_cr1_from_fpscr(DisasContext *ctx)
{
    (void)ctx;
    tcg_gen_callN(helper_fpscr_cr1, TCG_CALL_NO_RWG, cpu_crf[1], tcg_env);
}

static inline unsigned insn_frD(uint32_t i) { return insn_rD(i); }
static inline unsigned insn_frA(uint32_t i) { return insn_rA(i); }
static inline unsigned insn_frB(uint32_t i) { return insn_rB(i); }
static inline unsigned insn_frC(uint32_t i) { return insn_rC(i); }

/* ---- loads and stores ---------------------------------------------------- */

/*
 * lfs: a normal single widens by moving its fields and rebiasing the
 * exponent by 1023 - 127; zeros, denormals, infinities and NaNs (exponent
 * 0 or 255) call the helper.
 */
static void gen_single_to_double(TCGv d, TCGv word)
{
    TCGv w = ppc_temp_i64(), special = ppc_temp_i64(), r = ppc_temp_i64();
    TCGv sign = ppc_temp_i64(), zero = tcg_constant(TCG_TYPE_I64, 0);

    tcg_gen_extu_i32_i64(w, word);
    /* exponent + 1 in bits 23-30: 0 or 1 above bit 23 iff 255 or 0 */
    tcg_gen_addi(special, w, 1 << 23);
    tcg_gen_andi(special, special, 0x7f000000);
    tcg_gen_setcondi(TCG_COND_EQ, special, special, 0);
    tcg_gen_andi(r, w, 0x7fffffff);
    tcg_gen_shli(r, r, 29);
    tcg_gen_addi(r, r, (int64_t)(1023 - 127) << 52);
    tcg_gen_andi(sign, w, 0x80000000u);
    tcg_gen_shli(sign, sign, 32);
    tcg_gen_or(r, r, sign);
    tcg_gen_call_if(d, special, r, helper_single_to_double,
                    (TCGv[5]){ w, zero, zero, zero, zero });
}

/* stfs: above the single denormal range (exponent > 896, or Inf/NaN) the
 * sign, the top exponent bit and the next 30 bits are copied; below it
 * the helper shifts or gives zero. */
static void gen_double_to_single(TCGv word, TCGv x)
{
    TCGv special = ppc_temp_i64(), r = ppc_temp_i64(), t = ppc_temp_i64();
    TCGv zero = tcg_constant(TCG_TYPE_I64, 0);

    tcg_gen_shli(special, x, 1);
    tcg_gen_shri(special, special, 53);
    tcg_gen_setcondi(TCG_COND_LEU, special, special, 896);
    tcg_gen_shri(r, x, 32);
    tcg_gen_andi(r, r, 0xc0000000u);
    tcg_gen_shri(t, x, 29);
    tcg_gen_andi(t, t, 0x3fffffff);
    tcg_gen_or(r, r, t);
    tcg_gen_call_if(r, special, r, helper_double_to_single,
                    (TCGv[5]){ x, zero, zero, zero, zero });
    tcg_gen_extrl_i64_i32(word, r);
}

typedef enum FpMemKind { FP_LOAD_SINGLE, FP_LOAD_DOUBLE, FP_STORE_SINGLE,
                         FP_STORE_DOUBLE, FP_STORE_INT_WORD } FpMemKind;

static void gen_fp_mem(DisasContext *ctx, FpMemKind kind, TCGv ea,
                       bool update)
{
    unsigned fr = insn_frD(ctx->insn), ra = insn_rA(ctx->insn);
    TCGv word = ppc_temp();

    switch (kind) {
    case FP_LOAD_SINGLE:
        tcg_gen_qemu_ld(word, ea, MO_BE | MO_UL, PPC_MMU_USER);
        gen_single_to_double(cpu_fpr[fr], word);
        break;
    case FP_LOAD_DOUBLE:
        tcg_gen_qemu_ld(cpu_fpr[fr], ea, MO_BE | MO_UQ, PPC_MMU_USER);
        break;
    case FP_STORE_SINGLE:
        gen_double_to_single(word, cpu_fpr[fr]);
        tcg_gen_qemu_st(word, ea, MO_BE | MO_UL, PPC_MMU_USER);
        break;
    case FP_STORE_DOUBLE:
        tcg_gen_qemu_st(cpu_fpr[fr], ea, MO_BE | MO_UQ, PPC_MMU_USER);
        break;
    case FP_STORE_INT_WORD:
        tcg_gen_extrl_i64_i32(word, cpu_fpr[fr]);
        tcg_gen_qemu_st(word, ea, MO_BE | MO_UL, PPC_MMU_USER);
        break;
    }
    if (update)
        tcg_gen_mov(cpu_gpr[ra], ea);
}

/* Primary opcodes 48-55: lfs lfsu lfd lfdu stfs stfsu stfd stfdu. */
static bool translate_fp_mem_disp(DisasContext *ctx)
{
    static const FpMemKind kinds[4] = { FP_LOAD_SINGLE, FP_LOAD_DOUBLE,
                                        FP_STORE_SINGLE, FP_STORE_DOUBLE };
    unsigned opc = insn_opcd(ctx->insn), ra = insn_rA(ctx->insn);
    bool update = opc & 1;

    if (update && ra == 0) {
        ppc_gen_illegal(ctx);
        return true;
    }
    gen_fp_mem(ctx, kinds[(opc - 48) / 2],
               ppc_gen_ea_disp(ctx, ra, insn_simm(ctx->insn)), update);
    return true;
}

/* Opcode 31: lfsx lfsux lfdx lfdux stfsx stfsux stfdx stfdux stfiwx. */
static bool translate_fp_mem_indexed(DisasContext *ctx)
{
    unsigned ra = insn_rA(ctx->insn), rb = insn_rB(ctx->insn);
    FpMemKind kind;
    bool update;

    switch (insn_xo10(ctx->insn)) {
    case 535: kind = FP_LOAD_SINGLE; update = false; break;
    case 567: kind = FP_LOAD_SINGLE; update = true; break;
    case 599: kind = FP_LOAD_DOUBLE; update = false; break;
    case 631: kind = FP_LOAD_DOUBLE; update = true; break;
    case 663: kind = FP_STORE_SINGLE; update = false; break;
    case 695: kind = FP_STORE_SINGLE; update = true; break;
    case 727: kind = FP_STORE_DOUBLE; update = false; break;
    case 759: kind = FP_STORE_DOUBLE; update = true; break;
    case 983: kind = FP_STORE_INT_WORD; update = false; break;
    default:
        return false;
    }
    if (update && ra == 0) {
        ppc_gen_illegal(ctx);
        return true;
    }
    gen_fp_mem(ctx, kind, ppc_gen_ea_indexed(ctx, ra, rb), update);
    return true;
}

/* ---- arithmetic ------------------------------------------------------------ */

typedef uint64_t (*FpHelper1)(CPUPPCState *, uint64_t, uint64_t);
typedef uint64_t (*FpHelper2)(CPUPPCState *, uint64_t, uint64_t, uint64_t);
typedef uint64_t (*FpHelper3)(CPUPPCState *, uint64_t, uint64_t, uint64_t,
                              uint64_t);

/*
 * Inline arithmetic, in TBs translated for RN = nearest with no exception
 * enabled (PPC_TB_FP_NEAREST): the host computes the result, raising its
 * exception flags in MXCSR, where they wait until something reads FPSCR
 * (fpu_helper.c folds them into ZX OX UX XX), and the instruction is
 * recorded as pending (fpu_helper.h) for FPRF, FI and FR.  Results the
 * host's flags do not describe go to helper_fp_inline_fallback (see
 * gen_fp_inline_unsafe).  Record forms (Rc = 1) always call the helper.
 */
/* Biased exponents of the single-precision results taken inline (besides
 * zeros): from 2^-125 (a result rounded up to 2^-126 was tiny) to the
 * largest single. */
#define INLINE_SINGLE_EXP_MIN (1023 - 125)
#define INLINE_SINGLE_EXP_MAX (1023 + 127)
/* (2^-1022 << 1) and the NaNs above (+inf << 1) */
#define MAG2_MIN_NORMAL 0x0020000000000000ll
#define MAG2_INF ((int64_t)0xffe0000000000000ull)

static bool fp_inline_ok(const DisasContext *ctx)
{
    return ctx->tb->flags & PPC_TB_FP_NEAREST;
}

static bool fp_is_single(PpcFpPending pending)
{
    return pending >= PPC_FP_FADDS && pending <= PPC_FP_FDIVS;
}

/*
 * Nonzero when the result r is not taken inline: a NaN (an invalid
 * operation or a NaN operand: the helper picks the NaN and the VX bit)
 * and, where the instruction can round up to it from below, +-2^-1022
 * (tiny for PowerPC, not for the host: only then do UX and the host's
 * underflow flag disagree; sums and differences are exact there).
 * Single precision: r outside [2^-125, largest single] and not zero.
 */
static TCGv gen_fp_inline_unsafe(PpcFpPending pending, TCGv r)
{
    TCGv unsafe = ppc_temp_i64(), mag2 = ppc_temp_i64(), t;

    tcg_gen_shli(mag2, r, 1);
    if (fp_is_single(pending)) {
        t = ppc_temp_i64();
        tcg_gen_shri(unsafe, mag2, 53);
        tcg_gen_subi(unsafe, unsafe, INLINE_SINGLE_EXP_MIN);
        tcg_gen_setcondi(TCG_COND_GTU, unsafe, unsafe,
                         INLINE_SINGLE_EXP_MAX - INLINE_SINGLE_EXP_MIN);
        tcg_gen_setcondi(TCG_COND_NE, t, mag2, 0);
        tcg_gen_and(unsafe, unsafe, t);
        return unsafe;
    }
    tcg_gen_setcondi(TCG_COND_GTU, unsafe, mag2, MAG2_INF);
    if (pending != PPC_FP_FADD && pending != PPC_FP_FSUB) {
        t = ppc_temp_i64();
        tcg_gen_setcondi(TCG_COND_EQ, t, mag2, MAG2_MIN_NORMAL);
        tcg_gen_or(unsafe, unsafe, t);
    }
    return unsafe;
}

/* The A-form instruction `insn` (opcode 59 or 63) that translate_fp_a_form
 * runs inline in this TB, or PPC_FP_NONE. */
static PpcFpPending fp_inline_kind(const DisasContext *ctx, uint32_t insn)
{
    if (!fp_inline_ok(ctx) || insn_rc(insn))
        return PPC_FP_NONE;
    if (insn_opcd(insn) == 59) {
        switch (insn_xo5(insn)) {
        case 18: return PPC_FP_FDIVS;
        case 20: return PPC_FP_FSUBS;
        case 21: return PPC_FP_FADDS;
        case 25: return PPC_FP_FMULS;
        default: return PPC_FP_NONE;
        }
    }
    if (insn_opcd(insn) != 63)
        return PPC_FP_NONE;
    switch (insn_xo5(insn)) {
    case 18: return PPC_FP_FDIV;
    case 20: return PPC_FP_FSUB;
    case 21: return PPC_FP_FADD;
    case 25: return PPC_FP_FMUL;
    case 28: return PPC_FP_FMSUB;
    case 29: return PPC_FP_FMADD;
    case 30: return PPC_FP_FNMSUB;
    case 31: return PPC_FP_FNMADD;
    default: return PPC_FP_NONE;
    }
}

/*
 * An inline instruction followed in this TB by another one need not write
 * the pending record: the next one overwrites it before anything can read
 * FPSCR (neither raises nor accesses memory).  Its fallback then gets the
 * operands as arguments.
 */
static bool fp_record_overwritten(DisasContext *ctx)
{
    if (!ctx->has_next_insn ||
        fp_inline_kind(ctx, ctx->next_insn) == PPC_FP_NONE)
        return false;
    ctx->keep_next_insn = true;
    return true;
}

/* ops: frA, then frB or frC, then frB of the fused forms (the helper's
 * operand order); not_inline (if given) nonzero rules the inline result
 * out. */
static void gen_fp_inline(DisasContext *ctx, PpcFpPending pending, TCGv r,
                          TCGv not_inline, const TCGv ops[3])
{
    TCGv d = cpu_fpr[insn_frD(ctx->insn)];
    TCGv unsafe = gen_fp_inline_unsafe(pending, r);
    TCGv zero = tcg_constant(TCG_TYPE_I64, 0);
    int nops = pending >= PPC_FP_FMADD ? 3 : 2;

    if (not_inline.idx)
        tcg_gen_or(unsafe, unsafe, not_inline);
    bool overwritten = fp_record_overwritten(ctx);

    if (overwritten && nops == 3) {
        tcg_gen_call_if(d, unsafe, r, helper_fp_fused_fallback,
                        (TCGv[5]){ tcg_env,
                                   tcg_constant(TCG_TYPE_I64, pending),
                                   ops[0], ops[1], ops[2] });
        return;
    }
    if (overwritten) {
        tcg_gen_call_if(d, unsafe, r, helper_fp_binary_fallback,
                        (TCGv[5]){ tcg_env, d,
                                   tcg_constant(TCG_TYPE_I64, pending),
                                   ops[0], ops[1] });
        return;
    }
    for (int i = 0; i < nops; i++)
        tcg_gen_st_env(ops[i], ENV_OFS(fp_pending_ops[i]), MO_64);
    tcg_gen_st_env(ppc_const(pending), ENV_OFS(fp_pending), MO_32);
    tcg_gen_call_if(d, unsafe, r, helper_fp_inline_fallback,
                    (TCGv[5]){ tcg_env, d, zero, zero, zero });
}

/* ns |= nonzero unless x is zero or a normal single (as a double), with
 * integer operations only: the host's flags must not see x.  Rotated,
 * |x| << 1 has the 29 fraction bits a single lacks (and the 0 shifted in)
 * on top and the exponent from bit 23. */
static void gen_fp_or_not_single(TCGv ns, TCGv x)
{
    TCGv y = ppc_temp_i64(), t = ppc_temp_i64();

    tcg_gen_shli(y, x, 1);
    tcg_gen_rotri(y, y, 30);
    tcg_gen_subi(t, y, (int64_t)(1023 - 126) << 23);
    tcg_gen_setcondi(TCG_COND_GEU, t, t, 254 << 23);
    tcg_gen_setcondi(TCG_COND_NE, y, y, 0);
    tcg_gen_and(t, t, y);
    tcg_gen_or(ns, ns, t);
}

/*
 * fadd fsub fdiv (frA, frB) and fmul (frA, frC).  fadds fsubs fmuls fdivs
 * compute the double result and round it to single: when both operands
 * are singles, that double rounding gives the correctly rounded single (a
 * double carries more than 2 * 24 + 2 bits; products of singles are even
 * exact).  Other operands call the helper; the double operation on them
 * raises only what the single one does (inexact: the exact value is not
 * even a double; overflow, underflow: it is out of double range), and
 * the rounding to single, which could overflow on a double rounded up to
 * the overflow threshold, rounds 0 instead.
 */
static void gen_fp_inline_binary(DisasContext *ctx, PpcFpPending pending,
                                 unsigned rb)
{
    TCGv a = cpu_fpr[insn_frA(ctx->insn)], b = cpu_fpr[rb];
    TCGv r = ppc_temp_i64(), not_single = { 0 };
    bool single = fp_is_single(pending);
    PpcFpPending op = single ? pending - (PPC_FP_FADDS - PPC_FP_FADD)
                             : pending;

    switch (op) {
    case PPC_FP_FADD:
        tcg_gen_fadd_f64(r, a, b);
        break;
    case PPC_FP_FSUB:
        tcg_gen_fsub_f64(r, a, b);
        break;
    case PPC_FP_FMUL:
        tcg_gen_fmul_f64(r, a, b);
        break;
    default:
        tcg_gen_fdiv_f64(r, a, b);
        break;
    }
    if (single) {
        TCGv zero = tcg_constant(TCG_TYPE_I64, 0);

        not_single = ppc_temp_i64();
        tcg_gen_movi(not_single, 0);
        gen_fp_or_not_single(not_single, a);
        gen_fp_or_not_single(not_single, b);
        tcg_gen_movcond(TCG_COND_NE, r, not_single, zero, zero, r);
        tcg_gen_frsp_f64(r, r);
    }
    gen_fp_inline(ctx, pending, r, not_single,
                  (TCGv[3]){ a, b, tcg_constant(TCG_TYPE_I64, 0) });
}

/* fmadd fmsub fnmadd fnmsub: +-(frA * frC +- frB), one rounding; the
 * negations are exact, and in round-to-nearest negating the rounded
 * result is rounding the negated one. */
static void gen_fp_inline_fused(DisasContext *ctx, PpcFpPending pending)
{
    TCGv a = cpu_fpr[insn_frA(ctx->insn)], c = cpu_fpr[insn_frC(ctx->insn)];
    TCGv b = cpu_fpr[insn_frB(ctx->insn)], addend = b;
    TCGv r = ppc_temp_i64();

    if (pending == PPC_FP_FMSUB || pending == PPC_FP_FNMSUB) {
        addend = ppc_temp_i64();
        tcg_gen_xori(addend, b, DBL_SIGN_BIT);
    }
    tcg_gen_fma_f64(r, a, c, addend);
    if (pending == PPC_FP_FNMADD || pending == PPC_FP_FNMSUB)
        tcg_gen_xori(r, r, DBL_SIGN_BIT);
    gen_fp_inline(ctx, pending, r, (TCGv){ 0 }, (TCGv[3]){ a, c, b });
}

/* frD = helper(env, frD, operands...): frD goes in so that an enabled
 * exception can leave it unchanged. */
static void gen_fp_unary(DisasContext *ctx, FpHelper1 helper)
{
    TCGv d = cpu_fpr[insn_frD(ctx->insn)];

    tcg_gen_callN(helper, TCG_CALL_NO_RWG, d, tcg_env, d,
                  cpu_fpr[insn_frB(ctx->insn)]);
}

static void gen_fp_binary(DisasContext *ctx, FpHelper2 helper, unsigned rb)
{
    TCGv d = cpu_fpr[insn_frD(ctx->insn)];

    tcg_gen_callN(helper, TCG_CALL_NO_RWG, d, tcg_env, d,
                  cpu_fpr[insn_frA(ctx->insn)], cpu_fpr[rb]);
}

static void gen_fp_fused(DisasContext *ctx, FpHelper3 helper)
{
    TCGv d = cpu_fpr[insn_frD(ctx->insn)];

    tcg_gen_callN(helper, TCG_CALL_NO_RWG, d, tcg_env, d,
                  cpu_fpr[insn_frA(ctx->insn)], cpu_fpr[insn_frC(ctx->insn)],
                  cpu_fpr[insn_frB(ctx->insn)]);
}

/* fsel: frD = frA >= 0 ? frC : frB; a NaN in frA selects frB.  frA >= 0
 * holds for +0..+inf (unsigned <= 0x7ff0...) and for -0. */
static void gen_fsel(DisasContext *ctx)
{
    TCGv a = cpu_fpr[insn_frA(ctx->insn)];
    TCGv nonneg = ppc_temp_i64(), minus_zero = ppc_temp_i64();

    tcg_gen_setcondi(TCG_COND_LEU, nonneg, a, 0x7ff0000000000000ll);
    tcg_gen_setcondi(TCG_COND_EQ, minus_zero, a, DBL_SIGN_BIT);
    tcg_gen_or(nonneg, nonneg, minus_zero);
    tcg_gen_movcond(TCG_COND_NE, cpu_fpr[insn_frD(ctx->insn)], nonneg,
                    tcg_constant(TCG_TYPE_I64, 0),
                    cpu_fpr[insn_frC(ctx->insn)],
                    cpu_fpr[insn_frB(ctx->insn)]);
}

/* A-form instructions of opcodes 59 (single) and 63 (double), by XO. */
static bool translate_fp_a_form(DisasContext *ctx, bool single)
{
    unsigned rb = insn_frB(ctx->insn), rc = insn_frC(ctx->insn);

    /* inline where the TB's FPSCR mode allows */
    PpcFpPending inline_kind = fp_inline_kind(ctx, ctx->insn);

    if (inline_kind >= PPC_FP_FMADD) {
        gen_fp_inline_fused(ctx, inline_kind);
        return true;
    }
    if (inline_kind != PPC_FP_NONE) {
        bool mul = inline_kind == PPC_FP_FMUL || inline_kind == PPC_FP_FMULS;

        gen_fp_inline_binary(ctx, inline_kind, mul ? rc : rb);
        return true;
    }
    switch (insn_xo5(ctx->insn)) {
    case 18:
        gen_fp_binary(ctx, single ? helper_fdivs : helper_fdiv, rb);
        return true;
    case 20:
        gen_fp_binary(ctx, single ? helper_fsubs : helper_fsub, rb);
        return true;
    case 21:
        gen_fp_binary(ctx, single ? helper_fadds : helper_fadd, rb);
        return true;
    case 22:
        gen_fp_unary(ctx, single ? helper_fsqrts : helper_fsqrt);
        return true;
    case 23:
        if (single)
            return false;
        gen_fsel(ctx);
        return true;
    case 24:
        if (!single)
            return false;
        gen_fp_unary(ctx, helper_fres);
        return true;
    case 25:
        gen_fp_binary(ctx, single ? helper_fmuls : helper_fmul, rc);
        return true;
    case 26:
        if (single)
            return false;
        gen_fp_unary(ctx, helper_frsqrte);
        return true;
    case 28:
        gen_fp_fused(ctx, single ? helper_fmsubs : helper_fmsub);
        return true;
    case 29:
        gen_fp_fused(ctx, single ? helper_fmadds : helper_fmadd);
        return true;
    case 30:
        gen_fp_fused(ctx, single ? helper_fnmsubs : helper_fnmsub);
        return true;
    case 31:
        gen_fp_fused(ctx, single ? helper_fnmadds : helper_fnmadd);
        return true;
    default:
        return false;
    }
}

/* ---- X-form instructions of opcode 63 ------------------------------------ */

static void gen_fp_sign(DisasContext *ctx, unsigned xo)
{
    TCGv d = cpu_fpr[insn_frD(ctx->insn)], b = cpu_fpr[insn_frB(ctx->insn)];

    switch (xo) {
    case 40: /* fneg */
        tcg_gen_xori(d, b, DBL_SIGN_BIT);
        break;
    case 72: /* fmr */
        tcg_gen_mov(d, b);
        break;
    case 136: /* fnabs */
        tcg_gen_ori(d, b, DBL_SIGN_BIT);
        break;
    default: /* 264: fabs */
        tcg_gen_andi(d, b, INT64_MAX);
        break;
    }
}

/* x as a signed integer in the order of the doubles (not NaN): the
 * magnitude, negated for negative x, so that -0 and +0 are equal. */
static TCGv gen_fp_order_key(TCGv x, TCGv mag)
{
    TCGv key = ppc_temp_i64(), sign = ppc_temp_i64();

    tcg_gen_sari(sign, x, 63);
    tcg_gen_xor(key, mag, sign);
    tcg_gen_sub(key, key, sign);
    return key;
}

/*
 * fcmpu inline: the CR field from the operands as ordered integers, and
 * FPCC left pending after whatever instruction is pending
 * (PPC_FP_PENDING_FPCC).  A NaN operand calls the helper (which may raise
 * VXSNAN); it settles FPSCR and sets FPCC, so the FPCC recorded after it
 * repeats what it set.
 */
static void gen_fcmpu_inline(DisasContext *ctx)
{
    TCGv a = cpu_fpr[insn_frA(ctx->insn)], b = cpu_fpr[insn_frB(ctx->insn)];
    TCGv ma = ppc_temp_i64(), mb = ppc_temp_i64(), nan = ppc_temp_i64();
    TCGv t = ppc_temp_i64(), crf = ppc_temp_i64(), ka, kb;
    TCGv crf32 = cpu_crf[insn_crfD(ctx->insn)], pending = ppc_temp();
    TCGv fpcc = ppc_temp();
    TCGv zero = tcg_constant(TCG_TYPE_I64, 0);

    tcg_gen_andi(ma, a, INT64_MAX);
    tcg_gen_andi(mb, b, INT64_MAX);
    tcg_gen_setcondi(TCG_COND_GTU, nan, ma, 0x7ff0000000000000ll);
    tcg_gen_setcondi(TCG_COND_GTU, t, mb, 0x7ff0000000000000ll);
    tcg_gen_or(nan, nan, t);
    ka = gen_fp_order_key(a, ma);
    kb = gen_fp_order_key(b, mb);
    tcg_gen_movcond(TCG_COND_GT, t, ka, kb, tcg_constant(TCG_TYPE_I64, CRF_GT),
                    tcg_constant(TCG_TYPE_I64, CRF_EQ));
    tcg_gen_movcond(TCG_COND_LT, crf, ka, kb,
                    tcg_constant(TCG_TYPE_I64, CRF_LT), t);
    tcg_gen_call_if(crf, nan, crf, helper_fcmpu_nan,
                    (TCGv[5]){ tcg_env, a, b, zero, zero });
    tcg_gen_extrl_i64_i32(crf32, crf);

    tcg_gen_ld_env(pending, ENV_OFS(fp_pending), MO_32);
    tcg_gen_andi(pending, pending, PPC_FP_PENDING_KIND);
    tcg_gen_shli(fpcc, crf32, PPC_FP_PENDING_FPCC_SHIFT);
    tcg_gen_or(pending, pending, fpcc);
    tcg_gen_ori(pending, pending, PPC_FP_PENDING_FPCC);
    tcg_gen_st_env(pending, ENV_OFS(fp_pending), MO_32);
}

static void gen_fcmp(DisasContext *ctx, bool ordered)
{
    if (!ordered) {
        gen_fcmpu_inline(ctx);
        return;
    }
    tcg_gen_callN(helper_fcmpo, TCG_CALL_NO_RWG,
                  cpu_crf[insn_crfD(ctx->insn)], tcg_env,
                  cpu_fpr[insn_frA(ctx->insn)], cpu_fpr[insn_frB(ctx->insn)]);
}

/* The high word of mffs's result is undefined; qemu-ppc and we clear it.
 * A helper, since pending FPSCR bits may need computing. */
static void gen_mffs(DisasContext *ctx)
{
    tcg_gen_callN(helper_mffs, TCG_CALL_NO_RWG, cpu_fpr[insn_frD(ctx->insn)],
                  tcg_env);
}

/* mtfsf FLM,frB; with L=1 (ISA 2.05) every field is written. */
/*
 * The FPSCR writes return the new TB key flags (ppc_tb_fp_flags): a TB
 * ends after them, going on through the jump cache when the flags are
 * those it was translated for, else through the exec loop, which looks up
 * the next TB with the new flags (the inline lookup of goto_ptr assumes
 * unchanged flags).
 */
static TCGv gen_mtfsf(DisasContext *ctx)
{
    uint32_t fields = (ctx->insn >> 25) & 1 ? 0xff : (ctx->insn >> 17) & 0xff;
    TCGv key = ppc_temp();

    tcg_gen_callN(helper_mtfsf, TCG_CALL_NO_RWG, key, tcg_env,
                  ppc_const((int32_t)fields), cpu_fpr[insn_frB(ctx->insn)]);
    return key;
}

/* mtfsfi BF,U: mtfsf of one field with a constant.  Into the control
 * fields (6: VE OE UE ZE, 7: XE NI RN) of a TB translated for nearest
 * with no exception enabled, keeping that mode (glibc's sqrt sets field 7
 * to 0 on every call), it is an inline store that does not end the TB:
 * those bits are no exception bits and no summary depends on them then. */
static TCGv gen_mtfsfi(DisasContext *ctx)
{
    unsigned field = insn_crfD(ctx->insn), u = (ctx->insn >> 12) & 0xf;
    int64_t value = (int64_t)u << (28 - 4 * field);
    TCGv key = ppc_temp();

    if (fp_inline_ok(ctx) && ((field == 6 && u == 0) ||
                              (field == 7 && !(u & ~(FPSCR_NI & 0xf))))) {
        TCGv t = ppc_temp();

        tcg_gen_ld_env(t, ENV_OFS(fpscr), MO_32);
        tcg_gen_andi(t, t, ~(0xfu << (28 - 4 * field)));
        tcg_gen_ori(t, t, value);
        tcg_gen_st_env(t, ENV_OFS(fpscr), MO_32);
        return (TCGv){ 0 };
    }

    tcg_gen_callN(helper_mtfsf, TCG_CALL_NO_RWG, key, tcg_env,
                  ppc_const((int32_t)(0x80u >> field)),
                  tcg_constant(TCG_TYPE_I64, value));
    return key;
}

static TCGv gen_mtfsb(DisasContext *ctx, bool set)
{
    TCGv key = ppc_temp();

    tcg_gen_callN(set ? helper_mtfsb1 : helper_mtfsb0, TCG_CALL_NO_RWG, key,
                  tcg_env, ppc_const((int32_t)insn_rD(ctx->insn)));
    return key;
}

static void gen_end_tb_after_fpscr_write(DisasContext *ctx, TCGv key)
{
    uint32_t new_key = tcg_new_label();

    ppc_gen_set_nip(ctx->pc + 4);
    tcg_gen_brcondi(TCG_COND_NE, key, (int32_t)ctx->tb->flags, new_key);
    tcg_gen_lookup_and_goto_ptr();
    tcg_gen_set_label(new_key);
    tcg_gen_exit_tb(0);
    ctx->is_jmp = DISAS_NORETURN;
}

static void gen_mcrfs(DisasContext *ctx)
{
    tcg_gen_callN(helper_mcrfs, TCG_CALL_NO_RWG,
                  cpu_crf[insn_crfD(ctx->insn)], tcg_env,
                  ppc_const((int32_t)insn_crfS(ctx->insn)));
}

/* Returns false for an unknown XO; *record is cleared for the compares,
 * whose bit 31 is not Rc; the FPSCR writes set *fpscr_key. */
static bool translate_fp_x_form(DisasContext *ctx, bool *record,
                                TCGv *fpscr_key)
{
    unsigned xo = insn_xo10(ctx->insn);

    switch (xo) {
    case 0:
    case 32:
        gen_fcmp(ctx, xo == 32);
        *record = false;
        return true;
    case 64:
        gen_mcrfs(ctx);
        *record = false;
        ctx->is_jmp = DISAS_UPDATE; /* FPSCR changed: new TB key flags */
        return true;
    case 12:
        gen_fp_unary(ctx, helper_frsp);
        return true;
    case 14:
        gen_fp_unary(ctx, helper_fctiw);
        return true;
    case 15:
        gen_fp_unary(ctx, helper_fctiwz);
        return true;
    case 40:
    case 72:
    case 136:
    case 264:
        gen_fp_sign(ctx, xo);
        return true;
    case 38:
    case 70:
        *fpscr_key = gen_mtfsb(ctx, xo == 38);
        return true;
    case 134:
        *fpscr_key = gen_mtfsfi(ctx);
        return true;
    case 583:
        gen_mffs(ctx);
        return true;
    case 711:
        *fpscr_key = gen_mtfsf(ctx);
        return true;
    default:
        return false;
    }
}

bool ppc_translate_fp(DisasContext *ctx)
{
    unsigned opc = insn_opcd(ctx->insn);
    bool record = insn_rc(ctx->insn), known;
    TCGv fpscr_key = { 0 };

    switch (opc) {
    case 31:
        return translate_fp_mem_indexed(ctx);
    case 48 ... 55:
        return translate_fp_mem_disp(ctx);
    case 59:
        known = translate_fp_a_form(ctx, true);
        break;
    case 63:
        /* A-form XOs (5 bits) are all >= 18; X-form XOs end in < 16. */
        if (insn_xo5(ctx->insn) >= 16)
            known = translate_fp_a_form(ctx, false);
        else
            known = translate_fp_x_form(ctx, &record, &fpscr_key);
        break;
    default:
        return false;
    }
    if (known && record)
        ppc_gen_set_cr1_from_fpscr(ctx);
    if (fpscr_key.idx)
        gen_end_tb_after_fpscr_write(ctx, fpscr_key);
    return known;
}
