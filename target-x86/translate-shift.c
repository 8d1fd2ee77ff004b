/*
 * translate-shift.c: shifts and rotates (group 2: C0/C1 by imm8, D0/D1 by
 * 1, D2/D3 by CL) and the double shifts SHLD/SHRD.  Counts are masked to 5
 * bits (6 for 64-bit operands); a zero count changes no flag, but a 32-bit
 * register destination is still written (zero-extended).
 */
#include "target-x86/translate.h"

enum { ROL, ROR, RCL, RCR, SHL, SHR, SAL, SAR };

static int op_bits(MemOp ot)
{
    return 8 << ot;
}

/* A shift by an immediate count of 0 (after masking) changes nothing but
 * the upper half of a 32-bit register destination, which is zeroed. */
static void gen_zero_count(DisasContext *s, MemOp ot)
{
    if (s->insn.mod == 3 && ot == MO_32) {
        x86_gen_ext(MO_32, cpu_regs[s->insn.rm], cpu_regs[s->insn.rm], false);
    }
}

/* Flags of a shift whose count is in a temp: taken only if count != 0. */
static void gen_shift_cc_dynamic(DisasContext *s, int cc_op, TCGv count,
                                 TCGv r, TCGv src)
{
    TCGv zero = x86_const(0);
    tcg_gen_movcond(TCG_COND_NE, cpu_cc_dst, count, zero, r, cpu_cc_dst);
    tcg_gen_movcond(TCG_COND_NE, cpu_cc_src, count, zero, src, cpu_cc_src);
    tcg_gen_movcond(TCG_COND_NE, cpu_cc_op, count, zero,
                    tcg_constant(TCG_TYPE_I32, cc_op), cpu_cc_op);
    s->cc_op = CC_OP_DYNAMIC;
}

/* SHL/SHR/SAR of val (zero-extended, size ot) by count (masked, TL temp or
 * constant); r and src (value shifted by count-1) are the results. */
static void gen_shift_values(int op, MemOp ot, TCGv val, TCGv count, TCGv r,
                             TCGv src)
{
    TCGv c1 = x86_temp();
    tcg_gen_subi(c1, count, 1);
    switch (op) {
    case SHL:
    case SAL:
        tcg_gen_shl(r, val, count);
        tcg_gen_shl(src, val, c1);
        break;
    case SHR:
        tcg_gen_shr(r, val, count);
        tcg_gen_shr(src, val, c1);
        break;
    default: {
        TCGv sv = x86_temp();
        x86_gen_ext(ot, sv, val, true);
        tcg_gen_sar(r, sv, count);
        tcg_gen_sar(src, sv, c1);
        break;
    }
    }
}

/* Rotate val (zero-extended, size ot) left or right by count (TL temp,
 * already reduced modulo the size) into r. */
static void gen_rotate_value(MemOp ot, bool left, TCGv val, TCGv count,
                             TCGv r)
{
    int bits = op_bits(ot);
    if (bits == (x86_tl == TCG_TYPE_I64 ? 64 : 32)) {
        left ? tcg_gen_rotl(r, val, count) : tcg_gen_rotr(r, val, count);
        return;
    }
    if (bits == 32) {
        /* 32-bit rotate of a 64-bit TL: rotate in I32. */
        TCGv v32 = x86_temp_i32(), n32 = x86_temp_i32();
        tcg_gen_extrl_i64_i32(v32, val);
        tcg_gen_extrl_i64_i32(n32, count);
        left ? tcg_gen_rotl(v32, v32, n32) : tcg_gen_rotr(v32, v32, n32);
        tcg_gen_extu_i32_i64(r, v32);
        return;
    }
    /* Narrow rotate: (val << n) | (val >> (bits - n)), masked; n = 0 works
     * because val >> bits is 0 for a zero-extended val. */
    TCGv n = x86_temp(), inv = x86_temp(), t = x86_temp();
    if (left) {
        tcg_gen_mov(n, count);
    } else {
        tcg_gen_subfi(n, bits, count);
        tcg_gen_andi(n, n, bits - 1);
    }
    tcg_gen_subfi(inv, bits, n);
    tcg_gen_shl(t, val, n);
    tcg_gen_shr(r, val, inv);
    tcg_gen_or(r, r, t);
    x86_gen_ext(ot, r, r, false);
}

