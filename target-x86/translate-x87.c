/*
 * translate-x87.c: the x87 FPU instructions (escape opcodes D8..DF, FWAIT)
 * to IR.
 *
 * The x87 state lives in env only (fpregs, fptop, fptags, fpuc, fpus), so
 * every instruction is one or two calls of fpu_helper.c, none of which
 * touches an IR global: they are TCG_CALL_NO_RWG and guest registers stay
 * in host registers across x87 code.  Memory operands are loaded and
 * stored here with IR memory ops (precise faults); helpers see values.  A
 * popping store pops after its store, so a faulting store leaves the stack
 * unchanged.
 *
 * #MF: FWAIT raises it when ES is set, and so does every other waiting
 * x87 instruction in a TB made with an exception unmasked
 * (X86_TB_X87_TRAPS); instructions that change the masks end the TB when
 * they no longer match it.
 *
 * Not modelled: the last instruction/data pointers and opcode (FNSTENV and
 * FXSAVE report zero).
 */
#include "target-x86/fpu_helper.h"
#include "target-x86/translate-fpu.h"

#define X87 TCG_CALL_NO_RWG

static TCGv c32(uint32_t v)
{
    return tcg_constant(TCG_TYPE_I32, v);
}

/* insn argument of the helpers: opcode and ModRM, a memory ModRM
 * normalised to mod=0 rm=7 (the host stubs' [rdi]). */
static uint32_t x87_insn(const X86Insn *in)
{
    uint32_t modrm = in->mod == 3 ? in->modrm : (uint32_t)(in->op << 3 | 7);

    return (uint32_t)in->opcode << 8 | modrm;
}

static void gen_pop(void)
{
    tcg_gen_callN(x86_helper_fpop, X87, TCG_NO_RET, tcg_env);
}

static TCGv addr_plus(TCGv addr, int64_t n)
{
    TCGv t = x86_temp();

    tcg_gen_addi(t, addr, n);
    return t;
}

/* A TL value as I32 (helpers take uint32_t). */
static TCGv tl_to_i32(TCGv v)
{
    TCGv t;

    if (x86_tl == TCG_TYPE_I32)
        return v;
    t = x86_temp_i32();
    tcg_gen_extrl_i64_i32(t, v);
    return t;
}

/* ---- state images ------------------------------------------------------- */

static void gen_image_store(DisasContext *s, TCGv addr, int fmt)
{
    unsigned size = x86_fpu_image_size(fmt), ofs;

    tcg_gen_callN(x86_helper_image_save, X87, TCG_NO_RET, tcg_env, c32(fmt));
    for (ofs = 0; ofs < size; ofs += 8) {
        TCGv q = x86_temp_i64();
        TCGv a = ofs ? addr_plus(addr, ofs) : addr;

        tcg_gen_callN(x86_helper_image_get, X87, q, c32(ofs / 8));
        if (size - ofs >= 8) {
            x86_gen_st(s, q, a, MO_LE | MO_64);
            continue;
        }
        x86_gen_st(s, q, a, MO_LE | MO_32);
        if (size - ofs == 6) {
            tcg_gen_shri(q, q, 32);
            x86_gen_st(s, q, addr_plus(addr, ofs + 4), MO_LE | MO_16);
        }
    }
}

/* FWAIT: #MF at this instruction if an unmasked exception is pending. */
static void gen_fwait(DisasContext *s)
{
    x86_gen_sync_pc(s);
    tcg_gen_callN(x86_helper_fwait, TCG_CALL_NO_WG, TCG_NO_RET, tcg_env);
}

/* Every D8..DF instruction but FNINIT, FNCLEX, FNSTSW, FNSTCW, FNSTENV,
 * FNSAVE and the no-ops FENI, FDISI, FSETPM checks for a pending #MF. */
