/*
 * translate-x87-inline.c: the common x87 instructions as f80 IR ops (the
 * host's own x87 on the guest registers in env) instead of helper calls.
 *
 * A TB without X86_TB_X87_TRAPS is keyed by the x87 stack shape (TOP
 * and which registers are full, X86_TB_X87_SHAPE), and the translator
 * follows the shape through the TB (s->x87_top, s->x87_full): ST(i) is
 * a constant offset in env, and whether an instruction would fault on
 * the stack is known at translation.  An instruction whose operands are
 * there runs inline; one that would fault calls its helper as before.
 * Pushes and pops store the new TOP and tag as constants, so env holds
 * the exact x87 state after every instruction (signals, helpers and the
 * TB key see it); so does the status word: the host status word of each
 * operation gives C1 (or C0..C3) and the sticky flags, merged at once.
 *
 * The host control word is the guest's (with every exception masked,
 * which the TB's guest control word is too): set once in a TB before the
 * first operation that rounds, and again after anything that may have
 * changed it (an x87 helper, FLDCW).
 */
#include "target-x86/fpu_helper.h"
#include "target-x86/translate-fpu.h"

/* ---- the stack shape ----------------------------------------------------- */

static unsigned st_phys(const DisasContext *s, unsigned i)
{
    return (s->x87_top + i) & 7;
}

bool x86_x87_st_full(const DisasContext *s, unsigned i)
{
    return (s->x87_full >> st_phys(s, i)) & 1;
}

bool x86_x87_push_ok(const DisasContext *s)
{
    return !((s->x87_full >> ((s->x87_top - 1) & 7)) & 1);
}

static int32_t st_ofs(const DisasContext *s, unsigned i)
{
    return X86_ENV_OFS(fpregs) + (int32_t)(st_phys(s, i) * sizeof(X86FPReg));
}

static void gen_store_top(const DisasContext *s)
{
    tcg_gen_st_env(tcg_constant(TCG_TYPE_I32, s->x87_top), X86_ENV_OFS(fptop),
                   MO_32);
}

static void gen_set_tag(unsigned phys, bool empty)
{
    tcg_gen_st_env(tcg_constant(TCG_TYPE_I32, empty),
                   X86_ENV_OFS(fptags) + (int32_t)phys, MO_8);
}

void x86_x87_shape_push(DisasContext *s, bool gen)
{
    s->x87_top = (s->x87_top - 1) & 7;
    s->x87_full |= (uint8_t)(1u << s->x87_top);
    if (gen) {
        gen_store_top(s);
        gen_set_tag(s->x87_top, false);
    }
}

void x86_x87_shape_pop(DisasContext *s, bool gen)
{
    if (gen)
        gen_set_tag(s->x87_top, true);
    s->x87_full &= (uint8_t)~(1u << s->x87_top);
    s->x87_top = (s->x87_top + 1) & 7;
    if (gen)
        gen_store_top(s);
}

uint64_t x86_x87_tb_shape(const DisasContext *s)
{
    return (uint64_t)s->x87_top << X86_TB_X87_TOP_SHIFT
           | (uint64_t)s->x87_full << X86_TB_X87_FULL_SHIFT;
}

/* ---- status word and control word --------------------------------------- */

/* Arithmetic, loads and stores leave their host status word in
 * env->fpus_pending, which needs no load of fpus (no dependency from one
 * operation to the next): fpus_pending_mask is FPUS_C1 then, and
 * pending's C1 is the guest's; its sticky flags are the guest's whatever
 * the mask (the host's are a subset of the guest's: fpu_helper.h).  The
 * mask is 0 or FPUS_C1; compares (C0..C3) merge into fpus at once.
 * s->x87_sw follows the mask through the TB; helpers see everything
 * folded into fpus. */

static void gen_store_pending_mask(DisasContext *s, X87SwPending now)
{
    tcg_gen_st_env(tcg_constant(TCG_TYPE_I32,
                                now == X87_SW_C1 ? FPUS_C1 : 0),
                   X86_ENV_OFS(fpus_pending_mask), MO_16);
    s->x87_sw = (uint8_t)now;
}

