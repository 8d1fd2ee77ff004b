/*
 * Memory-mapping edge cases: MAP_FIXED over an existing mapping replaces
 * its pages, MAP_FIXED_NOREPLACE over one fails with EEXIST, munmap of a
 * middle page leaves both neighbours, mremap grows in place or moves with
 * the contents, a write to a read-only page is a SIGSEGV caught by a
 * handler that escapes with siglongjmp, and brk grows and shrinks.
 * Addresses are printed only relative to each other.  Also built
 * dynamically by the runner: then the break follows a PIE loaded at its
 * preferred address, and must still have room to grow.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

static long page;
static sigjmp_buf escape;
static volatile sig_atomic_t faults;
static volatile uintptr_t fault_addr;

static void check(int ok, const char *what)
{
    if (!ok) {
        printf("FAILED: %s (errno %d %s)\n", what, errno, strerror(errno));
        exit(1);
    }
}

static char *map_anon(void *hint, size_t len, int prot, int flags)
{
    return mmap(hint, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
}

static void on_segv(int sig, siginfo_t *info, void *ctx)
{
    (void)sig;
    (void)ctx;
    faults++;
    fault_addr = (uintptr_t)info->si_addr;
    siglongjmp(escape, 1);
}

/* Whether a write of one byte to p faults. */
static int write_faults(char *p)
{
    if (sigsetjmp(escape, 1) == 0) {
        *(volatile char *)p = 1;
        return 0;
    }
    return 1;
}

static void fixed_over_existing(void)
{
    char *a = map_anon(NULL, 3 * page, PROT_READ | PROT_WRITE, 0);
    check(a != MAP_FAILED, "mmap 3 pages");
    memset(a, 'a', 3 * page);
    char *b = map_anon(a + page, page, PROT_READ | PROT_WRITE, MAP_FIXED);
    check(b == a + page, "MAP_FIXED at the middle page");
    printf("fixed: %c %d %c\n", a[0], a[page], a[2 * page]);

    errno = 0;
    char *c = map_anon(a + page, page, PROT_READ, MAP_FIXED_NOREPLACE);
    printf("noreplace over mapped: %s\n",
           c == MAP_FAILED && errno == EEXIST ? "EEXIST" : "mapped");

    check(munmap(a + page, page) == 0, "munmap middle page");
    c = map_anon(a + page, page, PROT_READ | PROT_WRITE, MAP_FIXED_NOREPLACE);
    printf("noreplace over hole: %s\n", c == a + page ? "ok" : "failed");
    printf("neighbours: %c %c, new page %d\n", a[0], a[2 * page], c[0]);
    check(munmap(a, 3 * page) == 0, "munmap all");
}

static void partial_munmap(void)
{
    char *a = map_anon(NULL, 4 * page, PROT_READ | PROT_WRITE, 0);
    check(a != MAP_FAILED, "mmap 4 pages");
    for (int i = 0; i < 4; i++)
        a[i * page] = (char)('0' + i);
    check(munmap(a + page, 2 * page) == 0, "munmap pages 1-2");
    int hole1 = write_faults(a + page);
    int hole2 = write_faults(a + 2 * page);
    printf("partial munmap: keep %c %c, page 1 faults %d, page 2 faults %d\n",
           a[0], a[3 * page], hole1, hole2);
    printf("fault address is the page: %d\n",
           fault_addr == (uintptr_t)(a + 2 * page));
    /* munmap of a range with nothing mapped succeeds */
    printf("munmap hole again: %d\n", munmap(a + page, 2 * page));
    errno = 0;
    int r = munmap(a + 1, page);
    printf("munmap unaligned: %d %s\n", r, errno == EINVAL ? "EINVAL" : "?");
    check(munmap(a, 4 * page) == 0, "munmap rest");
}

