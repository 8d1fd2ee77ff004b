/*
 * Threads: create/join, exit values, a mutex-protected counter, a condvar
 * handshake, __thread variables, and shared counters incremented with
 * __atomic builtins (lwarx/stwcx. on PowerPC, LOCK-prefixed instructions
 * and CMPXCHG on x86) by every thread at once: the totals must be exact.
 * CFLAGS: -O2 -pthread
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define THREADS 4
#define ITERS 1000000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long locked_counter;
static int ready_count, go;

static uint32_t add_counter, cas_counter, xchg_lock_counter;
static uint8_t byte_counter;
static uint16_t half_counter;
static uint32_t or_bits, and_bits = 0xffffffffu;
static uint32_t spin;

static __thread int tls_value = 7;
static __thread char tls_name[16];

struct arg {
    int index;
    int tls_seen;
    long tid;
};

static void spin_lock(void)
{
    while (__atomic_exchange_n(&spin, 1, __ATOMIC_ACQUIRE)) {
        while (__atomic_load_n(&spin, __ATOMIC_RELAXED)) {
        }
    }
}

static void spin_unlock(void)
{
    __atomic_store_n(&spin, 0, __ATOMIC_RELEASE);
}

static void *worker(void *p)
{
    struct arg *a = p;
    /* Each thread starts with the initial TLS values and has its own. */
    a->tls_seen = tls_value;
    tls_value = 100 + a->index;
    snprintf(tls_name, sizeof(tls_name), "worker-%d", a->index);
    a->tid = syscall(SYS_gettid);

    /* Everyone starts together. */
    pthread_mutex_lock(&lock);
    ready_count++;
    pthread_cond_broadcast(&cond);
    while (!go) {
        pthread_cond_wait(&cond, &lock);
    }
    pthread_mutex_unlock(&lock);

    for (int i = 0; i < ITERS; i++) {
        __atomic_fetch_add(&add_counter, 1, __ATOMIC_SEQ_CST);
        uint32_t old = __atomic_load_n(&cas_counter, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n(&cas_counter, &old, old + 3, 1,
                                            __ATOMIC_SEQ_CST,
                                            __ATOMIC_RELAXED)) {
        }
        __atomic_fetch_add(&byte_counter, 1, __ATOMIC_RELAXED);
        __atomic_fetch_sub(&half_counter, 1, __ATOMIC_RELAXED);
        if ((i & 15) == 0) {
            pthread_mutex_lock(&lock);
            locked_counter++;
            pthread_mutex_unlock(&lock);
            spin_lock();
            xchg_lock_counter++;
            spin_unlock();
        }
    }
    __atomic_fetch_or(&or_bits, 1u << (a->index * 3), __ATOMIC_SEQ_CST);
    __atomic_fetch_and(&and_bits, ~(1u << (a->index * 5)), __ATOMIC_SEQ_CST);
    int ok = tls_value == 100 + a->index &&
             strcmp(tls_name, "worker-") > 0;
    return (void *)(intptr_t)(ok ? 1000 + a->index : -1);
}

static void *exiter(void *p)
{
    (void)p;
    pthread_exit((void *)(intptr_t)77);
}

int main(void)
{
    pthread_t th[THREADS];
    struct arg args[THREADS];
    tls_value = 1;
    for (int i = 0; i < THREADS; i++) {
        args[i].index = i;
        if (pthread_create(&th[i], NULL, worker, &args[i]) != 0) {
            printf("pthread_create failed\n");
            return 1;
        }
    }
    pthread_mutex_lock(&lock);
    while (ready_count < THREADS) {
        pthread_cond_wait(&cond, &lock);
    }
    go = 1;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);

    int joined_ok = 0, tls_ok = 0;
    for (int i = 0; i < THREADS; i++) {
        void *ret;
        pthread_join(th[i], &ret);
        joined_ok += (intptr_t)ret == 1000 + i;
        tls_ok += args[i].tls_seen == 7;
    }
    long main_tid = syscall(SYS_gettid);
    int distinct = 1;
    for (int i = 0; i < THREADS; i++) {
        distinct &= args[i].tid != main_tid && args[i].tid > 0;
        for (int j = 0; j < i; j++) {
            distinct &= args[i].tid != args[j].tid;
        }
    }
    printf("joined=%d initial-tls=%d main-tls=%d distinct-tids=%d\n",
           joined_ok, tls_ok, tls_value, distinct);
    printf("fetch_add=%u cas=%u byte=%u half=%u\n", add_counter, cas_counter,
           byte_counter, half_counter);
    printf("mutex=%ld spinlock=%u or=%x and=%x\n", locked_counter,
           xchg_lock_counter, or_bits, and_bits);

    pthread_t e;
    void *ret;
    pthread_create(&e, NULL, exiter, NULL);
    pthread_join(e, &ret);
    printf("pthread_exit value=%d\n", (int)(intptr_t)ret);

    /* Many short threads one after the other. */
    int made = 0;
    for (int i = 0; i < 50; i++) {
        if (pthread_create(&e, NULL, exiter, NULL) == 0) {
            pthread_join(e, &ret);
            made += (intptr_t)ret == 77;
        }
    }
    printf("short threads=%d\n", made);
    return 0;
}
