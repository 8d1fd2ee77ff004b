/* System calls on descriptors that real programs use beside read and
 * write: sendfile, copy_file_range, splice, tee, vmsplice, preadv and
 * pwritev (with a high offset), fallocate, posix_fadvise, readahead,
 * sync_file_range, flock between two open files, memfd_create,
 * close_range, utimes and utime, priorities and scheduling parameters,
 * capget and personality. */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/personality.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>
#include <utime.h>

static char dir[] = "/tmp/fd-transfer-XXXXXX";

static int make_file(const char *name, const char *data)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
    if (data) {
        write(fd, data, strlen(data));
    }
    return fd;
}

static void show(int fd, const char *what)
{
    char buf[128] = { 0 };
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    printf("%s: %zd [%s]\n", what, n, buf);
}

static void copies(void)
{
    int src = make_file("src", "0123456789abcdefghij");
    int dst = make_file("dst", NULL);
    off_t off = 5;
    ssize_t n = sendfile(dst, src, &off, 7);
    printf("sendfile %zd off %ld\n", n, (long)off);
    show(dst, "dst");
    loff_t in = 10, out = 2;
    n = copy_file_range(src, &in, dst, &out, 4, 0);
    printf("copy_file_range %zd in %lld out %lld\n", n, (long long)in, (long long)out);
    show(dst, "dst");
    int p[2], q[2];
    pipe(p);
    pipe(q);
    in = 15;
    n = splice(src, &in, p[1], NULL, 5, 0);
    printf("splice to pipe %zd in %lld\n", n, (long long)in);
    n = tee(p[0], q[1], 5, 0);
    printf("tee %zd\n", n);
    out = 0;
    n = splice(p[0], NULL, dst, &out, 5, 0);
    printf("splice from pipe %zd out %lld\n", n, (long long)out);
    show(dst, "dst");
    char got[8] = { 0 };
    n = read(q[0], got, sizeof got - 1);
    printf("tee copy %zd [%s]\n", n, got);
    struct iovec v[2] = { { "vm", 2 }, { "splice", 6 } };
    n = vmsplice(p[1], v, 2, 0);
    memset(got, 0, sizeof got);
    read(p[0], got, 8);
    printf("vmsplice %zd [%.8s]\n", n, got);
    close(p[0]); close(p[1]); close(q[0]); close(q[1]);
    close(src);
    close(dst);
}

static void vectors(void)
{
    int fd = make_file("vec", NULL);
    struct iovec w[3] = { { "alpha", 5 }, { "-", 1 }, { "omega", 5 } };
    off_t high = (off_t)5 << 32;
    ssize_t n = pwritev(fd, w, 3, high);
    printf("pwritev %zd\n", n);
    char a[3] = { 0 }, b[9] = { 0 };
    struct iovec r[2] = { { a, 2 }, { b, 8 } };
    n = preadv(fd, r, 2, high + 1);
    printf("preadv %zd [%s] [%s]\n", n, a, b);
    n = pwritev2(fd, w, 1, 3, 0);
    show(fd, "pwritev2");
    n = preadv2(fd, r, 2, 0, 0);
    printf("preadv2 %zd\n", n);
    struct stat st;
    fstat(fd, &st);
    printf("size %lld\n", (long long)st.st_size);
    close(fd);
}

static void space_and_hints(void)
{
    int fd = make_file("space", "abc");
    int r = fallocate(fd, 0, 0, 65536);
    struct stat st;
    fstat(fd, &st);
    printf("fallocate %d size %lld\n", r, (long long)st.st_size);
    r = fallocate(fd, FALLOC_FL_KEEP_SIZE, 65536, 65536);
    fstat(fd, &st);
    printf("keep size %d size %lld\n", r, (long long)st.st_size);
    r = posix_fadvise(fd, 0, 4096, POSIX_FADV_SEQUENTIAL);
    printf("fadvise %d %d\n", r, posix_fadvise(fd, 0, 0, 99));
    printf("readahead %zd\n", readahead(fd, 0, 4096));
    printf("sync_file_range %d\n", sync_file_range(fd, 0, 4096, SYNC_FILE_RANGE_WRITE));
    sync();
    printf("syncfs %d\n", syncfs(fd));
    close(fd);
}

