/* advisor/lockgraph.h — the whole-program lock-order graph: every TU's nested
 * acquisitions plus calls made under a lock into functions (of any TU) whose
 * summaries say they lock; cycles that span translation units become
 * lock-order-inversion findings. */
#ifndef ADV_LOCKGRAPH_H
#define ADV_LOCKGRAPH_H

#include "advisor.h"
#include "util.h"

/* Bounds on the cycle search (Johnson-style enumeration per SCC). */
#define ADV_LG_MAX_CYCLE_LEN 8
#define ADV_LG_MAX_CYCLES 1000
#define ADV_LG_MAX_STEPS 2000000L
/* Bounds on interprocedural lock-set propagation. */
#define ADV_LG_MAX_LOCKS_PER_FUNCTION 64
#define ADV_LG_MAX_ROUNDS 32

typedef struct adv_lg_site {
    const char *function; /* where the inner lock is taken (or the call is made) */
    const char *demangled; /* readable name of function, or NULL */
    const char *callee;   /* the called function when the acquisition is in a call */
    pa_loc loc, outer_loc;
    const char *const *held; /* locks held there (may include the outer one) */
    size_t nheld;
    unsigned tu;
    bool foreign; /* known only from another TU's summary: the plugin could not see it */
} adv_lg_site;

typedef struct adv_lg_edge {
    int from, to; /* node indices: `to` acquired while `from` is held */
    adv_lg_site *sites;
    size_t nsites, cap;
    bool in_scc;      /* part of a strongly connected component (a potential cycle) */
    bool cross_cycle; /* part of a reported cross-TU cycle */
} adv_lg_edge;

typedef struct adv_lockgraph {
    const char **names; /* node -> lock class (arena strings of the set) */
    size_t nnodes, cap_nodes;
    adv_lg_edge *edges;
    size_t nedges, cap_edges;
    size_t cycles;       /* elementary cycles seen */
    size_t cross_cycles; /* of those, spanning TUs */
    size_t gated_cycles; /* of those, every order taken under one common lock */
    bool truncated;      /* a bound stopped the search */
    pa_map node_ids;     /* hash of a class name -> node (look up with the name) */
    pa_map edge_ids;     /* (from << 32 | to) -> edge index */
} adv_lockgraph;

/* Build the graph from s's lock edges and summaries. Returns 0, or -1 on out
 * of memory (g is then freed). */
int adv_lockgraph_build(const adv_set *s, adv_lockgraph *g);

/* Find cycles; add one lock-order-inversion finding per cycle that no
 * single TU saw whole and that no common gate lock orders (cross_tu = true;
 * reported at its first acquisition site, every site in the evidence).
 * Returns the number of findings added, or -1 on out of memory. */
int adv_lockgraph_report_cycles(adv_set *s, adv_lockgraph *g);

/* lock-in-loop across TUs: a loop calls, once per element (a summary's
 * loop_calls), a function of another TU whose summary (lock_calls) says it
 * takes and releases a lock on most calls, reached from an argument that is
 * the same on every iteration or named. One finding per call (cross_tu =
 * true). Returns the number added, or -1 on out of memory. */
int adv_lockgraph_report_loop_locks(adv_set *s);

void adv_lockgraph_free(adv_lockgraph *g);

#endif
