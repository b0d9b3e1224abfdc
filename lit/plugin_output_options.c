// Where the findings file goes: PERFADVISE_OUTPUT_DIR, or -mllvm
// -perfadvise-output=DIR (plugin loaded early too), which wins. Nested
// directories are created. Without either, no file is written.
// RUN: rm -rf %t.env %t.flag %t.none && mkdir -p %t.none
// RUN: env PERFADVISE_OUTPUT_DIR=%t.env/a/b %clang -O2 -g %pa -c %s -o %t.o
// RUN: ls %t.env/a/b | FileCheck %s --check-prefix=ENV
// RUN: env PERFADVISE_OUTPUT_DIR=%t.env2 %clang -O2 -g -Xclang -load -Xclang %plugin %pa -mllvm -perfadvise-output=%t.flag -c %s -o %t.o
// RUN: ls %t.flag | FileCheck %s --check-prefix=FLAG
// RUN: not ls %t.env2
// RUN: cd %t.none && %clang -O2 -g %pa -c %s -o %t.o && ls -A %t.none | count 0
// ENV: plugin_output_options.c.{{[0-9a-f]+}}.json
// FLAG: plugin_output_options.c.{{[0-9a-f]+}}.json
int f(int x) { return x * 2; }
