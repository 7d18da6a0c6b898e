# Check unit tests: one executable per module area, all through the public
# API (h11.h); expected values come from h11 0.16.0 (see each file).
h11_add_check_test(test_headers test_headers.c)
h11_add_check_test(test_events test_events.c)
h11_add_check_test(test_receivebuffer test_receivebuffer.c)
h11_add_check_test(test_readers test_readers.c)
h11_add_check_test(test_writers test_writers.c)
h11_add_check_test(test_state test_state.c)
h11_add_check_test(test_connection SHARED test_connection.c)
