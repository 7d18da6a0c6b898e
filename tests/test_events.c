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

/* ------------------------------------------------------------ prepared */

/* Expected bytes from h11 0.16.0: after "GET / HTTP/1.1" + Host,
 * conn.send(Response(status_code=200, headers=[("Content-Length", "2"),
 * ("X-A", "b")], reason=b"OK")); after "GET / HTTP/1.0", the same with
 * "Connection: close" added by h11's clean-up. */
#define PREPARED_HEAD_11 "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-A: b\r\n\r\n"
#define PREPARED_HEAD_10 "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-A: b\r\nConnection: close\r\n\r\n"

static h11_prepared *prepare_ok(h11_validator *v, const h11_event *ev)
{
    h11_prepared *p = NULL;
    ck_assert_int_eq(h11_validator_prepare(v, ev, &p), H11_OK);
    ck_assert_ptr_nonnull(p);
    return p;
}

static const char *send_prepared(h11_conn *c, const h11_prepared *p)
{
    int rc = h11_conn_send_prepared(c, p);
    const uint8_t *out = NULL;
    size_t n;
    char *b;
    if (rc != H11_OK)
        return tu_conn_error(c, rc);
    n = h11_conn_pending_output(c, &out);
    b = tu_buf();
    memcpy(b, out, n);
    b[n] = '\0';
    h11_conn_consume_output(c, n);
    return b;
}

/* The prepared event owns its bytes: the caller's buffers may change or go. */
START_TEST(test_prepared_keeps_its_own_copy)
{
    char name[] = "X-A", value[] = "b", cl[] = "2", reason[] = "OK";
    h11_header hs[2];
    h11_event ev;
    h11_validator *v = NULL;
    h11_prepared *p;
    h11_conn *c = tu_server_after_get();
    memset(hs, 0, sizeof hs);
    hs[0].raw_name = tu_b("Content-Length");
    hs[0].value = tu_b(cl);
    hs[1].raw_name = tu_b(name);
    hs[1].value = tu_b(value);
    memset(&ev, 0, sizeof ev);
    ev.type = H11_RESPONSE;
    ev.status_code = 200;
    ev.reason = tu_b(reason);
    ev.headers = hs;
    ev.n_headers = 2;
    ck_assert_int_eq(h11_validator_new(&v, NULL), H11_OK);
    p = prepare_ok(v, &ev);
    memset(name, '!', 3);
    memset(value, '!', 1);
    memset(cl, '9', 1);
    memset(reason, '!', 2);
    h11_validator_del(v);
    ck_assert_str_eq(send_prepared(c, p), PREPARED_HEAD_11);
    h11_prepared_del(p);
    h11_conn_del(c);
}
END_TEST

/* One prepared event serves many connections and cycles, and h11's
 * response clean-up still depends on each connection (HTTP/1.0 peer). */
