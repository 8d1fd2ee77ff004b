/*
 * translate-stack.c: the stack: PUSH/POP of registers, immediates, memory,
 * segment registers and EFLAGS, PUSHA/POPA, ENTER/LEAVE.  Also the push
 * and pop primitives CALL/RET use.  The stack pointer is RSP (64-bit code)
 * or ESP; SS has base 0.
 */
#include "target-x86/translate.h"

MemOp x86_stack_ot(const DisasContext *s)
{
    if (s->insn.opsize) {
        return MO_16;
    }
    return s->code64 ? MO_64 : MO_32;
}

void x86_gen_push(DisasContext *s, MemOp ot, TCGv val)
{
    TCGv sp = x86_temp();
    tcg_gen_subi(sp, cpu_regs[R_ESP], 1 << ot);
    x86_gen_st(s, val, sp, ot);
    tcg_gen_mov(cpu_regs[R_ESP], sp);
}

void x86_gen_pop_load(DisasContext *s, MemOp ot, TCGv dst)
{
    x86_gen_ld(s, dst, cpu_regs[R_ESP], ot);
}

void x86_gen_pop_update(DisasContext *s, MemOp ot, int extra)
{
    tcg_gen_addi(cpu_regs[R_ESP], cpu_regs[R_ESP], (1 << ot) + extra);
}

TCGv x86_gen_eflags(DisasContext *s)
{
    TCGv f = x86_gen_compute_eflags(s), t = x86_temp();
    TCGv d32 = x86_temp_i32();

    tcg_gen_ld_env(t, X86_ENV_OFS(eflags), MO_32);
    tcg_gen_or(f, f, t);
    tcg_gen_setcondi(TCG_COND_LT, d32, cpu_df, 0);
    if (x86_tl == TCG_TYPE_I64) {
        tcg_gen_extu_i32_i64(t, d32);
    } else {
        tcg_gen_mov(t, d32);
    }
    tcg_gen_shli(t, t, 10);
    tcg_gen_or(f, f, t);
    tcg_gen_ori(f, f, EFLAGS_FIXED);
    return f;
}

/* POPF at user privilege: arithmetic flags, DF, TF, NT, AC, ID. */
static void gen_popf(DisasContext *s)
{
    MemOp ot = x86_stack_ot(s);
    const int32_t kept = EFLAGS_TF | EFLAGS_NT | EFLAGS_AC | EFLAGS_ID;
    TCGv v = x86_temp(), t = x86_temp(), d32 = x86_temp_i32();

    x86_gen_pop_load(s, ot, v);
    x86_gen_pop_update(s, ot, 0);
    x86_gen_set_eflags_arith(s, v);
    /* df = 1 - 2 * DF */
    tcg_gen_shri(t, v, 10);
    tcg_gen_andi(t, t, 1);
    if (x86_tl == TCG_TYPE_I64) {
        tcg_gen_extrl_i64_i32(d32, t);
    } else {
        tcg_gen_mov(d32, t);
    }
    tcg_gen_shli(d32, d32, 1);
    tcg_gen_subfi(cpu_df, 1, d32);
    if (ot != MO_16) {
        TCGv e = x86_temp();
        tcg_gen_ld_env(e, X86_ENV_OFS(eflags), MO_32);
        tcg_gen_andi(e, e, ~(int64_t)kept);
        tcg_gen_andi(t, v, kept);
        tcg_gen_or(e, e, t);
        tcg_gen_st_env(e, X86_ENV_OFS(eflags), MO_32);
    }
}

static void gen_enter(DisasContext *s)
{
    MemOp ot = x86_stack_ot(s);
    int size = 1 << ot;
    int level = s->insn.imm2 & 31;
    TCGv frame = x86_temp(), bp = x86_temp(), t = x86_temp();

    x86_gen_push(s, ot, cpu_regs[R_EBP]);
    tcg_gen_mov(frame, cpu_regs[R_ESP]);
    if (level > 0) {
        tcg_gen_mov(bp, cpu_regs[R_EBP]);
        for (int i = 1; i < level; i++) {
            tcg_gen_subi(bp, bp, size);
            x86_gen_ld(s, t, bp, ot);
            x86_gen_push(s, ot, t);
        }
        x86_gen_push(s, ot, frame);
    }
    x86_gen_st_reg(s, ot, R_EBP, frame);
    tcg_gen_subi(cpu_regs[R_ESP], cpu_regs[R_ESP], s->insn.imm & 0xffff);
}

static void gen_leave(DisasContext *s)
{
    MemOp ot = x86_stack_ot(s);
    TCGv v = x86_temp();
    x86_gen_ld(s, v, cpu_regs[R_EBP], ot);
    tcg_gen_addi(cpu_regs[R_ESP], cpu_regs[R_EBP], 1 << ot);
    x86_gen_st_reg(s, ot, R_EBP, v);
}

