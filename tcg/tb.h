/*
 * tb.h: translation-cache internals shared by tb.c and exec.c.  Other layers
 * use tcg/exec.h.
 */
#ifndef TCG_TB_H
#define TCG_TB_H

#include "tcg/exec.h"
#include "util/log.h"

#define TB_MAX_INSNS 512
#define TB_JMP_CACHE_BITS 15
#define TB_JMP_CACHE_SIZE (1u << TB_JMP_CACHE_BITS)

extern __thread TranslationBlock *tb_jmp_cache[TB_JMP_CACHE_SIZE];

static inline uint32_t tb_jmp_cache_index(uint64_t pc)
{
    return (uint32_t)((pc >> 2) ^ (pc >> (2 + TB_JMP_CACHE_BITS))) &
           (TB_JMP_CACHE_SIZE - 1);
}

/* -d exec / -d cpu: log every TB run, so never chain. */
static inline bool tb_nochain(void)
{
    return (mimic_log_mask & (LOG_EXEC | LOG_CPU)) != 0;
}

/* May a frontend make a loop body with exits in the middle one TB (loop
 * regions)?  Not when TBs are not chained (a region's side exits would
 * hide blocks from -d exec) or hold one instruction each. */
static inline bool tb_regions_allowed(int max_insns)
{
    return max_insns > 1 && !tb_nochain();
}

TranslationBlock *tb_lookup(uint64_t pc, uint64_t flags);
/* The TB for (pc, flags), translated unless another thread just did. */
TranslationBlock *tb_gen_code(CPUCommon *env, uint64_t pc, uint64_t flags);
/* A TB_ONCE TB of the instruction at pc alone (tb_run_insn_once). */
TranslationBlock *tb_gen_once(CPUCommon *env, uint64_t pc, uint64_t flags);

/* tb_run_insn_once's request: taken by the next TB start. */
extern __thread bool tb_once_requested;
extern __thread uint64_t tb_once_pc;

static inline bool tb_once_due(uint64_t pc)
{
    if (!tb_once_requested) {
        return false;
    }
    tb_once_requested = false;
    return pc == tb_once_pc;
}
/* Chain goto_tb slot of tb to dest (both of the current flush). */
void tb_set_jmp(TranslationBlock *tb, int slot, TranslationBlock *dest);

/* Translation, publishing and chaining are serialized by tb_lock. */
void tb_lock(void);
void tb_unlock(void);
void tb_lock_reinit(void); /* the child of fork */
/* Number of flushes so far (atomic): TB pointers from before a change are
 * stale. */
extern uint64_t tb_flush_count;

/* cpu_exec runs between these (tcg/exclusive.c): the thread counts as
 * running generated code. */
void cpu_exec_start(CPUCommon *env);
void cpu_exec_end(CPUCommon *env);
/* In an exclusive section: take tb out of every thread's jump cache. */
void cpu_threads_forget_tb(TranslationBlock *tb);

#endif
