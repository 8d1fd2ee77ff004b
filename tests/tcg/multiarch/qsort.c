/*
 * qsort and bsearch with several comparators (indirect calls into our own
 * code from libc), plus a table of function pointers.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct record {
    char name[12];
    int32_t key;
    uint16_t group;
};

static uint32_t rng_state = 12345;

static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

static int cmp_int_asc(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static int cmp_int_desc(const void *a, const void *b)
{
    return cmp_int_asc(b, a);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Group ascending, then key descending, then name: a total order. */
static int cmp_record(const void *a, const void *b)
{
    const struct record *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    return strcmp(x->name, y->name);
}

static uint32_t checksum_ints(const int32_t *v, int n)
{
    uint32_t h = 0;
    for (int i = 0; i < n; i++)
        h = h * 33 + (uint32_t)v[i];
    return h;
}

static int32_t op_add(int32_t a, int32_t b) { return a + b; }
static int32_t op_sub(int32_t a, int32_t b) { return a - b; }
static int32_t op_mul(int32_t a, int32_t b) { return a * b; }
static int32_t op_xor(int32_t a, int32_t b) { return a ^ b; }
static int32_t op_max(int32_t a, int32_t b) { return a > b ? a : b; }

int main(void)
{
    enum { N = 5000 };
    static int32_t v[N];
    for (int i = 0; i < N; i++)
        v[i] = (int32_t)(rng() - 0x800000) * 97;
    qsort(v, N, sizeof(v[0]), cmp_int_asc);
    int sorted = 1;
    for (int i = 1; i < N; i++)
        sorted &= v[i - 1] <= v[i];
    printf("asc sorted=%d first=%d last=%d sum=%08x\n", sorted, v[0], v[N - 1],
           checksum_ints(v, N));
    int hits = 0;
    for (int i = 0; i < N; i += 7) {
        int32_t *p = bsearch(&v[i], v, N, sizeof(v[0]), cmp_int_asc);
        hits += p && *p == v[i];
    }
    int32_t missing = 3;
    printf("bsearch hits=%d missing=%p\n", hits,
           (void *)bsearch(&missing, v, N, sizeof(v[0]), cmp_int_asc));
    qsort(v, N, sizeof(v[0]), cmp_int_desc);
    printf("desc first=%d last=%d sum=%08x\n", v[0], v[N - 1],
           checksum_ints(v, N));

    static const char *words[] = {
        "pear", "apple", "fig", "banana", "cherry", "apricot", "kiwi", "date",
        "elderberry", "grape", "lemon", "lime", "mango", "Zebra", "ant", "",
    };
    enum { NW = sizeof(words) / sizeof(words[0]) };
    qsort(words, NW, sizeof(words[0]), cmp_str);
    for (unsigned i = 0; i < NW; i++)
        printf("%s%s", i ? " " : "", words[i]);
    printf("\n");

    enum { NR = 1000 };
    static struct record recs[NR];
    for (int i = 0; i < NR; i++) {
        recs[i].group = (uint16_t)(rng() % 10);
        recs[i].key = (int32_t)(rng() % 100) - 50;
        snprintf(recs[i].name, sizeof(recs[i].name), "r%05u", rng() % 100000);
    }
    qsort(recs, NR, sizeof(recs[0]), cmp_record);
    uint32_t h = 0;
    for (int i = 0; i < NR; i++) {
        h = h * 31 + recs[i].group * 1000u + (uint32_t)recs[i].key;
        for (const char *c = recs[i].name; *c; c++)
            h = h * 7 + (unsigned char)*c;
    }
    printf("records first=%u/%d/%s last=%u/%d/%s hash=%08x\n", recs[0].group,
           recs[0].key, recs[0].name, recs[NR - 1].group, recs[NR - 1].key,
           recs[NR - 1].name, h);

    int32_t (*const ops[])(int32_t, int32_t) = {
        op_add, op_sub, op_mul, op_xor, op_max,
    };
    int32_t acc = 1;
    for (int i = 0; i < 1000; i++)
        acc = ops[rng() % 5](acc, (int32_t)(rng() % 1000) - 500);
    printf("function table acc=%08x\n", (uint32_t)acc);
    return 0;
}
