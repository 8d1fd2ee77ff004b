/*
 * exec.h: translation blocks, the code cache, the backend and frontend
 * interfaces, and the exec loop that ties them together.
 *
 *   cpu_exec(env): key = target->get_tb_key(env)
 *                  tb  = tb_lookup(key) or translate + optimize + codegen
 *                  run tb on the backend; follow chains; stop when a TB
 *                  set env->exception_index (syscall, fault, ...).
 */
#ifndef TCG_EXEC_H
#define TCG_EXEC_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tcg/tcg.h"

/* Every target's CPU state begins with this. */
typedef struct CPUCommon {
    uint64_t pc;                   /* guest pc of the next instruction */
    int32_t exception_index;       /* EXCP_NONE, or why the TB stopped */
    volatile int32_t exit_request; /* nonzero: leave at the next TB start */
    sigjmp_buf *jmp_env;           /* cpu_exec's, for cpu_loop_exit */
    struct TranslationBlock *current_tb; /* TB running now (NULL: none) */
    /* This thread's TB jump cache (tcg/tb.h), so generated code can probe
     * it for indirect branches without calling C. */
    struct TranslationBlock **tb_jmp_cache;
    uint64_t pad[1];
} CPUCommon;

#define EXCP_NONE (-1)
#define EXCP_INTERRUPT 0x10000 /* exit_request was honoured */
/* Targets number their own exceptions from 0 up. */

typedef struct TranslationBlock {
    uint64_t pc;          /* guest pc of the first instruction */
    uint64_t flags;       /* CPU-state bits the translation depended on */
    uint32_t guest_size;  /* bytes of guest code covered */
    uint32_t icount;      /* guest instructions */
    uint8_t *code;        /* host code (or interpreter bytecode) */
    uint32_t code_size;
    /* Backend data right after the code (x86_64: fault restore records);
     * set by gen_code, whose result counts it too. */
    uint32_t aux_size;
    /* The key flags in force whenever the TB leaves through goto_tb slot
     * n: its own flags unless the frontend knows better (x86: the x87
     * stack shape its instructions leave); a chain needs the
     * destination's flags to equal them. */
    uint64_t jmp_flags[2];
    /* Chaining, filled by the backend: where the jump of goto_tb slot n
     * lives, and what it currently targets. */
    uint32_t jmp_insn_offset[2];
    uint32_t jmp_reset_offset[2];
    struct TranslationBlock *jmp_dest[2];
    /* Where in code a chained jump from a TB of lower pc comes in: past
     * the exit_request check of the TB start (0: at the start).  Every
     * cycle of chained jumps has a step to an equal or lower pc, which
     * comes in at the start, so a thread asked to leave still does. */
    uint32_t chain_entry;
    /* Precise state: for instruction i, its guest pc (as an offset from
     * pc: a TB spans at most two guest pages) and the offset in code
     * where its host code starts. */
    uint16_t *insn_pc_ofs;
    uint32_t *insn_host_ofs;
    struct TranslationBlock *hash_next;
    /* TB_* bits below. */
    uint32_t cflags;
    /* page_next[n] links the TBs of guest page tb_page(tb, n) in the
     * page index (a TB pointer tagged with n in its low bit). */
    uintptr_t page_next[2];
    /* Chained jumps into this TB: jmp_in is the first source (a TB
     * pointer tagged with its slot), whose jmp_in_next[slot] is the next. */
    uintptr_t jmp_in;
    uintptr_t jmp_in_next[2];
} TranslationBlock;

#define TB_PAGE_BITS 12
/* Dropped by tb_invalidate_range: never runs or gets chained again. */
#define TB_INVALID 1u
/* Runs once and is dropped (see tb_run_insn_once): in no table. */
#define TB_ONCE 2u

/* A backend turns the op list of tcg_ctx into something runnable. */
typedef struct TCGBackend {
    const char *name;
    /* Generate code for tcg_ctx's (optimized, liveness-annotated) ops at
     * buf (at most avail bytes).  Fills tb->jmp_* and tb->insn_host_ofs.
     * Returns the number of bytes used, or -1 if avail was too small. */
    long (*gen_code)(TCGContext *s, TranslationBlock *tb, uint8_t *buf,
                     size_t avail);
    /* Run tb; returns the value of the exit_tb that left generated code. */
    uintptr_t (*exec)(CPUCommon *env, TranslationBlock *tb);
    /* Make goto_tb slot n of tb jump straight to dest (NULL: unlink). */
    void (*set_jmp)(TranslationBlock *tb, int slot, TranslationBlock *dest);
    /* A host fault at host_pc (from a signal handler): if it happened while
     * running guest code of this backend, set *guest_pc to the pc of the
     * faulting guest instruction and return true. */
    bool (*find_guest_pc)(uintptr_t host_pc, uint64_t *guest_pc);
    /* Host disassembly for -d out_asm (NULL: bytecode, dumped by backend). */
    void (*dump_code)(FILE *out, TranslationBlock *tb);
    /* Optional: called once with the start of the code cache, before any
     * TB; the backend may put shared code there (prologue, epilogue) so
     * that TBs reach it with rel32 jumps.  Returns the bytes it used; that
     * space survives tb_flush. */
    size_t (*init_code_cache)(uint8_t *buf, size_t avail);
    /* Optional: a host fault at host_pc with the signal's ucontext_t: if
     * it happened in guest code of this backend, write back to env the
     * guest state held outside env (host registers), set env->pc to the
     * faulting guest instruction and return true.  NULL: env is always
     * exact, find_guest_pc is enough. */
    bool (*restore_state)(uintptr_t host_pc, const void *ucontext,
                          CPUCommon *env);
} TCGBackend;

