/*
 * translate-misc.c: the instructions that fit no larger group: sign
 * extension of the accumulator (CBW family), flag operations (LAHF, SAHF,
 * CLC/STC/CMC, CLD/STD), XLAT, segment register moves, the i386 BCD
 * adjustments, CPUID, RDTSC, fences, prefetches and multi-byte NOPs, and
 * the system instructions user mode forbids.
 */
#include "target-x86/translate.h"

static void gen_sign_extend_acc(DisasContext *s)
{
    MemOp ot = s->insn.ot;
    TCGv t = x86_temp();
    x86_gen_ext(ot - 1, t, cpu_regs[R_EAX], true);
    x86_gen_st_reg(s, ot, R_EAX, t);
}

static void gen_sign_fill_dx(DisasContext *s)
{
    MemOp ot = s->insn.ot;
    TCGv t = x86_temp();
    x86_gen_ext(ot, t, cpu_regs[R_EAX], true);
    tcg_gen_sari(t, t, (8 << ot) - 1);
    x86_gen_st_reg(s, ot, R_EDX, t);
}

static void gen_flag_op(DisasContext *s, uint8_t b)
{
    TCGv f = x86_gen_compute_eflags(s);
    switch (b) {
    case 0xf5: tcg_gen_xori(f, f, CC_C); break;
    case 0xf8: tcg_gen_andi(f, f, ~(int64_t)CC_C); break;
    case 0xf9: tcg_gen_ori(f, f, CC_C); break;
    }
    x86_gen_set_eflags_arith(s, f);
}

static const int32_t ah_flags = CC_S | CC_Z | CC_A | CC_P | CC_C;

static void gen_sahf(DisasContext *s)
{
    TCGv f = x86_gen_compute_eflags(s), ah = x86_temp();
    tcg_gen_shri(ah, cpu_regs[R_EAX], 8);
    tcg_gen_andi(ah, ah, ah_flags);
    tcg_gen_andi(f, f, CC_O);
    tcg_gen_or(f, f, ah);
    x86_gen_set_eflags_arith(s, f);
}

static void gen_lahf(DisasContext *s)
{
    TCGv f = x86_gen_compute_eflags(s), ah = x86_temp();
    tcg_gen_andi(ah, f, ah_flags);
    tcg_gen_ori(ah, ah, EFLAGS_FIXED);
    tcg_gen_shli(ah, ah, 8);
    tcg_gen_andi(cpu_regs[R_EAX], cpu_regs[R_EAX], ~(int64_t)0xff00);
    tcg_gen_or(cpu_regs[R_EAX], cpu_regs[R_EAX], ah);
}

static void gen_xlat(DisasContext *s)
{
    TCGv ea = x86_temp(), al = x86_temp();
    tcg_gen_ext8u(al, cpu_regs[R_EAX]);
    tcg_gen_add(ea, cpu_regs[R_EBX], al);
    x86_gen_ext(s->insn.aflag, ea, ea, false);
    x86_gen_ld(s, al, x86_gen_seg_addr(s, ea, R_DS), MO_8);
    x86_gen_st_reg(s, MO_8, R_EAX, al);
}

/* MOV r/m, Sreg: a register gets the zero-extended selector, memory 16
 * bits. */
static bool gen_mov_from_seg(DisasContext *s)
{
    const X86Insn *i = &s->insn;
    TCGv t = x86_temp();
    if (i->op > R_GS) {
        return false;
    }
    tcg_gen_ld_env(t, X86_ENV_OFS(segs[i->op].selector), MO_32);
    if (i->mod == 3) {
        x86_gen_st_reg(s, i->ot, i->rm, t);
    } else {
        x86_gen_st(s, t, x86_gen_lea(s), MO_16);
    }
    return true;
}

static bool gen_mov_to_seg(DisasContext *s)
{
    const X86Insn *i = &s->insn;
    TCGv t = x86_temp();
    if (i->op > R_GS || i->op == R_CS) {
        return false;
    }
    x86_gen_ld_modrm(s, MO_16, t);
    x86_gen_load_seg(s, i->op, t);
    return true;
}

