/* passes/profile.h — the facts behind the advisor's static profile: each
 * function's calls with their frequencies (summaries: call_sites, cold,
 * static) and, per finding, whether it lies on an error path (evidence:
 * error_path). The advisor (advisor/profile.c) joins the call sites of every
 * translation unit into a whole-program call graph. docs/findings-format.md
 * describes the keys; docs/scoring.md how they rank.
 * Exercised by tests/test_profile.c and lit/advisor_profile_rank.c. */
#ifndef PA_PROFILE_H
#define PA_PROFILE_H

#include "findings.h"
#include "model.h"

/* Write the module's call profiles (m->profiles) into the summaries of out:
 * `call_sites`, `cold`, `static`, `file`, and `once` for the functions of m
 * that pa_profile_body_runs_once. Returns 0, or -1 on out of memory. */
int pa_profile_write_summaries(const pa_module *m, pa_report *out);

/* Does f run its body once per program however often it is called: its
 * entry returns at once when a global flag is set (`if (initialized)
 * return;`), and f sets that flag and never stores zero into it (a
 * re-entrancy guard clears it again)? Lazy initialisation: libxml2's
 * xmlInitializeCatalog, SQLite's sqlite3_initialize. Its summary then says
 * `once` (pa_profile_write_summaries). */
bool pa_profile_body_runs_once(const pa_function *f);

/* Mark every finding of out made on m (finding.fn in m) whose op lies on an
 * error path: every way on from it leaves the function through a return of
 * a negative constant, a call that reports an error (a name such as
 * log_error, *_fail, a write to stderr) or a crash (noreturn, unreachable),
 * while the function's entry can return normally. Unwinding (an edge into
 * a landing pad) is no normal way on: a string built for an error reporter
 * that throws is on an error path although a cleanup resumes. Adds evidence
 * `error_path` {ends_in, what, location}. Returns 0, or -1 on out of memory. */
int pa_profile_mark_error_paths(const pa_module *m, pa_report *out);

/* Does a call to `callee` report an error (by its name: err, error, fatal,
 * panic, fail, warn, die, assert as a word of the name; perror)? */
bool pa_profile_error_call_name(const char *callee);

/* Does op o of f end a path as an error would: a call that reports an error
 * (by its name, or a write to stderr) or one that does not return? What such
 * a call does (allocate, block) is the error's cost, not the caller's. */
bool pa_profile_reports_error(const pa_function *f, const pa_op *o);

/* Is op o a printf-like log call (variadic, "log" a word of the callee's
 * name: sqlite3_log, syslog) made on some paths of f only (not in a loop
 * with a trip count the compiler states, on every trip: a dump)? What it
 * allocates formats a report of what happened on that path, not the
 * function's work: the lock analysis counts no allocation for it. It does
 * not end an error path: RocksDB logs its normal progress (ROCKS_LOG_INFO)
 * on the success side of a branch. */
bool pa_profile_logs_on_some_paths(const pa_function *f, const pa_op *o);

/* Either of the two above: a call whose allocation is a report's. */
bool pa_profile_report_call(const pa_function *f, const pa_op *o);

/* Answer the two questions above for every op of m now, into the ops
 * (pa_op.path_end, logs_some): the lock engine asks them of each call in
 * each of its runs, and each answer costs a split of the callee's name
 * into words and two searches of the function's blocks. Each name is
 * split once and each block searched once. The model must not change
 * afterwards (pa_model_link_calls calls this last). Returns 0, or -1 on
 * out of memory, when the ops not reached stay unfilled. */
int pa_profile_memo_ops(pa_module *m);

#endif
