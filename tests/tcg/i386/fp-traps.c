/*
 * fp-traps.c: unmasked SSE and x87 exceptions on i386: the program of
 * tests/tcg/x86_64/fp-traps.c built with -m32.
 *
 * CFLAGS: -O2 -msse2
 */
#include "../x86_64/fp-traps.c"
