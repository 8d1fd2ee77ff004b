/*
 * Run with -R LIMIT_MB megabytes (argv[1]): every mapping the program
 * gets, its stack and its break lie below the limit, mmap runs out of
 * space (ENOMEM) before the limit is passed, a fixed mapping above it
 * fails, and the space below it is usable.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define CHUNK (8u << 20)

int main(int argc, char **argv)
{
    if (argc != 2) {
        return 2;
    }
    uintptr_t limit = (uintptr_t)strtoul(argv[1], NULL, 0) << 20;
    int local;
    printf("stack below the limit: %s\n",
           (uintptr_t)&local < limit ? "yes" : "no");
    printf("break below the limit: %s\n",
           (uintptr_t)sbrk(0) < limit ? "yes" : "no");
    uintptr_t total = 0, highest = 0;
    int err = 0;
    for (int i = 0; i < 1024; i++) {
        void *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            err = errno;
            break;
        }
        ((volatile char *)p)[CHUNK - 1] = 1;
        total += CHUNK;
        if ((uintptr_t)p + CHUNK > highest) {
            highest = (uintptr_t)p + CHUNK;
        }
    }
    printf("mmap stopped with: %s\n", strerror(err));
    printf("every mapping below the limit: %s\n",
           highest <= limit ? "yes" : "no");
    printf("at least half the space mapped: %s\n",
           total >= limit / 2 ? "yes" : "no");
    void *fixed = mmap((void *)(limit + (16u << 20)), 4096,
                       PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("fixed mapping above the limit: %s\n",
           fixed == MAP_FAILED ? strerror(errno) : "mapped");
    return 0;
}
