#!/usr/bin/env python3
# vdso-image.py IN.so OUT.c: the bytes of a guest vDSO as a C array for
# vdso.c (vdso_image, vdso_image_size).
import sys

data = open(sys.argv[1], 'rb').read()
with open(sys.argv[2], 'w') as out:
    out.write('/* Generated from %s by vdso-image.py. */\n'
              % sys.argv[1].split('/')[-1])
    out.write('#include <stddef.h>\n\n')
    out.write('const unsigned char vdso_image[] = {\n')
    for i in range(0, len(data), 12):
        out.write('   ' + ''.join(' 0x%02x,' % b for b in data[i:i + 12])
                  + '\n')
    out.write('};\n')
    out.write('const size_t vdso_image_size = sizeof(vdso_image);\n')
