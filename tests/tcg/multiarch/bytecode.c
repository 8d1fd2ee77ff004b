/*
 * A small stack-machine interpreter and a tokenizer state machine: dense
 * switch statements compile to jump tables (indirect branches through a
 * table in memory).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum op {
    OP_PUSH, OP_POP, OP_DUP, OP_SWAP, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD,
    OP_AND, OP_OR, OP_XOR, OP_SHL, OP_SHR, OP_NEG, OP_JMP, OP_JZ, OP_JNZ,
    OP_LOAD, OP_STORE, OP_PRINT, OP_LT, OP_HALT,
};

static int32_t vars[8];

static int run(const int32_t *code, int32_t *result)
{
    int32_t stack[64];
    int sp = 0, pc = 0;
    long steps = 0;
    for (;;) {
        steps++;
        int32_t a, b;
        switch ((enum op)code[pc++]) {
        case OP_PUSH: stack[sp++] = code[pc++]; break;
        case OP_POP: sp--; break;
        case OP_DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case OP_SWAP: a = stack[sp - 1]; stack[sp - 1] = stack[sp - 2];
            stack[sp - 2] = a; break;
        case OP_ADD: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a + b; break;
        case OP_SUB: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a - b; break;
        case OP_MUL: b = stack[--sp]; a = stack[--sp];
            stack[sp++] = (int32_t)((uint32_t)a * (uint32_t)b); break;
        case OP_DIV: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a / b; break;
        case OP_MOD: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a % b; break;
        case OP_AND: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a & b; break;
        case OP_OR: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a | b; break;
        case OP_XOR: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a ^ b; break;
        case OP_SHL: b = stack[--sp]; a = stack[--sp];
            stack[sp++] = (int32_t)((uint32_t)a << (b & 31)); break;
        case OP_SHR: b = stack[--sp]; a = stack[--sp];
            stack[sp++] = (int32_t)((uint32_t)a >> (b & 31)); break;
        case OP_NEG: stack[sp - 1] = -stack[sp - 1]; break;
        case OP_JMP: pc = code[pc]; break;
        case OP_JZ: a = stack[--sp]; pc = a ? pc + 1 : code[pc]; break;
        case OP_JNZ: a = stack[--sp]; pc = a ? code[pc] : pc + 1; break;
        case OP_LOAD: stack[sp++] = vars[code[pc++]]; break;
        case OP_STORE: vars[code[pc++]] = stack[--sp]; break;
        case OP_PRINT: printf("  print %d\n", stack[--sp]); break;
        case OP_LT: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a < b; break;
        case OP_HALT:
            *result = sp ? stack[sp - 1] : 0;
            return (int)steps;
        default:
            printf("bad opcode at %d\n", pc - 1);
            return -1;
        }
    }
}

/* acc = rotl(acc, 3) ^ (i * i % 7) for i < 5000; prints every 1000th acc. */
static const int32_t prog_loop[] = {
    OP_PUSH, 0, OP_STORE, 0,            /* 0: i = 0 */
    OP_PUSH, 0, OP_STORE, 1,            /* 4: acc = 0 */
    OP_LOAD, 0, OP_PUSH, 5000, OP_LT,   /* 8: i < 5000 ? */
    OP_JZ, 55,                          /* 13: exit loop */
    OP_LOAD, 1, OP_PUSH, 3, OP_SHL,     /* 15: acc << 3 */
    OP_LOAD, 1, OP_PUSH, 29, OP_SHR, OP_OR, /* 20: | acc >> 29 */
    OP_LOAD, 0, OP_DUP, OP_MUL, OP_PUSH, 7, OP_MOD, OP_XOR, /* 26 */
    OP_STORE, 1,                        /* 34 */
    OP_LOAD, 0, OP_PUSH, 1000, OP_MOD,  /* 36: i % 1000 == 0 ? print */
    OP_JNZ, 46,                         /* 41 */
    OP_LOAD, 1, OP_PRINT,               /* 43 */
    OP_LOAD, 0, OP_PUSH, 1, OP_ADD, OP_STORE, 0, /* 46: i++ */
    OP_JMP, 8,                          /* 53 */
    OP_LOAD, 1, OP_HALT,                /* 55 */
};

/* Factorial of 12 by repeated multiplication, and a negative division. */
static const int32_t prog_fact[] = {
    OP_PUSH, 1, OP_STORE, 2, OP_PUSH, 12, OP_STORE, 3,
    OP_LOAD, 3, OP_JZ, 28,
    OP_LOAD, 2, OP_LOAD, 3, OP_MUL, OP_STORE, 2,
    OP_LOAD, 3, OP_PUSH, 1, OP_SUB, OP_STORE, 3, OP_JMP, 8,
    OP_LOAD, 2, OP_PRINT, OP_PUSH, -100, OP_PUSH, 7, OP_DIV, OP_PRINT,
    OP_PUSH, -100, OP_PUSH, 7, OP_MOD, OP_NEG, OP_HALT,
};

enum tok { T_SPACE, T_WORD, T_NUMBER, T_PUNCT };

/* Counts words, numbers (with hex) and punctuation runs. */
static void tokenize(const char *s)
{
    enum { S_START, S_WORD, S_DEC, S_ZERO, S_HEX, S_PUNCT } st = S_START;
    int words = 0, numbers = 0, puncts = 0;
    unsigned long numsum = 0, cur = 0;
    for (;; s++) {
        char c = *s;
        int is_alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        int is_digit = c >= '0' && c <= '9';
        int is_hex = is_digit || (c >= 'a' && c <= 'f');
        switch (st) {
        case S_WORD:
            if (is_alpha || is_digit)
                continue;
            break;
        case S_ZERO:
            if (c == 'x') { st = S_HEX; continue; }
            /* fall through */
        case S_DEC:
            if (is_digit) { cur = cur * 10 + (unsigned long)(c - '0'); st = S_DEC; continue; }
            numsum += cur;
            break;
        case S_HEX:
            if (is_hex) { cur = cur * 16 + (unsigned long)(is_digit ? c - '0' : c - 'a' + 10); continue; }
            numsum += cur;
            break;
        case S_PUNCT:
            if (c && !is_alpha && !is_digit && c != ' ')
                continue;
            break;
        case S_START:
            break;
        }
        if (!c)
            break;
        if (is_alpha) { st = S_WORD; words++; }
        else if (c == '0') { st = S_ZERO; numbers++; cur = 0; }
        else if (is_digit) { st = S_DEC; numbers++; cur = (unsigned long)(c - '0'); }
        else if (c == ' ') st = S_START;
        else { st = S_PUNCT; puncts++; }
    }
    printf("tokens: words=%d numbers=%d puncts=%d numsum=%lu\n", words, numbers,
           puncts, numsum);
}

int main(void)
{
    int32_t r;
    int steps = run(prog_loop, &r);
    printf("loop: result=%08x steps=%d\n", (uint32_t)r, steps);
    steps = run(prog_fact, &r);
    printf("fact: result=%d steps=%d\n", r, steps);
    tokenize("int main(void) { return 0x1f + 42 * 0 - 007; } // done!!");
    tokenize("a1 b2 c3 0xdeadbeef 12345678 ,,, ;; x_y_z");
    tokenize("");
    return 0;
}
