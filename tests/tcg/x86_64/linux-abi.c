/*
 * linux-abi.c: the x86-64 Linux ABI as a program sees it: the syscall
 * instruction (six arguments, rcx/r11), arch_prctl and %gs, the aux
 * vector, uname, struct stat, mmap/mremap/munmap/mprotect, and signal
 * frames (siginfo, registers in the ucontext, the FPU state across a
 * handler, faults).  Prints only what is the same on every run; the
 * oracle is this program run natively.
 */
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <ucontext.h>
#include <unistd.h>

static long raw6(long nr, long a, long b, long c, long d, long e, long f,
                 uint64_t *rcx, uint64_t *r11)
{
    long ret;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    uint64_t c_out, f_out;
    __asm__ volatile("syscall\n\t"
                     "mov %%rcx, %1\n\t"
                     "mov %%r11, %2"
                     : "=a"(ret), "=r"(c_out), "=r"(f_out)
                     : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
                       "r"(r9)
                     : "rcx", "r11", "memory");
    *rcx = c_out;
    *r11 = f_out;
    return ret;
}

static void test_syscall(void)
{
    uint64_t rcx, r11;
    char *p = (char *)raw6(SYS_mmap, 0, 8192, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, &rcx, &r11);
    printf("mmap ok %d, rcx is a code address %d, r11 has IF %d\n",
           p != MAP_FAILED, rcx > 0x1000 && rcx != (uint64_t)p,
           (int)(r11 >> 9 & 1));
    strcpy(p + 4096, "second page");
    long r = raw6(SYS_write, 1, (long)(p + 4096), 11, 0, 0, 0, &rcx, &r11);
    printf(" = %ld\n", r);
    r = raw6(SYS_close, -1, 0, 0, 0, 0, 0, &rcx, &r11);
    printf("close(-1) = %ld\n", r);
    r = raw6(100000, 0, 0, 0, 0, 0, 0, &rcx, &r11);
    printf("bad nr = %ld\n", r);
    munmap(p, 8192);
}

static void test_gs(void)
{
    static uint64_t block[4] = { 0x1122334455667788ull, 42 };
    uint64_t old = 1, got = 0, v;
    syscall(SYS_arch_prctl, ARCH_GET_GS, &old);
    long r = syscall(SYS_arch_prctl, ARCH_SET_GS, (unsigned long)block);
    syscall(SYS_arch_prctl, ARCH_GET_GS, &got);
    __asm__ volatile("mov %%gs:8, %0" : "=r"(v));
    printf("set gs %ld, get gs matches %d, gs:8 = %llu, old gs 0 %d\n", r,
           got == (uint64_t)block, (unsigned long long)v, old == 0);
    uint64_t fs = 0;
    syscall(SYS_arch_prctl, ARCH_GET_FS, &fs);
    uint64_t self;
    __asm__ volatile("mov %%fs:0, %0" : "=r"(self));
    printf("fs:0 is the thread pointer %d\n", self == fs);
    printf("bad code = %ld\n", syscall(SYS_arch_prctl, 0x9999, 0));
}

/* The aux vector as the kernel passed it (glibc's getauxval(AT_HWCAP)
 * gives glibc's own bits on x86): after the environment's NULL. */
static const uint64_t *initial_auxv;

static uint64_t aux(uint64_t type)
{
    for (const uint64_t *a = initial_auxv; a[0] != AT_NULL; a += 2) {
        if (a[0] == type) {
            return a[1];
        }
    }
    return 0;
}

static void test_auxv_uname(void)
{
    const char *plat = (const char *)aux(AT_PLATFORM);
    unsigned a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1),
                     "c"(0));
    printf("AT_PLATFORM %s, AT_HWCAP is CPUID.1.EDX %d, AT_PAGESZ %lu, "
           "AT_RANDOM set %d, AT_PHDR set %d, AT_ENTRY set %d\n",
           plat ? plat : "(none)", aux(AT_HWCAP) == d,
           (unsigned long)aux(AT_PAGESZ), aux(AT_RANDOM) != 0,
           aux(AT_PHDR) != 0, aux(AT_ENTRY) != 0);
    struct utsname u;
    uname(&u);
    printf("uname machine %s sysname %s\n", u.machine, u.sysname);
}

