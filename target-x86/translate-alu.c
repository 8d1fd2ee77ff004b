/*
 * translate-alu.c: the two-operand arithmetic and logic instructions (ADD,
 * OR, ADC, SBB, AND, SUB, XOR, CMP, TEST), INC/DEC/NEG/NOT, data movement
 * (MOV, MOVZX/MOVSX/MOVSXD, LEA, XCHG, CMOVcc, SETcc) and the exchanging
 * read-modify-write instructions (XADD, CMPXCHG, CMPXCHG8B/16B).
 *
 * LOCK (and XCHG with memory) are atomic through x86_gen_ld/x86_gen_st:
 * the store becomes a compare-and-swap against the value loaded, so the
 * instructions here store memory before writing registers or flags.
 */
#include "target-x86/translate.h"

enum { OP_ADD, OP_OR, OP_ADC, OP_SBB, OP_AND, OP_SUB, OP_XOR, OP_CMP };

static int64_t size_mask(MemOp ot)
{
    return ot == MO_64 ? -1 : (int64_t)((1ull << (8 << ot)) - 1);
}

/* The immediate of s->insn, zero-extended from operand size ot. */
static TCGv imm_operand(DisasContext *s, MemOp ot)
{
    return x86_const(s->insn.imm & size_mask(ot));
}

/* Operand size of byte-or-v opcodes: bit 0 of the opcode clear = byte. */
static MemOp byte_or_v(const DisasContext *s)
{
    return (s->insn.opcode & 1) ? (MemOp)s->insn.ot : MO_8;
}

/*
 * dst = dst OP b with flags; dst is the ModRM memory operand if mem, else
 * register reg.  Operands may have garbage above the size (raw registers):
 * the result is stored truncated and the flag readers extend.  A memory
 * result is stored before the flags are recorded (a faulting store leaves
 * the flags as they were); a register result after (the operands may be
 * the destination register itself).
 */
static void gen_alu(DisasContext *s, int op, MemOp ot, bool mem, int reg,
                    TCGv b)
{
    /* CMP computes straight into cc_dst: no temp that a reader of the
     * flags would keep alive next to it */
    TCGv a, r = op == OP_CMP ? cpu_cc_dst : x86_temp(), cin;

    if (mem) {
        a = x86_temp();
        x86_gen_ld(s, a, x86_gen_lea(s), ot);
    } else {
        a = x86_gen_ld_reg_raw(s, ot, reg);
    }
    switch (op) {
    case OP_ADD:
        tcg_gen_add(r, a, b);
        break;
    case OP_OR:
        tcg_gen_or(r, a, b);
        break;
    case OP_AND:
        tcg_gen_and(r, a, b);
        break;
    case OP_XOR:
        tcg_gen_xor(r, a, b);
        break;
    case OP_ADC:
        cin = x86_gen_cf(s);
        tcg_gen_add(r, a, b);
        tcg_gen_add(r, r, cin);
        break;
    case OP_SBB:
        cin = x86_gen_cf(s);
        tcg_gen_sub(r, a, b);
        tcg_gen_sub(r, r, cin);
        break;
    default: /* SUB, CMP */
        tcg_gen_sub(r, a, b);
        break;
    }
    if (op != OP_CMP && mem) {
        x86_gen_st(s, r, x86_gen_lea(s), ot);
    } else if (op != OP_CMP) {
        x86_gen_zext32_result(ot, r);
    }
    TCGv none = { 0 };
    switch (op) {
    case OP_ADD:
        x86_gen_set_cc(s, CC_OP_ADDB + ot, r, b, none);
        break;
    case OP_ADC:
        x86_gen_set_cc(s, CC_OP_ADCB + ot, r, b, cin);
        break;
    case OP_SBB:
        x86_gen_set_cc(s, CC_OP_SBBB + ot, r, b, cin);
        break;
    case OP_SUB:
    case OP_CMP:
        x86_gen_set_cc(s, CC_OP_SUBB + ot, r, b, a);
        break;
    default:
        x86_gen_set_cc(s, CC_OP_LOGICB + ot, r, none, none);
        break;
    }
    if (op != OP_CMP && !mem) {
        x86_gen_st_reg(s, ot, reg, r);
    }
}

