/*
 * Header validation and normalisation, through h11_validator (h11's
 * _headers.normalize_and_validate as run by the event constructors).
 *
 * Every row of the table below was produced by running h11 0.16.0:
 *   kind 'S': val(lambda: h11.Response(status_code=200, headers=H(*hdrs)))
 *   kind 'Q': val(lambda: h11.Request(method=b"GET", target=b"/",
 *                                     headers=H(*hdrs), http_version=version))
 *   kind 'T': val(lambda: h11.EndOfMessage(headers=H(*hdrs)))
 * with H(*a) = list(zip(a[0::2], a[1::2])) and val() rendering the event or
 * the exception as described in h11_test_util.h.
 */
#include "h11_test_util.h"

struct header_case {
    const char *name;
    char kind;
    const char *version;
    const char *hdrs[8];
    const char *want;
};

static const struct header_case header_cases[] = {
    {"token_all_tchars", 'S', NULL, {"!#$%&'*+-.^_`|~09AZaz", "x", NULL},
     "Response(200 1.1 \"\" [!#$%&'*+-.^_`|~09AZaz: x])"},
    {"name_space", 'S', NULL, {"Foo Bar", "x", NULL},
     "Local 400: Illegal header name b'Foo Bar'"},
    {"name_colon", 'S', NULL, {"Foo:", "x", NULL},
     "Local 400: Illegal header name b'Foo:'"},
    {"name_empty", 'S', NULL, {"", "x", NULL},
     "Local 400: Illegal header name b''"},
    {"name_trailing_space", 'S', NULL, {"Foo ", "x", NULL},
     "Local 400: Illegal header name b'Foo '"},
    {"name_del", 'S', NULL, {"Foo\x7f", "x", NULL},
     "Local 400: Illegal header name b'Foo\\x7f'"},
    {"name_high_byte", 'S', NULL, {"Fo\xe9", "x", NULL},
     "Local 400: Illegal header name b'Fo\\xe9'"},
    {"name_parens", 'S', NULL, {"(a)", "x", NULL},
     "Local 400: Illegal header name b'(a)'"},
    {"name_at", 'S', NULL, {"a@b", "x", NULL},
     "Local 400: Illegal header name b'a@b'"},
    {"name_quote", 'S', NULL, {"a\"b", "x", NULL},
     "Local 400: Illegal header name b'a\"b'"},
    {"name_tab", 'S', NULL, {"a\tb", "x", NULL},
     "Local 400: Illegal header name b'a\\tb'"},
    {"value_empty", 'S', NULL, {"X", "", NULL},
     "Response(200 1.1 \"\" [X: ])"},
    {"value_inner_ws", 'S', NULL, {"X", "a  b\tc", NULL},
     "Response(200 1.1 \"\" [X: a  b\\x09c])"},
    {"value_leading_space", 'S', NULL, {"X", " a", NULL},
     "Local 400: Illegal header value b' a'"},
    {"value_trailing_tab", 'S', NULL, {"X", "a\t", NULL},
     "Local 400: Illegal header value b'a\\t'"},
    {"value_cr", 'S', NULL, {"X", "a\rb", NULL},
     "Local 400: Illegal header value b'a\\rb'"},
    {"value_lf", 'S', NULL, {"X", "a\nb", NULL},
     "Local 400: Illegal header value b'a\\nb'"},
    {"value_crlf_injection", 'S', NULL, {"X", "a\r\nEvil: 1", NULL},
     "Local 400: Illegal header value b'a\\r\\nEvil: 1'"},
    {"value_vt", 'S', NULL, {"X", "a\x0b""b", NULL},
     "Local 400: Illegal header value b'a\\x0bb'"},
    {"value_ff", 'S', NULL, {"X", "a\x0c""b", NULL},
     "Local 400: Illegal header value b'a\\x0cb'"},
    {"value_del_and_high", 'S', NULL, {"X", "a\x7f\xff", NULL},
     "Response(200 1.1 \"\" [X: a\\x7f\\xff])"},
    {"value_ctl", 'S', NULL, {"X", "\x01", NULL},
     "Response(200 1.1 \"\" [X: \\x01])"},
    {"value_only_space", 'S', NULL, {"X", " ", NULL},
     "Local 400: Illegal header value b' '"},
    {"cl_simple", 'S', NULL, {"content-LENGTH", "5", NULL},
     "Response(200 1.1 \"\" [content-LENGTH: 5])"},
    {"cl_list_same", 'S', NULL, {"Content-Length", "0 , 0", NULL},
     "Response(200 1.1 \"\" [Content-Length: 0])"},
    {"cl_leading_zeros", 'S', NULL, {"Content-Length", "007", NULL},
     "Response(200 1.1 \"\" [Content-Length: 007])"},
    {"cl_list_conflict", 'S', NULL, {"Content-Length", "1, 2", NULL},
     "Local 400: conflicting Content-Length headers"},
    {"cl_trailing_comma", 'S', NULL, {"Content-Length", "5,", NULL},
     "Local 400: conflicting Content-Length headers"},
    {"cl_empty", 'S', NULL, {"Content-Length", "", NULL},
     "Local 400: bad Content-Length"},
    {"cl_plus", 'S', NULL, {"Content-Length", "+1", NULL},
     "Local 400: bad Content-Length"},
    {"cl_suffix", 'S', NULL, {"Content-Length", "1x", NULL},
     "Local 400: bad Content-Length"},
    {"cl_negative", 'S', NULL, {"Content-Length", "-1", NULL},
     "Local 400: bad Content-Length"},
    {"cl_20_digits", 'S', NULL, {"Content-Length", "99999999999999999999", NULL},
     "Response(200 1.1 \"\" [Content-Length: 99999999999999999999])"},
    {"cl_21_digits", 'S', NULL, {"Content-Length", "100000000000000000000", NULL},
     "Local 400: bad Content-Length"},
    {"cl_21_digits_leading_zero", 'S', NULL, {"Content-Length", "000000000000000000001", NULL},
     "Local 400: bad Content-Length"},
    {"cl_duplicate_collapsed", 'S', NULL, {"Content-Length", "5", "X", "y", "content-length", "5", NULL},
     "Response(200 1.1 \"\" [Content-Length: 5; X: y])"},
    {"cl_duplicate_conflict", 'S', NULL, {"Content-Length", "5", "Content-Length", "6", NULL},
     "Local 400: conflicting Content-Length headers"},
    {"cl_list_then_dup", 'S', NULL, {"Content-Length", "5, 5", "Content-Length", "5", NULL},
     "Response(200 1.1 \"\" [Content-Length: 5])"},
    {"te_lowercased", 'S', NULL, {"Transfer-ENCODING", "Chunked", NULL},
     "Response(200 1.1 \"\" [Transfer-ENCODING: chunked])"},
    {"te_gzip", 'S', NULL, {"Transfer-Encoding", "gzip", NULL},
     "Local 501: Only Transfer-Encoding: chunked is supported"},
    {"te_chunked_twice_in_list", 'S', NULL, {"Transfer-Encoding", "chunked, chunked", NULL},
     "Local 501: Only Transfer-Encoding: chunked is supported"},
    {"te_gzip_chunked", 'S', NULL, {"Transfer-Encoding", "gzip, chunked", NULL},
     "Local 501: Only Transfer-Encoding: chunked is supported"},
    {"te_two_headers", 'S', NULL, {"Transfer-Encoding", "chunked", "Transfer-Encoding", "chunked", NULL},
     "Local 501: multiple Transfer-Encoding headers"},
    {"te_and_cl_kept", 'S', NULL, {"Content-Length", "3", "Transfer-Encoding", "chunked", NULL},
     "Response(200 1.1 \"\" [Content-Length: 3; Transfer-Encoding: chunked])"},
    {"host_missing_11", 'Q', "1.1", {NULL},
     "Local 400: Missing mandatory Host: header"},
    {"host_missing_10", 'Q', "1.0", {NULL},
     "Request(GET / 1.0 [])"},
    {"host_missing_20", 'Q', "2.0", {NULL},
     "Request(GET / 2.0 [])"},
    {"host_twice", 'Q', "1.1", {"Host", "a", "host", "b", NULL},
     "Local 400: Found multiple Host: headers"},
    {"host_twice_10", 'Q', "1.0", {"Host", "a", "host", "b", NULL},
     "Local 400: Found multiple Host: headers"},
    {"host_uppercase", 'Q', "1.1", {"HOST", "a", NULL},
     "Request(GET / 1.1 [HOST: a])"},
    {"host_empty_value", 'Q', "1.1", {"Host", "", NULL},
     "Request(GET / 1.1 [Host: ])"},
    {"header_error_before_host", 'Q', "1.1", {"Bad Name", "x", NULL},
     "Local 400: Illegal header name b'Bad Name'"},
    {"cl_error_before_host", 'Q', "1.1", {"Content-Length", "x", NULL},
     "Local 400: bad Content-Length"},
    {"order_preserved", 'Q', "1.1", {"B", "1", "Host", "a", "A", "2", NULL},
     "Request(GET / 1.1 [B: 1; Host: a; A: 2])"},
    {"trailer_te_gzip", 'T', NULL, {"Transfer-Encoding", "gzip", NULL},
     "Local 501: Only Transfer-Encoding: chunked is supported"},
    {"trailer_bad_name", 'T', NULL, {"X Y", "1", NULL},
     "Local 400: Illegal header name b'X Y'"},
    {"trailer_ok", 'T', NULL, {"X-Checksum", "abc", NULL},
     "EOM([X-Checksum: abc])"},
    {"trailer_bad_cl", 'T', NULL, {"Content-Length", "1,2", NULL},
     "Local 400: conflicting Content-Length headers"},
};

