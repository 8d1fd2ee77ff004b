/* Floating-point kernel: dense double matrix multiply (i-k-j order). */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 300;
    int reps = argc > 2 ? atoi(argv[2]) : 10;
    double *a = malloc(sizeof(double) * n * n);
    double *b = malloc(sizeof(double) * n * n);
    double *c = malloc(sizeof(double) * n * n);
    if (!a || !b || !c)
        return 1;
    for (int i = 0; i < n * n; i++) {
        a[i] = (i % 17) * 0.25 - 2.0;
        b[i] = (i % 13) * 0.5 - 3.0;
    }
    double trace = 0;
    for (int r = 0; r < reps; r++) {
        for (int i = 0; i < n * n; i++)
            c[i] = 0;
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++) {
                double aik = a[i * n + k];
                for (int j = 0; j < n; j++)
                    c[i * n + j] += aik * b[k * n + j];
            }
        for (int i = 0; i < n; i++)
            trace += c[i * n + i];
        a[r % (n * n)] += 1.0;
    }
    printf("matmul n=%d trace %.3f\n", n, trace);
    free(a);
    free(b);
    free(c);
    return 0;
}