/* The ModRM operand with garbage allowed above the size: a raw register,
 * or memory loaded into t. */
static TCGv ld_modrm_raw(DisasContext *s, MemOp ot, TCGv t)
{
    if (s->insn.mod == 3) {
        return x86_gen_ld_reg_raw(s, ot, s->insn.rm);
    }
    x86_gen_ld(s, t, x86_gen_lea(s), ot);
    return t;
}

static void gen_test(DisasContext *s, MemOp ot, TCGv a, TCGv b)
{
    tcg_gen_and(cpu_cc_dst, a, b);
    x86_gen_set_cc(s, CC_OP_LOGICB + ot, cpu_cc_dst, (TCGv){ 0 },
                   (TCGv){ 0 });
}

static void gen_incdec(DisasContext *s, MemOp ot, bool dec)
{
    TCGv r = x86_temp(), cf = x86_gen_cf(s);
    tcg_gen_addi(r, ld_modrm_raw(s, ot, r), dec ? -1 : 1);
    x86_gen_zext32_result(ot, r);
    x86_gen_st_modrm(s, ot, r);
    x86_gen_set_cc(s, (dec ? CC_OP_DECB : CC_OP_INCB) + ot, r, cf,
                   (TCGv){ 0 });
}

/* INC/DEC r (40..4F outside 64-bit code). */
static void gen_incdec_reg(DisasContext *s, int reg, bool dec)
{
    MemOp ot = s->insn.ot;
    TCGv a = x86_temp(), cf = x86_gen_cf(s);
    x86_gen_ld_reg(s, ot, reg, a);
    tcg_gen_addi(a, a, dec ? -1 : 1);
    x86_gen_st_reg(s, ot, reg, a);
    x86_gen_set_cc(s, (dec ? CC_OP_DECB : CC_OP_INCB) + ot, a, cf,
                   (TCGv){ 0 });
}

/* F6/F7 /0../3: TEST imm, NOT, NEG. */
static bool gen_group3_alu(DisasContext *s, MemOp ot)
{
    TCGv a = x86_temp(), r = x86_temp();
    switch (s->insn.op) {
    case 0:
    case 1:
        x86_gen_ld_modrm(s, ot, a);
        gen_test(s, ot, a, imm_operand(s, ot));
        return true;
    case 2:
        tcg_gen_not(r, ld_modrm_raw(s, ot, a));
        x86_gen_zext32_result(ot, r);
        x86_gen_st_modrm(s, ot, r);
        return true;
    case 3:
        /* NEG = 0 - a: with a register operand, record the flags before
         * the register is overwritten (a may be that register). */
        a = ld_modrm_raw(s, ot, a);
        tcg_gen_neg(r, a);
        x86_gen_zext32_result(ot, r);
        if (s->insn.mod != 3) {
            x86_gen_st_modrm(s, ot, r);
        }
        x86_gen_set_cc(s, CC_OP_SUBB + ot, r, a, x86_const(0));
        if (s->insn.mod == 3) {
            x86_gen_st_modrm(s, ot, r);
        }
        return true;
    }
    return false;
}

static void gen_xchg_modrm(DisasContext *s, MemOp ot)
{
    TCGv a = x86_temp(), b = x86_temp();
    x86_gen_ld_modrm(s, ot, a);
    x86_gen_ld_reg(s, ot, s->insn.reg, b);
    x86_gen_st_modrm(s, ot, b);
    x86_gen_st_reg(s, ot, s->insn.reg, a);
}

static void gen_mov_moffs(DisasContext *s, MemOp ot, bool store)
{
    const X86Insn *i = &s->insn;
    uint64_t off = (uint64_t)i->imm;
    if (i->aflag == MO_32) {
        off = (uint32_t)off;
    } else if (i->aflag == MO_16) {
        off = (uint16_t)off;
    }
    TCGv addr = x86_gen_seg_addr(s, x86_const((int64_t)off), R_DS);
    TCGv v = x86_temp();
    if (store) {
        x86_gen_ld_reg(s, ot, R_EAX, v);
        x86_gen_st(s, v, addr, ot);
    } else {
        x86_gen_ld(s, v, addr, ot);
        x86_gen_st_reg(s, ot, R_EAX, v);
    }
}

