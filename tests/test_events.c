/*
 * Event validation (h11._events constructors) through h11_validator: method
 * and target grammar, status ranges, what is deliberately not validated, and
 * the planned reason-phrase deviation.
 *
 * Table rows come from h11 0.16.0, rendered as in h11_test_util.h:
 *   H11_REQUEST:  val(lambda: h11.Request(method=M, target=T,
 *                     headers=[(b"Host", b"a")], http_version=V))
 *   H11_INFORMATIONAL_RESPONSE / H11_RESPONSE:
 *                 val(lambda: h11.InformationalResponse / h11.Response(
 *                     status_code=S, headers=[], reason=R))
 */
#include "h11_test_util.h"

struct event_case {
    const char *name;
    int type;
    const char *method, *target, *version;
    int status;
    const char *reason;
    const char *want;
};

static const struct event_case event_cases[] = {
    {"method_get", H11_REQUEST, "GET", "/", "1.1", 0, NULL,
     "Request(GET / 1.1 [Host: a])"},
    {"method_lowercase_distinct", H11_REQUEST, "get", "/", "1.1", 0, NULL,
     "Request(get / 1.1 [Host: a])"},
    {"method_symbols", H11_REQUEST, "M-SEARCH", "*", "1.1", 0, NULL,
     "Request(M-SEARCH * 1.1 [Host: a])"},
    {"method_space", H11_REQUEST, "G T", "/", "1.1", 0, NULL,
     "Local 400: Illegal method characters"},
    {"method_empty", H11_REQUEST, "", "/", "1.1", 0, NULL,
     "Local 400: Illegal method characters"},
    {"method_del", H11_REQUEST, "GET\x7f", "/", "1.1", 0, NULL,
     "Local 400: Illegal method characters"},
    {"method_parens", H11_REQUEST, "(GET)", "/", "1.1", 0, NULL,
     "Local 400: Illegal method characters"},
    {"method_slash", H11_REQUEST, "GET/", "/", "1.1", 0, NULL,
     "Local 400: Illegal method characters"},
    {"target_empty", H11_REQUEST, "GET", "", "1.1", 0, NULL,
     "Local 400: Illegal target characters"},
    {"target_space", H11_REQUEST, "GET", "/ a", "1.1", 0, NULL,
     "Local 400: Illegal target characters"},
    {"target_absolute_with_fragment", H11_REQUEST, "GET", "http://a/b?c#d", "1.1", 0, NULL,
     "Request(GET http://a/b?c#d 1.1 [Host: a])"},
    {"target_authority", H11_REQUEST, "CONNECT", "example.com:443", "1.1", 0, NULL,
     "Request(CONNECT example.com:443 1.1 [Host: a])"},
    {"target_del", H11_REQUEST, "GET", "/\x7f", "1.1", 0, NULL,
     "Local 400: Illegal target characters"},
    {"target_high_byte", H11_REQUEST, "GET", "/\x80", "1.1", 0, NULL,
     "Local 400: Illegal target characters"},
    {"target_tab", H11_REQUEST, "GET", "/\t", "1.1", 0, NULL,
     "Local 400: Illegal target characters"},
    {"target_tilde_quote", H11_REQUEST, "GET", "/~\"'<>", "1.1", 0, NULL,
     "Request(GET /~\"'<> 1.1 [Host: a])"},
    {"method_checked_before_target", H11_REQUEST, "G T", "", "1.1", 0, NULL,
     "Local 400: Illegal method characters"},
    {"version_not_validated", H11_REQUEST, "GET", "/", "junk", 0, NULL,
     "Request(GET / junk [Host: a])"},
    {"info_99", H11_INFORMATIONAL_RESPONSE, NULL, NULL, NULL, 99, "",
     "Local 400: InformationalResponse status_code should be in range [100, 200), not 99"},
    {"info_100", H11_INFORMATIONAL_RESPONSE, NULL, NULL, NULL, 100, "",
     "Info(100 1.1 \"\" [])"},
    {"info_199", H11_INFORMATIONAL_RESPONSE, NULL, NULL, NULL, 199, "",
     "Info(199 1.1 \"\" [])"},
    {"info_200", H11_INFORMATIONAL_RESPONSE, NULL, NULL, NULL, 200, "",
     "Local 400: InformationalResponse status_code should be in range [100, 200), not 200"},
    {"info_negative", H11_INFORMATIONAL_RESPONSE, NULL, NULL, NULL, -1, "",
     "Local 400: InformationalResponse status_code should be in range [100, 200), not -1"},
    {"response_199", H11_RESPONSE, NULL, NULL, NULL, 199, "",
     "Local 400: Response status_code should be in range [200, 1000), not 199"},
    {"response_200", H11_RESPONSE, NULL, NULL, NULL, 200, "",
     "Response(200 1.1 \"\" [])"},
    {"response_999", H11_RESPONSE, NULL, NULL, NULL, 999, "",
     "Response(999 1.1 \"\" [])"},
    {"response_1000", H11_RESPONSE, NULL, NULL, NULL, 1000, "",
     "Local 400: Response status_code should be in range [200, 1000), not 1000"},
    {"response_0", H11_RESPONSE, NULL, NULL, NULL, 0, "",
     "Local 400: Response status_code should be in range [200, 1000), not 0"},
    {"response_reason", H11_RESPONSE, NULL, NULL, NULL, 404, "Not Found",
     "Response(404 1.1 \"Not Found\" [])"},
    {"response_reason_high_bytes", H11_RESPONSE, NULL, NULL, NULL, 200, "\xe9t\xe9 \t ok",
     "Response(200 1.1 \"\\xe9t\\xe9 \\x09 ok\" [])"},
    {"info_reason", H11_INFORMATIONAL_RESPONSE, NULL, NULL, NULL, 103, "Early Hints",
     "Info(103 1.1 \"Early Hints\" [])"},
};