#define N_HEADER_CASES (sizeof header_cases / sizeof header_cases[0])

static h11_event *build(const struct header_case *hc)
{
    const char *const *h = hc->hdrs;
    /* Up to three pairs: the table never needs more. */
    ck_assert(h[6] == NULL);
    h11_event *ev;
    switch (hc->kind) {
    case 'S': ev = tu_resp(200, h[0], h[1], h[2], h[3], h[4], h[5], NULL); break;
    case 'Q': ev = tu_req("GET", "/", h[0], h[1], h[2], h[3], h[4], h[5], NULL); break;
    default: ev = tu_eom(h[0], h[1], h[2], h[3], h[4], h[5], NULL); break;
    }
    if (hc->version)
        ev->http_version = tu_b(hc->version);
    return ev;
}

START_TEST(test_header_table)
{
    const struct header_case *hc = &header_cases[_i];
    const char *got = tu_validate(build(hc));
    if (strcmp(got, hc->want) != 0)
        ck_abort_msg("%s: want <%s> got <%s>", hc->name, hc->want, got);
}
END_TEST

/* val(lambda: h11.Response(status_code=200, headers=[(b"X", b"a\x00b")]))
 * -> Local 400: Illegal header value b'a\x00b' */
START_TEST(test_value_with_nul)
{
    h11_header h;
    memset(&h, 0, sizeof h);
    h.name = tu_b("X");
    h.value.ptr = (const uint8_t *)"a\0b";
    h.value.len = 3;
    h11_event *ev = tu_resp(200, NULL);
    ev->headers = &h;
    ev->n_headers = 1;
    ck_assert_str_eq(tu_validate(ev), "Local 400: Illegal header value b'a\\x00b'");
}
END_TEST

