// A node container's operator[] on a key a lookup just found inserts no
// node (DuckDB's QueryResult::DeduplicateColumns: `if (name_map.find(low)
// == name_map.end()) { name_map[low]++; } else { ... name_map[low] ... }`):
// on the side where find() found the key, operator[] only looks it up,
// also in a loop nested there (the renaming loop, which runs on every
// iteration of its own). An insert of a key no lookup checked, run on every
// iteration, is still reported (tally()), and so is one whose key changes
// after the lookup found it (extend(): `key += s; index[key]++`).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -std=c++14 -O2 -g %pa -c %s -o %t.o
// RUN: %jq %t.d | FileCheck %s --implicit-check-not="FINDING loop-alloc"
#include <string>
#include <unordered_map>
#include <vector>

std::string lower(const std::string &s);
void use(unsigned long n);

void dedupe(std::vector<std::string> &names)
{
    std::unordered_map<std::string, unsigned long> seen;
    for (auto &name : names) {
        std::string low = lower(name);
        if (seen.find(low) == seen.end()) {
            seen[low]++;
            continue;
        }
        std::string next = lower(name + "_" + std::to_string(seen[low]));
        // CHECK: FINDING loop-alloc fn=_Z6dedupeRSt6vectorINSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEESaIS5_EE at=loopalloc_cxx_key_found.cpp:[[@LINE-1]]:39 {{.*}}string
        while (seen.find(next) != seen.end()) {
            seen[low]++;
            next = lower(name + "_" + std::to_string(seen[low]));
            // CHECK: FINDING loop-alloc fn=_Z6dedupeRSt6vectorINSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEESaIS5_EE at=loopalloc_cxx_key_found.cpp:[[@LINE-1]]:31 {{.*}}string
        }
        name = next;
        seen[next]++;
    }
}

void tally(const std::vector<std::string> &words)
{
    std::unordered_map<std::string, unsigned long> counts;
    for (auto &w : words) {
        if (counts.count(w))
            counts[w]++;
        use(counts[w]);
        // CHECK: FINDING loop-alloc fn=_Z5tallyRKSt6vectorINSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEESaIS5_EE at=loopalloc_cxx_key_found.cpp:[[@LINE-1]]:
    }
}

void extend(std::unordered_map<std::string, unsigned long> *unused, const std::vector<std::string> &suffixes,
            std::string key)
{
    std::unordered_map<std::string, unsigned long> index;
    index[key] = 1;
    if (index.find(key) != index.end()) {
        for (auto &s : suffixes) {
            key += s;
            index[key]++;
            // CHECK: FINDING loop-alloc fn=_Z6extend{{[^ ]*}} at=loopalloc_cxx_key_found.cpp:[[@LINE-1]]:
        }
    }
    use(index.size());
}
