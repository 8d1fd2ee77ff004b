/*
 * malloc/calloc/realloc/free stress: a pseudo-random mix of allocation
 * sizes (small bins up to mmap-sized blocks), each block filled with a
 * pattern derived from its slot and verified before it is freed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SLOTS = 256, ROUNDS = 20000 };

struct slot {
    unsigned char *p;
    size_t size;
    uint32_t tag;
};

static uint32_t rng_state = 1;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static size_t pick_size(void)
{
    uint32_t r = rng();
    switch (r % 8) {
    case 0: return 0;
    case 1: case 2: case 3: return r % 64 + 1;
    case 4: case 5: return r % 1024;
    case 6: return r % 16384;
    default: return (r % 4 == 0) ? 200000 + r % 100000 : r % 4096;
    }
}

static void fill(struct slot *s)
{
    for (size_t i = 0; i < s->size; i++)
        s->p[i] = (unsigned char)(s->tag + i * 13);
}

static int verify(const struct slot *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s->p[i] != (unsigned char)(s->tag + i * 13))
            return 0;
    return 1;
}

int main(void)
{
    static struct slot slots[SLOTS];
    unsigned long bad = 0, allocs = 0, reallocs = 0, frees = 0;
    uint64_t checksum = 0;
    for (int round = 0; round < ROUNDS; round++) {
        struct slot *s = &slots[rng() % SLOTS];
        uint32_t action = rng() % 10;
        if (s->p && action < 3) {
            /* grow or shrink; the common prefix must survive */
            size_t nsize = pick_size() + 1;
            size_t keep = nsize < s->size ? nsize : s->size;
            unsigned char *np = realloc(s->p, nsize);
            if (!np) {
                printf("realloc failed\n");
                return 1;
            }
            s->p = np;
            bad += !verify(s, keep);
            s->size = nsize;
            fill(s);
            reallocs++;
        } else if (s->p) {
            bad += !verify(s, s->size);
            for (size_t i = 0; i < s->size; i += 97)
                checksum = checksum * 3 + s->p[i];
            free(s->p);
            s->p = NULL;
            frees++;
        } else {
            s->size = pick_size();
            s->tag = rng();
            if (action < 5) {
                s->p = calloc(1, s->size + 1);
                for (size_t i = 0; s->p && i <= s->size; i++)
                    bad += s->p[i] != 0;
            } else {
                s->p = malloc(s->size + 1);
            }
            if (!s->p) {
                printf("allocation of %zu failed\n", s->size + 1);
                return 1;
            }
            fill(s);
            allocs++;
        }
    }
    for (int i = 0; i < SLOTS; i++) {
        if (slots[i].p) {
            bad += !verify(&slots[i], slots[i].size);
            free(slots[i].p);
        }
    }
    printf("allocs=%lu reallocs=%lu frees=%lu bad=%lu checksum=%016llx\n",
           allocs, reallocs, frees, bad, (unsigned long long)checksum);
    return bad != 0;
}