START_TEST(test_prepared_reused_across_connections)
{
    h11_validator *v = NULL;
    h11_prepared *head, *data, *eom;
    h11_event *ev;
    h11_conn *c11 = tu_server_after_get(), *c10 = tu_conn(H11_SERVER);
    int i;
    ck_assert_int_eq(h11_validator_new(&v, NULL), H11_OK);
    ev = tu_resp(200, "Content-Length", "2", "X-A", "b", NULL);
    ev->reason = tu_b("OK");
    head = prepare_ok(v, ev);
    data = prepare_ok(v, tu_data_n("hi", 2));
    eom = prepare_ok(v, tu_eom(NULL));
    h11_validator_del(v);
    for (i = 0; i < 3; i++) {
        if (i) {
            ck_assert_int_eq(h11_conn_start_next_cycle(c11), H11_OK);
            TU_RECV(c11, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            ck_assert_str_eq(tu_drain(c11), "Request(GET / 1.1 [Host: a]) | EOM([]) | NEED_DATA");
        }
        ck_assert_str_eq(send_prepared(c11, head), PREPARED_HEAD_11);
        ck_assert_str_eq(send_prepared(c11, data), "hi");
        ck_assert_str_eq(send_prepared(c11, eom), "");
        ck_assert_str_eq(tu_states(c11), "DONE/DONE");
    }
    TU_RECV(c10, "GET / HTTP/1.0\r\n\r\n");
    ck_assert_str_eq(tu_drain(c10), "Request(GET / 1.0 []) | EOM([]) | NEED_DATA");
    ck_assert_str_eq(send_prepared(c10, head), PREPARED_HEAD_10);
    /* The state machine still judges each send: h11 0.16.0 refuses a
     * second Response the same way and leaves {CLIENT: MUST_CLOSE,
     * SERVER: ERROR}. */
    ck_assert_str_eq(send_prepared(c10, head),
                     "Local 400: can't handle event type Response when role=SERVER and state=SEND_BODY");
    ck_assert_str_eq(tu_states(c10), "MUST_CLOSE/ERROR");
    h11_prepared_del(head);
    h11_prepared_del(data);
    h11_prepared_del(eom);
    h11_conn_del(c11);
    h11_conn_del(c10);
}
END_TEST

/* A bad event is refused when prepared, with the validator's error. */
START_TEST(test_prepare_refuses_bad_events)
{
    h11_validator *v = NULL;
    h11_prepared *p = (h11_prepared *)&p;
    size_t len = 0;
    ck_assert_int_eq(h11_validator_new(&v, NULL), H11_OK);
    ck_assert_int_eq(h11_validator_prepare(v, tu_req("GET", "/", "a", "b", NULL), &p),
                     H11_ERR_LOCAL_PROTOCOL);
    ck_assert_ptr_null(p);
    ck_assert_str_eq(h11_validator_last_error_message(v, &len), "Missing mandatory Host: header");
    ck_assert_int_eq(h11_validator_last_error_status_hint(v), 400);
    ck_assert_int_eq(h11_validator_prepare(NULL, tu_eom(NULL), &p), H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_validator_prepare(v, NULL, &p), H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_validator_prepare(v, tu_eom(NULL), NULL), H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_conn_send_prepared(NULL, NULL), H11_ERR_INVALID_ARGUMENT);
    h11_prepared_del(NULL);
    h11_validator_del(v);
}
END_TEST

/* An allocator that can be told to refuse. */
static int refuse_alloc;

static void *maybe_malloc(size_t n, void *ud)
{
    return refuse_alloc ? NULL : tu_meter_malloc(n, ud);
}

static void *maybe_realloc(void *p, size_t n, void *ud)
{
    return refuse_alloc ? NULL : tu_meter_realloc(p, n, ud);
}

/* Preparing allocates one block with the validator's allocator (once the
 * validator's own buffers have grown), and running out of memory is
 * H11_ERR_NOMEM with nothing prepared. */
START_TEST(test_prepared_uses_the_validator_allocator)
{
    tu_meter m;
    h11_mem mem = tu_meter_mem(&m);
    h11_validator *v = NULL;
    h11_prepared *p = NULL;
    size_t before;
    mem.malloc = maybe_malloc;
    mem.realloc = maybe_realloc;
    refuse_alloc = 0;
    ck_assert_int_eq(h11_validator_new(&v, &mem), H11_OK);
    p = prepare_ok(v, tu_resp(200, "Content-Length", "2", NULL));
    h11_prepared_del(p);
    before = m.calls;
    p = prepare_ok(v, tu_resp(200, "Content-Length", "2", NULL));
    ck_assert_uint_eq(m.calls - before, 1);
    h11_prepared_del(p);
    refuse_alloc = 1;
    p = (h11_prepared *)&p;
    ck_assert_int_eq(h11_validator_prepare(v, tu_resp(200, "Content-Length", "2", NULL), &p),
                     H11_ERR_NOMEM);
    ck_assert_ptr_null(p);
    refuse_alloc = 0;
    h11_validator_del(v);
    ck_assert_uint_eq(m.live, 0);
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
    tc = tcase_create("prepared");
    tcase_add_test(tc, test_prepared_keeps_its_own_copy);
    tcase_add_test(tc, test_prepared_reused_across_connections);
    tcase_add_test(tc, test_prepare_refuses_bad_events);
    tcase_add_test(tc, test_prepared_uses_the_validator_allocator);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