void x86_x87_fold_status(DisasContext *s)
{
    TCGv fpus, pending, mask, keep;

    if (s->x87_sw == X87_SW_CLEAN)
        return;
    fpus = x86_temp_i64();
    pending = x86_temp_i64();
    mask = x86_temp_i64();
    keep = x86_temp_i64();
    tcg_gen_ld_env(fpus, X86_ENV_OFS(fpus), MO_16);
    tcg_gen_ld_env(pending, X86_ENV_OFS(fpus_pending), MO_16);
    tcg_gen_ld_env(mask, X86_ENV_OFS(fpus_pending_mask), MO_16);
    tcg_gen_ori(keep, mask, 0x3f);
    tcg_gen_and(pending, pending, keep);
    tcg_gen_andc(fpus, fpus, mask);
    tcg_gen_or(fpus, fpus, pending);
    tcg_gen_st_env(fpus, X86_ENV_OFS(fpus), MO_16);
    tcg_gen_st_env(tcg_constant(TCG_TYPE_I32, 0), X86_ENV_OFS(fpus_pending),
                   MO_16);
    gen_store_pending_mask(s, X87_SW_CLEAN);
}

/* After an operation whose host status word is sw: C1 (cc FPUS_C1),
 * C0..C3 (FPUS_CC) or none of them (0) are the guest's now. */
static void gen_merge_sw(DisasContext *s, TCGv sw, uint16_t cc)
{
    TCGv fpus;

    if (cc == FPUS_C1) {
        /* sw's sticky flags include every pending one */
        tcg_gen_st_env(sw, X86_ENV_OFS(fpus_pending), MO_16);
        if (s->x87_sw != X87_SW_C1)
            gen_store_pending_mask(s, X87_SW_C1);
        return;
    }
    fpus = x86_temp_i64();
    tcg_gen_ld_env(fpus, X86_ENV_OFS(fpus), MO_16);
    tcg_gen_andi(fpus, fpus, (uint16_t)~cc);
    tcg_gen_andi(sw, sw, cc | 0x3f);
    tcg_gen_or(fpus, fpus, sw);
    tcg_gen_st_env(fpus, X86_ENV_OFS(fpus), MO_16);
    if (cc && s->x87_sw != X87_SW_CLEAN && s->x87_sw != X87_SW_MASK0)
        gen_store_pending_mask(s, X87_SW_MASK0);  /* C1 is fpus's now */
}

static void gen_clear_c1(DisasContext *s)
{
    TCGv t = x86_temp_i32();
    bool in_fpus = s->x87_sw == X87_SW_CLEAN || s->x87_sw == X87_SW_MASK0;
    int32_t ofs = in_fpus ? X86_ENV_OFS(fpus) : X86_ENV_OFS(fpus_pending);

    tcg_gen_ld_env(t, ofs, MO_16);
    tcg_gen_andi(t, t, (uint16_t)~FPUS_C1);
    tcg_gen_st_env(t, ofs, MO_16);
    if (s->x87_sw == X87_SW_UNKNOWN)
        gen_store_pending_mask(s, X87_SW_C1);   /* was 0 or C1 */
}

/* Before an operation that rounds. */
static void gen_host_cw(DisasContext *s)
{
    TCGv cw;

    if (s->x87_cw_set)
        return;
    cw = x86_temp_i64();
    tcg_gen_ld_env(cw, X86_ENV_OFS(fpuc), MO_16);
    tcg_gen_ori(cw, cw, 0x3f);
    tcg_gen_f80_set_cw(cw);
    s->x87_cw_set = true;
}

/* ---- register moves ------------------------------------------------------- */

