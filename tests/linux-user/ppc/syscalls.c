/*
 * syscalls.c: exercises the system calls mimic-ppc translates and prints
 * only values that do not depend on the machine or the time, so its output
 * can be compared with qemu-ppc's (the checked-in .expected file).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static int checks;
/* An address no program maps (volatile: the compiler must not judge it). */
static char *volatile bad_ptr = (char *)16;

#define CHECK(cond)                                                            \
    do {                                                                       \
        checks++;                                                              \
        if (!(cond)) {                                                         \
            printf("FAILED line %d: %s (errno %d)\n", __LINE__, #cond, errno); \
        }                                                                      \
    } while (0)

static void files(const char *dir)
{
    char path[256], path2[256];
    snprintf(path, sizeof(path), "%s/a.txt", dir);
    snprintf(path2, sizeof(path2), "%s/b.txt", dir);

    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0640);
    CHECK(fd >= 0);
    CHECK(write(fd, "hello, world\n", 13) == 13);
    struct iovec iov[2] = { { "abc", 3 }, { "defg", 4 } };
    CHECK(writev(fd, iov, 2) == 7);
    CHECK(lseek(fd, 0, SEEK_CUR) == 20);
    CHECK(lseek64(fd, 7, SEEK_SET) == 7);
    char buf[64] = { 0 };
    CHECK(read(fd, buf, 5) == 5);
    printf("read: %s\n", buf);
    CHECK(pread(fd, buf, 3, 13) == 3);
    buf[3] = 0;
    printf("pread: %s\n", buf);
    CHECK(pwrite(fd, "XY", 2, 0) == 2);
    char a[4] = { 0 }, b[8] = { 0 };
    struct iovec riov[2] = { { a, 3 }, { b, 5 } };
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK(readv(fd, riov, 2) == 8);
    printf("readv: %s|%s\n", a, b);

    struct stat st;
    CHECK(fstat(fd, &st) == 0);
    printf("fstat: size %lld mode %o regular %d nlink %d\n",
           (long long)st.st_size, st.st_mode & 0777, S_ISREG(st.st_mode),
           (int)st.st_nlink);
    CHECK(ftruncate(fd, 5) == 0);
    CHECK(stat(path, &st) == 0);
    printf("stat after ftruncate: %lld\n", (long long)st.st_size);
    CHECK(truncate(path, 100000) == 0);
    CHECK(lstat(path, &st) == 0);
    printf("lstat after truncate: %lld blocks>=0 %d\n", (long long)st.st_size,
           st.st_blocks >= 0);
    struct statx sx;
    CHECK(statx(AT_FDCWD, path, 0, STATX_SIZE | STATX_MODE, &sx) == 0);
    printf("statx: size %llu mode %o\n", (unsigned long long)sx.stx_size,
           sx.stx_mode & 0777);

    int fl = fcntl(fd, F_GETFL);
    printf("F_GETFL: accmode %d append %d\n", fl & O_ACCMODE, !!(fl & O_APPEND));
    CHECK(fcntl(fd, F_SETFL, fl | O_APPEND) == 0);
    printf("F_GETFL after set: append %d\n", !!(fcntl(fd, F_GETFL) & O_APPEND));
    CHECK(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0);
    printf("F_GETFD: %d\n", fcntl(fd, F_GETFD));
    struct flock lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0,
                        .l_len = 10 };
    CHECK(fcntl(fd, F_SETLK, &lk) == 0);
    lk.l_type = F_RDLCK;
    CHECK(fcntl(fd, F_GETLK, &lk) == 0);
    printf("F_GETLK: type unlocked %d\n", lk.l_type == F_UNLCK);
    int fd2 = dup(fd);
    CHECK(fd2 > fd);
    CHECK(dup2(fd, 20) == 20);
    CHECK(dup3(fd, 21, O_CLOEXEC) == 21);
    printf("dup3 cloexec: %d\n", fcntl(21, F_GETFD));
    close(20);
    close(21);
    close(fd2);
    CHECK(close(fd) == 0);
    CHECK(close(fd) == -1 && errno == EBADF);

    CHECK(rename(path, path2) == 0);
    CHECK(access(path, F_OK) == -1 && errno == ENOENT);
    CHECK(access(path2, R_OK | W_OK) == 0);
    CHECK(link(path2, path) == 0);
    CHECK(stat(path, &st) == 0);
    printf("nlink after link: %d\n", (int)st.st_nlink);
    CHECK(unlink(path) == 0);
    snprintf(path, sizeof(path), "%s/sym", dir);
    CHECK(symlink("b.txt", path) == 0);
    char target[64] = { 0 };
    CHECK(readlink(path, target, sizeof(target)) == 5);
    printf("readlink: %s\n", target);
    CHECK(lstat(path, &st) == 0 && S_ISLNK(st.st_mode));
    CHECK(chmod(path2, 0600) == 0);
    CHECK(stat(path, &st) == 0);
    printf("mode via symlink: %o\n", st.st_mode & 0777);
    CHECK(unlinkat(AT_FDCWD, path, 0) == 0);

    snprintf(path, sizeof(path), "%s/sub", dir);
    CHECK(mkdir(path, 0755) == 0);
    CHECK(mkdir(path, 0755) == -1 && errno == EEXIST);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    CHECK(dfd >= 0);
    CHECK(open(path2, O_RDONLY | O_DIRECTORY) == -1 && errno == ENOTDIR);
    int fa = openat(dfd, "sub/c.txt", O_CREAT | O_WRONLY, 0644);
    CHECK(fa >= 0);
    close(fa);
    CHECK(fstatat(dfd, "sub/c.txt", &st, 0) == 0);
    CHECK(renameat(dfd, "sub/c.txt", dfd, "c.txt") == 0);
    DIR *d = fdopendir(dfd);
    CHECK(d != NULL);
    int entries = 0, seen_sub = 0, seen_c = 0;
    for (struct dirent *e; (e = readdir(d));) {
        entries++;
        seen_sub |= !strcmp(e->d_name, "sub") && e->d_type == DT_DIR;
        seen_c |= !strcmp(e->d_name, "c.txt") && e->d_type == DT_REG;
    }
    printf("readdir: %d entries, sub %d, c.txt %d\n", entries, seen_sub, seen_c);
    closedir(d);
    snprintf(path2, sizeof(path2), "%s/c.txt", dir);
    CHECK(unlink(path2) == 0);
    snprintf(path2, sizeof(path2), "%s/b.txt", dir);
    CHECK(unlink(path2) == 0);
    CHECK(rmdir(path) == 0);

    char cwd[256], old[256];
    CHECK(getcwd(old, sizeof(old)) != NULL);
    CHECK(chdir(dir) == 0);
    CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
    printf("getcwd matches: %d\n", strcmp(cwd, dir) == 0);
    CHECK(chdir(old) == 0);
    CHECK(open("/nonexistent/file", O_RDONLY) == -1 && errno == ENOENT);
    CHECK(read(-1, buf, 1) == -1 && errno == EBADF);
    CHECK(write(1, bad_ptr, 1) == -1 && errno == EFAULT);
    CHECK(stat(bad_ptr, &st) == -1 && errno == EFAULT);
}

