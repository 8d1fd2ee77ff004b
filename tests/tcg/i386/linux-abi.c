/*
 * linux-abi.c: the i386 Linux ABI as a program sees it: int $0x80 with
 * six arguments (mmap2 takes ebp), the old mmap and select with their
 * arguments in memory, socketcall, _llseek, stat64, set_thread_area and
 * %fs/%gs, and signal frames with and without SA_SIGINFO.  Prints only
 * what is the same on every run; the oracle is this program run natively.
 */
#define _GNU_SOURCE
#include <asm/ldt.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <ucontext.h>
#include <unistd.h>

static long int80(long nr, long a, long b, long c, long d, long e, long f)
{
    long ret;
    /* ebp cannot be an asm operand: swap it in around the call. */
    long args[2] = { f, 0 };
    __asm__ volatile("push %%ebp\n\t"
                     "mov 0(%7), %%ebp\n\t"
                     "int $0x80\n\t"
                     "pop %%ebp"
                     : "=a"(ret)
                     : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e),
                       "r"(args)
                     : "memory");
    return ret;
}

static void test_calls(void)
{
    char *p = (char *)int80(SYS_mmap2, 0, 8192, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap2 ok %d\n", (unsigned long)p < 0xfffff000ul);
    strcpy(p, "via int 0x80\n");
    printf("write = %ld\n", int80(SYS_write, 1, (long)p, 13, 0, 0, 0));
    unsigned long block[6] = { 0, 4096, PROT_READ | PROT_WRITE,
                               MAP_PRIVATE | MAP_ANONYMOUS, (unsigned long)-1,
                               0 };
    char *q = (char *)int80(90, (long)block, 0, 0, 0, 0, 0); /* old mmap */
    q[0] = 'x';
    printf("old mmap ok %d\n", q[0] == 'x');
    printf("bad nr = %ld\n", int80(100000, 0, 0, 0, 0, 0, 0));

    /* socketcall(SYS_SOCKETPAIR = 8, {AF_UNIX, SOCK_STREAM, 0, sv}) */
    int sv[2] = { -1, -1 };
    unsigned long sp_args[4] = { AF_UNIX, SOCK_STREAM, 0, (unsigned long)sv };
    long r = int80(102, 8, (long)sp_args, 0, 0, 0, 0);
    char buf[8] = { 0 };
    int w = write(sv[0], "ping", 4);
    int n = read(sv[1], buf, sizeof(buf));
    printf("socketcall socketpair %ld, %d %d %s\n", r, w, n, buf);
    close(sv[0]);
    close(sv[1]);

    /* _llseek(fd, high, low, &result, whence) */
    int fd = open("llseek-file", O_CREAT | O_TRUNC | O_RDWR, 0600);
    long long pos = -1;
    r = int80(SYS__llseek, fd, 1, 16, (long)&pos, SEEK_SET, 0);
    printf("_llseek %ld pos %lld\n", r, pos);
    struct stat64 st;
    fstat64(fd, &st);
    int wr = pwrite(fd, "abc", 3, 100);
    fstat64(fd, &st);
    printf("stat64 size %lld mode %o nlink %u, wrote %d\n",
           (long long)st.st_size, st.st_mode & 0777, (unsigned)st.st_nlink,
           wr);
    close(fd);
    unlink("llseek-file");

    struct utsname u;
    uname(&u);
    /* A 64-bit kernel says x86_64 to i386 programs; mimic-i386 says
     * i686, as qemu-i386 does. */
    printf("uname machine is x86 %d\n", strcmp(u.machine, "i686") == 0 ||
                                           strcmp(u.machine, "x86_64") == 0);
}

static void test_tls(void)
{
    static uint32_t area[4] = { 0xdeadbeef, 1234, 0, 0 };
    struct user_desc d;
    memset(&d, 0, sizeof(d));
    d.entry_number = (unsigned)-1;
    d.base_addr = (unsigned)(uintptr_t)area;
    d.limit = 0xfffff;
    d.seg_32bit = 1;
    d.limit_in_pages = 1;
    d.useable = 1;
    long r = syscall(SYS_set_thread_area, &d);
    printf("set_thread_area %ld, entry in 12..14 %d\n", r,
           d.entry_number >= 12 && d.entry_number <= 14);
    unsigned sel = d.entry_number * 8 + 3;
    uint32_t v;
    __asm__ volatile("mov %1, %%fs\n\t"
                     "mov %%fs:4, %0"
                     : "=r"(v)
                     : "r"(sel));
    printf("fs:4 = %u\n", v);
    struct user_desc g;
    memset(&g, 0, sizeof(g));
    g.entry_number = d.entry_number;
    r = syscall(SYS_get_thread_area, &g);
    printf("get_thread_area %ld, base matches %d, limit %x\n", r,
           g.base_addr == d.base_addr, g.limit);
    area[1] = 99;
    __asm__ volatile("mov %%fs:4, %0" : "=r"(v));
    printf("fs:4 = %u\n", v);
    unsigned gs;
    __asm__ volatile("mov %%gs, %0" : "=r"(gs));
    printf("gs is a TLS selector %d\n", (gs >> 3) >= 12 && (gs >> 3) <= 14);
    g.entry_number = 5;
    printf("bad entry %ld\n", syscall(SYS_set_thread_area, &g));
}

static volatile int count;
static volatile uint32_t seen_ebx;

static void plain_handler(int sig)
{
    count += sig;
}

static void info_handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    seen_ebx = (uint32_t)uc->uc_mcontext.gregs[REG_EBX];
    uc->uc_mcontext.gregs[REG_EBX] = 555;
    count += 100 * (si->si_signo == sig);
}

static void test_signals(void)
{
    signal(SIGUSR1, plain_handler);
    raise(SIGUSR1);
    printf("plain handler count %d\n", count);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = info_handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR2, &sa, NULL);
    uint32_t ebx_after;
    long pid = getpid();
    __asm__ volatile("push %%ebx\n\t"
                     "mov %2, %%ebx\n\t"
                     "int $0x80\n\t"
                     "mov %%ebx, %0\n\t"
                     "pop %%ebx"
                     : "=r"(ebx_after)
                     : "a"((long)SYS_kill), "r"(pid), "c"((long)SIGUSR2)
                     : "memory");
    printf("siginfo handler count %d, saw ebx is pid %d, ebx after %u\n",
           count, seen_ebx == (uint32_t)pid, ebx_after);
    double third = 1.0 / 3.0;
    raise(SIGUSR1);
    printf("x87 state kept %.17g\n", third * 3.0);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    test_calls();
    test_tls();
    test_signals();
    return 0;
}
