/*
 * The C library's own real-time signals and the guest's SIGRTMIN..SIGRTMAX:
 * pthread_cancel of threads blocked in cancellation points (read on a
 * pipe, nanosleep, a condition variable wait, pause) with cleanup
 * handlers, which unwinds through the signal frame of the cancellation
 * (on ppc through the CFI of mimic's vDSO trampoline); asynchronous
 * cancellation of a spinning thread;
 * seteuid in a threaded program (every thread takes the new id, through
 * the setxid signal); real-time signals queued with values to the
 * process and to one thread, in order, and delivered after unblocking.
 * The expected output is the native x86_64 and i386 output of this
 * program (identical to each other): qemu-ppc cannot be the oracle, since
 * its unwinder aborts in the cancellation of the blocked read.
 * CFLAGS: -O2 -pthread
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int pipe_fds[2];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static volatile int cleanups, started;

static void cleanup(void *arg)
{
    __atomic_add_fetch(&cleanups, 1, __ATOMIC_SEQ_CST);
    (void)arg;
}

static void *block_in_read(void *arg)
{
    char c;
    pthread_cleanup_push(cleanup, arg);
    __atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
    ssize_t n = read(pipe_fds[0], &c, 1);
    printf("read returned %zd (not cancelled)\n", n);
    pthread_cleanup_pop(0);
    return NULL;
}

static void *block_in_sleep(void *arg)
{
    pthread_cleanup_push(cleanup, arg);
    __atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
    struct timespec ts = { 100, 0 };
    nanosleep(&ts, NULL);
    printf("nanosleep returned (not cancelled)\n");
    pthread_cleanup_pop(0);
    return NULL;
}

static void *block_in_cond(void *arg)
{
    pthread_mutex_lock(&lock);
    pthread_cleanup_push(cleanup, arg);
    /* The cancelled wait returns with the mutex held: unlock it. */
    pthread_cleanup_push((void (*)(void *))pthread_mutex_unlock, &lock);
    __atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
    for (;;) {
        pthread_cond_wait(&cond, &lock);
    }
    pthread_cleanup_pop(1);
    pthread_cleanup_pop(0);
    return NULL;
}

static void *block_in_pause(void *arg)
{
    pthread_cleanup_push(cleanup, arg);
    __atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
    pause();
    pthread_cleanup_pop(0);
    return NULL;
}

static volatile unsigned long spins;

static void *spin_async(void *arg)
{
    pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, NULL);
    pthread_cleanup_push(cleanup, arg);
    __atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
    for (;;) {
        spins++;
    }
    pthread_cleanup_pop(0);
    return NULL;
}

static void wait_started(int n)
{
    while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < n) {
        usleep(1000);
    }
    /* Let it reach the blocking call. */
    usleep(50000);
}

static void cancel_one(const char *what, void *(*fn)(void *))
{
    pthread_t t;
    cleanups = 0;
    started = 0;
    pthread_create(&t, NULL, fn, NULL);
    wait_started(1);
    int r = pthread_cancel(t);
    void *ret;
    pthread_join(t, &ret);
    printf("cancel %s: pthread_cancel %d, joined %s, cleanups %d\n", what, r,
           ret == PTHREAD_CANCELED ? "PTHREAD_CANCELED" : "other value",
           cleanups);
}

/* ---- setxid ----------------------------------------------------------- */

static volatile int check_ids, ids_checked;
static volatile uid_t seen_euid[3];

