/*
 * translate-bits.c: single-bit and bit-scan instructions: BT/BTS/BTR/BTC,
 * BSF/BSR, LZCNT, POPCNT, BSWAP, MOVBE, CRC32.
 */
#include "target-x86/translate.h"

static int tl_bits(void)
{
    return x86_tl == TCG_TYPE_I64 ? 64 : 32;
}

static const X86CPUModel *model_of(const DisasContext *s)
{
    return s->env->model;
}

/* BT family: op 0 BT, 1 BTS, 2 BTR, 3 BTC.  offset: TL bit offset (from a
 * register: may address outside the operand in memory; an immediate is
 * reduced modulo the size first). */
static void gen_bt(DisasContext *s, int op, TCGv offset, bool from_reg)
{
    MemOp ot = s->insn.ot;
    int bits = 8 << ot;
    TCGv val = x86_temp(), bit = x86_temp(), mask = x86_temp();
    TCGv addr = (TCGv){ 0 };

    if (s->insn.mod != 3) {
        addr = x86_gen_lea(s);
        if (from_reg) {
            /* Signed offset: move the address by whole operands. */
            TCGv disp = x86_temp(), sofs = x86_temp();
            TCGv a2 = x86_temp();
            x86_gen_ext(ot, sofs, offset, true);
            tcg_gen_sari(disp, sofs, 3 + ot);
            tcg_gen_shli(disp, disp, ot);
            tcg_gen_add(a2, addr, disp);
            if (s->insn.aflag == MO_32 && tl_bits() == 64) {
                tcg_gen_ext32u(a2, a2);
            }
            addr = a2;
        }
        x86_gen_ld(s, val, addr, ot);
    } else {
        x86_gen_ld_reg(s, ot, s->insn.rm, val);
    }
    tcg_gen_andi(bit, offset, bits - 1);
    TCGv cf = x86_temp();
    tcg_gen_shr(cf, val, bit);
    tcg_gen_andi(cf, cf, 1);
    if (op != 0) {
        tcg_gen_shl(mask, x86_const(1), bit);
        switch (op) {
        case 1: tcg_gen_or(val, val, mask); break;
        case 2: tcg_gen_andc(val, val, mask); break;
        default: tcg_gen_xor(val, val, mask); break;
        }
        if (addr.idx) {
            x86_gen_st(s, val, addr, ot);
        } else {
            x86_gen_st_reg(s, ot, s->insn.rm, val);
        }
    }
    x86_gen_set_bt_cc(s, cf);
}

/* BSF/BSR: ZF = source is zero, and then the destination is unchanged. */
static void gen_bit_scan(DisasContext *s, bool reverse)
{
    MemOp ot = s->insn.ot;
    TCGv src = x86_temp(), r = x86_temp();
    uint32_t skip = tcg_new_label();

    x86_gen_ld_modrm(s, ot, src);
    if (reverse) {
        tcg_gen_clz(r, src);
        tcg_gen_subfi(r, tl_bits() - 1, r);
    } else {
        tcg_gen_ctz(r, src);
    }
    tcg_gen_brcondi(TCG_COND_EQ, src, 0, skip);
    x86_gen_st_reg(s, ot, s->insn.reg, r);
    tcg_gen_set_label(skip);
    x86_gen_set_cc(s, CC_OP_LOGICB + ot, src, (TCGv){ 0 }, (TCGv){ 0 });
}

static void gen_lzcnt(DisasContext *s)
{
    MemOp ot = s->insn.ot;
    TCGv src = x86_temp(), r = x86_temp(), cf = x86_temp();
    x86_gen_ld_modrm(s, ot, src);
    tcg_gen_clz(r, src);
    tcg_gen_subi(r, r, tl_bits() - (8 << ot));
    x86_gen_st_reg(s, ot, s->insn.reg, r);
    tcg_gen_setcondi(TCG_COND_EQ, cf, src, 0);
    x86_gen_set_cc(s, CC_OP_BMIB + ot, r, cf, (TCGv){ 0 });
}

