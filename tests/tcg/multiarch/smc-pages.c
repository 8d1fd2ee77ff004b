/*
 * Self-modifying code at page granularity: a store that rewrites the next
 * instruction of its own block, code whose instructions (x86) or blocks
 * (ppc) straddle two pages with only one page rewritten, a second thread
 * rewriting code another thread keeps running (no lock: the runner must
 * see every new value in order), code replaced through mprotect and
 * through munmap + mmap MAP_FIXED, and a signal frame written by the
 * kernel (mimic) onto a page of code.
 * CFLAGS: -O2 -pthread
 */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef int (*fn_t)(void);

static long page;

static void put32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

static fn_t ready(uint8_t *p, size_t n)
{
    __builtin___clear_cache((char *)p, (char *)p + n);
    return (fn_t)(uintptr_t)p;
}

static uint8_t *map_code(size_t len)
{
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        _exit(1);
    }
    return p;
}

#if defined(__powerpc__)
static uint32_t ppc_li(int reg, int v)
{
    return 0x38000000u | (uint32_t)reg << 21 | (uint16_t)v;
}
#define PPC_BLR 0x4e800020u
#define PPC_NOP 0x60000000u
#endif

/*
 * "Store, then the instruction it stores into": the first instruction
 * writes the immediate (x86) or the whole instruction (ppc) of the
 * instruction after it, in the same block, so the function returns the
 * value the store wrote, not the one that was there.  PowerPC needs
 * dcbst; sync; icbi; isync in between for that (none of them ends a
 * block in mimic).
 */
enum { SAME_TB_LEN = 48 };

static void same_tb_emit(uint8_t *p)
{
#if defined(__x86_64__) || defined(__i386__)
    p[0] = 0xc7; /* mov dword [target], imm32 */
    p[1] = 0x05;
#if defined(__x86_64__)
    put32(p + 2, 1); /* rip-relative: from p + 10 to p + 11 */
#else
    put32(p + 2, (uint32_t)(uintptr_t)(p + 11));
#endif
    p[10] = 0xb8; /* mov eax, imm32 */
    p[15] = 0xc3; /* ret */
#elif defined(__powerpc__)
    uint32_t target = (uint32_t)(uintptr_t)(p + 36);
    put32(p + 0, 0x3c800000u | target >> 16);    /* lis r4, target@h */
    put32(p + 4, 0x60840000u | (target & 0xffff)); /* ori r4, r4, target@l */
    put32(p + 16, 0x90a40000u);                  /* stw r5, 0(r4) */
    put32(p + 20, 0x7c00206cu);                  /* dcbst 0, r4 */
    put32(p + 24, 0x7c0004acu);                  /* sync */
    put32(p + 28, 0x7c0027acu);                  /* icbi 0, r4 */
    put32(p + 32, 0x4c00012cu);                  /* isync */
    put32(p + 40, PPC_BLR);
#endif
}

/* The value the store writes is v; the instruction it overwrites holds
 * stale, which must not be what the call returns. */
static void same_tb_set(uint8_t *p, int v, int stale)
{
#if defined(__x86_64__) || defined(__i386__)
    put32(p + 6, (uint32_t)v);
    put32(p + 11, (uint32_t)stale);
#elif defined(__powerpc__)
    uint32_t insn = ppc_li(3, v);
    put32(p + 8, 0x3ca00000u | insn >> 16);      /* lis r5, insn@h */
    put32(p + 12, 0x60a50000u | (insn & 0xffff)); /* ori r5, r5, insn@l */
    put32(p + 36, ppc_li(3, stale));
#endif
}

static void test_same_tb(void)
{
    uint8_t *buf = map_code(page);
    same_tb_emit(buf);
    long sum = 0;
    int wrong = 0;
    for (int i = 0; i < 300; i++) {
        same_tb_set(buf, i * 7 - 500, -1);
        int r = ready(buf, SAME_TB_LEN)();
        sum += r;
        wrong += r != i * 7 - 500;
        /* Again without rewriting from here: the stored value stays. */
        r = ready(buf, SAME_TB_LEN)();
        wrong += r != i * 7 - 500;
    }
    printf("store into its own block: sum=%ld wrong=%d\n", sum, wrong);
    munmap(buf, page);
}

