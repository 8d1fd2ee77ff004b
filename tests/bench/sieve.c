/* Memory streaming kernel: sieve of Eratosthenes over a large byte array. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 12;
    enum { N = 16 << 20 };
    static unsigned char composite[N];
    unsigned long count = 0, sum = 0;
    for (int r = 0; r < rounds; r++) {
        memset(composite, 0, N);
        count = 0;
        sum = 0;
        for (unsigned i = 2; i < N; i++) {
            if (composite[i])
                continue;
            count++;
            sum += i;
            for (unsigned j = i * 2; j < N; j += i)
                composite[j] = 1;
        }
    }
    printf("primes below %d: %lu sum mod 2^32 %lu\n", N, count,
           sum & 0xffffffffUL);
    return 0;
}
