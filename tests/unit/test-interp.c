/*
 * test-interp.c: IR programs built with the generators, run on the
 * interpreter backend, checked against values computed by plain C in this
 * file.  Every arithmetic program runs three ways: unoptimized with its
 * inputs in env (the interpreter computes), optimized (the same after
 * tcg_optimize/tcg_liveness), and with its inputs as constants (the
 * optimizer folds), so the folding and interpreting paths must agree with
 * C and with each other.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tcg/exec.h"
#include "tcg/tcg-op.h"

/* ---- what tb.c and the mode would provide -------------------------------- */

uintptr_t tcg_guest_base;
static TranslationBlock *lookup_result;

TranslationBlock *tb_lookup_for_env(CPUCommon *env)
{
    (void)env;
    return lookup_result;
}

uint64_t tb_guest_pc_at(const TranslationBlock *tb, uint32_t host_offset)
{
    uint64_t pc = tb->pc;
    for (uint32_t i = 0; i < tb->icount; i++) {
        if (tb->insn_host_ofs[i] > host_offset) {
            break;
        }
        pc = tb->pc + tb->insn_pc_ofs[i];
    }
    return pc;
}

/* ---- the fake CPU ------------------------------------------------------ */

typedef struct TestEnv {
    CPUCommon common;
    uint32_t r[8];
    uint64_t q[8];
    uint8_t bytes[16];
} TestEnv;

static TestEnv env;
static TCGv r[8], q[8];

static const char *const r_names[8] = { "r0", "r1", "r2", "r3",
                                        "r4", "r5", "r6", "r7" };
static const char *const q_names[8] = { "q0", "q1", "q2", "q3",
                                        "q4", "q5", "q6", "q7" };

static int setup_globals(void **state)
{
    (void)state;
    tcg_context_init();
    for (int i = 0; i < 8; i++) {
        r[i] = tcg_global_mem_new(TCG_TYPE_I32,
                                  offsetof(TestEnv, r) + 4 * i, r_names[i]);
    }
    for (int i = 0; i < 8; i++) {
        q[i] = tcg_global_mem_new(TCG_TYPE_I64,
                                  offsetof(TestEnv, q) + 8 * i, q_names[i]);
    }
    return 0;
}

/* Up to 4 TBs live at once (for chaining tests). */
typedef struct TestTB {
    TranslationBlock tb;
    uint16_t insn_pc_ofs[64];
    uint32_t insn_host_ofs[64];
    _Alignas(16) uint8_t code[16384];
} TestTB;

static TestTB tbs[4];

static void begin(uint64_t pc)
{
    tcg_func_start(pc);
    tcg_gen_insn_start(pc);
}

/* Turn the ops of tcg_ctx into bytecode in tbs[slot]. */
static TranslationBlock *finish(int slot, bool optimize)
{
    TestTB *t = &tbs[slot];
    memset(&t->tb, 0, sizeof(t->tb));
    t->tb.pc = tcg_ctx->tb_pc;
    for (uint32_t i = 0; i < tcg_ctx->nb_ops; i++) {
        t->tb.icount += tcg_ctx->ops[i].opc == INDEX_op_insn_start;
    }
    t->tb.insn_pc_ofs = t->insn_pc_ofs;
    t->tb.insn_host_ofs = t->insn_host_ofs;
    t->tb.code = t->code;
    if (optimize) {
        tcg_optimize(tcg_ctx);
    }
    tcg_liveness(tcg_ctx);
    long n = tcg_backend_interp.gen_code(tcg_ctx, &t->tb, t->code,
                                         sizeof(t->code));
    assert_true(n > 0);
    t->tb.code_size = (uint32_t)n;
    return &t->tb;
}

static uintptr_t run(TranslationBlock *tb)
{
    env.common.current_tb = tb;
    return tcg_backend_interp.exec(&env.common, tb);
}

/* ---- reference semantics, written out in plain C ------------------------ */

enum { OPT_NONE, OPT_ON, OPT_CONST, NB_MODES };