/*
 * Code across a page boundary b: x86 "mov eax, imm32; ret" with the
 * immediate's low half before b and its high half after it (one
 * instruction in two pages); ppc "li r3, lo; nop" before b and
 * "addi r3, r3, hi; blr" after it (two blocks, chained).  Each round
 * rewrites the half on one page only.
 */
static uint8_t *straddle_entry(uint8_t *b)
{
#if defined(__x86_64__) || defined(__i386__)
    return b - 3;
#elif defined(__powerpc__)
    return b - 8;
#endif
}

static void straddle_set(uint8_t *b, int half, int v)
{
#if defined(__x86_64__) || defined(__i386__)
    uint16_t h = (uint16_t)v;
    memcpy(half ? b : b - 2, &h, 2);
#elif defined(__powerpc__)
    put32(half ? b : b - 8, half ? 0x38630000u | (uint16_t)v : ppc_li(3, v));
#endif
}

static void test_straddle(void)
{
    uint8_t *buf = map_code(page * 2);
    uint8_t *b = buf + page;
#if defined(__x86_64__) || defined(__i386__)
    b[-3] = 0xb8;
    b[2] = 0xc3;
#elif defined(__powerpc__)
    put32(b - 4, PPC_NOP);
    put32(b + 4, PPC_BLR);
#endif
    straddle_set(b, 0, 0);
    straddle_set(b, 1, 0);
    long sum = 0;
    int lo = 0, hi = 0;
    for (int i = 0; i < 400; i++) {
        /* Rounds alternate pages; every third one rewrites both. */
        if (i % 2 == 0 || i % 3 == 0) {
            lo = (i * 37) & 0x7fff;
            straddle_set(b, 0, lo);
        }
        if (i % 2 == 1 || i % 3 == 0) {
            hi = (i * 11) & 0x7fff;
            straddle_set(b, 1, hi);
        }
        sum += ready(straddle_entry(b), 16)();
    }
#if defined(__x86_64__) || defined(__i386__)
    long expect_last = (long)hi << 16 | lo;
#else
    long expect_last = lo + hi;
#endif
    printf("across two pages: sum=%ld last=%d expected=%ld\n", sum,
           ready(straddle_entry(b), 16)(), expect_last);
    munmap(buf, page * 2);
}

/*
 * Cross-modifying: the writer stores value i into a function the runner
 * calls in a loop, and waits until the runner has seen it; the runner
 * must see 1, 2, ... rounds in order, none skipped or repeated.
 */
enum { CROSS_ROUNDS = 50 };

static uint8_t *cross_fn;
static int cross_seen;

static void cross_set(int v)
{
#if defined(__x86_64__) || defined(__i386__)
    __atomic_store_n((uint32_t *)(cross_fn + 4), (uint32_t)v,
                     __ATOMIC_RELEASE);
#elif defined(__powerpc__)
    __atomic_store_n((uint32_t *)cross_fn, ppc_li(3, v), __ATOMIC_RELEASE);
#endif
    __builtin___clear_cache((char *)cross_fn, (char *)cross_fn + 16);
}

static void *cross_runner(void *arg)
{
    int *out_of_order = arg;
    int last = 0;
    while (last < CROSS_ROUNDS) {
        int v = ((fn_t)(uintptr_t)cross_fn)();
        if (v != last) {
            *out_of_order += v != last + 1;
            last = v;
            __atomic_store_n(&cross_seen, v, __ATOMIC_RELEASE);
        }
    }
    return NULL;
}

static void test_cross(void)
{
    cross_fn = map_code(page);
#if defined(__x86_64__) || defined(__i386__)
    memcpy(cross_fn, "\x90\x90\x90\xb8\0\0\0\0\xc3", 9);
#elif defined(__powerpc__)
    put32(cross_fn + 4, PPC_BLR);
#endif
    cross_set(0);
    int out_of_order = 0;
    pthread_t th;
    pthread_create(&th, NULL, cross_runner, &out_of_order);
    for (int i = 1; i <= CROSS_ROUNDS; i++) {
        cross_set(i);
        while (__atomic_load_n(&cross_seen, __ATOMIC_ACQUIRE) != i) {
            sched_yield();
        }
    }
    pthread_join(th, NULL);
    printf("cross-modifying: rounds=%d seen=%d out of order=%d\n",
           CROSS_ROUNDS, cross_seen, out_of_order);
    munmap(cross_fn, page);
}