static void locks(void)
{
    int a = make_file("lock", NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/lock", dir);
    int b = open(path, O_RDWR);
    printf("flock ex %d\n", flock(a, LOCK_EX));
    errno = 0;
    int r = flock(b, LOCK_SH | LOCK_NB);
    printf("second %d %s\n", r, errno == EWOULDBLOCK ? "EWOULDBLOCK" : "?");
    printf("unlock %d\n", flock(a, LOCK_UN));
    r = flock(a, LOCK_SH);
    printf("shared %d %d\n", r, flock(b, LOCK_SH | LOCK_NB));
    errno = 0;
    r = flock(-1, LOCK_EX);
    printf("bad fd %d %d\n", r, errno == EBADF);
    close(a);
    close(b);
}

static void memfd_and_close_range(void)
{
    int fd = memfd_create("mimic-test", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    printf("memfd %d\n", fd >= 0);
    ftruncate(fd, 4096);
    char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    strcpy(m, "through the mapping");
    show(fd, "memfd");
    printf("seal %d\n", fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK));
    errno = 0;
    int t = ftruncate(fd, 10);
    printf("sealed shrink %d %d\n", t, errno == EPERM);
    munmap(m, 4096);
    int base = dup2(fd, 100);
    dup2(fd, 101);
    dup2(fd, 102);
    printf("close_range %d\n", (int)syscall(SYS_close_range, 101, 102, 0));
    int f100 = fcntl(100, F_GETFD) >= 0, f101 = fcntl(101, F_GETFD);
    printf("after %d %d %d\n", f100, f101, fcntl(102, F_GETFD));
    syscall(SYS_close_range, 100, 100, 4 /* CLOSE_RANGE_CLOEXEC */);
    printf("cloexec %d\n", fcntl(100, F_GETFD));
    close(base);
    close(fd);
}

static void times(void)
{
    int fd = make_file("times", "x");
    close(fd);
    char path[256];
    snprintf(path, sizeof path, "%s/times", dir);
    struct timeval tv[2] = { { 1000000000, 250000 }, { 1200000000, 500000 } };
    printf("utimes %d\n", utimes(path, tv));
    struct stat st;
    stat(path, &st);
    printf("atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atime,
           st.st_atim.tv_nsec, (long long)st.st_mtime, st.st_mtim.tv_nsec);
    struct utimbuf ub = { 1300000000, 1400000000 };
    printf("utime %d\n", utime(path, &ub));
    stat(path, &st);
    printf("atime %lld mtime %lld nsec %ld\n", (long long)st.st_atime,
           (long long)st.st_mtime, st.st_mtim.tv_nsec);
    printf("futimesat %d\n", futimesat(AT_FDCWD, path, tv));
    stat(path, &st);
    printf("mtime %lld.%09ld\n", (long long)st.st_mtime, st.st_mtim.tv_nsec);
}

static void scheduling(void)
{
    errno = 0;
    int prio = getpriority(PRIO_PROCESS, 0);
    printf("nice in range %d errno %d\n", prio >= -20 && prio <= 19, errno);
    int r = setpriority(PRIO_PROCESS, 0, prio + 2);
    int want = prio + 2 > 19 ? 19 : prio + 2; /* the run may be niced */
    printf("setpriority %d now as asked %d\n", r,
           getpriority(PRIO_PROCESS, 0) == want);
    printf("policy %d\n", sched_getscheduler(0));
    struct sched_param sp = { 99 };
    r = sched_getparam(0, &sp);
    printf("getparam %d prio %d\n", r, sp.sched_priority);
    printf("fifo range %d..%d\n", sched_get_priority_min(SCHED_FIFO),
           sched_get_priority_max(SCHED_FIFO));
    struct timespec ts;
    printf("rr interval %d\n", sched_rr_get_interval(0, &ts));
    cpu_set_t set, now;
    CPU_ZERO(&set);
    sched_getaffinity(0, sizeof set, &set);
    int first = -1;
    for (int i = 0; i < CPU_SETSIZE && first < 0; i++) {
        if (CPU_ISSET(i, &set)) {
            first = i;
        }
    }
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(first, &one);
    printf("setaffinity %d\n", sched_setaffinity(0, sizeof one, &one));
    sched_getaffinity(0, sizeof now, &now);
    printf("count %d same %d\n", CPU_COUNT(&now), CPU_ISSET(first, &now));
    sched_setaffinity(0, sizeof set, &set);
    printf("persona %#x\n", personality(0xffffffff) & ~ADDR_NO_RANDOMIZE);
    struct { unsigned version; int pid; } hdr = { 0x20080522, 0 };
    struct { unsigned eff, perm, inh; } data[2];
    r = (int)syscall(SYS_capget, &hdr, data);
    printf("capget %d version %#x\n", r, hdr.version);
    hdr.version = 1;
    errno = 0;
    r = (int)syscall(SYS_capget, &hdr, NULL);
    printf("probe %d version %#x %d\n", r, hdr.version, errno == EINVAL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (!mkdtemp(dir)) {
        return 1;
    }
    copies();
    vectors();
    space_and_hints();
    locks();
    memfd_and_close_range();
    times();
    scheduling();
    const char *names[] = { "src", "dst", "vec", "space", "lock", "times" };
    for (int i = 0; i < 6; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    printf("rmdir %d\n", rmdir(dir));
    return 0;
}
