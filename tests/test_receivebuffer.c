/*
 * Receive buffer and head splitting (h11._receivebuffer + the head readers):
 * LF/CRLF line ends, bare CR, early rejection of obvious garbage, incremental
 * delivery, trailing_data, and max_incomplete_event_size (431).
 *
 * Snippets use h11 0.16.0 with the drain()/nxt()/fmt() mirror described in
 * h11_test_util.h; srv(*chunks) is
 *   c = h11.Connection(h11.SERVER); [c.receive_data(x) for x in chunks]; drain(c)
 */
#include "h11_test_util.h"

static const char *srv(const char *bytes)
{
    h11_conn *c = tu_conn(H11_SERVER);
    ck_assert_int_eq(h11_conn_receive_data(c, (const uint8_t *)bytes, strlen(bytes)), H11_OK);
    const char *r = tu_drain(c);
    h11_conn_del(c);
    return r;
}

/* srv(b"GET / HTTP/1.1\nHost: a\n\n") */
START_TEST(test_lf_only_head)
{
    ck_assert_str_eq(srv("GET / HTTP/1.1\nHost: a\n\n"), "Request(GET / 1.1 [Host: a]) | EOM([]) | NEED_DATA");
}
END_TEST

/* srv(b"GET / HTTP/1.1\r\nHost: a\n\r\n"); srv(b"GET / HTTP/1.1\nHost: a\r\n\n") */
START_TEST(test_mixed_line_ends)
{
    ck_assert_str_eq(srv("GET / HTTP/1.1\r\nHost: a\n\r\n"), "Request(GET / 1.1 [Host: a]) | EOM([]) | NEED_DATA");
    ck_assert_str_eq(srv("GET / HTTP/1.1\nHost: a\r\n\n"), "Request(GET / 1.1 [Host: a]) | EOM([]) | NEED_DATA");
}
END_TEST

/* c.receive_data(b"GET / HTTP/1.1\rHost: a\r\r"); nxt(c) -> NEED_DATA;
 * c.trailing_data -> (b'GET / HTTP/1.1\rHost: a\r\r', False) */
START_TEST(test_bare_cr_is_not_a_line_end)
{
    h11_conn *c = tu_conn(H11_SERVER);
    TU_RECV(c, "GET / HTTP/1.1\rHost: a\r\r");
    ck_assert_str_eq(tu_next(c), "NEED_DATA");
    h11_bytes td;
    ck_assert_int_eq(h11_conn_trailing_data(c, &td), 0);
    ck_assert_uint_eq(td.len, 24);
    ck_assert_mem_eq(td.ptr, "GET / HTTP/1.1\rHost: a\r\r", 24);
    h11_conn_del(c);
}
END_TEST

/* srv(b"GET / HTTP/1.1\r\nHost: a\r\r\n\r\n") -> the CR stays in the line */
START_TEST(test_cr_before_crlf_stays_in_line)
{
    ck_assert_str_eq(srv("GET / HTTP/1.1\r\nHost: a\r\r\n\r\n"),
                     "Remote 400: illegal header line: bytearray(b'Host: a\\r')");
    ck_assert_str_eq(srv("GET / HTTP/1.1\r\nHost: a\r\nX: b\r\r\n\r\n"),
                     "Remote 400: illegal header line: bytearray(b'X: b\\r')");
}
END_TEST

/* srv(b"\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"); srv(b"\nGET ...") */
START_TEST(test_leading_blank_line_rejected)
{
    ck_assert_str_eq(srv("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"), "Remote 400: no request line received");
    ck_assert_str_eq(srv("\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"), "Remote 400: no request line received");
}
END_TEST

/* srv(b" GET"); srv(b"\x16\x03\x01\x02\x00") -> rejected before the head completes */
START_TEST(test_obviously_invalid_start_rejected_early)
{
    ck_assert_str_eq(srv(" GET"), "Remote 400: illegal request line");
    h11_conn *c = tu_conn(H11_SERVER);
    TU_RECV(c, "\x16\x03\x01\x02\x00");
    ck_assert_str_eq(tu_next(c), "Remote 400: illegal request line");
    ck_assert_str_eq(tu_states(c), "ERROR/IDLE");
    h11_conn_del(c);
}
END_TEST

