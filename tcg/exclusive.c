/*
 * exclusive.c: the threads that run guest code, and stopping them all.
 *
 * Every thread that calls cpu_exec has a record here.  While it is inside
 * cpu_exec its record says "running"; outside (in a system call, in the
 * cpu loop, blocked anywhere) it cannot touch generated code or the TB
 * tables.  An exclusive section (tb_flush, invalidation of guest code)
 * needs every other thread outside: it asks the running ones to leave
 * (exit_request, honoured at the next TB start), waits until the last has
 * left, and keeps them out until it ends.
 *
 * The fast path costs two stores and a fence per cpu_exec: a thread sets
 * running, then looks for an exclusive section; the exclusive side sets
 * its flag, then looks at running.  With a full fence on both sides at
 * least one of them sees the other, and the rest happens under the lock.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "tcg/tb.h"

typedef struct CPUThread {
    CPUCommon *env;
    TranslationBlock **jmp_cache; /* the thread's tb_jmp_cache */
    int running;              /* inside cpu_exec (atomic) */
    bool waited_for;          /* the exclusive section counts this one */
    bool resume_running;      /* was inside cpu_exec when it started an
                               * exclusive section */
    uint64_t flush_seen;      /* tb_flush_count when the jump cache was
                               * last valid */
    struct CPUThread *next;
} CPUThread;

static pthread_mutex_t cpu_list_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t exclusive_cond = PTHREAD_COND_INITIALIZER;
static pthread_cond_t exclusive_resume = PTHREAD_COND_INITIALIZER;
static CPUThread *cpu_threads;
static int exclusive_active;   /* atomic */
static int pending_cpus;       /* running threads the section waits for */

static __thread CPUThread *self;

static void fork_prepare(void)
{
    tb_lock();
    pthread_mutex_lock(&cpu_list_lock);
}

static void fork_parent(void)
{
    pthread_mutex_unlock(&cpu_list_lock);
    tb_unlock();
}

/* The child of fork has one thread: the others' records go (their memory
 * is the parent's business). */
static void fork_child(void)
{
    pthread_mutex_init(&cpu_list_lock, NULL);
    pthread_cond_init(&exclusive_cond, NULL);
    pthread_cond_init(&exclusive_resume, NULL);
    tb_lock_reinit();
    cpu_threads = self;
    if (self) {
        self->next = NULL;
        self->waited_for = false;
    }
    exclusive_active = 0;
    pending_cpus = 0;
}

static void register_fork_handlers(void)
{
    pthread_atfork(fork_prepare, fork_parent, fork_child);
}

void cpu_thread_register(CPUCommon *env)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, register_fork_handlers);
    if (self) {
        self->env = env;
        return;
    }
    CPUThread *t = calloc(1, sizeof(*t));
    if (!t) {
        fprintf(stderr, "mimic: out of memory\n");
        exit(1);
    }
    t->env = env;
    t->jmp_cache = tb_jmp_cache;
    t->flush_seen = __atomic_load_n(&tb_flush_count, __ATOMIC_ACQUIRE);
    pthread_mutex_lock(&cpu_list_lock);
    t->next = cpu_threads;
    cpu_threads = t;
    pthread_mutex_unlock(&cpu_list_lock);
    self = t;
}

void cpu_thread_unregister(void)
{
    if (!self) {
        return;
    }
    pthread_mutex_lock(&cpu_list_lock);
    for (CPUThread **p = &cpu_threads; *p; p = &(*p)->next) {
        if (*p == self) {
            *p = self->next;
            break;
        }
    }
    if (self->waited_for && --pending_cpus == 0) {
        pthread_cond_signal(&exclusive_cond);
    }
    pthread_mutex_unlock(&cpu_list_lock);
    free(self);
    self = NULL;
}

/* Leave the running state for an exclusive section; cpu_list_lock held. */
static void stop_running_locked(void)
{
    __atomic_store_n(&self->running, 0, __ATOMIC_SEQ_CST);
    if (self->waited_for) {
        self->waited_for = false;
        if (--pending_cpus == 0) {
            pthread_cond_signal(&exclusive_cond);
        }
    }
}

void cpu_exec_start(CPUCommon *env)
{
    if (!self) {
        cpu_thread_register(env);
    }
    self->env = env;
    __atomic_store_n(&self->running, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&exclusive_active, __ATOMIC_SEQ_CST)) {
        pthread_mutex_lock(&cpu_list_lock);
        stop_running_locked();
        while (exclusive_active) {
            pthread_cond_wait(&exclusive_resume, &cpu_list_lock);
        }
        __atomic_store_n(&self->running, 1, __ATOMIC_SEQ_CST);
        pthread_mutex_unlock(&cpu_list_lock);
    }
    /* A flush while this thread was out emptied the TB tables: its own
     * jump cache goes too. */
    uint64_t flushes = __atomic_load_n(&tb_flush_count, __ATOMIC_ACQUIRE);
    if (self->flush_seen != flushes) {
        memset(tb_jmp_cache, 0, sizeof(tb_jmp_cache));
        self->flush_seen = flushes;
    }
}

void cpu_exec_end(CPUCommon *env)
{
    (void)env;
    __atomic_store_n(&self->running, 0, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&exclusive_active, __ATOMIC_SEQ_CST)) {
        pthread_mutex_lock(&cpu_list_lock);
        stop_running_locked();
        pthread_mutex_unlock(&cpu_list_lock);
    }
}

void cpu_threads_forget_tb(TranslationBlock *tb)
{
    uint32_t i = tb_jmp_cache_index(tb->pc);

    /* The lock keeps a thread from ending (and its cache going) meanwhile. */
    pthread_mutex_lock(&cpu_list_lock);
    for (CPUThread *t = cpu_threads; t; t = t->next) {
        if (t->jmp_cache[i] == tb) {
            t->jmp_cache[i] = NULL;
        }
    }
    pthread_mutex_unlock(&cpu_list_lock);
}

void start_exclusive(void)
{
    pthread_mutex_lock(&cpu_list_lock);
    /* The caller may be inside cpu_exec (a translation that needs a
     * flush): it runs no generated code until end_exclusive. */
    if (self) {
        self->resume_running = self->running;
        stop_running_locked();
    }
    while (exclusive_active) {
        pthread_cond_wait(&exclusive_resume, &cpu_list_lock);
    }
    __atomic_store_n(&exclusive_active, 1, __ATOMIC_SEQ_CST);
    for (CPUThread *t = cpu_threads; t; t = t->next) {
        if (t != self && __atomic_load_n(&t->running, __ATOMIC_SEQ_CST)) {
            t->waited_for = true;
            pending_cpus++;
            t->env->exit_request = 1;
        }
    }
    while (pending_cpus > 0) {
        pthread_cond_wait(&exclusive_cond, &cpu_list_lock);
    }
    pthread_mutex_unlock(&cpu_list_lock);
}

void end_exclusive(void)
{
    pthread_mutex_lock(&cpu_list_lock);
    __atomic_store_n(&exclusive_active, 0, __ATOMIC_SEQ_CST);
    pthread_cond_broadcast(&exclusive_resume);
    if (self) {
        __atomic_store_n(&self->running, self->resume_running,
                         __ATOMIC_SEQ_CST);
    }
    pthread_mutex_unlock(&cpu_list_lock);
}
