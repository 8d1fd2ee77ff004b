/*
 * sse-scalar.c: scalar double SSE2 arithmetic and MXCSR flags on i386:
 * the program of tests/tcg/x86_64/sse-scalar.c built with -m32.
 *
 * CFLAGS: -O2 -msse2
 */
#include "../x86_64/sse-scalar.c"
