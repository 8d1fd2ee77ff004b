/*
 * vdso.c: the i386 vDSO and AT_SYSINFO: the program of
 * tests/tcg/x86_64/vdso.c built with -m32.
 */
#include "../x86_64/vdso.c"
