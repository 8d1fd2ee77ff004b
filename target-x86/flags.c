/*
 * flags.c: lazy EFLAGS in the translator.  Flag-setting instructions only
 * record their kind and operands (x86_gen_set_cc); readers turn the one
 * condition they need into a single IR comparison when the kind is known
 * at translation time (cmp + jl is one brcond on the compared values), and
 * fall back to the C helper that computes all six flags otherwise.
 *
 * The recorded operands may carry garbage above the operand size (they
 * are often the raw guest registers): readers extend what they compare,
 * and conditions on the result test its low bits (TSTEQ/TSTNE masks).
 * Flag values stored in cc_src (CF of INC/DEC/BMI, MUL's overflow) are
 * always 0/1.
 */
#include "target-x86/translate.h"

static int cc_kind(int op)
{
    return op >= CC_OP_ADDB && op < CC_OP_POPCNT ? ((op - 1) & ~3) + 1 : op;
}

static MemOp cc_size(int op)
{
    return (MemOp)((op - 1) & 3);
}

static int tl_bits(void)
{
    return x86_tl == TCG_TYPE_I64 ? 64 : 32;
}

static bool is_full_width(MemOp ot)
{
    return (8 << ot) == tl_bits();
}

static int64_t size_mask(MemOp ot)
{
    return ot == MO_64 ? -1 : (int64_t)((1ull << (8 << ot)) - 1);
}

static int64_t sign_bit(MemOp ot)
{
    return (int64_t)(1ull << ((8 << ot) - 1));
}

/* The kind is known only at run time (CC_OP_DYNAMIC, or CC_OP_DYNAMIC
 * under a CC_OP_CO: the rotate or BT is known, the kind under it not). */
static bool cc_is_dynamic(int op)
{
    return CC_OP_CO_BASE(op) == CC_OP_DYNAMIC;
}

static void set_cc_op(DisasContext *s, int op)
{
    if (s->cc_op != op) {
        tcg_gen_movi(cpu_cc_op, op);
        s->cc_op = op;
    }
}

void x86_note_cc_op(DisasContext *s, int op)
{
    s->cc_op = op;
}

void x86_gen_set_cc(DisasContext *s, int op, TCGv dst, TCGv src, TCGv src2)
{
    if (dst.idx && dst.idx != cpu_cc_dst.idx) {
        tcg_gen_mov(cpu_cc_dst, dst);
    }
    if (src.idx) {
        tcg_gen_mov(cpu_cc_src, src);
    } else if (!cc_is_dynamic(s->cc_op) &&
               CC_OP_CO_BASE(s->cc_op) == CC_OP_EFLAGS) {
        /* Overwrite the flags a rotate, BT or flag instruction computed,
         * so that the computation dies when nothing reads it. */
        tcg_gen_movi(cpu_cc_src, 0);
    }
    if (!src2.idx && (s->cc_op & CC_OP_CO)) {
        /* likewise for the CF/OF a rotate left */
        tcg_gen_movi(cpu_cc_src2, 0);
    }
    if (src2.idx) {
        if (cc_kind(op) == CC_OP_SUBB) {
            /* The first operand of a compare: readers in this TB use it
             * directly, the rest recover it as dst + src. */
            if (!s->cc_srcT.idx) {
                s->cc_srcT = tcg_temp_new(x86_tl);
            }
            tcg_gen_mov(s->cc_srcT, src2);
        } else {
            tcg_gen_mov(cpu_cc_src2, src2);
        }
    }
    set_cc_op(s, op);
}

TCGv x86_gen_compute_eflags(DisasContext *s)
{
    TCGv t = x86_temp();
    if (s->cc_op == CC_OP_EFLAGS) {
        tcg_gen_mov(t, cpu_cc_src);
        return t;
    }
    TCGv op = cc_is_dynamic(s->cc_op) ? cpu_cc_op
                                      : tcg_constant(TCG_TYPE_I32, s->cc_op);
    TCGv r = x86_temp_i64();
    tcg_gen_callN(x86_helper_cc_compute_all, TCG_CALL_PURE, r, op,
                  x86_to_i64(cpu_cc_dst), x86_to_i64(cpu_cc_src),
                  x86_to_i64(cpu_cc_src2));
    tcg_gen_mov(t, x86_from_i64(r));
    tcg_gen_mov(cpu_cc_src, t);
    set_cc_op(s, CC_OP_EFLAGS);
    return t;
}