#define N_EVENT_CASES (sizeof event_cases / sizeof event_cases[0])

START_TEST(test_event_table)
{
    const struct event_case *ec = &event_cases[_i];
    h11_event *ev;
    if (ec->type == H11_REQUEST) {
        ev = tu_req(ec->method, ec->target, "Host", "a", NULL);
        ev->http_version = tu_b(ec->version);
    } else {
        ev = tu_resp_typed(ec->type, ec->status, NULL);
        ev->reason = tu_b(ec->reason);
    }
    const char *got = tu_validate(ev);
    if (strcmp(got, ec->want) != 0)
        ck_abort_msg("%s: want <%s> got <%s>", ec->name, ec->want, got);
}
END_TEST

/* h11.Request(method=b"G T", target=b"/", headers=[])
 * -> LocalProtocolError('Missing mandatory Host: header'): Host before method */
START_TEST(test_host_checked_before_method)
{
    ck_assert_str_eq(tu_validate(tu_req("G T", "/", NULL)), "Local 400: Missing mandatory Host: header");
}
END_TEST

/* h11.Response(status_code=99, headers=[(b"Transfer-Encoding", b"gzip")])
 * -> Local 501 'Only Transfer-Encoding: chunked is supported': headers first */
START_TEST(test_headers_checked_before_status)
{
    ck_assert_str_eq(tu_validate(tu_resp_typed(H11_RESPONSE, 99, "Transfer-Encoding", "gzip", NULL)),
                     "Local 501: Only Transfer-Encoding: chunked is supported");
}
END_TEST

/* h11.Request(method=b"GET", target=b"/", headers=[(b"Host", b"a")]).http_version
 * -> b'1.1' (the default, which an empty C http_version stands for) */
START_TEST(test_default_http_version)
{
    ck_assert_str_eq(tu_validate(tu_req("GET", "/", "Host", "a", NULL)), "Request(GET / 1.1 [Host: a])");
    ck_assert_str_eq(tu_validate(tu_resp(200, NULL)), "Response(200 1.1 \"\" [])");
    ck_assert_str_eq(tu_validate(tu_resp(100, NULL)), "Info(100 1.1 \"\" [])");
}
END_TEST

/* h11.Data(data=b"abc"), h11.EndOfMessage(), h11.ConnectionClosed() all
 * construct; Data is not validated at all. */
