/*
 * translate-branch.c: control transfer: JMP/Jcc/CALL (relative and
 * indirect), RET, LOOP/LOOPE/LOOPNE/JCXZ, and the instructions that leave
 * to the exec loop with an exception: SYSCALL, INT n, INT3, INT1, INTO,
 * UD2, and the privileged ones user code may not run.
 */
#include "target-x86/translate.h"

/* Target of the relative branch being translated. */
static uint64_t branch_target(const DisasContext *s)
{
    return x86_rel_target(s, &s->insn, s->next_pc);
}

static void gen_jcc(DisasContext *s, int b)
{
    X86Cond c = x86_gen_cond(s, b);
    uint64_t target = branch_target(s);

    if (target > s->pc) {
        X86RegionBranch kind = x86_region_branch(s, s->next_pc, target);
        if (kind != REGION_NONE) {
            x86_gen_side_exit(s, c, target, kind);
            return;
        }
    }
    uint32_t label = tcg_new_label();
    if (target == s->tb->pc) {
        /* A loop back to the TB's start goes on the fall-through path,
         * where the backend keeps its registers across iterations. */
        tcg_gen_brcond(tcg_invert_cond(c.cond), c.a, c.b, label);
        x86_gen_jmp_tb(s, target, 1);
        tcg_gen_set_label(label);
        x86_gen_jmp_tb(s, s->next_pc, 0);
        return;
    }
    tcg_gen_brcond(c.cond, c.a, c.b, label);
    x86_gen_jmp_tb(s, s->next_pc, 0);
    tcg_gen_set_label(label);
    x86_gen_jmp_tb(s, target, 1);
}

/* The counter of LOOP/JCXZ: CX, ECX or RCX by address size. */
static TCGv loop_counter(DisasContext *s)
{
    TCGv c = x86_temp();
    x86_gen_ext(s->insn.aflag, c, cpu_regs[R_ECX], false);
    return c;
}

static void gen_loop(DisasContext *s, int b)
{
    uint32_t taken = tcg_new_label(), not_taken = tcg_new_label();
    TCGv c;

    if (b == 0xe3) { /* JCXZ */
        c = loop_counter(s);
        tcg_gen_brcondi(TCG_COND_EQ, c, 0, taken);
    } else {
        TCGv z = (TCGv){ 0 };
        if (b != 0xe2) {
            z = x86_gen_setcc(s, 4); /* ZF */
        }
        TCGv n = x86_temp();
        tcg_gen_subi(n, cpu_regs[R_ECX], 1);
        x86_gen_st_reg(s, s->insn.aflag, R_ECX, n);
        c = loop_counter(s);
        tcg_gen_brcondi(TCG_COND_EQ, c, 0, not_taken);
        if (b == 0xe1) {        /* LOOPE: while ZF */
            tcg_gen_brcondi(TCG_COND_EQ, z, 0, not_taken);
        } else if (b == 0xe0) { /* LOOPNE: while !ZF */
            tcg_gen_brcondi(TCG_COND_NE, z, 0, not_taken);
        }
        tcg_gen_br(taken);
    }
    tcg_gen_set_label(not_taken);
    x86_gen_jmp_tb(s, s->next_pc, 0);
    tcg_gen_set_label(taken);
    x86_gen_jmp_tb(s, branch_target(s), 1);
}

/* Operand size of near indirect branches and RET. */
static MemOp near_ot(const DisasContext *s)
{
    return s->code64 ? MO_64 : (MemOp)s->insn.ot;
}

static void gen_ret(DisasContext *s, int extra)
{
    MemOp ot = near_ot(s);
    TCGv dest = x86_temp();
    x86_gen_pop_load(s, ot, dest);
    x86_gen_pop_update(s, ot, extra);
    x86_gen_jmp_reg(s, dest);
}

static void gen_int(DisasContext *s, int n)
{
    if (n == 0x80 && !s->code64) {
        x86_gen_exception_at(s, EXCP_X86_INT80, s->next_pc);
        return;
    }
    if (n == 3) {
        x86_gen_exception_at(s, EXCP_X86_BP, s->next_pc);
        return;
    }
    tcg_gen_st_env(tcg_constant(TCG_TYPE_I32, n), X86_ENV_OFS(error_code),
                   MO_32);
    x86_gen_exception(s, EXCP_X86_INT);
}

