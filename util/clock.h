/*
 * clock.h: a monotonic clock in seconds, for the -d stats timings.
 */
#ifndef UTIL_CLOCK_H
#define UTIL_CLOCK_H

#include <time.h>

static inline double clock_monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

#endif
