/* argv-echo: prints its arguments, argv[0] included, one per line, and
 * whether /proc/self/exe is the file argv[0] names (binfmt-register.sh's
 * test runs it as ./argv-echo through binfmt_misc). */
#include <stdio.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        printf("argv[%d] = %s\n", i, argv[i]);
    }
    struct stat a, b;
    printf("/proc/self/exe is argv[0]: %s\n",
           stat("/proc/self/exe", &a) == 0 && stat(argv[0], &b) == 0 &&
                   a.st_ino == b.st_ino && a.st_dev == b.st_dev
               ? "yes" : "no");
    return 0;
}