static void pipes(void)
{
    int p[2];
    CHECK(pipe(p) == 0);
    struct pollfd pf = { .fd = p[0], .events = POLLIN };
    CHECK(poll(&pf, 1, 0) == 0);
    CHECK(write(p[1], "ping", 4) == 4);
    CHECK(poll(&pf, 1, 0) == 1 && (pf.revents & POLLIN));
    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    struct timeval tv = { 0, 0 };
    CHECK(select(p[0] + 1, &rs, NULL, NULL, &tv) == 1 && FD_ISSET(p[0], &rs));
    int avail = -1;
    CHECK(ioctl(p[0], FIONREAD, &avail) == 0);
    printf("FIONREAD: %d\n", avail);
    char buf[8] = { 0 };
    CHECK(read(p[0], buf, sizeof(buf)) == 4);
    printf("pipe: %s\n", buf);
    close(p[0]);
    close(p[1]);
    CHECK(pipe2(p, O_CLOEXEC | O_NONBLOCK) == 0);
    CHECK(read(p[0], buf, 1) == -1 && errno == EAGAIN);
    printf("pipe2 flags: cloexec %d nonblock %d\n", fcntl(p[0], F_GETFD),
           !!(fcntl(p[0], F_GETFL) & O_NONBLOCK));
    struct termios t;
    CHECK(tcgetattr(p[0], &t) == -1 && errno == ENOTTY);
    close(p[0]);
    close(p[1]);
}

