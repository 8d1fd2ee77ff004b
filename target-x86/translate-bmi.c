/*
 * translate-bmi.c: the bit-manipulation extensions on general registers:
 * BMI1 (ANDN, BEXTR, BLSI, BLSMSK, BLSR, TZCNT), BMI2 (BZHI, MULX, PDEP,
 * PEXT, RORX, SARX, SHLX, SHRX) and ADX (ADCX, ADOX).  Each needs its
 * CPUID bit in the model; without it the instruction is #UD (TZCNT then
 * runs as BSF, as on CPUs without BMI1).
 *
 * Every VEX encoding reaches this file (decode.c decodes VEX only for
 * these opcodes): what is not BMI with VEX.L = 0 is #UD here, so that no
 * other group ever sees a VEX instruction.
 */
#include "target-x86/translate.h"

static int tl_bits(void)
{
    return x86_tl == TCG_TYPE_I64 ? 64 : 32;
}

/* The register VEX.vvvv names (bit 3 is ignored outside 64-bit code). */
static int vex_reg(const DisasContext *s)
{
    return s->insn.vex_v & (s->code64 ? 15 : 7);
}

static bool has_feature_7(const DisasContext *s, uint32_t bit)
{
    return s->env->model->features_7_ebx & bit;
}

/* PDEP and PEXT bit by bit over the set bits of mask.  Pure helpers. */
static uint64_t helper_pdep(uint64_t src, uint64_t mask)
{
    uint64_t r = 0;
    for (uint64_t bit = 1; mask; bit <<= 1, mask &= mask - 1) {
        if (src & bit) {
            r |= mask & -mask;
        }
    }
    return r;
}

static uint64_t helper_pext(uint64_t src, uint64_t mask)
{
    uint64_t r = 0;
    for (uint64_t bit = 1; mask; bit <<= 1, mask &= mask - 1) {
        if (src & mask & -mask) {
            r |= bit;
        }
    }
    return r;
}

/* Record the flags of a BMI result: ZF and SF from r, CF = cf (0/1), OF
 * cleared; AF and PF are undefined. */
static void set_bmi_flags(DisasContext *s, MemOp ot, TCGv r, TCGv cf)
{
    x86_gen_set_cc(s, CC_OP_BMIB + ot, r, cf, (TCGv){ 0 });
}

/* TZCNT: the trailing zeros of r/m, the operand size if it is zero. */
static void gen_tzcnt(DisasContext *s)
{
    MemOp ot = s->insn.ot;
    int bits = 8 << ot;
    TCGv src = x86_temp(), r = x86_temp(), cf = x86_temp();

    x86_gen_ld_modrm(s, ot, src);
    if (bits < tl_bits()) {
        /* A stop bit just above the operand bounds the count. */
        tcg_gen_ori(r, src, (int64_t)1 << bits);
        tcg_gen_ctz(r, r);
    } else {
        tcg_gen_ctz(r, src);
    }
    x86_gen_st_reg(s, ot, s->insn.reg, r);
    tcg_gen_setcondi(TCG_COND_EQ, cf, src, 0);
    set_bmi_flags(s, ot, r, cf);
}

/*
 * ADCX (CF) and ADOX (OF): reg += r/m + flag, with the carry out in the
 * same flag and every other flag kept.  flag_shift is the flag's bit
 * position in EFLAGS.
 */
static void gen_adx(DisasContext *s, int flag_shift)
{
    MemOp ot = x86_rex_w(&s->insn) ? MO_64 : MO_32;
    TCGv a = x86_temp(), b = x86_temp(), cin = x86_temp();
    TCGv sum = x86_temp(), cout = x86_temp();
    TCGv f = x86_gen_compute_eflags(s);

    x86_gen_ld_modrm(s, ot, b);
    x86_gen_ld_reg(s, ot, s->insn.reg, a);
    tcg_gen_shri(cin, f, flag_shift);
    tcg_gen_andi(cin, cin, 1);
    tcg_gen_add(sum, a, b);
    if ((8 << ot) < tl_bits()) {
        /* 32-bit operands in 64-bit temps: the carry is bit 32. */
        tcg_gen_add(sum, sum, cin);
        tcg_gen_shri(cout, sum, 32);
    } else {
        TCGv c2 = x86_temp();
        tcg_gen_setcond(TCG_COND_LTU, cout, sum, a);
        tcg_gen_add(sum, sum, cin);
        tcg_gen_setcond(TCG_COND_LTU, c2, sum, cin);
        tcg_gen_or(cout, cout, c2);
    }
    x86_gen_st_reg(s, ot, s->insn.reg, sum);
    tcg_gen_andi(f, f, ~((int64_t)1 << flag_shift));
    tcg_gen_shli(cout, cout, flag_shift);
    tcg_gen_or(f, f, cout);
    x86_gen_set_eflags_arith(s, f);
}