static uint32_t ref_binary32(TCGOpcode opc, uint32_t a, uint32_t b)
{
    int32_t sa = (int32_t)a, sb = (int32_t)b;
    switch (opc) {
    case INDEX_op_add: return a + b;
    case INDEX_op_sub: return a - b;
    case INDEX_op_mul: return a * b;
    case INDEX_op_mulhs: return (uint32_t)(((int64_t)sa * sb) >> 32);
    case INDEX_op_mulhu: return (uint32_t)(((uint64_t)a * b) >> 32);
    case INDEX_op_divs:
        return b == 0 ? 0 : (sa == INT32_MIN && sb == -1) ? a : (uint32_t)(sa / sb);
    case INDEX_op_divu: return b ? a / b : 0;
    case INDEX_op_rems:
        return b == 0 ? 0 : (sa == INT32_MIN && sb == -1) ? 0 : (uint32_t)(sa % sb);
    case INDEX_op_remu: return b ? a % b : 0;
    case INDEX_op_and: return a & b;
    case INDEX_op_or: return a | b;
    case INDEX_op_xor: return a ^ b;
    case INDEX_op_andc: return a & ~b;
    case INDEX_op_orc: return a | ~b;
    case INDEX_op_shl: return a << (b & 31);
    case INDEX_op_shr: return a >> (b & 31);
    case INDEX_op_sar: return (uint32_t)(sa >> (b & 31));
    case INDEX_op_rotl: return (b & 31) ? (a << (b & 31)) | (a >> (32 - (b & 31))) : a;
    case INDEX_op_rotr: return (b & 31) ? (a >> (b & 31)) | (a << (32 - (b & 31))) : a;
    default: fail_msg("no reference for op %d", opc); return 0;
    }
}

static uint64_t ref_binary64(TCGOpcode opc, uint64_t a, uint64_t b)
{
    int64_t sa = (int64_t)a, sb = (int64_t)b;
    switch (opc) {
    case INDEX_op_add: return a + b;
    case INDEX_op_sub: return a - b;
    case INDEX_op_mul: return a * b;
    case INDEX_op_mulhs: return (uint64_t)(((__int128)sa * sb) >> 64);
    case INDEX_op_mulhu: return (uint64_t)(((unsigned __int128)a * b) >> 64);
    case INDEX_op_divs:
        return b == 0 ? 0 : (sa == INT64_MIN && sb == -1) ? a : (uint64_t)(sa / sb);
    case INDEX_op_divu: return b ? a / b : 0;
    case INDEX_op_rems:
        return b == 0 ? 0 : (sa == INT64_MIN && sb == -1) ? 0 : (uint64_t)(sa % sb);
    case INDEX_op_remu: return b ? a % b : 0;
    case INDEX_op_and: return a & b;
    case INDEX_op_or: return a | b;
    case INDEX_op_xor: return a ^ b;
    case INDEX_op_andc: return a & ~b;
    case INDEX_op_orc: return a | ~b;
    case INDEX_op_shl: return a << (b & 63);
    case INDEX_op_shr: return a >> (b & 63);
    case INDEX_op_sar: return (uint64_t)(sa >> (b & 63));
    case INDEX_op_rotl: return (b & 63) ? (a << (b & 63)) | (a >> (64 - (b & 63))) : a;
    case INDEX_op_rotr: return (b & 63) ? (a >> (b & 63)) | (a << (64 - (b & 63))) : a;
    default: fail_msg("no reference for op %d", opc); return 0;
    }
}

static const TCGOpcode binary_ops[] = {
    INDEX_op_add, INDEX_op_sub, INDEX_op_mul, INDEX_op_mulhs, INDEX_op_mulhu,
    INDEX_op_divs, INDEX_op_divu, INDEX_op_rems, INDEX_op_remu, INDEX_op_and,
    INDEX_op_or, INDEX_op_xor, INDEX_op_andc, INDEX_op_orc, INDEX_op_shl,
    INDEX_op_shr, INDEX_op_sar, INDEX_op_rotl, INDEX_op_rotr,
};

static const uint64_t values[] = {
    0, 1, 2, 3, 7, 31, 32, 33, 63, 64, 0xff, 0x8000, 0xffff, 0x7fffffff,
    0x80000000, 0xffffffff, 0x100000000ull, 0x123456789abcdef0ull,
    0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull,
    0xfffffffffffffffeull, 0x00000000fffffff9ull, 0xdeadbeefcafef00dull,
};
#define NB_VALUES (sizeof(values) / sizeof(values[0]))
#define NB_BINARY (sizeof(binary_ops) / sizeof(binary_ops[0]))