static void gen_set_reg(int32_t dst, uint64_t mant, uint16_t sign_exp)
{
    tcg_gen_st_env(tcg_constant(TCG_TYPE_I64, (int64_t)mant), dst, MO_64);
    tcg_gen_st_env(tcg_constant(TCG_TYPE_I32, sign_exp), dst + 8, MO_16);
}

/* FCHS (xor) or FABS (and) on ST(0)'s sign. */
static void gen_sign(DisasContext *s, bool chs)
{
    TCGv se = x86_temp_i32();
    int32_t ofs = st_ofs(s, 0) + 8;

    tcg_gen_ld_env(se, ofs, MO_16);
    if (chs)
        tcg_gen_xori(se, se, 0x8000);
    else
        tcg_gen_andi(se, se, 0x7fff);
    tcg_gen_st_env(se, ofs, MO_16);
}

/* FCMOVcc ST(0), ST(i): both full. */
static void gen_fcmov(DisasContext *s, unsigned i, int cond)
{
    TCGv c = x86_gen_setcc(s, cond);
    TCGv zero = x86_const(0);
    int32_t d = st_ofs(s, 0), src = st_ofs(s, i);
    TCGv dm = x86_temp_i64(), sm = x86_temp_i64();
    TCGv de = x86_temp_i64(), se = x86_temp_i64();

    tcg_gen_ld_env(dm, d, MO_64);
    tcg_gen_ld_env(sm, src, MO_64);
    tcg_gen_ld_env(de, d + 8, MO_16);
    tcg_gen_ld_env(se, src + 8, MO_16);
    tcg_gen_movcond(TCG_COND_NE, dm, c, zero, sm, dm);
    tcg_gen_movcond(TCG_COND_NE, de, c, zero, se, de);
    tcg_gen_st_env(dm, d, MO_64);
    tcg_gen_st_env(de, d + 8, MO_16);
}

/* ST(dst) = fn(ST(0), ST(1)) on the host's x87 (the caller pops for the
 * functions that do). */
static void gen_func(DisasContext *s, TCGF80Fn fn, unsigned dst)
{
    TCGv sw = x86_temp_i64();
    uint16_t cc = FPUS_C1;

    if (fn == F80_FSIN || fn == F80_FCOS)
        cc = FPUS_C1 | FPUS_C2;
    gen_host_cw(s);
    tcg_gen_f80_func(sw, fn, st_ofs(s, dst), st_ofs(s, 0),
                     st_ofs(s, x86_x87_st_full(s, 1) ? 1 : 0));
    gen_merge_sw(s, sw, cc);
}

/* FXAM of a full ST(0): C1 = sign, C3 C2 C0 = the class, computed from
 * the 80-bit value: zero 100, denormal 110 (pseudo-denormals too), normal
 * 010, infinity 011, NaN 001, unsupported (unnormal, pseudo-NaN and
 * pseudo-infinity: the integer bit clear) 000.  No flags. */
static void gen_fxam(DisasContext *s)
{
    int32_t ofs = st_ofs(s, 0);
    TCGv se = x86_temp_i64(), mant = x86_temp_i64(), e = x86_temp_i64();
    TCGv j = x86_temp_i64(), frac = x86_temp_i64(), cls = x86_temp_i64();
    TCGv t = x86_temp_i64(), sw = x86_temp_i64();
    TCGv zero = tcg_constant(TCG_TYPE_I64, 0);

    tcg_gen_ld_env(se, ofs + 8, MO_16);
    tcg_gen_ld_env(mant, ofs, MO_64);
    tcg_gen_andi(e, se, 0x7fff);
    tcg_gen_shri(j, mant, 63);
    tcg_gen_shli(frac, mant, 1);
    /* exponent 1..7ffe: normal with the integer bit, else unsupported */
    tcg_gen_shli(cls, j, 10);
    /* exponent 7fff: infinity or NaN with the integer bit */
    tcg_gen_movcond(TCG_COND_EQ, t, frac, zero,
                    tcg_constant(TCG_TYPE_I64, FPUS_C2 | FPUS_C0),
                    tcg_constant(TCG_TYPE_I64, FPUS_C0));
    tcg_gen_movcond(TCG_COND_EQ, t, j, zero, zero, t);
    tcg_gen_movcond(TCG_COND_EQ, cls, e, tcg_constant(TCG_TYPE_I64, 0x7fff),
                    t, cls);
    /* exponent 0: zero or denormal */
    tcg_gen_movcond(TCG_COND_EQ, t, mant, zero,
                    tcg_constant(TCG_TYPE_I64, FPUS_C3),
                    tcg_constant(TCG_TYPE_I64, FPUS_C3 | FPUS_C2));
    tcg_gen_movcond(TCG_COND_EQ, cls, e, zero, t, cls);
    /* C1: the sign */
    tcg_gen_shri(sw, se, 15);
    tcg_gen_shli(sw, sw, 9);
    tcg_gen_or(sw, sw, cls);
    gen_merge_sw(s, sw, FPUS_CC);
}

