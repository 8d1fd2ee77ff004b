/*
 * File system calls: create a scratch directory under $TMPDIR, write and
 * read back files, lseek in all three modes, pread/pwrite, stat/fstat
 * sizes, ftruncate, directory listing (sorted, since readdir order is the
 * file system's), rename, unlink, rmdir, and stdio on top of it all.
 */
/* 64-bit offsets and inodes: without this, 32-bit glibc's readdir fails
   with EOVERFLOW on file systems with 64-bit directory hashes (ext4). */
#define _FILE_OFFSET_BITS 64
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[4096];

static void check(int ok, const char *what)
{
    if (!ok) {
        printf("FAILED: %s (errno %d %s)\n", what, errno, strerror(errno));
        exit(1);
    }
}

static void path_of(char *out, const char *name)
{
    snprintf(out, 4096 + 64, "%s/%s", dir, name);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_dir(void)
{
    DIR *d = opendir(dir);
    check(d != NULL, "opendir");
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64)
        names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof(names[0]), cmp_names);
    printf("dir:");
    for (int i = 0; i < n; i++) {
        char p[4096 + 64];
        struct stat st;
        path_of(p, names[i]);
        check(lstat(p, &st) == 0, "lstat");
        printf(" %s(%s,%lld)", names[i], S_ISDIR(st.st_mode) ? "d" : "f",
               S_ISDIR(st.st_mode) ? 0LL : (long long)st.st_size);
        free(names[i]);
    }
    printf("\n");
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof(dir), "%s/mimic-fileio-XXXXXX", tmp ? tmp : "/tmp");
    check(mkdtemp(dir) != NULL, "mkdtemp");

    char a[4096 + 64], b[4096 + 64], sub[4096 + 64];
    path_of(a, "alpha.txt");
    path_of(b, "beta.bin");
    path_of(sub, "subdir");

    int fd = open(a, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    check(fd >= 0, "open alpha");
    const char text[] = "hello, file\nsecond line\n";
    check(write(fd, text, sizeof(text) - 1) == (ssize_t)sizeof(text) - 1, "write");
    check(close(fd) == 0, "close");

    struct stat st;
    check(stat(a, &st) == 0, "stat");
    printf("alpha size=%lld regular=%d mode=%o\n", (long long)st.st_size,
           S_ISREG(st.st_mode), st.st_mode & 0777);

    fd = open(a, O_RDWR);
    check(fd >= 0, "reopen");
    char buf[256];
    ssize_t n = read(fd, buf, sizeof(buf));
    printf("read %zd: %.*s", n, (int)n, buf);
    printf("lseek end=%lld\n", (long long)lseek(fd, 0, SEEK_END));
    printf("lseek set=%lld\n", (long long)lseek(fd, 7, SEEK_SET));
    n = read(fd, buf, 4);
    printf("after set read %zd: %.*s\n", n, (int)n, buf);
    printf("lseek cur=%lld\n", (long long)lseek(fd, -3, SEEK_CUR));
    n = read(fd, buf, 5);
    printf("after cur read %zd: %.*s\n", n, (int)n, buf);
    /* a hole: seek past the end and write */
    printf("lseek hole=%lld\n", (long long)lseek(fd, 100, SEEK_SET));
    check(write(fd, "X", 1) == 1, "write after hole");
    check(fstat(fd, &st) == 0, "fstat");
    printf("fstat size=%lld\n", (long long)st.st_size);
    check(pwrite(fd, "PW", 2, 0) == 2, "pwrite");
    n = pread(fd, buf, 12, 0);
    printf("pread %zd: %.*s\n", n, (int)n, buf);
    n = pread(fd, buf, 10, 95);
    printf("pread hole:");
    for (ssize_t i = 0; i < n; i++)
        printf(" %02x", (unsigned char)buf[i]);
    printf("\n");
    check(ftruncate(fd, 5) == 0, "ftruncate");
    check(fstat(fd, &st) == 0, "fstat");
    printf("after ftruncate size=%lld\n", (long long)st.st_size);
    check(close(fd) == 0, "close");

    /* binary data through stdio, bigger than one buffer */
    FILE *f = fopen(b, "wb");
    check(f != NULL, "fopen");
    for (int i = 0; i < 20000; i++)
        fputc((i * 31) & 0xff, f);
    check(fclose(f) == 0, "fclose");
    f = fopen(b, "rb");
    check(f != NULL, "fopen r");
    unsigned sum = 0;
    int c, count = 0;
    while ((c = fgetc(f)) != EOF)
        sum = sum * 3 + (unsigned)c, count++;
    check(fseek(f, -10, SEEK_END) == 0, "fseek");
    printf("beta count=%d sum=%08x ftell=%ld\n", count, sum, ftell(f));
    fclose(f);

    check(mkdir(sub, 0755) == 0, "mkdir");
    int r = mkdir(sub, 0755);
    printf("mkdir again: %d errno=%s\n", r, errno == EEXIST ? "EEXIST" : "other");
    list_dir();

    char renamed[4096 + 64];
    path_of(renamed, "subdir/gamma.txt");
    check(rename(a, renamed) == 0, "rename");
    r = open(a, O_RDONLY);
    printf("open old name: %d errno=%s\n", r, errno == ENOENT ? "ENOENT" : "other");
    check(stat(renamed, &st) == 0, "stat renamed");
    printf("renamed size=%lld\n", (long long)st.st_size);
    list_dir();

    r = rmdir(sub);
    printf("rmdir non-empty: %d errno=%s\n", r,
           errno == ENOTEMPTY || errno == EEXIST ? "ENOTEMPTY" : "other");
    check(unlink(renamed) == 0, "unlink renamed");
    check(unlink(b) == 0, "unlink beta");
    check(rmdir(sub) == 0, "rmdir sub");
    list_dir();
    check(rmdir(dir) == 0, "rmdir dir");
    printf("access after rmdir: %d\n", access(dir, F_OK));

    /* A NULL buffer of length 0 is no fault (guest address 0 is also
     * host address 0 when mimic maps the guest space there). */
    int fd0 = open("/dev/zero", O_RDONLY);
    void *volatile null_buf = NULL; /* hidden from the compiler's checks */
    errno = 0;
    n = read(fd0, null_buf, 0);
    printf("read NULL 0: %zd errno=%d\n", n, errno);
    errno = 0;
    n = write(1, null_buf, 0);
    printf("write NULL 0: %zd errno=%d\n", n, errno);
    errno = 0;
    n = read(fd0, null_buf, 1);
    printf("read NULL 1: %zd errno=%s\n", n, errno == EFAULT ? "EFAULT" : "other");
    close(fd0);
    return 0;
}