/* CF/OF of ROL/ROR from the result; taken only if count != 0 (a count
 * known at translation time is not 0 here). */
static void gen_rotate_flags(DisasContext *s, MemOp ot, bool left, TCGv r,
                             TCGv count, bool count_known)
{
    int bits = op_bits(ot);
    TCGv cf = x86_temp(), of = x86_temp(), nf = x86_temp();

    if (count_known) {
        x86_gen_set_rotate_cc(s, left, ot, r);
        return;
    }
    if (left) {
        tcg_gen_andi(cf, r, 1);
        tcg_gen_shri(of, r, bits - 1);
        tcg_gen_xor(of, of, cf);
    } else {
        tcg_gen_shri(cf, r, bits - 1);
        tcg_gen_andi(cf, cf, 1);
        tcg_gen_shri(of, r, bits - 2);
        tcg_gen_xor(of, of, cf);
    }
    tcg_gen_andi(of, of, 1);
    tcg_gen_shli(of, of, 11);
    tcg_gen_or(cf, cf, of);
    TCGv f = x86_gen_compute_eflags(s);
    tcg_gen_andi(nf, f, ~(int64_t)(CC_C | CC_O));
    tcg_gen_or(nf, nf, cf);
    tcg_gen_movcond(TCG_COND_NE, nf, count, x86_const(0), nf, f);
    x86_gen_set_eflags_arith(s, nf);
}

static void gen_rcl_rcr(DisasContext *s, MemOp ot, bool left, TCGv val,
                        TCGv count, TCGv r)
{
    TCGv r64 = x86_temp_i64();
    tcg_gen_callN(left ? x86_helper_rcl : x86_helper_rcr, 0, r64, tcg_env,
                  x86_to_i64(val), x86_to_i64(count),
                  tcg_constant(TCG_TYPE_I32, ot));
    tcg_gen_mov(r, x86_from_i64(r64));
    x86_note_cc_op(s, CC_OP_EFLAGS);
}

/* Group 2 on the ModRM operand; count_imm < 0: count in CL. */
static void gen_group2(DisasContext *s, MemOp ot, int op, int count_imm)
{
    int mask = ot == MO_64 ? 63 : 31;
    TCGv val = x86_temp(), r = x86_temp(), src = x86_temp();
    TCGv count;

    if (count_imm >= 0 && (count_imm & mask) == 0) {
        gen_zero_count(s, ot);
        return;
    }
    if (count_imm >= 0) {
        count = x86_const(count_imm & mask);
    } else {
        count = x86_temp();
        tcg_gen_andi(count, cpu_regs[R_ECX], mask);
    }
    if ((op == ROL || op == ROR) && s->insn.mod == 3 && op_bits(ot) >= 32) {
        /* Rotates of 32 bits and more ignore the bits above the size. */
        val = x86_gen_ld_reg_raw(s, ot, s->insn.rm);
    } else {
        x86_gen_ld_modrm(s, ot, val);
    }

    switch (op) {
    case ROL:
    case ROR: {
        TCGv n = count;
        if (op_bits(ot) < mask + 1) {
            n = x86_temp();
            tcg_gen_andi(n, count, op_bits(ot) - 1);
        }
        gen_rotate_value(ot, op == ROL, val, n, r);
        x86_gen_st_modrm(s, ot, r);
        gen_rotate_flags(s, ot, op == ROL, r, count, count_imm >= 0);
        return;
    }
    case RCL:
    case RCR:
        gen_rcl_rcr(s, ot, op == RCL, val, count, r);
        x86_gen_st_modrm(s, ot, r);
        return;
    default:
        gen_shift_values(op, ot, val, count, r, src);
        x86_gen_st_modrm(s, ot, r);
        int cc_op = (op == SHL || op == SAL ? CC_OP_SHLB : CC_OP_SHRB) + ot;
        if (count_imm >= 0) {
            x86_gen_set_cc(s, cc_op, r, src, (TCGv){ 0 });
        } else {
            gen_shift_cc_dynamic(s, cc_op, count, r, src);
        }
        return;
    }
}

/*
 * SHLD/SHRD dest, src, count.  16- and 32-bit forms shift the
 * concatenation in 64 bits (16-bit counts above 16 are undefined and give
 * zeros here); the 64-bit form combines two shifts.
 */
