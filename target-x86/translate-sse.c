/*
 * translate-sse.c: MMX, sse_call(s), SSE2, SSE3, SSSE3, SSE4.1, SSE4.2, AES and
 * PCLMULQDQ instructions (the 0F, 0F38 and 0F3A maps) to IR.
 *
 * XMM and MMX registers live in env only.  Data movement (MOVAPS, MOVDQU,
 * MOVD/MOVQ, MOVSS, MOVLPS, ...), the bitwise logic (PXOR, ANDPS, ...),
 * PADD/PSUB B/W/D/Q and the immediate shifts PSRL/PSLL W/D/Q and PSRAD
 * are inline IR on 64-bit halves; everything else calls one helper of
 * sse_helper.c with the byte offsets of its operands in env, a memory
 * source first loaded into env->xmm_tmp.  Most opcodes go through the
 * tables below (helper per mandatory prefix, bytes a memory source
 * occupies); the rest have their own code.
 *
 * MMX: any instruction naming an mm register sets TOP to 0 and every tag
 * valid, and a written mm register gets exponent 0xFFFF, as the x87 it
 * aliases sees it; EMMS sets TOP to 0 too and empties the tags.
 *
 * Not checked: the 16-byte alignment of MOVAPS/MOVDQA and of packed
 * memory operands (#GP on the hardware).
 */
#include "target-x86/fpu_helper.h"
#include "target-x86/sse_helper.h"
#include "target-x86/translate-fpu.h"

#define TMP_OFS X86_ENV_OFS(xmm_tmp)

enum { P_NONE, P_66, P_F3, P_F2 };

static TCGv c32(uint32_t v)
{
    return tcg_constant(TCG_TYPE_I32, v);
}

/*
 * Call flags for a helper of sse_helper.c: none touches an IR global.  In
 * a TB where an MXCSR exception is unmasked, a floating-point helper may
 * raise #XM, so the pc and the globals must be in env for it.
 */
static int sse_call(DisasContext *s)
{
    if (!s->sse_traps)
        return TCG_CALL_NO_RWG;
    x86_gen_sync_pc(s);
    return TCG_CALL_NO_WG;
}

static uint32_t xmm_ofs(unsigned r)
{
    return (uint32_t)(X86_ENV_OFS(xmm[0]) + 16 * r);
}

static uint32_t mmx_ofs(unsigned r)
{
    return (uint32_t)(X86_ENV_OFS(fpregs[0].mant) +
                      (int32_t)sizeof(X86FPReg) * (r & 7));
}

/* ---- env copies and memory ---------------------------------------------- */

/* A temp for a value an XMM register will hold: a fresh one while the TB
 * has temps to spare, so that the optimizer can forward later loads of
 * the register to it (a scratch temp is reused by the next instruction,
 * which ends that fact). */
static TCGv xmm_value_temp(void)
{
    if (tcg_ctx->nb_temps < TCG_MAX_TEMPS / 2)
        return tcg_temp_new(TCG_TYPE_I64);
    return x86_temp_i64();
}

static void gen_copy(uint32_t dst, uint32_t src, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i += 8) {
        TCGv t = xmm_value_temp();
        MemOp mop = bytes - i >= 8 ? MO_64 : MO_32;
        TCGv v = mop == MO_64 ? t : x86_temp_i32();

        tcg_gen_ld_env(v, (int32_t)(src + i), mop);
        tcg_gen_st_env(v, (int32_t)(dst + i), mop);
    }
}

static void gen_zero(uint32_t dst, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i += 8)
        tcg_gen_st_env(tcg_constant(TCG_TYPE_I64, 0), (int32_t)(dst + i),
                       MO_64);
}

static TCGv addr_plus(TCGv addr, int64_t n)
{
    TCGv t = x86_temp();

    tcg_gen_addi(t, addr, n);
    return t;
}

/* bytes (2, 4, 8 or 16) of guest memory at addr to env + ofs. */
static void gen_load(DisasContext *s, uint32_t ofs, TCGv addr, unsigned bytes)
{
    if (bytes >= 8) {
        TCGv lo = xmm_value_temp();
        x86_gen_ld(s, lo, addr, MO_LE | MO_64);
        if (bytes == 16) {
            TCGv hi = xmm_value_temp();
            x86_gen_ld(s, hi, addr_plus(addr, 8), MO_LE | MO_64);
            tcg_gen_st_env(hi, (int32_t)ofs + 8, MO_64);
        }
        tcg_gen_st_env(lo, (int32_t)ofs, MO_64);
    } else {
        TCGv v = x86_temp_i32();
        MemOp mop = bytes == 4 ? MO_32 : bytes == 2 ? MO_16 : MO_8;
        x86_gen_ld(s, v, addr, MO_LE | mop);
        tcg_gen_st_env(v, (int32_t)ofs, mop);
    }
}

static void gen_store(DisasContext *s, TCGv addr, uint32_t ofs,
                      unsigned bytes)
{
    if (bytes >= 8) {
        TCGv lo = x86_temp_i64();
        tcg_gen_ld_env(lo, (int32_t)ofs, MO_64);
        if (bytes == 16) {
            TCGv hi = x86_temp_i64();
            tcg_gen_ld_env(hi, (int32_t)ofs + 8, MO_64);
            /* Both loads first: a fault leaves memory as it was when the
             * first half's page is fine and the second's is not. */
            x86_gen_st(s, hi, addr_plus(addr, 8), MO_LE | MO_64);
        }
        x86_gen_st(s, lo, addr, MO_LE | MO_64);
    } else {
        TCGv v = x86_temp_i32();
        MemOp mop = bytes == 4 ? MO_32 : bytes == 2 ? MO_16 : MO_8;
        tcg_gen_ld_env(v, (int32_t)ofs, mop);
        x86_gen_st(s, v, addr, MO_LE | mop);
    }
}

/* ---- MMX state ------------------------------------------------------------ */

static void gen_mmx_enter(DisasContext *s)
{
    tcg_gen_st_env(c32(0), X86_ENV_OFS(fptop), MO_32);
    tcg_gen_st_env(tcg_constant(TCG_TYPE_I64, 0), X86_ENV_OFS(fptags),
                   MO_64);
    x86_x87_note_mmx(s, false);
}

static void gen_mmx_written(unsigned r)
{
    tcg_gen_st_env(c32(0xffff),
                   X86_ENV_OFS(fpregs[0].sign_exp) +
                       (int32_t)sizeof(X86FPReg) * (int32_t)(r & 7),
                   MO_16);
}

/* ---- operands ------------------------------------------------------------------ */

static bool is_reg_form(DisasContext *s)
{
    return s->insn.mod == 3;
}

/* The r/m source: a register's offset, or memory loaded into xmm_tmp. */
static uint32_t gen_src(DisasContext *s, bool mmx, unsigned bytes)
{
    if (is_reg_form(s))
        return mmx ? mmx_ofs(s->insn.rm) : xmm_ofs(s->insn.rm);
    gen_load(s, TMP_OFS, x86_gen_lea(s), bytes);
    return TMP_OFS;
}

static uint32_t dst_reg(DisasContext *s, bool mmx)
{
    return mmx ? mmx_ofs(s->insn.reg) : xmm_ofs(s->insn.reg);
}

