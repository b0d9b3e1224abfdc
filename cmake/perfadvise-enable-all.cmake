# perfadvise-enable-all.cmake — turn perfadvise on for a whole CMake build
# without editing it: CMake includes this file after the project's first
# project() call (docs/integration.md).
#   cmake -S . -B build -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
#         -DCMAKE_BUILD_TYPE=RelWithDebInfo \
#         -DCMAKE_PROJECT_INCLUDE=<prefix>/lib/cmake/PerfAdvise/perfadvise-enable-all.cmake
#   cmake --build build --target perfadvise-report
# Later project() calls (subprojects) include it again; the targets there
# already inherit the options, so it does nothing more.
get_property(_perfadvise_included GLOBAL PROPERTY _PERFADVISE_ENABLE_ALL_INCLUDED)
if(NOT _perfadvise_included)
  set_property(GLOBAL PROPERTY _PERFADVISE_ENABLE_ALL_INCLUDED TRUE)
  include("${CMAKE_CURRENT_LIST_DIR}/PerfAdviseConfig.cmake")
  perfadvise_enable_all()
endif()
unset(_perfadvise_included)
