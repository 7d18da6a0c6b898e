/*
 * Strict mode (h11_options_set_strict, issue 6). For every rule the same
 * input runs twice: without strict mode the result must be h11 0.16.0's, with
 * it the strict error. Results are "<drain> ; <CLIENT state>/<SERVER state>"
 * (h11_test_util.h rendering); the default-mode strings were produced by
 *   srv(data): c = h11.Connection(h11.SERVER); c.receive_data(data); drain(c)
 *   cli(data): c = h11.Connection(h11.CLIENT);
 *              c.send(h11.Request(method="GET", target="/", headers=[("Host", "a")]));
 *              c.send(h11.EndOfMessage()); c.receive_data(data); drain(c)
 * and, for sending, by the h11 calls in the comments of the send tests.
 */
#include "h11_test_util.h"

#define POSTCH "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
#define REQCH "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked])"
#define HELLO "Data(\"hello\" start end)"
#define DONE_OK " | EOM([]) | NEED_DATA ; DONE/SEND_RESPONSE"
#define BARE_LF "Remote 400: bare LF line ending (strict mode)"
#define OBS_FOLD "Remote 400: obs-fold line folding in headers (strict mode)"
#define BAD_EXT "Remote 400: malformed chunk extension (strict mode): "
#define CL_TE "Content-Length and Transfer-Encoding both present (strict mode)"
#define BAD_REASON "Illegal reason phrase characters (strict mode)"

typedef struct rcase {
    const char *name;
    int role;
    const char *in; /* NUL-free */
    const char *h11;
    const char *strict; /* NULL: the same as h11 */
} rcase;

