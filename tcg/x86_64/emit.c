/*
 * emit.c: x86-64 instruction encoding (Intel SDM vol. 2, chapter 2:
 * prefixes, REX, ModRM/SIB, VEX).
 */
#include "tcg/x86_64/emit.h"

#include <assert.h>
#include <cpuid.h>
#include <string.h>

unsigned x86_features;

void x86_detect_features(void)
{
    unsigned a, b, c, d;
    unsigned f = 0;

    if (__get_cpuid(1, &a, &b, &c, &d)) {
        if (c & (1u << 22)) {
            f |= X86_FEAT_MOVBE;
        }
        if (c & (1u << 23)) {
            f |= X86_FEAT_POPCNT;
        }
        /* FMA3 is VEX-encoded: the OS must also save the xmm/ymm state
         * (OSXSAVE, and XCR0 bits 1 and 2). */
        if ((c & (1u << 12)) && (c & (1u << 27))) {
            unsigned lo, hi;
            __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
            if ((lo & 6) == 6) {
                f |= X86_FEAT_FMA;
            }
        }
    }
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        if (b & (1u << 3)) {
            f |= X86_FEAT_BMI1;
        }
        if (b & (1u << 8)) {
            f |= X86_FEAT_BMI2;
        }
    }
    if (__get_cpuid(0x80000001, &a, &b, &c, &d) && (c & (1u << 5))) {
        f |= X86_FEAT_LZCNT;
    }
    x86_features = f;
}

/*
 * Opcode descriptors: the low byte is the opcode byte, the bits above say
 * which prefixes and escape bytes precede it.
 */
enum {
    P_0F = 0x100,
    P_0F38 = 0x200,
    P_66 = 0x400,
    P_F3 = 0x800,
    P_F2 = 0x1000,
    P_W = 0x2000,      /* REX.W */
    P_BYTE_R = 0x4000, /* reg field is a byte register (spl..dil need REX) */
    P_BYTE_RM = 0x8000,/* rm field is a byte register */
};

static inline void put8(X86Asm *a, unsigned v)
{
    *a->ptr++ = (uint8_t)v;
}

static inline void put16(X86Asm *a, unsigned v)
{
    uint16_t x = (uint16_t)v;
    memcpy(a->ptr, &x, 2);
    a->ptr += 2;
}

static inline void put32(X86Asm *a, uint32_t v)
{
    memcpy(a->ptr, &v, 4);
    a->ptr += 4;
}

static inline void put64(X86Asm *a, uint64_t v)
{
    memcpy(a->ptr, &v, 8);
    a->ptr += 8;
}

static inline bool fits_s8(int64_t v)
{
    return v == (int8_t)v;
}

/* Prefixes, REX, escape bytes and the opcode byte.  r is the ModRM reg
 * field (or 0), x the SIB index (or 0), b the ModRM rm / SIB base. */
static void put_opc(X86Asm *a, unsigned opc, int r, int x, int b)
{
    unsigned rex = 0;

    if (opc & P_66) {
        put8(a, 0x66);
    }
    if (opc & P_F3) {
        put8(a, 0xf3);
    } else if (opc & P_F2) {
        put8(a, 0xf2);
    }
    if (opc & P_W) {
        rex |= 8;
    }
    rex |= (r & 8) >> 1;
    rex |= (x & 8) >> 2;
    rex |= (b & 8) >> 3;
    if (((opc & P_BYTE_R) && r >= 4) || ((opc & P_BYTE_RM) && b >= 4)) {
        rex |= 0x40; /* plain REX turns ah..bh into spl..dil */
    }
    if (rex) {
        put8(a, 0x40 | rex);
    }
    if (opc & (P_0F | P_0F38)) {
        put8(a, 0x0f);
        if (opc & P_0F38) {
            put8(a, 0x38);
        }
    }
    put8(a, opc & 0xff);
}

/* opcode with register-direct ModRM. */
static void put_rr(X86Asm *a, unsigned opc, int r, int rm)
{
    put_opc(a, opc, r, 0, rm);
    put8(a, 0xc0 | (r & 7) << 3 | (rm & 7));
}

