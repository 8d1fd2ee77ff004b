/*
 * f64-bits.h: an IEEE double and its 64-bit pattern, one to the other
 * (the IR keeps floating-point values as I64 bit patterns).
 */
#ifndef UTIL_F64_BITS_H
#define UTIL_F64_BITS_H

#include <stdint.h>
#include <string.h>

static inline double f64_of(uint64_t bits)
{
    double d;
    memcpy(&d, &bits, sizeof(d));
    return d;
}

static inline uint64_t f64_bits(double d)
{
    uint64_t bits;
    memcpy(&bits, &d, sizeof(bits));
    return bits;
}

#endif
