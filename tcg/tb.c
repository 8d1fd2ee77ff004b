/*
 * tb.c: the translation cache.  One executable buffer holds, for each TB in
 * order of creation: the TranslationBlock itself, its per-instruction
 * restore data, then its code.  Creation order is address order, so the TB
 * owning a host pc is found by binary search.  When the buffer is full the
 * whole cache is flushed.
 *
 * Self-modifying code: a page index finds the TBs with code on a guest
 * page, and each TB lists the chained jumps into it, so that the TBs of
 * written pages can be dropped one by one (tb_invalidate_range).  A
 * dropped TB keeps its place in the buffer until the next flush.
 *
 * Threads: translation, publishing and chaining happen under tb_lock; a
 * lookup takes no lock.  A TB is complete before a release store puts it
 * at the head of its hash chain (or in tb_list), and readers load those
 * with acquire.  A flush or an invalidation changes the tables in an
 * exclusive section (tcg/exclusive.c), when no other thread runs generated
 * code; the page index and the jump lists are only read there or under
 * tb_lock.
 */
#include "tcg/tb.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "tcg/tcg.h"
#include "util/clock.h"
#include "util/disas.h"
#include "util/log.h"

#define TB_HASH_BITS 18
#define TB_HASH_SIZE (1u << TB_HASH_BITS)
#define TB_PAGE_HASH_BITS 14
#define TB_PAGE_HASH_SIZE (1u << TB_PAGE_HASH_BITS)
#define TB_ALIGN 16
/* Room a TB may need beyond its code: struct plus restore data. */
#define TB_HEADROOM (64 * 1024)
#define DEFAULT_CODE_CACHE (256u << 20)

TCGStats tcg_stats;

static const TCGExecConfig *exec_cfg;
static TCGExecConfig exec_cfg_storage;

static uint8_t *code_buf;       /* start of the mapping */
static uint8_t *code_tb_start;  /* after backend-owned shared code */
static uint8_t *code_ptr;       /* next free byte */
static uint8_t *code_end;

static TranslationBlock *tb_hash[TB_HASH_SIZE];
/* Guest page -> its TBs, chained through page_next (tagged pointers). */
static uintptr_t tb_page_index[TB_PAGE_HASH_SIZE];
/* Creation (= address) order; room for every TB the buffer can hold, so
 * it never moves under a reader (a signal handler of another thread). */
static TranslationBlock **tb_list;
static size_t tb_count, tb_list_cap;

static pthread_mutex_t tb_mutex = PTHREAD_MUTEX_INITIALIZER;
uint64_t tb_flush_count;

void tb_lock(void)
{
    pthread_mutex_lock(&tb_mutex);
}

void tb_unlock(void)
{
    pthread_mutex_unlock(&tb_mutex);
}

void tb_lock_reinit(void)
{
    pthread_mutex_init(&tb_mutex, NULL);
}

/* Per-thread direct-mapped cache in front of the hash table. */
__thread TranslationBlock *tb_jmp_cache[TB_JMP_CACHE_SIZE];

__thread bool tb_once_requested;
__thread uint64_t tb_once_pc;
static __thread bool translating_once;

/* Page index entries and jump list entries: a TB pointer (16-byte
 * aligned) with a page or slot number in bit 0. */
static inline TranslationBlock *tagged_tb(uintptr_t v)
{
    return (TranslationBlock *)(v & ~(uintptr_t)1);
}

static inline int tagged_n(uintptr_t v)
{
    return (int)(v & 1);
}

static inline uintptr_t tag_tb(TranslationBlock *tb, int n)
{
    return (uintptr_t)tb | (uintptr_t)n;
}

static inline uint32_t tb_hash_func(uint64_t pc, uint64_t flags)
{
    uint64_t h = (pc ^ (flags * 0x9e3779b97f4a7c15ull)) * 0xff51afd7ed558ccdull;
    return (uint32_t)(h >> (64 - TB_HASH_BITS));
}