/* ---- arithmetic and compares ---------------------------------------------- */

static void gen_arith_st(DisasContext *s, TCGF80Op op, unsigned dst,
                         unsigned src)
{
    TCGv sw = x86_temp_i64();

    gen_host_cw(s);
    tcg_gen_f80_arith(sw, op, st_ofs(s, dst), st_ofs(s, dst), st_ofs(s, src));
    gen_merge_sw(s, sw, FPUS_C1);
}

/* FCOM(P)/FUCOM(P) ST(i); pops times. */
static void gen_fcom_st(DisasContext *s, unsigned i, bool unordered, int pops)
{
    TCGv sw = x86_temp_i64();

    tcg_gen_f80_cmp(sw, unordered, st_ofs(s, 0), st_ofs(s, i));
    gen_merge_sw(s, sw, FPUS_CC);
    while (pops--)
        x86_x87_shape_pop(s, true);
}

/* FCOMI/FUCOMI(P): ZF PF CF from C3 C2 C0; only the sticky flags in the
 * status word. */
static void gen_fcomi(DisasContext *s, unsigned i, bool unordered, bool pop)
{
    TCGv sw = x86_temp_i64(), flags = x86_temp_i64();

    tcg_gen_f80_cmp(sw, unordered, st_ofs(s, 0), st_ofs(s, i));
    tcg_gen_shri(flags, sw, 8);
    tcg_gen_andi(flags, flags, CC_Z | CC_P | CC_C);     /* C3 C2 C0 */
    gen_merge_sw(s, sw, 0);
    if (x86_tl == TCG_TYPE_I32) {
        TCGv t = x86_temp();
        tcg_gen_extrl_i64_i32(t, flags);
        flags = t;
    }
    x86_gen_set_eflags_arith(s, flags);
    if (pop)
        x86_x87_shape_pop(s, true);
}

/* The D8 /digit meaning of a DC/DE register form: sub/subr and div/divr
 * swap (dst is ST(i) there). */
static TCGF80Op reg_form_op(unsigned op)
{
    return (TCGF80Op)(op >= 4 ? op ^ 1 : op);
}

/* ---- register forms -------------------------------------------------------- */