static bool x87_waits(const X86Insn *in)
{
    if (in->mod == 3)
        return !(in->opcode == 0xdb && in->modrm >= 0xe0 && in->modrm <= 0xe4)
               && !(in->opcode == 0xdf && in->modrm == 0xe0);
    return !((in->opcode == 0xd9 || in->opcode == 0xdd) && in->op >= 6);
}

/* After FLDCW cw: leave the TB when the exception masks no longer match
 * its X86_TB_X87_TRAPS. */
static void gen_end_if_masks_changed(DisasContext *s, TCGv cw)
{
    uint32_t same = tcg_new_label();
    TCGv masks = x86_temp_i32();

    tcg_gen_andi(masks, cw, 0x3f);
    tcg_gen_brcondi(s->x87_traps ? TCG_COND_NE : TCG_COND_EQ, masks, 0x3f,
                    same);
    tcg_gen_movi(cpu_pc, (int64_t)s->next_pc);
    tcg_gen_exit_tb(0);
    tcg_gen_set_label(same);
}

static void gen_image_load(DisasContext *s, TCGv addr, int fmt)
{
    unsigned size = x86_fpu_image_size(fmt), ofs;

    for (ofs = 0; ofs < size; ofs += 8) {
        TCGv q = x86_temp_i64();
        TCGv a = ofs ? addr_plus(addr, ofs) : addr;

        if (size - ofs >= 8) {
            x86_gen_ld(s, q, a, MO_LE | MO_64);
        } else {
            x86_gen_ld(s, q, a, MO_LE | MO_32);
            if (size - ofs == 6) {
                TCGv w = x86_temp_i64();
                x86_gen_ld(s, w, addr_plus(addr, ofs + 4), MO_LE | MO_16);
                tcg_gen_shli(w, w, 32);
                tcg_gen_or(q, q, w);
            }
        }
        tcg_gen_callN(x86_helper_image_put, X87, TCG_NO_RET, c32(ofs / 8), q);
    }
    /* FXRSTOR may raise #GP on reserved MXCSR bits. */
    x86_gen_sync_pc(s);
    tcg_gen_callN(x86_helper_image_load, TCG_CALL_NO_WG, TCG_NO_RET, tcg_env,
                  c32(fmt));
}

/* FXSAVE, FXRSTOR (0F AE /0, /1; called from translate-sse.c). */
void x86_gen_fxsave(DisasContext *s, bool restore)
{
    TCGv addr = x86_gen_lea(s);
    int fmt = !s->code64 ? X86_IMAGE_FXSAVE32
              : x86_rex_w(&s->insn) ? X86_IMAGE_FXSAVE64W
                                    : X86_IMAGE_FXSAVE64;

    if (restore) {
        gen_image_load(s, addr, fmt);
        s->is_jmp = DISAS_UPDATE;   /* X86_TB_SSE_TRAPS, X87_TRAPS too */
    } else {
        gen_image_store(s, addr, fmt);
    }
}

/* ---- memory forms ------------------------------------------------------- */

/* D8 DA DC DE with a memory operand: arithmetic or compare with an m32
 * real, m32 integer, m64 real or m16 integer. */
static void gen_arith_mem(DisasContext *s, TCGv addr, uint32_t insn)
{
    static const MemOp mops[4] = { MO_LE | MO_UL, MO_LE | MO_SL,
                                   MO_LE | MO_UQ, MO_LE | MO_SW };
    TCGv val = x86_temp_i64();
    unsigned op = s->insn.op;

    x86_gen_ld(s, val, addr, mops[(s->insn.opcode - 0xd8) / 2]);
    if (op == 2 || op == 3) {
        tcg_gen_callN(x86_helper_fcom_mem, X87, TCG_NO_RET, tcg_env,
                      c32(insn), val);
    } else {
        tcg_gen_callN(x86_helper_farith_mem, X87, TCG_NO_RET, tcg_env,
                      c32(insn), val);
    }
}