static void gen_privileged(DisasContext *s)
{
    tcg_gen_st_env(tcg_constant(TCG_TYPE_I32, 0), X86_ENV_OFS(error_code),
                   MO_32);
    x86_gen_exception(s, EXCP_X86_GP);
}

static bool translate_one_byte(DisasContext *s)
{
    const X86Insn *i = &s->insn;
    uint8_t b = i->opcode;
    TCGv t;

    if (b >= 0x70 && b <= 0x7f) {
        gen_jcc(s, b & 15);
        return true;
    }
    switch (b) {
    case 0xeb: case 0xe9: {
        uint64_t target = branch_target(s);
        if (s->region && target > s->pc &&
            x86_region_branch(s, s->next_pc, target) == REGION_INTERNAL) {
            x86_gen_region_jmp(s, target); /* the end of an if's then */
            return true;
        }
        x86_gen_jmp_tb(s, target, 0);
        return true;
    }
    case 0xe8:
        x86_gen_push(s, near_ot(s), x86_const((int64_t)s->next_pc));
        x86_gen_jmp_tb(s, branch_target(s), 0);
        return true;
    case 0xe0: case 0xe1: case 0xe2: case 0xe3:
        gen_loop(s, b);
        return true;
    case 0xc3:
        gen_ret(s, 0);
        return true;
    case 0xc2:
        gen_ret(s, (int)(i->imm & 0xffff));
        return true;
    case 0xff:
        if (i->op != 2 && i->op != 4) {
            return false;
        }
        t = x86_temp();
        x86_gen_ld_modrm(s, near_ot(s), t);
        if (i->op == 2) {
            x86_gen_push(s, near_ot(s), x86_const((int64_t)s->next_pc));
        }
        x86_gen_jmp_reg(s, t);
        return true;
    case 0xcd:
        gen_int(s, (int)(i->imm & 0xff));
        return true;
    case 0xcc:
        gen_int(s, 3);
        return true;
    case 0xf1:
        x86_gen_exception_at(s, EXCP_X86_DB, s->next_pc);
        return true;
    case 0xce: {
        /* INTO (i386): trap if OF. */
        X86Cond c = x86_gen_cond(s, 0);
        uint32_t skip = tcg_new_label();
        tcg_gen_brcond(tcg_invert_cond(c.cond), c.a, c.b, skip);
        x86_gen_raise(s, EXCP_X86_OF, s->next_pc);
        tcg_gen_set_label(skip);
        return true;
    }
    case 0xf4: case 0xfa: case 0xfb: case 0xcf:
    case 0x6c: case 0x6d: case 0x6e: case 0x6f:
    case 0xe4: case 0xe5: case 0xe6: case 0xe7:
    case 0xec: case 0xed: case 0xee: case 0xef:
        gen_privileged(s); /* HLT CLI STI IRET INS OUTS IN OUT */
        return true;
    }
    return false;
}

static bool translate_0f(DisasContext *s)
{
    const X86Insn *i = &s->insn;
    uint8_t b = i->opcode;

    if (b >= 0x80 && b <= 0x8f) {
        gen_jcc(s, b & 15);
        return true;
    }
    switch (b) {
    case 0x05:
        if (!s->code64) {
            return false;
        }
        x86_gen_exception_at(s, EXCP_X86_SYSCALL, s->next_pc);
        return true;
    case 0x34:
        if (s->code64 || !(s->env->model->features_edx & CPUID_SEP)) {
            return false;
        }
        x86_gen_exception_at(s, EXCP_X86_SYSENTER, s->next_pc);
        return true;
    case 0x06: case 0x07: case 0x08: case 0x09: case 0x30: case 0x32:
    case 0x33: case 0x35:
        gen_privileged(s); /* CLTS SYSRET INVD WBINVD WRMSR RDMSR RDPMC
                              SYSEXIT */
        return true;
    }
    return false;
}

bool x86_translate_branch(DisasContext *s)
{
    switch (s->insn.map) {
    case X86_MAP_1B:
        return translate_one_byte(s);
    case X86_MAP_0F:
        return translate_0f(s);
    }
    return false;
}
