# Ordinary builds: each fuzz target becomes <name>_replay, run by ctest over
# fuzz/regressions/<name>/ (crashes found once) and the shared fixtures.
file(GLOB FLOE_FUZZ_REPLAY_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/fuzz/*_fuzz.cc)
foreach(src ${FLOE_FUZZ_REPLAY_SOURCES})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name}_replay ${src} ${PROJECT_SOURCE_DIR}/fuzz/replay_main.cc)
  target_link_libraries(${name}_replay PRIVATE floe_formats)
  add_dependencies(formats_tests ${name}_replay)
  set(inputs ${PROJECT_SOURCE_DIR}/fuzz/regressions/${name})
  if(name MATCHES "^parquet")
    list(APPEND inputs ${PROJECT_SOURCE_DIR}/../shared/fixtures/parquet/bad_data
         ${PROJECT_SOURCE_DIR}/../shared/fixtures/parquet/impala_bad_data)
  elseif(name MATCHES "^avro")
    list(APPEND inputs ${PROJECT_SOURCE_DIR}/../shared/fixtures/avro)
  endif()
  add_test(NAME ${name}_replay COMMAND ${name}_replay ${inputs})
  set_tests_properties(${name}_replay PROPERTIES LABELS "formats;fuzz")
endforeach()