/* FST/FSTP m32/m64, FIST/FISTP/FISTTP: a helper returns the value. */
static void gen_store_value(DisasContext *s, TCGv addr, void *helper,
                            MemOp mop, bool pop)
{
    TCGv val = x86_temp_i64();

    tcg_gen_callN(helper, X87, val, tcg_env, c32(x87_insn(&s->insn)));
    x86_gen_st(s, val, addr, MO_LE | mop);
    if (pop)
        gen_pop();
}

/* FSTP m80, FBSTP: ten bytes through env->xmm_tmp. */
static void gen_store_m80(DisasContext *s, TCGv addr)
{
    TCGv lo = x86_temp_i64(), hi = x86_temp_i64();

    tcg_gen_callN(x86_helper_fst_m80, X87, TCG_NO_RET, tcg_env,
                  c32(x87_insn(&s->insn)));
    tcg_gen_ld_env(lo, X86_ENV_OFS(xmm_tmp.q[0]), MO_64);
    tcg_gen_ld_env(hi, X86_ENV_OFS(xmm_tmp.q[1]), MO_16);
    x86_gen_st(s, lo, addr, MO_LE | MO_64);
    x86_gen_st(s, hi, addr_plus(addr, 8), MO_LE | MO_16);
    gen_pop();
}

/* FLD m80, FBLD: ten bytes as a 64-bit and a 16-bit part. */
static void gen_load_m80(DisasContext *s, TCGv addr, bool bcd)
{
    TCGv lo = x86_temp_i64(), hi = x86_temp_i64();
    uint32_t insn = x87_insn(&s->insn);

    x86_gen_ld(s, lo, addr, MO_LE | MO_64);
    x86_gen_ld(s, hi, addr_plus(addr, 8), MO_LE | MO_16);
    if (bcd) {
        tcg_gen_callN(x86_helper_x87_replay, X87, TCG_NO_RET, tcg_env,
                      c32(insn), lo, hi);
    } else {
        TCGv hi32 = x86_temp_i32();
        tcg_gen_extrl_i64_i32(hi32, hi);
        tcg_gen_callN(x86_helper_fld_m80, X87, TCG_NO_RET, tcg_env,
                      c32(insn), lo, hi32);
    }
}

static void gen_load_int(DisasContext *s, TCGv addr, MemOp mop)
{
    TCGv val = x86_temp_i64();

    x86_gen_ld(s, val, addr, MO_LE | mop);
    tcg_gen_callN(x86_helper_fild, X87, TCG_NO_RET, tcg_env,
                  c32(x87_insn(&s->insn)), val);
}