/* opcode with a memory ModRM (+SIB, +displacement). */
static void put_rm(X86Asm *a, unsigned opc, int r, X86Mem m)
{
    int base = m.base, index = m.index;
    int mod;

    assert(index != X86_RSP);
    if (m.addr32) {
        put8(a, 0x67);
    }
    put_opc(a, opc & ~P_BYTE_RM, r, index < 0 ? 0 : index,
            base < 0 ? 0 : base);
    if (base < 0) {
        /* mod 0 with SIB base 101: no base register, disp32 */
        put8(a, (r & 7) << 3 | 4);
        put8(a, m.scale << 6 | ((index < 0 ? 4 : index) & 7) << 3 | 5);
        put32(a, (uint32_t)m.disp);
        return;
    }
    if (m.disp == 0 && (base & 7) != X86_RBP) {
        mod = 0; /* rbp/r13 with mod 0 would mean rip/disp32 */
    } else if (fits_s8(m.disp)) {
        mod = 1;
    } else {
        mod = 2;
    }
    if (index < 0 && (base & 7) != X86_RSP) {
        put8(a, mod << 6 | (r & 7) << 3 | (base & 7));
    } else {
        /* rsp/r12 as base need a SIB byte; index 100 means "none". */
        put8(a, mod << 6 | (r & 7) << 3 | 4);
        put8(a, m.scale << 6 | ((index < 0 ? 4 : index) & 7) << 3 |
                    (base & 7));
    }
    if (mod == 1) {
        put8(a, (uint8_t)m.disp);
    } else if (mod == 2) {
        put32(a, (uint32_t)m.disp);
    }
}

/* Three-byte VEX (C4) with a register-direct ModRM: map 2 = 0F38,
 * 3 = 0F3A; pp 0 = none, 1 = 66, 2 = F3, 3 = F2. */
static void put_vex_rr(X86Asm *a, int map, int pp, int w, int opc, int r,
                       int vvvv, int rm)
{
    put8(a, 0xc4);
    put8(a, (~r & 8) << 4 | 0x40 | (~rm & 8) << 2 | map);
    put8(a, w << 7 | (~vvvv & 15) << 3 | pp);
    put8(a, opc);
    put8(a, 0xc0 | (r & 7) << 3 | (rm & 7));
}

static inline unsigned pw(int w)
{
    return w ? P_W : 0;
}

/* ---- moves, loads, stores ---- */

void x86_mov_rr(X86Asm *a, int w, int dst, int src)
{
    put_rr(a, 0x89 | pw(w), src, dst);
}

void x86_movi(X86Asm *a, int w, int dst, uint64_t imm)
{
    if (!w || imm == (uint32_t)imm) {
        /* mov r32, imm32 zero-extends */
        put_opc(a, 0xb8 + (dst & 7), 0, 0, dst);
        put32(a, (uint32_t)imm);
    } else if ((int64_t)imm == (int32_t)imm) {
        put_rr(a, 0xc7 | P_W, 0, dst);
        put32(a, (uint32_t)imm);
    } else {
        x86_movabs(a, dst, imm);
    }
}

void x86_movabs(X86Asm *a, int dst, uint64_t imm)
{
    put_opc(a, (0xb8 + (dst & 7)) | P_W, 0, 0, dst);
    put64(a, imm);
}

static const unsigned load_opc[] = {
    [X86_LD_U8] = 0xb6 | P_0F,
    [X86_LD_S8_32] = 0xbe | P_0F,
    [X86_LD_S8_64] = 0xbe | P_0F | P_W,
    [X86_LD_U16] = 0xb7 | P_0F,
    [X86_LD_S16_32] = 0xbf | P_0F,
    [X86_LD_S16_64] = 0xbf | P_0F | P_W,
    [X86_LD_U32] = 0x8b,
    [X86_LD_S32_64] = 0x63 | P_W,
    [X86_LD_64] = 0x8b | P_W,
};

void x86_ld(X86Asm *a, X86Load kind, int dst, X86Mem m)
{
    put_rm(a, load_opc[kind], dst, m);
}