/* A TL value as I64 (zero-extended). */
static TCGv tl_to_i64(TCGv v)
{
    TCGv t;

    if (x86_tl == TCG_TYPE_I64)
        return v;
    t = x86_temp_i64();
    tcg_gen_extu_i32_i64(t, v);
    return t;
}

static TCGv i64_to_tl(TCGv v)
{
    TCGv t;

    if (x86_tl == TCG_TYPE_I64)
        return v;
    t = x86_temp();
    tcg_gen_extrl_i64_i32(t, v);
    return t;
}

static MemOp gpr_size(DisasContext *s)
{
    return x86_rex_w(&s->insn) ? MO_64 : MO_32;
}

/* ---- the tables ------------------------------------------------------------------ */

enum {
    OP_MMX = 1,   /* the no-prefix form works on mm registers */
    OP_IMM = 2,   /* helper takes the 8-bit immediate */
};

typedef struct SSEOp {
    void *fn[4];        /* by mandatory prefix: none, 66, F3, F2 */
    uint8_t mem[4];     /* bytes of a memory source, by prefix */
    uint8_t flags;
} SSEOp;

#define H(name) ((void *)x86_helper_##name)
/* ps pd ss sd */
#define FP4(n) { { H(n##ps), H(n##pd), H(n##ss), H(n##sd) }, { 16, 16, 4, 8 }, 0 }
/* MMX (none) and XMM (66) */
#define MX(n) { { H(n##_mmx), H(n) }, { 8, 16 }, OP_MMX }
#define MX4(n) { { H(n##_mmx), H(n) }, { 4, 16 }, OP_MMX }
/* 66 only */
#define X66(n, bytes) { { NULL, H(n) }, { 0, bytes }, 0 }
#define I66(n, bytes) { { NULL, H(n) }, { 0, bytes }, OP_IMM }

static const SSEOp ops_0f[256] = {
    [0x12] = { { NULL, NULL, H(movsldup), H(movddup) }, { 0, 0, 16, 8 } },
    [0x14] = { { H(unpcklps), H(unpcklpd) }, { 16, 16 } },
    [0x15] = { { H(unpckhps), H(unpckhpd) }, { 16, 16 } },
    [0x16] = { { NULL, NULL, H(movshdup) }, { 0, 0, 16 } },
    [0x51] = FP4(sqrt),
    [0x52] = { { H(rsqrtps), NULL, H(rsqrtss) }, { 16, 0, 4 } },
    [0x53] = { { H(rcpps), NULL, H(rcpss) }, { 16, 0, 4 } },
    [0x58] = FP4(add), [0x59] = FP4(mul),
    [0x5a] = { { H(cvtps2pd), H(cvtpd2ps), H(cvtss2sd), H(cvtsd2ss) },
               { 8, 16, 4, 8 } },
    [0x5b] = { { H(cvtdq2ps), H(cvtps2dq), H(cvttps2dq) }, { 16, 16, 16 } },
    [0x5c] = FP4(sub), [0x5d] = FP4(min), [0x5e] = FP4(div),
    [0x5f] = FP4(max),
    [0x60] = MX4(punpcklbw), [0x61] = MX4(punpcklwd), [0x62] = MX4(punpckldq),
    [0x63] = MX(packsswb), [0x64] = MX(pcmpgtb), [0x65] = MX(pcmpgtw),
    [0x66] = MX(pcmpgtd), [0x67] = MX(packuswb), [0x68] = MX(punpckhbw),
    [0x69] = MX(punpckhwd), [0x6a] = MX(punpckhdq), [0x6b] = MX(packssdw),
    [0x6c] = X66(punpcklqdq, 16), [0x6d] = X66(punpckhqdq, 16),
    [0x70] = { { H(pshufw), H(pshufd), H(pshufhw), H(pshuflw) },
               { 8, 16, 16, 16 }, OP_MMX | OP_IMM },
    [0x74] = MX(pcmpeqb), [0x75] = MX(pcmpeqw), [0x76] = MX(pcmpeqd),
    [0x7c] = { { NULL, H(haddpd), NULL, H(haddps) }, { 0, 16, 0, 16 } },
    [0x7d] = { { NULL, H(hsubpd), NULL, H(hsubps) }, { 0, 16, 0, 16 } },
    [0xc2] = { { H(cmpps), H(cmppd), H(cmpss), H(cmpsd) }, { 16, 16, 4, 8 },
               OP_IMM },
    [0xc6] = { { H(shufps), H(shufpd) }, { 16, 16 }, OP_IMM },
    [0xd0] = { { NULL, H(addsubpd), NULL, H(addsubps) }, { 0, 16, 0, 16 } },
    [0xd1] = MX(psrlw), [0xd2] = MX(psrld), [0xd3] = MX(psrlq),
    [0xd4] = MX(paddq), [0xd5] = MX(pmullw),
    [0xd8] = MX(psubusb), [0xd9] = MX(psubusw), [0xda] = MX(pminub),
    [0xdc] = MX(paddusb), [0xdd] = MX(paddusw), [0xde] = MX(pmaxub),
    [0xe0] = MX(pavgb), [0xe1] = MX(psraw), [0xe2] = MX(psrad),
    [0xe3] = MX(pavgw), [0xe4] = MX(pmulhuw), [0xe5] = MX(pmulhw),
    [0xe6] = { { NULL, H(cvttpd2dq), H(cvtdq2pd), H(cvtpd2dq) },
               { 0, 16, 8, 16 } },
    [0xe8] = MX(psubsb), [0xe9] = MX(psubsw), [0xea] = MX(pminsw),
    [0xec] = MX(paddsb), [0xed] = MX(paddsw), [0xee] = MX(pmaxsw),
    [0xf1] = MX(psllw), [0xf2] = MX(pslld), [0xf3] = MX(psllq),
    [0xf4] = MX(pmuludq), [0xf5] = MX(pmaddwd), [0xf6] = MX(psadbw),
    [0xf8] = MX(psubb), [0xf9] = MX(psubw), [0xfa] = MX(psubd),
    [0xfb] = MX(psubq), [0xfc] = MX(paddb), [0xfd] = MX(paddw),
    [0xfe] = MX(paddd),
};

