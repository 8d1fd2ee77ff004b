/*
 * test-x86-encoder.c: every form of the x86-64 encoder (tcg/x86_64/emit.h),
 * over all registers and the ModRM/SIB special cases, disassembled by
 * capstone (the oracle) and compared with the text we expect.
 */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <capstone/capstone.h>
#include <cmocka.h>

#include "tcg/x86_64/emit.h"

static const char *const r64[16] = {
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
    "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};
static const char *const r32[16] = {
    "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
    "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d",
};
static const char *const r16[16] = {
    "ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
    "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w",
};
static const char *const r8[16] = {
    "al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
    "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b",
};
static const char *const *const rw[2] = { r32, r64 };
static const char *const cc_name[16] = {
    "o", "no", "b", "ae", "e", "ne", "be", "a",
    "s", "ns", "p", "np", "l", "ge", "le", "g",
};
static const char *const alu_name[8] = {
    "add", "or", "adc", "sbb", "and", "sub", "xor", "cmp",
};

static csh cs;
static uint8_t buf[64];
static X86Asm as;
static unsigned checked;

static void start(void)
{
    memset(buf, 0xcc, sizeof(buf));
    as.ptr = buf;
}

/* The bytes emitted since start() must be exactly one instruction whose
 * capstone text is the formatted expectation. */
static void check(const char *fmt, ...)
{
    char want[128], got[256];
    size_t len = (size_t)(as.ptr - buf);
    cs_insn *insn;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(want, sizeof(want), fmt, ap);
    va_end(ap);

    size_t n = cs_disasm(cs, buf, len, 0x1000, 1, &insn);
    if (n == 1) {
        snprintf(got, sizeof(got), "%s%s%s", insn->mnemonic,
                 insn->op_str[0] ? " " : "", insn->op_str);
        if (insn->size != len) {
            snprintf(got + strlen(got), sizeof(got) - strlen(got),
                     " (size %u of %zu)", insn->size, len);
        }
        cs_free(insn, n);
    } else {
        snprintf(got, sizeof(got), "(undecodable)");
    }
    if (strcmp(want, got) != 0) {
        char hex[3 * sizeof(buf) + 1] = "";
        for (size_t i = 0; i < len; i++) {
            sprintf(hex + 3 * i, "%02x ", buf[i]);
        }
        print_error("want \"%s\"\n got \"%s\"\nbytes %s\n", want, got, hex);
        fail();
    }
    checked++;
}

/* The bytes since start() are one instruction with this mnemonic whose
 * memory operand is a 32-bit effective address with no base or index
 * and this displacement (capstone's detail: its text shows a negative
 * disp32 sign-extended to 64 bits even with 0x67). */
static void check_abs32(const char *mnemonic, int32_t disp)
{
    size_t len = (size_t)(as.ptr - buf);
    cs_insn *insn;
    bool ok = false;

    cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
    size_t n = cs_disasm(cs, buf, len, 0x1000, 1, &insn);
    if (n == 1) {
        const cs_x86 *x = &insn->detail->x86;
        for (int i = 0; i < x->op_count; i++) {
            const cs_x86_op *o = &x->operands[i];
            ok |= o->type == X86_OP_MEM && o->mem.base == X86_REG_INVALID &&
                  o->mem.index == X86_REG_INVALID &&
                  o->mem.disp == disp;
        }
        ok = ok && x->addr_size == 4 && insn->size == len &&
             strcmp(insn->mnemonic, mnemonic) == 0;
        cs_free(insn, n);
    }
    cs_option(cs, CS_OPT_DETAIL, CS_OPT_OFF);
    if (!ok) {
        print_error("not \"%s\" with [%d] as a 32-bit address\n", mnemonic,
                    disp);
        fail();
    }
    checked++;
}

/* capstone's immediate format: decimal up to 9, else hex; negatives with
 * a minus sign. */
static const char *imm(int64_t v)
{
    static char s[4][32];
    static int k;
    char *p = s[k++ & 3];
    uint64_t m = v < 0 ? -(uint64_t)v : (uint64_t)v;

    if (m <= 9) {
        snprintf(p, 32, "%s%llu", v < 0 ? "-" : "", (unsigned long long)m);
    } else {
        snprintf(p, 32, "%s0x%llx", v < 0 ? "-" : "", (unsigned long long)m);
    }
    return p;
}

/* An unsigned immediate (32-bit operations show theirs unsigned). */
static const char *uimm(uint64_t v)
{
    static char s[4][32];
    static int k;
    char *p = s[k++ & 3];

    snprintf(p, 32, v <= 9 ? "%llu" : "0x%llx", (unsigned long long)v);
    return p;
}

static const char *mem_text(X86Mem m)
{
    static char s[4][64];
    static int k;
    char *p = s[k++ & 3];
    const char *const *rn = m.addr32 ? r32 : r64;
    int n = snprintf(p, 64, "[");

    if (m.base >= 0) {
        n += snprintf(p + n, 64 - n, "%s", rn[m.base]);
    }
    if (m.index >= 0) {
        n += snprintf(p + n, 64 - n, "%s%s", m.base >= 0 ? " + " : "",
                      rn[m.index]);
        if (m.scale) {
            n += snprintf(p + n, 64 - n, "*%d", 1 << m.scale);
        }
    }
    if (m.base < 0 && m.index < 0) {
        /* an absolute address: capstone shows the disp32 as written
         * (without 0x67 the CPU sign-extends it) */
        n += snprintf(p + n, 64 - n, "%s", uimm((uint32_t)m.disp));
    } else if (m.disp) {
        n += snprintf(p + n, 64 - n, " %c %s", m.disp < 0 ? '-' : '+',
                      imm(m.disp < 0 ? -(int64_t)m.disp : m.disp));
    }
    snprintf(p + n, 64 - n, "]");
    return p;
}

static const int32_t disps[] = { 0, 8, -8, 127, -128, 128, -129, 0x12345678,
                                 INT32_MIN };

/* A representative set of addressing modes: every base with every
 * displacement size and no index; every base/index pair with every scale. */
static X86Mem mems[16 * 9 + 16 * 15 * 4 * 3];
static int nb_mems;

static void build_mems(void)
{
    static const int32_t idx_disps[] = { 0, -8, 0x1000 };

    for (int b = 0; b < 16; b++) {
        for (size_t d = 0; d < sizeof(disps) / sizeof(disps[0]); d++) {
            mems[nb_mems++] = x86_mem(b, disps[d]);
        }
        for (int i = 0; i < 16; i++) {
            for (int sc = 0; sc < 4 && i != X86_RSP; sc++) {
                for (int d = 0; d < 3; d++) {
                    mems[nb_mems++] = x86_mem_index(b, i, sc, idx_disps[d]);
                }
            }
        }
    }
}

static void test_mov_ld_st(void **state)
{
    static const char *const sz[] = { "byte", "word", "dword", "qword" };

    for (int w = 0; w < 2; w++) {
        for (int d = 0; d < 16; d++) {
            for (int s = 0; s < 16; s++) {
                start();
                x86_mov_rr(&as, w, d, s);
                check("mov %s, %s", rw[w][d], rw[w][s]);
            }
        }
    }
    for (int k = 0; k < nb_mems; k++) {
        X86Mem m = mems[k];
        int r = (m.base * 7 + m.disp) & 15;
        start();
        x86_ld(&as, X86_LD_64, r, m);
        check("mov %s, qword ptr %s", r64[r], mem_text(m));
        start();
        x86_lea(&as, 1, r, m);
        check("lea %s, %s", r64[r], mem_text(m));
        start();
        x86_st(&as, 0, r, m);
        check("mov byte ptr %s, %s", mem_text(m), r8[r]);
    }
    for (int r = 0; r < 16; r++) {
        X86Mem m = x86_mem(r ^ 5, r * 40 - 300);
        start();
        x86_ld(&as, X86_LD_U8, r, m);
        check("movzx %s, byte ptr %s", r32[r], mem_text(m));
        start();
        x86_ld(&as, X86_LD_S8_32, r, m);
        check("movsx %s, byte ptr %s", r32[r], mem_text(m));
        start();
        x86_ld(&as, X86_LD_S8_64, r, m);
        check("movsx %s, byte ptr %s", r64[r], mem_text(m));
        start();
        x86_ld(&as, X86_LD_U16, r, m);
        check("movzx %s, word ptr %s", r32[r], mem_text(m));
        start();
        x86_ld(&as, X86_LD_S16_32, r, m);
        check("movsx %s, word ptr %s", r32[r], mem_text(m));
        start();
        x86_ld(&as, X86_LD_S16_64, r, m);
        check("movsx %s, word ptr %s", r64[r], mem_text(m));
        start();
        x86_ld(&as, X86_LD_U32, r, m);
        check("mov %s, dword ptr %s", r32[r], mem_text(m));
        start();
        x86_ld(&as, X86_LD_S32_64, r, m);
        check("movsxd %s, dword ptr %s", r64[r], mem_text(m));
        start();
        x86_lea(&as, 0, r, m);
        check("lea %s, %s", r32[r], mem_text(m));
        start();
        x86_alu_mi(&as, X86_CMP, 0, m, 0);
        check("cmp dword ptr %s, 0", mem_text(m));
        start();
        x86_alu_mi(&as, X86_ADD, 1, m, -3);
        check("add qword ptr %s, -3", mem_text(m));
        start();
        x86_alu_mi(&as, X86_CMP, 1, m, 0x12345);
        check("cmp qword ptr %s, 0x12345", mem_text(m));
        start();
        x86_alu_rm(&as, X86_CMP, 1, r, m);
        check("cmp %s, qword ptr %s", r64[r], mem_text(m));
        start();
        x86_alu_rm(&as, X86_SUB, 0, r, m);
        check("sub %s, dword ptr %s", r32[r], mem_text(m));
        for (int size = 0; size < 4; size++) {
            static const char *const *const names[] = { r8, r16, r32, r64 };
            static const int32_t imms[] = { 0x7f, 0x1234, -5, -0x12345678 };
            start();
            x86_st(&as, size, r, m);
            check("mov %s ptr %s, %s", sz[size], mem_text(m),
                  names[size][r]);
            start();
            x86_st_imm(&as, size, m, imms[size]);
            check("mov %s ptr %s, %s", sz[size], mem_text(m),
                  size == 2 ? uimm((uint32_t)imms[size]) : imm(imms[size]));
            start();
            x86_lock_cmpxchg(&as, size, r, m);
            check("lock cmpxchg %s ptr %s, %s", sz[size], mem_text(m),
                  names[size][r]);
        }
        start();
        x86_movbe_ld(&as, 2, r, m);
        check("movbe %s, dword ptr %s", r32[r], mem_text(m));
        start();
        x86_movbe_ld(&as, 3, r, m);
        check("movbe %s, qword ptr %s", r64[r], mem_text(m));
        start();
        x86_movbe_st(&as, 1, r, m);
        check("movbe word ptr %s, %s", mem_text(m), r16[r]);
        start();
        x86_movbe_st(&as, 2, r, m);
        check("movbe dword ptr %s, %s", mem_text(m), r32[r]);
        start();
        x86_movbe_st(&as, 3, r, m);
        check("movbe qword ptr %s, %s", mem_text(m), r64[r]);
    }
}

/* 32-bit effective addresses (0x67) and addresses without a base
 * register, in every instruction that takes a guest address. */
static void test_addr32_absolute(void **state)
{
    static const char *const sz[] = { "byte", "word", "dword", "qword" };
    static const char *const *const names[] = { r8, r16, r32, r64 };
    static const int32_t abs_disps[] = { 0x1000, 0x7fffffff, -0x1000,
                                         INT32_MIN };
    X86Mem forms[sizeof(mems) / sizeof(mems[0]) + 16 * 4 * 2 + 8];
    int nb = 0;

    for (int k = 0; k < nb_mems; k++) {
        forms[nb] = mems[k];
        forms[nb++].addr32 = true;
    }
    for (int i = 0; i < 16; i++) {
        for (int sc = 0; sc < 4 && i != X86_RSP; sc++) {
            for (int a32 = 0; a32 < 2; a32++) {
                X86Mem m = x86_mem_index(X86_NOREG, i, sc,
                                         abs_disps[(i + sc) & 3]);
                m.addr32 = a32;
                forms[nb++] = m;
            }
        }
    }
    /* Absolute: capstone shows a negative disp32 sign-extended or not
     * depending on the operand size, so those are checked below. */
    for (int d = 0; d < 2; d++) {
        forms[nb] = x86_mem(X86_NOREG, abs_disps[d]);
        forms[nb++].addr32 = true;
        forms[nb++] = x86_mem(X86_NOREG, abs_disps[d]);
    }
    for (int k = 0; k < nb; k++) {
        X86Mem m = forms[k];
        int r = (k * 7 + 3) & 15;
        start();
        x86_ld(&as, X86_LD_U8, r, m);
        check("movzx %s, byte ptr %s", r32[r], mem_text(m));
        start();
        x86_ld(&as, X86_LD_S16_64, r, m);
        check("movsx %s, word ptr %s", r64[r], mem_text(m));
        start();
        x86_ld(&as, X86_LD_64, r, m);
        check("mov %s, qword ptr %s", r64[r], mem_text(m));
        start();
        x86_movbe_ld(&as, 2, r, m);
        check("movbe %s, dword ptr %s", r32[r], mem_text(m));
        for (int size = 0; size < 4; size++) {
            start();
            x86_st(&as, size, r, m);
            check("mov %s ptr %s, %s", sz[size], mem_text(m),
                  names[size][r]);
            static const int32_t imms[] = { 0x7f, 0x1234, -5, -0x12345678 };
            start();
            x86_st_imm(&as, size, m, imms[size]);
            check("mov %s ptr %s, %s", sz[size], mem_text(m),
                  size == 2 ? uimm((uint32_t)imms[size]) : imm(imms[size]));
            start();
            x86_lock_cmpxchg(&as, size, r, m);
            check("lock cmpxchg %s ptr %s, %s", sz[size], mem_text(m),
                  names[size][r]);
            if (size) {
                start();
                x86_movbe_st(&as, size, r, m);
                check("movbe %s ptr %s, %s", sz[size], mem_text(m),
                      names[size][r]);
            }
        }
    }
    X86Mem top = x86_mem(X86_NOREG, -0x1000);
    top.addr32 = true;
    start();
    x86_st(&as, 0, X86_RCX, top);
    check_abs32("mov", -0x1000);
    start();
    x86_ld(&as, X86_LD_S16_64, X86_R9, top);
    check_abs32("movsx", -0x1000);
    start();
    x86_st_imm(&as, 3, top, 1);
    check_abs32("mov", -0x1000);
}

static void test_movi(void **state)
{
    static const uint64_t vals[] = {
        0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
        0xffffffffffffffffull, 0xffffffff80000000ull, 0x123456789abcdefull,
        0x8000000000000000ull,
    };
    for (int r = 0; r < 16; r++) {
        for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
            uint64_t v = vals[i];
            start();
            x86_movi(&as, 0, r, v);
            check("mov %s, %s", r32[r], uimm((uint32_t)v));
            start();
            x86_movi(&as, 1, r, v);
            if (v == (uint32_t)v) {
                check("mov %s, %s", r32[r], uimm(v));
            } else if ((int64_t)v == (int32_t)v) {
                check("mov %s, %s", r64[r], imm((int64_t)v));
            } else {
                check("movabs %s, %s", r64[r], uimm(v));
            }
            start();
            x86_movabs(&as, r, v);
            check("movabs %s, %s", r64[r], uimm(v));
        }
    }
}

