/* Short-lived program: start-up cost of the runtime (loading, libc
 * initialisation, one write, exit) with nearly nothing to translate. */
#include <stdio.h>

int main(void)
{
    puts("hello, world");
    return 0;
}