static void test_binary_i32(void **state)
{
    (void)state;
    for (size_t o = 0; o < NB_BINARY; o++) {
        for (size_t i = 0; i < NB_VALUES; i++) {
            for (size_t j = 0; j < NB_VALUES; j++) {
                uint32_t a = (uint32_t)values[i], b = (uint32_t)values[j];
                uint32_t want = ref_binary32(binary_ops[o], a, b);
                for (int mode = 0; mode < NB_MODES; mode++) {
                    begin(0x1000);
                    TCGv ta = r[0], tb = r[1];
                    if (mode == OPT_CONST) {
                        ta = tcg_constant(TCG_TYPE_I32, (int32_t)a);
                        tb = tcg_constant(TCG_TYPE_I32, (int32_t)b);
                    }
                    tcg_gen_op3(binary_ops[o], TCG_TYPE_I32, r[2].idx, ta.idx,
                                tb.idx);
                    tcg_gen_exit_tb(0);
                    TranslationBlock *t = finish(0, mode != OPT_NONE);
                    env.r[0] = a;
                    env.r[1] = b;
                    env.r[2] = 0x5a5a5a5a;
                    assert_int_equal(run(t), 0);
                    if (env.r[2] != want) {
                        fail_msg("%s_i32 0x%x, 0x%x mode %d: got 0x%x want 0x%x",
                                 tcg_op_defs[binary_ops[o]].name, a, b, mode,
                                 env.r[2], want);
                    }
                }
            }
        }
    }
}

static void test_binary_i64(void **state)
{
    (void)state;
    for (size_t o = 0; o < NB_BINARY; o++) {
        for (size_t i = 0; i < NB_VALUES; i++) {
            for (size_t j = 0; j < NB_VALUES; j++) {
                uint64_t a = values[i], b = values[j];
                uint64_t want = ref_binary64(binary_ops[o], a, b);
                for (int mode = 0; mode < NB_MODES; mode++) {
                    begin(0x1000);
                    TCGv ta = q[0], tb = q[1];
                    if (mode == OPT_CONST) {
                        ta = tcg_constant(TCG_TYPE_I64, (int64_t)a);
                        tb = tcg_constant(TCG_TYPE_I64, (int64_t)b);
                    }
                    tcg_gen_op3(binary_ops[o], TCG_TYPE_I64, q[2].idx, ta.idx,
                                tb.idx);
                    tcg_gen_exit_tb(0);
                    TranslationBlock *t = finish(0, mode != OPT_NONE);
                    env.q[0] = a;
                    env.q[1] = b;
                    env.q[2] = 0x5a5a5a5a5a5a5a5aull;
                    run(t);
                    if (env.q[2] != want) {
                        fail_msg("%s_i64 0x%llx, 0x%llx mode %d: got 0x%llx want 0x%llx",
                                 tcg_op_defs[binary_ops[o]].name,
                                 (unsigned long long)a, (unsigned long long)b,
                                 mode, (unsigned long long)env.q[2],
                                 (unsigned long long)want);
                    }
                }
            }
        }
    }
}

/* Unary ops: the result for one input, computed in C. */
static uint64_t ref_unary(TCGOpcode opc, bool is64, uint64_t a)
{
    uint32_t a32 = (uint32_t)a;
    switch (opc) {
    case INDEX_op_neg: return is64 ? -a : (uint32_t)-a32;
    case INDEX_op_not: return is64 ? ~a : (uint32_t)~a32;
    case INDEX_op_clz:
        if (is64) {
            int n = 0;
            for (uint64_t m = 1ull << 63; m && !(a & m); m >>= 1) {
                n++;
            }
            return (uint64_t)n;
        } else {
            int n = 0;
            for (uint32_t m = 1u << 31; m && !(a32 & m); m >>= 1) {
                n++;
            }
            return (uint64_t)n;
        }
    case INDEX_op_ctz: {
        int width = is64 ? 64 : 32, n = 0;
        while (n < width && !((a >> n) & 1)) {
            n++;
        }
        return (uint64_t)n;
    }
    case INDEX_op_ctpop: {
        int n = 0;
        for (int i = 0; i < (is64 ? 64 : 32); i++) {
            n += (a >> i) & 1;
        }
        return (uint64_t)n;
    }
    case INDEX_op_bswap16: return ((a & 0xff) << 8) | ((a >> 8) & 0xff);
    case INDEX_op_bswap32:
        return ((a & 0xff) << 24) | ((a & 0xff00) << 8) | ((a >> 8) & 0xff00) |
               ((a >> 24) & 0xff);
    case INDEX_op_bswap64: {
        uint64_t v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | ((a >> (8 * i)) & 0xff);
        }
        return v;
    }
    case INDEX_op_ext8s: {
        uint64_t v = (a & 0x80) ? (a | ~0xffull) : (a & 0xff);
        return is64 ? v : (uint32_t)v;
    }
    case INDEX_op_ext8u: return a & 0xff;
    case INDEX_op_ext16s: {
        uint64_t v = (a & 0x8000) ? (a | ~0xffffull) : (a & 0xffff);
        return is64 ? v : (uint32_t)v;
    }
    case INDEX_op_ext16u: return a & 0xffff;
    case INDEX_op_ext32s: return (a & 0x80000000) ? (a | ~0xffffffffull) : (a & 0xffffffff);
    case INDEX_op_ext32u: return a & 0xffffffff;
    default: fail_msg("no reference for op %d", opc); return 0;
    }
}