/* "return v" at p; its size. */
static size_t emit_return(uint8_t *p, int v)
{
#if defined(__x86_64__) || defined(__i386__)
    p[0] = 0xb8;
    put32(p + 1, (uint32_t)v);
    p[5] = 0xc3;
    return 6;
#elif defined(__powerpc__)
    put32(p, ppc_li(3, v));
    put32(p + 4, PPC_BLR);
    return 8;
#endif
}

/* Code replaced by changing the mapping: read-only and back (the old
 * code must not run), and unmapped and mapped again at the same place. */
static void test_remap(void)
{
    uint8_t *buf = map_code(page * 3);
    uint8_t *mid = buf + page;
    long sum = 0;
    for (int i = 0; i < 100; i++) {
        mprotect(mid, page, PROT_READ);
        mprotect(mid, page, PROT_READ | PROT_WRITE);
        size_t n = emit_return(mid + 8, i);
        mprotect(mid, page, PROT_READ | PROT_EXEC);
        sum += ready(mid + 8, n)();
        /* The pages around keep their code. */
        n = emit_return(buf, 1000);
        sum += ready(buf, n)();
    }
    printf("mprotect: sum=%ld\n", sum);
    sum = 0;
    for (int i = 0; i < 100; i++) {
        munmap(mid, page);
        void *p = mmap(mid, page, PROT_READ | PROT_WRITE | PROT_EXEC,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (p != mid) {
            printf("mmap MAP_FIXED moved\n");
            return;
        }
        size_t n = emit_return(mid + 8 * (i % 4), i * 3);
        sum += ready(mid + 8 * (i % 4), n)();
    }
    printf("munmap and mmap again: sum=%ld\n", sum);
    munmap(buf, page * 3);
}

/* The alternate signal stack is the page that holds the code the handler
 * rewrites and calls; the signal comes from raise and from a fault (then
 * the handler leaves with siglongjmp). */
static uint8_t *frame_code;
static volatile int frame_result;
static sigjmp_buf frame_jmp;

static void frame_handler(int sig)
{
    size_t n = emit_return(frame_code, sig == SIGSEGV ? 33 : 22);
    frame_result = ready(frame_code, n)();
    if (sig == SIGSEGV) {
        siglongjmp(frame_jmp, 1);
    }
}

static void test_signal_frame(void)
{
    size_t len = page * 4;
    uint8_t *buf = map_code(len);
    frame_code = buf + len - page + 64;
    stack_t ss = { .ss_sp = buf, .ss_size = len };
    struct sigaction sa = { .sa_handler = frame_handler,
                            .sa_flags = SA_ONSTACK };
    sigemptyset(&sa.sa_mask);
    sigaltstack(&ss, NULL);
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    volatile int *read_only = mmap(NULL, page, PROT_READ,
                                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long sum = 0;
    for (int i = 0; i < 50; i++) {
        size_t n = emit_return(frame_code, i);
        sum += ready(frame_code, n)();
        raise(SIGUSR1);
        sum += frame_result + ready(frame_code, n)();
        emit_return(frame_code, i);
        if (sigsetjmp(frame_jmp, 1) == 0) {
            *read_only = i;
        }
        sum += frame_result * 2 + ready(frame_code, n)();
    }
    signal(SIGSEGV, SIG_DFL);
    munmap((void *)read_only, page);
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, NULL);
    printf("signal frame on a code page: sum=%ld\n", sum);
    munmap(buf, len);
}

int main(void)
{
    page = sysconf(_SC_PAGESIZE);
    test_same_tb();
    test_straddle();
    test_cross();
    test_remap();
    test_signal_frame();
    return 0;
}