static bool translate_one_byte(DisasContext *s)
{
    const X86Insn *i = &s->insn;
    uint8_t b = i->opcode;
    MemOp ot = byte_or_v(s);
    TCGv t = x86_temp();

    if (b < 0x40 && (b & 7) < 6) {
        int op = b >> 3;
        switch (b & 7) {
        case 0: case 1: /* Eb,Gb / Ev,Gv */
            gen_alu(s, op, ot, i->mod != 3, i->rm,
                    x86_gen_ld_reg_raw(s, ot, i->reg));
            return true;
        case 2: case 3: /* Gb,Eb / Gv,Ev */
            gen_alu(s, op, ot, false, i->reg,
                    i->mod == 3 ? x86_gen_ld_reg_raw(s, ot, i->rm)
                                : (x86_gen_ld_modrm(s, ot, t), t));
            return true;
        default: /* AL,Ib / eAX,Iz */
            gen_alu(s, op, ot, false, R_EAX, imm_operand(s, ot));
            return true;
        }
    }
    if (b >= 0x40 && b <= 0x4f) {
        /* Only reached outside 64-bit code: there these bytes are REX. */
        gen_incdec_reg(s, b & 7, b >= 0x48);
        return true;
    }
    switch (b) {
    case 0x80: case 0x81: case 0x82: case 0x83:
        ot = b == 0x80 || b == 0x82 ? MO_8 : (MemOp)i->ot;
        gen_alu(s, i->op, ot, i->mod != 3, i->rm, imm_operand(s, ot));
        return true;
    case 0x84: case 0x85: {
        TCGv a = t;
        if (i->mod == 3) {
            a = x86_gen_ld_reg_raw(s, ot, i->rm);
        } else {
            x86_gen_ld_modrm(s, ot, a);
        }
        gen_test(s, ot, a, x86_gen_ld_reg_raw(s, ot, i->reg));
        return true;
    }
    case 0xa8: case 0xa9:
        gen_test(s, ot, x86_gen_ld_reg_raw(s, ot, R_EAX),
                 imm_operand(s, ot));
        return true;
    case 0xf6: case 0xf7:
        return gen_group3_alu(s, ot);
    case 0xfe: case 0xff:
        if (i->op > 1) {
            return false;
        }
        gen_incdec(s, ot, i->op == 1);
        return true;
    case 0x86: case 0x87:
        gen_xchg_modrm(s, ot);
        return true;
    case 0x88: case 0x89:
        x86_gen_st_modrm(s, ot, x86_gen_ld_reg_raw(s, ot, i->reg));
        return true;
    case 0x8a: case 0x8b:
        if (i->mod == 3) {
            x86_gen_st_reg(s, ot, i->reg, x86_gen_ld_reg_raw(s, ot, i->rm));
        } else {
            x86_gen_ld_modrm(s, ot, t);
            x86_gen_st_reg(s, ot, i->reg, t);
        }
        return true;
    case 0xc6: case 0xc7:
        if (i->op != 0) {
            return false;
        }
        x86_gen_st_modrm(s, ot, imm_operand(s, ot));
        return true;
    case 0x8d:
        if (i->mod == 3) {
            return false;
        }
        x86_gen_st_reg(s, i->ot, i->reg, x86_gen_lea_offset(s));
        return true;
    case 0x63:
        if (!s->code64) {
            return false; /* ARPL */
        }
        if (i->ot == MO_64) {
            x86_gen_ld_modrm(s, MO_32, t);
            tcg_gen_ext32s(t, t);
        } else {
            x86_gen_ld_modrm(s, i->ot, t);
        }
        x86_gen_st_reg(s, i->ot, i->reg, t);
        return true;
    case 0x90: case 0x91: case 0x92: case 0x93:
    case 0x94: case 0x95: case 0x96: case 0x97: {
        int reg = (b & 7) | (x86_rex_b(i) ? 8 : 0);
        if (reg == R_EAX) {
            return true; /* NOP, PAUSE */
        }
        TCGv a = x86_temp();
        x86_gen_ld_reg(s, i->ot, R_EAX, a);
        x86_gen_ld_reg(s, i->ot, reg, t);
        x86_gen_st_reg(s, i->ot, R_EAX, t);
        x86_gen_st_reg(s, i->ot, reg, a);
        return true;
    }
    case 0xa0: case 0xa1:
        gen_mov_moffs(s, ot, false);
        return true;
    case 0xa2: case 0xa3:
        gen_mov_moffs(s, ot, true);
        return true;
    }
    if (b >= 0xb0 && b <= 0xb7) {
        x86_gen_st_reg(s, MO_8, (b & 7) | (x86_rex_b(i) ? 8 : 0),
                       x86_const(i->imm & 0xff));
        return true;
    }
    if (b >= 0xb8 && b <= 0xbf) {
        x86_gen_st_reg(s, i->ot, (b & 7) | (x86_rex_b(i) ? 8 : 0),
                       x86_const(i->imm & size_mask(i->ot)));
        return true;
    }
    return false;
}