static void check_unary(TCGOpcode opc, bool is64)
{
    TCGType type = is64 ? TCG_TYPE_I64 : TCG_TYPE_I32;
    for (size_t i = 0; i < NB_VALUES; i++) {
        uint64_t a = is64 ? values[i] : (uint32_t)values[i];
        uint64_t want = ref_unary(opc, is64, a);
        for (int mode = 0; mode < NB_MODES; mode++) {
            begin(0x1000);
            TCGv src = is64 ? q[0] : r[0], dst = is64 ? q[2] : r[2];
            if (mode == OPT_CONST) {
                src = tcg_constant(type, (int64_t)a);
            }
            tcg_gen_op2(opc, type, dst.idx, src.idx);
            tcg_gen_exit_tb(0);
            TranslationBlock *t = finish(0, mode != OPT_NONE);
            env.q[0] = a;
            env.r[0] = (uint32_t)a;
            env.q[2] = env.r[2] = 0x5a5a5a5a;
            run(t);
            uint64_t got = is64 ? env.q[2] : env.r[2];
            if (got != want) {
                fail_msg("%s_%s 0x%llx mode %d: got 0x%llx want 0x%llx",
                         tcg_op_defs[opc].name, is64 ? "i64" : "i32",
                         (unsigned long long)a, mode, (unsigned long long)got,
                         (unsigned long long)want);
            }
        }
    }
}

static void test_unary(void **state)
{
    (void)state;
    static const TCGOpcode ops[] = {
        INDEX_op_neg, INDEX_op_not, INDEX_op_clz, INDEX_op_ctz, INDEX_op_ctpop,
        INDEX_op_bswap16, INDEX_op_bswap32, INDEX_op_ext8s, INDEX_op_ext8u,
        INDEX_op_ext16s, INDEX_op_ext16u,
    };
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        check_unary(ops[i], false);
        check_unary(ops[i], true);
    }
    check_unary(INDEX_op_bswap64, true);
    check_unary(INDEX_op_ext32s, true);
    check_unary(INDEX_op_ext32u, true);
}

static void test_conversions(void **state)
{
    (void)state;
    for (int mode = 0; mode < NB_MODES; mode++) {
        begin(0x1000);
        TCGv a32 = mode == OPT_CONST ? tcg_constant(TCG_TYPE_I32, (int32_t)0x80000001)
                                     : r[0];
        TCGv a64 = mode == OPT_CONST ? tcg_constant(TCG_TYPE_I64, 0x8765432180000001ll)
                                     : q[0];
        tcg_gen_ext_i32_i64(q[1], a32);
        tcg_gen_extu_i32_i64(q[2], a32);
        tcg_gen_extrl_i64_i32(r[1], a64);
        tcg_gen_extrh_i64_i32(r[2], a64);
        tcg_gen_exit_tb(0);
        TranslationBlock *t = finish(0, mode != OPT_NONE);
        env.r[0] = 0x80000001;
        env.q[0] = 0x8765432180000001ull;
        run(t);
        assert_int_equal(env.q[1], 0xffffffff80000001ull);
        assert_int_equal(env.q[2], 0x0000000080000001ull);
        assert_int_equal(env.r[1], 0x80000001);
        assert_int_equal(env.r[2], 0x87654321);
    }
}

/* ---- conditions -------------------------------------------------------- */

static bool ref_cond(bool is64, TCGCond c, uint64_t a, uint64_t b)
{
    if (!is64) {
        a = (uint32_t)a;
        b = (uint32_t)b;
    }
    int64_t sa = is64 ? (int64_t)a : (int32_t)a;
    int64_t sb = is64 ? (int64_t)b : (int32_t)b;
    switch (c) {
    case TCG_COND_NEVER: return false;
    case TCG_COND_ALWAYS: return true;
    case TCG_COND_EQ: return a == b;
    case TCG_COND_NE: return a != b;
    case TCG_COND_LT: return sa < sb;
    case TCG_COND_GE: return sa >= sb;
    case TCG_COND_LE: return sa <= sb;
    case TCG_COND_GT: return sa > sb;
    case TCG_COND_LTU: return a < b;
    case TCG_COND_GEU: return a >= b;
    case TCG_COND_LEU: return a <= b;
    case TCG_COND_GTU: return a > b;
    case TCG_COND_TSTEQ: return !(a & b);
    case TCG_COND_TSTNE: return (a & b) != 0;
    }
    return false;
}

