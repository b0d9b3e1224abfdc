; The call profile's block frequencies (plugin/llvm/PerfAdvisePass.cpp,
; staticBlockFreqs) when branch weights (profile data, or a front end's
; own) give every edge that leaves a loop weight 0: what enters the loop
; still leaves it, so the block after the loop runs once per call, as after
; a loop whose exit weighs 1 (the control). Shares of 0/0 made it NaN, and
; every block after such a loop counted 0 calls. Written in IR: clang never
; puts weight 0 on an exit. A loop nothing leaves runs its header 4096
; times per entry, BlockFrequencyInfo's scale for an infinite loop (its own
; figure, 2^31, is that scale saturated); the control runs 101 times, as
; its weights 100:1 say.
; RUN: rm -rf %t.d && mkdir -p %t.d
; RUN: env PERFADVISE_OUTPUT_DIR=%t.d %opt -load-pass-plugin=%plugin -passes=perfadvise-late -disable-output %s
; RUN: %jq %t.d | FileCheck %s
; CHECK-DAG: SUMMARY exits_weigh_nothing call_sites=[{"callee": "in_loop_sink", "executions_per_call": 4096},{"callee": "after_loop_sink", "executions_per_call": 1}]
; CHECK-DAG: SUMMARY exit_weighs_one call_sites=[{"callee": "in_loop_sink", "executions_per_call": 101},{"callee": "after_loop_sink", "executions_per_call": 1}]
; Two exits of weight 0 share what entered: half each.
; CHECK-DAG: SUMMARY two_exits_weigh_nothing call_sites=[{"callee": "in_loop_sink", "executions_per_call": 4096},{"callee": "after_break_sink", "executions_per_call": 0.5},{"callee": "after_loop_sink", "executions_per_call": 0.5}]

declare void @in_loop_sink()
declare void @after_loop_sink()
declare void @after_break_sink()

define void @exits_weigh_nothing(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [0, %entry], [%i1, %loop]
  call void @in_loop_sink()
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %out, !prof !0
out:
  call void @after_loop_sink()
  ret void
}

define void @exit_weighs_one(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [0, %entry], [%i1, %loop]
  call void @in_loop_sink()
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %out, !prof !1
out:
  call void @after_loop_sink()
  ret void
}

define void @two_exits_weigh_nothing(i32 %n, i32 %k) {
entry:
  br label %loop
loop:
  %i = phi i32 [0, %entry], [%i1, %latch]
  call void @in_loop_sink()
  %stop = icmp eq i32 %i, %k
  br i1 %stop, label %brk, label %latch, !prof !2
latch:
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %out, !prof !0
brk:
  call void @after_break_sink()
  ret void
out:
  call void @after_loop_sink()
  ret void
}

!0 = !{!"branch_weights", i32 100, i32 0}
!1 = !{!"branch_weights", i32 100, i32 1}
!2 = !{!"branch_weights", i32 0, i32 100}
