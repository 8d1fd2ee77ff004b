/*
 * Directories and symbolic links in a scratch directory under $TMPDIR:
 * nested mkdir, sorted listings with file types, symlink/readlink, lstat
 * against stat (a link to a file, to a directory, a dangling link),
 * O_NOFOLLOW, the *at calls relative to a directory descriptor, rename
 * of a directory and over a link, hard links, and removal of it all.
 */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char top[4096];

static void check(int ok, const char *what)
{
    if (!ok) {
        printf("FAILED: %s (errno %d %s)\n", what, errno, strerror(errno));
        exit(1);
    }
}

static const char *path(const char *name)
{
    static char buf[2][8192];
    static int which;
    which ^= 1;
    snprintf(buf[which], sizeof(buf[which]), "%s/%s", top, name);
    return buf[which];
}

static const char *kind(mode_t m)
{
    return S_ISREG(m) ? "file" : S_ISDIR(m) ? "dir" : S_ISLNK(m) ? "link" : "other";
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *name)
{
    DIR *d = opendir(path(name));
    check(d != NULL, "opendir");
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64) {
        const char *t = e->d_type == DT_DIR ? "/" : e->d_type == DT_LNK ? "@" : "";
        if (asprintf(&names[n], "%s%s", e->d_name, t) < 0)
            exit(1);
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof(names[0]), cmp_names);
    printf("ls %s:", name);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

