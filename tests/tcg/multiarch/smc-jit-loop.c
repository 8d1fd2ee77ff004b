/*
 * A guest JIT's pattern, and a benchmark of code invalidation: one
 * function in a big RWX arena is rewritten over and over, while 2048
 * other functions of the same arena (on other pages) keep running.  Only
 * the rewritten page's code needs translating again; the rest of the
 * arena and of the program must not be.  Compare `-d stats` (translated
 * TBs) or callgrind counts with a larger round count, e.g. ARGS 3000.
 * ARGS: 100
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum { OTHERS = 2048, SLOT = 16 };

typedef int (*fn_t)(void);

/* "return v * 3 + 1" at p. */
static void emit(uint8_t *p, int v)
{
#if defined(__x86_64__) || defined(__i386__)
    p[0] = 0xb8; /* mov eax, v */
    memcpy(p + 1, &v, 4);
    memcpy(p + 5, "\x8d\x44\x40\x01", 4); /* lea eax, [rax + rax * 2 + 1] */
    p[9] = 0xc3;                          /* ret */
#elif defined(__powerpc__)
    uint32_t insn[4] = {
        0x3c600000u | (uint16_t)(v >> 16),  /* lis r3, v@h */
        0x60630000u | (uint16_t)v,          /* ori r3, r3, v@l */
        0x1c630003u,                        /* mulli r3, r3, 3 */
        0x38630001u,                        /* addi r3, r3, 1 */
    };
    memcpy(p, insn, sizeof(insn));
    uint32_t blr = 0x4e800020u;
    memcpy(p + 16, &blr, 4);
#else
#error "smc-jit-loop.c: unknown CPU"
#endif
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 100;
    long page = sysconf(_SC_PAGESIZE);
    size_t slot = SLOT * 2; /* room for the longest function */
    size_t others_len = OTHERS * slot;
    size_t len = others_len + page;
    uint8_t *arena = mmap(NULL, len, PROT_READ | PROT_WRITE | PROT_EXEC,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (arena == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    for (int i = 0; i < OTHERS; i++) {
        emit(arena + i * slot, i);
    }
    uint8_t *hot = arena + others_len; /* a page of its own */
    __builtin___clear_cache((char *)arena, (char *)arena + len);

    long hot_sum = 0, others_sum = 0;
    for (int r = 0; r < rounds; r++) {
        emit(hot, r);
        __builtin___clear_cache((char *)hot, (char *)hot + slot);
        hot_sum += ((fn_t)(uintptr_t)hot)();
        for (int i = 0; i < OTHERS; i++) {
            others_sum += ((fn_t)(uintptr_t)(arena + i * slot))();
        }
    }
    printf("rounds=%d hot=%ld others=%ld\n", rounds, hot_sum, others_sum);
    return 0;
}