void x86_ext(X86Asm *a, X86Load kind, int dst, int src)
{
    unsigned opc = load_opc[kind];

    if (kind <= X86_LD_S8_64) {
        opc |= P_BYTE_RM;
    }
    put_rr(a, opc, dst, src);
}

void x86_st(X86Asm *a, int size_log2, int src, X86Mem m)
{
    static const unsigned opc[] = { 0x88 | P_BYTE_R, 0x89 | P_66, 0x89,
                                    0x89 | P_W };
    put_rm(a, opc[size_log2], src, m);
}

void x86_st_imm(X86Asm *a, int size_log2, X86Mem m, int32_t imm)
{
    static const unsigned opc[] = { 0xc6, 0xc7 | P_66, 0xc7, 0xc7 | P_W };
    put_rm(a, opc[size_log2], 0, m);
    if (size_log2 == 0) {
        put8(a, (uint8_t)imm);
    } else if (size_log2 == 1) {
        put16(a, (uint16_t)imm);
    } else {
        put32(a, (uint32_t)imm);
    }
}

void x86_lock_cmpxchg(X86Asm *a, int size_log2, int src, X86Mem m)
{
    static const unsigned opc[] = { 0xb0 | P_0F | P_BYTE_R,
                                    0xb1 | P_0F | P_66, 0xb1 | P_0F,
                                    0xb1 | P_0F | P_W };
    put8(a, 0xf0);
    put_rm(a, opc[size_log2], src, m);
}

void x86_lea(X86Asm *a, int w, int dst, X86Mem m)
{
    put_rm(a, 0x8d | pw(w), dst, m);
}

void x86_lea_rip(X86Asm *a, int dst, const void *target)
{
    put8(a, 0x48 | (dst & 8) >> 1);
    put8(a, 0x8d);
    put8(a, (uint8_t)((dst & 7) << 3 | 5));
    put32(a, (uint32_t)(int32_t)((const uint8_t *)target - (a->ptr + 4)));
}

void x86_movbe_ld(X86Asm *a, int size_log2, int dst, X86Mem m)
{
    assert(size_log2 >= 2);
    put_rm(a, 0xf0 | P_0F38 | pw(size_log2 == 3), dst, m);
}

void x86_movbe_st(X86Asm *a, int size_log2, int src, X86Mem m)
{
    static const unsigned size_opc[] = { 0, P_66, 0, P_W };
    assert(size_log2 >= 1);
    put_rm(a, 0xf1 | P_0F38 | size_opc[size_log2], src, m);
}

/* ---- arithmetic ---- */

void x86_alu_rr(X86Asm *a, X86Alu op, int w, int dst, int src)
{
    put_rr(a, (op << 3 | 1) | pw(w), src, dst);
}

void x86_alu_mi(X86Asm *a, X86Alu op, int w, X86Mem m, int32_t imm)
{
    if (fits_s8(imm)) {
        put_rm(a, 0x83 | pw(w), op, m);
        put8(a, (uint8_t)imm);
    } else {
        put_rm(a, 0x81 | pw(w), op, m);
        put32(a, (uint32_t)imm);
    }
}

void x86_alu_rm(X86Asm *a, X86Alu op, int w, int dst, X86Mem m)
{
    put_rm(a, (op << 3 | 3) | pw(w), dst, m);
}

void x86_alu_ri(X86Asm *a, X86Alu op, int w, int dst, int32_t imm)
{
    if (fits_s8(imm)) {
        put_rr(a, 0x83 | pw(w), op, dst);
        put8(a, (uint8_t)imm);
    } else if (dst == X86_RAX) {
        put_opc(a, (op << 3 | 5) | pw(w), 0, 0, 0);
        put32(a, (uint32_t)imm);
    } else {
        put_rr(a, 0x81 | pw(w), op, dst);
        put32(a, (uint32_t)imm);
    }
}

void x86_test_rr(X86Asm *a, int w, int r1, int r2)
{
    put_rr(a, 0x85 | pw(w), r2, r1);
}

