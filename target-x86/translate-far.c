/*
 * translate-far.c: far JMP, CALL and RET: JMP/CALL ptr16:16/32 (EA, 9A;
 * not in 64-bit code), JMP/CALL m16:16/32/64 (FF /5, FF /3), RETF and RETF
 * imm16 (CB, CA).
 *
 * A Linux process runs in one code segment.  A far transfer to it (any
 * RPL: the CPU makes the new CS privilege level 3 anyway) is the near
 * transfer plus the push or pop of CS, with the operand size's slots (32
 * bits by default in 64-bit code too).  Any other selector is
 * #GP(selector & ~3), which the kernel delivers as SIGSEGV: null, data and
 * kernel segments fault so on Linux too.  Not modelled: the other user
 * code segment (0x23 from 64-bit code, 0x33 from 32-bit code), which on
 * Linux switches the mode.
 */
#include "target-x86/translate.h"

/* The selector of the code segment, without its RPL bits. */
static uint32_t code_segment(const DisasContext *s)
{
    return (s->code64 ? X86_USER64_CS : X86_USER32_CS) & ~3u;
}

/* #GP with error code sel & ~3 (TL temp) unless sel names the code
 * segment; no state has changed yet. */
static void gen_check_cs(DisasContext *s, TCGv sel)
{
    TCGv idx = x86_temp();
    uint32_t ok = tcg_new_label();

    tcg_gen_andi(idx, sel, 0xfffc);
    tcg_gen_brcondi(TCG_COND_EQ, idx, code_segment(s), ok);
    tcg_gen_st_env(idx, X86_ENV_OFS(error_code), MO_32);
    x86_gen_raise(s, EXCP_X86_GP, s->pc);
    tcg_gen_set_label(ok);
}

/* CALL's pushes: CS, then the return offset, in ot-sized slots; RSP
 * moves once both are written. */
static void gen_push_return(DisasContext *s, MemOp ot)
{
    TCGv sp = x86_temp();
    tcg_gen_subi(sp, cpu_regs[R_ESP], 1 << ot);
    x86_gen_st(s, x86_const(s->code64 ? X86_USER64_CS : X86_USER32_CS), sp,
               ot);
    tcg_gen_subi(sp, sp, 1 << ot);
    x86_gen_st(s, x86_const((int64_t)s->next_pc), sp, ot);
    tcg_gen_mov(cpu_regs[R_ESP], sp);
}

/* EA, 9A: the pointer is the immediate (offset, then the selector). */
static void gen_direct(DisasContext *s, bool call)
{
    MemOp ot = s->insn.ot;
    int bits = 8 << ot;
    uint64_t offset = (uint64_t)s->insn.imm & ((1ull << bits) - 1);
    uint32_t sel = (uint32_t)((uint64_t)s->insn.imm >> bits) & 0xffff;

    if ((sel & ~3u) != code_segment(s)) {
        tcg_gen_st_env(tcg_constant(TCG_TYPE_I32, sel & 0xfffc),
                       X86_ENV_OFS(error_code), MO_32);
        x86_gen_exception(s, EXCP_X86_GP);
        return;
    }
    if (call) {
        gen_push_return(s, ot);
    }
    x86_gen_jmp_tb(s, offset, 0);
}

/* FF /3, FF /5: the pointer is in memory. */
static void gen_indirect(DisasContext *s, bool call)
{
    MemOp ot = s->insn.ot;
    TCGv addr = x86_gen_lea(s), sel_addr = x86_temp();
    TCGv offset = x86_temp(), sel = x86_temp();

    x86_gen_ld(s, offset, addr, ot);
    tcg_gen_addi(sel_addr, addr, 1 << ot);
    x86_gen_ld(s, sel, sel_addr, MO_16);
    gen_check_cs(s, sel);
    if (call) {
        gen_push_return(s, ot);
    }
    x86_gen_jmp_reg(s, offset);
}

/* CB, CA: offset and CS from the stack, then extra more bytes. */
static void gen_retf(DisasContext *s, int extra)
{
    MemOp ot = s->insn.ot;
    TCGv offset = x86_temp(), sel = x86_temp(), sel_addr = x86_temp();

    x86_gen_ld(s, offset, cpu_regs[R_ESP], ot);
    tcg_gen_addi(sel_addr, cpu_regs[R_ESP], 1 << ot);
    x86_gen_ld(s, sel, sel_addr, MO_16);
    gen_check_cs(s, sel);
    tcg_gen_addi(cpu_regs[R_ESP], cpu_regs[R_ESP], (2 << ot) + extra);
    x86_gen_jmp_reg(s, offset);
}

bool x86_translate_far(DisasContext *s)
{
    const X86Insn *i = &s->insn;

    if (i->map != X86_MAP_1B) {
        return false;
    }
    switch (i->opcode) {
    case 0xea: case 0x9a:
        gen_direct(s, i->opcode == 0x9a);
        return true;
    case 0xcb: case 0xca:
        gen_retf(s, i->opcode == 0xca ? (int)(i->imm & 0xffff) : 0);
        return true;
    case 0xff:
        if ((i->op != 3 && i->op != 5) || i->mod == 3) {
            return false;
        }
        gen_indirect(s, i->op == 3);
        return true;
    }
    return false;
}