static const rcase receive_cases[] = {
    /* RFC 9112 section 2.2 */
    {"bare LF in a request head", H11_SERVER, "GET / HTTP/1.1\nHost: a\n\n",
     "Request(GET / 1.1 [Host: a])" DONE_OK, BARE_LF " ; ERROR/IDLE"},
    {"bare LF ending the head only", H11_SERVER, "GET / HTTP/1.1\r\nHost: a\r\n\n",
     "Request(GET / 1.1 [Host: a])" DONE_OK, BARE_LF " ; ERROR/IDLE"},
    {"bare LF in a response head", H11_CLIENT, "HTTP/1.1 200 OK\r\nContent-Length: 0\n\r\n",
     "Response(200 1.1 \"OK\" [Content-Length: 0]) | EOM([]) | NEED_DATA ; DONE/DONE",
     BARE_LF " ; MUST_CLOSE/ERROR"},
    {"bare LF in trailers", H11_SERVER, POSTCH "0\r\nX: y\n\r\n",
     REQCH " | EOM([X: y]) | NEED_DATA ; DONE/SEND_RESPONSE",
     REQCH " | " BARE_LF " ; ERROR/SEND_RESPONSE"},
    {"bare LF as the empty trailer block", H11_SERVER, POSTCH "0\r\n\n", REQCH DONE_OK,
     REQCH " | " BARE_LF " ; ERROR/SEND_RESPONSE"},
    /* RFC 9112 section 5.2 */
    {"obs-fold in a head", H11_SERVER, "GET / HTTP/1.1\r\nHost: a\r\nX: b\r\n\tc\r\n\r\n",
     "Request(GET / 1.1 [Host: a; X: b c])" DONE_OK, OBS_FOLD " ; ERROR/IDLE"},
    {"obs-fold in trailers", H11_SERVER, POSTCH "0\r\nX: b\r\n c\r\n\r\n",
     REQCH " | EOM([X: b c]) | NEED_DATA ; DONE/SEND_RESPONSE",
     REQCH " | " OBS_FOLD " ; ERROR/SEND_RESPONSE"},
    /* RFC 9112 section 7.1.1 */
    {"chunk extensions by the grammar", H11_SERVER,
     POSTCH "5;a=b ; c ;d = \"q\\\"t\\\\\" \r\nhello\r\n0;x\r\n\r\n", REQCH " | " HELLO DONE_OK,
     NULL},
    {"chunk extension without a name", H11_SERVER, POSTCH "5;=b\r\nhello\r\n0\r\n\r\n",
     REQCH " | " HELLO DONE_OK,
     REQCH " | " BAD_EXT "bytearray(b'5;=b\\r\\n') ; ERROR/SEND_RESPONSE"},
    {"empty chunk extension", H11_SERVER, POSTCH "5;\r\nhello\r\n0\r\n\r\n",
     REQCH " | " HELLO DONE_OK,
     REQCH " | " BAD_EXT "bytearray(b'5;\\r\\n') ; ERROR/SEND_RESPONSE"},
    {"chunk extension '=' without a value", H11_SERVER, POSTCH "5;a=\r\nhello\r\n0\r\n\r\n",
     REQCH " | " HELLO DONE_OK,
     REQCH " | " BAD_EXT "bytearray(b'5;a=\\r\\n') ; ERROR/SEND_RESPONSE"},
    {"chunk extension value with a space", H11_SERVER, POSTCH "5;a=b c\r\nhello\r\n0\r\n\r\n",
     REQCH " | " HELLO DONE_OK,
     REQCH " | " BAD_EXT "bytearray(b'5;a=b c\\r\\n') ; ERROR/SEND_RESPONSE"},
    {"chunk extension unterminated quote", H11_SERVER, POSTCH "5;a=\"b\r\nhello\r\n0\r\n\r\n",
     REQCH " | " HELLO DONE_OK,
     REQCH " | " BAD_EXT "bytearray(b'5;a=\"b\\r\\n') ; ERROR/SEND_RESPONSE"},
    {"bare CR in a chunk extension", H11_SERVER, POSTCH "5;a=b\rc\r\nhello\r\n0\r\n\r\n",
     REQCH " | " HELLO DONE_OK,
     REQCH " | " BAD_EXT "bytearray(b'5;a=b\\rc\\r\\n') ; ERROR/SEND_RESPONSE"},
    {"control byte in a quoted chunk extension", H11_SERVER,
     POSTCH "5;a=\"\x01\"\r\nhello\r\n0\r\n\r\n", REQCH " | " HELLO DONE_OK,
     REQCH " | " BAD_EXT "bytearray(b'5;a=\"\\x01\"\\r\\n') ; ERROR/SEND_RESPONSE"},
    {"DEL in the last chunk's extension", H11_SERVER, POSTCH "5\r\nhello\r\n0;a=\x7f\r\n\r\n",
     REQCH " | " HELLO DONE_OK,
     REQCH " | " HELLO " | " BAD_EXT "bytearray(b'0;a=\\x7f\\r\\n') ; ERROR/SEND_RESPONSE"},
    /* RFC 9112 section 6.3 */
    {"request with Content-Length and Transfer-Encoding", H11_SERVER,
     "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
     "Request(POST / 1.1 [Host: a; Content-Length: 5; Transfer-Encoding: chunked])" DONE_OK,
     "Remote 400: " CL_TE " ; ERROR/IDLE"},
    {"response with Transfer-Encoding and Content-Length", H11_CLIENT,
     "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
     "Response(200 1.1 \"OK\" [Transfer-Encoding: chunked; Content-Length: 5]) | EOM([]) | "
     "NEED_DATA ; DONE/DONE",
     "Remote 400: " CL_TE " ; MUST_CLOSE/ERROR"},
    /* RFC 9112 section 4 */
    {"control byte in a received reason", H11_CLIENT,
     "HTTP/1.1 200 O\x01K\r\nContent-Length: 0\r\n\r\n",
     "Response(200 1.1 \"O\\x01K\" [Content-Length: 0]) | EOM([]) | NEED_DATA ; DONE/DONE",
     "Remote 400: " BAD_REASON " ; MUST_CLOSE/ERROR"},
    {"DEL in a received reason", H11_CLIENT, "HTTP/1.1 200 X\x7f\r\nContent-Length: 0\r\n\r\n",
     "Response(200 1.1 \"X\\x7f\" [Content-Length: 0]) | EOM([]) | NEED_DATA ; DONE/DONE",
     "Remote 400: " BAD_REASON " ; MUST_CLOSE/ERROR"},
    {"HTAB and obs-text in a received reason", H11_CLIENT,
     "HTTP/1.1 200 O\tK\xff\r\nContent-Length: 0\r\n\r\n",
     "Response(200 1.1 \"O\\x09K\\xff\" [Content-Length: 0]) | EOM([]) | NEED_DATA ; DONE/DONE",
     NULL},
    /* Strict checks only meet what h11's reader accepted: its errors win. */
    {"h11's header-line error beats bare LF", H11_SERVER, "GET / HTTP/1.1\nHost: a\nbad line\n\n",
     "Remote 400: illegal header line: bytearray(b'bad line') ; ERROR/IDLE", NULL},
    {"h11's Transfer-Encoding error beats strict", H11_SERVER,
     "POST / HTTP/1.1\nHost: a\nTransfer-Encoding: gzip\nContent-Length: 1\n\n",
     "Remote 501: Only Transfer-Encoding: chunked is supported ; ERROR/IDLE", NULL},
    {"h11's chunk-header error beats strict", H11_SERVER, POSTCH "5 ;a\r\nhello\r\n0\r\n\r\n",
     REQCH " | Remote 400: illegal chunk header: bytearray(b'5 ;a\\r\\n') ; ERROR/SEND_RESPONSE",
     NULL},
};

/* h11's default max_incomplete_event_size */
#define DEFAULT_MAX 16384

