/* examples/render.c — a report renderer with the allocation habits perfadvise
 * flags: a per-row buffer allocated inside the loop, a small scratch buffer
 * that never leaves its function, and a result grown one step at a time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct row { int id; double value; const char *label; };

/* loop-alloc: one malloc/free pair per row. */
size_t render_rows(const struct row *rows, int n, FILE *out)
{
    size_t written = 0;
    for (int i = 0; i < n; i++) {
        char *line = malloc(128);
        if (!line)
            return written;
        int len = snprintf(line, 128, "%6d  %-20s %12.3f\n", rows[i].id, rows[i].label, rows[i].value);
        written += fwrite(line, 1, (size_t)len, out);
        free(line);
    }
    return written;
}

/* loop-alloc at depth 2: a cell buffer per cell of a grid. */
size_t render_grid(const double *cells, int rows, int cols, FILE *out)
{
    size_t written = 0;
    for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
            char *cell = malloc(32);
            if (!cell)
                return written;
            int len = snprintf(cell, 32, "%8.2f ", cells[r * cols + c]);
            written += fwrite(cell, 1, (size_t)len, out);
            free(cell);
        }
        fputc('\n', out);
    }
    return written;
}

/* heap-to-stack: 64 constant bytes, freed on every path. */
int print_header(const char *title, FILE *out)
{
    char *header = malloc(64);
    if (!header)
        return -1;
    snprintf(header, 64, "== %s ==\n", title);
    int rc = fputs(header, out);
    free(header);
    return rc;
}

/* loop-realloc-growth: the buffer grows by 16 bytes per item (quadratic copying). */
char *join_labels(const struct row *rows, int n)
{
    char *joined = NULL;
    size_t size = 0;
    for (int i = 0; i < n; i++) {
        size += 16;
        char *grown = realloc(joined, size);
        if (!grown) {
            free(joined);
            return NULL;
        }
        joined = grown;
        snprintf(joined + size - 16, 16, "%s,", rows[i].label);
    }
    return joined; /* heap-escape via return: the caller owns it */
}