static void test_alu(void **state)
{
    static const int32_t imms[] = { 0, 1, -1, 127, -128, 128, -129,
                                    0x12345678, INT32_MIN };
    for (int w = 0; w < 2; w++) {
        for (int op = 0; op < 8; op++) {
            for (int d = 0; d < 16; d++) {
                for (int s = 0; s < 16; s++) {
                    start();
                    x86_alu_rr(&as, op, w, d, s);
                    check("%s %s, %s", alu_name[op], rw[w][d], rw[w][s]);
                }
                for (size_t i = 0; i < sizeof(imms) / sizeof(imms[0]); i++) {
                    int32_t v = imms[i];
                    start();
                    x86_alu_ri(&as, op, w, d, v);
                    /* capstone shows logical and 32-bit imm32 operands
                     * unsigned, others signed */
                    bool logical = op == X86_OR || op == X86_AND ||
                                   op == X86_XOR;
                    const char *text =
                        logical ? uimm(w ? (uint64_t)(int64_t)v : (uint32_t)v)
                        : w || v == (int8_t)v ? imm(v)
                                              : uimm((uint32_t)v);
                    check("%s %s, %s", alu_name[op], rw[w][d], text);
                }
            }
        }
        for (int d = 0; d < 16; d++) {
            for (int s = 0; s < 16; s++) {
                start();
                x86_test_rr(&as, w, d, s);
                check("test %s, %s", rw[w][d], rw[w][s]);
                start();
                x86_imul_rr(&as, w, d, s);
                check("imul %s, %s", rw[w][d], rw[w][s]);
                start();
                x86_imul_rri(&as, w, d, s, 100);
                check("imul %s, %s, 0x64", rw[w][d], rw[w][s]);
                start();
                x86_imul_rri(&as, w, d, s, -1000);
                check("imul %s, %s, %s", rw[w][d], rw[w][s],
                      w ? imm(-1000) : uimm((uint32_t)-1000));
            }
            start();
            x86_test_ri(&as, w, d, 0x80);
            check("test %s, 0x80", r8[d]);
            start();
            x86_test_ri(&as, w, d, 0x100);
            check("test %s, 0x100", rw[w][d]);
            static const char *const un[8] = { [2] = "not", "neg", "mul",
                                               "imul", "div", "idiv" };
            for (int op = 2; op < 8; op++) {
                start();
                x86_unary(&as, op, w, d);
                check("%s %s", un[op], rw[w][d]);
            }
        }
    }
    start();
    x86_sign_extend_ax(&as, 0);
    check("cdq");
    start();
    x86_sign_extend_ax(&as, 1);
    check("cqo");
}

