/*
 * exec.c: the exec loop.  Find or translate the TB for the current guest
 * state, run it, and when it leaves through a chainable exit patch that
 * exit to jump straight to the next TB, so hot loops stay in generated code.
 */
#include <inttypes.h>
#include <time.h>

#include "tcg/tb.h"
#include "tcg/tcg-op.h"
#include "util/clock.h"

/* exit_tb values below this are plain codes; above, a TB pointer | slot. */
#define EXIT_VALUE_IS_TB(v) ((v) >= 0x1000)

static void exec_log_tb(CPUCommon *env, TranslationBlock *tb)
{
    if (log_enabled(LOG_CPU)) {
        tcg_exec_config()->target->dump_state(env, mimic_log_file);
    }
    if (log_enabled(LOG_EXEC)) {
        log_printf("Trace: %p [%016" PRIx64 "/%016" PRIx64 "]\n",
                   (void *)tb->code, tb->pc, tb->flags);
    }
}

static int cpu_exec_loop(CPUCommon *env);

/* With -d stats, the time spent here, less translation, is execution. */
static int cpu_exec_guest(CPUCommon *env)
{
    const TargetInfo *target = tcg_exec_config()->target;

    if (target->exec_enter) {
        target->exec_enter(env);
    }
    int excp = cpu_exec_loop(env);
    if (target->exec_leave) {
        target->exec_leave(env);
    }
    return excp;
}

int cpu_exec(CPUCommon *env)
{
    cpu_exec_start(env);
    if (!log_enabled(LOG_STATS)) {
        int excp = cpu_exec_guest(env);
        cpu_exec_end(env);
        return excp;
    }
    double t0 = clock_monotonic_seconds(), translating = tcg_stats.translate_seconds;
    int excp = cpu_exec_guest(env);
    tcg_stats.exec_seconds += clock_monotonic_seconds() - t0 -
                              (tcg_stats.translate_seconds - translating);
    cpu_exec_end(env);
    return excp;
}

static int cpu_exec_loop(CPUCommon *env)
{
    const TCGExecConfig *cfg = tcg_exec_config();
    sigjmp_buf jmp_env;
    /* Chaining candidate: the TB that left through a chainable exit. */
    TranslationBlock *volatile last_tb = NULL;
    volatile int last_slot = 0;

    env->jmp_env = &jmp_env;
    env->tb_jmp_cache = tb_jmp_cache;
    if (sigsetjmp(jmp_env, 0) != 0) {
        /* A helper or fault handler left the TB with cpu_loop_exit. */
        env->current_tb = NULL;
        last_tb = NULL;
    }

    while (env->exception_index == EXCP_NONE) {
        uint64_t pc, flags;

        if (env->exit_request) {
            env->exit_request = 0;
            env->exception_index = EXCP_INTERRUPT;
            break;
        }
        cfg->target->get_tb_key(env, &pc, &flags);
        /* A TB that runs once is never chained to or from. */
        bool once = tb_once_due(pc);
        TranslationBlock *tb = once ? NULL : tb_lookup(pc, flags);
        if (!tb) {
            uint64_t flushes = __atomic_load_n(&tb_flush_count,
                                               __ATOMIC_ACQUIRE);
            tb = once ? tb_gen_once(env, pc, flags)
                      : tb_gen_code(env, pc, flags);
            if (__atomic_load_n(&tb_flush_count, __ATOMIC_ACQUIRE) !=
                flushes) {
                last_tb = NULL; /* it was flushed with everything else */
            }
        }
        /* goto_tb only links to a TB whose key flags are those the
         * source declares for that exit (jmp_flags): a TB whose
         * instructions changed them otherwise (PowerPC FPSCR[XX]) exits
         * unchained. */
        if (last_tb && !once && !tb_nochain() &&
            last_tb->jmp_flags[last_slot] == tb->flags) {
            tb_set_jmp(last_tb, last_slot, tb);
        }
        last_tb = NULL;
        if (mimic_log_mask & (LOG_EXEC | LOG_CPU)) {
            exec_log_tb(env, tb);
        }

        env->current_tb = tb;
        tcg_stats.dispatches++;
        uintptr_t ret = cfg->backend->exec(env, tb);
        env->current_tb = NULL;

        if (EXIT_VALUE_IS_TB(ret)) {
            last_tb = (TranslationBlock *)(ret & ~(uintptr_t)TCG_EXIT_SLOT_MASK);
            last_slot = (int)(ret & TCG_EXIT_SLOT_MASK);
            if (last_tb->cflags & TB_ONCE) {
                last_tb = NULL;
            }
        } else if (ret == TCG_EXIT_REQUESTED) {
            env->exit_request = 0;
            if (env->exception_index == EXCP_NONE) {
                env->exception_index = EXCP_INTERRUPT;
            }
        }
    }
    env->jmp_env = NULL;
    int excp = env->exception_index;
    env->exception_index = EXCP_NONE;
    return excp;
}

void cpu_loop_exit(CPUCommon *env)
{
    env->current_tb = NULL;
    siglongjmp(*env->jmp_env, 1);
}