static void gen_double_shift(DisasContext *s, bool left, int count_imm)
{
    MemOp ot = s->insn.ot;
    int mask = ot == MO_64 ? 63 : 31;
    int bits = op_bits(ot);
    TCGv dest = x86_temp(), src = x86_temp(), r = x86_temp(), fs = x86_temp();
    TCGv count, c1 = x86_temp();

    if (count_imm >= 0 && (count_imm & mask) == 0) {
        gen_zero_count(s, ot);
        return;
    }
    x86_gen_ld_modrm(s, ot, dest);
    x86_gen_ld_reg(s, ot, s->insn.reg, src);
    if (count_imm >= 0) {
        count = x86_const(count_imm & mask);
    } else {
        count = x86_temp();
        tcg_gen_andi(count, cpu_regs[R_ECX], mask);
    }
    tcg_gen_subi(c1, count, 1);

    if (ot != MO_64) {
        TCGv w = x86_temp_i64(), t = x86_temp_i64(), c64 = x86_temp_i64();
        TCGv c164 = x86_temp_i64(), f64 = x86_temp_i64();
        tcg_gen_mov(c64, x86_to_i64(count));
        tcg_gen_subi(c164, c64, 1);
        if (left) {
            /* dest:src, shifted left; the result is the high half. */
            tcg_gen_shli(w, x86_to_i64(dest), bits);
            tcg_gen_or(w, w, x86_to_i64(src));
            tcg_gen_shl(t, w, c64);
            tcg_gen_shl(f64, w, c164);
            tcg_gen_shri(t, t, bits);
            tcg_gen_shri(f64, f64, bits);
        } else {
            tcg_gen_shli(w, x86_to_i64(src), bits);
            tcg_gen_or(w, w, x86_to_i64(dest));
            tcg_gen_shr(t, w, c64);
            tcg_gen_shr(f64, w, c164);
        }
        tcg_gen_mov(r, x86_from_i64(t));
        tcg_gen_mov(fs, x86_from_i64(f64));
        x86_gen_ext(ot, r, r, false);
    } else {
        /* r = dest << n | src >> (64 - n) (n = 0 is filtered below). */
        TCGv inv = x86_temp(), t = x86_temp();
        tcg_gen_subfi(inv, 64, count);
        if (left) {
            tcg_gen_shl(r, dest, count);
            tcg_gen_shr(t, src, inv);
            tcg_gen_shl(fs, dest, c1);
        } else {
            tcg_gen_shr(r, dest, count);
            tcg_gen_shl(t, src, inv);
            tcg_gen_shr(fs, dest, c1);
        }
        tcg_gen_or(r, r, t);
        tcg_gen_movcond(TCG_COND_EQ, r, count, x86_const(0), dest, r);
    }
    x86_gen_st_modrm(s, ot, r);
    int cc_op = (left ? CC_OP_SHLB : CC_OP_SHRB) + ot;
    if (count_imm >= 0) {
        x86_gen_set_cc(s, cc_op, r, fs, (TCGv){ 0 });
    } else {
        gen_shift_cc_dynamic(s, cc_op, count, r, fs);
    }
}

bool x86_translate_shift(DisasContext *s)
{
    const X86Insn *i = &s->insn;
    uint8_t b = i->opcode;

    if (i->map == X86_MAP_1B) {
        MemOp ot = (b & 1) ? (MemOp)i->ot : MO_8;
        switch (b) {
        case 0xc0: case 0xc1:
            gen_group2(s, ot, i->op, (int)(i->imm & 0xff));
            return true;
        case 0xd0: case 0xd1:
            gen_group2(s, ot, i->op, 1);
            return true;
        case 0xd2: case 0xd3:
            gen_group2(s, ot, i->op, -1);
            return true;
        }
        return false;
    }
    if (i->map == X86_MAP_0F) {
        switch (b) {
        case 0xa4:
            gen_double_shift(s, true, (int)(i->imm & 0xff));
            return true;
        case 0xa5:
            gen_double_shift(s, true, -1);
            return true;
        case 0xac:
            gen_double_shift(s, false, (int)(i->imm & 0xff));
            return true;
        case 0xad:
            gen_double_shift(s, false, -1);
            return true;
        }
    }
    return false;
}
