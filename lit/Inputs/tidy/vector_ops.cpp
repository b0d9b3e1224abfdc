// Inputs of lit/tidy_parity.test: loops clang-tidy's
// performance-inefficient-vector-operation reports (push_back / emplace_back
// into a local vector in a counted for or a range-for, no reserve() first).
// perfadvise must report each of them too.
#include <array>
#include <map>
#include <string>
#include <utility>
#include <vector>

struct Item {
  int id;
  std::string name;
};

struct Pair {
  long a, b, c;
};

std::vector<int> counted_ints(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i)
    v.push_back(i * i);
  return v;
}

std::vector<int> constant_count() {
  std::vector<int> v;
  for (int i = 0; i < 1000; ++i)
    v.push_back(i);
  return v;
}

std::vector<int> range_ids(const std::vector<Item> &items) {
  std::vector<int> out;
  for (const Item &it : items)
    out.emplace_back(it.id);
  return out;
}

std::vector<Item> range_structs(const std::vector<Item> &items) {
  std::vector<Item> out;
  for (const Item &it : items)
    out.push_back(it);
  return out;
}

std::vector<std::string> range_strings(const std::vector<Item> &items) {
  std::vector<std::string> out;
  for (const Item &it : items)
    out.emplace_back(it.name);
  return out;
}

std::vector<Pair> range_pairs(const std::vector<long> &xs) {
  std::vector<Pair> out;
  for (long x : xs)
    out.push_back(Pair{x, x + 1, x + 2});
  return out;
}

std::vector<long> counted_longs(const long *xs, unsigned long n) {
  std::vector<long> out;
  for (unsigned long i = 0; i < n; i++)
    out.push_back(xs[i] * 2);
  return out;
}

long sum_local(const std::vector<int> &xs) {
  std::vector<int> doubled;
  for (int x : xs)
    doubled.push_back(2 * x);
  long s = 0;
  for (int d : doubled)
    s += d;
  return s;
}