/* A connection ready to receive: a client has sent its GET. */
static h11_conn *conn(int role, int strict)
{
    h11_conn *c = tu_conn_with(role, DEFAULT_MAX, strict);
    if (role == H11_CLIENT) {
        TU_SEND_OK(c, tu_req("GET", "/", "Host", "a", NULL));
        TU_SEND_OK(c, tu_eom(NULL));
        tu_discard_output(c);
    }
    return c;
}

static const char *receive(const rcase *rc, int strict, size_t piece)
{
    h11_conn *c = conn(rc->role, strict);
    size_t n = strlen(rc->in), i;
    char *b = tu_buf();
    const char *last = "";
    for (i = 0; i < n; i += piece) {
        size_t k = n - i < piece ? n - i : piece;
        ck_assert_int_eq(h11_conn_receive_data(c, (const uint8_t *)rc->in + i, k), H11_OK);
        /* Only the piece-independent part is compared: events and the end. */
        do {
            last = tu_next(c);
            if (strcmp(last, "NEED_DATA") != 0 && strcmp(last, "PAUSED") != 0)
                tu_cat(b, "%s | ", last);
        } while (strcmp(last, "NEED_DATA") != 0 && strcmp(last, "PAUSED") != 0 &&
                 strncmp(last, "Remote ", 7) != 0);
        if (strncmp(last, "Remote ", 7) == 0)
            break;
    }
    if (strncmp(last, "Remote ", 7) == 0)
        b[strlen(b) - 3] = '\0';
    else
        tu_cat(b, "%s", last);
    tu_cat(b, " ; %s", tu_states(c));
    h11_conn_del(c);
    return b;
}

START_TEST(test_receive)
{
    const rcase *rc = &receive_cases[_i];
    const char *want = rc->strict ? rc->strict : rc->h11;
    ck_assert_msg(strcmp(receive(rc, 0, SIZE_MAX), rc->h11) == 0, "%s: default mode: %s", rc->name,
                  receive(rc, 0, SIZE_MAX));
    ck_assert_msg(strcmp(receive(rc, 1, SIZE_MAX), want) == 0, "%s: strict mode: %s", rc->name,
                  receive(rc, 1, SIZE_MAX));
    /* Strict checks run on complete heads, lines and trailer blocks, so the
     * cut of the input does not matter. Data events come one byte each. */
    if (!strstr(want, "Data("))
        ck_assert_msg(strcmp(receive(rc, 1, 1), want) == 0, "%s: strict, byte by byte: %s",
                      rc->name, receive(rc, 1, 1));
}
END_TEST

