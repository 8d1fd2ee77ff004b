/*
 * flags-across-tbs.c: the program of tests/tcg/x86_64/flags-across-tbs.c
 * built with -m32.
 *
 * CFLAGS: -O2 -mno-red-zone
 */
#include "../x86_64/flags-across-tbs.c"