/* BLSR (/1), BLSMSK (/2), BLSI (/3): VEX.vvvv = f(r/m). */
static bool gen_bls(DisasContext *s, MemOp ot)
{
    TCGv src = x86_temp(), r = x86_temp(), cf = x86_temp();
    int op = s->insn.op;

    if (op < 1 || op > 3) {
        return false;
    }
    x86_gen_ld_modrm(s, ot, src);
    if (op == 3) {
        tcg_gen_neg(r, src);
        tcg_gen_and(r, r, src);
        tcg_gen_setcondi(TCG_COND_NE, cf, src, 0);
    } else {
        tcg_gen_subi(r, src, 1);
        if (op == 1) {
            tcg_gen_and(r, r, src);
        } else {
            tcg_gen_xor(r, r, src);
        }
        tcg_gen_setcondi(TCG_COND_EQ, cf, src, 0);
    }
    x86_gen_st_reg(s, ot, vex_reg(s), r);
    set_bmi_flags(s, ot, r, cf);
    return true;
}

/* BEXTR: LEN bits of r/m from bit START, both bytes of VEX.vvvv; bits
 * past the operand read as zero. */
static void gen_bextr(DisasContext *s, MemOp ot, TCGv src, TCGv ctl, TCGv r)
{
    TCGv bits = x86_const(8 << ot), zero = x86_const(0);
    TCGv start = x86_temp(), len = x86_temp(), mask = x86_temp();

    tcg_gen_andi(start, ctl, 0xff);
    tcg_gen_shri(len, ctl, 8);
    tcg_gen_andi(len, len, 0xff);
    tcg_gen_shr(r, src, start);
    tcg_gen_movcond(TCG_COND_GEU, r, start, bits, zero, r);
    tcg_gen_shl(mask, x86_const(-1), len);
    tcg_gen_andc(mask, r, mask);
    tcg_gen_movcond(TCG_COND_GEU, r, len, bits, r, mask);
}

/* BZHI: r/m with the bits from index VEX.vvvv[7:0] up cleared; CF says
 * the index was past the operand. */
static void gen_bzhi(DisasContext *s, MemOp ot, TCGv src, TCGv idx, TCGv r)
{
    TCGv bits = x86_const(8 << ot);
    TCGv n = x86_temp(), mask = x86_temp(), cf = x86_temp();

    tcg_gen_andi(n, idx, 0xff);
    tcg_gen_shl(mask, x86_const(-1), n);
    tcg_gen_andc(mask, src, mask);
    tcg_gen_movcond(TCG_COND_GEU, r, n, bits, src, mask);
    tcg_gen_setcond(TCG_COND_GEU, cf, n, bits);
    x86_gen_st_reg(s, ot, s->insn.reg, r);
    set_bmi_flags(s, ot, r, cf);
}

/* MULX: reg:VEX.vvvv = rDX * r/m, unsigned, flags untouched; the high
 * half wins when both name one register. */
static void gen_mulx(DisasContext *s, MemOp ot, TCGv src)
{
    TCGv d = x86_temp(), lo = x86_temp(), hi = x86_temp();

    x86_gen_ld_reg(s, ot, R_EDX, d);
    tcg_gen_mul(lo, d, src);
    if ((8 << ot) < tl_bits()) {
        tcg_gen_shri(hi, lo, 32);
    } else {
        tcg_gen_mulhu(hi, d, src);
    }
    x86_gen_st_reg(s, ot, vex_reg(s), lo);
    x86_gen_st_reg(s, ot, s->insn.reg, hi);
}

/* SHLX (66), SARX (F3), SHRX (F2): r/m shifted by VEX.vvvv modulo the
 * operand size, flags untouched. */
static void gen_shiftx(DisasContext *s, MemOp ot, TCGv src, TCGv count,
                       TCGv r)
{
    TCGv c = x86_temp();
    tcg_gen_andi(c, count, (8 << ot) - 1);
    switch (s->insn.pfx) {
    case X86_PFX_66:
        tcg_gen_shl(r, src, c);
        break;
    case X86_PFX_F3:
        x86_gen_ext(ot, r, src, true);
        tcg_gen_sar(r, r, c);
        break;
    default:
        tcg_gen_shr(r, src, c);
        break;
    }
}