/* CMPXCHG r/m, r: compare with the accumulator, ZF = equal.  Memory is
 * always written (with its old value when unequal); a register
 * destination only when equal, the accumulator only when unequal. */
static void gen_cmpxchg(DisasContext *s, MemOp ot)
{
    TCGv acc = x86_temp(), dest = x86_temp(), src = x86_temp();
    TCGv newv = x86_temp(), diff = x86_temp();
    uint32_t unequal = tcg_new_label(), done = tcg_new_label();
    bool mem = s->insn.mod != 3;

    x86_gen_ld_reg(s, ot, R_EAX, acc);
    x86_gen_ld_reg(s, ot, s->insn.reg, src);
    x86_gen_ld_modrm(s, ot, dest);
    if (mem) {
        tcg_gen_movcond(TCG_COND_EQ, newv, dest, acc, src, dest);
        x86_gen_st(s, newv, x86_gen_lea(s), ot);
    }
    tcg_gen_brcond(TCG_COND_NE, dest, acc, unequal);
    if (!mem) {
        x86_gen_st_reg(s, ot, s->insn.rm, src);
    }
    tcg_gen_br(done);
    tcg_gen_set_label(unequal);
    x86_gen_st_reg(s, ot, R_EAX, dest);
    tcg_gen_set_label(done);
    tcg_gen_sub(diff, acc, dest);
    x86_gen_set_cc(s, CC_OP_SUBB + ot, diff, dest, acc);
}

static void gen_xadd(DisasContext *s, MemOp ot)
{
    TCGv dest = x86_temp(), src = x86_temp(), sum = x86_temp();
    x86_gen_ld_reg(s, ot, s->insn.reg, src);
    x86_gen_ld_modrm(s, ot, dest);
    tcg_gen_add(sum, dest, src);
    if (s->insn.mod != 3) {
        /* Memory first: a LOCK XADD that runs again (or a store that
         * faults) must find the register unchanged. */
        x86_gen_st_modrm(s, ot, sum);
        x86_gen_st_reg(s, ot, s->insn.reg, dest);
    } else {
        x86_gen_st_reg(s, ot, s->insn.reg, dest);
        x86_gen_st_modrm(s, ot, sum);
    }
    x86_gen_set_cc(s, CC_OP_ADDB + ot, sum, src, (TCGv){ 0 });
}

/* Set ZF alone from a TL 0/1 value, keeping the other flags. */
static void gen_set_zf(DisasContext *s, TCGv eq)
{
    TCGv f = x86_gen_compute_eflags(s), z = x86_temp();
    tcg_gen_andi(f, f, ~(int64_t)CC_Z);
    tcg_gen_shli(z, eq, 6);
    tcg_gen_or(f, f, z);
    x86_gen_set_eflags_arith(s, f);
}

/* A 64-bit I64 value from two 32-bit halves in TL registers. */
static TCGv pair_i64(int lo_reg, int hi_reg)
{
    TCGv lo = x86_temp_i64(), hi = x86_temp_i64();
    tcg_gen_mov(lo, x86_to_i64(cpu_regs[lo_reg]));
    tcg_gen_ext32u(lo, lo);
    tcg_gen_mov(hi, x86_to_i64(cpu_regs[hi_reg]));
    tcg_gen_shli(hi, hi, 32);
    tcg_gen_or(lo, lo, hi);
    return lo;
}

