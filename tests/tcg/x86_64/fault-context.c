/*
 * fault-context.c: what a signal frame's sigcontext says about the
 * exception behind the signal (trapno, err, cr2), as the kernel records
 * it per thread: page faults on reads and writes of unmapped, PROT_NONE
 * and read-only pages, an instruction fetch from an unmapped page, #UD,
 * #DE, int3, int n, a bad far jump; then an asynchronous signal, whose
 * frame repeats the last exception.  The oracle is this program run
 * natively (tests/tcg/i386/fault-context.c builds it for i386).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#if defined(__x86_64__)
#define CTX_TRAPNO(uc) ((uc)->uc_mcontext.gregs[REG_TRAPNO])
#define CTX_ERR(uc) ((uc)->uc_mcontext.gregs[REG_ERR])
#define CTX_CR2(uc) ((uintptr_t)(uc)->uc_mcontext.gregs[REG_CR2])
#else
#define CTX_TRAPNO(uc) ((uc)->uc_mcontext.gregs[REG_TRAPNO])
#define CTX_ERR(uc) ((uc)->uc_mcontext.gregs[REG_ERR])
/* i386's mcontext has no CR2 slot in gregs; the sigcontext has it after
 * oldmask: ucontext's fpregs pointer field is sigcontext.fpstate, and
 * oldmask and cr2 follow it. */
#define CTX_CR2(uc) ((uintptr_t)(uc)->uc_mcontext.cr2)
#endif

static sigjmp_buf env;
static volatile uintptr_t base;
static struct {
    int sig;
    long trapno, err;
    uintptr_t cr2;
} seen;

static void handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    (void)si;
    seen.sig = sig;
    seen.trapno = (long)CTX_TRAPNO(uc);
    seen.err = (long)CTX_ERR(uc);
    seen.cr2 = CTX_CR2(uc);
    if (sig != SIGUSR1) {
        siglongjmp(env, 1);
    }
}

/* cr2 relative to the test pages, or its raw value when outside them. */
static void report(const char *what)
{
    uintptr_t rel = seen.cr2 - base;
    if (rel < 3 * 4096) {
        printf("%-22s sig %2d trapno %2ld err %#5lx cr2 base+%#lx\n", what,
               seen.sig, seen.trapno, seen.err, (unsigned long)rel);
    } else {
        printf("%-22s sig %2d trapno %2ld err %#5lx cr2 %#lx\n", what,
               seen.sig, seen.trapno, seen.err, (unsigned long)seen.cr2);
    }
}

#define TRY(what, stmt)                                                        \
    do {                                                                       \
        memset(&seen, 0, sizeof(seen));                                        \
        if (sigsetjmp(env, 1) == 0) {                                          \
            stmt;                                                              \
            printf("%-22s no signal\n", what);                                 \
        } else {                                                               \
            report(what);                                                      \
        }                                                                      \
    } while (0)

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    sigaction(SIGUSR1, &sa, NULL);

    /* Page 0 read-only (touched, so present), page 1 PROT_NONE, page 2
     * unmapped. */
    char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        return 1;
    }
    base = (uintptr_t)p;
    p[0] = 1;
    mprotect(p, 4096, PROT_READ);
    mprotect(p + 4096, 4096, PROT_NONE);
    munmap(p + 2 * 4096, 4096);
    volatile char *v = p;

    TRY("read unmapped", (void)v[2 * 4096 + 8]);
    TRY("write unmapped", v[2 * 4096 + 16] = 1);
    TRY("read PROT_NONE", (void)v[4096 + 24]);
    TRY("write PROT_NONE", v[4096 + 32] = 1);
    TRY("write read-only", v[40] = 1);
    TRY("add to read-only", __asm__ volatile("addl $1, %0" : "+m"(p[48])));
    TRY("call unmapped", ((void (*)(void))(p + 2 * 4096 + 64))());
    TRY("ud2", __asm__ volatile("ud2"));
    TRY("int3", __asm__ volatile("int3"));
    TRY("int $0x41", __asm__ volatile("int $0x41"));
    volatile int zero = 0;
    TRY("divide by zero", __asm__ volatile("divl %1" : : "a"(1), "r"(zero),
                                           "d"(0)));
    static const struct {
        uint32_t off;
        uint16_t sel;
    } __attribute__((packed)) far = { 0, 0x1234 };
    TRY("far jmp to 0x1234", __asm__ volatile("ljmp *%0" : : "m"(far)));
    /* Asynchronous: the frame shows the last exception (the far jump's
     * #GP) and the last page fault's address. */
    memset(&seen, 0, sizeof(seen));
    raise(SIGUSR1);
    report("raise SIGUSR1");
    return 0;
}