static const uint64_t cond_values[] = {
    0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
    0x8000000000000000ull, 0xffffffffffffffffull, 5, 0xfffffffb,
};
#define NB_COND_VALUES (sizeof(cond_values) / sizeof(cond_values[0]))

/* setcond, brcond and movcond on every condition, both types. */
static void test_conditions(void **state)
{
    (void)state;
    for (int is64 = 0; is64 < 2; is64++) {
        TCGType type = is64 ? TCG_TYPE_I64 : TCG_TYPE_I32;
        for (int c = TCG_COND_NEVER; c <= TCG_COND_TSTNE; c++) {
            for (size_t i = 0; i < NB_COND_VALUES; i++) {
                for (size_t j = 0; j < NB_COND_VALUES; j++) {
                    uint64_t a = cond_values[i], b = cond_values[j];
                    bool want = ref_cond(is64, (TCGCond)c, a, b);
                    assert_int_equal(tcg_eval_cond(type, (TCGCond)c, a, b), want);
                    assert_int_equal(tcg_eval_cond(type, tcg_invert_cond((TCGCond)c), a, b), !want);
                    assert_int_equal(tcg_eval_cond(type, tcg_swap_cond((TCGCond)c), b, a), want);
                    for (int mode = 0; mode < NB_MODES; mode++) {
                        begin(0x1000);
                        TCGv ta = is64 ? q[0] : r[0], tb = is64 ? q[1] : r[1];
                        if (mode == OPT_CONST) {
                            ta = tcg_constant(type, (int64_t)a);
                            tb = tcg_constant(type, (int64_t)b);
                        }
                        uint32_t skip = tcg_new_label();
                        /* r3 = setcond; r4 = movcond(.., 11, 22) in I32
                         * whatever the compare type; r5 = 1 unless branch */
                        TCGv sc = is64 ? q[3] : r[3];
                        tcg_gen_setcond((TCGCond)c, sc, ta, tb);
                        tcg_gen_movcond((TCGCond)c, r[4], ta, tb,
                                        tcg_constant(TCG_TYPE_I32, 11),
                                        tcg_constant(TCG_TYPE_I32, 22));
                        tcg_gen_movi(r[5], 0);
                        tcg_gen_brcond((TCGCond)c, ta, tb, skip);
                        tcg_gen_movi(r[5], 1);
                        tcg_gen_set_label(skip);
                        tcg_gen_exit_tb(0);
                        TranslationBlock *t = finish(0, mode != OPT_NONE);
                        env.r[0] = (uint32_t)a;
                        env.r[1] = (uint32_t)b;
                        env.q[0] = a;
                        env.q[1] = b;
                        env.q[3] = env.r[3] = 0x55;
                        run(t);
                        uint64_t got = is64 ? env.q[3] : env.r[3];
                        if (got != want || env.r[4] != (want ? 11u : 22u) ||
                            env.r[5] != (uint32_t)!want) {
                            fail_msg("cond %d is64 %d 0x%llx,0x%llx mode %d: "
                                     "set %llu mov %u br %u want %d",
                                     c, is64, (unsigned long long)a,
                                     (unsigned long long)b, mode,
                                     (unsigned long long)got, env.r[4],
                                     env.r[5], want);
                        }
                    }
                }
            }
        }
    }
}

/* ---- memory ------------------------------------------------------------ */

static _Alignas(16) uint8_t guest_mem[64];