extern const TCGBackend tcg_backend_x86_64;
extern const TCGBackend tcg_backend_interp;

/* A frontend: one guest CPU. */
typedef struct TargetInfo {
    const char *name;       /* "ppc", "i386", "x86_64" */
    int disas_arch;         /* util/disas.h DisasArch of guest code */
    void (*tcg_init)(void); /* register globals (once per thread) */
    void (*get_tb_key)(CPUCommon *env, uint64_t *pc, uint64_t *flags);
    /* Emit the IR of the TB starting at tb->pc into tcg_ctx; at most
     * max_insns instructions; set tb->guest_size and tb->icount. */
    void (*translate)(CPUCommon *env, TranslationBlock *tb, int max_insns);
    void (*dump_state)(CPUCommon *env, FILE *out); /* -d cpu */
    /* Optional, around the guest code one cpu_exec runs: a target that
     * keeps guest state in the host's registers meanwhile (x86: MXCSR
     * flags) puts it there and takes it back. */
    void (*exec_enter)(CPUCommon *env);
    void (*exec_leave)(CPUCommon *env);
} TargetInfo;

/* User mode: host address of guest address a is tcg_guest_base + a. */
extern uintptr_t tcg_guest_base;

/* Instruction fetch for frontends, implemented by the mode (linux-user,
 * softmmu): host pointer to len bytes of guest code at pc, or NULL if that
 * code is not mapped executable.  A frontend that cannot fetch the first
 * instruction of a TB raises its fetch-fault exception; a later one ends
 * the TB before it. */
const void *translator_code_ptr(CPUCommon *env, uint64_t pc, size_t len);

/* Exec configuration, set once before the first cpu_exec. */
typedef struct TCGExecConfig {
    const TCGBackend *backend;
    const TargetInfo *target;
    size_t code_cache_size;  /* bytes; 0: default */
    int max_insns_per_tb;    /* 1 for -one-insn-per-tb; 0: default */
} TCGExecConfig;

void tcg_exec_init(const TCGExecConfig *cfg);
const TCGExecConfig *tcg_exec_config(void);

/* Run guest code until a TB raises an exception; returns and clears
 * env->exception_index. */
int cpu_exec(CPUCommon *env);

/* From a helper: leave the running TB for cpu_exec with
 * env->exception_index already set and env->pc at the guest instruction. */
_Noreturn void cpu_loop_exit(CPUCommon *env);

/* Guest pc of a host fault in generated code (signal handlers).  Only the
 * pc: guest registers may still be in host registers (tcg_restore_state). */
bool tcg_find_guest_pc(uintptr_t host_pc, uint64_t *guest_pc);

/* A host fault in guest code (signal handlers; async-signal-safe): with the
 * handler's ucontext_t, bring env up to date at the faulting guest
 * instruction (the backend keeps guest registers in host registers across
 * guest memory accesses) and set env->pc to that instruction.  False if
 * the fault was not in guest code. */
bool tcg_restore_state(uintptr_t host_pc, const void *ucontext,
                       CPUCommon *env);

/* The TB whose host code contains host_pc (NULL: none), and the guest pc
 * of the instruction whose code contains it.  For backends' find_guest_pc. */
TranslationBlock *tb_find_by_host_pc(uintptr_t host_pc);
uint64_t tb_guest_pc_at(const TranslationBlock *tb, uint32_t host_offset);

/* Drop every TB and all generated code (in an exclusive section; never
 * with tb_lock held). */
void tb_flush(void);

/* Self-modifying code.  Inside an exclusive section: drop every TB with
 * code on a guest page (TB_PAGE_BITS) that overlaps [start, start + len):
 * out of the lookup tables and every thread's jump cache, chained jumps
 * into it unlinked.  Its code stays where it is (no thread is inside it). */
void tb_invalidate_range(uint64_t start, uint64_t len);
/* This thread's next TB, if it starts at pc, is translated for that one
 * instruction alone, runs once and is dropped, and its translation does
 * not ask the mode to write-protect the code (translator_translating_once
 * is true meanwhile).  For a store that wrote to its own code page: it
 * runs again after the page's TBs are dropped, without faulting again. */
void tb_run_insn_once(uint64_t pc);
bool translator_translating_once(void);

/* Threads (tcg/exclusive.c).  A thread that runs guest code registers its
 * CPU (cpu_exec does it on first use) and unregisters before it ends. */
void cpu_thread_register(CPUCommon *env);
void cpu_thread_unregister(void);
/* Stop every other registered thread outside generated code and keep it
 * out until end_exclusive; threads in system calls count as outside. */
void start_exclusive(void);
void end_exclusive(void);

/* Indirect-branch lookup used by goto_ptr: host code of the TB for env's
 * current key, or NULL.  Backends call it from generated code. */
TranslationBlock *tb_lookup_for_env(CPUCommon *env);

/* Statistics for -d stats. */
typedef struct TCGStats {
    uint64_t tbs_translated, host_bytes, guest_insns, flushes;
    uint64_t cache_bytes; /* code cache used: code, TB headers, aux data */
    uint64_t tbs_invalidated; /* by tb_invalidate_range */
    uint64_t chains_made, lookups, lookup_misses;
    double translate_seconds;
    /* Execution, while -d stats is on: seconds in cpu_exec besides
     * translation, TBs started by the exec loop, and TB runs in all
     * (x86_64 backend only: counted in generated code; the runs beyond
     * the dispatches came through chains, goto_ptr or a TB's own loop). */
    double exec_seconds;
    uint64_t dispatches, tb_runs;
} TCGStats;
extern TCGStats tcg_stats;
void tcg_dump_stats(FILE *out);

#endif
