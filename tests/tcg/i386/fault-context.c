/*
 * fault-context.c: the program of tests/tcg/x86_64/fault-context.c built
 * with -m32.
 */
#include "../x86_64/fault-context.c"
