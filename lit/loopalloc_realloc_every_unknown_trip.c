// loop-alloc "realloc runs on every iteration" (issue 10 items 7 and 9):
// with no trip count the loop may run once or twice (one pass per level of
// an on-disk tree, ending when a page says it is the root: SQLite's
// fts5DlidxIterInit), so the copying may be negligible; the finding says
// so with low confidence, which caps its rank at Low and makes the remark
// an analysis remark (-Rpass-analysis). With a trip count
// (iter_n: at most n) the confidence is not lowered.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
typedef struct Lvl { void *pData; int iOff; int bEof; } Lvl;
typedef struct Iter { int nLvl; int iSegid; Lvl aLvl[]; } Iter;
#define SZ_ITER(n) (offsetof(Iter, aLvl) + (n) * sizeof(Lvl))
extern void *read_page(int segid, int lvl);
extern int is_root(void *page);
Iter *iter_init(int *rc, int segid) {
    Iter *pIter = 0;
    int bDone = 0;
    for (int i = 0; *rc == 0 && bDone == 0; i++) {
        long long nByte = SZ_ITER(i + 1);
        Iter *pNew = realloc(pIter, nByte);
        // REMARK: loopalloc_realloc_every_unknown_trip.c:[[@LINE-1]]:22: remark: realloc runs on every iteration of a loop (depth 1, trip count unknown){{.*}}iter_init(){{.*}}[-Rpass-analysis=perfadvise-loopalloc]
        // JSON: FINDING loop-alloc fn=iter_init at=loopalloc_realloc_every_unknown_trip.c:[[@LINE-2]]:22 {{.*}}confidence=low confidence_reason=the trip count is unknown
        if (!pNew) {
            *rc = 7;
        } else {
            Lvl *pLvl = &pNew->aLvl[i];
            pIter = pNew;
            memset(pLvl, 0, sizeof *pLvl);
            pLvl->pData = read_page(segid, i);
            if (pLvl->pData && is_root(pLvl->pData))
                bDone = 1;
            pIter->nLvl = i + 1;
        }
    }
    return pIter;
}

Iter *iter_n(int n, int segid) {
    Iter *pIter = 0;
    for (int i = 0; i < n; i++) {
        long long nByte = SZ_ITER(i + 1);
        Iter *pNew = realloc(pIter, nByte);
        // REMARK: loopalloc_realloc_every_unknown_trip.c:[[@LINE-1]]:22: remark: realloc runs on every iteration of a loop (depth 1, trip count at most n){{.*}}iter_n(){{.*}}[-Rpass-missed=perfadvise-loopalloc]
        // JSON: FINDING loop-alloc fn=iter_n at=loopalloc_realloc_every_unknown_trip.c:[[@LINE-2]]:22
        // JSON-NOT: confidence=low
        if (!pNew)
            break;
        pIter = pNew;
        pIter->aLvl[i].pData = read_page(segid, i);
        pIter->nLvl = i + 1;
    }
    return pIter;
}
