/*
 * Exits with status 3 from inside nested calls, after an atexit handler
 * and stdio flushing have run.  The runner checks the status.
 */
#include <stdio.h>
#include <stdlib.h>

static void on_exit_handler(void)
{
    printf("atexit handler ran\n");
}

static volatile int exit_status = 3;

static void leave(int depth)
{
    if (depth == 0) {
        printf("leaving with %d\n", exit_status);
        if (exit_status)
            exit(exit_status);
        return;
    }
    leave(depth - 1);
}

int main(void)
{
    atexit(on_exit_handler);
    printf("buffered line\n");
    leave(10);
    printf("not reached\n");
    return 0;
}