static void test_shift(void **state)
{
    static const char *const name[8] = { "rol", "ror", 0, 0, "shl", "shr", 0,
                                         "sar" };
    static const char *const namex[8] = { [4] = "shlx", "shrx", [7] = "sarx" };

    for (int w = 0; w < 2; w++) {
        for (int op = 0; op < 8; op++) {
            if (!name[op]) {
                continue;
            }
            for (int r = 0; r < 16; r++) {
                start();
                x86_shift_ri(&as, op, w, r, 1);
                check("%s %s, 1", name[op], rw[w][r]);
                start();
                x86_shift_ri(&as, op, w, r, 31);
                check("%s %s, 0x1f", name[op], rw[w][r]);
                start();
                x86_shift_cl(&as, op, w, r);
                check("%s %s, cl", name[op], rw[w][r]);
                if (namex[op]) {
                    for (int s = 0; s < 16; s++) {
                        int c = (r + 3 * s) & 15;
                        start();
                        x86_shiftx(&as, op, w, r, s, c);
                        check("%s %s, %s, %s", namex[op], rw[w][r], rw[w][s],
                              rw[w][c]);
                    }
                }
            }
        }
        for (int d = 0; d < 16; d++) {
            for (int s = 0; s < 16; s++) {
                start();
                x86_rorx(&as, w, d, s, 5);
                check("rorx %s, %s, 5", rw[w][d], rw[w][s]);
                start();
                x86_andn(&as, w, d, s, (d + s) & 15);
                check("andn %s, %s, %s", rw[w][d], rw[w][s],
                      rw[w][(d + s) & 15]);
            }
        }
    }
    for (int r = 0; r < 16; r++) {
        start();
        x86_rolw8(&as, r);
        check("rol %s, 8", r16[r]);
    }
}