/*
 * A rotate's or BT's CC_OP_CO over a kind known only at run time (before
 * any other flag writer of its TB): cc_op becomes its kind | co, unless
 * the kind is ADC or SBB, which need cc_src2 themselves: their flags are
 * computed first (the rare path), leaving EFLAGS | co.
 */
static void gen_co_cc_dynamic(int co)
{
    TCGv k = x86_temp_i32(), miss = x86_temp_i64(), d = x86_temp_i64();
    const TCGv x[5] = {
        x86_to_i64(cpu_cc_op), x86_to_i64(cpu_cc_dst), x86_to_i64(cpu_cc_src),
        x86_to_i64(cpu_cc_src2), tcg_constant(TCG_TYPE_I64, 0),
    };

    /* ADCB..ADCQ and SBBB..SBBQ: the 4 kinds from ADCB and from ADCB + 8 */
    tcg_gen_subi(k, cpu_cc_op, CC_OP_ADCB);
    tcg_gen_andi(k, k, ~(int64_t)(CC_OP_SBBB - CC_OP_ADCB));
    tcg_gen_setcondi(TCG_COND_LTU, k, k, 4);
    tcg_gen_extu_i32_i64(miss, k);
    tcg_gen_call_if(d, miss, x86_to_i64(cpu_cc_src),
                    (void *)x86_helper_cc_compute_all, x);
    tcg_gen_mov(cpu_cc_src, x86_from_i64(d));
    tcg_gen_andi(cpu_cc_op, cpu_cc_op, CC_OP_CO - 1);
    tcg_gen_movcond(TCG_COND_NE, cpu_cc_op, k, tcg_constant(TCG_TYPE_I32, 0),
                    tcg_constant(TCG_TYPE_I32, CC_OP_EFLAGS), cpu_cc_op);
    tcg_gen_ori(cpu_cc_op, cpu_cc_op, co);
}

/* The flag state becomes its kind | co (CC_OP_CO bits), with v in
 * cc_src2. */
static void gen_set_co_cc(DisasContext *s, int co, TCGv v)
{
    int base = CC_OP_CO_BASE(s->cc_op), kind = cc_kind(base);

    if (s->cc_op == CC_OP_DYNAMIC) {
        gen_co_cc_dynamic(co);
        s->cc_op = CC_OP_DYNAMIC | co;
    } else if (base == CC_OP_DYNAMIC) {
        /* some kind | co already: replace the co bits */
        tcg_gen_andi(cpu_cc_op, cpu_cc_op, CC_OP_CO - 1);
        tcg_gen_ori(cpu_cc_op, cpu_cc_op, co);
        s->cc_op = CC_OP_DYNAMIC | co;
    } else if (kind == CC_OP_ADCB || kind == CC_OP_SBBB) {
        x86_gen_compute_eflags(s);
        set_cc_op(s, CC_OP_EFLAGS | co);
    } else {
        set_cc_op(s, base | co);
    }
    tcg_gen_mov(cpu_cc_src2, v);
}

void x86_gen_set_rotate_cc(DisasContext *s, bool left, MemOp ot, TCGv r)
{
    gen_set_co_cc(s, cc_op_rotate(left, ot), r);
}

void x86_gen_set_bt_cc(DisasContext *s, TCGv cf)
{
    gen_set_co_cc(s, CC_OP_CO | CC_OP_CO_CF_ONLY, cf);
}

void x86_gen_set_eflags_arith(DisasContext *s, TCGv flags)
{
    tcg_gen_andi(cpu_cc_src, flags, CC_ARITH);
    set_cc_op(s, CC_OP_EFLAGS);
}

/* A recorded value zero-extended from the operand size. */
static TCGv ext_unsigned(MemOp ot, TCGv v)
{
    if (is_full_width(ot)) {
        return v;
    }
    TCGv t = x86_temp();
    x86_gen_ext(ot, t, v, false);
    return t;
}