static const SSEOp ops_0f38[256] = {
    [0x00] = MX(pshufb), [0x01] = MX(phaddw), [0x02] = MX(phaddd),
    [0x03] = MX(phaddsw), [0x04] = MX(pmaddubsw), [0x05] = MX(phsubw),
    [0x06] = MX(phsubd), [0x07] = MX(phsubsw), [0x08] = MX(psignb),
    [0x09] = MX(psignw), [0x0a] = MX(psignd), [0x0b] = MX(pmulhrsw),
    [0x10] = X66(pblendvb, 16), [0x14] = X66(blendvps, 16),
    [0x15] = X66(blendvpd, 16),
    [0x1c] = MX(pabsb), [0x1d] = MX(pabsw), [0x1e] = MX(pabsd),
    [0x20] = X66(pmovsxbw, 8), [0x21] = X66(pmovsxbd, 4),
    [0x22] = X66(pmovsxbq, 2), [0x23] = X66(pmovsxwd, 8),
    [0x24] = X66(pmovsxwq, 4), [0x25] = X66(pmovsxdq, 8),
    [0x28] = X66(pmuldq, 16), [0x29] = X66(pcmpeqq, 16),
    [0x2b] = X66(packusdw, 16),
    [0x30] = X66(pmovzxbw, 8), [0x31] = X66(pmovzxbd, 4),
    [0x32] = X66(pmovzxbq, 2), [0x33] = X66(pmovzxwd, 8),
    [0x34] = X66(pmovzxwq, 4), [0x35] = X66(pmovzxdq, 8),
    [0x37] = X66(pcmpgtq, 16),
    [0x38] = X66(pminsb, 16), [0x39] = X66(pminsd, 16),
    [0x3a] = X66(pminuw, 16), [0x3b] = X66(pminud, 16),
    [0x3c] = X66(pmaxsb, 16), [0x3d] = X66(pmaxsd, 16),
    [0x3e] = X66(pmaxuw, 16), [0x3f] = X66(pmaxud, 16),
    [0x40] = X66(pmulld, 16), [0x41] = X66(phminposuw, 16),
    [0xdb] = X66(aesimc, 16), [0xdc] = X66(aesenc, 16),
    [0xdd] = X66(aesenclast, 16), [0xde] = X66(aesdec, 16),
    [0xdf] = X66(aesdeclast, 16),
};

static const SSEOp ops_0f3a[256] = {
    [0x08] = I66(roundps, 16), [0x09] = I66(roundpd, 16),
    [0x0a] = I66(roundss, 4), [0x0b] = I66(roundsd, 8),
    [0x0c] = I66(blendps, 16), [0x0d] = I66(blendpd, 16),
    [0x0e] = I66(pblendw, 16),
    [0x0f] = { { H(palignr_mmx), H(palignr) }, { 8, 16 }, OP_MMX | OP_IMM },
    [0x40] = I66(dpps, 16), [0x41] = I66(dppd, 16),
    [0x42] = I66(mpsadbw, 16), [0x44] = I66(pclmulqdq, 16),
    [0xdf] = I66(aeskeygenassist, 16),
};

static bool gen_table_op(DisasContext *s, const SSEOp *op)
{
    unsigned p = s->insn.pfx;
    void *fn = op->fn[p];
    bool mmx = p == P_NONE && (op->flags & OP_MMX);
    uint32_t d, src;

    if (!fn)
        return false;
    d = dst_reg(s, mmx);
    src = gen_src(s, mmx, op->mem[p]);
    if (mmx)
        gen_mmx_enter(s);
    if (op->flags & OP_IMM)
        tcg_gen_callN(fn, sse_call(s), TCG_NO_RET, tcg_env, c32(d), c32(src),
                      c32((uint8_t)s->insn.imm));
    else
        tcg_gen_callN(fn, sse_call(s), TCG_NO_RET, tcg_env, c32(d), c32(src));
    if (mmx)
        gen_mmx_written(s->insn.reg);
    return true;
}

/* ---- data movement ------------------------------------------------------------ */

/* Full-register moves: MOVUPS/MOVAPS/MOVDQU/... (load form: reg <- r/m;
 * store form: r/m <- reg). */
static void gen_move(DisasContext *s, bool store, bool mmx, unsigned bytes)
{
    uint32_t r = dst_reg(s, mmx);

    if (mmx)
        gen_mmx_enter(s);
    if (is_reg_form(s)) {
        uint32_t rm = mmx ? mmx_ofs(s->insn.rm) : xmm_ofs(s->insn.rm);
        if (store)
            gen_copy(rm, r, bytes);
        else
            gen_copy(r, rm, bytes);
        if (mmx)
            gen_mmx_written(store ? s->insn.rm : s->insn.reg);
        return;
    }
    if (store) {
        gen_store(s, x86_gen_lea(s), r, bytes);
    } else {
        gen_load(s, r, x86_gen_lea(s), bytes);
        if (mmx)
            gen_mmx_written(s->insn.reg);
    }
}

/* MOVSS/MOVSD (F3/F2 0F 10, 11). */
static void gen_move_scalar(DisasContext *s, bool store, unsigned bytes)
{
    uint32_t r = xmm_ofs(s->insn.reg);

    if (is_reg_form(s)) {
        uint32_t rm = xmm_ofs(s->insn.rm);
        if (store)
            gen_copy(rm, r, bytes);
        else
            gen_copy(r, rm, bytes);
    } else if (store) {
        gen_store(s, x86_gen_lea(s), r, bytes);
    } else {
        gen_load(s, r, x86_gen_lea(s), bytes);
        if (bytes == 4)
            tcg_gen_st_env(c32(0), (int32_t)r + 4, MO_32);
        gen_zero(r + 8, 8);
    }
}

/* 0F 12, 13, 16, 17: MOVLPS/MOVLPD/MOVHLPS, MOVHPS/MOVHPD/MOVLHPS. */
static bool gen_move_half(DisasContext *s, bool high)
{
    unsigned opcode = s->insn.opcode;
    uint32_t r = xmm_ofs(s->insn.reg) + (high ? 8 : 0);
    bool store = opcode & 1;

    if (s->insn.pfx > P_66)
        return gen_table_op(s, &ops_0f[opcode]);
    if (is_reg_form(s)) {
        if (store || s->insn.pfx != P_NONE)
            return false;
        /* MOVHLPS: low <- rm high; MOVLHPS: high <- rm low. */
        gen_copy(r, xmm_ofs(s->insn.rm) + (high ? 0 : 8), 8);
        return true;
    }
    if (store)
        gen_store(s, x86_gen_lea(s), r, 8);
    else
        gen_load(s, r, x86_gen_lea(s), 8);
    return true;
}

/* MOVD/MOVQ between general registers or memory and mm/xmm (0F 6E, 7E). */
static void gen_movd(DisasContext *s, bool to_vec)
{
    bool mmx = s->insn.pfx == P_NONE;
    uint32_t r = dst_reg(s, mmx);
    MemOp ot = gpr_size(s);
    TCGv v = x86_temp(), q;

    if (mmx)
        gen_mmx_enter(s);
    if (to_vec) {
        x86_gen_ld_modrm(s, ot, v);
        q = tl_to_i64(v);
        if (ot == MO_32 && x86_tl == TCG_TYPE_I64) {
            TCGv z = x86_temp_i64();
            tcg_gen_ext32u(z, q);
            q = z;
        }
        tcg_gen_st_env(q, (int32_t)r, MO_64);
        if (mmx)
            gen_mmx_written(s->insn.reg);
        else
            gen_zero(r + 8, 8);
        return;
    }
    q = x86_temp_i64();
    tcg_gen_ld_env(q, (int32_t)r, MO_64);
    x86_gen_st_modrm(s, ot, i64_to_tl(q));
}

/* ---- bitwise logic inline ------------------------------------------------------- */

/* dst = dst op src on 64-bit halves (one for an MMX register, two for an
 * XMM one): op(a, b, arg) leaves a op b in a. */
typedef void HalfOp(TCGv a, TCGv b, unsigned arg);