static void test_guest_loads(void **state)
{
    (void)state;
    static const uint8_t bytes[8] = { 0x81, 0x92, 0xa3, 0xb4,
                                      0xc5, 0xd6, 0xe7, 0xf8 };
    /* Guest address 0x10 (as I32 and I64) maps to guest_mem + 0x10. */
    tcg_guest_base = (uintptr_t)guest_mem;
    memcpy(guest_mem + 0x10, bytes, 8);
    static const struct {
        MemOp mop;
        uint64_t want64; /* into an I64 temp */
    } cases[] = {
        { MO_UB, 0x81 },
        { MO_SB, 0xffffffffffffff81ull },
        { MO_UW | MO_BE, 0x8192 },
        { MO_UW | MO_LE, 0x9281 },
        { MO_SW | MO_BE, 0xffffffffffff8192ull },
        { MO_SW | MO_LE, 0xffffffffffff9281ull },
        { MO_UL | MO_BE, 0x8192a3b4 },
        { MO_UL | MO_LE, 0xb4a39281 },
        { MO_SL | MO_BE, 0xffffffff8192a3b4ull },
        { MO_SL | MO_LE, 0xffffffffb4a39281ull },
        { MO_UQ | MO_BE, 0x8192a3b4c5d6e7f8ull },
        { MO_UQ | MO_LE, 0xf8e7d6c5b4a39281ull },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        for (int opt = 0; opt < 2; opt++) {
            begin(0x1000);
            tcg_gen_qemu_ld(q[1], r[0], cases[i].mop, 0);
            tcg_gen_qemu_ld(q[2], q[0], cases[i].mop, 0);
            if ((cases[i].mop & MO_SIZE) != MO_64) {
                tcg_gen_qemu_ld(r[1], r[0], cases[i].mop, 0);
            }
            tcg_gen_exit_tb(0);
            TranslationBlock *t = finish(0, opt);
            env.r[0] = 0x10;
            env.q[0] = 0x10;
            env.r[1] = 0;
            run(t);
            assert_int_equal(env.q[1], cases[i].want64);
            assert_int_equal(env.q[2], cases[i].want64);
            if ((cases[i].mop & MO_SIZE) != MO_64) {
                assert_int_equal(env.r[1], (uint32_t)cases[i].want64);
            }
        }
    }
}

static void test_guest_stores(void **state)
{
    (void)state;
    tcg_guest_base = (uintptr_t)guest_mem - 0x100; /* guest 0x100 = mem[0] */
    begin(0x1000);
    tcg_gen_qemu_st(r[0], tcg_constant(TCG_TYPE_I32, 0x100), MO_UL | MO_BE, 0);
    tcg_gen_qemu_st(r[0], tcg_constant(TCG_TYPE_I32, 0x104), MO_UW | MO_BE, 0);
    tcg_gen_qemu_st(r[0], tcg_constant(TCG_TYPE_I32, 0x106), MO_UW | MO_LE, 0);
    tcg_gen_qemu_st(r[0], tcg_constant(TCG_TYPE_I32, 0x108), MO_UB, 0);
    tcg_gen_qemu_st(q[0], tcg_constant(TCG_TYPE_I64, 0x110), MO_UQ | MO_BE, 0);
    tcg_gen_qemu_st(q[0], tcg_constant(TCG_TYPE_I64, 0x118), MO_UL | MO_LE, 0);
    tcg_gen_exit_tb(0);
    TranslationBlock *t = finish(0, true);
    memset(guest_mem, 0xee, sizeof(guest_mem));
    env.r[0] = 0x11223344;
    env.q[0] = 0x0102030405060708ull;
    run(t);
    static const uint8_t want[0x20] = {
        0x11, 0x22, 0x33, 0x44, 0x33, 0x44, 0x44, 0x33,
        0x44, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
        0x08, 0x07, 0x06, 0x05, 0xee, 0xee, 0xee, 0xee,
    };
    assert_memory_equal(guest_mem, want, sizeof(want));
}

/* Guest addresses are zero-extended: an I32 address 0xfffffff0 is
 * 4 GiB - 16 above the base, not 16 below it. */
static void test_guest_address_zero_extended(void **state)
{
    (void)state;
    tcg_guest_base = (uintptr_t)guest_mem + 0x20 - 0xfffffff0u;
    guest_mem[0x20] = 0x5c;
    begin(0x1000);
    tcg_gen_qemu_ld(r[1], r[0], MO_UB, 0);
    tcg_gen_exit_tb(0);
    TranslationBlock *t = finish(0, true);
    env.r[0] = 0xfffffff0;
    run(t);
    assert_int_equal(env.r[1], 0x5c);
}