static bool inline_reg(DisasContext *s)
{
    unsigned opcode = s->insn.opcode, modrm = s->insn.modrm;
    unsigned op = (modrm >> 3) & 7, i = modrm & 7;
    bool full0 = x86_x87_st_full(s, 0), fulli = x86_x87_st_full(s, i);

    switch (opcode) {
    case 0xd8:
        if (!full0 || !fulli)
            return false;
        if (op == 2 || op == 3)
            gen_fcom_st(s, i, false, op == 3);
        else
            gen_arith_st(s, (TCGF80Op)op, 0, i);
        return true;
    case 0xdc: case 0xde:
        if (!full0 || !fulli)
            return false;
        if (op == 2 || op == 3) {       /* FCOM2, FCOMP3/5, FCOMPP */
            if (opcode == 0xde && op == 3 && i != 1)
                return false;
            gen_fcom_st(s, i, false,
                        opcode == 0xde ? (op == 3 ? 2 : 1) : op == 3);
            return true;
        }
        gen_arith_st(s, reg_form_op(op), i, 0);
        if (opcode == 0xde)
            x86_x87_shape_pop(s, true);
        return true;
    case 0xd9:
        switch (modrm) {
        case 0xc0 ... 0xc7:             /* FLD ST(i) */
            if (!fulli || !x86_x87_push_ok(s))
                return false;
            {
                int32_t src = st_ofs(s, i);
                x86_x87_shape_push(s, true);
                tcg_gen_f80_move(st_ofs(s, 0), src);
            }
            gen_clear_c1(s);
            return true;
        case 0xc8 ... 0xcf:             /* FXCH */
            if (!full0 || !fulli)
                return false;
            tcg_gen_f80_xchg(st_ofs(s, 0), st_ofs(s, i));
            gen_clear_c1(s);
            return true;
        case 0xe0: case 0xe1:           /* FCHS, FABS */
            if (!full0)
                return false;
            gen_sign(s, modrm == 0xe0);
            gen_clear_c1(s);
            return true;
        case 0xe8: case 0xee:           /* FLD1, FLDZ: exact in any mode */
            if (!x86_x87_push_ok(s))
                return false;
            x86_x87_shape_push(s, true);
            if (modrm == 0xe8)
                gen_set_reg(st_ofs(s, 0), 1ull << 63, 0x3fff);
            else
                gen_set_reg(st_ofs(s, 0), 0, 0);
            gen_clear_c1(s);
            return true;
        case 0xe9 ... 0xed:             /* FLDL2T FLDL2E FLDPI FLDLG2 FLDLN2 */
            if (!x86_x87_push_ok(s))
                return false;
            x86_x87_shape_push(s, true);
            gen_func(s, (TCGF80Fn)modrm, 0);
            return true;
        case 0xe4: {                    /* FTST: FCOM with +0.0 */
            TCGv sw;
            if (!full0)
                return false;
            sw = x86_temp_i64();
            tcg_gen_f80_cmp_mem(sw, F80_M32, st_ofs(s, 0),
                                tcg_constant(TCG_TYPE_I64, 0));
            gen_merge_sw(s, sw, FPUS_CC);
            return true;
        }
        case 0xe5:                      /* FXAM */
            if (!full0)
                return false;
            gen_fxam(s);
            return true;
        case 0xf0: case 0xfa: case 0xfc:    /* F2XM1, FSQRT, FRNDINT */
        case 0xfe: case 0xff:               /* FSIN, FCOS */
            if (!full0)
                return false;
            gen_func(s, (TCGF80Fn)(modrm), 0);
            return true;
        case 0xfd:                          /* FSCALE */
            if (!full0 || !x86_x87_st_full(s, 1))
                return false;
            gen_func(s, F80_FSCALE, 0);
            return true;
        case 0xf1: case 0xf3: case 0xf9:    /* FYL2X, FPATAN, FYL2XP1 */
            if (!full0 || !x86_x87_st_full(s, 1))
                return false;
            gen_func(s, (TCGF80Fn)(modrm), 1);
            x86_x87_shape_pop(s, true);
            return true;
        default:
            return false;
        }
    case 0xda: case 0xdb:
        if (modrm < 0xe0) {             /* FCMOVcc */
            static const int conds[4] = { 2, 4, 6, 10 };
            if (!full0 || !fulli)
                return false;
            gen_fcmov(s, i, conds[op] | (opcode == 0xdb));
            return true;
        }
        if (opcode == 0xda) {
            if (modrm != 0xe9 || !full0 || !x86_x87_st_full(s, 1))
                return false;
            gen_fcom_st(s, 1, true, 2);         /* FUCOMPP */
            return true;
        }
        if (modrm < 0xe8 || modrm > 0xf7 || !full0 || !fulli)
            return false;
        gen_fcomi(s, i, modrm < 0xf0, false);   /* FUCOMI, FCOMI */
        return true;
    case 0xdd:
        switch (op) {
        case 2: case 3:                 /* FST, FSTP ST(i) */
            if (!full0)
                return false;
            tcg_gen_f80_move(st_ofs(s, i), st_ofs(s, 0));
            if (!fulli) {
                gen_set_tag(st_phys(s, i), false);
                s->x87_full |= (uint8_t)(1u << st_phys(s, i));
            }
            gen_clear_c1(s);
            if (op == 3)
                x86_x87_shape_pop(s, true);
            return true;
        case 4: case 5:                 /* FUCOM, FUCOMP */
            if (!full0 || !fulli)
                return false;
            gen_fcom_st(s, i, true, op == 5);
            return true;
        default:
            return false;
        }
    default: /* 0xdf */
        if (op != 5 && op != 6)
            return false;
        if (!full0 || !fulli)
            return false;
        gen_fcomi(s, i, op == 5, true);         /* FUCOMIP, FCOMIP */
        return true;
    }
}

