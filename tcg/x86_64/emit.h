/*
 * emit.h: an x86-64 instruction encoder.  Each function appends one
 * instruction to an X86Asm buffer; the caller guarantees the room (the code
 * generator checks for a few KiB before each IR op).  Only the forms the
 * code generator needs are here; tests/unit/test-x86-encoder.c checks every
 * one against capstone.
 *
 * "w" arguments select the operand size: 0 = 32-bit (which zeroes bits
 * 32..63 of a destination register), 1 = 64-bit.
 */
#ifndef TCG_X86_64_EMIT_H
#define TCG_X86_64_EMIT_H

#include <stdbool.h>
#include <stdint.h>

typedef enum X86Reg {
    X86_RAX, X86_RCX, X86_RDX, X86_RBX, X86_RSP, X86_RBP, X86_RSI, X86_RDI,
    X86_R8, X86_R9, X86_R10, X86_R11, X86_R12, X86_R13, X86_R14, X86_R15,
    X86_NOREG = -1,
} X86Reg;

/* [base + index << scale + disp]; base X86_NOREG for none (then disp32
 * alone, or with the index), index X86_NOREG for none (never rsp).
 * addr32: a 32-bit effective address (0x67 prefix): the sum wraps at
 * 4 GiB and is zero-extended, registers are read as their low halves. */
typedef struct X86Mem {
    int8_t base, index;
    uint8_t scale;  /* log2: 0..3 */
    bool addr32;
    int32_t disp;
} X86Mem;

static inline X86Mem x86_mem(int base, int32_t disp)
{
    return (X86Mem){ .base = (int8_t)base, .index = X86_NOREG, .disp = disp };
}
static inline X86Mem x86_mem_index(int base, int index, int scale,
                                   int32_t disp)
{
    return (X86Mem){ .base = (int8_t)base, .index = (int8_t)index,
                     .scale = (uint8_t)scale, .disp = disp };
}

typedef struct X86Asm {
    uint8_t *ptr; /* next byte to write */
} X86Asm;

/* Condition codes, as in the low nibble of jcc/setcc/cmovcc. */
typedef enum X86Cond {
    X86_CC_O, X86_CC_NO, X86_CC_B, X86_CC_AE, X86_CC_E, X86_CC_NE,
    X86_CC_BE, X86_CC_A, X86_CC_S, X86_CC_NS, X86_CC_P, X86_CC_NP,
    X86_CC_L, X86_CC_GE, X86_CC_LE, X86_CC_G,
} X86Cond;

/* Two-operand ALU ops, numbered as their /digit in the 0x81 group. */
typedef enum X86Alu {
    X86_ADD, X86_OR, X86_ADC, X86_SBB, X86_AND, X86_SUB, X86_XOR, X86_CMP,
} X86Alu;

/* Shift group, numbered as their /digit in the 0xC1/0xD3 group. */
typedef enum X86Shift {
    X86_ROL = 0, X86_ROR = 1, X86_SHL = 4, X86_SHR = 5, X86_SAR = 7,
} X86Shift;

/* One-operand 0xF7 group. */
typedef enum X86Unary {
    X86_NOT = 2, X86_NEG = 3, X86_MUL = 4, X86_IMUL1 = 5, X86_DIV = 6,
    X86_IDIV = 7,
} X86Unary;

/* Register loads with zero/sign extension, also used for register to
 * register extension (x86_ext). */
typedef enum X86Load {
    X86_LD_U8,     /* movzx r32, byte */
    X86_LD_S8_32,  /* movsx r32, byte */
    X86_LD_S8_64,  /* movsx r64, byte */
    X86_LD_U16,    /* movzx r32, word */
    X86_LD_S16_32, /* movsx r32, word */
    X86_LD_S16_64, /* movsx r64, word */
    X86_LD_U32,    /* mov r32, dword */
    X86_LD_S32_64, /* movsxd r64, dword */
    X86_LD_64,     /* mov r64, qword */
} X86Load;

/* Bit counting: op dst, src. */
typedef enum X86BitOp {
    X86_BSF, X86_BSR, X86_TZCNT, X86_LZCNT, X86_POPCNT,
} X86BitOp;

/* Host CPU features the code generator may use (x86_detect_features fills
 * it; tests clear bits to exercise the fallbacks). */
enum {
    X86_FEAT_BMI1 = 1,   /* andn, tzcnt */
    X86_FEAT_BMI2 = 2,   /* shlx/shrx/sarx, rorx */
    X86_FEAT_LZCNT = 4,
    X86_FEAT_POPCNT = 8,
    X86_FEAT_MOVBE = 16,
    X86_FEAT_FMA = 32,   /* FMA3 with OS support for the VEX state */
};
extern unsigned x86_features;
void x86_detect_features(void);

/* ---- moves, loads, stores ---- */
void x86_mov_rr(X86Asm *a, int w, int dst, int src);
/* Shortest flag-preserving constant load (mov r32 / mov sign-extended /
 * movabs); an I32 value is given zero-extended or as an int32. */
void x86_movi(X86Asm *a, int w, int dst, uint64_t imm);
void x86_movabs(X86Asm *a, int dst, uint64_t imm); /* always 10 bytes */
void x86_ld(X86Asm *a, X86Load kind, int dst, X86Mem m);
void x86_ext(X86Asm *a, X86Load kind, int dst, int src);
void x86_st(X86Asm *a, int size_log2, int src, X86Mem m);
void x86_st_imm(X86Asm *a, int size_log2, X86Mem m, int32_t imm);
/* lock cmpxchg m, src (compares with and loads rax/eax/ax/al). */
void x86_lock_cmpxchg(X86Asm *a, int size_log2, int src, X86Mem m);
void x86_lea(X86Asm *a, int w, int dst, X86Mem m);
/* dst = target, RIP-relative (target within 2 GiB of the code). */
void x86_lea_rip(X86Asm *a, int dst, const void *target);
void x86_movbe_ld(X86Asm *a, int size_log2, int dst, X86Mem m); /* 32/64 */
void x86_movbe_st(X86Asm *a, int size_log2, int src, X86Mem m); /* 16..64 */

