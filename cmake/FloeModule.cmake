# floe_add_module(NAME SOURCES a.cc b.cc DEPS floe_common ... LIBS third-party-targets)
# Declares the static library floe_<NAME>. Headers are included as
# "<module>/<file>.h" from src/.
function(floe_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LIBS" ${ARGN})
  add_library(floe_${name} STATIC ${ARG_SOURCES})
  target_include_directories(floe_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(floe_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_LIBS})
endfunction()

# floe_add_test(NAME SOURCES x_test.cc DEPS floe_x [LABELS l1 l2])
# One GoogleTest executable registered with ctest (one ctest entry per test case).
function(floe_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} floe_testing GTest::gtest GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    FLOE_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    FLOE_FIXTURES_DIR="${PROJECT_SOURCE_DIR}/../shared/fixtures"
    FLOE_BINARY_DIR="${PROJECT_BINARY_DIR}")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS "${ARG_LABELS}")
endfunction()
