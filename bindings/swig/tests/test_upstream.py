"""h11 0.16.0's own public-API tests, run against libh11 (see upstream.py
for how the sdist is fetched, rewritten and selected)."""

import upstream


def test_upstream_public_api_suite(record_property):
    passed, total, failed, output = upstream.run()
    record_property("upstream", f"{passed}/{total}")
    upstream.RESULT.append((passed, total))
    assert total == upstream.EXPECTED_SELECTED, output
    assert not failed, output