/* srv(b" GET / HTTP/1.1\r\n\r\n") -> a complete head is judged by its line */
START_TEST(test_complete_head_with_leading_space)
{
    ck_assert_str_eq(srv(" GET / HTTP/1.1\r\n\r\n"),
                     "Remote 400: illegal request line: bytearray(b' GET / HTTP/1.1')");
}
END_TEST

/* client_after_get(); receive b"\x00HTTP" -> 'illegal request line' (h11 uses
 * the request wording for responses too); b"\r\nHTTP/1.1 200 OK\r\n\r\n" ->
 * 'no response line received' */
START_TEST(test_client_side_early_errors)
{
    h11_conn *c = tu_client_after_get();
    TU_RECV(c, "\x00HTTP");
    ck_assert_str_eq(tu_drain(c), "Remote 400: illegal request line");
    h11_conn_del(c);
    c = tu_client_after_get();
    TU_RECV(c, "\r\nHTTP/1.1 200 OK\r\n\r\n");
    ck_assert_str_eq(tu_drain(c), "Remote 400: no response line received");
    h11_conn_del(c);
}
END_TEST

/* client_after_get(); receive b"HTTP/1.1 200 OK\nContent-Length: 0\n\n" */
START_TEST(test_client_lf_only_response)
{
    h11_conn *c = tu_client_after_get();
    TU_RECV(c, "HTTP/1.1 200 OK\nContent-Length: 0\n\n");
    ck_assert_str_eq(tu_drain(c), "Response(200 1.1 \"OK\" [Content-Length: 0]) | EOM([]) | NEED_DATA");
    h11_conn_del(c);
}
END_TEST

/* req = b"GET /x HTTP/1.1\r\nHost: a\r\nX-Long: abc\r\n\r\n" fed one byte at a
 * time: 40 x NEED_DATA, then Request(GET /x 1.1 [Host: a; X-Long: abc]), EOM([]) */
START_TEST(test_request_byte_by_byte)
{
    static const char req[] = "GET /x HTTP/1.1\r\nHost: a\r\nX-Long: abc\r\n\r\n";
    h11_conn *c = tu_conn(H11_SERVER);
    for (size_t i = 0; i + 1 < sizeof req - 1; i++) {
        ck_assert_int_eq(h11_conn_receive_data(c, (const uint8_t *)req + i, 1), H11_OK);
        ck_assert_str_eq(tu_next(c), "NEED_DATA");
    }
    ck_assert_int_eq(h11_conn_receive_data(c, (const uint8_t *)req + sizeof req - 2, 1), H11_OK);
    ck_assert_str_eq(tu_next(c), "Request(GET /x 1.1 [Host: a; X-Long: abc])");
    ck_assert_str_eq(tu_next(c), "EOM([])");
    h11_conn_del(c);
}
END_TEST

/* After a chunked POST head, b"5\r\nhello\r\n0\r\nT: v\r\n\r\n" one byte at a
 * time, collecting every non-NEED_DATA result:
 * Data("h") | Data("e") | Data("l") | Data("l") | Data("o" end) | EOM([T: v])
 * (chunk_start is lost because the size line arrived without data: Q5) */
