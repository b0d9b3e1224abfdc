/* examples/cmake-project/src/main.c — kvtool: puts a few keys and prints them. */
#include "kv.h"

int main(int argc, char **argv)
{
    (void)argv;
    int keys[16];
    for (int i = 0; i < 16; i++) {
        keys[i] = i * argc;
        kv_put(keys[i], i);
    }
    kv_journal_compact();
    return kv_format_all(keys, 16, stdout) > 0 ? 0 : 1;
}