static TCGv ext_signed(MemOp ot, TCGv v)
{
    if (is_full_width(ot)) {
        return v;
    }
    TCGv t = x86_temp();
    x86_gen_ext(ot, t, v, true);
    return t;
}

/*
 * At the start of a TB the kind of the flag state is known only at run
 * time.  The kind env holds while the TB is translated (when it is first
 * reached) is the likely one: readers compute inline for it and fall back
 * to a helper through call_if when the kind differs.  -1: no guess.
 */
static int guessed_kind(const DisasContext *s)
{
    int g = (int)s->env->cc_op;

    return CC_OP_CO_BASE(g) < CC_OP_NB ? g : -1;
}

typedef struct Guess {
    int cc_op;
    TCGv cc_srcT;
} Guess;

/* Translate as if the state had kind g; undone by end_guess.  A SUB kind's
 * first operand is recovered as dst + src. */
static Guess begin_guess(DisasContext *s, int g)
{
    Guess saved = { s->cc_op, s->cc_srcT };
    s->cc_op = g;
    if (cc_kind(CC_OP_CO_BASE(g)) == CC_OP_SUBB) {
        s->cc_srcT = x86_temp();
        tcg_gen_add(s->cc_srcT, cpu_cc_dst, cpu_cc_src);
    }
    return saved;
}

static void end_guess(DisasContext *s, Guess saved)
{
    s->cc_op = saved.cc_op;
    s->cc_srcT = saved.cc_srcT;
}

/* v (TL, 0/1) where env's cc_op is g, else fn(cc_op, cc_dst, cc_src,
 * cc_src2, arg). */
static TCGv guarded(int g, TCGv v, void *fn, int64_t arg)
{
    TCGv miss32 = x86_temp_i32(), miss = x86_temp_i64(), d = x86_temp_i64();
    const TCGv x[5] = {
        x86_to_i64(cpu_cc_op), x86_to_i64(cpu_cc_dst), x86_to_i64(cpu_cc_src),
        x86_to_i64(cpu_cc_src2), tcg_constant(TCG_TYPE_I64, arg),
    };

    tcg_gen_setcondi(TCG_COND_NE, miss32, cpu_cc_op, g);
    tcg_gen_extu_i32_i64(miss, miss32);
    tcg_gen_call_if(d, miss, x86_to_i64(v), fn, x);
    return x86_from_i64(d);
}

/* CF of ADC (x = result) and SBB (x = first operand), with the second
 * operand in cc_src and the carry in (0/1) in cc_src2: x < src, or
 * x == src with a carry in. */
static TCGv carry_with_in(MemOp ot, TCGv x)
{
    TCGv a = ext_unsigned(ot, x), b = ext_unsigned(ot, cpu_cc_src);
    TCGv t = x86_temp(), eq = x86_temp();
    tcg_gen_setcond(TCG_COND_LTU, t, a, b);
    tcg_gen_setcond(TCG_COND_EQ, eq, a, b);
    tcg_gen_and(eq, eq, cpu_cc_src2);
    tcg_gen_or(t, t, eq);
    return t;
}

