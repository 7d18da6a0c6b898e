# The shared test vectors (tests/vectors/*.json, expectations recorded from
# h11 0.16.0) run against libh11 through the public API only, so the runner
# links the shared library: the exported ABI is what the vectors check.
pkg_check_modules(JANSSON REQUIRED IMPORTED_TARGET jansson)

if(TARGET h11_shared)
    set(H11_VECTOR_LIB h11_shared)
else()
    set(H11_VECTOR_LIB h11_static)
endif()

add_executable(vector_runner vector_runner.c)
target_link_libraries(vector_runner PRIVATE ${H11_VECTOR_LIB} PkgConfig::JANSSON)

add_test(NAME vectors
         COMMAND vector_runner "${CMAKE_CURRENT_SOURCE_DIR}/vectors")
# The same expectations through h11_conn_send_flat, the pointer-free entry
# point cgo uses.
add_test(NAME vectors_flat
         COMMAND vector_runner --flat "${CMAKE_CURRENT_SOURCE_DIR}/vectors")
# And prepared once with h11_validator_prepare, then sent with
# h11_conn_send_prepared (a bad event is refused when it is prepared).
add_test(NAME vectors_prepared
         COMMAND vector_runner --prepared "${CMAKE_CURRENT_SOURCE_DIR}/vectors")
