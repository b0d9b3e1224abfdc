// loop-alloc (C++): a std::string declared inside a loop body and built from
// empty by appends (issue 10 item 5). libstdc++ keeps a string's growth out
// of line (_M_append, _M_mutate, _M_replace_aux, reserve), so no operator new
// is seen in the loop; the string is rebuilt every iteration, and once its
// text passes the 15 bytes it holds inline each rebuild allocates. Declared
// before the loop and clear()ed, its capacity is reused.
// Findings (hoist, freed in the same iteration):
// - appends of a 30-byte literal and a name: surely past 15 bytes (missed);
// - appends of unknown length only: confidence low (analysis remark);
// - reserve(64) first: surely allocates;
// - built one char at a time in an inner loop: one finding, at the enclosing
//   loop whose body declares it (rebuilt per outer iteration).
// Non-findings:
// - declared before the loop and clear()ed (already reused);
// - a few constant bytes (stays inline: 4 bytes);
// - built and moved into a container (it allocates by design);
// - built and swapped into a kept string;
// - declared before the loop and appended on (amortised growth, no clear);
// - copied from a name, then appended: the copy's own finding (_M_create),
//   not a second one for the append;
// - temporaries of `"text " + name + ": " + status` (expressions, nothing
//   declared: their fix is appending the parts where the text goes);
// - a record holding the string, moved away whole;
// - a string an inlined helper builds in the caller's variable (its return
//   value): the helper makes a new one each call, wherever `k` lives.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <string>
#include <utility>
#include <vector>

void say(const char *s);

void keys(const char *const *names, int n) {
  for (int i = 0; i < n; i++) {
    std::string key;
    key.append("prefix/with/more/than/15/bytes");
    // REMARK: loopalloc_cxx_string_build.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: a standard container allocates (std::string append) once per iteration of a loop (depth 1, trip count {{.*}}declare it before the loop and clear() it each iteration so its capacity is reused [-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=_Z4keysPKPKci at=loopalloc_cxx_string_build.cpp:[[@LINE-2]]:{{[0-9]+}} {{.*}}advice=hoist {{.*}}freed=same-iteration growth=per-iteration loop_depth=1
    key += names[i];
    say(key.c_str());
  }
}

void joined(const char *const *names, int n) {
  for (int i = 0; i < n; i++) {
    std::string key;
    key += names[i];
    // REMARK: loopalloc_cxx_string_build.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: a standard container allocates (std::string append) once per iteration {{.*}}[-Rpass-analysis=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=_Z6joinedPKPKci at=loopalloc_cxx_string_build.cpp:[[@LINE-2]]:{{[0-9]+}} {{.*}}advice=hoist {{.*}}confidence=low
    key.push_back('/');
    key += names[i + 1];
    say(key.c_str());
  }
}

void reserved(const char *const *names, int n) {
  for (int i = 0; i < n; i++) {
    std::string key;
    key.reserve(64);
    // REMARK: loopalloc_cxx_string_build.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: a standard container allocates (std::string reserve) once per iteration {{.*}}[-Rpass-missed=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=_Z8reservedPKPKci at=loopalloc_cxx_string_build.cpp:[[@LINE-2]]:{{[0-9]+}} {{.*}}advice=hoist {{.*}}freed=same-iteration
    key += names[i];
    say(key.c_str());
  }
}

void lines(const char *const *rows, int n, int width) {
  for (int i = 0; i < n; i++) {
    std::string line;
    for (int j = 0; j < width; j++)
      line.push_back(rows[i][j]);
    // REMARK: loopalloc_cxx_string_build.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: a standard container allocates (std::string push_back) {{.*}}[-Rpass-analysis=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=_Z5linesPKPKcii at=loopalloc_cxx_string_build.cpp:[[@LINE-2]]:{{[0-9]+}} {{.*}}advice=hoist {{.*}}confidence=low
    say(line.c_str());
  }
}

void hoisted(const char *const *names, int n) {
  std::string key;
  for (int i = 0; i < n; i++) {
    key.clear();
    key.append("prefix/with/more/than/15/bytes");
    key += names[i];
    say(key.c_str());
  }
}

