/*
 * Prints argc, argv and the MIMIC_TEST_* environment variables (the runner
 * sets them; other variables vary between machines and are skipped), and
 * checks the argv/envp layout the kernel ABI promises.
 *
 * The kernel keeps the environment in execve's order (the runner passes
 * GREETING before EMPTY, and a native run prints them so).  qemu-ppc 7.2
 * reverses the list, so argv-env.expected was corrected by hand and this
 * test fails under qemu-ppc.
 *
 * ARGS: first "two words" '' --flag=x ünïcödé
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv, char **envp)
{
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=\"%s\" len=%zu\n", i, argv[i], strlen(argv[i]));
    printf("argv[argc]=%s\n", argv[argc] ? "non-null" : "NULL");
    printf("envp follows argv: %s\n", envp == argv + argc + 1 ? "yes" : "no");
    printf("environ == envp: %s\n", environ == envp ? "yes" : "no");
    for (char **e = envp; *e; e++)
        if (strncmp(*e, "MIMIC_TEST_", 11) == 0)
            printf("env %s\n", *e);
    const char *g = getenv("MIMIC_TEST_GREETING");
    printf("getenv=%s\n", g ? g : "(unset)");
    setenv("MIMIC_TEST_NEW", "added", 1);
    printf("after setenv=%s\n", getenv("MIMIC_TEST_NEW"));
    return 0;
}