static bool gen_halves(DisasContext *s, bool mmx, HalfOp *op, unsigned arg)
{
    unsigned bytes = mmx ? 8 : 16;
    uint32_t d = dst_reg(s, mmx), src = gen_src(s, mmx, bytes);

    if (mmx)
        gen_mmx_enter(s);
    for (unsigned i = 0; i < bytes; i += 8) {
        TCGv a = x86_temp_i64(), b = x86_temp_i64();
        tcg_gen_ld_env(a, (int32_t)(d + i), MO_64);
        tcg_gen_ld_env(b, (int32_t)(src + i), MO_64);
        op(a, b, arg);
        tcg_gen_st_env(a, (int32_t)(d + i), MO_64);
    }
    if (mmx)
        gen_mmx_written(s->insn.reg);
    return true;
}

static void logic_half(TCGv a, TCGv b, unsigned kind)
{
    switch (kind) {
    case 0: tcg_gen_and(a, a, b); break;
    case 1: tcg_gen_andc(a, b, a); break;   /* ANDN: ~dst & src */
    case 2: tcg_gen_or(a, a, b); break;
    default: tcg_gen_xor(a, a, b); break;
    }
}

static bool gen_logic(DisasContext *s, int kind)
{
    bool mmx = s->insn.pfx == P_NONE && s->insn.opcode >= 0xd0;

    if (s->insn.pfx > P_66)
        return false;
    return gen_halves(s, mmx, logic_half, (unsigned)kind);
}

/* ---- lane-wise add/sub and shifts inline ------------------------------------------
 * On 64-bit halves with lanes of 8 << size bits: no helper call for the
 * integer operations vector code uses most. */

/* Bit pattern p (of one lane) in every lane of a 64-bit half. */
static int64_t lanes_of(MemOp size, uint64_t p)
{
    unsigned w = 8u << size;
    uint64_t r = 0;

    for (unsigned i = 0; i < 64; i += w)
        r |= p << i;
    return (int64_t)r;
}

/* a = a + b (or a - b) in each lane: the lanes' top bits are masked out of
 * the carry chain and put back with xor. */
static void gen_lanes_add(TCGv a, TCGv b, MemOp size, bool sub)
{
    TCGv x = x86_temp_i64(), y = x86_temp_i64();
    int64_t top = lanes_of(size, 1ull << ((8u << size) - 1));

    if (size == MO_64) {
        sub ? tcg_gen_sub(a, a, b) : tcg_gen_add(a, a, b);
        return;
    }
    tcg_gen_andi(y, b, ~top);
    if (sub) {
        /* ((a | top) - (b & ~top)) ^ (~(a ^ b) & top) */
        tcg_gen_xor(x, a, b);
        tcg_gen_ori(a, a, top);
        tcg_gen_sub(a, a, y);
        tcg_gen_andc(x, tcg_constant(TCG_TYPE_I64, top), x);
    } else {
        /* ((a & ~top) + (b & ~top)) ^ ((a ^ b) & top) */
        tcg_gen_xor(x, a, b);
        tcg_gen_andi(a, a, ~top);
        tcg_gen_add(a, a, y);
        tcg_gen_andi(x, x, top);
    }
    tcg_gen_xor(a, a, x);
}

/* arg: the lane size, | 4 for a subtraction. */
static void add_sub_half(TCGv a, TCGv b, unsigned arg)
{
    gen_lanes_add(a, b, (MemOp)(arg & 3), arg & 4);
}

/* PADDB/W/D/Q, PSUBB/W/D/Q (0F FC FD FE D4, F8 F9 FA FB). */
static bool gen_add_sub(DisasContext *s)
{
    static const int8_t size_of[16] = {
        [0x4] = MO_64, [0x8] = MO_8, [0x9] = MO_16, [0xa] = MO_32,
        [0xb] = MO_64, [0xc] = MO_8, [0xd] = MO_16, [0xe] = MO_32,
    };
    unsigned op = s->insn.opcode;
    bool sub = op >= 0xf8 && op <= 0xfb;

    if (s->insn.pfx > P_66)
        return false;
    return gen_halves(s, s->insn.pfx == P_NONE, add_sub_half,
                      (unsigned)size_of[op & 15] | (sub ? 4 : 0));
}

/* PCMPEQB/W/D (0F 74 75 76): lanes of all ones where a and b are equal.
 * t = a ^ b; a lane is zero when neither its low bits carry into its top
 * bit nor its top bit is set: z = ~(((t & ~top) + ~top) | t) & top; the
 * top bit then fills the lane: z | (z - (z >> (w - 1))). */
static void cmpeq_half(TCGv a, TCGv b, unsigned size)
{
    int64_t top = lanes_of((MemOp)size, 1ull << ((8u << size) - 1));
    TCGv z = x86_temp_i64();

    tcg_gen_xor(a, a, b);
    tcg_gen_andi(z, a, ~top);
    tcg_gen_addi(z, z, ~top);
    tcg_gen_or(z, z, a);
    tcg_gen_andc(z, tcg_constant(TCG_TYPE_I64, top), z);
    tcg_gen_shri(a, z, (8 << size) - 1);
    tcg_gen_sub(a, z, a);
    tcg_gen_or(a, a, z);
}

static bool gen_cmpeq(DisasContext *s)
{
    if (s->insn.pfx > P_66)
        return false;
    return gen_halves(s, s->insn.pfx == P_NONE, cmpeq_half,
                      s->insn.opcode - 0x74);
}

/* PSHUFD (66 0F 70): dword i of the result is dword (imm >> 2i) & 3 of
 * the source; all four are read before any is written. */
static bool gen_pshufd(DisasContext *s)
{
    uint32_t d = dst_reg(s, false), src = gen_src(s, false, 16);
    unsigned imm = (uint8_t)s->insn.imm;
    TCGv v[4];

    for (unsigned i = 0; i < 4; i++) {
        v[i] = x86_temp_i32();
        tcg_gen_ld_env(v[i], (int32_t)(src + 4 * ((imm >> (2 * i)) & 3)),
                       MO_32);
    }
    for (unsigned i = 0; i < 4; i++)
        tcg_gen_st_env(v[i], (int32_t)(d + 4 * i), MO_32);
    return true;
}

/* v shifted in each lane by n (the immediate, 0..255): op 2 logical right,
 * 4 arithmetic right, 6 left. */
static void gen_lanes_shift(TCGv v, MemOp size, unsigned op, unsigned n)
{
    unsigned w = 8u << size;
    uint64_t lane = w == 64 ? ~0ull : (1ull << w) - 1;

    if (n >= w) {
        if (op != 4) {
            tcg_gen_movi(v, 0);
            return;
        }
        n = w - 1;
    }
    if (op == 6) {
        tcg_gen_shli(v, v, (int)n);
        tcg_gen_andi(v, v, lanes_of(size, (lane << n) & lane));
    } else if (op == 2) {
        tcg_gen_shri(v, v, (int)n);
        tcg_gen_andi(v, v, lanes_of(size, lane >> n));
    } else {
        /* PSRAD: the high lane with a 64-bit sar, the low one sign-extended
         * first */
        TCGv lo = x86_temp_i64();
        tcg_gen_ext32s(lo, v);
        tcg_gen_sari(lo, lo, (int)n);
        tcg_gen_ext32u(lo, lo);
        tcg_gen_sari(v, v, (int)n);
        tcg_gen_andi(v, v, (int64_t)0xffffffff00000000ull);
        tcg_gen_or(v, v, lo);
    }
}

