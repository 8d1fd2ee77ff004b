/*
 * libc string and memory functions at every source/destination alignment
 * 0..7 and every length 0..64.  Each result is compared with a plain byte
 * loop; mismatches are printed one per line, and a checksum of all results
 * per function makes any silent difference visible too.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXLEN 64
#define BUFSZ (MAXLEN + 32)

static unsigned char src_buf[BUFSZ] __attribute__((aligned(16)));
static unsigned char dst_buf[BUFSZ] __attribute__((aligned(16)));
static unsigned char ref_buf[BUFSZ] __attribute__((aligned(16)));
static unsigned mismatches;

static uint32_t hash_bytes(uint32_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 16777619u;
    return h;
}

static void fill_pattern(unsigned char *buf, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        buf[i] = (unsigned char)(seed + i * 7 + 1);
}

static void report(const char *fn, int sa, int da, int len)
{
    mismatches++;
    printf("MISMATCH %s src_align=%d dst_align=%d len=%d\n", fn, sa, da, len);
}

static uint32_t test_memcpy(void)
{
    uint32_t h = 2166136261u;
    for (int sa = 0; sa < 8; sa++)
        for (int da = 0; da < 8; da++)
            for (int len = 0; len <= MAXLEN; len++) {
                fill_pattern(src_buf, BUFSZ, sa + len);
                memset(dst_buf, 0xee, BUFSZ);
                memset(ref_buf, 0xee, BUFSZ);
                memcpy(dst_buf + da, src_buf + sa, len);
                for (int i = 0; i < len; i++)
                    ref_buf[da + i] = src_buf[sa + i];
                if (memcmp(dst_buf, ref_buf, BUFSZ))
                    report("memcpy", sa, da, len);
                h = hash_bytes(h, dst_buf, BUFSZ);
            }
    return h;
}

/* Overlapping moves in both directions within one buffer. */
static uint32_t test_memmove(void)
{
    uint32_t h = 2166136261u;
    for (int sa = 0; sa < 8; sa++)
        for (int da = 0; da < 8; da++)
            for (int len = 0; len <= MAXLEN; len++) {
                unsigned char tmp[BUFSZ];
                fill_pattern(dst_buf, BUFSZ, len);
                memcpy(ref_buf, dst_buf, BUFSZ);
                memmove(dst_buf + da + 8, dst_buf + sa + 4, len);
                for (int i = 0; i < len; i++)
                    tmp[i] = ref_buf[sa + 4 + i];
                for (int i = 0; i < len; i++)
                    ref_buf[da + 8 + i] = tmp[i];
                if (memcmp(dst_buf, ref_buf, BUFSZ))
                    report("memmove", sa, da, len);
                h = hash_bytes(h, dst_buf, BUFSZ);
            }
    return h;
}

static uint32_t test_memset(void)
{
    uint32_t h = 2166136261u;
    for (int da = 0; da < 8; da++)
        for (int len = 0; len <= MAXLEN; len++) {
            int c = 0x80 + len;
            memset(dst_buf, 0x11, BUFSZ);
            memset(ref_buf, 0x11, BUFSZ);
            memset(dst_buf + da, c, len);
            for (int i = 0; i < len; i++)
                ref_buf[da + i] = (unsigned char)c;
            if (memcmp(dst_buf, ref_buf, BUFSZ))
                report("memset", 0, da, len);
            h = hash_bytes(h, dst_buf, BUFSZ);
        }
    return h;
}

static int sign(int v)
{
    return (v > 0) - (v < 0);
}

static int ref_strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return sign((unsigned char)*a - (unsigned char)*b);
}

/* Strings equal up to len, then differing at len (or ending there). */
static uint32_t test_strcmp_memcmp(void)
{
    uint32_t h = 2166136261u;
    char *a = (char *)src_buf, *b = (char *)dst_buf;
    for (int sa = 0; sa < 8; sa++)
        for (int da = 0; da < 8; da++)
            for (int len = 0; len <= MAXLEN; len++)
                for (int variant = 0; variant < 4; variant++) {
                    memset(src_buf, 0, BUFSZ);
                    memset(dst_buf, 0, BUFSZ);
                    for (int i = 0; i < len; i++)
                        a[sa + i] = b[da + i] = (char)('A' + (i * 5) % 50);
                    /* 0: equal; 1: a longer; 2: a bigger; 3: high bit */
                    if (variant == 1)
                        a[sa + len] = 'x';
                    else if (variant == 2) {
                        a[sa + len] = 'q';
                        b[da + len] = 'p';
                    } else if (variant == 3) {
                        a[sa + len] = 'a';
                        b[da + len] = (char)0xe9;
                    }
                    int r = sign(strcmp(a + sa, b + da));
                    int rm = sign(memcmp(a + sa, b + da, len + 1));
                    int rn = sign(strncmp(a + sa, b + da, len));
                    if (r != ref_strcmp(a + sa, b + da) || rm != r || rn != 0)
                        report("strcmp", sa, da, len);
                    h = h * 31 + (uint32_t)(r + 1) * 9 + (uint32_t)(rm + 1) * 3
                        + (uint32_t)(rn + 1);
                }
    return h;
}

