; Allocation attributes in IR from front ends other than clang (clang-19 puts
; allockind only on the C library functions it knows): allockind("alloc")
; with allocsize is an allocator, allockind("realloc") with an allocptr
; argument a reallocator, allockind("free") a deallocator of its allocptr
; argument. A function with none of them stays a plain call.
; RUN: env PERFADVISE_DUMP_MODEL=1 %opt -load-pass-plugin=%plugin -passes=perfadvise -disable-output %s 2>&1 | FileCheck %s
; CHECK: function f (f) params=1
; CHECK: op0 alloc my_alloc(16) -> v{{[0-9]+}} [project 16 bytes
; CHECK: op1 call use(v{{[0-9]+}})
; CHECK: op2 alloc my_realloc(v{{[0-9]+}},64) -> v{{[0-9]+}} [realloc 64 bytes of v
; CHECK: op3 free my_free(v{{[0-9]+}}) ptr_arg=0
; CHECK: op4 call plain(

declare ptr @my_alloc(i64) allockind("alloc,uninitialized") allocsize(0)
declare ptr @my_realloc(ptr allocptr, i64) allockind("realloc") allocsize(1)
declare void @my_free(ptr allocptr) allockind("free")
declare ptr @plain(i64)
declare void @use(ptr)

define void @f(i32 %n) {
entry:
  %p = call ptr @my_alloc(i64 16)
  call void @use(ptr %p)
  %q = call ptr @my_realloc(ptr %p, i64 64)
  call void @my_free(ptr %q)
  %r = call ptr @plain(i64 8)
  call void @use(ptr %r)
  ret void
}