void short_key(const char *const *names, int n) {
  for (int i = 0; i < n; i++) {
    std::string key;
    key.append("abc");
    key.push_back(names[i][0]);
    say(key.c_str());
  }
}

void moved(const char *const *names, int n, std::vector<std::string> *out) {
  for (int i = 0; i < n; i++) {
    std::string key;
    key.append("prefix/with/more/than/15/bytes");
    key += names[i];
    out->push_back(std::move(key));
  }
}

void swapped(const char *const *names, int n, std::string *kept) {
  for (int i = 0; i < n; i++) {
    std::string key;
    key.append("prefix/with/more/than/15/bytes");
    key += names[i];
    key.swap(kept[i]);
  }
}

void accumulated(const char *const *names, int n) {
  std::string all;
  for (int i = 0; i < n; i++) {
    all.append("prefix/with/more/than/15/bytes");
    all += names[i];
  }
  say(all.c_str());
}

void copied(const std::vector<std::string> &names) {
  for (size_t i = 0; i < names.size(); i++) {
    std::string s = names[i];
    // REMARK: loopalloc_cxx_string_build.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: a standard container allocates (std::string _M_create) once per iteration{{.*}}[-Rpass-analysis=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=_Z6copiedRKSt6vectorINSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEESaIS5_EE at=loopalloc_cxx_string_build.cpp:[[@LINE-2]]:{{[0-9]+}} {{.*}}confidence=low
    s += "/suffix/longer/than/fifteen";
    say(s.c_str());
  }
}

// Temporaries of an expression (operator+ builds a string from empty and
// moves it on): no declared string to hoist -> no finding.
std::string status_text(int i);
void messages(const std::string *dirs, int n, std::string *out) {
  for (int i = 0; i < n; i++)
    *out += "Can't list files in " + dirs[i] + ": " + status_text(i) + "\n";
}

void message_lines(const std::string *dirs, int n) {
  for (int i = 0; i < n; i++) {
    std::string line = "Can't list files in " + dirs[i] + ": missing\n";
    say(line.c_str());
  }
}

// Either branch may be the first growth: the finding does not depend on
// which one the analysis meets first (low: one side appends 2 bytes).
void branches(const char *const *names, int n, bool flag) {
  for (int i = 0; i < n; i++) {
    std::string key;
    if (flag)
      key += "ab";
    else
      key.append(names[i]);
    // REMARK: loopalloc_cxx_string_build.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: a standard container allocates (std::string append) once per iteration {{.*}}[-Rpass-analysis=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=_Z8branchesPKPKcib at=loopalloc_cxx_string_build.cpp:[[@LINE-2]]:{{[0-9]+}} {{.*}}advice=hoist {{.*}}confidence=low
    say(key.c_str());
  }
}

void branches_swapped(const char *const *names, int n, bool flag) {
  for (int i = 0; i < n; i++) {
    std::string key;
    if (flag)
      key.append(names[i]);
    // REMARK: loopalloc_cxx_string_build.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: a standard container allocates (std::string append) once per iteration {{.*}}[-Rpass-analysis=perfadvise-loopalloc]
    // JSON: FINDING loop-alloc fn=_Z16branches_swappedPKPKcib at=loopalloc_cxx_string_build.cpp:[[@LINE-2]]:{{[0-9]+}} {{.*}}advice=hoist {{.*}}confidence=low
    else
      key += "ab";
    say(key.c_str());
  }
}

// A record whose string member is built, then the record moved away whole
// (an out-of-line call taking it as an rvalue): built for someone else.
struct Rec {
  int id;
  std::string name;
};
void consume(Rec &&r);
void records(const char *const *names, int n) {
  for (int i = 0; i < n; i++) {
    Rec r;
    r.id = i;
    r.name.append("prefix/with/more/than/15/bytes");
    r.name += names[i];
    consume(std::move(r));
  }
}

// A callee's local built in the caller's variable (the return value
// optimisation of an inlined helper): hoisting `k` would not stop build()
// from making a new string each call.
static std::string build(const char *n) {
  std::string r;
  r.append("prefix/with/more/than/15/bytes");
  r += n;
  return r;
}
void built_by_helper(const char *const *names, int n) {
  for (int i = 0; i < n; i++) {
    std::string k = build(names[i]);
    say(k.c_str());
  }
}