static void test_stat(void)
{
    const char *name = "stat-test-file";
    int fd = open(name, O_CREAT | O_TRUNC | O_RDWR, 0640);
    if (write(fd, "0123456789", 10) != 10) {
        printf("write failed\n");
    }
    struct stat a, b;
    fstat(fd, &a);
    stat(name, &b);
    printf("stat size %lld mode %o nlink %lu, same ino %d dev %d, blksize>0 "
           "%d\n", (long long)a.st_size, a.st_mode & 07777,
           (unsigned long)a.st_nlink, a.st_ino == b.st_ino,
           a.st_dev == b.st_dev, a.st_blksize > 0);
    struct stat c;
    int r = fstatat(AT_FDCWD, name, &c, 0);
    printf("fstatat %d size %lld", r, (long long)c.st_size);
    r = stat("no-such-file", &c);
    printf(", missing %d\n", r);
    close(fd);
    unlink(name);
}

static void test_mm(void)
{
    size_t pg = 4096;
    char *p = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (int i = 0; i < 4; i++) {
        p[i * pg] = (char)('a' + i);
    }
    char *q = mremap(p, 4 * pg, 64 * pg, MREMAP_MAYMOVE);
    q[63 * pg] = 'z';
    printf("mremap keeps %c%c%c%c, tail %c\n", q[0], q[pg], q[2 * pg],
           q[3 * pg], q[63 * pg]);
    char *f = mmap(q + 8 * pg, pg, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED inside own mapping at the address %d, zeroed %d\n",
           f == q + 8 * pg, f[0] == 0);
    int r1 = mprotect(q, pg, PROT_READ);
    int r2 = munmap(q, 64 * pg);
    int r3 = munmap(q, 64 * pg);
    printf("mprotect %d, munmap %d, munmap again %d\n", r1, r2, r3);
    char *n = mmap((void *)0x10000, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS
                   | MAP_FIXED_NOREPLACE, -1, 0);
    printf("fixed low mapping %d\n", n == (void *)0x10000);
    munmap(n, pg);
    printf("brk grows %d\n", sbrk(65536) != (void *)-1);
}

static volatile uint64_t seen_rbx;
static volatile int sig_count;
static sigjmp_buf jump;
static int arg_count;

static void usr1(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    seen_rbx = (uint64_t)uc->uc_mcontext.gregs[REG_RBX];
    uc->uc_mcontext.gregs[REG_RBX] = 4242;
    sig_count += si->si_signo == SIGUSR1 && si->si_code == SI_TKILL;
    /* The handler starts with a fresh FPU and its work is undone. */
    volatile double x = 3.0;
    for (int i = 0; i < 4; i++) {
        x = x * 1.5 + 0.25;
    }
}

static void fault(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    uint8_t *pc = (uint8_t *)uc->uc_mcontext.gregs[REG_RIP];
    printf("signal %d code %d first insn byte %02x", sig, si->si_code,
           pc[0]);
    if (sig == SIGSEGV) {
        printf(" addr %p", si->si_addr);
    }
    printf("\n");
    siglongjmp(jump, 1);
}

static void test_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = usr1;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    uint64_t rbx_after;
    double before = 1.0 / 3.0, after;
    long pid = getpid(), tid = syscall(SYS_gettid);
    __asm__ volatile("mov $77, %%rbx\n\t"
                     "syscall\n\t"
                     "mov %%rbx, %0"
                     : "=r"(rbx_after)
                     : "a"((long)SYS_tgkill), "D"(pid), "S"(tid),
                       "d"((long)SIGUSR1)
                     : "rbx", "rcx", "r11", "memory");
    after = before * 3.0;
    printf("handler saw rbx %llu, after return rbx %llu, count %d, fpu %.17g\n",
           (unsigned long long)seen_rbx, (unsigned long long)rbx_after,
           sig_count, after);

    sa.sa_sigaction = fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    if (!sigsetjmp(jump, 1)) {
        __asm__ volatile("ud2");
    }
    if (!sigsetjmp(jump, 1)) {
        __asm__ volatile("int3");
    }
    if (!sigsetjmp(jump, 1)) {
        volatile int zero = 0;
        int q;
        __asm__ volatile("cltd\n\tidivl %2" : "=a"(q) : "a"(7), "r"(zero)
                         : "edx");
        printf("no fault %d\n", q);
    }
    if (!sigsetjmp(jump, 1)) {
        volatile int *bad = (volatile int *)(uintptr_t)(arg_count * 16);
        *bad = 1;
    }
    printf("signals done\n");
}

int main(int argc, char **argv, char **envp)
{
    while (*envp) {
        envp++;
    }
    initial_auxv = (const uint64_t *)(envp + 1);
    arg_count = argc;
    setvbuf(stdout, NULL, _IONBF, 0);
    test_syscall();
    test_gs();
    test_auxv_uname();
    test_stat();
    test_mm();
    test_signals();
    return 0;
}