static void *report_euid(void *arg)
{
    int i = (int)(long)arg;
    while (__atomic_load_n(&check_ids, __ATOMIC_SEQ_CST) == 0) {
        usleep(1000);
    }
    /* The raw call: this thread's own credentials. */
    seen_euid[i] = (uid_t)syscall(SYS_geteuid);
    __atomic_add_fetch(&ids_checked, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static void setxid_test(void)
{
    pthread_t t[3];
    for (long i = 0; i < 3; i++) {
        pthread_create(&t[i], NULL, report_euid, (void *)i);
    }
    uid_t before = geteuid();
    /* Root can take any effective id and come back (the saved id stays
     * 0); anyone else sets the one it has. */
    uid_t want = before == 0 ? 4321 : before;
    int r = seteuid(want);
    check_ids = 1;
    for (int i = 0; i < 3; i++) {
        pthread_join(t[i], NULL);
    }
    int agree = 1;
    for (int i = 0; i < 3; i++) {
        agree &= seen_euid[i] == want;
    }
    printf("seteuid in a threaded program: %d, every thread has it: %s\n", r,
           agree ? "yes" : "no");
    r = seteuid(before);
    printf("seteuid back: %d, euid restored: %s\n", r,
           geteuid() == before ? "yes" : "no");
}

/* ---- real-time signals ------------------------------------------------ */

static volatile int rt_log[64], rt_vals[64], rt_count;

static void rt_handler(int sig, siginfo_t *si, void *uc)
{
    int n = rt_count++;
    if (n < 64) {
        rt_log[n] = sig;
        rt_vals[n] = si->si_value.sival_int;
    }
    (void)uc;
}

static void rt_test(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = rt_handler;
    sa.sa_flags = SA_SIGINFO;
    sigset_t all_rt;
    sigemptyset(&all_rt);
    int sigs[] = { SIGRTMIN, SIGRTMIN + 1, SIGRTMIN + 5, SIGRTMAX - 4,
                   SIGRTMAX - 2 };
    int nsigs = (int)(sizeof(sigs) / sizeof(sigs[0]));
    for (int i = 0; i < nsigs; i++) {
        sigaction(sigs[i], &sa, NULL);
        sigaddset(&all_rt, sigs[i]);
    }
    printf("SIGRTMIN is SIGRTMIN+%d of the kernel's 32\n", SIGRTMIN - 32);
    /* Blocked, queued with values in reverse order: delivered lowest
     * signal first, each signal's instances in the order sent. */
    sigprocmask(SIG_BLOCK, &all_rt, NULL);
    for (int i = nsigs - 1; i >= 0; i--) {
        for (int v = 0; v < 2; v++) {
            union sigval val = { .sival_int = 100 * i + v };
            if (sigqueue(getpid(), sigs[i], val) != 0) {
                printf("sigqueue %d failed: %s\n", i, strerror(errno));
            }
        }
    }
    rt_count = 0;
    sigprocmask(SIG_UNBLOCK, &all_rt, NULL);
    for (int n = 0; n < rt_count && n < 64; n++) {
        printf("  rt delivery %d: SIGRTMIN%+d value %d\n", n,
               rt_log[n] - SIGRTMIN, rt_vals[n]);
    }
    /* To another thread with pthread_kill, waited for with sigwaitinfo. */
    sigprocmask(SIG_BLOCK, &all_rt, NULL);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, SIGRTMAX - 2);
    sigqueue(getpid(), SIGRTMAX - 2, (union sigval){ .sival_int = 77 });
    siginfo_t si;
    int got = sigwaitinfo(&one, &si);
    printf("sigwaitinfo: SIGRTMAX%+d value %d code %s\n", got - SIGRTMAX,
           si.si_value.sival_int, si.si_code == SI_QUEUE ? "SI_QUEUE" : "?");
    sigprocmask(SIG_UNBLOCK, &all_rt, NULL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (pipe(pipe_fds) != 0) {
        return 1;
    }
    cancel_one("read on a pipe", block_in_read);
    cancel_one("nanosleep", block_in_sleep);
    cancel_one("pthread_cond_wait", block_in_cond);
    cancel_one("pause", block_in_pause);
    cancel_one("asynchronous, spinning", spin_async);
    /* The mutex the condvar thread held came back through its cleanup. */
    printf("mutex free after cancel: %s\n",
           pthread_mutex_trylock(&lock) == 0 ? "yes" : "no");
    pthread_mutex_unlock(&lock);
    setxid_test();
    rt_test();
    return 0;
}
