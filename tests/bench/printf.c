/* libc kernel: snprintf of integers and doubles, strlen, strtol back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 4000000;
    char buf[128];
    unsigned long total = 0, back = 0;
    for (int i = 0; i < n; i++) {
        int len = snprintf(buf, sizeof(buf), "%d:%x:%s:%.3f", i * 37, i,
                           (i & 1) ? "odd" : "even", i * 0.125);
        total += (unsigned long)len + strlen(buf + (len / 2));
        back += (unsigned long)strtol(buf, NULL, 10);
    }
    printf("printf total %lu back %lu last %s\n", total, back & 0xffffffffUL, buf);
    return 0;
}