/* r = h11.Response(status_code=200, headers=[(b"X-Foo", b"1"), (b"CONTENT-length", b"2")])
 * r.headers.raw_items() -> [(b'X-Foo', b'1'), (b'CONTENT-length', b'2')]
 * list(r.headers)       -> [(b'x-foo', b'1'), (b'content-length', b'2')] */
START_TEST(test_names_lowercased_beside_raw)
{
    h11_validator *v = NULL;
    ck_assert_int_eq(h11_validator_new(&v, NULL), H11_OK);
    const h11_event *n = NULL;
    ck_assert_int_eq(h11_validator_check(v, tu_resp(200, "X-Foo", "1", "CONTENT-length", "2", NULL), &n),
                     H11_OK);
    ck_assert_uint_eq(n->n_headers, 2);
    ck_assert_mem_eq(n->headers[0].name.ptr, "x-foo", 5);
    ck_assert_mem_eq(n->headers[0].raw_name.ptr, "X-Foo", 5);
    ck_assert_mem_eq(n->headers[1].name.ptr, "content-length", 14);
    ck_assert_mem_eq(n->headers[1].raw_name.ptr, "CONTENT-length", 14);
    ck_assert_mem_eq(n->headers[1].value.ptr, "2", 1);
    h11_validator_del(v);
}
END_TEST

/* The header says raw_name wins over name when given; h11 has only one name
 * per pair, so this is the pair (raw_name, value):
 * h11.Response(status_code=200, headers=[(b"X-Raw", b"v")]).headers.raw_items()
 * -> [(b'X-Raw', b'v')] */
