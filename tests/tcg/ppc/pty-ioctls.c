/*
 * pty-ioctls.c: the terminal ioctls of tests/tcg/x86_64/pty-ioctls.c for
 * PowerPC, whose request numbers differ (openpty failed before they were
 * there: gawk's |& with a pty, script, expect).  Expected output:
 * qemu-ppc's, with two lines corrected to the host's native run of the
 * same program (qemu 7.2 has no TIOCGPTLCK, and its TIOCGSID on the
 * child's new terminal gives the parent's session).
 */
#include "../x86_64/pty-ioctls.c"