void x86_test_ri(X86Asm *a, int w, int r, int32_t imm)
{
    if (imm == (uint8_t)imm) {
        /* only the low byte can be nonzero: test r8, imm8 */
        put_rr(a, 0xf6 | P_BYTE_RM, 0, r);
        put8(a, (uint8_t)imm);
    } else {
        put_rr(a, 0xf7 | pw(w), 0, r);
        put32(a, (uint32_t)imm);
    }
}

void x86_unary(X86Asm *a, X86Unary op, int w, int r)
{
    put_rr(a, 0xf7 | pw(w), op, r);
}

void x86_imul_rr(X86Asm *a, int w, int dst, int src)
{
    put_rr(a, 0xaf | P_0F | pw(w), dst, src);
}

void x86_imul_rri(X86Asm *a, int w, int dst, int src, int32_t imm)
{
    if (fits_s8(imm)) {
        put_rr(a, 0x6b | pw(w), dst, src);
        put8(a, (uint8_t)imm);
    } else {
        put_rr(a, 0x69 | pw(w), dst, src);
        put32(a, (uint32_t)imm);
    }
}

void x86_sign_extend_ax(X86Asm *a, int w)
{
    put_opc(a, 0x99 | pw(w), 0, 0, 0);
}

void x86_shift_ri(X86Asm *a, X86Shift op, int w, int r, int count)
{
    if (count == 1) {
        put_rr(a, 0xd1 | pw(w), op, r);
    } else {
        put_rr(a, 0xc1 | pw(w), op, r);
        put8(a, (uint8_t)count);
    }
}

void x86_shift_cl(X86Asm *a, X86Shift op, int w, int r)
{
    put_rr(a, 0xd3 | pw(w), op, r);
}

void x86_rolw8(X86Asm *a, int r)
{
    put_rr(a, 0xc1 | P_66, X86_ROL, r);
    put8(a, 8);
}

void x86_shiftx(X86Asm *a, X86Shift op, int w, int dst, int src, int count)
{
    int pp = op == X86_SHL ? 1 : op == X86_SAR ? 2 : 3;

    assert(op == X86_SHL || op == X86_SHR || op == X86_SAR);
    put_vex_rr(a, 2, pp, w, 0xf7, dst, count, src);
}

void x86_rorx(X86Asm *a, int w, int dst, int src, int count)
{
    put_vex_rr(a, 3, 3, w, 0xf0, dst, 0, src);
    put8(a, (uint8_t)count);
}

void x86_andn(X86Asm *a, int w, int dst, int src1, int src2)
{
    put_vex_rr(a, 2, 0, w, 0xf2, dst, src1, src2);
}

void x86_bswap(X86Asm *a, int w, int r)
{
    put_opc(a, (0xc8 + (r & 7)) | P_0F | pw(w), 0, 0, r);
}

void x86_bitop(X86Asm *a, X86BitOp op, int w, int dst, int src)
{
    static const unsigned opc[] = {
        [X86_BSF] = 0xbc | P_0F,
        [X86_BSR] = 0xbd | P_0F,
        [X86_TZCNT] = 0xbc | P_0F | P_F3,
        [X86_LZCNT] = 0xbd | P_0F | P_F3,
        [X86_POPCNT] = 0xb8 | P_0F | P_F3,
    };
    put_rr(a, opc[op] | pw(w), dst, src);
}

void x86_setcc(X86Asm *a, X86Cond cc, int r)
{
    put_rr(a, (0x90 + cc) | P_0F | P_BYTE_RM, 0, r);
}

void x86_cmov(X86Asm *a, X86Cond cc, int w, int dst, int src)
{
    put_rr(a, (0x40 + cc) | P_0F | pw(w), dst, src);
}

/* ---- control flow ---- */

uint8_t *x86_jcc32(X86Asm *a, X86Cond cc)
{
    put8(a, 0x0f);
    put8(a, 0x80 + cc);
    put32(a, 0);
    return a->ptr - 4;
}

uint8_t *x86_jmp32(X86Asm *a)
{
    put8(a, 0xe9);
    put32(a, 0);
    return a->ptr - 4;
}