static void test_env_access(void **state)
{
    (void)state;
    begin(0x1000);
    TCGv t32 = tcg_temp_new(TCG_TYPE_I32);
    TCGv t64 = tcg_temp_new(TCG_TYPE_I64);
    tcg_gen_ld_env(t32, offsetof(TestEnv, bytes), MO_SB);
    tcg_gen_mov(r[0], t32);
    tcg_gen_ld_env(t64, offsetof(TestEnv, bytes) + 2, MO_UW);
    tcg_gen_mov(q[0], t64);
    tcg_gen_st_env(r[1], offsetof(TestEnv, bytes) + 8, MO_UL);
    tcg_gen_st_env(q[1], offsetof(TestEnv, bytes) + 12, MO_UB);
    tcg_gen_exit_tb(0);
    TranslationBlock *t = finish(0, true);
    memset(env.bytes, 0, sizeof(env.bytes));
    env.bytes[0] = 0xfe;
    uint16_t w = 0xbeef;
    memcpy(env.bytes + 2, &w, 2);
    env.r[1] = 0xa1b2c3d4;
    env.q[1] = 0x1234;
    run(t);
    assert_int_equal(env.r[0], 0xfffffffe);
    assert_int_equal(env.q[0], 0xbeef);
    uint32_t l;
    memcpy(&l, env.bytes + 8, 4);
    assert_int_equal(l, 0xa1b2c3d4);
    assert_int_equal(env.bytes[12], 0x34);
    assert_int_equal(env.bytes[13], 0);
}

/* ---- calls ------------------------------------------------------------- */

static uint32_t helper_mix(uint32_t a, uint64_t b, uint32_t c)
{
    return (uint32_t)(a * 3 + (b >> 32) + c);
}

static uint64_t helper_wide(uint64_t a, uint64_t b, uint64_t c, uint64_t d,
                            uint64_t e, uint32_t f)
{
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * (uint64_t)f;
}

static void helper_store(void *envp, uint32_t v)
{
    ((TestEnv *)envp)->r[7] = v ^ 0xffff;
}

/* Where a helper sees the interpreter say the guest is. */
static uint64_t seen_guest_pc;
static bool seen_found;

static void helper_where(void)
{
    seen_found = tcg_backend_interp.find_guest_pc(0, &seen_guest_pc);
}

static void test_calls(void **state)
{
    (void)state;
    for (int opt = 0; opt < 2; opt++) {
        begin(0x1000);
        tcg_gen_callN(helper_mix, TCG_CALL_PURE, r[2], r[0], q[0], r[1]);
        tcg_gen_callN(helper_wide, TCG_CALL_PURE, q[2], q[0], q[1], q[0],
                      q[1], q[0], r[0]);
        tcg_gen_callN(helper_store, TCG_CALL_NO_READ_GLOBALS, TCG_NO_RET,
                      tcg_env, r[1]);
        /* A pure call whose result is unused may vanish; this one must not
         * disturb anything either way. */
        TCGv unused = tcg_temp_new(TCG_TYPE_I32);
        tcg_gen_callN(helper_mix, TCG_CALL_PURE, unused, r[0], q[0], r[1]);
        tcg_gen_exit_tb(0);
        TranslationBlock *t = finish(0, opt);
        env.r[0] = 0xffffffff;
        env.r[1] = 5;
        env.q[0] = 0x700000000ull;
        env.q[1] = 1;
        run(t);
        assert_int_equal(env.r[2], (uint32_t)(0xffffffffu * 3u + 7 + 5));
        assert_int_equal(env.q[2], 0x700000000ull * 9 + 2 + 4 + 6ull * 0xffffffff);
        assert_int_equal(env.r[7], 5 ^ 0xffff);
    }
}

static void test_find_guest_pc(void **state)
{
    (void)state;
    begin(0x2000);
    tcg_gen_addi(r[0], r[0], 1);
    tcg_gen_insn_start(0x2004);
    tcg_gen_addi(r[0], r[0], 1);
    tcg_gen_insn_start(0x2008);
    tcg_gen_call0(helper_where, 0, TCG_NO_RET);
    tcg_gen_insn_start(0x200c);
    tcg_gen_exit_tb(0);
    TranslationBlock *t = finish(0, true);
    seen_found = false;
    run(t);
    assert_true(seen_found);
    assert_int_equal(seen_guest_pc, 0x2008);
    /* Outside interpretation nothing is claimed. */
    uint64_t pc;
    assert_false(tcg_backend_interp.find_guest_pc(0, &pc));
}

/* ---- control flow between TBs ------------------------------------------ */

