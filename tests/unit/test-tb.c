/*
 * test-tb.c: the translation cache and exec loop (tcg/tb.c, tcg/exec.c) on
 * both backends, driven by a toy guest so the test depends on no real
 * frontend.
 *
 * Toy guest: a program is an array of "instructions" indexed by pc.  Each
 * instruction adds its value to env->acc and then either falls through, jumps
 * to a fixed target (direct: chainable), jumps through env->ind (indirect:
 * goto_ptr) or stops (raises exception 7).  A TB is one instruction unless
 * the test asks for longer ones.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tcg/tb.h"
#include "tcg/tcg-op.h"

enum { TOY_NEXT, TOY_JUMP, TOY_JUMP_IND, TOY_STOP };
enum { EXCP_TOY_STOP = 7 };

typedef struct ToyInsn {
    int kind;
    int64_t add;
    uint64_t target;
} ToyInsn;

typedef struct ToyEnv {
    CPUCommon common;
    uint64_t acc;
    uint64_t ind; /* TOY_JUMP_IND target */
} ToyEnv;

static const ToyInsn *toy_prog;
static size_t toy_len;
static int toy_translations;
static TCGv toy_acc, toy_pc, toy_ind;

uintptr_t tcg_guest_base;

const void *translator_code_ptr(CPUCommon *env, uint64_t pc, size_t len)
{
    return pc < toy_len ? &toy_prog[pc] : NULL;
}

static void toy_tcg_init(void)
{
    toy_acc = tcg_global_mem_new(TCG_TYPE_I64, offsetof(ToyEnv, acc), "acc");
    toy_pc = tcg_global_mem_new(TCG_TYPE_I64, offsetof(ToyEnv, common.pc), "pc");
    toy_ind = tcg_global_mem_new(TCG_TYPE_I64, offsetof(ToyEnv, ind), "ind");
}

static void toy_get_tb_key(CPUCommon *env, uint64_t *pc, uint64_t *flags)
{
    *pc = env->pc;
    *flags = 0;
}

static void toy_translate(CPUCommon *env, TranslationBlock *tb, int max_insns)
{
    uint64_t pc = tb->pc;
    int n = 0;

    toy_translations++;
    tcg_gen_tb_start();
    for (;;) {
        const ToyInsn *in = &toy_prog[pc];
        tcg_gen_insn_start(pc);
        tcg_gen_addi(toy_acc, toy_acc, in->add);
        n++;
        if (in->kind == TOY_STOP) {
            TCGv e = tcg_temp_new(TCG_TYPE_I32);
            tcg_gen_movi(e, EXCP_TOY_STOP);
            tcg_gen_st_env(e, offsetof(CPUCommon, exception_index), MO_32);
            tcg_gen_movi(toy_pc, (int64_t)pc + 1);
            tcg_gen_exit_tb(0);
            break;
        }
        if (in->kind == TOY_JUMP) {
            tcg_gen_movi(toy_pc, (int64_t)in->target);
            tcg_gen_goto_tb(0);
            break;
        }
        if (in->kind == TOY_JUMP_IND) {
            tcg_gen_mov(toy_pc, toy_ind);
            tcg_gen_lookup_and_goto_ptr();
            break;
        }
        pc++;
        if (n >= max_insns) {
            tcg_gen_movi(toy_pc, (int64_t)pc);
            tcg_gen_goto_tb(1);
            break;
        }
    }
    tb->icount = (uint32_t)n;
    tb->guest_size = (uint32_t)n;
}

static void toy_dump_state(CPUCommon *env, FILE *out)
{
    fprintf(out, "pc=%llu\n", (unsigned long long)env->pc);
}

static const TargetInfo toy_target = {
    .name = "toy",
    .tcg_init = toy_tcg_init,
    .get_tb_key = toy_get_tb_key,
    .translate = toy_translate,
    .dump_state = toy_dump_state,
};