static void test_bits_ext(void **state)
{
    static const char *const bitname[] = { "bsf", "bsr", "tzcnt", "lzcnt",
                                           "popcnt" };
    for (int w = 0; w < 2; w++) {
        for (int d = 0; d < 16; d++) {
            start();
            x86_bswap(&as, w, d);
            check("bswap %s", rw[w][d]);
            for (int s = 0; s < 16; s++) {
                for (int op = 0; op < 5; op++) {
                    start();
                    x86_bitop(&as, op, w, d, s);
                    check("%s %s, %s", bitname[op], rw[w][d], rw[w][s]);
                }
                for (int cc = 0; cc < 16; cc++) {
                    start();
                    x86_cmov(&as, cc, w, d, s);
                    check("cmov%s %s, %s", cc_name[cc], rw[w][d], rw[w][s]);
                }
            }
        }
    }
    for (int d = 0; d < 16; d++) {
        for (int s = 0; s < 16; s++) {
            start();
            x86_ext(&as, X86_LD_U8, d, s);
            check("movzx %s, %s", r32[d], r8[s]);
            start();
            x86_ext(&as, X86_LD_S8_32, d, s);
            check("movsx %s, %s", r32[d], r8[s]);
            start();
            x86_ext(&as, X86_LD_S8_64, d, s);
            check("movsx %s, %s", r64[d], r8[s]);
            start();
            x86_ext(&as, X86_LD_U16, d, s);
            check("movzx %s, %s", r32[d], r16[s]);
            start();
            x86_ext(&as, X86_LD_S16_32, d, s);
            check("movsx %s, %s", r32[d], r16[s]);
            start();
            x86_ext(&as, X86_LD_S16_64, d, s);
            check("movsx %s, %s", r64[d], r16[s]);
            start();
            x86_ext(&as, X86_LD_U32, d, s);
            check("mov %s, %s", r32[d], r32[s]);
            start();
            x86_ext(&as, X86_LD_S32_64, d, s);
            check("movsxd %s, %s", r64[d], r32[s]);
        }
        for (int cc = 0; cc < 16; cc++) {
            start();
            x86_setcc(&as, cc, d);
            check("set%s %s", cc_name[cc], r8[d]);
        }
    }
}