/* ---- memory forms ------------------------------------------------------------ */

/* D8 DA DC DE: ST(0) op m32real/m32int/m64real/m16int, or a compare. */
static void gen_arith_mem(DisasContext *s, TCGv addr)
{
    static const MemOp mops[4] = { MO_LE | MO_UL, MO_LE | MO_SL,
                                   MO_LE | MO_UQ, MO_LE | MO_SW };
    static const TCGF80Kind kinds[4] = { F80_M32, F80_I32, F80_M64,
                                         F80_I16 };
    unsigned form = (s->insn.opcode - 0xd8) / 2, op = s->insn.op;
    TCGv val = x86_temp_i64(), sw = x86_temp_i64();

    x86_gen_ld(s, val, addr, mops[form]);
    if (op == 2 || op == 3) {
        tcg_gen_f80_cmp_mem(sw, kinds[form], st_ofs(s, 0), val);
        gen_merge_sw(s, sw, FPUS_CC);
        if (op == 3)
            x86_x87_shape_pop(s, true);
        return;
    }
    gen_host_cw(s);
    tcg_gen_f80_arith_mem(sw, (TCGF80Op)op, kinds[form], st_ofs(s, 0),
                          st_ofs(s, 0), val);
    gen_merge_sw(s, sw, FPUS_C1);
}

static void gen_load(DisasContext *s, TCGv addr, MemOp mop, TCGF80Kind kind)
{
    TCGv val = x86_temp_i64(), sw = x86_temp_i64();

    x86_gen_ld(s, val, addr, MO_LE | mop);
    x86_x87_shape_push(s, true);
    tcg_gen_f80_load(sw, kind, st_ofs(s, 0), val);
    gen_merge_sw(s, sw, FPUS_C1);
}

static void gen_load_m80(DisasContext *s, TCGv addr)
{
    TCGv lo = x86_temp_i64(), hi = x86_temp_i32();
    TCGv a8 = x86_temp();

    x86_gen_ld(s, lo, addr, MO_LE | MO_64);
    tcg_gen_addi(a8, addr, 8);
    x86_gen_ld(s, hi, a8, MO_LE | MO_16);
    x86_x87_shape_push(s, true);
    tcg_gen_st_env(lo, st_ofs(s, 0), MO_64);
    tcg_gen_st_env(hi, st_ofs(s, 0) + 8, MO_16);
    gen_clear_c1(s);
}

/* FST(P) m32/m64, FIST(P)/FISTTP: convert, merge the status, store, pop. */
static void gen_store(DisasContext *s, TCGv addr, MemOp mop, TCGF80Kind kind,
                      bool pop)
{
    TCGv val = x86_temp_i64(), sw = x86_temp_i64();

    gen_host_cw(s);
    tcg_gen_f80_store(val, kind, st_ofs(s, 0));
    tcg_gen_f80_status(sw);
    x86_gen_st(s, val, addr, MO_LE | mop);     /* a fault changes nothing */
    gen_merge_sw(s, sw, FPUS_C1);
    if (pop)
        x86_x87_shape_pop(s, true);
}

