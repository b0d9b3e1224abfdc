#include <stdlib.h>
void use(char *);
void top_work(int n) { for (int i = 0; i < n; i++) { char *p = malloc(64); use(p); free(p); } }