static void gen_popcnt(DisasContext *s)
{
    MemOp ot = s->insn.ot;
    TCGv src = x86_temp(), r = x86_temp();
    x86_gen_ld_modrm(s, ot, src);
    tcg_gen_ctpop(r, src);
    x86_gen_st_reg(s, ot, s->insn.reg, r);
    x86_gen_set_cc(s, CC_OP_POPCNT, r, (TCGv){ 0 }, (TCGv){ 0 });
}

static void gen_bswap(DisasContext *s, int reg)
{
    MemOp ot = s->insn.ot;
    TCGv t = x86_temp();
    switch (ot) {
    case MO_64:
        tcg_gen_bswap64(t, cpu_regs[reg]);
        break;
    case MO_32:
        tcg_gen_bswap32(t, cpu_regs[reg]);
        break;
    default:
        tcg_gen_bswap16(t, cpu_regs[reg]);
        break;
    }
    x86_gen_st_reg(s, ot, reg, t);
}

static bool gen_movbe(DisasContext *s, bool store)
{
    MemOp ot = s->insn.ot;
    TCGv t = x86_temp();
    if (s->insn.mod == 3 || !(model_of(s)->features_ecx & CPUID_EXT_MOVBE)) {
        return false;
    }
    if (store) {
        x86_gen_ld_reg(s, ot, s->insn.reg, t);
        tcg_gen_qemu_st(t, x86_gen_lea(s), ot | MO_BE, X86_MMU_USER);
    } else {
        tcg_gen_qemu_ld(t, x86_gen_lea(s), ot | MO_BE, X86_MMU_USER);
        x86_gen_st_reg(s, ot, s->insn.reg, t);
    }
    return true;
}

static bool gen_crc32(DisasContext *s, bool byte)
{
    MemOp ot = byte ? MO_8 : (MemOp)s->insn.ot;
    TCGv v = x86_temp(), crc = x86_temp(), r = x86_temp_i64();
    if (!(model_of(s)->features_ecx & CPUID_EXT_SSE42)) {
        return false;
    }
    x86_gen_ld_modrm(s, ot, v);
    x86_gen_ld_reg(s, MO_32, s->insn.reg, crc);
    tcg_gen_callN(x86_helper_crc32, TCG_CALL_PURE, r, x86_to_i64(crc),
                  x86_to_i64(v), tcg_constant(TCG_TYPE_I32, 1 << ot));
    x86_gen_st_reg(s, x86_rex_w(&s->insn) ? MO_64 : MO_32, s->insn.reg,
                   x86_from_i64(r));
    return true;
}

bool x86_translate_bits(DisasContext *s)
{
    const X86Insn *i = &s->insn;
    uint8_t b = i->opcode;
    TCGv t;

    if (i->map == X86_MAP_0F38 && (b == 0xf0 || b == 0xf1)) {
        if (i->pfx == X86_PFX_F2) {
            return gen_crc32(s, b == 0xf0);
        }
        if (i->pfx == X86_PFX_F3) {
            return false;
        }
        return gen_movbe(s, b == 0xf1);
    }
    if (i->map != X86_MAP_0F) {
        return false;
    }
    switch (b) {
    case 0xa3: case 0xab: case 0xb3: case 0xbb:
        t = x86_temp();
        x86_gen_ld_reg(s, i->ot, i->reg, t);
        gen_bt(s, (b >> 3) & 3, t, true);
        return true;
    case 0xba:
        if (i->op < 4) {
            return false;
        }
        gen_bt(s, i->op - 4, x86_const(i->imm & 0xff), false);
        return true;
    case 0xbc:
        gen_bit_scan(s, false);
        return true;
    case 0xbd:
        if (i->rep && (model_of(s)->ext_features_ecx & CPUID_EXT3_ABM)) {
            gen_lzcnt(s);
        } else {
            gen_bit_scan(s, true);
        }
        return true;
    case 0xb8:
        if (!i->rep || !(model_of(s)->features_ecx & CPUID_EXT_POPCNT)) {
            return false;
        }
        gen_popcnt(s);
        return true;
    }
    if (b >= 0xc8 && b <= 0xcf) {
        gen_bswap(s, (b & 7) | (x86_rex_b(i) ? 8 : 0));
        return true;
    }
    return false;
}