TCGv x86_gen_cf(DisasContext *s)
{
    int op = s->cc_op;
    MemOp ot = cc_size(op);
    TCGv t = x86_temp();

    if (op & CC_OP_CO) {
        /* BT: bit 0; ROL: bit 0 of the result; ROR: its top bit */
        if (op & (CC_OP_CO_LEFT | CC_OP_CO_CF_ONLY)) {
            tcg_gen_andi(t, cpu_cc_src2, 1);
        } else {
            int top = (8 << ((op >> CC_OP_CO_SIZE_SHIFT) & 3)) - 1;
            tcg_gen_shri(t, cpu_cc_src2, top);
            tcg_gen_andi(t, t, 1);
        }
        return t;
    }
    switch (cc_kind(op)) {
    case CC_OP_SUBB:
        tcg_gen_setcond(TCG_COND_LTU, t, ext_unsigned(ot, s->cc_srcT),
                        ext_unsigned(ot, cpu_cc_src));
        return t;
    case CC_OP_ADDB:
        tcg_gen_setcond(TCG_COND_LTU, t, ext_unsigned(ot, cpu_cc_dst),
                        ext_unsigned(ot, cpu_cc_src));
        return t;
    case CC_OP_ADCB:
        return carry_with_in(ot, cpu_cc_dst);
    case CC_OP_SBBB: {
        /* the first operand: result + second operand + borrow in */
        TCGv a = x86_temp();
        tcg_gen_add(a, cpu_cc_dst, cpu_cc_src);
        tcg_gen_add(a, a, cpu_cc_src2);
        return carry_with_in(ot, a);
    }
    case CC_OP_LOGICB:
    case CC_OP_POPCNT:
        tcg_gen_movi(t, 0);
        return t;
    case CC_OP_INCB:
    case CC_OP_DECB:
    case CC_OP_BMIB:
        tcg_gen_mov(t, cpu_cc_src);
        return t;
    case CC_OP_SHLB:
        tcg_gen_shri(t, cpu_cc_src, (8 << ot) - 1);
        tcg_gen_andi(t, t, 1);
        return t;
    case CC_OP_SHRB:
        tcg_gen_andi(t, cpu_cc_src, 1);
        return t;
    case CC_OP_MULB:
        tcg_gen_setcondi(TCG_COND_NE, t, cpu_cc_src, 0);
        return t;
    case CC_OP_EFLAGS:
        tcg_gen_andi(t, cpu_cc_src, CC_C);
        return t;
    default: {
        int g = cc_is_dynamic(op) ? guessed_kind(s) : -1;
        if (g >= 0) {
            Guess saved = begin_guess(s, g);
            TCGv v = x86_gen_cf(s);
            end_guess(s, saved);
            return guarded(g, v, (void *)x86_helper_cc_compute_c, 0);
        }
        TCGv op_v = cc_is_dynamic(op) ? cpu_cc_op
                                      : tcg_constant(TCG_TYPE_I32, op);
        TCGv r = x86_temp_i64();
        tcg_gen_callN(x86_helper_cc_compute_c, TCG_CALL_PURE, r, op_v,
                      x86_to_i64(cpu_cc_dst), x86_to_i64(cpu_cc_src),
                      x86_to_i64(cpu_cc_src2));
        tcg_gen_mov(t, x86_from_i64(r));
        return t;
    }
    }
}

static X86Cond cond_of(TCGCond c, TCGv a, TCGv b)
{
    return (X86Cond){ c, a, b };
}

static X86Cond cond_imm(TCGCond c, TCGv a, int64_t b)
{
    return (X86Cond){ c, a, x86_const(b) };
}

/* ZF and SF of the recorded result. */
static X86Cond cond_zero(MemOp ot)
{
    return is_full_width(ot) ? cond_imm(TCG_COND_EQ, cpu_cc_dst, 0)
                             : cond_imm(TCG_COND_TSTEQ, cpu_cc_dst,
                                        size_mask(ot));
}

static X86Cond cond_sign(MemOp ot)
{
    return is_full_width(ot) ? cond_imm(TCG_COND_LT, cpu_cc_dst, 0)
                             : cond_imm(TCG_COND_TSTNE, cpu_cc_dst,
                                        sign_bit(ot));
}

/* PF: even number of ones in the low byte of the result. */
static X86Cond cond_parity(void)
{
    TCGv t = x86_temp();
    tcg_gen_andi(t, cpu_cc_dst, 0xff);
    tcg_gen_ctpop(t, t);
    return cond_imm(TCG_COND_TSTEQ, t, 1);
}

/* Condition jcc (0 O, 1 B, 2 Z, 3 BE, 4 S, 5 P, 6 L, 7 LE) on a value in
 * EFLAGS layout. */