START_TEST(test_chunked_body_byte_by_byte)
{
    static const char body[] = "5\r\nhello\r\n0\r\nT: v\r\n\r\n";
    h11_conn *c = tu_conn(H11_SERVER);
    TU_RECV(c, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
    ck_assert_str_eq(tu_next(c), "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked])");
    char *seen = tu_buf();
    for (size_t i = 0; i < sizeof body - 1; i++) {
        ck_assert_int_eq(h11_conn_receive_data(c, (const uint8_t *)body + i, 1), H11_OK);
        for (;;) {
            const char *r = tu_next(c);
            if (strcmp(r, "NEED_DATA") == 0)
                break;
            tu_cat(seen, "%s%s", seen[0] ? " | " : "", r);
        }
    }
    ck_assert_str_eq(seen, "Data(\"h\") | Data(\"e\") | Data(\"l\") | Data(\"l\") | Data(\"o\" end) | EOM([T: v])");
    h11_conn_del(c);
}
END_TEST

/* c.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\n\r"); nxt(c) -> NEED_DATA;
 * c.receive_data(b"\n"); drain(c) -> Request | EOM | NEED_DATA */
START_TEST(test_terminator_split_across_deliveries)
{
    h11_conn *c = tu_conn(H11_SERVER);
    TU_RECV(c, "GET / HTTP/1.1\r\nHost: a\r\n\r");
    ck_assert_str_eq(tu_next(c), "NEED_DATA");
    TU_RECV(c, "\n");
    ck_assert_str_eq(tu_drain(c), "Request(GET / 1.1 [Host: a]) | EOM([]) | NEED_DATA");
    h11_conn_del(c);
}
END_TEST

/* c.receive_data(b"GET / HT"); c.trailing_data -> (b'GET / HT', False);
 * c.receive_data(b""); c.trailing_data -> (b'GET / HT', True);
 * nxt(c) -> Remote 400: peer unexpectedly closed connection */
START_TEST(test_trailing_data_and_eof_mid_head)
{
    h11_conn *c = tu_conn(H11_SERVER);
    TU_RECV(c, "GET / HT");
    ck_assert_str_eq(tu_next(c), "NEED_DATA");
    h11_bytes td;
    ck_assert_int_eq(h11_conn_trailing_data(c, &td), 0);
    ck_assert_uint_eq(td.len, 8);
    ck_assert_mem_eq(td.ptr, "GET / HT", 8);
    TU_EOF(c);
    ck_assert_int_eq(h11_conn_trailing_data(c, &td), 1);
    ck_assert_uint_eq(td.len, 8);
    ck_assert_str_eq(tu_next(c), "Remote 400: peer unexpectedly closed connection");
    h11_conn_del(c);
}
END_TEST

/* c.receive_data(b""); drain(c) -> Closed | Closed (repeatable) */
START_TEST(test_eof_on_empty_buffer)
{
    h11_conn *c = tu_conn(H11_SERVER);
    TU_EOF(c);
    ck_assert_str_eq(tu_drain(c), "Closed | Closed");
    h11_conn_del(c);
}
END_TEST

/* c.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"); c.receive_data(b"");
 * drain(c) -> Request | EOM([]) | Closed | Closed */
START_TEST(test_eof_after_complete_request)
{
    h11_conn *c = tu_conn(H11_SERVER);
    TU_RECV(c, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    TU_EOF(c);
    ck_assert_str_eq(tu_drain(c), "Request(GET / 1.1 [Host: a]) | EOM([]) | Closed | Closed");
    h11_conn_del(c);
}
END_TEST

/* Chunk-size lines need CRLF (Q3): srv(b"POST / HTTP/1.1\r\nHost: a\r\n
 * Transfer-Encoding: chunked\r\n\r\n5\nhello") -> Request | NEED_DATA */
START_TEST(test_chunk_size_line_needs_crlf)
{
    ck_assert_str_eq(srv("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello"),
                     "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | NEED_DATA");
}
END_TEST

/* ... but trailers accept bare LF: "0\r\nX: 1\nY: 2\n\n" -> EOM([X: 1; Y: 2]) */
START_TEST(test_trailers_accept_bare_lf)
{
    ck_assert_str_eq(srv("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: 1\nY: 2\n\n"),
                     "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | EOM([X: 1; Y: 2]) | NEED_DATA");
}
END_TEST

/* Connection(SERVER, max_incomplete_event_size=10):
 *   10 bytes b"GET / HTTP" -> NEED_DATA, states IDLE/IDLE
 *   11 bytes b"GET / HTTP/" -> Remote 431 'Receive buffer too long', ERROR/IDLE,
 *   then "Remote 400: Can't receive data when peer state is ERROR" */
START_TEST(test_max_incomplete_boundary)
{
    h11_conn *c = tu_conn_max(H11_SERVER, 10);
    TU_RECV(c, "GET / HTTP");
    ck_assert_str_eq(tu_next(c), "NEED_DATA");
    ck_assert_str_eq(tu_states(c), "IDLE/IDLE");
    h11_conn_del(c);
    c = tu_conn_max(H11_SERVER, 10);
    TU_RECV(c, "GET / HTTP/");
    ck_assert_str_eq(tu_next(c), "Remote 431: Receive buffer too long");
    ck_assert_str_eq(tu_states(c), "ERROR/IDLE");
    ck_assert_str_eq(tu_next(c), "Remote 400: Can't receive data when peer state is ERROR");
    h11_conn_del(c);
}
END_TEST

/* Default limit 16384: b"GET /" + b"a"*16379 (16384 bytes) -> NEED_DATA; one
 * more byte -> Remote 431 */
START_TEST(test_default_limit_is_16384)
{
    static uint8_t buf[16385];
    memcpy(buf, "GET /", 5);
    memset(buf + 5, 'a', sizeof buf - 5);
    h11_conn *c = tu_conn(H11_SERVER);
    ck_assert_int_eq(h11_conn_receive_data(c, buf, 16384), H11_OK);
    ck_assert_str_eq(tu_next(c), "NEED_DATA");
    ck_assert_int_eq(h11_conn_receive_data(c, buf + 16384, 1), H11_OK);
    ck_assert_str_eq(tu_next(c), "Remote 431: Receive buffer too long");
    h11_conn_del(c);
}
END_TEST

/* The limit only applies when NEED_DATA would be returned: a complete head
 * longer than the limit is fine. max=10, b"GET / HTTP/1.1\r\nHost: a\r\n
 * X: yyyyyyyyyyyyyyy\r\n\r\n" -> Request | EOM([]) | NEED_DATA */
START_TEST(test_complete_head_over_limit_ok)
{
    h11_conn *c = tu_conn_max(H11_SERVER, 10);
    TU_RECV(c, "GET / HTTP/1.1\r\nHost: a\r\nX: yyyyyyyyyyyyyyy\r\n\r\n");
    ck_assert_str_eq(tu_drain(c), "Request(GET / 1.1 [Host: a; X: yyyyyyyyyyyyyyy]) | EOM([]) | NEED_DATA");
    h11_conn_del(c);
}
END_TEST

/* max=0: empty buffer -> NEED_DATA; b"G" -> Remote 431 */
START_TEST(test_limit_zero)
{
    h11_conn *c = tu_conn_max(H11_SERVER, 0);
    ck_assert_str_eq(tu_next(c), "NEED_DATA");
    TU_RECV(c, "G");
    ck_assert_str_eq(tu_next(c), "Remote 431: Receive buffer too long");
    h11_conn_del(c);
}
END_TEST

/* max=20, after a chunked POST head: b"5;ext=" + b"a"*14 (20 bytes) ->
 * NEED_DATA; with 15 a's (21 bytes) -> Remote 431 (incomplete chunk-size line) */
START_TEST(test_limit_applies_to_chunk_size_line)
{
    for (int extra = 0; extra < 2; extra++) {
        h11_conn *c = tu_conn_max(H11_SERVER, 20);
        TU_RECV(c, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
        ck_assert_str_eq(tu_next(c), "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked])");
        TU_RECV(c, "5;ext=aaaaaaaaaaaaaa");
        if (extra)
            TU_RECV(c, "a");
        ck_assert_str_eq(tu_next(c), extra ? "Remote 431: Receive buffer too long" : "NEED_DATA");
        h11_conn_del(c);
    }
}
END_TEST

/* Every byte value but LF in a header value, at every offset from the
 * buffer's 64-byte-aligned start (so in every lane of the head search's
 * blocks), inside the value and as its last byte, with CRLF and with bare
 * LF line ends. h11 0.16.0, run over these heads (and more, up to 69 bytes of padding):
 *   c = h11.Connection(h11.SERVER); c.receive_data(head); c.next_event()
 * accepts exactly when the byte is not NUL, VT or FF, nor a CR other than
 * one just before a bare LF (which makes the line end CRLF), and gives as
 * the value the bytes between "X:" and the line end, stripped of SP and HT
 * at both ends; otherwise it raises RemoteProtocolError (400). */
START_TEST(test_every_byte_in_a_value_at_every_lane)
{
    static const char *const placements[] = {"inside", "last"};
    char head[256], raw[96];
    for (int b = 0; b < 256; b++) {
        if (b == '\n')
            continue;
        for (int crlf = 0; crlf <= 1; crlf++)
            for (int last = 0; last <= 1; last++)
                for (int pad = 0; pad < 40; pad++) {
                    const char *eol = crlf ? "\r\n" : "\n";
                    size_t raw_len = 0, start = 0, end;
                    if (last)
                        raw[raw_len++] = 'z';
                    memset(raw + raw_len, 'a', (size_t)pad);
                    raw_len += (size_t)pad;
                    raw[raw_len++] = (char)b;
                    if (!last)
                        raw[raw_len++] = 'z';
                    /* %s would stop at a NUL: the value goes in with memcpy. */
                    int n = snprintf(head, sizeof head, "GET / HTTP/1.1%sHost: a%sX: ", eol, eol);
                    memcpy(head + n, raw, raw_len);
                    n += (int)raw_len;
                    n += snprintf(head + n, sizeof head - (size_t)n, "%s%s", eol, eol);
                    int accept = b != 0 && b != 0x0b && b != 0x0c &&
                                  (b != '\r' || (last && !crlf));
                    h11_conn *c = tu_conn(H11_SERVER);
                    const h11_event *ev;
                    ck_assert_int_eq(h11_conn_receive_data(c, (const uint8_t *)head, (size_t)n),
                                     H11_OK);
                    int rc = h11_conn_next_event(c, &ev);
                    if (!accept) {
                        ck_assert_msg(rc == H11_ERR_REMOTE_PROTOCOL &&
                                          h11_conn_last_error_status_hint(c) == 400,
                                      "byte 0x%02x %s, pad %d, %s: accepted", b, placements[last],
                                      pad, eol[0] == '\r' ? "CRLF" : "LF");
                        h11_conn_del(c);
                        continue;
                    }
                    ck_assert_msg(rc == H11_REQUEST && ev->n_headers == 2,
                                  "byte 0x%02x %s, pad %d, %s: refused", b, placements[last], pad,
                                  eol[0] == '\r' ? "CRLF" : "LF");
                    end = raw_len - (b == '\r');
                    while (start < end && (raw[start] == ' ' || raw[start] == '\t'))
                        start++;
                    while (end > start && (raw[end - 1] == ' ' || raw[end - 1] == '\t'))
                        end--;
                    ck_assert_uint_eq(ev->headers[1].value.len, end - start);
                    ck_assert_mem_eq(ev->headers[1].value.ptr, raw + start, end - start);
                    h11_conn_del(c);
                }
    }
}
END_TEST

/* libh11 copies what it is given (h11's receive_data appends to its own
 * buffer): overwriting the caller's bytes afterwards changes nothing. */
START_TEST(test_receive_data_copies_input)
{
    char buf[] = "GET /orig HTTP/1.1\r\nHost: a\r\n\r\n";
    h11_conn *c = tu_conn(H11_SERVER);
    ck_assert_int_eq(h11_conn_receive_data(c, (const uint8_t *)buf, strlen(buf)), H11_OK);
    memset(buf, 'Z', strlen(buf));
    ck_assert_str_eq(tu_drain(c), "Request(GET /orig 1.1 [Host: a]) | EOM([]) | NEED_DATA");
    h11_conn_del(c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("receivebuffer");
    TCase *tc = tcase_create("heads");
    tcase_add_test(tc, test_lf_only_head);
    tcase_add_test(tc, test_mixed_line_ends);
    tcase_add_test(tc, test_bare_cr_is_not_a_line_end);
    tcase_add_test(tc, test_cr_before_crlf_stays_in_line);
    tcase_add_test(tc, test_leading_blank_line_rejected);
    tcase_add_test(tc, test_obviously_invalid_start_rejected_early);
    tcase_add_test(tc, test_complete_head_with_leading_space);
    tcase_add_test(tc, test_client_side_early_errors);
    tcase_add_test(tc, test_client_lf_only_response);
    tcase_add_test(tc, test_request_byte_by_byte);
    tcase_add_test(tc, test_chunked_body_byte_by_byte);
    tcase_add_test(tc, test_terminator_split_across_deliveries);
    tcase_add_test(tc, test_trailing_data_and_eof_mid_head);
    tcase_add_test(tc, test_eof_on_empty_buffer);
    tcase_add_test(tc, test_eof_after_complete_request);
    tcase_add_test(tc, test_chunk_size_line_needs_crlf);
    tcase_add_test(tc, test_trailers_accept_bare_lf);
    tcase_add_test(tc, test_every_byte_in_a_value_at_every_lane);
    suite_add_tcase(s, tc);
    TCase *lim = tcase_create("max_incomplete_event_size");
    tcase_add_test(lim, test_max_incomplete_boundary);
    tcase_add_test(lim, test_default_limit_is_16384);
    tcase_add_test(lim, test_complete_head_over_limit_ok);
    tcase_add_test(lim, test_limit_zero);
    tcase_add_test(lim, test_limit_applies_to_chunk_size_line);
    tcase_add_test(lim, test_receive_data_copies_input);
    suite_add_tcase(s, lim);
    return tu_run(s);
}
