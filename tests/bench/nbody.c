/* Floating-point kernel: n-body simulation (double, sqrt). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define NB 5
static double x[NB], y[NB], z[NB], vx[NB], vy[NB], vz[NB], m[NB];

static double energy(void)
{
    double e = 0;
    for (int i = 0; i < NB; i++) {
        e += 0.5 * m[i] * (vx[i] * vx[i] + vy[i] * vy[i] + vz[i] * vz[i]);
        for (int j = i + 1; j < NB; j++) {
            double dx = x[i] - x[j], dy = y[i] - y[j], dz = z[i] - z[j];
            e -= m[i] * m[j] / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

int main(int argc, char **argv)
{
    int steps = argc > 1 ? atoi(argv[1]) : 1000000;
    for (int i = 0; i < NB; i++) {
        x[i] = i * 1.5 - 3.0;
        y[i] = (i % 3) * 0.7;
        z[i] = (i % 2) * -0.4;
        vx[i] = 0.01 * (i - 2);
        vy[i] = 0.02 * ((i * 7) % 5 - 2);
        vz[i] = 0.005 * i;
        m[i] = 1.0 + i * 0.25;
    }
    printf("energy before %.9f\n", energy());
    const double dt = 0.001;
    for (int s = 0; s < steps; s++) {
        for (int i = 0; i < NB; i++)
            for (int j = i + 1; j < NB; j++) {
                double dx = x[i] - x[j], dy = y[i] - y[j], dz = z[i] - z[j];
                double d2 = dx * dx + dy * dy + dz * dz + 0.01;
                double mag = dt / (d2 * sqrt(d2));
                vx[i] -= dx * m[j] * mag; vy[i] -= dy * m[j] * mag;
                vz[i] -= dz * m[j] * mag; vx[j] += dx * m[i] * mag;
                vy[j] += dy * m[i] * mag; vz[j] += dz * m[i] * mag;
            }
        for (int i = 0; i < NB; i++) {
            x[i] += dt * vx[i]; y[i] += dt * vy[i]; z[i] += dt * vz[i];
        }
    }
    printf("energy after %.9f\n", energy());
    return 0;
}