/* DAA DAS AAA AAS (no operand) and AAM AAD (base in imm8). */
static void gen_bcd(DisasContext *s, void *helper, bool has_base)
{
    x86_gen_sync_pc(s);
    if (has_base) {
        tcg_gen_callN(helper, 0, TCG_NO_RET, tcg_env,
                      tcg_constant(TCG_TYPE_I32, s->insn.imm & 0xff));
    } else {
        tcg_gen_callN(helper, 0, TCG_NO_RET, tcg_env);
    }
    x86_note_cc_op(s, CC_OP_EFLAGS);
}

static void gen_privileged(DisasContext *s)
{
    tcg_gen_st_env(tcg_constant(TCG_TYPE_I32, 0), X86_ENV_OFS(error_code),
                   MO_32);
    x86_gen_exception(s, EXCP_X86_GP);
}

static bool translate_one_byte(DisasContext *s)
{
    uint8_t b = s->insn.opcode;
    switch (b) {
    case 0x98: gen_sign_extend_acc(s); return true;
    case 0x99: gen_sign_fill_dx(s); return true;
    case 0x9e:
        if (s->code64
            && !(s->env->model->ext_features_ecx & CPUID_EXT3_LAHF_LM)) {
            return false;
        }
        gen_sahf(s);
        return true;
    case 0x9f:
        if (s->code64
            && !(s->env->model->ext_features_ecx & CPUID_EXT3_LAHF_LM)) {
            return false;
        }
        gen_lahf(s);
        return true;
    case 0xf5: case 0xf8: case 0xf9:
        gen_flag_op(s, b);
        return true;
    case 0xfc:
        tcg_gen_movi(cpu_df, 1);
        return true;
    case 0xfd:
        tcg_gen_movi(cpu_df, -1);
        return true;
    case 0xd7:
        gen_xlat(s);
        return true;
    case 0x8c:
        return gen_mov_from_seg(s);
    case 0x8e:
        return gen_mov_to_seg(s);
    case 0x27: gen_bcd(s, x86_helper_daa, false); return true;
    case 0x2f: gen_bcd(s, x86_helper_das, false); return true;
    case 0x37: gen_bcd(s, x86_helper_aaa, false); return true;
    case 0x3f: gen_bcd(s, x86_helper_aas, false); return true;
    case 0xd4: gen_bcd(s, x86_helper_aam, true); return true;
    case 0xd5: gen_bcd(s, x86_helper_aad, true); return true;
    }
    return false;
}

static bool translate_0f(DisasContext *s)
{
    const X86Insn *i = &s->insn;
    switch (i->opcode) {
    case 0xa2:
        tcg_gen_callN(x86_helper_cpuid, 0, TCG_NO_RET, tcg_env);
        return true;
    case 0x31:
        tcg_gen_callN(x86_helper_rdtsc, 0, TCG_NO_RET, tcg_env);
        return true;
    case 0x0d: /* PREFETCH/PREFETCHW */
    case 0x18: case 0x19: case 0x1a: case 0x1b: /* hint NOPs */
    case 0x1c: case 0x1d: case 0x1e: case 0x1f:
        return true;
    case 0xae:
        if (i->mod == 3) {
            if (i->op >= 5) {
                tcg_gen_mb(TCG_MB_FULL); /* LFENCE MFENCE SFENCE */
                return true;
            }
            return false;
        }
        return i->op == 7; /* CLFLUSH: nothing to do */
    case 0x01:
        if (i->mod == 3) {
            /* RDTSCP, XGETBV, MONITOR, SWAPGS...: none is offered. */
            return false;
        }
        gen_privileged(s); /* SGDT, SIDT, LGDT, SMSW, INVLPG... */
        return true;
    case 0x00: case 0x20: case 0x21: case 0x22: case 0x23:
        gen_privileged(s); /* SLDT, STR, LLDT..., CR/DR moves */
        return true;
    }
    return false;
}

bool x86_translate_misc(DisasContext *s)
{
    switch (s->insn.map) {
    case X86_MAP_1B:
        return translate_one_byte(s);
    case X86_MAP_0F:
        return translate_0f(s);
    }
    return false;
}
