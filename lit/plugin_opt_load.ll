; The plugin also runs under opt with the new pass manager, and reads old
; typed-pointer IR that opt upgrades.
; RUN: env PERFADVISE_DUMP_MODEL=1 %opt -load-pass-plugin=%plugin -passes=perfadvise -disable-output %s 2>&1 | FileCheck %s
; RUN: not %opt -load-pass-plugin=%plugin -passes=perfadvise-nonexistent -disable-output %s 2>&1 | FileCheck %s --check-prefix=BADPASS
; CHECK: module {{.*}} debug_info=0 functions=1
; CHECK: function f (f) params=1
; CHECK: op0 alloc malloc(16) -> v{{[0-9]+}} [malloc 16 bytes
; CHECK: op1 call use(v{{[0-9]+}})
; CHECK: op2 free free(v{{[0-9]+}}
; BADPASS: unknown pass name 'perfadvise-nonexistent'

declare i8* @malloc(i64)
declare void @free(i8*)
declare void @use(i8*)

define void @f(i32 %n) {
entry:
  %p = call i8* @malloc(i64 16)
  call void @use(i8* %p)
  call void @free(i8* %p)
  ret void
}