/* ---- shifts by an immediate (0F 71, 72, 73) -------------------------------------- */

static bool gen_shift_imm(DisasContext *s)
{
    static void *const mmx_fn[3][8] = {
        { [2] = H(psrlw_mmx), [4] = H(psraw_mmx), [6] = H(psllw_mmx) },
        { [2] = H(psrld_mmx), [4] = H(psrad_mmx), [6] = H(pslld_mmx) },
        { [2] = H(psrlq_mmx), [6] = H(psllq_mmx) },
    };
    static void *const xmm_fn[3][8] = {
        { [2] = H(psrlw), [4] = H(psraw), [6] = H(psllw) },
        { [2] = H(psrld), [4] = H(psrad), [6] = H(pslld) },
        { [2] = H(psrlq), [3] = H(psrldq), [6] = H(psllq), [7] = H(pslldq) },
    };
    unsigned group = s->insn.opcode - 0x71, op = s->insn.op;
    bool mmx = s->insn.pfx == P_NONE;
    uint8_t imm = (uint8_t)s->insn.imm;
    uint32_t d;
    void *fn;

    if (!is_reg_form(s) || s->insn.pfx > P_66)
        return false;
    fn = mmx ? mmx_fn[group][op] : xmm_fn[group][op];
    if (!fn)
        return false;
    d = mmx ? mmx_ofs(s->insn.rm) : xmm_ofs(s->insn.rm);
    if ((op == 2 || op == 6 || (op == 4 && group == 1))) {
        /* PSRLW/D/Q, PSLLW/D/Q, PSRAD inline */
        if (mmx)
            gen_mmx_enter(s);
        for (unsigned i = 0; i < (mmx ? 8u : 16u); i += 8) {
            TCGv v = x86_temp_i64();
            tcg_gen_ld_env(v, (int32_t)(d + i), MO_64);
            gen_lanes_shift(v, (MemOp)(group + 1), op, imm);
            tcg_gen_st_env(v, (int32_t)(d + i), MO_64);
        }
        if (mmx)
            gen_mmx_written(s->insn.rm);
        return true;
    }
    if (!mmx && group == 2 && (op == 3 || op == 7)) {
        tcg_gen_callN(fn, sse_call(s), TCG_NO_RET, tcg_env, c32(d), c32(d), c32(imm));
        return true;
    }
    /* The count-in-a-register form with the count in xmm_tmp. */
    tcg_gen_st_env(tcg_constant(TCG_TYPE_I64, imm), TMP_OFS, MO_64);
    tcg_gen_st_env(tcg_constant(TCG_TYPE_I64, 0), TMP_OFS + 8, MO_64);
    if (mmx)
        gen_mmx_enter(s);
    tcg_gen_callN(fn, sse_call(s), TCG_NO_RET, tcg_env, c32(d), c32(TMP_OFS));
    if (mmx)
        gen_mmx_written(s->insn.rm);
    return true;
}

/* ---- scalar doubles inline ---------------------------------------------------------
 * ADDSD SUBSD MULSD DIVSD SQRTSD MINSD MAXSD and their packed forms (PD)
 * are IR f64 ops when the TB key says MXCSR has its default controls
 * (X86_TB_SSE_DEFAULT: nearest, no DAZ/FTZ, all masked): the host,
 * whose generated code runs in that mode, computes
 * the guest's bits, and its MXCSR collects the guest's flags (README:
 * the host's flags are part of the guest's).  The IR's NaN results are
 * the SSE ones: the first operand's NaN quieted, else the second's, else
 * the default NaN.  UCOMISD/COMISD are fcmp_f64 (gen_comisd_inline),
 * CVTSI2SD fcvt_i64_f64 (gen_cvt_int). */

static bool sd_inline(DisasContext *s)
{
    return s->tb->flags & X86_TB_SSE_DEFAULT;
}

/* The low double of the r/m operand: a register's, or 8 bytes of memory
 * (straight into a temp: no trip through xmm_tmp). */
static TCGv gen_src_sd(DisasContext *s)
{
    TCGv v = xmm_value_temp();

    if (is_reg_form(s))
        tcg_gen_ld_env(v, (int32_t)xmm_ofs(s->insn.rm), MO_64);
    else
        x86_gen_ld(s, v, x86_gen_lea(s), MO_LE | MO_64);
    return v;
}

/* One double of opcode 0F 51, 58, 59, 5C, 5D, 5E, 5F: r = a op b (SQRT:
 * of b).  MIN/MAX are "a if a < b (a > b), else b", so NaNs and equal
 * zeros give b, with the flags of COMISD (invalid for any NaN). */
static void gen_f64_op(unsigned opcode, TCGv r, TCGv a, TCGv b)
{
    TCGv c;

    switch (opcode) {
    case 0x51: tcg_gen_fsqrt_f64(r, b); break;
    case 0x58: tcg_gen_fadd_f64(r, a, b); break;
    case 0x59: tcg_gen_fmul_f64(r, a, b); break;
    case 0x5c: tcg_gen_fsub_f64(r, a, b); break;
    case 0x5e: tcg_gen_fdiv_f64(r, a, b); break;
    default:
        c = x86_temp_i64();
        tcg_gen_fcmp_f64(c, a, b, true);
        tcg_gen_movcond(TCG_COND_EQ, r, c,
                        tcg_constant(TCG_TYPE_I64,
                                     opcode == 0x5d ? TCG_FCMP_LT
                                                    : TCG_FCMP_GT),
                        a, b);
        break;
    }
}

/* F2 (scalar: the low double) or 66 (packed: both) 0F 51, 58, 59, 5C,
 * 5D, 5E, 5F.  Every operand is read before a result is written. */
static bool gen_arith_f64(DisasContext *s, unsigned opcode, bool packed)
{
    uint32_t d = xmm_ofs(s->insn.reg);
    unsigned lanes = packed ? 2 : 1;
    TCGv a[2], b[2];

    for (unsigned i = 0; i < lanes; i++) {
        a[i] = xmm_value_temp();
        b[i] = xmm_value_temp();
        tcg_gen_ld_env(a[i], (int32_t)d + 8 * (int32_t)i, MO_64);
    }
    if (is_reg_form(s)) {
        for (unsigned i = 0; i < lanes; i++)
            tcg_gen_ld_env(b[i], (int32_t)xmm_ofs(s->insn.rm) + 8 * (int32_t)i,
                           MO_64);
    } else {
        TCGv addr = x86_gen_lea(s);
        x86_gen_ld(s, b[0], addr, MO_LE | MO_64);
        if (packed)
            x86_gen_ld(s, b[1], addr_plus(addr, 8), MO_LE | MO_64);
    }
    for (unsigned i = 0; i < lanes; i++) {
        TCGv r = xmm_value_temp();
        gen_f64_op(opcode, r, a[i], b[i]);
        a[i] = r;
    }
    for (unsigned i = 0; i < lanes; i++)
        tcg_gen_st_env(a[i], (int32_t)d + 8 * (int32_t)i, MO_64);
    return true;
}

/* ---- conversions, compares and masks with general registers --------------------- */

