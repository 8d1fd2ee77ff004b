/*
 * translate-string.c: MOVS, CMPS, STOS, LODS, SCAS, with REP/REPE/REPNE.
 * Sources are seg:rSI (DS unless overridden), destinations ES:rDI; the
 * index registers and rCX have the address size; EFLAGS.DF picks the
 * direction (env->df is +1 or -1).
 *
 * A repeated instruction runs one iteration per pass and then jumps back
 * to itself through a chained TB exit, so the loop stays in generated code
 * and every iteration leaves the registers precise for faults and signals.
 */
#include "target-x86/translate.h"

enum { STR_MOVS, STR_CMPS, STR_STOS, STR_LODS, STR_SCAS };

/* One element in the DF direction: +/-(1 << ot). */
static TCGv gen_step(MemOp ot)
{
    TCGv step = x86_temp();
    if (x86_tl == TCG_TYPE_I64) {
        tcg_gen_ext_i32_i64(step, cpu_df);
    } else {
        tcg_gen_mov(step, cpu_df);
    }
    if (ot) {
        tcg_gen_shli(step, step, ot);
    }
    return step;
}

/* rSI/rDI advanced by step. */
static void gen_advance(DisasContext *s, int reg, TCGv step)
{
    TCGv n = x86_temp();
    tcg_gen_add(n, cpu_regs[reg], step);
    x86_gen_st_reg(s, s->insn.aflag, reg, n);
}

static TCGv index_addr(DisasContext *s, int reg)
{
    TCGv a = x86_temp();
    x86_gen_ext(s->insn.aflag, a, cpu_regs[reg], false);
    return a;
}

static TCGv src_addr(DisasContext *s)
{
    return x86_gen_seg_addr(s, index_addr(s, R_ESI), R_DS);
}

/* ES has base 0 in user mode and cannot be overridden. */
static TCGv dst_addr(DisasContext *s)
{
    return index_addr(s, R_EDI);
}

static void gen_string_once(DisasContext *s, int kind, MemOp ot)
{
    TCGv a = x86_temp(), b = x86_temp(), r = x86_temp();
    TCGv step = gen_step(ot);

    switch (kind) {
    case STR_MOVS:
        x86_gen_ld(s, a, src_addr(s), ot);
        x86_gen_st(s, a, dst_addr(s), ot);
        gen_advance(s, R_ESI, step);
        gen_advance(s, R_EDI, step);
        break;
    case STR_STOS:
        x86_gen_ld_reg(s, ot, R_EAX, a);
        x86_gen_st(s, a, dst_addr(s), ot);
        gen_advance(s, R_EDI, step);
        break;
    case STR_LODS:
        x86_gen_ld(s, a, src_addr(s), ot);
        x86_gen_st_reg(s, ot, R_EAX, a);
        gen_advance(s, R_ESI, step);
        break;
    case STR_SCAS:
        x86_gen_ld_reg(s, ot, R_EAX, a);
        x86_gen_ld(s, b, dst_addr(s), ot);
        gen_advance(s, R_EDI, step);
        tcg_gen_sub(r, a, b);
        x86_gen_set_cc(s, CC_OP_SUBB + ot, r, b, a);
        break;
    case STR_CMPS:
        x86_gen_ld(s, a, src_addr(s), ot);
        x86_gen_ld(s, b, dst_addr(s), ot);
        gen_advance(s, R_ESI, step);
        gen_advance(s, R_EDI, step);
        tcg_gen_sub(r, a, b);
        x86_gen_set_cc(s, CC_OP_SUBB + ot, r, b, a);
        break;
    }
}

static void gen_string(DisasContext *s, int kind, MemOp ot)
{
    const X86Insn *i = &s->insn;
    bool rep = i->rep || i->repne;

    if (!rep) {
        gen_string_once(s, kind, ot);
        return;
    }
    uint32_t done = tcg_new_label();
    TCGv count = x86_temp(), n = x86_temp();

    x86_gen_ext(i->aflag, count, cpu_regs[R_ECX], false);
    tcg_gen_brcondi(TCG_COND_EQ, count, 0, done);
    gen_string_once(s, kind, ot);
    tcg_gen_subi(n, cpu_regs[R_ECX], 1);
    x86_gen_st_reg(s, i->aflag, R_ECX, n);
    if (kind == STR_CMPS || kind == STR_SCAS) {
        /* REPE stops when ZF = 0, REPNE when ZF = 1. */
        X86Cond z = x86_gen_cond(s, i->pfx == X86_PFX_F2 ? 4 : 5);
        tcg_gen_brcond(z.cond, z.a, z.b, done);
    }
    x86_gen_jmp_tb(s, s->pc, 1);
    tcg_gen_set_label(done);
    x86_gen_jmp_tb(s, s->next_pc, 0);
}

bool x86_translate_string(DisasContext *s)
{
    const X86Insn *i = &s->insn;
    if (i->map != X86_MAP_1B) {
        return false;
    }
    MemOp ot = (i->opcode & 1) ? (MemOp)i->ot : MO_8;
    switch (i->opcode) {
    case 0xa4: case 0xa5: gen_string(s, STR_MOVS, ot); return true;
    case 0xa6: case 0xa7: gen_string(s, STR_CMPS, ot); return true;
    case 0xaa: case 0xab: gen_string(s, STR_STOS, ot); return true;
    case 0xac: case 0xad: gen_string(s, STR_LODS, ot); return true;
    case 0xae: case 0xaf: gen_string(s, STR_SCAS, ot); return true;
    }
    return false;
}
