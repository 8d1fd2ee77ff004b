/*
 * pty-ioctls.c: the terminal ioctls of tests/tcg/x86_64/pty-ioctls.c for
 * an i386 program.
 */
#include "../x86_64/pty-ioctls.c"