static uint32_t test_strlen_strchr(void)
{
    uint32_t h = 2166136261u;
    char *s = (char *)src_buf;
    for (int sa = 0; sa < 8; sa++)
        for (int len = 0; len <= MAXLEN; len++) {
            memset(src_buf, 0, BUFSZ);
            for (int i = 0; i < len; i++)
                s[sa + i] = (char)('a' + i % 26);
            size_t n = strlen(s + sa);
            if (n != (size_t)len)
                report("strlen", sa, 0, len);
            h = h * 31 + (uint32_t)n;
            /* search for each letter, the terminator, and a missing byte */
            for (int c = 'a'; c <= 'z' + 1; c++) {
                char *p = strchr(s + sa, c == 'z' + 1 ? 0 : c);
                char *q = strrchr(s + sa, c == 'z' + 1 ? 0 : c);
                char *m = memchr(s + sa, c, len);
                long pi = p ? p - (s + sa) : -1;
                long qi = q ? q - (s + sa) : -1;
                long mi = m ? m - (s + sa) : -1;
                long want = c == 'z' + 1 ? len : (c - 'a' < len ? c - 'a' : -1);
                if (pi != want || mi != (c == 'z' + 1 ? -1 : want))
                    report("strchr", sa, c, len);
                h = h * 31 + (uint32_t)(pi + 1) + (uint32_t)(qi + 1) * 97
                    + (uint32_t)(mi + 1) * 7919;
            }
            char *dup = strdup(s + sa);
            if (strcmp(dup, s + sa))
                report("strdup", sa, 0, len);
            h = hash_bytes(h, dup, strlen(dup));
            free(dup);
        }
    return h;
}

static uint32_t test_strstr(void)
{
    static const char *const hay[] = {
        "", "a", "aaaaaaaab", "abababababac", "the quick brown fox jumps",
        "mississippi", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxy",
    };
    static const char *const needle[] = {
        "", "a", "b", "ab", "aab", "abac", "ssi", "issip", "fox", "jumps!",
        "xxxxy", "y", "the quick brown fox jumps", "zz",
    };
    uint32_t h = 2166136261u;
    for (unsigned i = 0; i < sizeof(hay) / sizeof(hay[0]); i++)
        for (unsigned j = 0; j < sizeof(needle) / sizeof(needle[0]); j++) {
            const char *p = strstr(hay[i], needle[j]);
            long at = p ? p - hay[i] : -1;
            printf("strstr(\"%s\", \"%s\") = %ld\n", hay[i], needle[j], at);
            h = h * 31 + (uint32_t)(at + 1);
        }
    return h;
}

static void test_misc(void)
{
    char buf[80];
    strcpy(buf, "hello");
    strcat(buf, ", ");
    strncat(buf, "world!", 16);
    printf("strcat: %s len=%zu\n", buf, strlen(buf));
    printf("strspn=%zu strcspn=%zu\n", strspn(buf, "leho"), strcspn(buf, ",w"));
    printf("strncpy pad: ");
    memset(buf, 'Z', sizeof(buf));
    strncpy(buf, "abc", 8);
    for (int i = 0; i < 10; i++)
        printf("%02x", (unsigned char)buf[i]);
    printf("\n");
    char tok[] = "a,b,,c;d";
    char *save = NULL;
    for (char *t = strtok_r(tok, ",;", &save); t; t = strtok_r(NULL, ",;", &save))
        printf("tok=%s\n", t);
}

int main(void)
{
    printf("memcpy %08x\n", test_memcpy());
    printf("memmove %08x\n", test_memmove());
    printf("memset %08x\n", test_memset());
    printf("strcmp %08x\n", test_strcmp_memcmp());
    printf("strlen/strchr %08x\n", test_strlen_strchr());
    printf("strstr %08x\n", test_strstr());
    test_misc();
    printf("mismatches %u\n", mismatches);
    return mismatches != 0;
}
