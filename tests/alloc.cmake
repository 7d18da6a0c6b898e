# Allocation budget (issue 5): zero allocations per keep-alive cycle after
# warm-up, at most 1 KiB per idle connection; counted through h11_mem hooks.
h11_add_check_test(test_alloc test_alloc.c)
