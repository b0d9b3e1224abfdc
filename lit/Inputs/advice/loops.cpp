// Inputs of lit/advisor_advice.test: one loop allocation per advice.
#include <cstdlib>
#include <cstring>
#include <vector>

struct Node {
  Node *next;
  int v;
};

std::vector<int> squares(const std::vector<int> &xs) {
  std::vector<int> out;
  for (int x : xs)
    out.push_back(x * x); // reserve
  return out;
}

long rows(int n, int m) {
  long s = 0;
  for (int i = 0; i < n; i++) {
    std::vector<int> row; // hoist + clear()
    for (int j = 0; j < m; j++)
      row.push_back(i * j);
    s += (long)row.size();
  }
  return s;
}

void consume(char *buf, int i);

void render(int n) {
  for (int i = 0; i < n; i++) {
    char *buf = (char *)malloc(128); // hoist
    consume(buf, i);
    free(buf);
  }
}

char *collect(const char **parts, int n) {
  char *out = NULL;
  size_t len = 0;
  for (int i = 0; i < n; i++) {
    size_t k = strlen(parts[i]);
    out = (char *)realloc(out, len + k + 1); // exact size: loop-realloc-growth
    memcpy(out + len, parts[i], k + 1);
    len += k;
  }
  return out;
}