static void memory(void)
{
    size_t pg = sysconf(_SC_PAGESIZE);
    printf("page size: %zu\n", pg);
    char *m = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(m != MAP_FAILED);
    CHECK(m[0] == 0 && m[3 * pg - 1] == 0);
    memset(m, 'x', 3 * pg);
    CHECK(munmap(m + 2 * pg, pg) == 0);
    /* Block the page after the mapping so that growing must move it. */
    char *wall = mmap(m + 2 * pg, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
                      MAP_FIXED, -1, 0);
    CHECK(wall == m + 2 * pg);
    char *r = mremap(m, 2 * pg, 8 * pg, MREMAP_MAYMOVE);
    CHECK(r != MAP_FAILED && r != m && r[0] == 'x' && r[pg] == 'x' &&
          r[7 * pg] == 0);
    CHECK(mremap(r, 8 * pg, pg, 0) == r);
    CHECK(munmap(r, pg) == 0);
    CHECK(munmap(wall, pg) == 0);
    CHECK(mprotect(m, pg, PROT_READ) == -1 && errno == ENOMEM);
    void *fixed = mmap((void *)0x30000000, pg, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED: %p\n", fixed);
    CHECK(munmap(fixed, pg) == 0);
    CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
          MAP_FAILED && errno == EINVAL);

    /* A file mapping sees the file's bytes. */
    char tmpl[] = "/tmp/mimic-mmap-XXXXXX";
    int fd = mkstemp(tmpl);
    CHECK(fd >= 0);
    CHECK(write(fd, "mapped file", 11) == 11);
    char *f = mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);
    CHECK(f != MAP_FAILED);
    printf("file mapping: %.11s\n", f);
    munmap(f, pg);
    close(fd);
    unlink(tmpl);

    void *b0 = sbrk(0);
    CHECK(sbrk(100000) == b0);
    CHECK(sbrk(0) == (char *)b0 + 100000);
    memset(b0, 1, 100000);
    CHECK(sbrk(-100000) != (void *)-1);
    CHECK(sbrk(0) == b0);
    char *big = malloc(1 << 20);
    CHECK(big != NULL);
    memset(big, 2, 1 << 20);
    free(big);
}

static void process(void)
{
    struct utsname u;
    CHECK(uname(&u) == 0);
    printf("uname machine: %s sysname: %s\n", u.machine, u.sysname);
    CHECK(getpid() > 1 && getppid() > 0 && gettid() == getpid());
    CHECK(getuid() == geteuid() && getgid() == getegid());
    struct rlimit rl;
    CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur > 0);
    struct rlimit nrl = { 64, rl.rlim_max };
    CHECK(setrlimit(RLIMIT_NOFILE, &nrl) == 0);
    CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0);
    printf("RLIMIT_NOFILE: %lu\n", (unsigned long)rl.rlim_cur);
    struct timespec ts, ts2;
    CHECK(clock_gettime(CLOCK_MONOTONIC, &ts) == 0);
    struct timespec nap = { 0, 2000000 };
    CHECK(nanosleep(&nap, NULL) == 0);
    CHECK(clock_gettime(CLOCK_MONOTONIC, &ts2) == 0);
    long long ns = (ts2.tv_sec - ts.tv_sec) * 1000000000LL +
                   (ts2.tv_nsec - ts.tv_nsec);
    printf("nanosleep slept >= 2ms: %d\n", ns >= 2000000);
    struct timeval tv;
    CHECK(gettimeofday(&tv, NULL) == 0 && tv.tv_sec > 1600000000);
    CHECK(time(NULL) >= tv.tv_sec);
    CHECK(clock_getres(CLOCK_REALTIME, &ts) == 0);
    unsigned char rnd[16];
    CHECK(getrandom(rnd, sizeof(rnd), 0) == sizeof(rnd));
    mode_t old = umask(022);
    CHECK(umask(old) == 022);
    sigset_t set, oldset;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    CHECK(sigprocmask(SIG_BLOCK, &set, &oldset) == 0);
    CHECK(sigprocmask(SIG_SETMASK, &oldset, &set) == 0);
    printf("blocked SIGUSR1 recorded: %d\n", sigismember(&set, SIGUSR1));
    struct sigaction sa = { .sa_handler = SIG_IGN }, osa;
    CHECK(sigaction(SIGUSR2, &sa, NULL) == 0);
    CHECK(sigaction(SIGUSR2, NULL, &osa) == 0 && osa.sa_handler == SIG_IGN);
    CHECK(kill(getpid(), SIGUSR2) == 0); /* ignored: nothing happens */
    CHECK(raise(SIGCHLD) == 0);          /* default action: ignore */
}

int main(int argc, char **argv)
{
    char dir[] = "/tmp/mimic-syscalls-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    files(dir);
    CHECK(rmdir(dir) == 0);
    pipes();
    memory();
    process();
    printf("argc %d argv[1] %s env MIMIC_TEST_VAR %s\n", argc,
           argc > 1 ? argv[1] : "-", getenv("MIMIC_TEST_VAR") ?: "unset");
    printf("%d checks done\n", checks);
    return 7;
}