static bool translate_x87_mem(DisasContext *s)
{
    unsigned opcode = s->insn.opcode, op = s->insn.op;
    uint32_t insn = x87_insn(&s->insn);
    bool o16 = s->insn.ot == MO_16;
    TCGv addr = x86_gen_lea(s), v;

    if (!(opcode & 1)) {                    /* D8 DA DC DE */
        gen_arith_mem(s, addr, insn);
        return true;
    }
    switch (opcode << 4 | op) {
    case 0xd90:                             /* FLD m32 */
        v = x86_temp_i32();
        x86_gen_ld(s, v, addr, MO_LE | MO_UL);
        tcg_gen_callN(x86_helper_fld_m32, X87, TCG_NO_RET, tcg_env,
                      c32(insn), v);
        return true;
    case 0xdd0:                             /* FLD m64 */
        v = x86_temp_i64();
        x86_gen_ld(s, v, addr, MO_LE | MO_UQ);
        tcg_gen_callN(x86_helper_fld_m64, X87, TCG_NO_RET, tcg_env,
                      c32(insn), v);
        return true;
    case 0xd92: case 0xd93:                 /* FST(P) m32 */
        gen_store_value(s, addr, x86_helper_fst_m32, MO_32, op == 3);
        return true;
    case 0xdd2: case 0xdd3:                 /* FST(P) m64 */
        gen_store_value(s, addr, x86_helper_fst_m64, MO_64, op == 3);
        return true;
    case 0xd94:                             /* FLDENV */
        gen_image_load(s, addr, o16 ? X86_IMAGE_ENV16 : X86_IMAGE_ENV32);
        s->is_jmp = DISAS_UPDATE;           /* X86_TB_X87_TRAPS may change */
        return true;
    case 0xd95:                             /* FLDCW */
        v = x86_temp_i32();
        x86_gen_ld(s, v, addr, MO_LE | MO_UW);
        tcg_gen_callN(x86_helper_fldcw, X87, TCG_NO_RET, tcg_env, v);
        gen_end_if_masks_changed(s, v);
        return true;
    case 0xd96:                             /* FNSTENV */
        gen_image_store(s, addr, o16 ? X86_IMAGE_ENV16 : X86_IMAGE_ENV32);
        return true;
    case 0xd97:                             /* FNSTCW */
        v = x86_temp_i32();
        tcg_gen_ld_env(v, X86_ENV_OFS(fpuc), MO_16);
        x86_gen_st(s, v, addr, MO_LE | MO_16);
        return true;
    case 0xdb0:                             /* FILD m32 */
        gen_load_int(s, addr, MO_SL);
        return true;
    case 0xdf0:                             /* FILD m16 */
        gen_load_int(s, addr, MO_SW);
        return true;
    case 0xdf5:                             /* FILD m64 */
        gen_load_int(s, addr, MO_UQ);
        return true;
    case 0xdb1: case 0xdb2: case 0xdb3:     /* FISTTP, FIST(P) m32 */
        gen_store_value(s, addr, x86_helper_fist, MO_32, op != 2);
        return true;
    case 0xdf1: case 0xdf2: case 0xdf3:     /* m16 */
        gen_store_value(s, addr, x86_helper_fist, MO_16, op != 2);
        return true;
    case 0xdd1: case 0xdf7:                 /* FISTTP m64, FISTP m64 */
        gen_store_value(s, addr, x86_helper_fist, MO_64, true);
        return true;
    case 0xdb5:                             /* FLD m80 */
        gen_load_m80(s, addr, false);
        return true;
    case 0xdf4:                             /* FBLD */
        gen_load_m80(s, addr, true);
        return true;
    case 0xdb7: case 0xdf6:                 /* FSTP m80, FBSTP */
        gen_store_m80(s, addr);
        return true;
    case 0xdd4:                             /* FRSTOR */
        gen_image_load(s, addr, o16 ? X86_IMAGE_SAVE16 : X86_IMAGE_SAVE32);
        s->is_jmp = DISAS_UPDATE;           /* X86_TB_X87_TRAPS may change */
        return true;
    case 0xdd6:                             /* FNSAVE */
        gen_image_store(s, addr, o16 ? X86_IMAGE_SAVE16 : X86_IMAGE_SAVE32);
        return true;
    case 0xdd7:                             /* FNSTSW m16 */
        v = x86_temp_i64();
        tcg_gen_callN(x86_helper_fnstsw, X87, v, tcg_env);
        x86_gen_st(s, v, addr, MO_LE | MO_16);
        return true;
    default:                                /* D9 /1, DB /4 /6, DD /5 */
        return false;
    }
}

/* ---- register forms ----------------------------------------------------- */

static void gen_call_i(void *helper, uint32_t insn, unsigned i)
{
    tcg_gen_callN(helper, X87, TCG_NO_RET, tcg_env, c32(insn), c32(i));
}

static void gen_replay(uint32_t insn)
{
    tcg_gen_callN(x86_helper_x87_replay, X87, TCG_NO_RET, tcg_env, c32(insn),
                  tcg_constant(TCG_TYPE_I64, 0), tcg_constant(TCG_TYPE_I64, 0));
}

static void gen_fcmov(DisasContext *s, unsigned i, int cond, bool negate)
{
    TCGv c = tl_to_i32(x86_gen_setcc(s, cond | negate));

    tcg_gen_callN(x86_helper_fcmov, X87, TCG_NO_RET, tcg_env, c32(i), c);
}

