// std::vector<std::mutex>: per-element guards, two different elements, and a
// guard per iteration are no double lock and nothing held at return.
// RUN: %clangxx -std=c++17 -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | count 0
#include <mutex>
#include <vector>
struct Graph {
  std::vector<std::mutex> node_locks;
  std::vector<int> marks;
  void connect(int a, int b) {
    if (a == b)
      return;
    std::unique_lock<std::mutex> la(node_locks[a]);
    std::unique_lock<std::mutex> lb(node_locks[b]);
    marks[a]++;
    marks[b]++;
  }
  void touch_all() {
    for (size_t i = 0; i < node_locks.size(); i++) {
      std::lock_guard<std::mutex> g(node_locks[i]);
      marks[i] = 0;
    }
  }
};
void use(Graph &g) { g.connect(1, 2); g.touch_all(); }
