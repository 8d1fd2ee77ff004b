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

static void gen_div(DisasContext *s, MemOp ot, bool sign)
{
    TCGv d = x86_temp();
    x86_gen_ld_modrm(s, ot, d);
    x86_gen_sync_pc(s);
    tcg_gen_callN(sign ? x86_helper_idiv : x86_helper_div, 0, TCG_NO_RET,
                  tcg_env, x86_to_i64(d), tcg_constant(TCG_TYPE_I32, ot));
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
