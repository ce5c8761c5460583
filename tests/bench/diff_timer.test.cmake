# ctest test_bench_diff_timer: mvr-bench-diff (diff_timer.cpp) times the diff of two versions mvr imported and
# prints its one line of figures, natively and under node (RUN=node), so that scripts/bench's timer cannot rot.
# cmake [-DRUN=node] -DMVR=mvr -DTIMER=mvr-bench-diff -DWORK=DIR -P diff_timer.test.cmake
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
file(WRITE "${WORK}/two.json" "[{\"model\": \"m\", \"version\": 1, \"params\": {\"lr\": 0.1}},
 {\"model\": \"m\", \"version\": 2, \"params\": {\"lr\": 0.2}, \"metrics\": {\"auc\": 0.9}}]\n")
execute_process(COMMAND ${RUN} "${MVR}" --db "${WORK}/r.db" import "${WORK}/two.json"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "mvr import failed (${rc}): ${out}${err}")
endif()
execute_process(COMMAND ${RUN} "${TIMER}" --db "${WORK}/r.db" m@1 2 --runs 3
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "^timing runs=3 changes=2 diff_p50_ms=[0-9.]+ diff_p99_ms=[0-9.]+ load_diff_p50_ms=[0-9.]+ load_diff_p99_ms=[0-9.]+\n$")
  message(FATAL_ERROR "mvr-bench-diff m@1 2 --runs 3 gave (${rc}): ${out}${err}")
endif()
execute_process(COMMAND ${RUN} "${TIMER}" --db "${WORK}/r.db" m@1 m@3 --runs 3
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT err MATCHES "no version \"3\" of m")
  message(FATAL_ERROR "mvr-bench-diff m@1 m@3 should fail as mvr diff does, gave (${rc}): ${out}${err}")
endif()
execute_process(COMMAND ${RUN} "${TIMER}" --db "${WORK}/r.db" m@1 m@2
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "--runs takes a count")
  message(FATAL_ERROR "mvr-bench-diff without --runs should be a usage error, gave (${rc}): ${out}${err}")
endif()
message(STATUS "mvr-bench-diff: ok")