static X86Cond cond_from_eflags(int jcc, TCGv f)
{
    static const int16_t bits[8] = { CC_O, CC_C, CC_Z, CC_Z | CC_C,
                                     CC_S, CC_P, 0, 0 };
    TCGv t;
    switch (jcc) {
    case 6: /* SF != OF */
        t = x86_temp();
        tcg_gen_shri(t, f, 4);
        tcg_gen_xor(t, t, f);
        return cond_imm(TCG_COND_TSTNE, t, CC_S);
    case 7: /* ZF or SF != OF: bit 7 of ((f >> 4) ^ f) | (f << 1) */
        t = x86_temp();
        TCGv u = x86_temp();
        tcg_gen_shri(t, f, 4);
        tcg_gen_xor(t, t, f);
        tcg_gen_shli(u, f, 1);
        tcg_gen_or(t, t, u);
        return cond_imm(TCG_COND_TSTNE, t, CC_S);
    default:
        return cond_imm(TCG_COND_TSTNE, f, bits[jcc]);
    }
}

/* A condition as 0/1. */
static TCGv cond_value(X86Cond c)
{
    TCGv t = x86_temp();
    tcg_gen_setcond(c.cond, t, c.a, c.b);
    return t;
}

/* The sign bit (of size ot) of v set. */
static X86Cond cond_sign_of(MemOp ot, TCGv v)
{
    return is_full_width(ot) ? cond_imm(TCG_COND_LT, v, 0)
                             : cond_imm(TCG_COND_TSTNE, v, sign_bit(ot));
}

/* SF != OF of an ADC or SBB kind, as the sign bit of a value: the result
 * xor OF, where OF is the sign of (a ^ b) & (a ^ r) for SBB, ~(a ^ b) &
 * (a ^ r) for ADC, with the first operand a recovered from the result r,
 * the second b and the carry in. */
static TCGv carry_kind_lt_word(int kind)
{
    TCGv a = x86_temp(), t = x86_temp(), u = x86_temp();
    if (kind == CC_OP_SBBB) {
        tcg_gen_add(a, cpu_cc_dst, cpu_cc_src);
        tcg_gen_add(a, a, cpu_cc_src2);
        tcg_gen_xor(t, a, cpu_cc_src);
    } else {
        tcg_gen_sub(a, cpu_cc_dst, cpu_cc_src);
        tcg_gen_sub(a, a, cpu_cc_src2);
        tcg_gen_eqv(t, a, cpu_cc_src);
    }
    tcg_gen_xor(u, a, cpu_cc_dst);
    tcg_gen_and(t, t, u);
    tcg_gen_xor(t, t, cpu_cc_dst);
    return t;
}

/* Conditions after ADC and SBB (jcc as in cond_inline); O, B, BE, L, LE
 * (the 64-bit compare idiom CMP + SBB + JB/JL among them). */
static bool cond_carry_kind(DisasContext *s, int kind, MemOp ot, int jcc,
                            X86Cond *c)
{
    TCGv t;

    switch (jcc) {
    case 0:
        t = carry_kind_lt_word(kind);
        tcg_gen_xor(t, t, cpu_cc_dst);
        *c = cond_sign_of(ot, t);
        return true;
    case 1:
        *c = cond_imm(TCG_COND_NE, x86_gen_cf(s), 0);
        return true;
    case 3:
        t = x86_gen_cf(s);
        tcg_gen_or(t, t, cond_value(cond_zero(ot)));
        *c = cond_imm(TCG_COND_NE, t, 0);
        return true;
    case 6:
        *c = cond_sign_of(ot, carry_kind_lt_word(kind));
        return true;
    case 7:
        t = cond_value(cond_sign_of(ot, carry_kind_lt_word(kind)));
        tcg_gen_or(t, t, cond_value(cond_zero(ot)));
        *c = cond_imm(TCG_COND_NE, t, 0);
        return true;
    }
    return false;
}