static void gen_fcomi(DisasContext *s, uint32_t insn, unsigned i)
{
    TCGv flags = x86_temp_i64();

    tcg_gen_callN(x86_helper_fcomi, X87, flags, tcg_env, c32(insn), c32(i));
    if (x86_tl == TCG_TYPE_I32) {
        TCGv t = x86_temp();
        tcg_gen_extrl_i64_i32(t, flags);
        flags = t;
    }
    x86_gen_set_eflags_arith(s, flags);
}

static bool translate_x87_reg(DisasContext *s)
{
    unsigned opcode = s->insn.opcode, modrm = s->insn.modrm;
    unsigned op = (modrm >> 3) & 7, i = modrm & 7;
    uint32_t insn = opcode << 8 | modrm;
    TCGv v;

    switch (opcode) {
    case 0xd8:
        if (op == 2 || op == 3)
            gen_call_i(x86_helper_fcom_st, insn, i);
        else
            tcg_gen_callN(x86_helper_farith_st, X87, TCG_NO_RET, tcg_env,
                          c32(insn), c32(0), c32(i));
        return true;
    case 0xdc:
    case 0xde:
        if (opcode == 0xde && op == 3) {
            if (i != 1)
                return false;
            gen_call_i(x86_helper_fcom_st, insn, 1);    /* FCOMPP */
            return true;
        }
        if (op == 2 || op == 3) {           /* FCOM2/FCOMP3/FCOMP5 aliases */
            bool pop = op == 3 || opcode == 0xde;
            gen_call_i(x86_helper_fcom_st, (pop ? 0xd8d8 : 0xd8d0) | i, i);
            return true;
        }
        tcg_gen_callN(x86_helper_farith_st, X87, TCG_NO_RET, tcg_env,
                      c32(insn), c32(i), c32(0));
        return true;
    case 0xd9:
        switch (modrm) {
        case 0xc0 ... 0xc7:
            gen_call_i(x86_helper_fld_st, insn, i);
            return true;
        case 0xc8 ... 0xcf:
            gen_call_i(x86_helper_fxch, insn, i);
            return true;
        case 0xd0:                          /* FNOP */
            return true;
        case 0xd8 ... 0xdf:                 /* FSTP1 alias */
            gen_call_i(x86_helper_fst_st, insn, i);
            return true;
        case 0xe0: case 0xe1:
            tcg_gen_callN(x86_helper_fsign, X87, TCG_NO_RET, tcg_env,
                          c32(insn));
            return true;
        case 0xe4: case 0xe5: case 0xf0 ... 0xff:
            gen_replay(insn);
            return true;
        case 0xe8 ... 0xee:
            tcg_gen_callN(x86_helper_fld_const, X87, TCG_NO_RET, tcg_env,
                          c32(insn));
            return true;
        default:
            return false;
        }
    case 0xda:
        if (modrm < 0xe0) {                 /* FCMOVB/E/BE/U */
            static const int conds[4] = { 2, 4, 6, 10 };
            gen_fcmov(s, i, conds[op], false);
            return true;
        }
        if (modrm != 0xe9)
            return false;
        gen_call_i(x86_helper_fcom_st, insn, 1);        /* FUCOMPP */
        return true;
    case 0xdb:
        if (modrm < 0xe0) {                 /* FCMOVNB/NE/NBE/NU */
            static const int conds[4] = { 2, 4, 6, 10 };
            gen_fcmov(s, i, conds[op], true);
            return true;
        }
        switch (modrm) {
        case 0xe0: case 0xe1: case 0xe4:    /* FENI, FDISI, FSETPM: no-ops */
            return true;
        case 0xe2:
            tcg_gen_callN(x86_helper_fnclex, X87, TCG_NO_RET, tcg_env);
            return true;
        case 0xe3:
            tcg_gen_callN(x86_helper_fninit, X87, TCG_NO_RET, tcg_env);
            return true;
        case 0xe8 ... 0xf7:                 /* FUCOMI, FCOMI */
            gen_fcomi(s, insn, i);
            return true;
        default:
            return false;
        }
    case 0xdd:
        switch (op) {
        case 0:                             /* FFREE */
            gen_replay(insn);
            return true;
        case 1:                             /* FXCH4 alias */
            gen_call_i(x86_helper_fxch, 0xd9c8 | i, i);
            return true;
        case 2: case 3:                     /* FST, FSTP ST(i) */
            gen_call_i(x86_helper_fst_st, insn, i);
            return true;
        case 4: case 5:                     /* FUCOM, FUCOMP */
            gen_call_i(x86_helper_fcom_st, insn, i);
            return true;
        default:
            return false;
        }
    default: /* 0xdf */
        switch (op) {
        case 0:                             /* FFREEP */
            gen_replay(insn);
            return true;
        case 1:                             /* FXCH7 alias */
            gen_call_i(x86_helper_fxch, 0xd9c8 | i, i);
            return true;
        case 2: case 3:                     /* FSTP8, FSTP9 aliases */
            gen_call_i(x86_helper_fst_st, insn, i);
            return true;
        case 4:                             /* FNSTSW AX */
            if (i != 0)
                return false;
            v = x86_temp_i64();
            tcg_gen_callN(x86_helper_fnstsw, X87, v, tcg_env);
            if (x86_tl == TCG_TYPE_I32) {
                TCGv t = x86_temp();
                tcg_gen_extrl_i64_i32(t, v);
                v = t;
            }
            x86_gen_st_reg(s, MO_16, R_EAX, v);
            return true;
        case 5: case 6:                     /* FUCOMIP, FCOMIP */
            gen_fcomi(s, insn, i);
            return true;
        default:
            return false;
        }
    }
}

