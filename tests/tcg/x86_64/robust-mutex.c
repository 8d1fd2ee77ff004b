/*
 * Robust mutexes: a thread that dies holding one leaves it to the next
 * locker with EOWNERDEAD (the kernel walks the dead thread's robust list,
 * which the guest registered with set_robust_list), both when the locker
 * waits already and when it comes after the death; the mutex made
 * consistent works again; get_robust_list returns the registered list.
 * The oracle is this program run natively.
 * CFLAGS: -O2 -pthread
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_mutex_t mutex;
static pthread_barrier_t locked;

static void *lock_and_die(void *wait_for_main)
{
    pthread_mutex_lock(&mutex);
    if (wait_for_main) {
        pthread_barrier_wait(&locked);
        /* Give the main thread time to block on the mutex. */
        usleep(50000);
    }
    return NULL;
}

static const char *lock_result(void)
{
    int r = pthread_mutex_lock(&mutex);
    if (r == EOWNERDEAD) {
        pthread_mutex_consistent(&mutex);
    }
    pthread_mutex_unlock(&mutex);
    return r == EOWNERDEAD ? "EOWNERDEAD" : r ? strerror(r) : "0";
}

int main(void)
{
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&mutex, &attr);
    pthread_barrier_init(&locked, NULL, 2);

    pthread_t t;
    pthread_create(&t, NULL, lock_and_die, NULL);
    pthread_join(t, NULL);
    printf("lock after the owner died: %s\n", lock_result());

    pthread_create(&t, NULL, lock_and_die, &locked);
    pthread_barrier_wait(&locked);
    printf("lock waiting as the owner dies: %s\n", lock_result());
    pthread_join(t, NULL);

    printf("lock when consistent again: %s\n", lock_result());

    void *head;
    size_t len;
    long r = syscall(SYS_get_robust_list, 0, &head, &len);
    printf("get_robust_list: %ld, len %zu, head %s\n", r, len,
           head ? "set" : "NULL");
    return 0;
}
