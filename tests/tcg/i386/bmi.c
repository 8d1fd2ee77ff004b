/*
 * bmi.c: BMI1, BMI2 and ADX on i386: the program of tests/tcg/x86_64/bmi.c
 * built with -m32 (word-size forms are the 32-bit ones).
 *
 * CFLAGS: -O2 -mno-red-zone
 */
#include "../x86_64/bmi.c"