/* ---- the stack shape after a helper --------------------------------------
 * In a TB keyed by the x87 stack shape, an instruction done by a helper
 * changes the shape as its kind says, provided its operands are there
 * (the helper then takes no stack fault); otherwise, or for the kinds
 * whose effect depends on the values (FPTAN, FSINCOS), the TB ends after
 * it and the next one is keyed by the shape the helper left.
 */
typedef enum X87Effect {
    X87_SAME, X87_PUSH, X87_POP, X87_DEC_TOP, X87_INC_TOP, X87_FREE,
    X87_FREE_POP, X87_INIT, X87_UNKNOWN,
} X87Effect;

/* What a helper-done instruction needs (bit i: ST(i) full; X87_NEED_PUSH)
 * and does. */
#define X87_NEED_PUSH 0x100
static X87Effect x87_helper_effect(const X86Insn *in, unsigned *need)
{
    unsigned modrm = in->modrm, i = modrm & 7;

    *need = 0;
    if (in->mod != 3) {
        switch (in->opcode << 4 | in->op) {
        case 0xd95: case 0xd96: case 0xd97: case 0xdd7:
            return X87_SAME;                /* FLDCW FNSTENV FNSTCW FNSTSW */
        case 0xdd6:
            return X87_INIT;                /* FNSAVE */
        case 0xdf4:
            *need = X87_NEED_PUSH;
            return X87_PUSH;                /* FBLD */
        case 0xdf6:
            *need = 1;
            return X87_POP;                 /* FBSTP */
        default:
            return X87_UNKNOWN;
        }
    }
    switch (in->opcode << 8 | modrm) {
    case 0xd9d0: case 0xd9e5: case 0xdbe0: case 0xdbe1: case 0xdbe2:
    case 0xdbe4: case 0xdfe0:
        return X87_SAME;        /* FNOP FXAM FENI FDISI FNCLEX FSETPM FNSTSW */
    case 0xd9e4: case 0xd9f0: case 0xd9fa: case 0xd9fc: case 0xd9fe:
    case 0xd9ff:
        *need = 1;
        return X87_SAME;        /* FTST F2XM1 FSQRT FRNDINT FSIN FCOS */
    case 0xd9f5: case 0xd9f8: case 0xd9fd:
        *need = 3;
        return X87_SAME;        /* FPREM1 FPREM FSCALE */
    case 0xd9f1: case 0xd9f3: case 0xd9f9:
        *need = 3;
        return X87_POP;         /* FYL2X FPATAN FYL2XP1 */
    case 0xd9f4:
        *need = 1 | X87_NEED_PUSH;
        return X87_PUSH;        /* FXTRACT */
    case 0xd9e9 ... 0xd9ed:
        *need = X87_NEED_PUSH;
        return X87_PUSH;        /* FLDL2T FLDL2E FLDPI FLDLG2 FLDLN2 */
    case 0xd9f6:
        return X87_DEC_TOP;
    case 0xd9f7:
        return X87_INC_TOP;
    case 0xdbe3:
        return X87_INIT;
    case 0xd9d8 ... 0xd9df: case 0xdfd0 ... 0xdfdf:
        *need = 1;
        return X87_POP;         /* FSTP aliases */
    case 0xddc8 ... 0xddcf: case 0xdfc8 ... 0xdfcf:
        *need = 1 | 1u << i;
        return X87_SAME;        /* FXCH aliases */
    case 0xddc0 ... 0xddc7:
        return X87_FREE;
    case 0xdfc0 ... 0xdfc7:
        return X87_FREE_POP;
    default:
        return X87_UNKNOWN;
    }
}