static const TCGBackend *const backends[] = {
    &tcg_backend_interp,
    &tcg_backend_x86_64,
};

static void toy_start(const TCGBackend *be, int max_insns, size_t cache)
{
    static bool globals_done;
    TCGExecConfig cfg = {
        .backend = be,
        .target = &toy_target,
        .code_cache_size = cache,
        .max_insns_per_tb = max_insns,
    };

    if (!globals_done) {
        tcg_context_init();
        toy_tcg_init();
        globals_done = true;
    }
    tcg_exec_init(&cfg);
    memset(&tcg_stats, 0, sizeof(tcg_stats));
    toy_translations = 0;
}

static ToyEnv toy_env(uint64_t pc)
{
    ToyEnv env;
    memset(&env, 0, sizeof(env));
    env.common.pc = pc;
    env.common.exception_index = EXCP_NONE;
    return env;
}

/* Straight-line code: 10 one-insn TBs chained by fall-through. */
static const ToyInsn straight[] = {
    { TOY_NEXT, 1, 0 }, { TOY_NEXT, 2, 0 }, { TOY_NEXT, 3, 0 },
    { TOY_NEXT, 4, 0 }, { TOY_NEXT, 5, 0 }, { TOY_NEXT, 6, 0 },
    { TOY_NEXT, 7, 0 }, { TOY_NEXT, 8, 0 }, { TOY_NEXT, 9, 0 },
    { TOY_STOP, 10, 0 },
};

static void test_translate_once_then_lookup(void **state)
{
    for (size_t b = 0; b < 2; b++) {
        toy_prog = straight;
        toy_len = 10;
        toy_start(backends[b], 1, 1 << 20);

        ToyEnv env = toy_env(0);
        assert_int_equal(cpu_exec(&env.common), EXCP_TOY_STOP);
        assert_int_equal(env.acc, 55);
        assert_int_equal(env.common.pc, 10);
        assert_int_equal(toy_translations, 10);
        assert_int_equal(tcg_stats.tbs_translated, 10);

        /* Second run: every TB is found in the cache and already chained. */
        env = toy_env(0);
        assert_int_equal(cpu_exec(&env.common), EXCP_TOY_STOP);
        assert_int_equal(env.acc, 55);
        assert_int_equal(toy_translations, 10);
        for (uint64_t pc = 0; pc < 9; pc++) {
            TranslationBlock *tb = tb_lookup(pc, 0);
            assert_non_null(tb);
            assert_int_equal(tb->pc, pc);
            assert_ptr_equal(tb->jmp_dest[1], tb_lookup(pc + 1, 0));
        }
        assert_null(tb_lookup(11, 0));
        assert_null(tb_lookup(0, 1)); /* flags are part of the key */
    }
}

/* An endless loop of chained TBs: only an exit request gets out. */
static const ToyInsn loop[] = {
    { TOY_NEXT, 1, 0 }, { TOY_JUMP, 1, 0 },
};

static void test_chaining(void **state)
{
    for (size_t b = 0; b < 2; b++) {
        toy_prog = loop;
        toy_len = 2;
        toy_start(backends[b], 1, 1 << 20);
        ToyEnv env = toy_env(0);

        /* A pending request is honoured before any instruction runs. */
        env.common.exit_request = 1;
        assert_int_equal(cpu_exec(&env.common), EXCP_INTERRUPT);
        assert_int_equal(env.acc, 0); /* no instruction ran */

        /* Direct jumps get linked on first use and stay linked. */
        static const ToyInsn loop_stop[] = {
            { TOY_NEXT, 1, 0 }, { TOY_JUMP, 1, 2 }, { TOY_STOP, 0, 0 },
        };
        toy_prog = loop_stop;
        toy_len = 3;
        toy_start(backends[b], 1, 1 << 20);
        env = toy_env(0);
        assert_int_equal(cpu_exec(&env.common), EXCP_TOY_STOP);
        assert_int_equal(env.acc, 2);
        TranslationBlock *t0 = tb_lookup(0, 0), *t1 = tb_lookup(1, 0),
                         *t2 = tb_lookup(2, 0);
        assert_non_null(t0);
        assert_non_null(t1);
        assert_non_null(t2);
        assert_ptr_equal(t0->jmp_dest[1], t1);
        assert_ptr_equal(t1->jmp_dest[0], t2);
        uint64_t chains = tcg_stats.chains_made;
        env = toy_env(0);
        assert_int_equal(cpu_exec(&env.common), EXCP_TOY_STOP);
        assert_int_equal(env.acc, 2);
        assert_int_equal(tcg_stats.chains_made, chains); /* already linked */
    }
}

