/*
 * Self- and cross-modifying code: a tiny JIT writes "return constant"
 * functions for this CPU into an RWX buffer and calls them, rewriting the
 * constant in place between calls (no mprotect in between); the same
 * with W^X (write while RW, mprotect to RX, call); a loop whose code sits
 * on the page it patches; and one thread rewriting code another thread
 * then runs.
 * CFLAGS: -O2 -pthread
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef int (*fn_t)(void);

/* Emit "return v" (v fits 16 signed bits) at p; returns its size. */
static size_t emit_return(uint8_t *p, int v)
{
#if defined(__x86_64__) || defined(__i386__)
    p[0] = 0xb8; /* mov eax, imm32 */
    memcpy(p + 1, &v, 4);
    p[5] = 0xc3; /* ret */
    return 6;
#elif defined(__powerpc__)
    uint32_t li = 0x38600000u | (uint16_t)v; /* li r3, v */
    uint32_t blr = 0x4e800020u;
    memcpy(p, &li, 4);
    memcpy(p + 4, &blr, 4);
    return 8;
#else
#error "self-modifying.c: unknown CPU"
#endif
}

static fn_t ready(uint8_t *p, size_t n)
{
    __builtin___clear_cache((char *)p, (char *)p + n);
    return (fn_t)(uintptr_t)p;
}

static uint8_t *buf;
static long page;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int turn, thread_sum;

static void *runner(void *arg)
{
    (void)arg;
    for (int i = 0; i < 50; i++) {
        pthread_mutex_lock(&lock);
        while (turn != 1) {
            pthread_cond_wait(&cond, &lock);
        }
        pthread_mutex_unlock(&lock);
        fn_t f = ready(buf + 256, 16);
        thread_sum += f();
        pthread_mutex_lock(&lock);
        turn = 0;
        pthread_cond_broadcast(&cond);
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int main(void)
{
    page = sysconf(_SC_PAGESIZE);
    buf = mmap(NULL, page * 2, PROT_READ | PROT_WRITE | PROT_EXEC,
               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED) {
        perror("mmap");
        return 1;
    }

    /* Rewritten in place, called each time: every new constant shows. */
    long sum = 0;
    int mismatches = 0;
    for (int i = 0; i < 2000; i++) {
        size_t n = emit_return(buf, i * 3 - 1000);
        int r = ready(buf, n)();
        sum += r;
        mismatches += r != i * 3 - 1000;
    }
    printf("in place: sum=%ld mismatches=%d\n", sum, mismatches);

    /* Two functions on one page, rewritten alternately. */
    sum = 0;
    for (int i = 0; i < 500; i++) {
        size_t n = emit_return(buf + 64, i);
        fn_t a = ready(buf + 64, n);
        n = emit_return(buf + 128, -i);
        fn_t b = ready(buf + 128, n);
        sum += a() * 2 + b();
    }
    printf("two functions: sum=%ld\n", sum);

    /* W^X: write while RW, run while RX. */
    uint8_t *wx = buf + page;
    sum = 0;
    for (int i = 0; i < 200; i++) {
        mprotect(wx, page, PROT_READ | PROT_WRITE);
        size_t n = emit_return(wx, 7 * i);
        mprotect(wx, page, PROT_READ | PROT_EXEC);
        sum += ready(wx, n)();
    }
    printf("w^x: sum=%ld\n", sum);

    /* Code written by the kernel (read from a pipe) into a page that
     * already ran code. */
    int fds[2];
    pipe(fds);
    uint8_t code[16];
    size_t n = emit_return(code, 4242);
    ready(buf, emit_return(buf, 1))();
    write(fds[1], code, n);
    ssize_t got = read(fds[0], buf, n);
    printf("read into code: whole=%d value=%d\n", got == (ssize_t)n,
           ready(buf, n)());

    /* Cross-modifying: this thread writes, the other one runs. */
    pthread_t th;
    pthread_create(&th, NULL, runner, NULL);
    int expect = 0;
    for (int i = 0; i < 50; i++) {
        pthread_mutex_lock(&lock);
        while (turn != 0) {
            pthread_cond_wait(&cond, &lock);
        }
        emit_return(buf + 256, 100 + i);
        expect += 100 + i;
        turn = 1;
        pthread_cond_broadcast(&cond);
        pthread_mutex_unlock(&lock);
    }
    pthread_join(th, NULL);
    printf("cross-modifying: sum=%d expected=%d\n", thread_sum, expect);
    return 0;
}