void tcg_exec_init(const TCGExecConfig *cfg)
{
    if (code_buf) {
        /* Re-initialization (tests switch backends): start from scratch. */
        munmap(code_buf, (size_t)(code_end - code_buf));
        munmap(tb_list, tb_list_cap * sizeof(*tb_list));
        tb_flush();
    }
    exec_cfg_storage = *cfg;
    exec_cfg = &exec_cfg_storage;
    size_t size = cfg->code_cache_size ? cfg->code_cache_size : DEFAULT_CODE_CACHE;

    code_buf = mmap(NULL, size, PROT_READ | PROT_WRITE | PROT_EXEC,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (code_buf == MAP_FAILED) {
        fprintf(stderr, "mimic: cannot allocate %zu MiB code cache\n", size >> 20);
        exit(1);
    }
    code_end = code_buf + size;
    tb_list_cap = size / TB_ALIGN;
    tb_list = mmap(NULL, tb_list_cap * sizeof(*tb_list), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (tb_list == MAP_FAILED) {
        fprintf(stderr, "mimic: cannot allocate the TB list\n");
        exit(1);
    }
    code_tb_start = code_buf;
    if (cfg->backend->init_code_cache) {
        size_t used = cfg->backend->init_code_cache(code_buf, size);
        code_tb_start = code_buf + ((used + TB_ALIGN - 1) & ~(size_t)(TB_ALIGN - 1));
    }
    code_ptr = code_tb_start;
}

const TCGExecConfig *tcg_exec_config(void)
{
    return exec_cfg;
}

/* Flush unless one happened since the caller saw flush count seen. */
static void tb_flush_since(uint64_t seen)
{
    start_exclusive();
    if (tb_flush_count == seen) {
        memset(tb_hash, 0, sizeof(tb_hash));
        memset(tb_page_index, 0, sizeof(tb_page_index));
        __atomic_store_n(&tb_count, 0, __ATOMIC_RELEASE);
        code_ptr = code_tb_start;
        tcg_stats.flushes++;
        __atomic_store_n(&tb_flush_count, seen + 1, __ATOMIC_RELEASE);
    }
    /* Other threads clear theirs when they enter cpu_exec again. */
    memset(tb_jmp_cache, 0, sizeof(tb_jmp_cache));
    end_exclusive();
}

void tb_flush(void)
{
    tb_flush_since(__atomic_load_n(&tb_flush_count, __ATOMIC_ACQUIRE));
}

static TranslationBlock *tb_hash_find(uint64_t pc, uint64_t flags)
{
    TranslationBlock *tb = __atomic_load_n(&tb_hash[tb_hash_func(pc, flags)],
                                           __ATOMIC_ACQUIRE);
    for (; tb; tb = tb->hash_next) {
        if (tb->pc == pc && tb->flags == flags) {
            return tb;
        }
    }
    return NULL;
}

TranslationBlock *tb_lookup(uint64_t pc, uint64_t flags)
{
    uint32_t jc = tb_jmp_cache_index(pc);
    TranslationBlock *tb = tb_jmp_cache[jc];

    if (tb && tb->pc == pc && tb->flags == flags) {
        return tb;
    }
    tcg_stats.lookups++;
    tb = tb_hash_find(pc, flags);
    if (tb) {
        tb_jmp_cache[jc] = tb;
        return tb;
    }
    tcg_stats.lookup_misses++;
    return NULL;
}

TranslationBlock *tb_lookup_for_env(CPUCommon *env)
{
    uint64_t pc, flags;

    if (tb_nochain()) {
        return NULL; /* -d exec: every TB returns to the loop to be logged */
    }
    exec_cfg->target->get_tb_key(env, &pc, &flags);
    return tb_lookup(pc, flags);
}

static uint8_t *align_ptr(uint8_t *p, size_t a)
{
    return (uint8_t *)(((uintptr_t)p + a - 1) & ~(uintptr_t)(a - 1));
}

/* Give each chainable exit the identity of its TB (see tcg.h). */
static uint32_t tb_prepare_ops(TCGContext *s, TranslationBlock *tb)
{
    uint32_t insns = 0;

    for (uint32_t i = 0; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];
        if (op->opc == INDEX_op_insn_start) {
            insns++;
        } else if (op->opc == INDEX_op_exit_tb && (op->args[0] & TCG_EXIT_CHAIN)) {
            op->args[0] = (uintptr_t)tb | (op->args[0] & TCG_EXIT_SLOT_MASK);
        }
    }
    return insns;
}

static void tb_log_guest(CPUCommon *env, TranslationBlock *tb)
{
    const void *code = translator_code_ptr(env, tb->pc, tb->guest_size);

    log_printf("IN: [size=%u insns=%u]\n", tb->guest_size, tb->icount);
    if (code) {
        disas_dump(mimic_log_file, exec_cfg->target->disas_arch, code,
                   tb->guest_size, tb->pc);
    }
    log_printf("\n");
}

/* Translate into the free part of the buffer; NULL if it does not fit.
 * tb_lock held. */
static TranslationBlock *tb_translate_locked(CPUCommon *env, uint64_t pc,
                                             uint64_t flags, int max_insns)
{
    const TCGBackend *be = exec_cfg->backend;

    if ((size_t)(code_end - code_ptr) < TB_HEADROOM * 2) {
        return NULL;
    }
    TranslationBlock *tb = (TranslationBlock *)align_ptr(code_ptr, TB_ALIGN);
    memset(tb, 0, sizeof(*tb));
    tb->pc = pc;
    tb->flags = flags;
    tb->jmp_flags[0] = tb->jmp_flags[1] = flags;

    tcg_func_start(pc);
    exec_cfg->target->translate(env, tb, max_insns);
    if (log_enabled(LOG_IN_ASM)) {
        tb_log_guest(env, tb);
    }
    if (log_enabled(LOG_OP)) {
        log_printf("OP:\n");
        tcg_dump_ops(tcg_ctx, mimic_log_file);
        log_printf("\n");
    }
    uint32_t insns = tb_prepare_ops(tcg_ctx, tb);
    tcg_optimize(tcg_ctx);
    tcg_liveness(tcg_ctx);
    if (log_enabled(LOG_OP_OPT)) {
        log_printf("OP after optimization and liveness analysis:\n");
        tcg_dump_ops(tcg_ctx, mimic_log_file);
        log_printf("\n");
    }

    if (insns < tb->icount) {
        insns = tb->icount;
    }
    uint8_t *p = (uint8_t *)(tb + 1);
    tb->insn_host_ofs = (uint32_t *)align_ptr(p, 4);
    tb->insn_pc_ofs = (uint16_t *)(tb->insn_host_ofs + insns + 1);
    tb->code = align_ptr((uint8_t *)(tb->insn_pc_ofs + insns + 1), 16);
    if (tb->code + TB_HEADROOM > code_end) {
        return NULL;
    }
    long n = be->gen_code(tcg_ctx, tb, tb->code, (size_t)(code_end - tb->code));
    if (n < 0) {
        return NULL;
    }
    tb->code_size = (uint32_t)n - tb->aux_size;
    tcg_stats.cache_bytes += (uint64_t)(tb->code + n - code_ptr);
    code_ptr = tb->code + n;
    return tb;
}

static inline uint32_t tb_page_hash(uint64_t page)
{
    return (uint32_t)((page * 0x9e3779b97f4a7c15ull) >> (64 - TB_PAGE_HASH_BITS));
}

/* The guest pages (numbers, TB_PAGE_BITS) the code came from: page 1 is
 * page 0 unless the last instruction crosses into the next page. */
static uint64_t tb_page(const TranslationBlock *tb, int n)
{
    uint64_t last = tb->pc + (tb->guest_size ? tb->guest_size - 1 : 0);

    return (n ? last : tb->pc) >> TB_PAGE_BITS;
}

static int tb_page_count(const TranslationBlock *tb)
{
    return tb_page(tb, 1) != tb_page(tb, 0) ? 2 : 1;
}

/* Frontends end a TB at a page boundary, so only its last instruction
 * may reach into a second page. */
static void tb_page_link_locked(TranslationBlock *tb)
{
    if (tb_page(tb, 1) - tb_page(tb, 0) > 1) {
        fprintf(stderr, "mimic: internal error: the TB at 0x%llx spans more "
                "than two pages\n", (unsigned long long)tb->pc);
        abort();
    }
    for (int n = 0; n < tb_page_count(tb); n++) {
        uintptr_t *head = &tb_page_index[tb_page_hash(tb_page(tb, n))];
        tb->page_next[n] = *head;
        *head = tag_tb(tb, n);
    }
}

static void tb_page_unlink(TranslationBlock *tb, int n)
{
    uintptr_t *p = &tb_page_index[tb_page_hash(tb_page(tb, n))];

    while (*p != tag_tb(tb, n)) {
        p = &tagged_tb(*p)->page_next[tagged_n(*p)];
    }
    *p = tb->page_next[n];
}

/* A TB with code on guest page number page, or NULL. */
static TranslationBlock *tb_page_find(uint64_t page)
{
    for (uintptr_t e = tb_page_index[tb_page_hash(page)]; e;
         e = tagged_tb(e)->page_next[tagged_n(e)]) {
        if (tb_page(tagged_tb(e), tagged_n(e)) == page) {
            return tagged_tb(e);
        }
    }
    return NULL;
}

/* Into tb_list, where faults find TBs by host pc.  A TB_ONCE TB goes
 * only there: it is never looked up. */
static void tb_list_append_locked(TranslationBlock *tb)
{
    tb_list[tb_count] = tb;
    __atomic_store_n(&tb_count, tb_count + 1, __ATOMIC_RELEASE);
}

/* Make tb visible to every thread: complete before the release stores. */
static void tb_publish_locked(TranslationBlock *tb)
{
    uint32_t h = tb_hash_func(tb->pc, tb->flags);
    tb->hash_next = tb_hash[h];
    __atomic_store_n(&tb_hash[h], tb, __ATOMIC_RELEASE);
    tb_page_link_locked(tb);
    tb_list_append_locked(tb);
}

static TranslationBlock *tb_gen(CPUCommon *env, uint64_t pc, uint64_t flags,
                                bool once)
{
    const TCGBackend *be = exec_cfg->backend;
    int max_insns = once ? 1
                    : exec_cfg->max_insns_per_tb > 0 ? exec_cfg->max_insns_per_tb
                                                     : TB_MAX_INSNS;
    /* Timed only for -d stats: the floating-point arithmetic would raise
     * host flags that x86 guests keep there (target-x86/README.md). */
    bool timed = log_enabled(LOG_STATS);
    double t0 = timed ? clock_monotonic_seconds() : 0;
    TranslationBlock *tb;

    /* A full buffer is flushed and the translation tried again, once; a
     * flush needs every thread out of generated code, so never with
     * tb_lock held (a running thread may be waiting for it). */
    for (int attempt = 0;; attempt++) {
        tb_lock();
        /* Another thread may have translated it meanwhile. */
        tb = once ? NULL : tb_hash_find(pc, flags);
        if (tb) {
            tb_unlock();
            tb_jmp_cache[tb_jmp_cache_index(pc)] = tb;
            return tb;
        }
        translating_once = once;
        tb = tb_translate_locked(env, pc, flags, max_insns);
        translating_once = false;
        if (tb) {
            break;
        }
        uint64_t seen = tb_flush_count;
        tb_unlock();
        if (attempt > 0) {
            fprintf(stderr, "mimic: translation block at 0x%llx does not fit in the code cache\n",
                    (unsigned long long)pc);
            exit(1);
        }
        tb_flush_since(seen);
    }
    if (once) {
        tb->cflags = TB_ONCE;
        tb_list_append_locked(tb);
    } else {
        tb_publish_locked(tb);
        tb_jmp_cache[tb_jmp_cache_index(pc)] = tb;
    }

    tcg_stats.tbs_translated++;
    tcg_stats.host_bytes += tb->code_size;
    tcg_stats.guest_insns += tb->icount;
    if (log_enabled(LOG_OUT_ASM)) {
        log_printf("OUT: [size=%u]\n", tb->code_size);
        if (be->dump_code) {
            be->dump_code(mimic_log_file, tb);
        }
        log_printf("\n");
    }
    if (timed) {
        tcg_stats.translate_seconds += clock_monotonic_seconds() - t0;
    }
    tb_unlock();
    return tb;
}

TranslationBlock *tb_gen_code(CPUCommon *env, uint64_t pc, uint64_t flags)
{
    return tb_gen(env, pc, flags, false);
}

TranslationBlock *tb_gen_once(CPUCommon *env, uint64_t pc, uint64_t flags)
{
    return tb_gen(env, pc, flags, true);
}

void tb_set_jmp(TranslationBlock *tb, int slot, TranslationBlock *dest)
{
    tb_lock();
    /* Two threads may leave through the same exit before either chains
     * it; a chained exit is unlinked only when its destination goes. */
    if (!tb->jmp_dest[slot]) {
        exec_cfg->backend->set_jmp(tb, slot, dest);
        tb->jmp_dest[slot] = dest;
        tb->jmp_in_next[slot] = dest->jmp_in;
        dest->jmp_in = tag_tb(tb, slot);
        tcg_stats.chains_made++;
    }
    tb_unlock();
}

/* Undo the chaining of slot of src (if chained): its jump goes back to
 * the exit, and src leaves the jump list of its destination. */
static void tb_jmp_unlink(TranslationBlock *src, int slot)
{
    TranslationBlock *dest = src->jmp_dest[slot];

    if (!dest) {
        return;
    }
    uintptr_t *p = &dest->jmp_in;
    while (*p != tag_tb(src, slot)) {
        p = &tagged_tb(*p)->jmp_in_next[tagged_n(*p)];
    }
    *p = src->jmp_in_next[slot];
    exec_cfg->backend->set_jmp(src, slot, NULL);
    src->jmp_dest[slot] = NULL;
}

static void tb_invalidate(TranslationBlock *tb)
{
    TranslationBlock **p = &tb_hash[tb_hash_func(tb->pc, tb->flags)];

    while (*p != tb) {
        p = &(*p)->hash_next;
    }
    *p = tb->hash_next;
    for (int n = 0; n < tb_page_count(tb); n++) {
        tb_page_unlink(tb, n);
    }
    while (tb->jmp_in) {
        tb_jmp_unlink(tagged_tb(tb->jmp_in), tagged_n(tb->jmp_in));
    }
    tb_jmp_unlink(tb, 0);
    tb_jmp_unlink(tb, 1);
    cpu_threads_forget_tb(tb);
    tb->cflags |= TB_INVALID;
    tcg_stats.tbs_invalidated++;
}

void tb_invalidate_range(uint64_t start, uint64_t len)
{
    if (len == 0) {
        return;
    }
    uint64_t first = start >> TB_PAGE_BITS;
    uint64_t last = (start + len - 1) >> TB_PAGE_BITS;

    tb_lock();
    if (last - first < tb_count) {
        for (uint64_t page = first; page <= last; page++) {
            TranslationBlock *tb;
            while ((tb = tb_page_find(page))) {
                tb_invalidate(tb);
            }
        }
    } else {
        /* A range of more pages than there are TBs (munmap of a big
         * mapping): look at every TB instead. */
        for (size_t i = 0; i < tb_count; i++) {
            TranslationBlock *tb = tb_list[i];
            if (!(tb->cflags & (TB_INVALID | TB_ONCE)) &&
                tb_page(tb, 0) <= last && tb_page(tb, 1) >= first) {
                tb_invalidate(tb);
            }
        }
    }
    tb_unlock();
}

void tb_run_insn_once(uint64_t pc)
{
    tb_once_pc = pc;
    tb_once_requested = true;
}

bool translator_translating_once(void)
{
    return translating_once;
}

TranslationBlock *tb_find_by_host_pc(uintptr_t host_pc)
{
    size_t lo = 0, hi = __atomic_load_n(&tb_count, __ATOMIC_ACQUIRE);

    if (host_pc < (uintptr_t)code_tb_start || host_pc >= (uintptr_t)code_ptr) {
        return NULL;
    }
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if ((uintptr_t)tb_list[mid]->code <= host_pc) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == 0) {
        return NULL;
    }
    TranslationBlock *tb = tb_list[lo - 1];
    if (host_pc >= (uintptr_t)tb->code + tb->code_size) {
        return NULL;
    }
    return tb;
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

bool tcg_find_guest_pc(uintptr_t host_pc, uint64_t *guest_pc)
{
    return exec_cfg && exec_cfg->backend->find_guest_pc(host_pc, guest_pc);
}

bool tcg_restore_state(uintptr_t host_pc, const void *ucontext,
                       CPUCommon *env)
{
    uint64_t pc;

    if (!exec_cfg) {
        return false;
    }
    if (exec_cfg->backend->restore_state) {
        return exec_cfg->backend->restore_state(host_pc, ucontext, env);
    }
    if (!exec_cfg->backend->find_guest_pc(host_pc, &pc)) {
        return false;
    }
    env->pc = pc;
    return true;
}

void tcg_dump_stats(FILE *out)
{
    uint64_t runs = tcg_stats.tb_runs, dispatches = tcg_stats.dispatches;

    fprintf(out,
            "translation blocks   %llu\n"
            "guest instructions   %llu\n"
            "host code bytes      %llu (%.1f per guest insn)\n"
            "code cache used      %llu bytes (%.1f per block)\n"
            "cache flushes        %llu\n"
            "TBs invalidated      %llu\n"
            "chains made          %llu\n"
            "hash lookups         %llu (%llu misses)\n"
            "translation time     %.3f s\n"
            "execution time       %.3f s\n",
            (unsigned long long)tcg_stats.tbs_translated,
            (unsigned long long)tcg_stats.guest_insns,
            (unsigned long long)tcg_stats.host_bytes,
            tcg_stats.guest_insns ? (double)tcg_stats.host_bytes / tcg_stats.guest_insns : 0.0,
            (unsigned long long)tcg_stats.cache_bytes,
            tcg_stats.tbs_translated ? (double)tcg_stats.cache_bytes / tcg_stats.tbs_translated : 0.0,
            (unsigned long long)tcg_stats.flushes,
            (unsigned long long)tcg_stats.tbs_invalidated,
            (unsigned long long)tcg_stats.chains_made,
            (unsigned long long)tcg_stats.lookups,
            (unsigned long long)tcg_stats.lookup_misses,
            tcg_stats.translate_seconds, tcg_stats.exec_seconds);
    if (runs < dispatches) {
        fprintf(out, "TB runs              %llu from the exec loop "
                     "(others not counted by this backend)\n",
                (unsigned long long)dispatches);
        return;
    }
    fprintf(out, "TB runs              %llu (%llu from the exec loop, %.2f%% "
                 "through chains, inline lookups and loops)\n",
            (unsigned long long)runs, (unsigned long long)dispatches,
            runs ? 100.0 * (double)(runs - dispatches) / (double)runs : 0.0);
}