START_TEST(test_body_events_valid)
{
    ck_assert_str_eq(tu_validate(tu_data("abc")), "Data(\"abc\")");
    ck_assert_str_eq(tu_validate(tu_data("")), "Data(\"\")");
    ck_assert_str_eq(tu_validate(tu_eom(NULL)), "EOM([])");
    ck_assert_str_eq(tu_validate(tu_closed()), "Closed");
}
END_TEST

/* Planned deviation (b), docs/deviations.md: h11 writes a reason containing
 * CR or LF verbatim (header injection); libh11 rejects it at validation.
 * h11.Response(status_code=200, headers=[], reason=b"OK\r\nX: y") constructs. */
START_TEST(test_reason_with_crlf_rejected)
{
    h11_event *ev = tu_resp(200, NULL);
    ev->reason = tu_b("OK\r\nX: y");
    ck_assert_str_eq(tu_validate(ev), "Local 400: Illegal reason phrase characters");
    ev = tu_resp(101, NULL);
    ev->reason = tu_b("a\rb");
    ck_assert_str_eq(tu_validate(ev), "Local 400: Illegal reason phrase characters");
    ev = tu_resp(404, NULL);
    ev->reason = tu_b("a\nb");
    ck_assert_str_eq(tu_validate(ev), "Local 400: Illegal reason phrase characters");
}
END_TEST

/* Results, not events: NEED_DATA and PAUSED cannot be validated, nor can an
 * unknown type (h11 has no such event classes; TypeError in Python). */
START_TEST(test_non_event_types_rejected)
{
    static const int bad[] = {H11_NEED_DATA, H11_PAUSED, 8, -1, 1000};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        h11_event *ev = tu_data("x");
        ev->type = bad[i];
        ck_assert_str_eq(tu_validate(ev), "INVALID_ARGUMENT");
    }
}
END_TEST

/* A view with a NULL pointer and a non-zero length, or headers == NULL with
 * n_headers > 0, is not a byte string: rejected before any validation. */
START_TEST(test_inconsistent_views_rejected)
{
    h11_event *ev = tu_req("GET", "/", "Host", "a", NULL);
    ev->target.ptr = NULL;
    ck_assert_str_eq(tu_validate(ev), "INVALID_ARGUMENT");
    ev = tu_resp(200, NULL);
    ev->n_headers = 2;
    ck_assert_str_eq(tu_validate(ev), "INVALID_ARGUMENT");
    ev = tu_data("x");
    ev->data.ptr = NULL;
    ck_assert_str_eq(tu_validate(ev), "INVALID_ARGUMENT");
}
END_TEST

/* The flat layout: an odd number of header fields cannot form pairs, and a
 * response needs its version and reason fields. */
START_TEST(test_flat_layout_mismatch)
{
    static const char fields[] = "GET" "/" "1.1" "Host";
    static const uint32_t lens[] = {3, 1, 3, 4};
    h11_validator *v = NULL;
    ck_assert_int_eq(h11_validator_new(&v, NULL), H11_OK);
    const h11_event *n = NULL;
    ck_assert_int_eq(h11_validator_check_flat(v, H11_REQUEST, 0, (const uint8_t *)fields, lens, 4, &n),
                     H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_validator_check_flat(v, H11_RESPONSE, 200, (const uint8_t *)fields, lens, 1, &n),
                     H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_validator_check_flat(v, H11_REQUEST, 0, (const uint8_t *)fields, lens, 3, &n),
                     H11_ERR_LOCAL_PROTOCOL);
    ck_assert_str_eq(h11_validator_last_error_message(v, NULL), "Missing mandatory Host: header");
    h11_validator_del(v);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("events");
    TCase *tc = tcase_create("validator");
    tcase_add_loop_test(tc, test_event_table, 0, (int)N_EVENT_CASES);
    tcase_add_test(tc, test_host_checked_before_method);
    tcase_add_test(tc, test_headers_checked_before_status);
    tcase_add_test(tc, test_default_http_version);
    tcase_add_test(tc, test_body_events_valid);
    tcase_add_test(tc, test_reason_with_crlf_rejected);
    tcase_add_test(tc, test_non_event_types_rejected);
    tcase_add_test(tc, test_inconsistent_views_rejected);
    tcase_add_test(tc, test_flat_layout_mismatch);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
