/*
 * gendata: deterministic text-like input for the compressor benchmarks.
 * Lines of words drawn with a skewed (roughly Zipf) distribution from a
 * generated vocabulary, with numbers mixed in, so the data compresses
 * about as well as prose or logs (neither trivially nor not at all).
 *
 * usage: gendata MEGABYTES > file      (same bytes on every host)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define VOCABULARY 4096
#define MAX_WORD 12

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t next_random(void)
{
    /* xorshift64*: a fixed, portable sequence. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 0x2545f4914f6cdd1dull) >> 32);
}

int main(int argc, char **argv)
{
    static char words[VOCABULARY][MAX_WORD + 1];
    long megabytes = argc > 1 ? strtol(argv[1], NULL, 10) : 12;
    long total = megabytes << 20, written = 0;

    if (megabytes < 1) {
        fprintf(stderr, "usage: gendata MEGABYTES\n");
        return 2;
    }
    for (int i = 0; i < VOCABULARY; i++) {
        int len = 2 + (int)(next_random() % (MAX_WORD - 1));
        for (int j = 0; j < len; j++) {
            words[i][j] = (char)('a' + next_random() % 26);
        }
        words[i][len] = '\0';
    }
    while (written < total) {
        int per_line = 4 + (int)(next_random() % 12);
        for (int w = 0; w < per_line && written < total; w++) {
            uint32_t r = next_random();
            /* The product of two uniform numbers favours small indices. */
            uint32_t index = ((r & 0xffff) * (r >> 16)) >> 20;
            int n = next_random() % 16 == 0
                        ? printf("%u ", next_random() % 100000)
                        : printf("%s ", words[index % VOCABULARY]);
            written += n;
        }
        putchar('\n');
        written++;
    }
    return 0;
}
