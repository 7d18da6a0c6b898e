/*
 * Resource bounds (issue 6). Apart from the bytes the caller has handed to
 * receive_data and not yet taken out as events (trailing_data: h11 keeps
 * those too), a connection never holds more than max_incomplete_event_size
 * plus a small constant, however the input is cut. What a connection holds
 * is measured through the allocator hooks.
 *
 * Also: 20-digit Content-Length and 20-hex-digit chunk sizes (the longest
 * h11 accepts) do not overflow. Expected messages from h11 0.16.0:
 *   c = h11.Connection(h11.SERVER)
 *   c.receive_data(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: "
 *                  b"99999999999999999999\r\n\r\nabc"); drain; c.receive_data(b"")
 *   -> RemoteProtocolError("peer closed connection without sending complete
 *      message body (received 3 bytes, expected 99999999999999999999)")
 */
#include "h11_test_util.h"

/* Slack on top of max_incomplete_event_size: the connection struct, error
 * text, the remembered method and buffer rounding. */
#define SLACK 4096

/* ------------------------------------------------------ counting allocator */

static h11_conn *metered_conn(tu_meter *m, int role, size_t max_incomplete)
{
    h11_mem mem = tu_meter_mem(m);
    h11_options *o = NULL;
    h11_conn *c = NULL;
    ck_assert_int_eq(h11_options_new(&o, NULL), H11_OK);
    ck_assert_int_eq(h11_options_set_max_incomplete_event_size(o, max_incomplete), H11_OK);
    ck_assert_int_eq(h11_conn_new(&c, role, o, &mem), H11_OK);
    h11_options_del(o);
    return c;
}

static size_t trailing(const h11_conn *c)
{
    h11_bytes td;
    h11_conn_trailing_data(c, &td);
    return td.len;
}

/* The bound itself, checked after every call that may allocate. out is
 * the size of the Data event just handed out, whose bytes the caller still
 * holds. The receive buffer grows geometrically, so the caller's bytes may
 * occupy up to twice their size; with nothing unread or handed out the bound
 * is the limit plus the slack. */
static void check_bound_out(const tu_meter *m, const h11_conn *c, size_t max_incomplete, size_t out)
{
    size_t kept = trailing(c) + out;
    ck_assert_msg(m->live <= 2 * kept + max_incomplete + SLACK,
                  "connection holds %zu bytes: %zu unread + limit %zu + slack %d exceeded",
                  m->live, kept, max_incomplete, SLACK);
}

static void check_bound(const tu_meter *m, const h11_conn *c, size_t max_incomplete)
{
    check_bound_out(m, c, max_incomplete, 0);
}

/* Receives data in pieces of size piece and drains after each, the way a
 * server loop does, checking the bound throughout. Returns the final
 * next_event result (an error, or NEED_DATA if the input ran out). */
static int trickle(tu_meter *m, h11_conn *c, size_t max_incomplete, const uint8_t *data, size_t len,
                   size_t piece, size_t *data_bytes)
{
    int rc = H11_NEED_DATA;
    *data_bytes = 0;
    for (size_t off = 0; off < len; off += piece) {
        size_t n = len - off < piece ? len - off : piece;
        ck_assert_int_eq(h11_conn_receive_data(c, data + off, n), H11_OK);
        check_bound(m, c, max_incomplete);
        for (;;) {
            const h11_event *ev;
            rc = h11_conn_next_event(c, &ev);
            check_bound_out(m, c, max_incomplete, rc == H11_DATA ? ev->data.len : 0);
            if (rc < 0 || rc == H11_NEED_DATA || rc == H11_PAUSED)
                break;
            if (rc == H11_DATA)
                *data_bytes += ev->data.len;
        }
        if (rc < 0)
            return rc;
    }
    return rc;
}

/* prefix followed by filler bytes up to total. */
static uint8_t *make_input(const char *prefix, uint8_t filler, size_t total)
{
    size_t p = strlen(prefix);
    uint8_t *buf = malloc(total);
    ck_assert_ptr_nonnull(buf);
    memcpy(buf, prefix, p);
    memset(buf + p, filler, total - p);
    return buf;
}

static const size_t limits[] = {0, 100, 16384};
static const size_t pieces[] = {1, 7, 1000, 65536};