static void set_reg32_from_i64(DisasContext *s, int reg, TCGv v, bool high)
{
    TCGv t = x86_temp_i64();
    if (high) {
        tcg_gen_shri(t, v, 32);
    } else {
        tcg_gen_ext32u(t, v);
    }
    x86_gen_st_reg(s, MO_32, reg, x86_from_i64(t));
}

static void gen_cmpxchg8b(DisasContext *s)
{
    TCGv addr = x86_gen_lea(s);
    TCGv mem = x86_temp_i64(), newv = x86_temp_i64();
    TCGv expect = pair_i64(R_EAX, R_EDX), repl = pair_i64(R_EBX, R_ECX);
    TCGv eq = x86_temp();
    uint32_t done = tcg_new_label();

    x86_gen_ld(s, mem, addr, MO_64);
    tcg_gen_movcond(TCG_COND_EQ, newv, mem, expect, repl, mem);
    x86_gen_st(s, newv, addr, MO_64);
    TCGv eq64 = x86_temp_i64();
    tcg_gen_setcond(TCG_COND_EQ, eq64, mem, expect);
    tcg_gen_mov(eq, x86_from_i64(eq64));
    tcg_gen_brcond(TCG_COND_EQ, mem, expect, done);
    set_reg32_from_i64(s, R_EAX, mem, false);
    set_reg32_from_i64(s, R_EDX, mem, true);
    tcg_gen_set_label(done);
    gen_set_zf(s, eq);
}

/* One host lock cmpxchg16b (a helper: the IR has no 128-bit values);
 * without LOCK the same, which is what the hardware does to memory too. */
static void gen_cmpxchg16b(DisasContext *s)
{
    TCGv addr = x86_gen_lea(s), eq = x86_temp();
    uint32_t aligned = tcg_new_label();

    tcg_gen_brcondi(TCG_COND_TSTEQ, addr, 15, aligned);
    x86_gen_raise(s, EXCP_X86_GP, s->pc);
    tcg_gen_set_label(aligned);
    /* A fault in the helper reports this instruction. */
    x86_gen_sync_pc(s);
    tcg_gen_callN(x86_helper_cmpxchg16b, 0, eq, tcg_env, addr);
    gen_set_zf(s, eq);
}

static bool translate_0f(DisasContext *s)
{
    const X86Insn *i = &s->insn;
    uint8_t b = i->opcode;
    TCGv t = x86_temp();

    if (b >= 0x40 && b <= 0x4f) { /* CMOVcc */
        TCGv old = x86_temp(), r = x86_temp();
        x86_gen_ld_modrm(s, i->ot, t);
        X86Cond c = x86_gen_cond(s, b & 15);
        x86_gen_ld_reg(s, i->ot, i->reg, old);
        tcg_gen_movcond(c.cond, r, c.a, c.b, t, old);
        x86_gen_st_reg(s, i->ot, i->reg, r);
        return true;
    }
    if (b >= 0x90 && b <= 0x9f) { /* SETcc */
        x86_gen_st_modrm(s, MO_8, x86_gen_setcc(s, b & 15));
        return true;
    }
    switch (b) {
    case 0xb6: case 0xb7: case 0xbe: case 0xbf: {
        MemOp src_ot = (b & 1) ? MO_16 : MO_8;
        x86_gen_ld_modrm(s, src_ot, t);
        if (b >= 0xbe) {
            x86_gen_ext(src_ot, t, t, true);
        }
        x86_gen_st_reg(s, i->ot, i->reg, t);
        return true;
    }
    case 0xb0: case 0xb1:
        gen_cmpxchg(s, (b & 1) ? (MemOp)i->ot : MO_8);
        return true;
    case 0xc0: case 0xc1:
        gen_xadd(s, (b & 1) ? (MemOp)i->ot : MO_8);
        return true;
    case 0xc7:
        if (i->op != 1 || i->mod == 3) {
            return false;
        }
        if (x86_rex_w(i)) {
            gen_cmpxchg16b(s);
        } else {
            gen_cmpxchg8b(s);
        }
        return true;
    }
    return false;
}

bool x86_translate_alu(DisasContext *s)
{
    switch (s->insn.map) {
    case X86_MAP_1B:
        return translate_one_byte(s);
    case X86_MAP_0F:
        return translate_0f(s);
    }
    return false;
}