static bool gen_cvt_int(DisasContext *s)
{
    unsigned opcode = s->insn.opcode, p = s->insn.pfx;
    bool dbl = p == P_F2 || p == P_66;

    if (opcode == 0x2a && p >= P_F3) {          /* CVTSI2SS/SD */
        TCGv v = x86_temp();
        x86_gen_ld_modrm(s, gpr_size(s), v);
        if (p == P_F2 && sd_inline(s)) {
            /* the integer sign-extended to 64 bits: exact */
            TCGv q = x86_temp_i64();
            if (x86_tl == TCG_TYPE_I32)
                tcg_gen_ext_i32_i64(q, v);
            else if (!x86_rex_w(&s->insn))
                tcg_gen_ext32s(q, v);
            else
                q = v;
            tcg_gen_fcvt_i64_f64(q, q);
            tcg_gen_st_env(q, (int32_t)xmm_ofs(s->insn.reg), MO_64);
            return true;
        }
        tcg_gen_callN(x86_helper_cvtsi2s, sse_call(s), TCG_NO_RET, tcg_env,
                      c32(xmm_ofs(s->insn.reg)), tl_to_i64(v),
                      c32(x86_rex_w(&s->insn)), c32(dbl));
        return true;
    }
    if (opcode == 0x2a) {                       /* CVTPI2PS/PD */
        uint32_t src = gen_src(s, true, 8);
        if (is_reg_form(s))
            gen_mmx_enter(s);
        tcg_gen_callN(p == P_66 ? H(cvtpi2pd) : H(cvtpi2ps), sse_call(s), TCG_NO_RET,
                      tcg_env, c32(xmm_ofs(s->insn.reg)), c32(src));
        return true;
    }
    if (p >= P_F3) {                            /* CVT(T)SS2SI/SD2SI */
        uint32_t src = gen_src(s, false, dbl ? 8 : 4);
        uint32_t kind = dbl | (opcode == 0x2c) << 1 |
                        (uint32_t)x86_rex_w(&s->insn) << 2;
        TCGv r = x86_temp_i64();
        tcg_gen_callN(x86_helper_cvt2si, sse_call(s), r, tcg_env, c32(src),
                      c32(kind));
        x86_gen_st_reg(s, gpr_size(s), s->insn.reg, i64_to_tl(r));
        return true;
    }
    /* CVT(T)PS2PI, CVT(T)PD2PI */
    uint32_t src = gen_src(s, false, dbl ? 16 : 8);
    void *fn = opcode == 0x2c ? (dbl ? H(cvttpd2pi) : H(cvttps2pi))
                              : (dbl ? H(cvtpd2pi) : H(cvtps2pi));
    gen_mmx_enter(s);
    tcg_gen_callN(fn, sse_call(s), TCG_NO_RET, tcg_env, c32(mmx_ofs(s->insn.reg)),
                  c32(src));
    gen_mmx_written(s->insn.reg);
    return true;
}

static void gen_flags_result(DisasContext *s, TCGv flags)
{
    x86_gen_set_eflags_arith(s, i64_to_tl(flags));
}

/* UCOMISD/COMISD inline (see "scalar doubles inline"): fcmp_f64's
 * result picks ZF PF CF from a table in a constant, a byte each. */
static void gen_comisd_inline(DisasContext *s)
{
    static const uint64_t flags_of =
        (uint64_t)CC_Z << (8 * TCG_FCMP_EQ) | (uint64_t)CC_C << (8 * TCG_FCMP_LT) |
        (uint64_t)(CC_Z | CC_P | CC_C) << (8 * TCG_FCMP_UN);
    TCGv a = x86_temp_i64(), b = gen_src_sd(s), c = x86_temp_i64();

    tcg_gen_ld_env(a, (int32_t)xmm_ofs(s->insn.reg), MO_64);
    tcg_gen_fcmp_f64(c, a, b, s->insn.opcode == 0x2f);
    tcg_gen_shli(c, c, 3);
    tcg_gen_shr(c, tcg_constant(TCG_TYPE_I64, (int64_t)flags_of), c);
    gen_flags_result(s, c);
}

static bool gen_comis(DisasContext *s)
{
    bool dbl = s->insn.pfx == P_66;
    uint32_t src, kind = dbl | (s->insn.opcode == 0x2e) << 1;
    TCGv flags = x86_temp_i64();

    if (s->insn.pfx > P_66)
        return false;
    if (dbl && sd_inline(s)) {
        gen_comisd_inline(s);
        return true;
    }
    src = gen_src(s, false, dbl ? 8 : 4);
    tcg_gen_callN(x86_helper_comis, sse_call(s), flags, tcg_env,
                  c32(xmm_ofs(s->insn.reg)), c32(src), c32(kind));
    gen_flags_result(s, flags);
    return true;
}

/* PMOVMSKB inline: the top bits of a half's bytes, gathered into its top
 * byte by one multiplication (bit 8i + 7 times 2^(7(7 - i)) lands on bit
 * 56 + i, and no two partial products share a bit, so nothing carries). */
static bool gen_pmovmskb(DisasContext *s, bool mmx)
{
    uint32_t src = mmx ? mmx_ofs(s->insn.rm) : xmm_ofs(s->insn.rm);
    TCGv r = x86_temp_i64();

    if (!is_reg_form(s))
        return false;
    if (mmx)
        gen_mmx_enter(s);
    for (unsigned i = 0; i < (mmx ? 8u : 16u); i += 8) {
        TCGv v = x86_temp_i64();
        tcg_gen_ld_env(v, (int32_t)(src + i), MO_64);
        tcg_gen_andi(v, v, (int64_t)0x8080808080808080ull);
        tcg_gen_muli(v, v, 0x0002040810204081ll);
        tcg_gen_shri(v, v, 56);
        if (i) {
            tcg_gen_shli(v, v, 8);
            tcg_gen_or(r, r, v);
        } else {
            tcg_gen_mov(r, v);
        }
    }
    x86_gen_st_reg(s, MO_32, s->insn.reg, i64_to_tl(r));
    return true;
}

/* MOVMSKPS/PD, PMOVMSKB: a mask of sign bits to a general register. */
static bool gen_movmsk(DisasContext *s, void *fn, bool mmx)
{
    TCGv r = x86_temp_i64();

    if (!is_reg_form(s))
        return false;
    if (mmx)
        gen_mmx_enter(s);
    tcg_gen_callN(fn, sse_call(s), r, tcg_env,
                  c32(mmx ? mmx_ofs(s->insn.rm) : xmm_ofs(s->insn.rm)));
    x86_gen_st_reg(s, MO_32, s->insn.reg, i64_to_tl(r));
    return true;
}

/* PEXTRB/W/D/Q, EXTRACTPS, PEXTRW (0F C5): element imm of a register to a
 * general register (zero-extended) or memory. */
static void gen_extract(DisasContext *s, uint32_t src, MemOp size,
                        unsigned count, unsigned gpr, bool to_rm)
{
    uint32_t ofs = src + ((uint8_t)s->insn.imm & (count - 1)) * (1u << size);
    TCGv v = x86_temp_i64();

    tcg_gen_ld_env(v, (int32_t)ofs, size);
    if (!to_rm) {
        x86_gen_st_reg(s, MO_32, gpr, i64_to_tl(v));
    } else if (is_reg_form(s)) {
        x86_gen_st_reg(s, size == MO_64 ? MO_64 : MO_32, s->insn.rm,
                       i64_to_tl(v));
    } else {
        x86_gen_st(s, v, x86_gen_lea(s), MO_LE | size);
    }
}

