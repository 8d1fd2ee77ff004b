/*
 * translate-muldiv.c: MUL and IMUL in all forms (inline: CF = OF = "the
 * high half is significant"), DIV and IDIV (C helpers, which raise #DE).
 */
#include "target-x86/translate.h"

static bool tl_is_64(void)
{
    return x86_tl == TCG_TYPE_I64;
}

/* Full product of a and b (size ot, zero-extended TL values): lo gets the
 * low ot bits-or-more, hi the high half (zero-extended), ovf 1 if the high
 * half is significant, else 0. */
static void gen_widening_mul(MemOp ot, bool sign, TCGv a, TCGv b, TCGv lo,
                             TCGv hi, TCGv ovf)
{
    int bits = 8 << ot;

    if (bits * 2 <= (tl_is_64() ? 64 : 32)) {
        /* The whole product fits a TL value. */
        TCGv sa = x86_temp(), sb = x86_temp(), t = x86_temp();
        x86_gen_ext(ot, sa, a, sign);
        x86_gen_ext(ot, sb, b, sign);
        tcg_gen_mul(lo, sa, sb);
        tcg_gen_shri(hi, lo, bits);
        x86_gen_ext(ot, hi, hi, false);
        x86_gen_ext(ot, t, lo, sign);
        tcg_gen_setcond(TCG_COND_NE, ovf, lo, t);
        return;
    }
    /* bits is the TL width: mul gives the low half, mulh the high. */
    if (sign) {
        TCGv t = x86_temp();
        tcg_gen_mul(lo, a, b);
        tcg_gen_mulhs(hi, a, b);
        tcg_gen_sari(t, lo, bits - 1);
        tcg_gen_setcond(TCG_COND_NE, ovf, hi, t);
    } else {
        tcg_gen_mul(lo, a, b);
        tcg_gen_mulhu(hi, a, b);
        tcg_gen_mov(ovf, hi);
    }
}

/* The 32x32 case on a 64-bit TL: product in one register. */
static void gen_mul32_on_64(bool sign, TCGv a, TCGv b, TCGv lo, TCGv hi,
                            TCGv ovf)
{
    TCGv sa = x86_temp(), sb = x86_temp(), t = x86_temp();
    x86_gen_ext(MO_32, sa, a, sign);
    x86_gen_ext(MO_32, sb, b, sign);
    tcg_gen_mul(lo, sa, sb);
    tcg_gen_shri(hi, lo, 32);
    x86_gen_ext(MO_32, t, lo, sign);
    tcg_gen_setcond(TCG_COND_NE, ovf, lo, t);
}

static void gen_mul(MemOp ot, bool sign, TCGv a, TCGv b, TCGv lo, TCGv hi,
                    TCGv ovf)
{
    if (ot == MO_32 && tl_is_64()) {
        gen_mul32_on_64(sign, a, b, lo, hi, ovf);
    } else {
        gen_widening_mul(ot, sign, a, b, lo, hi, ovf);
    }
}

/* F6/F7 /4 /5: rDX:rAX (AX for bytes) = rAX * r/m. */
static void gen_mul_acc(DisasContext *s, MemOp ot, bool sign)
{
    TCGv a = x86_temp(), b = x86_temp();
    TCGv lo = x86_temp(), hi = x86_temp(), ovf = x86_temp();

    x86_gen_ld_modrm(s, ot, b);
    x86_gen_ld_reg(s, ot, R_EAX, a);
    gen_mul(ot, sign, a, b, lo, hi, ovf);
    if (ot == MO_8) {
        x86_gen_st_reg(s, MO_16, R_EAX, lo);
    } else {
        x86_gen_st_reg(s, ot, R_EAX, lo);
        x86_gen_st_reg(s, ot, R_EDX, hi);
    }
    x86_gen_set_cc(s, CC_OP_MULB + ot, lo, ovf, (TCGv){ 0 });
}

/* 0F AF, 69, 6B: reg = a * b truncated. */
static void gen_imul_trunc(DisasContext *s, TCGv a, TCGv b)
{
    MemOp ot = s->insn.ot;
    TCGv lo = x86_temp(), hi = x86_temp(), ovf = x86_temp();
    gen_mul(ot, true, a, b, lo, hi, ovf);
    x86_gen_st_reg(s, ot, s->insn.reg, lo);
    x86_gen_set_cc(s, CC_OP_MULB + ot, lo, ovf, (TCGv){ 0 });
}

/* Register reg's low 32 bits as an I64, zero- or sign-extended. */
static TCGv ld_reg32_i64(DisasContext *s, int reg, bool sign)
{
    TCGv t = x86_temp(), w = x86_temp_i64();
    x86_gen_ld_reg(s, MO_32, reg, t);
    tcg_gen_mov(w, x86_to_i64(t));
    if (sign)
        tcg_gen_ext32s(w, w);
    return w;
}

