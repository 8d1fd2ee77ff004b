/*
 * Faults caught by handlers that recover with siglongjmp: SIGSEGV on an
 * unmapped address (SEGV_MAPERR), a PROT_NONE page and a write to a
 * read-only page (SEGV_ACCERR), SIGBUS past the end of a mapped file
 * (BUS_ADRERR), each with the faulting address; the handler runs with the
 * signal blocked and siglongjmp restores the mask.  Then a fault on the
 * alternate stack, and an uncaught fault that kills the process.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf resume;
static volatile int got_sig, got_code, blocked_inside;
static void *volatile got_addr;
static char altstack[65536];
static volatile int on_alt;

static void handler(int sig, siginfo_t *si, void *uc)
{
    char local;
    sigset_t cur;
    (void)uc;
    got_sig = sig;
    got_code = si->si_code;
    got_addr = si->si_addr;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    blocked_inside = sigismember(&cur, sig);
    on_alt = &local >= altstack && &local < altstack + sizeof(altstack);
    siglongjmp(resume, 1);
}

static const char *code_name(int sig, int code)
{
    if (sig == SIGSEGV && code == SEGV_MAPERR)
        return "SEGV_MAPERR";
    if (sig == SIGSEGV && code == SEGV_ACCERR)
        return "SEGV_ACCERR";
    if (sig == SIGBUS && code == BUS_ADRERR)
        return "BUS_ADRERR";
    return "other";
}

static void report(const char *what, void *want)
{
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("%s: %s %s addr=%s blocked-inside=%d blocked-after=%d alt=%d\n",
           what, got_sig == SIGSEGV ? "SIGSEGV" : got_sig == SIGBUS ? "SIGBUS"
                                                                   : "?",
           code_name(got_sig, got_code), got_addr == want ? "ok" : "wrong",
           blocked_inside, sigismember(&cur, got_sig), on_alt);
}

static void install(int flags)
{
    struct sigaction act;
    memset(&act, 0, sizeof(act));
    sigemptyset(&act.sa_mask);
    act.sa_sigaction = handler;
    act.sa_flags = SA_SIGINFO | flags;
    sigaction(SIGSEGV, &act, NULL);
    sigaction(SIGBUS, &act, NULL);
}

int main(void)
{
    long page = sysconf(_SC_PAGESIZE);
    install(0);

    volatile int *null_ish = (volatile int *)16;
    for (int i = 0; i < 2; i++) {
        if (sigsetjmp(resume, 1) == 0) {
            (void)*null_ish;
            printf("no fault\n");
        } else {
            report("unmapped read", (void *)null_ish);
        }
    }

    char *none = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
                      -1, 0);
    if (sigsetjmp(resume, 1) == 0) {
        (void)*(volatile char *)(none + 8);
        printf("no fault\n");
    } else {
        report("PROT_NONE read", none + 8);
    }

    char *ro = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (sigsetjmp(resume, 1) == 0) {
        *(volatile char *)(ro + 100) = 1;
        printf("no fault\n");
    } else {
        report("read-only write", ro + 100);
    }
    /* The page is still readable and the data intact. */
    printf("read-only page reads %d\n", ro[100]);

    /* After mprotect the write works. */
    mprotect(ro, page, PROT_READ | PROT_WRITE);
    ro[100] = 7;
    printf("after mprotect: %d\n", ro[100]);

    munmap(none, page);
    if (sigsetjmp(resume, 1) == 0) {
        (void)*(volatile char *)(none + 1);
        printf("no fault\n");
    } else {
        report("unmapped after munmap", none + 1);
    }

    /* A file mapping two pages of a one-page file: SIGBUS beyond EOF. */
    char path[] = "/tmp/mimic-sigbus-XXXXXX";
    const char *tmpdir = getenv("TMPDIR");
    char pathbuf[512];
    if (tmpdir) {
        snprintf(pathbuf, sizeof(pathbuf), "%s/mimic-sigbus-XXXXXX", tmpdir);
    } else {
        snprintf(pathbuf, sizeof(pathbuf), "%s", path);
    }
    int fd = mkstemp(pathbuf);
    if (fd < 0 || ftruncate(fd, page) != 0) {
        perror("tmp file");
        return 1;
    }
    char *file = mmap(NULL, 2 * page, PROT_READ, MAP_SHARED, fd, 0);
    unlink(pathbuf);
    if (sigsetjmp(resume, 1) == 0) {
        (void)*(volatile char *)(file + page + 4);
        printf("no fault\n");
    } else {
        report("beyond end of file", file + page + 4);
    }
    printf("first page reads %d\n", file[4]);

    /* On the alternate stack. */
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
    sigaltstack(&ss, NULL);
    install(SA_ONSTACK);
    if (sigsetjmp(resume, 1) == 0) {
        (void)*null_ish;
        printf("no fault\n");
    } else {
        report("on altstack", (void *)null_ish);
    }

    /* Uncaught: dies by SIGSEGV (exit status checked by the runner). */
    signal(SIGSEGV, SIG_DFL);
    fflush(stdout);
    (void)*null_ish;
    printf("survived\n");
    return 0;
}