/* Indirect jumps find their target from generated code (goto_ptr). */
static const ToyInsn indirect[] = {
    { TOY_JUMP_IND, 100, 0 }, { TOY_NEXT, 1, 0 }, { TOY_NEXT, 1, 0 },
    { TOY_STOP, 1000, 0 },
};

static void test_indirect_jump(void **state)
{
    for (size_t b = 0; b < 2; b++) {
        toy_prog = indirect;
        toy_len = 4;
        toy_start(backends[b], 1, 1 << 20);
        ToyEnv env = toy_env(0);
        env.ind = 2;
        assert_int_equal(cpu_exec(&env.common), EXCP_TOY_STOP);
        assert_int_equal(env.acc, 100 + 1 + 1000);
        env = toy_env(0);
        env.ind = 1;
        assert_int_equal(cpu_exec(&env.common), EXCP_TOY_STOP);
        assert_int_equal(env.acc, 100 + 1 + 1 + 1000);
    }
}

/* A cache too small for the program flushes and keeps running correctly. */
static void test_flush_when_full(void **state)
{
    static ToyInsn big[4001];
    for (int i = 0; i < 4000; i++) {
        big[i] = (ToyInsn){ TOY_NEXT, i, 0 };
    }
    big[4000] = (ToyInsn){ TOY_STOP, 0, 0 };
    for (size_t b = 0; b < 2; b++) {
        toy_prog = big;
        toy_len = 4001;
        toy_start(backends[b], 1, 512 * 1024);
        ToyEnv env = toy_env(0);
        assert_int_equal(cpu_exec(&env.common), EXCP_TOY_STOP);
        assert_int_equal(env.acc, 3999ull * 4000 / 2);
        assert_true(tcg_stats.flushes > 0);
        assert_int_equal(tcg_stats.tbs_translated, 4001);
    }
}

/* Host code offsets map back to the guest instruction that owns them. */
static void test_host_pc_to_guest_pc(void **state)
{
    toy_prog = straight;
    toy_len = 10;
    toy_start(&tcg_backend_x86_64, 4, 1 << 20);
    ToyEnv env = toy_env(0);
    assert_int_equal(cpu_exec(&env.common), EXCP_TOY_STOP);
    assert_int_equal(env.acc, 55);

    TranslationBlock *tb = tb_lookup(4, 0); /* insns 4..7 */
    assert_non_null(tb);
    assert_int_equal(tb->icount, 4);
    for (uint32_t i = 0; i < tb->icount; i++) {
        uintptr_t host = (uintptr_t)tb->code + tb->insn_host_ofs[i];
        assert_ptr_equal(tb_find_by_host_pc(host), tb);
        assert_int_equal(tb_guest_pc_at(tb, tb->insn_host_ofs[i]), 4 + i);
        uint64_t gpc = 0;
        assert_true(tcg_find_guest_pc(host, &gpc));
        assert_int_equal(gpc, 4 + i);
    }
    assert_null(tb_find_by_host_pc((uintptr_t)&env));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_translate_once_then_lookup),
        cmocka_unit_test(test_chaining),
        cmocka_unit_test(test_indirect_jump),
        cmocka_unit_test(test_flush_when_full),
        cmocka_unit_test(test_host_pc_to_guest_pc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