/* An input that never completes an event must end in 431 with the bound
 * holding at every step, whatever the limit and the piece size. */
static void endless(int role, const char *prefix, uint8_t filler)
{
    for (size_t li = 0; li < sizeof limits / sizeof *limits; li++) {
        for (size_t pi = 0; pi < sizeof pieces / sizeof *pieces; pi++) {
            size_t max = limits[li], piece = pieces[pi], data_bytes;
            /* Enough to pass the limit with any piece size, but keep the
             * byte-by-byte runs short. */
            size_t total = strlen(prefix) + max + (piece == 1 ? 2 : 2 * piece) + 2;
            uint8_t *input = make_input(prefix, filler, total);
            tu_meter m;
            h11_conn *c = metered_conn(&m, role, max);
            int rc = trickle(&m, c, max, input, total, piece, &data_bytes);
            ck_assert_msg(rc == H11_ERR_REMOTE_PROTOCOL, "limit %zu piece %zu: rc %d", max, piece, rc);
            ck_assert_int_eq(h11_conn_last_error_status_hint(c), 431);
            ck_assert_str_eq(h11_conn_last_error_message(c, NULL), "Receive buffer too long");
            h11_conn_del(c);
            ck_assert_uint_eq(m.live, 0);
            free(input);
        }
    }
}

START_TEST(test_endless_request_line)
{
    endless(H11_SERVER, "GET /", 'a');
}
END_TEST

START_TEST(test_endless_status_line)
{
    endless(H11_CLIENT, "HTTP/1.1 200 ", 'a');
}
END_TEST

START_TEST(test_endless_header_block)
{
    endless(H11_SERVER, "GET / HTTP/1.1\r\nHost: a\r\nX-Long: ", 'v');
}
END_TEST

