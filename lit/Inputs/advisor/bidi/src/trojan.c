#include <stdlib.h>
void check(int n) {
    for (int i = 0; i < n; i++) {
        char *p = malloc(8); /* ‮ } ⁦// skip⁩ */
        free(p);
    }
}
