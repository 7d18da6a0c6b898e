# The vectors again, against libh11 built without its SIMD paths
# (H11_NO_SIMD): the scalar twin must behave exactly like the vector code.
add_library(h11_scalar STATIC EXCLUDE_FROM_ALL)
list(TRANSFORM H11_SOURCES PREPEND "${PROJECT_SOURCE_DIR}/" OUTPUT_VARIABLE h11_scalar_sources)
target_sources(h11_scalar PRIVATE ${h11_scalar_sources})
target_compile_definitions(h11_scalar PUBLIC H11_STATIC PRIVATE H11_NO_SIMD)
target_include_directories(h11_scalar
    PUBLIC "${PROJECT_SOURCE_DIR}/libh11/include"
    PRIVATE "${PROJECT_SOURCE_DIR}/libh11/src")

add_executable(vector_runner_scalar vector_runner.c)
target_link_libraries(vector_runner_scalar PRIVATE h11_scalar PkgConfig::JANSSON)
add_test(NAME vectors_scalar
         COMMAND vector_runner_scalar "${CMAKE_CURRENT_SOURCE_DIR}/vectors")
