/*
 * faults.c: ends the way argv[1] says, so the test can check that mimic
 * ends like a native process would: by the same signal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int *volatile bad = (int *)16;

int main(int argc, char **argv)
{
    const char *how = argc > 1 ? argv[1] : "";
    printf("before %s\n", how);
    fflush(stdout);
    if (!strcmp(how, "segv")) {
        *bad = 1;
    } else if (!strcmp(how, "sigill")) {
        __asm__ volatile(".long 0");
    } else if (!strcmp(how, "trap")) {
        __builtin_trap();
    } else if (!strcmp(how, "abort")) {
        abort();
    } else if (!strcmp(how, "exit")) {
        exit(atoi(argv[2]));
    }
    printf("not reached\n");
    return 0;
}