/* The condition for a known kind, or .cond NEVER+a=0 if not inlined. */
static bool cond_inline(DisasContext *s, int jcc, X86Cond *c)
{
    int op = s->cc_op;
    int kind = cc_kind(op);
    MemOp ot = cc_size(op);

    if (op & CC_OP_CO) {
        /* CF from the rotate or BT, ZF, SF, PF as the kind under it has
         * them */
        if (jcc == 1) {
            *c = cond_imm(TCG_COND_NE, x86_gen_cf(s), 0);
            return true;
        }
        if ((jcc != 2 && jcc != 4 && jcc != 5) || cc_is_dynamic(op)) {
            return false;
        }
        op = CC_OP_CO_BASE(op);
        kind = cc_kind(op);
        ot = cc_size(op);
        if (kind == CC_OP_EFLAGS) {
            *c = cond_from_eflags(jcc, cpu_cc_src);
            return true;
        }
    }
    if (kind == CC_OP_EFLAGS || cc_is_dynamic(op)) {
        return false;
    }
    if (kind == CC_OP_POPCNT) {
        /* Only ZF can be set: Z, BE and LE test it, the rest are false. */
        if (jcc == 2 || jcc == 3 || jcc == 7) {
            *c = cond_imm(TCG_COND_EQ, cpu_cc_dst, 0);
        } else {
            *c = cond_imm(TCG_COND_NEVER, cpu_cc_dst, 0);
        }
        return true;
    }
    switch (jcc) {
    case 2:
        *c = cond_zero(ot);
        return true;
    case 4:
        *c = cond_sign(ot);
        return true;
    case 5:
        *c = cond_parity();
        return true;
    }
    switch (kind) {
    case CC_OP_SUBB:
        switch (jcc) {
        case 1:
            *c = cond_of(TCG_COND_LTU, ext_unsigned(ot, s->cc_srcT),
                         ext_unsigned(ot, cpu_cc_src));
            return true;
        case 3:
            *c = cond_of(TCG_COND_LEU, ext_unsigned(ot, s->cc_srcT),
                         ext_unsigned(ot, cpu_cc_src));
            return true;
        case 6:
            *c = cond_of(TCG_COND_LT, ext_signed(ot, s->cc_srcT),
                         ext_signed(ot, cpu_cc_src));
            return true;
        case 7:
            *c = cond_of(TCG_COND_LE, ext_signed(ot, s->cc_srcT),
                         ext_signed(ot, cpu_cc_src));
            return true;
        }
        return false;
    case CC_OP_ADCB:
    case CC_OP_SBBB:
        return cond_carry_kind(s, kind, ot, jcc, c);
    case CC_OP_LOGICB:
        switch (jcc) {
        case 0:
        case 1:
            *c = cond_imm(TCG_COND_NEVER, cpu_cc_dst, 0);
            return true;
        case 3:
            *c = cond_zero(ot);
            return true;
        case 6:
            *c = cond_sign(ot);
            return true;
        case 7:
            *c = cond_imm(TCG_COND_LE, ext_signed(ot, cpu_cc_dst), 0);
            return true;
        }
        return false;
    case CC_OP_ADDB:
    case CC_OP_INCB:
    case CC_OP_DECB:
    case CC_OP_SHLB:
    case CC_OP_SHRB:
    case CC_OP_MULB:
    case CC_OP_BMIB:
        if (jcc == 1) {
            *c = cond_imm(TCG_COND_NE, x86_gen_cf(s), 0);
            return true;
        }
        return false;
    }
    return false;
}

X86Cond x86_gen_cond(DisasContext *s, int b)
{
    int jcc = (b >> 1) & 7;
    X86Cond c;

    if (!cond_inline(s, jcc, &c)) {
        int g = cc_is_dynamic(s->cc_op) ? guessed_kind(s) : -1;
        bool fast = false;
        if (g == CC_OP_EFLAGS) {
            c = cond_from_eflags(jcc, cpu_cc_src);
            fast = true;
        } else if (g >= 0) {
            Guess saved = begin_guess(s, g);
            fast = cond_inline(s, jcc, &c);
            end_guess(s, saved);
        }
        if (fast) {
            TCGv v = x86_temp();
            tcg_gen_setcond(c.cond, v, c.a, c.b);
            c = cond_imm(TCG_COND_NE,
                         guarded(g, v, (void *)x86_helper_cc_cond, jcc), 0);
        } else {
            c = cond_from_eflags(jcc, x86_gen_compute_eflags(s));
        }
    }
    if (b & 1) {
        c.cond = tcg_invert_cond(c.cond);
    }
    return c;
}

TCGv x86_gen_setcc(DisasContext *s, int b)
{
    X86Cond c = x86_gen_cond(s, b);
    TCGv t = x86_temp();
    tcg_gen_setcond(c.cond, t, c.a, c.b);
    return t;
}
