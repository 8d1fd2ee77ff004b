/*
 * Signals and threads: a process-directed signal goes to the thread that
 * does not block it; pthread_kill reaches the named thread; masks and
 * alternate stacks are per thread; a signal interrupts a thread blocked
 * in read.
 * CFLAGS: -O2 -pthread
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile long handler_tid;
static volatile int handler_count;
static volatile int on_altstack_seen;
static char altstack[65536];
static long worker_tid, main_tid;
static pthread_t main_thread;
static pthread_barrier_t barrier;
static int pipefd[2];
static volatile int about_to_read;

static long tid(void)
{
    return syscall(SYS_gettid);
}

static void handler(int sig)
{
    char local;
    (void)sig;
    handler_tid = tid();
    handler_count++;
    on_altstack_seen = &local >= altstack && &local < altstack + sizeof(altstack);
}

static void set_handler(int sig, int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = handler;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static void wait_count(int n)
{
    while (handler_count < n) {
        usleep(1000);
    }
}

static void *worker(void *p)
{
    (void)p;
    worker_tid = tid();
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);

    /* Phase 1: the process-directed SIGUSR1 lands here. */
    pthread_barrier_wait(&barrier);
    wait_count(1);
    pthread_barrier_wait(&barrier);

    /* Phase 2: pthread_kill from main to this thread, on its own
     * alternate stack (SA_ONSTACK). */
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
    sigaltstack(&ss, NULL);
    pthread_barrier_wait(&barrier);
    wait_count(2);
    pthread_barrier_wait(&barrier);

    /* Phase 3: this thread signals main, which has no alternate stack. */
    pthread_kill(main_thread, SIGUSR2);
    pthread_barrier_wait(&barrier);
    pthread_barrier_wait(&barrier); /* main has printed */

    /* Phase 4: blocked here, SIGUSR2 to this thread stays pending for
     * this thread only. */
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    pthread_kill(pthread_self(), SIGUSR2);
    sigset_t pend;
    sigpending(&pend);
    printf("worker pending usr2=%d\n", sigismember(&pend, SIGUSR2));
    pthread_barrier_wait(&barrier);
    pthread_barrier_wait(&barrier);
    int before = handler_count;
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    printf("worker unblocked: ran=%d in-worker=%d\n",
           handler_count == before + 1, handler_tid == worker_tid);

    /* Phase 5: blocked in read, interrupted by a signal (no SA_RESTART). */
    pthread_barrier_wait(&barrier);
    char c;
    about_to_read = 1;
    ssize_t r = read(pipefd[0], &c, 1);
    printf("worker read: r=%zd eintr=%d\n", r, r < 0 && errno == EINTR);
    return NULL;
}

int main(void)
{
    main_tid = tid();
    main_thread = pthread_self();
    pthread_barrier_init(&barrier, NULL, 2);
    pipe(pipefd);
    set_handler(SIGUSR1, 0);
    set_handler(SIGUSR2, SA_ONSTACK);

    /* Main blocks both; the worker unblocks them. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    pthread_t th;
    pthread_create(&th, NULL, worker, NULL);

    pthread_barrier_wait(&barrier);
    kill(getpid(), SIGUSR1);
    wait_count(1);
    printf("process signal: in-worker=%d count=%d\n", handler_tid == worker_tid,
           handler_count);
    pthread_barrier_wait(&barrier);

    pthread_barrier_wait(&barrier);
    pthread_kill(th, SIGUSR2);
    wait_count(2);
    printf("pthread_kill: in-worker=%d on-altstack=%d\n",
           handler_tid == worker_tid, on_altstack_seen);
    pthread_barrier_wait(&barrier);

    /* Phase 3: SIGUSR2 sent to main while main blocks it: pending for
     * main; unblocking runs the handler here, off the worker's stack. */
    pthread_barrier_wait(&barrier);
    sigset_t pend;
    sigpending(&pend);
    printf("main pending usr2=%d\n", sigismember(&pend, SIGUSR2));
    sigset_t usr2;
    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    pthread_sigmask(SIG_UNBLOCK, &usr2, NULL);
    printf("main unblocked: count=%d in-main=%d on-altstack=%d\n",
           handler_count, handler_tid == main_tid, on_altstack_seen);
    pthread_sigmask(SIG_BLOCK, &usr2, NULL);
    pthread_barrier_wait(&barrier);

    /* Phase 4: the worker's own pending signal is not main's. */
    pthread_barrier_wait(&barrier);
    sigpending(&pend);
    printf("main sees worker's pending usr2=%d\n", sigismember(&pend, SIGUSR2));
    pthread_barrier_wait(&barrier);

    /* Phase 5: interrupt the worker's read (if the signal came before
     * the read, a byte ends it instead and the output shows it). */
    pthread_barrier_wait(&barrier);
    while (!about_to_read) {
        usleep(1000);
    }
    usleep(100000);
    pthread_kill(th, SIGUSR1);
    usleep(200000);
    write(pipefd[1], "x", 1);
    pthread_join(th, NULL);
    printf("count=%d\n", handler_count);
    return 0;
}