START_TEST(test_raw_name_used_when_given)
{
    h11_header h;
    memset(&h, 0, sizeof h);
    h.name = tu_b("ignored name");
    h.raw_name = tu_b("X-Raw");
    h.value = tu_b("v");
    h11_event *ev = tu_resp(200, NULL);
    ev->headers = &h;
    ev->n_headers = 1;
    ck_assert_str_eq(tu_validate(ev), "Response(200 1.1 \"\" [X-Raw: v])");
}
END_TEST

/* One validator checks many events: each result is independent of the last.
 * val(Response(200, [("Content-Length","1,2")])) -> Local 400: conflicting ...
 * then Response(200, [("Content-Length","0 , 0")]) -> [Content-Length: 0] */
START_TEST(test_validator_reusable_after_error)
{
    h11_validator *v = NULL;
    ck_assert_int_eq(h11_validator_new(&v, NULL), H11_OK);
    const h11_event *n = NULL;
    ck_assert_int_eq(h11_validator_check(v, tu_resp(200, "Content-Length", "1,2", NULL), &n),
                     H11_ERR_LOCAL_PROTOCOL);
    ck_assert_int_eq(h11_validator_last_error_status_hint(v), 400);
    ck_assert_str_eq(h11_validator_last_error_message(v, NULL), "conflicting Content-Length headers");
    ck_assert_int_eq(h11_validator_check(v, tu_resp(200, "Content-Length", "0 , 0", NULL), &n), H11_OK);
    ck_assert_str_eq(tu_fmt_event(n), "Response(200 1.1 \"\" [Content-Length: 0])");
    ck_assert_int_eq(h11_validator_check(v, tu_resp(200, "Transfer-Encoding", "gzip", NULL), &n),
                     H11_ERR_LOCAL_PROTOCOL);
    ck_assert_int_eq(h11_validator_last_error_status_hint(v), 501);
    h11_validator_del(v);
}
END_TEST

/* The flat layout carries the same event as the struct layout:
 * h11.Request(method=b"POST", target=b"/x", headers=[(b"Host", b"h"),
 *             (b"Content-Length", b"3, 3")]) -> Request(POST /x 1.1 [Host: h; Content-Length: 3]) */
START_TEST(test_check_flat_request)
{
    static const char fields[] = "POST" "/x" "1.1" "Host" "h" "Content-Length" "3, 3";
    static const uint32_t lens[] = {4, 2, 3, 4, 1, 14, 4};
    h11_validator *v = NULL;
    ck_assert_int_eq(h11_validator_new(&v, NULL), H11_OK);
    const h11_event *n = NULL;
    ck_assert_int_eq(h11_validator_check_flat(v, H11_REQUEST, 0, (const uint8_t *)fields, lens, 7, &n),
                     H11_OK);
    ck_assert_str_eq(tu_fmt_event(n), "Request(POST /x 1.1 [Host: h; Content-Length: 3])");
    h11_validator_del(v);
}
END_TEST

/* h11.Response(status_code=200, headers=[(b"Transfer-Encoding", b"gzip")])
 * -> Local 501 via the flat path too. */
START_TEST(test_check_flat_error)
{
    static const char fields[] = "1.1" "" "Transfer-Encoding" "gzip";
    static const uint32_t lens[] = {3, 0, 17, 4};
    h11_validator *v = NULL;
    ck_assert_int_eq(h11_validator_new(&v, NULL), H11_OK);
    const h11_event *n = NULL;
    ck_assert_int_eq(h11_validator_check_flat(v, H11_RESPONSE, 200, (const uint8_t *)fields, lens, 4, &n),
                     H11_ERR_LOCAL_PROTOCOL);
    ck_assert_int_eq(h11_validator_last_error_status_hint(v), 501);
    ck_assert_str_eq(h11_validator_last_error_message(v, NULL), "Only Transfer-Encoding: chunked is supported");
    h11_validator_del(v);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("headers");
    TCase *tc = tcase_create("validator");
    tcase_add_loop_test(tc, test_header_table, 0, (int)N_HEADER_CASES);
    tcase_add_test(tc, test_value_with_nul);
    tcase_add_test(tc, test_names_lowercased_beside_raw);
    tcase_add_test(tc, test_raw_name_used_when_given);
    tcase_add_test(tc, test_validator_reusable_after_error);
    tcase_add_test(tc, test_check_flat_request);
    tcase_add_test(tc, test_check_flat_error);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
