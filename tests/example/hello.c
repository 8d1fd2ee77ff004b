/*
 * The bundled example for `make run`: shows that it runs as a 32-bit
 * big-endian PowerPC Linux process.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

int main(int argc, char **argv)
{
    struct utsname u;
    uint32_t word = 0x01020304;
    unsigned char first;
    double x = 1.0;

    memcpy(&first, &word, 1);
    if (uname(&u) != 0) {
        perror("uname");
        return 1;
    }
    for (int i = 0; i < 20; i++) {
        x = x * 1.5 + 0.25;
    }
    printf("Hello from %s (uname -m)\n", u.machine);
    printf("byte order: %s (first byte of 0x01020304 is %d)\n",
           first == 1 ? "big-endian" : "little-endian", first);
    printf("pointer size: %zu bits\n", sizeof(void *) * 8);
    printf("argv[0] = %s, %d argument(s)\n", argv[0], argc - 1);
    printf("floating point: x = %.6f\n", x);
    return 0;
}
