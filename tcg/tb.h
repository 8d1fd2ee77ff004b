/*
 * tb.h: translation-cache internals shared by tb.c and exec.c.  Other layers
 * use tcg/exec.h.
 */
#ifndef TCG_TB_H
#define TCG_TB_H

#include "tcg/exec.h"
#include "util/log.h"

#define TB_MAX_INSNS 512
#define TB_JMP_CACHE_BITS 12
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

TranslationBlock *tb_lookup(uint64_t pc, uint64_t flags);
TranslationBlock *tb_gen_code(CPUCommon *env, uint64_t pc, uint64_t flags);

#endif
