// loop-alloc negative: an allocation guarded by a once-per-run flag of the
// inner loop (issue 10 item 3). The flag is reset before the inner loop and
// set right after the allocation, which the inner loop keeps and frees only
// after it ends (SQLite sqlite3_exec's azCols, allocated when
// !callbackIsInit for each statement): the allocation runs once per
// iteration of the outer loop, next to the inner loop it prepares, not once
// per inner iteration, and its size comes from data each outer iteration
// produces. Like lazy initialisation on a null pointer, no finding.
// Positive: the flag is a value the inner loop recomputes (and the block is
// freed in the loop): the allocation may then run on any inner iteration.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdlib.h>

struct stmt;
int step(struct stmt *s);
int column_count(struct stmt *s);
char *column_name(struct stmt *s, int i);
int row_says_reset(struct stmt *s);
int callback(void *arg, int n, char **cols);

int exec_all(struct stmt **stmts, int nstmt, void *arg) {
    char **cols = NULL;
    for (int k = 0; k < nstmt; k++) {
        int nc = 0, inited = 0;
        while (step(stmts[k])) {
            if (!inited) {
                nc = column_count(stmts[k]);
                cols = malloc((size_t)(2 * nc + 1) * sizeof *cols);
                if (!cols)
                    return -1;
                for (int i = 0; i < nc; i++)
                    cols[i] = column_name(stmts[k], i);
                inited = 1;
            }
            if (callback(arg, nc, cols))
                break;
        }
        free(cols);
        cols = NULL;
    }
    return 0;
}

int exec_recomputed(struct stmt **stmts, int nstmt, void *arg) {
    char **cols = NULL;
    for (int k = 0; k < nstmt; k++) {
        int nc = 0, inited = 0;
        while (step(stmts[k])) {
            if (!inited) {
                nc = column_count(stmts[k]);
                cols = malloc((size_t)(2 * nc + 1) * sizeof *cols);
                // REMARK: loopalloc_once_flag.c:[[@LINE-1]]:24: remark: malloc runs inside a loop (depth 2, trip count unknown): {{.*}}[-Rpass-missed=perfadvise-loopalloc]
                // JSON: FINDING loop-alloc fn=exec_recomputed at=loopalloc_once_flag.c:[[@LINE-2]]:24
                if (!cols)
                    return -1;
                for (int i = 0; i < nc; i++)
                    cols[i] = column_name(stmts[k], i);
            }
            if (callback(arg, nc, cols))
                break;
            free(cols);
            cols = NULL;
            inited = row_says_reset(stmts[k]) == 0;
        }
        free(cols);
        cols = NULL;
    }
    return 0;
}

// The same guard in SQLite's form: the test of the flag is also part of a
// compound condition (a final row-less callback), which -O2 folds into a
// select the model does not read. Every path from the allocation back to
// the loop sets the flag first, so it still runs once per statement.
#define ROW 100
#define DONE 101
int step_rc(struct stmt *s);

int exec_compound(struct stmt **stmts, int nstmt, void *arg, int want_empty) {
    char **cols = NULL;
    for (int k = 0; k < nstmt; k++) {
        int nc = 0, inited = 0;
        while (1) {
            int rc = step_rc(stmts[k]);
            if (rc == ROW || (rc == DONE && !inited && want_empty)) {
                if (!inited) {
                    nc = column_count(stmts[k]);
                    cols = malloc((size_t)(2 * nc + 1) * sizeof *cols);
                    if (!cols)
                        return -1;
                    for (int i = 0; i < nc; i++)
                        cols[i] = column_name(stmts[k], i);
                    inited = 1;
                }
                if (callback(arg, nc, cols))
                    break;
            }
            if (rc != ROW)
                break;
        }
        free(cols);
        cols = NULL;
    }
    return 0;
}

// Positive: the flag is set only when a row says so, not on every path
// after the allocation: until then each row allocates again.
int exec_set_later(struct stmt **stmts, int nstmt, void *arg) {
    char **cols = NULL;
    for (int k = 0; k < nstmt; k++) {
        int nc = 0, inited = 0;
        while (step(stmts[k])) {
            if (!inited) {
                nc = column_count(stmts[k]);
                cols = malloc((size_t)(2 * nc + 1) * sizeof *cols);
                // REMARK: loopalloc_once_flag.c:[[@LINE-1]]:24: remark: malloc runs inside a loop (depth 2, trip count unknown){{.*}}[-Rpass-missed=perfadvise-loopalloc]
                // JSON: FINDING loop-alloc fn=exec_set_later at=loopalloc_once_flag.c:[[@LINE-2]]:24
                if (!cols)
                    return -1;
            }
            if (callback(arg, nc, cols))
                break;
            if (row_says_reset(stmts[k]))
                inited = 1;
        }
        free(cols);
        cols = NULL;
    }
    return 0;
}