static void gen_store_m80(DisasContext *s, TCGv addr)
{
    TCGv lo = x86_temp_i64(), hi = x86_temp_i32();
    TCGv a8 = x86_temp();

    tcg_gen_ld_env(lo, st_ofs(s, 0), MO_64);
    tcg_gen_ld_env(hi, st_ofs(s, 0) + 8, MO_16);
    x86_gen_st(s, lo, addr, MO_LE | MO_64);
    tcg_gen_addi(a8, addr, 8);
    x86_gen_st(s, hi, a8, MO_LE | MO_16);
    gen_clear_c1(s);
    x86_x87_shape_pop(s, true);
}

static bool inline_mem(DisasContext *s)
{
    unsigned opcode = s->insn.opcode, op = s->insn.op;
    bool full0 = x86_x87_st_full(s, 0), push = x86_x87_push_ok(s);
    TCGv addr;

    switch (opcode << 4 | op) {
    case 0xd90: case 0xdd0:             /* FLD m32, m64 */
    case 0xdb0: case 0xdf0: case 0xdf5: /* FILD m32, m16, m64 */
    case 0xdb5:                         /* FLD m80 */
        if (!push)
            return false;
        break;
    case 0xd92: case 0xd93: case 0xdd2: case 0xdd3:     /* FST(P) */
    case 0xdb1: case 0xdb2: case 0xdb3: case 0xdf1: case 0xdf2: case 0xdf3:
    case 0xdd1: case 0xdf7:             /* FISTTP, FIST(P) */
    case 0xdb7:                         /* FSTP m80 */
        if (!full0)
            return false;
        break;
    default:
        if (!(opcode & 1) && full0)     /* D8 DA DC DE */
            break;
        return false;
    }
    addr = x86_gen_lea(s);
    switch (opcode << 4 | op) {
    case 0xd90: gen_load(s, addr, MO_UL, F80_M32); return true;
    case 0xdd0: gen_load(s, addr, MO_UQ, F80_M64); return true;
    case 0xdb0: gen_load(s, addr, MO_SL, F80_I32); return true;
    case 0xdf0: gen_load(s, addr, MO_SW, F80_I16); return true;
    case 0xdf5: gen_load(s, addr, MO_UQ, F80_I64); return true;
    case 0xdb5: gen_load_m80(s, addr); return true;
    case 0xd92: case 0xd93:
        gen_store(s, addr, MO_32, F80_M32, op == 3);
        return true;
    case 0xdd2: case 0xdd3:
        gen_store(s, addr, MO_64, F80_M64, op == 3);
        return true;
    case 0xdb1: gen_store(s, addr, MO_32, F80_I32_TRUNC, true); return true;
    case 0xdb2: case 0xdb3:
        gen_store(s, addr, MO_32, F80_I32, op == 3);
        return true;
    case 0xdf1: gen_store(s, addr, MO_16, F80_I16_TRUNC, true); return true;
    case 0xdf2: case 0xdf3:
        gen_store(s, addr, MO_16, F80_I16, op == 3);
        return true;
    case 0xdd1: gen_store(s, addr, MO_64, F80_I64_TRUNC, true); return true;
    case 0xdf7: gen_store(s, addr, MO_64, F80_I64, true); return true;
    case 0xdb7: gen_store_m80(s, addr); return true;
    default:
        gen_arith_mem(s, addr);
        return true;
    }
}

bool x86_translate_x87_inline(DisasContext *s)
{
    return s->insn.mod == 3 ? inline_reg(s) : inline_mem(s);
}

void x86_x87_note_mmx(DisasContext *s, bool emms)
{
    if (s->x87_traps) {
        return; /* TBs with traps do not track the stack */
    }
    s->x87_top = 0;
    s->x87_full = emms ? 0 : 0xff;
}