/* A server that has read "GET / HTTP/1.1\r\nHost: a\r\n\r\n" and its EOM. */
static h11_conn *server_after_get(int strict)
{
    h11_conn *c = conn(H11_SERVER, strict);
    TU_RECV(c, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    ck_assert_str_eq(tu_drain(c), "Request(GET / 1.1 [Host: a]) | EOM([]) | NEED_DATA");
    return c;
}

static h11_event *reason_n(int status, const char *reason, size_t len)
{
    h11_event *ev = tu_resp(status, "Content-Length", "0", NULL);
    ev->reason.ptr = (const uint8_t *)reason;
    ev->reason.len = len;
    return ev;
}

static void send_both(h11_conn *(*make)(int), const h11_event *ev, const char *h11_bytes,
                      const char *strict_error)
{
    h11_conn *c = make(0);
    const char *before;
    ck_assert_str_eq(tu_send(c, ev), h11_bytes);
    h11_conn_del(c);
    c = make(1);
    before = tu_states(c);
    ck_assert_str_eq(tu_send(c, ev), strict_error);
    /* An event-validation error: nothing changed, the event can be fixed. */
    ck_assert_str_eq(tu_states(c), before);
    ck_assert_uint_eq(h11_conn_pending_output(c, NULL), 0);
    h11_conn_del(c);
}

/* c.send(h11.Response(status_code=200, reason=b"O\x01K",
 *                     headers=[("Content-Length", "0")])) after a GET */
START_TEST(test_send_reason_control)
{
    send_both(server_after_get, reason_n(200, "O\x01K", 3),
              "HTTP/1.1 200 O\x01K\r\nContent-Length: 0\r\n\r\n", "Local 400: " BAD_REASON);
}
END_TEST

/* the same with reason=b"O\x00K"; h11's bytes hold the NUL, so only the
 * strict refusal is compared here (the default output is checked by
 * length) */
START_TEST(test_send_reason_nul)
{
    static const char want[] = "HTTP/1.1 200 O\0K\r\nContent-Length: 0\r\n\r\n";
    const uint8_t *out = NULL;
    h11_conn *c = server_after_get(0);
    ck_assert_int_eq(h11_conn_send(c, reason_n(200, "O\0K", 3)), H11_OK);
    ck_assert_uint_eq(h11_conn_pending_output(c, &out), sizeof want - 1);
    ck_assert_mem_eq(out, want, sizeof want - 1);
    h11_conn_del(c);
    c = server_after_get(1);
    ck_assert_str_eq(tu_send(c, reason_n(200, "O\0K", 3)), "Local 400: " BAD_REASON);
    ck_assert_str_eq(tu_states(c), "DONE/SEND_RESPONSE");
    h11_conn_del(c);
}
END_TEST

/* reason=b"O\tK\x7f": HTAB is allowed, DEL is not */
START_TEST(test_send_reason_del)
{
    send_both(server_after_get, reason_n(200, "O\tK\x7f", 4),
              "HTTP/1.1 200 O\tK\x7f\r\nContent-Length: 0\r\n\r\n", "Local 400: " BAD_REASON);
}
END_TEST

/* c.send(h11.InformationalResponse(status_code=100, reason=b"Go\x1b")) */
START_TEST(test_send_informational_reason)
{
    h11_event *ev = tu_resp(100, NULL);
    ev->reason = tu_b("Go\x1b");
    send_both(server_after_get, ev, "HTTP/1.1 100 Go\x1b\r\n\r\n", "Local 400: " BAD_REASON);
}
END_TEST

/* CR stays the default refusal (docs/deviations.md, reason-crlf) in both
 * modes, with its own message. */
START_TEST(test_send_reason_cr_keeps_default_message)
{
    h11_conn *c = server_after_get(1);
    ck_assert_str_eq(tu_send(c, reason_n(200, "O\rK", 3)),
                     "Local 400: Illegal reason phrase characters");
    ck_assert_str_eq(tu_send(c, reason_n(200, "O\tK", 3)),
                     "HTTP/1.1 200 O\tK\r\nContent-Length: 0\r\n\r\n");
    h11_conn_del(c);
}
END_TEST

static h11_conn *client(int strict) { return tu_conn_with(H11_CLIENT, DEFAULT_MAX, strict); }

/* c = h11.Connection(h11.CLIENT); c.send(h11.Request(method="POST", target="/",
 *     headers=[("Host", "a"), ("Content-Length", "5"), ("Transfer-Encoding", "chunked")])) */
START_TEST(test_send_request_cl_te)
{
    send_both(client,
              tu_req("POST", "/", "Host", "a", "Content-Length", "5", "Transfer-Encoding",
                     "chunked", NULL),
              "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
              "Local 400: " CL_TE);
}
END_TEST

/* c.send(h11.Response(status_code=200, headers=[("Content-Length", "5"),
 *     ("Transfer-Encoding", "chunked")])) after a GET: h11 keeps only the
 * chunked framing; strict refuses what the caller asked for. */
START_TEST(test_send_response_cl_te)
{
    send_both(server_after_get,
              tu_resp(200, "Content-Length", "5", "Transfer-Encoding", "chunked", NULL),
              "HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\n", "Local 400: " CL_TE);
}
END_TEST

START_TEST(test_option_values)
{
    h11_options *o = NULL;
    h11_conn *c = NULL;
    ck_assert_int_eq(h11_options_set_strict(NULL, 1), H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_options_new(&o, NULL), H11_OK);
    /* any nonzero value enables it; zero turns it off again */
    ck_assert_int_eq(h11_options_set_strict(o, -7), H11_OK);
    ck_assert_int_eq(h11_conn_new(&c, H11_SERVER, o, NULL), H11_OK);
    TU_RECV(c, "GET / HTTP/1.1\nHost: a\n\n");
    ck_assert_str_eq(tu_next(c), BARE_LF);
    h11_conn_del(c);
    ck_assert_int_eq(h11_options_set_strict(o, 0), H11_OK);
    ck_assert_int_eq(h11_conn_new(&c, H11_SERVER, o, NULL), H11_OK);
    /* the options are copied at creation: changing them later does nothing */
    ck_assert_int_eq(h11_options_set_strict(o, 1), H11_OK);
    TU_RECV(c, "GET / HTTP/1.1\nHost: a\n\n");
    ck_assert_str_eq(tu_next(c), "Request(GET / 1.1 [Host: a])");
    h11_conn_del(c);
    h11_options_del(o);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("strict");
    TCase *tc = tcase_create("strict");
    tcase_add_loop_test(tc, test_receive, 0,
                        (int)(sizeof receive_cases / sizeof receive_cases[0]));
    tcase_add_test(tc, test_send_reason_control);
    tcase_add_test(tc, test_send_reason_nul);
    tcase_add_test(tc, test_send_reason_del);
    tcase_add_test(tc, test_send_informational_reason);
    tcase_add_test(tc, test_send_reason_cr_keeps_default_message);
    tcase_add_test(tc, test_send_request_cl_te);
    tcase_add_test(tc, test_send_response_cl_te);
    tcase_add_test(tc, test_option_values);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
