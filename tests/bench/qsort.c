/* Indirect-call kernel: qsort of records with a comparator, repeatedly. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct rec {
    uint32_t key;
    uint32_t tie;
    char pad[8];
};

static int cmp(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->tie > y->tie) - (x->tie < y->tie);
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 30;
    enum { N = 200000 };
    static struct rec v[N];
    uint32_t s = 1, h = 0;
    for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < N; i++) {
            s = s * 1664525u + 1013904223u;
            v[i].key = s >> 12;
            v[i].tie = (uint32_t)i;
        }
        qsort(v, N, sizeof(v[0]), cmp);
        for (int i = 0; i < N; i += 97)
            h = h * 31 + v[i].key + v[i].tie;
    }
    printf("qsort checksum %08x\n", h);
    return 0;
}