/* RORX: r/m rotated right by an immediate, flags untouched. */
static void gen_rorx(DisasContext *s, MemOp ot, TCGv src, TCGv r)
{
    int bits = 8 << ot;
    int c = (int)(s->insn.imm & (bits - 1));

    if (bits == tl_bits()) {
        tcg_gen_rotri(r, src, c);
    } else if (c == 0) {
        tcg_gen_mov(r, src);
    } else {
        /* 32-bit operand in a 64-bit temp: the store drops bits 63:32. */
        TCGv t = x86_temp();
        tcg_gen_shri(r, src, c);
        tcg_gen_shli(t, src, bits - c);
        tcg_gen_or(r, r, t);
    }
}

/* The VEX-encoded instructions; false: #UD. */
static bool gen_vex(DisasContext *s)
{
    const X86Insn *i = &s->insn;
    MemOp ot = i->ot;
    bool bmi1 = has_feature_7(s, CPUID_7_EBX_BMI1);
    bool bmi2 = has_feature_7(s, CPUID_7_EBX_BMI2);
    TCGv src = x86_temp(), v = x86_temp(), r = x86_temp();

    if (i->vex_l) {
        return false;
    }
    if (i->map == X86_MAP_0F3A) {             /* F0: RORX */
        if (!bmi2 || i->pfx != X86_PFX_F2 || i->vex_v != 0) {
            return false;
        }
        x86_gen_ld_modrm(s, ot, src);
        gen_rorx(s, ot, src, r);
        x86_gen_st_reg(s, ot, i->reg, r);
        return true;
    }
    switch (i->opcode) {
    case 0xf2:                                /* ANDN */
        if (!bmi1 || i->pfx != X86_PFX_NONE) {
            return false;
        }
        x86_gen_ld_modrm(s, ot, src);
        x86_gen_ld_reg(s, ot, vex_reg(s), v);
        tcg_gen_andc(r, src, v);
        x86_gen_st_reg(s, ot, i->reg, r);
        set_bmi_flags(s, ot, r, x86_const(0));
        return true;
    case 0xf3:                                /* BLSR BLSMSK BLSI */
        return bmi1 && i->pfx == X86_PFX_NONE && gen_bls(s, ot);
    case 0xf5:                                /* BZHI PEXT PDEP */
        if (!bmi2 || i->pfx == X86_PFX_66) {
            return false;
        }
        x86_gen_ld_modrm(s, ot, src);
        x86_gen_ld_reg(s, ot, vex_reg(s), v);
        if (i->pfx == X86_PFX_NONE) {
            gen_bzhi(s, ot, src, v, r);
        } else {
            TCGv r64 = x86_temp_i64();
            tcg_gen_callN(i->pfx == X86_PFX_F2 ? helper_pdep : helper_pext,
                          TCG_CALL_PURE, r64, x86_to_i64(v), x86_to_i64(src));
            x86_gen_st_reg(s, ot, i->reg, x86_from_i64(r64));
        }
        return true;
    case 0xf6:                                /* MULX */
        if (!bmi2 || i->pfx != X86_PFX_F2) {
            return false;
        }
        x86_gen_ld_modrm(s, ot, src);
        gen_mulx(s, ot, src);
        return true;
    case 0xf7:                                /* BEXTR SHLX SARX SHRX */
        if (i->pfx == X86_PFX_NONE ? !bmi1 : !bmi2) {
            return false;
        }
        x86_gen_ld_modrm(s, ot, src);
        x86_gen_ld_reg(s, ot, vex_reg(s), v);
        if (i->pfx == X86_PFX_NONE) {
            gen_bextr(s, ot, src, v, r);
            set_bmi_flags(s, ot, r, x86_const(0));
        } else {
            gen_shiftx(s, ot, src, v, r);
        }
        x86_gen_st_reg(s, ot, i->reg, r);
        return true;
    }
    return false;
}

bool x86_translate_bmi(DisasContext *s)
{
    const X86Insn *i = &s->insn;

    if (i->vex) {
        if (!gen_vex(s)) {
            x86_gen_illegal(s);
        }
        return true;
    }
    if (i->map == X86_MAP_0F38 && i->opcode == 0xf6
        && (i->pfx == X86_PFX_66 || i->pfx == X86_PFX_F3)
        && has_feature_7(s, CPUID_7_EBX_ADX)) {
        gen_adx(s, i->pfx == X86_PFX_66 ? 0 : 11);  /* CF, OF */
        return true;
    }
    if (i->map == X86_MAP_0F && i->opcode == 0xbc && i->pfx == X86_PFX_F3
        && has_feature_7(s, CPUID_7_EBX_BMI1)) {
        gen_tzcnt(s);
        return true;
    }
    return false;
}