static void test_control(void **state)
{
    for (int cc = 0; cc < 16; cc++) {
        start();
        uint8_t *f = x86_jcc32(&as, cc);
        x86_patch_rel32(f, buf + 0x40);
        check("j%s 0x1040", cc_name[cc]);
        start();
        x86_jcc8(&as, cc, -2);
        check("j%s 0x1000", cc_name[cc]);
    }
    start();
    uint8_t *f = x86_jmp32(&as);
    assert_true(x86_rel32_reaches(f, buf));
    x86_patch_rel32(f, buf);
    check("jmp 0x1000");
    start();
    x86_jmp8(&as, 0x10);
    check("jmp 0x1012");
    for (int r = 0; r < 16; r++) {
        start();
        x86_call_reg(&as, r);
        check("call %s", r64[r]);
        start();
        x86_jmp_reg(&as, r);
        check("jmp %s", r64[r]);
        start();
        x86_jmp_mem(&as, x86_mem(r, 16));
        check("jmp qword ptr [%s + 0x10]", r64[r]);
        start();
        x86_push(&as, r);
        check("push %s", r64[r]);
        start();
        x86_pop(&as, r);
        check("pop %s", r64[r]);
    }
    start();
    x86_ret(&as);
    check("ret");
    start();
    x86_mfence(&as);
    check("mfence");
    for (int n = 1; n <= 8; n++) {
        start();
        x86_nops(&as, n);
        check(n == 1 ? "nop" : n == 2 ? "nop" : "nop %s",
              n == 3 ? "dword ptr [rax]"
              : n == 4 ? "dword ptr [rax]"
              : n == 5 ? "dword ptr [rax + rax]"
              : n == 6 ? "word ptr [rax + rax]"
              : n == 7 ? "dword ptr [rax]"
                       : "dword ptr [rax + rax]");
    }
    /* a long run is whole nops only */
    start();
    x86_nops(&as, 21);
    assert_int_equal(as.ptr - buf, 21);
    for (uint8_t *p = buf; p < as.ptr;) {
        cs_insn *insn;
        size_t n = cs_disasm(cs, p, (size_t)(as.ptr - p), 0, 1, &insn);
        assert_int_equal(n, 1);
        assert_string_equal(insn->mnemonic, "nop");
        p += insn->size;
        cs_free(insn, n);
    }
}

static int setup(void **state)
{
    build_mems();
    return cs_open(CS_ARCH_X86, CS_MODE_64, &cs) == CS_ERR_OK ? 0 : -1;
}

static int teardown(void **state)
{
    printf("checked %u encodings against capstone\n", checked);
    cs_close(&cs);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mov_ld_st), cmocka_unit_test(test_movi),
        cmocka_unit_test(test_addr32_absolute),
        cmocka_unit_test(test_alu),       cmocka_unit_test(test_shift),
        cmocka_unit_test(test_bits_ext),  cmocka_unit_test(test_control),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
