# The vectors and the parsing and writing unit suites again, against libh11
# built without some of its SIMD paths: *_scalar without any (H11_NO_SIMD),
# *_sse2 without the AVX2 ones that a CPU with AVX2 would otherwise take
# (H11_NO_AVX2). Each narrower path must behave exactly like the widest.
list(TRANSFORM H11_SOURCES PREPEND "${PROJECT_SOURCE_DIR}/" OUTPUT_VARIABLE h11_variant_sources)
foreach(variant IN ITEMS scalar:H11_NO_SIMD sse2:H11_NO_AVX2)
    string(REPLACE ":" ";" parts "${variant}")
    list(GET parts 0 name)
    list(GET parts 1 define)
    add_library(h11_${name} STATIC EXCLUDE_FROM_ALL)
    target_sources(h11_${name} PRIVATE ${h11_variant_sources})
    target_compile_definitions(h11_${name} PUBLIC H11_STATIC PRIVATE ${define})
    target_include_directories(h11_${name}
        PUBLIC "${PROJECT_SOURCE_DIR}/libh11/include"
        PRIVATE "${PROJECT_SOURCE_DIR}/libh11/src")
    add_executable(vector_runner_${name} vector_runner.c)
    target_link_libraries(vector_runner_${name} PRIVATE h11_${name} PkgConfig::JANSSON)
    add_test(NAME vectors_${name}
             COMMAND vector_runner_${name} "${CMAKE_CURRENT_SOURCE_DIR}/vectors")
    foreach(suite IN ITEMS receivebuffer readers headers writers bounds)
        h11_add_check_test(test_${suite}_${name} LIB h11_${name} test_${suite}.c)
    endforeach()
endforeach()