static bool x87_needs_met(const DisasContext *s, unsigned need)
{
    for (unsigned i = 0; i < 8; i++)
        if (((need >> i) & 1) && !x86_x87_st_full(s, i))
            return false;
    return !(need & X87_NEED_PUSH) || x86_x87_push_ok(s);
}

static void x87_apply_effect(DisasContext *s, X87Effect e)
{
    unsigned i = s->insn.modrm & 7;

    switch (e) {
    case X87_SAME:
        return;
    case X87_PUSH:
        x86_x87_shape_push(s, false);
        return;
    case X87_POP:
        x86_x87_shape_pop(s, false);
        return;
    case X87_DEC_TOP:
        s->x87_top = (s->x87_top - 1) & 7;
        return;
    case X87_INC_TOP:
        s->x87_top = (s->x87_top + 1) & 7;
        return;
    case X87_FREE: case X87_FREE_POP:
        s->x87_full &= (uint8_t)~(1u << ((s->x87_top + i) & 7));
        if (e == X87_FREE_POP)
            x86_x87_shape_pop(s, false);
        return;
    case X87_INIT:
        s->x87_top = 0;
        s->x87_full = 0;
        return;
    default:
        if (s->is_jmp == DISAS_NEXT)
            s->is_jmp = DISAS_UPDATE;
        return;
    }
}

bool x86_translate_x87(DisasContext *s)
{
    unsigned need;
    X87Effect effect;

    if (s->insn.map != X86_MAP_1B)
        return false;
    if (s->insn.opcode == 0x9b) {           /* FWAIT */
        x86_x87_fold_status(s);
        gen_fwait(s);
        return true;
    }
    if (s->insn.opcode < 0xd8 || s->insn.opcode > 0xdf)
        return false;
    if (s->x87_traps) {
        x86_x87_fold_status(s);
        if (x87_waits(&s->insn))
            gen_fwait(s);
        return s->insn.mod == 3 ? translate_x87_reg(s)
                                : translate_x87_mem(s);
    }
    if (x86_translate_x87_inline(s))
        return true;
    x86_x87_fold_status(s);
    effect = x87_helper_effect(&s->insn, &need);
    if (!x87_needs_met(s, need))
        effect = X87_UNKNOWN;
    if (!(s->insn.mod == 3 ? translate_x87_reg(s) : translate_x87_mem(s)))
        return false;
    s->x87_cw_set = false;                  /* a helper may have set it */
    x87_apply_effect(s, effect);
    return true;
}
