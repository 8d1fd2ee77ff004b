/*
 * An illegal instruction (the all-zero word) with no handler installed:
 * the process must die from SIGILL (exit status 132 in the shell) after
 * the output written before it.
 */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    static const char msg[] = "before the illegal instruction\n";
    if (write(1, msg, sizeof(msg) - 1) < 0)
        return 1;
    asm volatile(".long 0x00000000");
    printf("survived the illegal instruction\n");
    return 0;
}
