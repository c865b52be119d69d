# SPDX-License-Identifier: MIT
# Replays the fuzz corpus in the normal build (any compiler, included from tests/): each
# fuzz/<name>_fuzzer.cpp is linked with replay_main.cpp into <name>_replay, and the CTest
# case fuzz.<name> runs it on every file of fuzz/corpus/<name>/ and fuzz/regressions/<name>/.
# Targets are found by file name, so a new fuzz target needs no line here.
file(GLOB UG_FUZZ_TARGET_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/fuzz/*_fuzzer.cpp)
foreach(source ${UG_FUZZ_TARGET_SOURCES})
    get_filename_component(file_name ${source} NAME_WE)
    string(REGEX REPLACE "_fuzzer$" "" name ${file_name})
    add_executable(${name}_replay ${source} ${CMAKE_SOURCE_DIR}/fuzz/replay_main.cpp)
    target_link_libraries(${name}_replay PRIVATE ug_core)
    target_compile_options(${name}_replay PRIVATE -Wall -Wextra -Wpedantic)
    add_test(NAME fuzz.${name}
             COMMAND ${name}_replay ${CMAKE_SOURCE_DIR}/fuzz/corpus/${name}
                     ${CMAKE_SOURCE_DIR}/fuzz/regressions/${name})
    set_tests_properties(fuzz.${name} PROPERTIES TIMEOUT 120)
endforeach()