static void remap(void)
{
    /* a guard page after the mapping is reserved and freed so that growing
       in place has room */
    char *a = map_anon(NULL, 4 * page, PROT_READ | PROT_WRITE, 0);
    check(a != MAP_FAILED, "mmap for mremap");
    check(munmap(a + page, 3 * page) == 0, "free room after");
    a[0] = 'x';
    a[page - 1] = 'y';
    char *g = mremap(a, page, 3 * page, 0);
    printf("mremap grow in place: %s\n",
           g == a ? "same" : g == MAP_FAILED ? strerror(errno) : "moved");
    g[2 * page] = 'z';

    /* block growth in place with a mapping right after */
    char *blocker = map_anon(a + 3 * page, page, PROT_READ, MAP_FIXED);
    check(blocker == a + 3 * page, "blocker");
    errno = 0;
    char *n = mremap(a, 3 * page, 5 * page, 0);
    printf("mremap grow blocked: %s\n",
           n == MAP_FAILED && errno == ENOMEM ? "ENOMEM" : "?");
    n = mremap(a, 3 * page, 5 * page, MREMAP_MAYMOVE);
    check(n != MAP_FAILED, "mremap maymove");
    printf("mremap moved: %d, contents %c %c %c, tail %d\n", n != a, n[0],
           n[page - 1], n[2 * page], n[4 * page]);
    printf("old place faults: %d\n", write_faults(a));

    char *s = mremap(n, 5 * page, page, 0);
    printf("mremap shrink: %d %c, dropped faults %d\n", s == n, s[0],
           write_faults(n + page));
    munmap(s, page);
    munmap(blocker, page);
}

static void protect(void)
{
    char *a = map_anon(NULL, 2 * page, PROT_READ | PROT_WRITE, 0);
    check(a != MAP_FAILED, "mmap for mprotect");
    a[0] = 'r';
    check(mprotect(a, page, PROT_READ) == 0, "mprotect read-only");
    int before = faults;
    int ro = write_faults(a + 8);
    uintptr_t ro_addr = fault_addr;
    int next = write_faults(a + page);
    printf("read-only: read %c, write faults %d, next page faults %d\n",
           a[0], ro, next);
    printf("fault address exact: %d, faults counted %d\n",
           ro_addr == (uintptr_t)(a + 8), faults - before);
    check(mprotect(a, page, PROT_NONE) == 0, "mprotect none");
    printf("none: write faults %d\n", write_faults(a));
    check(mprotect(a, page, PROT_READ | PROT_WRITE) == 0, "mprotect rw");
    printf("rw again: write faults %d, value %c\n", write_faults(a + 1), a[0]);
    errno = 0;
    int r = mprotect(a + 1, page, PROT_READ);
    printf("mprotect unaligned: %d %s\n", r, errno == EINVAL ? "EINVAL" : "?");
    munmap(a, 2 * page);
}

static void grow_brk(void)
{
    char *start = (char *)syscall(SYS_brk, 0);
    char *up = (char *)syscall(SYS_brk, start + 3 * page);
    printf("brk grow: %d\n", up == start + 3 * page);
    if (up != start + 3 * page)
        return;
    memset(start, 'b', 3 * page);
    char *down = (char *)syscall(SYS_brk, start + page);
    printf("brk shrink: %d, kept %c, dropped faults %d\n",
           down == start + page, start[page - 1],
           write_faults(start + 2 * page));
    char *again = (char *)syscall(SYS_brk, start + 2 * page);
    printf("brk regrow zeroed: %d %d\n", again == start + 2 * page,
           start[page]);
    char *low = (char *)syscall(SYS_brk, start - 64 * 1024 * 1024);
    printf("brk below start refused: %d\n", low == start + 2 * page);
    syscall(SYS_brk, start);
}

int main(void)
{
    page = sysconf(_SC_PAGESIZE);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    check(sigaction(SIGSEGV, &sa, NULL) == 0, "sigaction");
    fixed_over_existing();
    partial_munmap();
    remap();
    protect();
    grow_brk();
    printf("faults caught: %d\n", (int)faults);
    return 0;
}