static void gen_pusha(DisasContext *s)
{
    MemOp ot = s->insn.ot;
    TCGv sp = x86_temp(), addr = x86_temp(), v = x86_temp();
    int size = 1 << ot;
    for (int r = 0; r < 8; r++) {
        tcg_gen_subi(addr, cpu_regs[R_ESP], size * (r + 1));
        x86_gen_ld_reg(s, ot, r, v);
        x86_gen_st(s, v, addr, ot);
    }
    tcg_gen_subi(sp, cpu_regs[R_ESP], size * 8);
    tcg_gen_mov(cpu_regs[R_ESP], sp);
}

static void gen_popa(DisasContext *s)
{
    MemOp ot = s->insn.ot;
    int size = 1 << ot;
    TCGv vals[8], addr = x86_temp();
    for (int r = 0; r < 8; r++) {
        vals[r] = x86_temp();
        if (r == R_ESP) {
            continue;
        }
        tcg_gen_addi(addr, cpu_regs[R_ESP], size * (7 - r));
        x86_gen_ld(s, vals[r], addr, ot);
    }
    tcg_gen_addi(cpu_regs[R_ESP], cpu_regs[R_ESP], size * 8);
    for (int r = 0; r < 8; r++) {
        if (r != R_ESP) {
            x86_gen_st_reg(s, ot, r, vals[r]);
        }
    }
}

static void gen_push_seg(DisasContext *s, int seg)
{
    TCGv v = x86_temp();
    tcg_gen_ld_env(v, X86_ENV_OFS(segs[seg].selector), MO_32);
    x86_gen_push(s, x86_stack_ot(s), v);
}

void x86_gen_load_seg(DisasContext *s, int seg, TCGv selector)
{
    x86_gen_sync_pc(s);
    tcg_gen_callN(x86_helper_load_seg, TCG_CALL_NO_WG, TCG_NO_RET, tcg_env,
                  tcg_constant(TCG_TYPE_I32, seg), x86_to_i64(selector));
}

static void gen_pop_seg(DisasContext *s, int seg)
{
    MemOp ot = x86_stack_ot(s);
    TCGv v = x86_temp();
    x86_gen_pop_load(s, ot, v);
    x86_gen_load_seg(s, seg, v);
    x86_gen_pop_update(s, ot, 0);
}

bool x86_translate_stack(DisasContext *s)
{
    const X86Insn *i = &s->insn;
    uint8_t b = i->opcode;
    MemOp ot = x86_stack_ot(s);
    TCGv t = x86_temp();

    if (i->map == X86_MAP_0F) {
        switch (b) {
        case 0xa0: gen_push_seg(s, R_FS); return true;
        case 0xa8: gen_push_seg(s, R_GS); return true;
        case 0xa1: gen_pop_seg(s, R_FS); return true;
        case 0xa9: gen_pop_seg(s, R_GS); return true;
        }
        return false;
    }
    if (i->map != X86_MAP_1B) {
        return false;
    }
    if (b >= 0x50 && b <= 0x57) {
        x86_gen_push(s, ot, cpu_regs[(b & 7) | (x86_rex_b(i) ? 8 : 0)]);
        return true;
    }
    if (b >= 0x58 && b <= 0x5f) {
        x86_gen_pop_load(s, ot, t);
        x86_gen_pop_update(s, ot, 0);
        x86_gen_st_reg(s, ot, (b & 7) | (x86_rex_b(i) ? 8 : 0), t);
        return true;
    }
    switch (b) {
    case 0x68: case 0x6a:
        x86_gen_push(s, ot, x86_const(i->imm));
        return true;
    case 0x8f:
        if (i->op != 0) {
            return false;
        }
        x86_gen_pop_load(s, ot, t);
        x86_gen_pop_update(s, ot, 0);
        x86_gen_st_modrm(s, ot, t);
        return true;
    case 0xff:
        if (i->op != 6) {
            return false;
        }
        x86_gen_ld_modrm(s, ot, t);
        x86_gen_push(s, ot, t);
        return true;
    case 0x9c:
        x86_gen_push(s, ot, x86_gen_eflags(s));
        return true;
    case 0x9d:
        gen_popf(s);
        return true;
    case 0xc8:
        gen_enter(s);
        return true;
    case 0xc9:
        gen_leave(s);
        return true;
    case 0x60:
        gen_pusha(s);
        return true;
    case 0x61:
        gen_popa(s);
        return true;
    case 0x06: gen_push_seg(s, R_ES); return true;
    case 0x0e: gen_push_seg(s, R_CS); return true;
    case 0x16: gen_push_seg(s, R_SS); return true;
    case 0x1e: gen_push_seg(s, R_DS); return true;
    case 0x07: gen_pop_seg(s, R_ES); return true;
    case 0x17: gen_pop_seg(s, R_SS); return true;
    case 0x1f: gen_pop_seg(s, R_DS); return true;
    }
    return false;
}