/* PINSRB/W/D/Q: element imm of register d from r/m. */
static void gen_insert(DisasContext *s, uint32_t d, MemOp size,
                       unsigned count)
{
    uint32_t ofs = d + ((uint8_t)s->insn.imm & (count - 1)) * (1u << size);
    TCGv v = x86_temp_i64();

    if (is_reg_form(s)) {
        TCGv t = x86_temp();
        x86_gen_ld_reg(s, size == MO_64 ? MO_64 : MO_32, s->insn.rm, t);
        v = tl_to_i64(t);
    } else {
        x86_gen_ld(s, v, x86_gen_lea(s), MO_LE | size);
    }
    tcg_gen_st_env(v, (int32_t)ofs, size);
}

/* ---- the 0F map ------------------------------------------------------------------ */

static bool translate_0f(DisasContext *s)
{
    unsigned opcode = s->insn.opcode, p = s->insn.pfx;
    bool mem = !is_reg_form(s);
    TCGv v;

    if ((p == P_F2 || p == P_66) && sd_inline(s)) {
        switch (opcode) {
        case 0x51: case 0x58: case 0x59: case 0x5c: case 0x5d: case 0x5e:
        case 0x5f:
            return gen_arith_f64(s, opcode, p == P_66);
        }
    }
    switch (opcode) {
    case 0x10: case 0x11:
        if (p >= P_F3)
            gen_move_scalar(s, opcode & 1, p == P_F3 ? 4 : 8);
        else
            gen_move(s, opcode & 1, false, 16);
        return true;
    case 0x12: case 0x13:
        return gen_move_half(s, false);
    case 0x16: case 0x17:
        return gen_move_half(s, true);
    case 0x28: case 0x29:                       /* MOVAPS, MOVAPD */
        if (p > P_66)
            return false;
        gen_move(s, opcode & 1, false, 16);
        return true;
    case 0x2b:                                  /* MOVNTPS, MOVNTPD */
        if (p > P_66 || !mem)
            return false;
        gen_move(s, true, false, 16);
        return true;
    case 0x2a: case 0x2c: case 0x2d:
        return gen_cvt_int(s);
    case 0x2e: case 0x2f:
        return gen_comis(s);
    case 0x50:
        if (p > P_66)
            return false;
        return gen_movmsk(s, p == P_66 ? H(movmskpd) : H(movmskps), false);
    case 0x54: case 0x55: case 0x56: case 0x57:
        return gen_logic(s, opcode - 0x54);
    case 0xdb: return gen_logic(s, 0);
    case 0xdf: return gen_logic(s, 1);
    case 0xeb: return gen_logic(s, 2);
    case 0xef: return gen_logic(s, 3);
    case 0x6e:
        if (p > P_66)
            return false;
        gen_movd(s, true);
        return true;
    case 0x7e:
        if (p == P_F3) {                        /* MOVQ xmm, xmm/m64 */
            uint32_t r = xmm_ofs(s->insn.reg);
            if (mem)
                gen_load(s, r, x86_gen_lea(s), 8);
            else
                gen_copy(r, xmm_ofs(s->insn.rm), 8);
            gen_zero(r + 8, 8);
            return true;
        }
        if (p > P_66)
            return false;
        gen_movd(s, false);
        return true;
    case 0x6f: case 0x7f:
        if (p == P_F2)
            return false;
        gen_move(s, opcode == 0x7f, p == P_NONE, p == P_NONE ? 8 : 16);
        return true;
    case 0x71: case 0x72: case 0x73:
        return gen_shift_imm(s);
    case 0x74: case 0x75: case 0x76:
        return gen_cmpeq(s);
    case 0x70:
        if (p == P_66)
            return gen_pshufd(s);
        return gen_table_op(s, &ops_0f[opcode]);
    case 0xd4: case 0xf8: case 0xf9: case 0xfa: case 0xfb: case 0xfc:
    case 0xfd: case 0xfe:
        return gen_add_sub(s);
    case 0x77:                  /* EMMS: an MMX instruction (TOP = 0) */
        if (p != P_NONE)
            return false;
        tcg_gen_st_env(c32(0), X86_ENV_OFS(fptop), MO_32);
        tcg_gen_st_env(tcg_constant(TCG_TYPE_I64, 0x0101010101010101ll),
                       X86_ENV_OFS(fptags), MO_64);
        x86_x87_note_mmx(s, true);
        return true;
    case 0xae:
        if (!mem || p != P_NONE)
            return false;
        switch (s->insn.op) {
        case 0:                                 /* FXSAVE */
            tcg_gen_callN(x86_helper_mxcsr_from_host, TCG_CALL_NO_RWG,
                          TCG_NO_RET, tcg_env);
            x86_gen_fxsave(s, false);
            return true;
        case 1:                                 /* FXRSTOR */
            x86_gen_fxsave(s, true);
            tcg_gen_callN(x86_helper_mxcsr_to_host, TCG_CALL_NO_RWG,
                          TCG_NO_RET, tcg_env);
            return true;
        case 2:                                 /* LDMXCSR */
            v = x86_temp_i32();
            x86_gen_ld(s, v, x86_gen_lea(s), MO_LE | MO_32);
            x86_gen_sync_pc(s);
            tcg_gen_callN(x86_helper_ldmxcsr, TCG_CALL_NO_WG, TCG_NO_RET,
                          tcg_env, v);
            s->is_jmp = DISAS_UPDATE;   /* X86_TB_SSE_TRAPS may change */
            return true;
        case 3:                                 /* STMXCSR */
            v = x86_temp_i64();
            tcg_gen_callN(x86_helper_stmxcsr, TCG_CALL_NO_RWG, v, tcg_env);
            x86_gen_st(s, v, x86_gen_lea(s), MO_LE | MO_32);
            return true;
        default:
            return false;
        }
    case 0xc3:                                  /* MOVNTI */
        if (!mem || p != P_NONE)
            return false;
        v = x86_temp();
        x86_gen_ld_reg(s, gpr_size(s), s->insn.reg, v);
        x86_gen_st(s, v, x86_gen_lea(s), MO_LE | gpr_size(s));
        return true;
    case 0xc4:                                  /* PINSRW */
        if (p > P_66)
            return false;
        if (p == P_NONE) {
            gen_mmx_enter(s);
            gen_insert(s, mmx_ofs(s->insn.reg), MO_16, 4);
            gen_mmx_written(s->insn.reg);
        } else {
            gen_insert(s, xmm_ofs(s->insn.reg), MO_16, 8);
        }
        return true;
    case 0xc5:                                  /* PEXTRW to a register */
        if (p > P_66 || mem)
            return false;
        if (p == P_NONE) {
            gen_mmx_enter(s);
            gen_extract(s, mmx_ofs(s->insn.rm), MO_16, 4, s->insn.reg, false);
        } else {
            gen_extract(s, xmm_ofs(s->insn.rm), MO_16, 8, s->insn.reg, false);
        }
        return true;
    case 0xd6:
        if (p == P_66) {                        /* MOVQ xmm/m64, xmm */
            uint32_t r = xmm_ofs(s->insn.reg);
            if (mem) {
                gen_store(s, x86_gen_lea(s), r, 8);
            } else {
                gen_copy(xmm_ofs(s->insn.rm), r, 8);
                gen_zero(xmm_ofs(s->insn.rm) + 8, 8);
            }
            return true;
        }
        if (mem || p == P_NONE)
            return false;
        gen_mmx_enter(s);
        if (p == P_F3) {                        /* MOVQ2DQ xmm, mm */
            gen_copy(xmm_ofs(s->insn.reg), mmx_ofs(s->insn.rm), 8);
            gen_zero(xmm_ofs(s->insn.reg) + 8, 8);
        } else {                                /* MOVDQ2Q mm, xmm */
            gen_copy(mmx_ofs(s->insn.reg), xmm_ofs(s->insn.rm), 8);
            gen_mmx_written(s->insn.reg);
        }
        return true;
    case 0xd7:
        if (p > P_66)
            return false;
        return gen_pmovmskb(s, p == P_NONE);
    case 0xe7:                                  /* MOVNTQ, MOVNTDQ */
        if (p > P_66 || !mem)
            return false;
        gen_move(s, true, p == P_NONE, p == P_NONE ? 8 : 16);
        return true;
    case 0xf0:                                  /* LDDQU */
        if (p != P_F2 || !mem)
            return false;
        gen_load(s, xmm_ofs(s->insn.reg), x86_gen_lea(s), 16);
        return true;
    case 0xf7: {                                /* MASKMOVQ, MASKMOVDQU */
        bool mmx = p == P_NONE;
        unsigned bytes = mmx ? 8 : 16;
        TCGv ea = x86_temp(), addr;

        if (p > P_66 || mem)
            return false;
        tcg_gen_mov(ea, cpu_regs[R_EDI]);
        if (s->insn.aflag == MO_32 && x86_tl == TCG_TYPE_I64)
            tcg_gen_ext32u(ea, ea);
        else if (s->insn.aflag == MO_16)
            tcg_gen_ext16u(ea, ea);
        addr = x86_gen_seg_addr(s, ea, R_DS);
        if (mmx)
            gen_mmx_enter(s);
        gen_load(s, TMP_OFS, addr, bytes);
        tcg_gen_callN(x86_helper_maskmov, sse_call(s), TCG_NO_RET, tcg_env,
                      c32(dst_reg(s, mmx)),
                      c32(mmx ? mmx_ofs(s->insn.rm) : xmm_ofs(s->insn.rm)),
                      c32(bytes));
        gen_store(s, addr, TMP_OFS, bytes);
        return true;
    }
    default:
        return gen_table_op(s, &ops_0f[opcode]);
    }
}

