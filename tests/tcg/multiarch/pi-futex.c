/*
 * Priority-inheritance futexes: PTHREAD_PRIO_INHERIT mutexes under
 * contention (an exact total), trylock and timedlock against another
 * thread's lock, and the raw calls: the owner's thread id in the word,
 * FUTEX_WAITERS set by a waiter, TRYLOCK_PI on a held word, LOCK_PI by
 * the owner (EDEADLK), UNLOCK_PI by another thread (EPERM), and the
 * handoff to a waiter.
 * CFLAGS: -O2 -pthread
 */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define THREADS 4
#define ITERS 20000

static pthread_mutex_t pi_mutex;
static long counter;

static void *add_under_lock(void *arg)
{
    for (int i = 0; i < ITERS; i++) {
        pthread_mutex_lock(&pi_mutex);
        counter++;
        pthread_mutex_unlock(&pi_mutex);
    }
    return arg;
}

static volatile int holder_ready, holder_release;

static void *hold_lock(void *arg)
{
    pthread_mutex_lock(&pi_mutex);
    holder_ready = 1;
    while (!holder_release) {
        usleep(1000);
    }
    pthread_mutex_unlock(&pi_mutex);
    return arg;
}

static long futex(uint32_t *word, int op, uint32_t val,
                  const struct timespec *ts)
{
    return syscall(SYS_futex, word, op, val, ts, NULL, 0);
}

static const char *err(long r)
{
    return r == 0 ? "0" : strerror(errno);
}

static uint32_t word;
static volatile int waiter_got;

static void *lock_word(void *arg)
{
    long r = futex(&word, FUTEX_LOCK_PI, 0, NULL);
    waiter_got = r == 0 &&
                 (word & FUTEX_TID_MASK) == (uint32_t)syscall(SYS_gettid);
    futex(&word, FUTEX_UNLOCK_PI, 0, NULL);
    return arg;
}

static void *unlock_other(void *arg)
{
    long r = futex(&word, FUTEX_UNLOCK_PI, 0, NULL);
    printf("UNLOCK_PI by another thread: %s\n", err(r));
    return arg;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    printf("setprotocol PRIO_INHERIT: %d\n",
           pthread_mutexattr_setprotocol(&attr, PTHREAD_PRIO_INHERIT));
    pthread_mutex_init(&pi_mutex, &attr);

    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        pthread_create(&t[i], NULL, add_under_lock, NULL);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
    }
    printf("counter %ld (want %d)\n", counter, THREADS * ITERS);

    pthread_t h;
    pthread_create(&h, NULL, hold_lock, NULL);
    while (!holder_ready) {
        usleep(1000);
    }
    printf("trylock while held: %s\n", strerror(pthread_mutex_trylock(&pi_mutex)));
    struct timespec abs;
    clock_gettime(CLOCK_REALTIME, &abs);
    abs.tv_nsec += 50000000;
    if (abs.tv_nsec >= 1000000000) {
        abs.tv_sec++;
        abs.tv_nsec -= 1000000000;
    }
    printf("timedlock while held: %s\n",
           strerror(pthread_mutex_timedlock(&pi_mutex, &abs)));
    holder_release = 1;
    pthread_join(h, NULL);
    printf("lock after release: %d\n", pthread_mutex_lock(&pi_mutex));
    pthread_mutex_unlock(&pi_mutex);

    /* Raw calls on a word of our own. */
    uint32_t tid = (uint32_t)syscall(SYS_gettid);
    long r = futex(&word, FUTEX_LOCK_PI, 0, NULL);
    printf("LOCK_PI on 0: %s, word holds our tid: %d\n", err(r),
           word == tid);
    r = futex(&word, FUTEX_LOCK_PI, 0, NULL);
    printf("LOCK_PI by the owner: %s\n", err(r));
    pthread_t o;
    pthread_create(&o, NULL, unlock_other, NULL);
    pthread_join(o, NULL);
    pthread_t w;
    pthread_create(&w, NULL, lock_word, NULL);
    /* The waiter marks the word before it sleeps. */
    for (int i = 0; i < 2000 && !(word & FUTEX_WAITERS); i++) {
        usleep(1000);
    }
    printf("waiter set FUTEX_WAITERS: %d, owner still us: %d\n",
           (word & FUTEX_WAITERS) != 0, (word & FUTEX_TID_MASK) == tid);
    r = futex(&word, FUTEX_UNLOCK_PI, 0, NULL);
    printf("UNLOCK_PI by the owner: %s\n", err(r));
    pthread_join(w, NULL);
    printf("waiter got the lock with its tid in the word: %d\n", waiter_got);
    printf("word free at the end: %d\n", word == 0);
    word = tid + 1; /* some other thread's id */
    r = futex(&word, FUTEX_TRYLOCK_PI, 0, NULL);
    printf("TRYLOCK_PI on a held word: %s\n", r == 0 ? "0" : "failed");
    return 0;
}