static void write_file(const char *name, const char *text)
{
    int fd = open(path(name), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    check(fd >= 0, "create");
    check(write(fd, text, strlen(text)) == (ssize_t)strlen(text), "write");
    close(fd);
}

static void show_stat(const char *name)
{
    struct stat st, lst;
    int s = stat(path(name), &st);
    int se = errno;
    check(lstat(path(name), &lst) == 0, "lstat");
    printf("%s: lstat %s", name, kind(lst.st_mode));
    if (S_ISLNK(lst.st_mode))
        printf(" (size %lld)", (long long)lst.st_size);
    if (s == 0)
        printf(", stat %s size %lld\n", kind(st.st_mode),
               S_ISDIR(st.st_mode) ? 0LL : (long long)st.st_size);
    else
        printf(", stat fails %s\n", se == ENOENT ? "ENOENT" : strerror(se));
}

static void show_link(const char *name)
{
    char buf[256];
    ssize_t n = readlink(path(name), buf, sizeof(buf) - 1);
    if (n < 0) {
        printf("readlink %s: %s\n", name, errno == EINVAL ? "EINVAL" : strerror(errno));
        return;
    }
    buf[n] = 0;
    printf("readlink %s: %s (%zd)\n", name, buf, n);
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(top, sizeof(top), "%s/dirs-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    check(mkdtemp(top) != NULL, "mkdtemp");

    check(mkdir(path("a"), 0755) == 0, "mkdir a");
    check(mkdir(path("a/b"), 0755) == 0, "mkdir a/b");
    check(mkdir(path("a/b/c"), 0700) == 0, "mkdir a/b/c");
    errno = 0;
    printf("mkdir existing: %s\n", mkdir(path("a"), 0755) < 0 && errno == EEXIST ? "EEXIST" : "?");
    errno = 0;
    printf("mkdir under missing: %s\n",
           mkdir(path("x/y"), 0755) < 0 && errno == ENOENT ? "ENOENT" : "?");
    write_file("a/b/file.txt", "twelve bytes");
    write_file("a/other", "x");

    check(symlink("b/file.txt", path("a/to-file")) == 0, "symlink file");
    check(symlink("b", path("a/to-dir")) == 0, "symlink dir");
    check(symlink("nowhere", path("a/dangling")) == 0, "symlink dangling");
    check(symlink("loop2", path("a/loop1")) == 0, "symlink loop1");
    check(symlink("loop1", path("a/loop2")) == 0, "symlink loop2");
    errno = 0;
    printf("symlink existing: %s\n",
           symlink("x", path("a/to-file")) < 0 && errno == EEXIST ? "EEXIST" : "?");
    list("a");
    list("a/b");

    show_stat("a/to-file");
    show_stat("a/to-dir");
    show_stat("a/dangling");
    show_stat("a/b");
    show_link("a/to-file");
    show_link("a/dangling");
    show_link("a/other");
    char small[4];
    ssize_t n = readlink(path("a/to-file"), small, sizeof(small));
    printf("readlink truncated: %zd %.4s\n", n, small);

    errno = 0;
    int fd = open(path("a/loop1"), O_RDONLY);
    printf("open loop: %s\n", fd < 0 && errno == ELOOP ? "ELOOP" : "?");
    errno = 0;
    fd = open(path("a/to-file"), O_RDONLY | O_NOFOLLOW);
    printf("open O_NOFOLLOW link: %s\n", fd < 0 && errno == ELOOP ? "ELOOP" : "?");
    fd = open(path("a/to-dir/file.txt"), O_RDONLY);
    check(fd >= 0, "open through dir link");
    char buf[64] = { 0 };
    check(read(fd, buf, sizeof(buf) - 1) == 12, "read through link");
    close(fd);
    printf("read through dir link: %s\n", buf);

    /* relative to a directory descriptor */
    int dfd = open(path("a/b"), O_RDONLY | O_DIRECTORY);
    check(dfd >= 0, "open dir");
    check(mkdirat(dfd, "d", 0755) == 0, "mkdirat");
    fd = openat(dfd, "d/new", O_WRONLY | O_CREAT | O_EXCL, 0600);
    check(fd >= 0, "openat create");
    check(write(fd, "abc", 3) == 3, "write new");
    close(fd);
    check(symlinkat("d/new", dfd, "ln") == 0, "symlinkat");
    n = readlinkat(dfd, "ln", buf, sizeof(buf));
    printf("readlinkat: %.*s\n", (int)n, buf);
    struct stat st;
    check(fstatat(dfd, "ln", &st, AT_SYMLINK_NOFOLLOW) == 0, "fstatat nofollow");
    printf("fstatat nofollow: %s\n", kind(st.st_mode));
    check(fstatat(dfd, "ln", &st, 0) == 0, "fstatat");
    printf("fstatat follow: %s %lld mode %o\n", kind(st.st_mode),
           (long long)st.st_size, st.st_mode & 0777);
    errno = 0;
    printf("openat O_EXCL existing: %s\n",
           openat(dfd, "d/new", O_WRONLY | O_CREAT | O_EXCL, 0600) < 0 &&
           errno == EEXIST ? "EEXIST" : "?");
    check(linkat(dfd, "d/new", dfd, "hard", 0) == 0, "linkat");
    check(fstatat(dfd, "hard", &st, 0) == 0, "stat hard");
    printf("hard link count: %ld\n", (long)st.st_nlink);
    check(renameat(dfd, "d", dfd, "renamed") == 0, "rename dir");
    show_link("a/b/ln");
    show_stat("a/b/ln");
    check(renameat(dfd, "renamed", dfd, "d") == 0, "rename back");
    list("a/b");

    /* rename a file over a link replaces the link, not its target */
    write_file("a/replacement", "new");
    check(rename(path("a/replacement"), path("a/to-file")) == 0, "rename over link");
    show_stat("a/to-file");
    show_stat("a/b/file.txt");

    errno = 0;
    printf("rmdir non-empty: %s\n",
           rmdir(path("a/b")) < 0 && errno == ENOTEMPTY ? "ENOTEMPTY" : "?");
    errno = 0;
    printf("unlink dir: %s\n",
           unlink(path("a/b")) < 0 && (errno == EISDIR || errno == EPERM) ? "refused" : "?");
    errno = 0;
    printf("rmdir link to dir: %s\n",
           rmdir(path("a/to-dir")) < 0 && errno == ENOTDIR ? "ENOTDIR" : "?");
    check(unlinkat(dfd, "ln", 0) == 0, "unlinkat link");
    check(unlinkat(dfd, "hard", 0) == 0, "unlinkat hard");
    check(unlinkat(dfd, "d/new", 0) == 0, "unlinkat file");
    check(unlinkat(dfd, "d", AT_REMOVEDIR) == 0, "unlinkat dir");
    check(unlinkat(dfd, "c", AT_REMOVEDIR) == 0, "unlinkat c");
    check(unlinkat(dfd, "file.txt", 0) == 0, "unlinkat file.txt");
    close(dfd);
    list("a/b");
    const char *links[] = { "a/to-file", "a/to-dir", "a/dangling", "a/loop1",
                            "a/loop2", "a/other" };
    for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++)
        check(unlink(path(links[i])) == 0, "unlink");
    check(rmdir(path("a/b")) == 0, "rmdir a/b");
    check(rmdir(path("a")) == 0, "rmdir a");
    list(".");
    check(rmdir(top) == 0, "rmdir top");
    printf("done\n");
    return 0;
}
