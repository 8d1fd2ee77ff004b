/*
 * loop-regions.c: the program of tests/tcg/x86_64/loop-regions.c built
 * with -m32 (x87 stack shape and SSE flags at i386 side exits included).
 *
 * CFLAGS: -O2 -mno-red-zone -msse2 -pthread
 */
#include "../x86_64/loop-regions.c"
