/*
 * far-transfer.c: far JMP, CALL and RET on i386: the program of
 * tests/tcg/x86_64/far-transfer.c built with -m32 (with the direct
 * ptr16:32 forms, which 64-bit code lacks).
 *
 * CFLAGS: -O2 -mno-red-zone -no-pie
 */
#include "../x86_64/far-transfer.c"
