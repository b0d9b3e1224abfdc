; The call profile's block frequencies (plugin/llvm/PerfAdvisePass.cpp,
; staticBlockFreqs) for a loop whose latch is a switch with an unreachable
; default, as clang writes a loop with cleanups before optimising it
; (librdkafka's rd_kafka_q_serve_rkmessages): the edge that leaves the loop
; still weighs 31 times less than the ones that go around (124:4), beside
; the unreachable default's weight, as BranchProbabilityInfo's estimated
; weights have it. Weighed by the estimate alone (1 : 0xfffff : 0xfffff :
; 0xfffff), a third of the loop left on each iteration, and its calls
; counted 3 times per call instead of ~63. The figures are
; BlockFrequencyInfo's (opt -passes='print<block-freq>': 63.0 and 1.0; the
; unreachable default weighs 1 here and 0 there).
; RUN: rm -rf %t.d && mkdir -p %t.d
; RUN: env PERFADVISE_OUTPUT_DIR=%t.d %opt -load-pass-plugin=%plugin -passes=perfadvise-late -disable-output %s
; RUN: %jq %t.d | FileCheck %s
; CHECK: SUMMARY switch_latch call_sites=[{"callee": "in_loop_sink", "executions_per_call": 62.99{{[0-9]*}}},{{.*}}{"callee": "after_loop_sink", "executions_per_call": {{1|0.999[0-9]*}}}]

declare void @in_loop_sink()
declare void @after_loop_sink()
declare i32 @next_state()

define void @switch_latch() {
entry:
  br label %loop

loop:
  call void @in_loop_sink()
  %s = call i32 @next_state()
  switch i32 %s, label %bad [
    i32 0, label %loop
    i32 3, label %out
    i32 2, label %loop
  ]

bad:
  unreachable

out:
  call void @after_loop_sink()
  ret void
}