/* ---- the 0F38 and 0F3A maps -------------------------------------------------------- */

static bool translate_0f38(DisasContext *s)
{
    unsigned opcode = s->insn.opcode;

    if (s->insn.pfx >= P_F3)
        return false;               /* CRC32, MOVBE: the integer groups */
    switch (opcode) {
    case 0x17: {                                /* PTEST */
        TCGv flags = x86_temp_i64();
        uint32_t src;

        if (s->insn.pfx != P_66)
            return false;
        src = gen_src(s, false, 16);
        tcg_gen_callN(x86_helper_ptest, sse_call(s), flags, tcg_env,
                      c32(xmm_ofs(s->insn.reg)), c32(src));
        gen_flags_result(s, flags);
        return true;
    }
    case 0x2a:                                  /* MOVNTDQA */
        if (s->insn.pfx != P_66 || is_reg_form(s))
            return false;
        gen_load(s, xmm_ofs(s->insn.reg), x86_gen_lea(s), 16);
        return true;
    default:
        return gen_table_op(s, &ops_0f38[opcode]);
    }
}

static bool gen_pcmpstr(DisasContext *s)
{
    unsigned opcode = s->insn.opcode;
    bool explicit_len = opcode <= 0x61;
    uint32_t index_form = opcode & 1;
    uint32_t d = xmm_ofs(s->insn.reg), src = gen_src(s, false, 16);
    uint8_t imm = (uint8_t)s->insn.imm;
    TCGv r = x86_temp_i64(), flags = x86_temp_i64();

    if (explicit_len)
        tcg_gen_callN(x86_helper_pcmpestr, sse_call(s), r, tcg_env, c32(d), c32(src),
                      c32(imm | index_form << 8), tl_to_i64(cpu_regs[R_EAX]),
                      tl_to_i64(cpu_regs[R_EDX]));
    else
        tcg_gen_callN(x86_helper_pcmpistr, sse_call(s), r, tcg_env, c32(d), c32(src),
                      c32(imm | index_form << 8));
    if (index_form) {
        TCGv ecx = x86_temp_i64();
        tcg_gen_ext32u(ecx, r);
        x86_gen_st_reg(s, MO_32, R_ECX, i64_to_tl(ecx));
    }
    tcg_gen_shri(flags, r, 32);
    gen_flags_result(s, flags);
    return true;
}

static bool translate_0f3a(DisasContext *s)
{
    unsigned opcode = s->insn.opcode;
    uint32_t r = xmm_ofs(s->insn.reg);
    bool w = x86_rex_w(&s->insn);

    if (s->insn.pfx >= P_F3)
        return false;
    if (s->insn.pfx == P_NONE && opcode != 0x0f)
        return false;
    switch (opcode) {
    case 0x14: gen_extract(s, r, MO_8, 16, 0, true); return true;   /* PEXTRB */
    case 0x15: gen_extract(s, r, MO_16, 8, 0, true); return true;  /* PEXTRW */
    case 0x16:                                  /* PEXTRD/Q */
        gen_extract(s, r, w ? MO_64 : MO_32, w ? 2 : 4, 0, true);
        return true;
    case 0x17: gen_extract(s, r, MO_32, 4, 0, true); return true;  /* EXTRACTPS */
    case 0x20: gen_insert(s, r, MO_8, 16); return true;         /* PINSRB */
    case 0x22:                                  /* PINSRD/Q */
        gen_insert(s, r, w ? MO_64 : MO_32, w ? 2 : 4);
        return true;
    case 0x21: {                                /* INSERTPS */
        uint8_t imm = (uint8_t)s->insn.imm;
        uint32_t src = gen_src(s, false, 4);
        if (!is_reg_form(s))
            imm &= 0x3f;                        /* the loaded dword */
        tcg_gen_callN(x86_helper_insertps, sse_call(s), TCG_NO_RET, tcg_env, c32(r),
                      c32(src), c32(imm));
        return true;
    }
    case 0x60: case 0x61: case 0x62: case 0x63:
        return gen_pcmpstr(s);
    default:
        return gen_table_op(s, &ops_0f3a[opcode]);
    }
}

bool x86_translate_sse(DisasContext *s)
{
    switch (s->insn.map) {
    case X86_MAP_0F: return translate_0f(s);
    case X86_MAP_0F38: return translate_0f38(s);
    case X86_MAP_0F3A: return translate_0f3a(s);
    default: return false;
    }
}

void x86_fpu_tcg_init(void)
{
    /* The x87 and SSE state lives in env only: no IR globals. */
}
