// loop-alloc negative (C++): container growth and objects the loop keeps on
// purpose are not per-iteration allocations and there is no buffer to reuse:
// push_back into a parameter's vector or a member (amortised over the
// container's life; the caller may have reserved it), set insert into the
// caller's set or a returned local set (the nodes are the result; a tree
// cannot reserve), a string built and moved into a container, nodes linked
// into a list the function returns, a member vector clear()ed and refilled
// from a range (it keeps its capacity from the last round; DuckDB's
// GlobalSortState::CompleteMergeRound, where a member nulled after the
// loop made `this` look like an object built in place). The true finding nearby: a local vector
// filled in a counted loop without reserve() -> reserve.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
#include <memory>
#include <set>
#include <string>
#include <vector>

void use(const int *p, unsigned long n);

void fill_param(std::vector<int> *out, int n) {
  for (int i = 0; i < n; i++)
    out->push_back(i);
}

struct Acc {
  std::vector<int> v_;
  void add(int n) {
    for (int i = 0; i < n; i++)
      v_.push_back(i);
  }
};
void acc_add(Acc &a, int n) { a.add(n); }

void cross(const std::set<std::string> &a, std::set<std::string> *dst) {
  for (const auto &x : a)
    dst->insert(x + "!");
}

std::set<int> multiples(int n) {
  std::set<int> s;
  for (int i = 0; i < n; i++)
    s.insert(i * 7);
  return s;
}

void collect(std::vector<std::string> *out, const char *const *names, int n) {
  for (int i = 0; i < n; i++)
    out->push_back(std::string(names[i]) + ".ldb");
}

struct Block { long n; };
struct Merge {
  std::vector<std::unique_ptr<Block>> blocks;
  std::vector<long> temp;
  std::unique_ptr<Block> odd;
  void Complete() {
    blocks.clear();
    for (long t : temp)
      blocks.push_back(std::unique_ptr<Block>(new Block{t}));
    temp.clear();
    if (odd) {
      blocks.push_back(std::move(odd));
      odd = nullptr;
    }
  }
};
void complete(Merge &m) { m.Complete(); }

struct node {
  node *next;
  int v;
};
node *build(int n) {
  node *head = nullptr;
  for (int i = 0; i < n; i++)
    head = new node{head, i};
  return head;
}

void squares(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; i++)
    v.push_back(i * i);
  // REMARK: loopalloc_cxx_kept.cpp:[[@LINE-1]]:7: remark: a standard container grows (operator new) inside a loop {{.*}}reserve() the final size before the loop [-Rpass-missed=perfadvise-loopalloc]
  // JSON: FINDING loop-alloc fn=_Z7squaresi at=loopalloc_cxx_kept.cpp:[[@LINE-2]]:7 {{.*}}advice=reserve {{.*}}container=True
  use(v.data(), v.size());
}
