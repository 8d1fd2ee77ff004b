/*
 * Spellings of the root directory and of paths under it ("//", "/.",
 * "/..", "//proc") name what the plain spelling names, also when the
 * emulator looks paths up in a sysroot first (-L: the --dynamic runs).
 * gnulib's test-stat and test-canonicalize-lgpl check this.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
        return -1;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int main(void)
{
    const char *roots[] = {"//", "///", "/.", "/..", "/./..", "/../..",
                           "//./", "/etc/..", "/etc/../.."};
    for (unsigned i = 0; i < sizeof(roots) / sizeof(*roots); i++)
        printf("%-10s is /: %d\n", roots[i], same_file(roots[i], "/"));

    const char *pairs[][2] = {
        {"//proc/self", "/proc/self"}, {"/proc/./self/", "/proc/self"},
        {"///dev//null", "/dev/null"}, {"/etc/../dev/null", "/dev/null"},
        {"//proc/self/exe", "/proc/self/exe"},
    };
    for (unsigned i = 0; i < sizeof(pairs) / sizeof(*pairs); i++)
        printf("%-18s is %s: %d\n", pairs[i][0], pairs[i][1],
               same_file(pairs[i][0], pairs[i][1]));

    char buf[PATH_MAX];
    const char *real[] = {"/", "/.", "/..", "/proc/..", "/./proc/./self/.."};
    for (unsigned i = 0; i < sizeof(real) / sizeof(*real); i++)
        printf("realpath(%s) = %s\n", real[i],
               realpath(real[i], buf) ? buf : "(error)");

    /* A trailing slash asks for a directory. */
    struct stat st;
    printf("stat(/dev/null/) fails: %d\n", stat("/dev/null/", &st) != 0);
    printf("stat(/proc/self/) works: %d\n", stat("/proc/self/", &st) == 0);
    int fd = open("//", O_RDONLY | O_DIRECTORY);
    printf("open(//, O_DIRECTORY) works: %d\n", fd >= 0);
    if (fd >= 0)
        close(fd);
    return 0;
}
