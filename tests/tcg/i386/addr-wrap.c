/*
 * addr-wrap.c: 32-bit effective addresses wrap at 4 GiB.  A base register
 * plus displacement (and a scaled index) whose sum passes 2^32 reaches
 * the low page it wraps to; one that wraps below 0 reaches the top of the
 * space and faults there, with the wrapped address in si_addr and the
 * registers of the faulting instruction in the signal frame.  Also the
 * bottom of the space: page 0 faults, and mmap below mmap_min_addr
 * answers as the kernel does.  The oracle is this program run natively.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#define LOW_PAGE 0x20000u /* above any usual mmap_min_addr */

static sigjmp_buf env;
static struct {
    int sig;
    uintptr_t addr, eip;
    uint32_t ebx, ecx;
} seen;

static void handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    seen.sig = sig;
    seen.addr = (uintptr_t)si->si_addr;
    seen.eip = (uintptr_t)uc->uc_mcontext.gregs[REG_EIP];
    seen.ebx = (uint32_t)uc->uc_mcontext.gregs[REG_EBX];
    seen.ecx = (uint32_t)uc->uc_mcontext.gregs[REG_ECX];
    siglongjmp(env, 1);
}

/* The faulting instructions, at known addresses. */
extern const char fault_neg_disp[], fault_sib[], fault_split[],
    fault_null[];

static void report(const char *what, const char *insn)
{
    printf("%-28s sig %d addr %#lx at-insn %d ebx %#x ecx %#x\n", what,
           seen.sig, (unsigned long)seen.addr, seen.eip == (uintptr_t)insn,
           seen.ebx, seen.ecx);
}

#define TRY(what, insn, stmt)                                                  \
    do {                                                                       \
        memset(&seen, 0, sizeof(seen));                                        \
        if (sigsetjmp(env, 1) == 0) {                                          \
            stmt;                                                              \
            printf("%-28s no signal\n", what);                                 \
        } else {                                                               \
            report(what, insn);                                                \
        }                                                                      \
    } while (0)

static void mmap_result(const char *what, void *p)
{
    if (p == MAP_FAILED) {
        printf("%-28s %s\n", what, strerrorname_np(errno));
    } else {
        printf("%-28s mapped at %#lx\n", what, (unsigned long)p);
    }
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);

    /* The bottom: a hint below mmap_min_addr is raised to it; a fixed
     * mapping there needs privilege (EPERM otherwise), as for page 0. */
    void *p = mmap((void *)0x1000, 4096, PROT_READ,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mmap_result("hint at 0x1000", p);
    if (p != MAP_FAILED) {
        munmap(p, 4096);
    }
    p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
             -1, 0);
    mmap_result("fixed at 0", p);
    if (p != MAP_FAILED) {
        munmap(p, 4096);
    }
    printf("%-28s %d\n", "munmap of page 0", munmap(NULL, 4096));

    uint8_t *low = mmap((void *)LOW_PAGE, 4096, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                        -1, 0);
    if (low != (uint8_t *)LOW_PAGE) {
        printf("cannot map the low page\n");
        return 1;
    }

    /* [ebx + disp32] past 2^32: ebx + 0x20000000 wraps to low + 0x100. */
    uint32_t base = LOW_PAGE + 0x100 - 0x20000000u;
    __asm__ volatile("movl $0x11223344, 0x20000000(%0)" : : "r"(base)
                     : "memory");
    printf("store [base+disp] wrapped:   %#x\n", *(uint32_t *)(low + 0x100));
    uint32_t v;
    *(uint32_t *)(low + 0x104) = 0xcafef00d;
    __asm__ volatile("movl 0x20000004(%1), %0" : "=r"(v) : "r"(base)
                     : "memory");
    printf("load [base+disp] wrapped:    %#x\n", v);

    /* [ebx + ecx*4 + disp]: the scaled index carries the sum past 2^32. */
    uint32_t idx = 0x40000010u; /* *4 = 0x1_0000_0040 */
    base = LOW_PAGE + 0x200 - 0x40 - 0x30;
    __asm__ volatile("movl $0x55667788, 0x30(%0,%1,4)" : : "r"(base),
                     "r"(idx) : "memory");
    printf("store [b+i*4+disp] wrapped:  %#x\n", *(uint32_t *)(low + 0x200));
    __asm__ volatile("movzbl 0x31(%1,%2,4), %0" : "=r"(v) : "r"(base),
                     "r"(idx) : "memory");
    printf("load byte [b+i*4+disp]:      %#x\n", v);

    /* [ebx + ecx + disp] as in a sieve's byte store. */
    uint32_t b2 = 0xfff00000u, i2 = LOW_PAGE + 0x300 + 0x100000 - 0x12ec;
    __asm__ volatile("movb $1, 0x12ec(%0,%1,1)" : : "r"(b2), "r"(i2)
                     : "memory");
    printf("store byte [b+i+disp]:       %d\n", low[0x300]);

    /* Below 0: 0x100 - 0x200 is 0xffffff00, in the unmappable top page. */
    TRY("load [ebx-0x200], ebx=0x100", fault_neg_disp,
        __asm__ volatile("movl $0x100, %%ebx\n\tmovl $7, %%ecx\n"
                         "fault_neg_disp: movl -0x200(%%ebx), %%eax"
                         : : : "eax", "ebx", "ecx", "memory"));
    TRY("store [ebx+ecx*8+disp]", fault_sib,
        __asm__ volatile("movl $0x10000000, %%ebx\n\tmovl $0x1e000000, %%ecx\n"
                         "fault_sib: movl $0, 0x10(%%ebx,%%ecx,8)"
                         : : : "ebx", "ecx", "memory"));
    TRY("word load at 0xffffffff", fault_split,
        __asm__ volatile("movl $0x80000000, %%ebx\n\tmovl $3, %%ecx\n"
                         "fault_split: movzwl 0x7fffffff(%%ebx), %%eax"
                         : : : "eax", "ebx", "ecx", "memory"));
    TRY("load [ebx+8], ebx=0", fault_null,
        __asm__ volatile("xorl %%ebx, %%ebx\n\tmovl $9, %%ecx\n"
                         "fault_null: movl 8(%%ebx), %%eax"
                         : : : "eax", "ebx", "ecx", "memory"));
    return 0;
}