static void test_goto_tb_chaining(void **state)
{
    (void)state;
    begin(0x3000);
    tcg_gen_addi(r[0], r[0], 1);
    tcg_gen_goto_tb(1);
    TranslationBlock *first = finish(0, true);

    begin(0x4000);
    tcg_gen_muli(r[1], r[0], 2);
    tcg_gen_exit_tb(0x77);
    TranslationBlock *second = finish(1, true);

    env.r[0] = 10;
    env.r[1] = 0;
    /* Unchained: leave through exit_tb(TCG_EXIT_CHAIN | 1). */
    assert_int_equal(run(first), TCG_EXIT_CHAIN | 1);
    assert_int_equal(env.r[0], 11);
    assert_int_equal(env.r[1], 0);

    tcg_backend_interp.set_jmp(first, 1, second);
    assert_ptr_equal(first->jmp_dest[1], second);
    assert_int_equal(run(first), 0x77);
    assert_int_equal(env.r[0], 12);
    assert_int_equal(env.r[1], 24);
    assert_ptr_equal(env.common.current_tb, second);

    tcg_backend_interp.set_jmp(first, 1, NULL);
    assert_int_equal(run(first), TCG_EXIT_CHAIN | 1);
}

static void test_goto_ptr(void **state)
{
    (void)state;
    begin(0x5000);
    tcg_gen_addi(r[0], r[0], 5);
    tcg_gen_lookup_and_goto_ptr();
    TranslationBlock *first = finish(0, true);
    begin(0x6000);
    tcg_gen_exit_tb(0x99);
    TranslationBlock *second = finish(1, true);

    env.r[0] = 0;
    lookup_result = NULL;
    assert_int_equal(run(first), 0);
    assert_int_equal(env.r[0], 5);
    lookup_result = second;
    assert_int_equal(run(first), 0x99);
    assert_int_equal(env.r[0], 10);
    assert_ptr_equal(env.common.current_tb, second);
    lookup_result = NULL;
}

static void test_tb_start_exit_request(void **state)
{
    (void)state;
    tcg_func_start(0x7000);
    tcg_gen_tb_start();
    tcg_gen_insn_start(0x7000);
    tcg_gen_addi(r[0], r[0], 1);
    tcg_gen_exit_tb(0);
    TranslationBlock *t = finish(0, true);
    env.r[0] = 0;
    env.common.exit_request = 1;
    assert_int_equal(run(t), TCG_EXIT_REQUESTED);
    assert_int_equal(env.r[0], 0);
    env.common.exit_request = 0;
    assert_int_equal(run(t), 0);
    assert_int_equal(env.r[0], 1);
}

/* Locals survive forward branches; constants keep their width. */
static void test_locals_and_labels(void **state)
{
    (void)state;
    for (int opt = 0; opt < 2; opt++) {
        begin(0x8000);
        TCGv acc = tcg_temp_new(TCG_TYPE_I64);
        TCGv t32 = tcg_temp_new(TCG_TYPE_I32);
        uint32_t l_small = tcg_new_label(), l_done = tcg_new_label();
        tcg_gen_movi(acc, -1);
        tcg_gen_movi(t32, -1);
        tcg_gen_brcondi(TCG_COND_LTU, r[0], 10, l_small);
        tcg_gen_addi(acc, acc, 0x100000000ll);
        tcg_gen_br(l_done);
        tcg_gen_set_label(l_small);
        tcg_gen_extu_i32_i64(acc, t32);
        tcg_gen_set_label(l_done);
        tcg_gen_mov(q[0], acc);
        tcg_gen_exit_tb(0);
        TranslationBlock *t = finish(0, opt);
        env.r[0] = 3;
        run(t);
        assert_int_equal(env.q[0], 0xffffffffull);
        env.r[0] = 30;
        run(t);
        assert_int_equal(env.q[0], 0xffffffffull);
        env.r[0] = 10;
        env.q[0] = 0;
        run(t);
        assert_int_equal(env.q[0], 0xffffffffull);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_binary_i32),
        cmocka_unit_test(test_binary_i64),
        cmocka_unit_test(test_unary),
        cmocka_unit_test(test_conversions),
        cmocka_unit_test(test_conditions),
        cmocka_unit_test(test_guest_loads),
        cmocka_unit_test(test_guest_stores),
        cmocka_unit_test(test_guest_address_zero_extended),
        cmocka_unit_test(test_env_access),
        cmocka_unit_test(test_calls),
        cmocka_unit_test(test_find_guest_pc),
        cmocka_unit_test(test_goto_tb_chaining),
        cmocka_unit_test(test_goto_ptr),
        cmocka_unit_test(test_tb_start_exit_request),
        cmocka_unit_test(test_locals_and_labels),
    };
    return cmocka_run_group_tests(tests, setup_globals, NULL);
}
