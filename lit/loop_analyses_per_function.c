// The dominator tree, loops and ScalarEvolution perfadvise reads a
// function's loops with are built for that function and freed after it
// (plugin/llvm/PerfAdvisePass.cpp, FunctionLoopAnalyses), not left in the
// pass manager's cache: nothing after the late phase asks for them, and
// there every function's ScalarEvolution used to live to the end of the
// pipeline. After the early phase only the dominator tree stays cached,
// for IPSCCP, which follows it in clang's pipeline and asks for every
// function's. The trip counts below ("n iterations") show that the loops
// were read with ScalarEvolution in both runs.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: %plain-clang -O2 -g -S -emit-llvm %s -o %t.ll
// RUN: %opt -load-pass-plugin=%plugin -debug-pass-manager -disable-output \
// RUN:   -passes='perfadvise-early,function(require<domtree>,require<loops>,require<scalar-evolution>)' %t.ll 2>&1 \
// RUN:   | FileCheck %s --check-prefix=EARLY
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %opt -load-pass-plugin=%plugin -debug-pass-manager -disable-output \
// RUN:   -passes='perfadvise-late,function(require<domtree>,require<loops>,require<scalar-evolution>)' %t.ll 2>&1 \
// RUN:   | FileCheck %s --check-prefix=LATE
// RUN: %jq %t.d | FileCheck %s --check-prefix=TRIPS
//
// The early phase reads locked_loop (it takes a lock) and leaves its tree:
// EARLY: Running pass: {{.*}}PerfAdvisePass on [module]
// EARLY: Running analysis: DominatorTreeAnalysis on locked_loop
// EARLY: Running pass: RequireAnalysisPass<{{.*}}DominatorTreeAnalysis{{.*}} on locked_loop
// EARLY-NOT: Running analysis: DominatorTreeAnalysis on locked_loop
// EARLY: Running pass: RequireAnalysisPass<{{.*}}LoopAnalysis{{.*}} on locked_loop
// EARLY-NEXT: Running analysis: LoopAnalysis on locked_loop
// EARLY-NEXT: Running pass: RequireAnalysisPass<{{.*}}ScalarEvolutionAnalysis{{.*}} on locked_loop
// EARLY-NEXT: Running analysis: ScalarEvolutionAnalysis on locked_loop
//
// The late phase (under opt the locks run late too) reads both and leaves
// none of the three:
// LATE: Running pass: {{.*}}PerfAdvisePass on [module]
// LATE: Running pass: RequireAnalysisPass<{{.*}}DominatorTreeAnalysis{{.*}} on locked_loop
// LATE-NEXT: Running analysis: DominatorTreeAnalysis on locked_loop
// LATE-NEXT: Running pass: RequireAnalysisPass<{{.*}}LoopAnalysis{{.*}} on locked_loop
// LATE-NEXT: Running analysis: LoopAnalysis on locked_loop
// LATE-NEXT: Running pass: RequireAnalysisPass<{{.*}}ScalarEvolutionAnalysis{{.*}} on locked_loop
// LATE-NEXT: Running analysis: ScalarEvolutionAnalysis on locked_loop
// LATE: Running pass: RequireAnalysisPass<{{.*}}DominatorTreeAnalysis{{.*}} on alloc_loop
// LATE-NEXT: Running analysis: DominatorTreeAnalysis on alloc_loop
// LATE-NEXT: Running pass: RequireAnalysisPass<{{.*}}LoopAnalysis{{.*}} on alloc_loop
// LATE-NEXT: Running analysis: LoopAnalysis on alloc_loop
// LATE-NEXT: Running pass: RequireAnalysisPass<{{.*}}ScalarEvolutionAnalysis{{.*}} on alloc_loop
// LATE-NEXT: Running analysis: ScalarEvolutionAnalysis on alloc_loop
//
// TRIPS-DAG: FINDING loop-alloc fn=alloc_loop {{.*}}trip_text=n
// TRIPS-DAG: FINDING lock-in-loop fn=locked_loop {{.*}}trip_text=n

#include <pthread.h>
#include <stdlib.h>

void work(int);
void keep(char *);

void locked_loop(pthread_mutex_t *m, int n)
{
    for (int i = 0; i < n; i++) {
        pthread_mutex_lock(m);
        work(i);
        pthread_mutex_unlock(m);
    }
}

void alloc_loop(int n)
{
    for (int i = 0; i < n; i++) {
        char *p = malloc(64);
        keep(p);
        free(p);
    }
}