START_TEST(test_endless_chunk_size_line)
{
    endless(H11_SERVER,
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=", 'e');
}
END_TEST

START_TEST(test_endless_trailer)
{
    endless(H11_SERVER,
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: ", 't');
}
END_TEST

/* Many complete header lines, each short, never a blank line. */
START_TEST(test_many_short_header_lines)
{
    static const char prefix[] = "GET / HTTP/1.1\r\n";
    size_t total = 40000, data_bytes;
    uint8_t *input = malloc(total);
    memcpy(input, prefix, sizeof prefix - 1);
    for (size_t i = sizeof prefix - 1; i < total; i++)
        input[i] = (i % 5 == 4) ? '\n' : (i % 5 == 3 ? '\r' : (i % 5 == 1 ? ':' : 'h'));
    for (size_t pi = 0; pi < sizeof pieces / sizeof *pieces; pi++) {
        tu_meter m;
        h11_conn *c = metered_conn(&m, H11_SERVER, 16384);
        ck_assert_int_eq(trickle(&m, c, 16384, input, total, pieces[pi], &data_bytes),
                         H11_ERR_REMOTE_PROTOCOL);
        ck_assert_int_eq(h11_conn_last_error_status_hint(c), 431);
        h11_conn_del(c);
    }
    free(input);
}
END_TEST

/* Bodies stream through: a body far larger than the limit, in any pieces,
 * never accumulates. */
static void stream_body(int role, const char *head, uint8_t filler, size_t body, size_t piece)
{
    uint8_t *chunk = malloc(piece);
    tu_meter m;
    size_t data_bytes, total = 0;
    h11_conn *c = metered_conn(&m, role, 16384);
    memset(chunk, filler, piece);
    if (role == H11_CLIENT) {
        ck_assert_int_eq(h11_conn_send(c, tu_req("GET", "/", "Host", "a", NULL)), H11_OK);
        ck_assert_int_eq(h11_conn_send(c, tu_eom(NULL)), H11_OK);
        h11_conn_consume_output(c, SIZE_MAX);
    }
    ck_assert_int_eq(trickle(&m, c, 16384, (const uint8_t *)head, strlen(head), strlen(head),
                             &data_bytes),
                     H11_NEED_DATA);
    for (size_t sent = 0; sent < body; sent += piece) {
        ck_assert_int_eq(trickle(&m, c, 16384, chunk, piece, piece, &data_bytes), H11_NEED_DATA);
        total += data_bytes;
    }
    ck_assert_uint_eq(total, (body + piece - 1) / piece * piece);
    h11_conn_del(c);
    ck_assert_uint_eq(m.live, 0);
    free(chunk);
}

/* Several times the limit; byte-by-byte runs are kept short. */
static size_t body_for(size_t piece)
{
    return piece < 1000 ? 40000 : 1u << 18;
}

START_TEST(test_body_streams)
{
    for (size_t pi = 0; pi < sizeof pieces / sizeof *pieces; pi++) {
        stream_body(H11_SERVER,
                    "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n",
                    'b', body_for(pieces[pi]), pieces[pi]);
        /* No length: read until the peer closes. */
        stream_body(H11_CLIENT, "HTTP/1.1 200 OK\r\n\r\n", 'b', body_for(pieces[pi]), pieces[pi]);
    }
}
END_TEST

/* One 20-hex-digit chunk: its data streams, nothing grows. */
START_TEST(test_huge_chunk_streams)
{
    for (size_t pi = 0; pi < sizeof pieces / sizeof *pieces; pi++)
        stream_body(H11_SERVER, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "FFFFFFFFFFFFFFFFFFFF\r\n",
                    'c', body_for(pieces[pi]), pieces[pi]);
}
END_TEST

/* An event far larger than the limit, complete in one piece, is accepted
 * (h11 only limits incomplete events); once it has been taken out and the
 * next cycle is under way, the connection must not keep its size. */
START_TEST(test_large_event_not_retained)
{
    size_t big = 1u << 20, data_bytes;
    static const char head[] = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: ";
    uint8_t *input = make_input(head, 'v', big);
    memcpy(input + big - 4, "\r\n\r\n", 4);
    static const char next[] = "GET /2 HTTP/1.1\r\nHost: a\r\n\r\n";
    tu_meter m;
    h11_conn *c = metered_conn(&m, H11_SERVER, 16384);
    ck_assert_int_eq(h11_conn_receive_data(c, input, big), H11_OK);
    const h11_event *ev;
    ck_assert_int_eq(h11_conn_next_event(c, &ev), H11_REQUEST);
    ck_assert_uint_eq(ev->headers[1].value.len, big - sizeof head + 1 - 4);
    ck_assert_str_eq(tu_next(c), "EOM([])");
    ck_assert_int_eq(h11_conn_send(c, tu_resp(200, "Content-Length", "0", NULL)), H11_OK);
    ck_assert_int_eq(h11_conn_send(c, tu_eom(NULL)), H11_OK);
    h11_conn_consume_output(c, SIZE_MAX);
    ck_assert_int_eq(h11_conn_start_next_cycle(c), H11_OK);
    ck_assert_int_eq(trickle(&m, c, 16384, (const uint8_t *)next, sizeof next - 1, sizeof next - 1,
                             &data_bytes),
                     H11_NEED_DATA);
    check_bound(&m, c, 16384);
    h11_conn_del(c);
    free(input);
}
END_TEST

/* ------------------------------------------------------------ overflow */

/* The 20-digit Content-Length is echoed back in full, not wrapped. */
START_TEST(test_content_length_20_digits)
{
    h11_conn *c = tu_conn(H11_SERVER);
    TU_RECV(c, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\nabc");
    ck_assert_str_eq(tu_drain(c),
                     "Request(POST / 1.1 [Host: a; Content-Length: 99999999999999999999]) | "
                     "Data(\"abc\") | NEED_DATA");
    TU_EOF(c);
    ck_assert_str_eq(tu_next(c),
                     "Remote 400: peer closed connection without sending complete message body "
                     "(received 3 bytes, expected 99999999999999999999)");
    h11_conn_del(c);
}
END_TEST

/* 18446744073709551616 is 2^64: the first value that wraps to 0. */
START_TEST(test_content_length_two_to_the_64)
{
    h11_conn *c = tu_conn(H11_SERVER);
    TU_RECV(c, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 18446744073709551616\r\n\r\nabc");
    ck_assert_str_eq(tu_drain(c),
                     "Request(POST / 1.1 [Host: a; Content-Length: 18446744073709551616]) | "
                     "Data(\"abc\") | NEED_DATA");
    TU_EOF(c);
    ck_assert_str_eq(tu_next(c),
                     "Remote 400: peer closed connection without sending complete message body "
                     "(received 3 bytes, expected 18446744073709551616)");
    h11_conn_del(c);
}
END_TEST

/* h11: Content-Length: 00000000000000000001 is the length 1, 21 digits are
 * "bad Content-Length". */
START_TEST(test_content_length_digit_limits)
{
    h11_conn *c = tu_conn(H11_SERVER);
    TU_RECV(c, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 00000000000000000001\r\n\r\nabc");
    ck_assert_str_eq(tu_drain(c),
                     "Request(POST / 1.1 [Host: a; Content-Length: 00000000000000000001]) | "
                     "Data(\"a\") | EOM([]) | PAUSED");
    h11_conn_del(c);
    c = tu_conn(H11_SERVER);
    TU_RECV(c, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 999999999999999999999\r\n\r\n");
    ck_assert_str_eq(tu_next(c), "Remote 400: bad Content-Length");
    h11_conn_del(c);
}
END_TEST

/* 2^64 as hex (1 followed by 16 zeros) must not wrap to an empty chunk, and
 * 21 hex digits are refused. */
START_TEST(test_chunk_size_20_hex_digits)
{
    h11_conn *c = tu_conn(H11_SERVER);
    TU_RECV(c, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
               "00010000000000000000\r\nabc");
    ck_assert_str_eq(tu_drain(c),
                     "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | "
                     "Data(\"abc\" start) | NEED_DATA");
    TU_EOF(c);
    ck_assert_str_eq(tu_next(c), "Remote 400: peer closed connection without sending complete "
                                 "message body (incomplete chunked read)");
    h11_conn_del(c);
    c = tu_conn(H11_SERVER);
    TU_RECV(c, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
               "1FFFFFFFFFFFFFFFFFFFF\r\nabc");
    ck_assert_str_eq(tu_drain(c), "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | "
                                  "Remote 400: illegal chunk header: "
                                  "bytearray(b'1FFFFFFFFFFFFFFFFFFFF\\r\\n')");
    h11_conn_del(c);
}
END_TEST

/* Sending: a 20-digit Content-Length is a debt that 3 bytes do not pay.
 * h11: LocalProtocolError("Too little data for declared Content-Length") */
START_TEST(test_send_content_length_20_digits)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    h11_header h[2] = {{tu_b("Host"), {NULL, 0}, tu_b("a")},
                       {tu_b("Content-Length"), {NULL, 0}, tu_b("99999999999999999999")}};
    h11_event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = H11_REQUEST;
    ev.method = tu_b("POST");
    ev.target = tu_b("/");
    ev.headers = h;
    ev.n_headers = 2;
    ck_assert_int_eq(h11_conn_send(c, &ev), H11_OK);
    memset(&ev, 0, sizeof ev);
    ev.type = H11_DATA;
    ev.data = tu_b("abc");
    ck_assert_int_eq(h11_conn_send(c, &ev), H11_OK);
    memset(&ev, 0, sizeof ev);
    ev.type = H11_END_OF_MESSAGE;
    ck_assert_int_eq(h11_conn_send(c, &ev), H11_ERR_LOCAL_PROTOCOL);
    ck_assert_str_eq(h11_conn_last_error_message(c, NULL), "Too little data for declared Content-Length");
    h11_conn_del(c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("bounds");
    TCase *mem = tcase_create("memory");
    tcase_set_timeout(mem, 120);
    tcase_add_test(mem, test_endless_request_line);
    tcase_add_test(mem, test_endless_status_line);
    tcase_add_test(mem, test_endless_header_block);
    tcase_add_test(mem, test_endless_chunk_size_line);
    tcase_add_test(mem, test_endless_trailer);
    tcase_add_test(mem, test_many_short_header_lines);
    tcase_add_test(mem, test_body_streams);
    tcase_add_test(mem, test_huge_chunk_streams);
    tcase_add_test(mem, test_large_event_not_retained);
    suite_add_tcase(s, mem);
    TCase *ovf = tcase_create("overflow");
    tcase_add_test(ovf, test_content_length_20_digits);
    tcase_add_test(ovf, test_content_length_two_to_the_64);
    tcase_add_test(ovf, test_content_length_digit_limits);
    tcase_add_test(ovf, test_chunk_size_20_hex_digits);
    tcase_add_test(ovf, test_send_content_length_20_digits);
    suite_add_tcase(s, ovf);
    return tu_run(s);
}