/* ---- arithmetic ---- */
void x86_alu_rr(X86Asm *a, X86Alu op, int w, int dst, int src);
void x86_alu_ri(X86Asm *a, X86Alu op, int w, int dst, int32_t imm);
/* op [m], imm (cmp for flags, or read-modify-write). */
void x86_alu_mi(X86Asm *a, X86Alu op, int w, X86Mem m, int32_t imm);
/* op dst, [m]. */
void x86_alu_rm(X86Asm *a, X86Alu op, int w, int dst, X86Mem m);
void x86_test_rr(X86Asm *a, int w, int r1, int r2);
void x86_test_ri(X86Asm *a, int w, int r, int32_t imm);
void x86_unary(X86Asm *a, X86Unary op, int w, int r);
void x86_imul_rr(X86Asm *a, int w, int dst, int src);
void x86_imul_rri(X86Asm *a, int w, int dst, int src, int32_t imm);
void x86_sign_extend_ax(X86Asm *a, int w); /* cdq / cqo */
void x86_shift_ri(X86Asm *a, X86Shift op, int w, int r, int count);
void x86_shift_cl(X86Asm *a, X86Shift op, int w, int r);
void x86_rolw8(X86Asm *a, int r); /* rol r16, 8: swap the low two bytes */
/* BMI2: dst = src shifted by count (a register), flags untouched. */
void x86_shiftx(X86Asm *a, X86Shift op, int w, int dst, int src, int count);
void x86_rorx(X86Asm *a, int w, int dst, int src, int count);
void x86_andn(X86Asm *a, int w, int dst, int src1, int src2); /* ~s1 & s2 */
void x86_bswap(X86Asm *a, int w, int r);
void x86_bitop(X86Asm *a, X86BitOp op, int w, int dst, int src);
void x86_setcc(X86Asm *a, X86Cond cc, int r); /* low byte only */
void x86_cmov(X86Asm *a, X86Cond cc, int w, int dst, int src);

/* ---- scalar double-precision SSE (xmm registers by number) ---- */
/* Arithmetic opcodes after F2 0F. */
typedef enum X86SseOp {
    X86_SQRTSD = 0x51, X86_ADDSD = 0x58, X86_MULSD = 0x59, X86_SUBSD = 0x5c,
    X86_DIVSD = 0x5e, X86_CVTSD2SS = 0x5a, X86_MOVSD = 0x10,
} X86SseOp;
void x86_movq_xr(X86Asm *a, int xmm, int r); /* movq xmm, r64 */
void x86_movq_rx(X86Asm *a, int r, int xmm); /* movq r64, xmm */
void x86_sse_sd(X86Asm *a, X86SseOp op, int dst, int src); /* op xmm, xmm */
void x86_movsd_mx(X86Asm *a, X86Mem m, int xmm); /* movsd m64, xmm */
void x86_movsd_xm(X86Asm *a, int xmm, X86Mem m); /* movsd xmm, m64 */
void x86_cvtss2sd(X86Asm *a, int dst, int src);
void x86_cvtsi2sd(X86Asm *a, int xmm, int r); /* cvtsi2sd xmm, r64 */
/* ucomisd a, b (comisd when signaling): ZF PF CF. */
void x86_ucomisd(X86Asm *a, bool signaling, int xa, int xb);
/* FMA3: dst = src1 * src2 + dst, one rounding. */
void x86_vfmadd231sd(X86Asm *a, int dst, int src1, int src2);

/* ---- control flow ---- */
/* Branches with a rel32 field: return a pointer to the field, to be filled
 * by x86_patch_rel32 (it initially holds 0: the next instruction). */
uint8_t *x86_jcc32(X86Asm *a, X86Cond cc);
uint8_t *x86_jmp32(X86Asm *a);
void x86_jmp8(X86Asm *a, int8_t rel);
void x86_jcc8(X86Asm *a, X86Cond cc, int8_t rel);
void x86_patch_rel32(uint8_t *field, const uint8_t *target);
bool x86_rel32_reaches(const uint8_t *field, const uint8_t *target);
void x86_call_reg(X86Asm *a, int r);
void x86_jmp_reg(X86Asm *a, int r);
void x86_jmp_mem(X86Asm *a, X86Mem m);
void x86_ret(X86Asm *a);
void x86_push(X86Asm *a, int r);
void x86_pop(X86Asm *a, int r);
void x86_mfence(X86Asm *a);
void x86_nops(X86Asm *a, int n); /* n bytes of recommended multi-byte nops */

/* ---- x87 ---- */
/* An x87 instruction with a memory operand: escape opcode D8..DF and
 * the /digit (fldt [m] = DB /5, fstpt = DB /7, fnstsw = DD /7, ...). */
void x86_x87_mem(X86Asm *a, unsigned opcode, int digit, X86Mem m);
/* An x87 instruction without a memory operand: opcode, ModRM byte (fsqrt
 * = D9 FA, faddp st(1), st = DE C1, ...). */
void x86_x87_op(X86Asm *a, unsigned opcode, unsigned modrm);

#endif
