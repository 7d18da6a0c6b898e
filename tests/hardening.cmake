# Hardening suites (issue 6): resource bounds and the opt-in strict mode.
h11_add_check_test(test_bounds test_bounds.c)
h11_add_check_test(test_strict test_strict.c)
