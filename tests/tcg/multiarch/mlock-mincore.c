/*
 * mlock-mincore.c: mlock, mlock2, munlock and mincore on guest mappings:
 * a locked page is resident, an untouched anonymous page is not, a range
 * with an unmapped page is ENOMEM, a misaligned mincore is EINVAL, a bad
 * vector is EFAULT.  Page size 4096 on every guest mimic has.
 * The expected output is the native x86-64 run (the same on i386); qemu-ppc
 * 7.2 has no mlock2 (ENOSYS) but agrees on every other line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static int err(long r)
{
    return r < 0 ? errno : 0;
}

int main(void)
{
    const size_t pg = 4096;
    char *p = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        return 1;
    }
    munmap(p + 3 * pg, pg); /* page 3: a hole after the mapping */
    unsigned char vec[4];

    int r;
    memset(vec, 0xee, sizeof(vec));
    r = err(mincore(p, 3 * pg, vec));
    printf("mincore untouched: %d resident %d %d %d\n", r, vec[0] & 1,
           vec[1] & 1, vec[2] & 1);
    p[pg] = 1;
    r = err(mincore(p, 3 * pg, vec));
    printf("mincore after write to page 1: %d resident %d %d %d\n", r,
           vec[0] & 1, vec[1] & 1, vec[2] & 1);
    printf("mincore partial page length: %d\n", err(mincore(p, 10, vec)));
    printf("mincore misaligned: %d (EINVAL %d)\n", err(mincore(p + 1, pg, vec)),
           EINVAL);
    printf("mincore over the hole: %d (ENOMEM %d)\n",
           err(mincore(p, 4 * pg, vec)), ENOMEM);
    printf("mincore bad vector: %d (EFAULT %d)\n",
           err(mincore(p, pg, (unsigned char *)8)), EFAULT);

    /* mlock makes the pages resident; EPERM/ENOMEM from a small
     * RLIMIT_MEMLOCK would show as a difference from the oracle run. */
    printf("mlock: %d\n", err(mlock(p + 2 * pg, pg)));
    r = err(mincore(p + 2 * pg, pg, vec));
    printf("mincore after mlock: %d resident %d\n", r, vec[0] & 1);
    printf("munlock: %d\n", err(munlock(p + 2 * pg, pg)));
    printf("mlock over the hole: %d\n", err(mlock(p, 4 * pg)));
    printf("mlock2 onfault: %ld\n",
           (long)err(syscall(SYS_mlock2, p, pg, 1 /* MLOCK_ONFAULT */)));
    printf("munlock: %d\n", err(munlock(p, pg)));
    printf("mlock2 bad flags: %d (EINVAL %d)\n",
           err((int)syscall(SYS_mlock2, p, pg, 0x80)), EINVAL);
    printf("munlockall: %d\n", err(munlockall()));
    return 0;
}