void x86_jmp8(X86Asm *a, int8_t rel)
{
    put8(a, 0xeb);
    put8(a, (uint8_t)rel);
}

void x86_jcc8(X86Asm *a, X86Cond cc, int8_t rel)
{
    put8(a, 0x70 + cc);
    put8(a, (uint8_t)rel);
}

bool x86_rel32_reaches(const uint8_t *field, const uint8_t *target)
{
    intptr_t rel = target - (field + 4);
    return rel == (int32_t)rel;
}

void x86_patch_rel32(uint8_t *field, const uint8_t *target)
{
    int32_t rel = (int32_t)(target - (field + 4));
    memcpy(field, &rel, 4);
}

void x86_call_reg(X86Asm *a, int r)
{
    put_rr(a, 0xff, 2, r);
}

void x86_jmp_reg(X86Asm *a, int r)
{
    put_rr(a, 0xff, 4, r);
}

void x86_jmp_mem(X86Asm *a, X86Mem m)
{
    put_rm(a, 0xff, 4, m);
}

void x86_ret(X86Asm *a)
{
    put8(a, 0xc3);
}

void x86_push(X86Asm *a, int r)
{
    put_opc(a, 0x50 + (r & 7), 0, 0, r);
}

void x86_pop(X86Asm *a, int r)
{
    put_opc(a, 0x58 + (r & 7), 0, 0, r);
}

void x86_mfence(X86Asm *a)
{
    put8(a, 0x0f);
    put8(a, 0xae);
    put8(a, 0xf0);
}

void x86_nops(X86Asm *a, int n)
{
    /* SDM's recommended multi-byte nop sequences, 1 to 8 bytes. */
    static const uint8_t nop[8][8] = {
        { 0x90 },
        { 0x66, 0x90 },
        { 0x0f, 0x1f, 0x00 },
        { 0x0f, 0x1f, 0x40, 0x00 },
        { 0x0f, 0x1f, 0x44, 0x00, 0x00 },
        { 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
        { 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
        { 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
    };
    while (n > 0) {
        int k = n > 8 ? 8 : n;
        memcpy(a->ptr, nop[k - 1], k);
        a->ptr += k;
        n -= k;
    }
}

/* ---- x87 ---- */

void x86_x87_mem(X86Asm *a, unsigned opcode, int digit, X86Mem m)
{
    put_rm(a, opcode & 0xff, digit, m);
}

void x86_x87_op(X86Asm *a, unsigned opcode, unsigned modrm)
{
    put8(a, opcode);
    put8(a, modrm);
}

/* ---- scalar double-precision SSE ---- */

void x86_movq_xr(X86Asm *a, int xmm, int r)
{
    put_rr(a, 0x6e | P_0F | P_66 | P_W, xmm, r);
}

void x86_movq_rx(X86Asm *a, int r, int xmm)
{
    put_rr(a, 0x7e | P_0F | P_66 | P_W, xmm, r);
}

void x86_sse_sd(X86Asm *a, X86SseOp op, int dst, int src)
{
    put_rr(a, op | P_0F | P_F2, dst, src);
}

void x86_movsd_mx(X86Asm *a, X86Mem m, int xmm)
{
    put_rm(a, 0x11 | P_0F | P_F2, xmm, m);
}

void x86_movsd_xm(X86Asm *a, int xmm, X86Mem m)
{
    put_rm(a, 0x10 | P_0F | P_F2, xmm, m);
}

void x86_cvtss2sd(X86Asm *a, int dst, int src)
{
    put_rr(a, 0x5a | P_0F | P_F3, dst, src);
}

void x86_cvtsi2sd(X86Asm *a, int xmm, int r)
{
    put_rr(a, 0x2a | P_0F | P_F2 | P_W, xmm, r);
}

void x86_ucomisd(X86Asm *a, bool signaling, int xa, int xb)
{
    put_rr(a, (signaling ? 0x2f : 0x2e) | P_0F | P_66, xa, xb);
}

void x86_vfmadd231sd(X86Asm *a, int dst, int src1, int src2)
{
    put_vex_rr(a, 2, 1, 1, 0xb9, dst, src1, src2);
}