/* Branch to slow unless the 32- or 64-bit division of EDX:EAX (RDX:RAX)
 * by d (I64, extended like the operation) fits the host's division of a
 * single-width dividend and cannot fault; *n gets that dividend. */
static void gen_div_guard(DisasContext *s, MemOp ot, bool sign, TCGv d,
                          TCGv *n, uint32_t slow)
{
    TCGv hi, t = x86_temp_i64();

    if (ot == MO_32 && !sign) {
        /* EDX:EAX / d fits 32 bits exactly when EDX < d (d = 0 too) */
        hi = ld_reg32_i64(s, R_EDX, false);
        tcg_gen_brcond(TCG_COND_GEU, hi, d, slow);
        *n = x86_temp_i64();
        tcg_gen_shli(*n, hi, 32);
        tcg_gen_or(*n, *n, ld_reg32_i64(s, R_EAX, false));
        return;
    }
    if (ot == MO_32) {
        *n = ld_reg32_i64(s, R_EAX, true);
        hi = ld_reg32_i64(s, R_EDX, false);
        tcg_gen_sari(t, *n, 32);
        tcg_gen_ext32u(t, t);
    } else if (!sign) {
        *n = cpu_regs[R_EAX];
        hi = cpu_regs[R_EDX];
        tcg_gen_movi(t, 0);
    } else {
        *n = cpu_regs[R_EAX];
        hi = cpu_regs[R_EDX];
        tcg_gen_sari(t, *n, 63);
    }
    /* the high half only extends the low one, and d is not 0 (nor -1
     * for a signed division, which may overflow) */
    tcg_gen_brcond(TCG_COND_NE, hi, t, slow);
    if (sign) {
        TCGv d1 = x86_temp_i64();
        tcg_gen_addi(d1, d, 1);
        tcg_gen_brcondi(TCG_COND_LEU, d1, 1, slow);
    } else {
        tcg_gen_brcondi(TCG_COND_EQ, d, 0, slow);
    }
}

/* DIV/IDIV.  32- and 64-bit ones whose dividend is single-width (EDX/RDX
 * zero or the sign of EAX/RAX: the usual case) divide inline; the others,
 * and those that raise #DE, go to the helper. */
static void gen_div(DisasContext *s, MemOp ot, bool sign)
{
    TCGv d = x86_temp();
    x86_gen_ld_modrm(s, ot, d);
    uint32_t slow = 0, done = 0;

    if (ot == MO_32 || ot == MO_64) {
        TCGv dd = x86_temp_i64(), n, q = x86_temp_i64(), r = x86_temp_i64();
        tcg_gen_mov(dd, x86_to_i64(d));
        if (ot == MO_32 && sign)
            tcg_gen_ext32s(dd, dd);
        slow = tcg_new_label();
        done = tcg_new_label();
        gen_div_guard(s, ot, sign, dd, &n, slow);
        if (sign) {
            tcg_gen_divs(q, n, dd);
            tcg_gen_rems(r, n, dd);
        } else {
            tcg_gen_divu(q, n, dd);
            tcg_gen_remu(r, n, dd);
        }
        x86_gen_st_reg(s, ot, R_EAX, x86_from_i64(q));
        x86_gen_st_reg(s, ot, R_EDX, x86_from_i64(r));
        tcg_gen_br(done);
        tcg_gen_set_label(slow);
    }
    x86_gen_sync_pc(s);
    tcg_gen_callN(sign ? x86_helper_idiv : x86_helper_div, 0, TCG_NO_RET,
                  tcg_env, x86_to_i64(d), tcg_constant(TCG_TYPE_I32, ot));
    if (done)
        tcg_gen_set_label(done);
}

bool x86_translate_muldiv(DisasContext *s)
{
    const X86Insn *i = &s->insn;
    MemOp ot = (i->opcode & 1) ? (MemOp)i->ot : MO_8;
    int64_t mask = i->ot == MO_64 ? -1
                                  : (int64_t)((1ull << (8 << i->ot)) - 1);
    TCGv a, b;

    if (i->map == X86_MAP_1B) {
        switch (i->opcode) {
        case 0xf6: case 0xf7:
            switch (i->op) {
            case 4: gen_mul_acc(s, ot, false); return true;
            case 5: gen_mul_acc(s, ot, true); return true;
            case 6: gen_div(s, ot, false); return true;
            case 7: gen_div(s, ot, true); return true;
            }
            return false;
        case 0x69: case 0x6b:
            a = x86_temp();
            x86_gen_ld_modrm(s, i->ot, a);
            b = x86_const(i->imm & mask);
            gen_imul_trunc(s, a, b);
            return true;
        }
        return false;
    }
    if (i->map == X86_MAP_0F && i->opcode == 0xaf) {
        a = x86_temp();
        b = x86_temp();
        x86_gen_ld_modrm(s, i->ot, a);
        x86_gen_ld_reg(s, i->ot, i->reg, b);
        gen_imul_trunc(s, b, a);
        return true;
    }
    return false;
}
