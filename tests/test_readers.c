/*
 * Readers (h11._readers): Content-Length, chunked (sizes, extensions, the
 * chunk-footer check of GHSA-vqfr-h8mv-ghfj), read-until-close, obs-fold,
 * request/status line grammar and the reader errors with h11's exact
 * messages.
 *
 * Each test is one h11 0.16.0 snippet (in the comment above it), with
 *   srv(*chunks, eof=False):  c = h11.Connection(h11.SERVER)
 *   cli(*chunks, eof=False, method=b"GET"): c = h11.Connection(h11.CLIENT);
 *       c.send(h11.Request(method=method, target=b"/", headers=[(b"Host", b"a")]));
 *       c.send(h11.EndOfMessage())
 * then for every chunk: c.receive_data(chunk); drain(c), and if eof:
 * c.receive_data(b""); drain(c). want[i] is drain's result after step i.
 * POSTCL / POSTCH are the request heads defined below.
 */
#include "h11_test_util.h"

#define POSTCL "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n"
#define POSTCH "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"

static void run(int role, const char *method, const char *const *in, int eof, const char *const *want)
{
    h11_conn *c;
    if (role == H11_SERVER) {
        c = tu_conn(H11_SERVER);
    } else {
        c = tu_conn(H11_CLIENT);
        TU_SEND_OK(c, tu_req(method, "/", "Host", "a", NULL));
        TU_SEND_OK(c, tu_eom(NULL));
        tu_discard_output(c);
    }
    size_t step = 0;
    for (; in[step] != NULL; step++) {
        ck_assert_int_eq(h11_conn_receive_data(c, (const uint8_t *)in[step], strlen(in[step])), H11_OK);
        ck_assert_ptr_nonnull(want[step]);
        ck_assert_str_eq(tu_drain(c), want[step]);
    }
    if (eof) {
        TU_EOF(c);
        ck_assert_ptr_nonnull(want[step]);
        ck_assert_str_eq(tu_drain(c), want[step]);
        step++;
    }
    ck_assert_ptr_null(want[step]);
    h11_conn_del(c);
}

/* srv(POSTCL + b"hello") */
START_TEST(test_cl_body)
{
    static const char *const in[] = {POSTCL "hello", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Content-Length: 5]) | Data(\"hello\") | EOM([]) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCL + b"hel", b"lo") */
START_TEST(test_cl_split)
{
    static const char *const in[] = {POSTCL "hel", "lo", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Content-Length: 5]) | Data(\"hel\") | NEED_DATA",
        "Data(\"lo\") | EOM([]) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCL + b"helloGET") */
START_TEST(test_cl_pipelined_extra)
{
    static const char *const in[] = {POSTCL "helloGET", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Content-Length: 5]) | Data(\"hello\") | EOM([]) | PAUSED", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n") */
START_TEST(test_cl_zero)
{
    static const char *const in[] = {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Content-Length: 0]) | EOM([]) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCL + b"hel", eof=True) */
START_TEST(test_cl_eof_early)
{
    static const char *const in[] = {POSTCL "hel", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Content-Length: 5]) | Data(\"hel\") | NEED_DATA",
        "Remote 400: peer closed connection without sending complete message body (received 3 bytes, expected 5)", NULL};
    run(H11_SERVER, NULL, in, 1, want);
}
END_TEST

/* srv(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\nabc") */
START_TEST(test_cl_20_digits)
{
    static const char *const in[] = {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\nabc", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Content-Length: 99999999999999999999]) | Data(\"abc\") | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100000000000000000000\r\n\r\nabc") */
START_TEST(test_cl_21_digits)
{
    static const char *const in[] = {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100000000000000000000\r\n\r\nabc", NULL};
    static const char *const want[] = {
        "Remote 400: bad Content-Length", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") */
START_TEST(test_cl_conflict)
{
    static const char *const in[] = {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", NULL};
    static const char *const want[] = {
        "Remote 400: conflicting Content-Length headers", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n") */
START_TEST(test_te_gzip)
{
    static const char *const in[] = {"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", NULL};
    static const char *const want[] = {
        "Remote 501: Only Transfer-Encoding: chunked is supported", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n") */
START_TEST(test_te_wins_over_cl)
{
    static const char *const in[] = {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Content-Length: 100; Transfer-Encoding: chunked]) | Data(\"abc\" start end) | EOM([]) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCH + b"5\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n") */
START_TEST(test_ch_full)
{
    static const char *const in[] = {POSTCH "5\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | Data(\"hello\" start end) | Data(\"abc\" start end) | EOM([]) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCH, b"5\r\nhel", b"l", b"o\r\n", b"0\r\n\r\n") */
START_TEST(test_ch_incremental)
{
    static const char *const in[] = {POSTCH, "5\r\nhel", "l", "o\r\n", "0\r\n\r\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | NEED_DATA",
        "Data(\"hel\" start) | NEED_DATA",
        "Data(\"l\") | NEED_DATA",
        "Data(\"o\" end) | NEED_DATA",
        "EOM([]) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCH + b"5;foo=bar;baz\r\nhello\r\n0;x=\"y\"\r\n\r\n") */
START_TEST(test_ch_ext)
{
    static const char *const in[] = {POSTCH "5;foo=bar;baz\r\nhello\r\n0;x=\"y\"\r\n\r\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | Data(\"hello\" start end) | EOM([]) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCH + b"5 ;a=b\r\nhello\r\n") */
START_TEST(test_ch_space_before_semicolon)
{
    static const char *const in[] = {POSTCH "5 ;a=b\r\nhello\r\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | Remote 400: illegal chunk header: bytearray(b'5 ;a=b\\r\\n')", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCH + b"5   \t \r\nhello\r\n0\r\n\r\n") */
START_TEST(test_ch_trailing_ws)
{
    static const char *const in[] = {POSTCH "5   \t \r\nhello\r\n0\r\n\r\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | Data(\"hello\" start end) | EOM([]) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCH + b"A\r\n0123456789\r\n0\r\n\r\n") */
START_TEST(test_ch_uppercase_hex)
{
    static const char *const in[] = {POSTCH "A\r\n0123456789\r\n0\r\n\r\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | Data(\"0123456789\" start end) | EOM([]) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCH + b"00000000000000000005\r\nhello\r\n0\r\n\r\n") */
START_TEST(test_ch_20_hex)
{
    static const char *const in[] = {POSTCH "00000000000000000005\r\nhello\r\n0\r\n\r\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | Data(\"hello\" start end) | EOM([]) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCH + b"000000000000000000005\r\nhello\r\n0\r\n\r\n") */
START_TEST(test_ch_21_hex)
{
    static const char *const in[] = {POSTCH "000000000000000000005\r\nhello\r\n0\r\n\r\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | Remote 400: illegal chunk header: bytearray(b'000000000000000000005\\r\\n')", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCH + b"ffffffffffffffffffff\r\nhello") */
START_TEST(test_ch_huge_20_hex)
{
    static const char *const in[] = {POSTCH "ffffffffffffffffffff\r\nhello", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | Data(\"hello\" start) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCH + b"3\r\nxxx__1a\r\n") */
START_TEST(test_ch_footer_smuggle)
{
    static const char *const in[] = {POSTCH "3\r\nxxx__1a\r\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | Data(\"xxx\" start end) | Remote 400: malformed chunk footer: bytearray(b'__') (expected b'\\r\\n')", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCH + b"3\r\nxxx\r_") */
START_TEST(test_ch_footer_cr_x)
{
    static const char *const in[] = {POSTCH "3\r\nxxx\r_", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | Data(\"xxx\" start end) | Remote 400: malformed chunk footer: bytearray(b'\\r_') (expected b'\\r\\n')", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCH + b"3\r\nxxx_\n") */
START_TEST(test_ch_footer_x_lf)
{
    static const char *const in[] = {POSTCH "3\r\nxxx_\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | Data(\"xxx\" start end) | Remote 400: malformed chunk footer: bytearray(b'_\\n') (expected b'\\r\\n')", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCH + b"3\r\nxxx\r", b"\n0\r\n\r\n") */
START_TEST(test_ch_footer_lone_cr)
{
    static const char *const in[] = {POSTCH "3\r\nxxx\r", "\n0\r\n\r\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | Data(\"xxx\" start end) | NEED_DATA",
        "EOM([]) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCH + b"3\r\nxxx\r", b"Z") */
START_TEST(test_ch_footer_lone_cr_then_bad)
{
    static const char *const in[] = {POSTCH "3\r\nxxx\r", "Z", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | Data(\"xxx\" start end) | NEED_DATA",
        "Remote 400: malformed chunk footer: bytearray(b'Z') (expected b'\\n')", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCH + b"zz\r\n") */
START_TEST(test_ch_bad_size)
{
    static const char *const in[] = {POSTCH "zz\r\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | Remote 400: illegal chunk header: bytearray(b'zz\\r\\n')", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCH + b"\r\n") */
START_TEST(test_ch_empty_size)
{
    static const char *const in[] = {POSTCH "\r\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | Remote 400: illegal chunk header: bytearray(b'\\r\\n')", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCH + b"-5\r\n") */
START_TEST(test_ch_negative)
{
    static const char *const in[] = {POSTCH "-5\r\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | Remote 400: illegal chunk header: bytearray(b'-5\\r\\n')", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCH + b"5\r\nab", eof=True) */
START_TEST(test_ch_eof_mid_data)
{
    static const char *const in[] = {POSTCH "5\r\nab", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | Data(\"ab\" start) | NEED_DATA",
        "Remote 400: peer closed connection without sending complete message body (incomplete chunked read)", NULL};
    run(H11_SERVER, NULL, in, 1, want);
}
END_TEST

/* srv(POSTCH + b"5", eof=True) */
START_TEST(test_ch_eof_mid_size)
{
    static const char *const in[] = {POSTCH "5", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | NEED_DATA",
        "Remote 400: peer unexpectedly closed connection", NULL};
    run(H11_SERVER, NULL, in, 1, want);
}
END_TEST

/* srv(POSTCH + b"5\r\nhello\r\n", eof=True) */
START_TEST(test_ch_eof_between)
{
    static const char *const in[] = {POSTCH "5\r\nhello\r\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | Data(\"hello\" start end) | NEED_DATA",
        "Remote 400: peer closed connection without sending complete message body (incomplete chunked read)", NULL};
    run(H11_SERVER, NULL, in, 1, want);
}
END_TEST

/* srv(POSTCH + b"0\r\n", eof=True) */
START_TEST(test_ch_eof_after_zero)
{
    static const char *const in[] = {POSTCH "0\r\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | NEED_DATA",
        "Remote 400: peer closed connection without sending complete message body (incomplete chunked read)", NULL};
    run(H11_SERVER, NULL, in, 1, want);
}
END_TEST

/* srv(POSTCH + b"0\r\nX: y", eof=True) */
START_TEST(test_ch_eof_mid_trailer)
{
    static const char *const in[] = {POSTCH "0\r\nX: y", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | NEED_DATA",
        "Remote 400: peer unexpectedly closed connection", NULL};
    run(H11_SERVER, NULL, in, 1, want);
}
END_TEST

/* srv(POSTCH + b"0\r\nX-T: 1\r\nX-U:  2 \r\n\r\n") */
START_TEST(test_ch_trailers)
{
    static const char *const in[] = {POSTCH "0\r\nX-T: 1\r\nX-U:  2 \r\n\r\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | EOM([X-T: 1; X-U: 2]) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCH + b"0\r\nTransfer-Encoding: gzip\r\n\r\n") */
START_TEST(test_ch_trailer_te_gzip)
{
    static const char *const in[] = {POSTCH "0\r\nTransfer-Encoding: gzip\r\n\r\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | Remote 501: Only Transfer-Encoding: chunked is supported", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCH + b"0\r\n X: y\r\n\r\n") */
START_TEST(test_ch_trailer_continuation_first)
{
    static const char *const in[] = {POSTCH "0\r\n X: y\r\n\r\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | Remote 400: continuation line at start of headers", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCH + b"0\r\nX: a\r\n b\r\n\r\n") */
START_TEST(test_ch_trailer_fold)
{
    static const char *const in[] = {POSTCH "0\r\nX: a\r\n b\r\n\r\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | EOM([X: a b]) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCH + b"3\r\n", b"abc\r\n") */
START_TEST(test_ch_chunk_start_lost)
{
    static const char *const in[] = {POSTCH "3\r\n", "abc\r\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | NEED_DATA",
        "Data(\"abc\" end) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* cli(b"HTTP/1.0 200 OK\r\n\r\n", b"12345", eof=True) */
START_TEST(test_http10_response)
{
    static const char *const in[] = {"HTTP/1.0 200 OK\r\n\r\n", "12345", NULL};
    static const char *const want[] = {
        "Response(200 1.0 \"OK\" []) | NEED_DATA",
        "Data(\"12345\") | NEED_DATA",
        "EOM([]) | Closed | Closed", NULL};
    run(H11_CLIENT, "GET", in, 1, want);
}
END_TEST

/* cli(b"HTTP/1.1 200 OK\r\n\r\nabc", eof=True) */
START_TEST(test_http11_no_framing)
{
    static const char *const in[] = {"HTTP/1.1 200 OK\r\n\r\nabc", NULL};
    static const char *const want[] = {
        "Response(200 1.1 \"OK\" []) | Data(\"abc\") | NEED_DATA",
        "EOM([]) | Closed | Closed", NULL};
    run(H11_CLIENT, "GET", in, 1, want);
}
END_TEST

/* srv(b"GET / HTTP/1.1\r\nHost: a\r\nX: a  \r\n \t b\r\n\r\n") */
START_TEST(test_obs_fold)
{
    static const char *const in[] = {"GET / HTTP/1.1\r\nHost: a\r\nX: a  \r\n \t b\r\n\r\n", NULL};
    static const char *const want[] = {
        "Request(GET / 1.1 [Host: a; X: a   b]) | EOM([]) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n \r\n\r\n") */
START_TEST(test_obs_fold_ws_only)
{
    static const char *const in[] = {"GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n \r\n\r\n", NULL};
    static const char *const want[] = {
        "Request(GET / 1.1 [Host: a; X: a]) | EOM([]) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"GET / HTTP/1.1\r\n Host: a\r\n\r\n") */
START_TEST(test_continuation_first)
{
    static const char *const in[] = {"GET / HTTP/1.1\r\n Host: a\r\n\r\n", NULL};
    static const char *const want[] = {
        "Remote 400: continuation line at start of headers", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"GET / HTTP/1.1\r\nHost: a\r\nFoo : bar\r\n\r\n") */
START_TEST(test_space_before_colon)
{
    static const char *const in[] = {"GET / HTTP/1.1\r\nHost: a\r\nFoo : bar\r\n\r\n", NULL};
    static const char *const want[] = {
        "Remote 400: illegal header line: bytearray(b'Foo : bar')", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"GET / HTTP/1.1\r\nHost: a\r\nX:   a b \t \r\n\r\n") */
START_TEST(test_ows_trimmed)
{
    static const char *const in[] = {"GET / HTTP/1.1\r\nHost: a\r\nX:   a b \t \r\n\r\n", NULL};
    static const char *const want[] = {
        "Request(GET / 1.1 [Host: a; X: a b]) | EOM([]) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"GET / HTTP/1.1\r\nHost: a\r\nfoo bar\r\n\r\n") */
START_TEST(test_no_colon)
{
    static const char *const in[] = {"GET / HTTP/1.1\r\nHost: a\r\nfoo bar\r\n\r\n", NULL};
    static const char *const want[] = {
        "Remote 400: illegal header line: bytearray(b'foo bar')", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"GET /  HTTP/1.1\r\nHost: a\r\n\r\n") */
START_TEST(test_req_double_space)
{
    static const char *const in[] = {"GET /  HTTP/1.1\r\nHost: a\r\n\r\n", NULL};
    static const char *const want[] = {
        "Remote 400: illegal request line: bytearray(b'GET /  HTTP/1.1')", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"GET / HTTP/1.10\r\nHost: a\r\n\r\n") */
START_TEST(test_req_version_2digit)
{
    static const char *const in[] = {"GET / HTTP/1.10\r\nHost: a\r\n\r\n", NULL};
    static const char *const want[] = {
        "Remote 400: illegal request line: bytearray(b'GET / HTTP/1.10')", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"GET / http/1.1\r\nHost: a\r\n\r\n") */
START_TEST(test_req_version_lower)
{
    static const char *const in[] = {"GET / http/1.1\r\nHost: a\r\n\r\n", NULL};
    static const char *const want[] = {
        "Remote 400: illegal request line: bytearray(b'GET / http/1.1')", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"GET / HTTP/1.1 \r\nHost: a\r\n\r\n") */
START_TEST(test_req_trailing_space)
{
    static const char *const in[] = {"GET / HTTP/1.1 \r\nHost: a\r\n\r\n", NULL};
    static const char *const want[] = {
        "Remote 400: illegal request line: bytearray(b'GET / HTTP/1.1 ')", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"GET / HTTP/1.0\r\n\r\n") */
START_TEST(test_req_10_no_host)
{
    static const char *const in[] = {"GET / HTTP/1.0\r\n\r\n", NULL};
    static const char *const want[] = {
        "Request(GET / 1.0 []) | EOM([]) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"GET / HTTP/1.1\r\n\r\n") */
START_TEST(test_req_missing_host)
{
    static const char *const in[] = {"GET / HTTP/1.1\r\n\r\n", NULL};
    static const char *const want[] = {
        "Remote 400: Missing mandatory Host: header", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"GET / HTTP/2.0\r\n\r\n") */
START_TEST(test_req_version_20)
{
    static const char *const in[] = {"GET / HTTP/2.0\r\n\r\n", NULL};
    static const char *const want[] = {
        "Request(GET / 2.0 []) | EOM([]) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* cli(b"HTTP/1.1 200OK\r\n\r\n") */
START_TEST(test_status_no_space)
{
    static const char *const in[] = {"HTTP/1.1 200OK\r\n\r\n", NULL};
    static const char *const want[] = {
        "Remote 400: illegal status line: bytearray(b'HTTP/1.1 200OK')", NULL};
    run(H11_CLIENT, "GET", in, 0, want);
}
END_TEST

/* cli(b"HTTP/1.1 20 OK\r\n\r\n") */
START_TEST(test_status_two_digits)
{
    static const char *const in[] = {"HTTP/1.1 20 OK\r\n\r\n", NULL};
    static const char *const want[] = {
        "Remote 400: illegal status line: bytearray(b'HTTP/1.1 20 OK')", NULL};
    run(H11_CLIENT, "GET", in, 0, want);
}
END_TEST

/* cli(b"HTTP/1.1 099 x\r\n\r\n") */
START_TEST(test_status_099)
{
    static const char *const in[] = {"HTTP/1.1 099 x\r\n\r\n", NULL};
    static const char *const want[] = {
        "Remote 400: InformationalResponse status_code should be in range [100, 200), not 99", NULL};
    run(H11_CLIENT, "GET", in, 0, want);
}
END_TEST

/* cli(b"HTTP/1.1 200  OK  \r\nContent-Length: 0\r\n\r\n") */
START_TEST(test_status_reason_spaces)
{
    static const char *const in[] = {"HTTP/1.1 200  OK  \r\nContent-Length: 0\r\n\r\n", NULL};
    static const char *const want[] = {
        "Response(200 1.1 \" OK  \" [Content-Length: 0]) | EOM([]) | NEED_DATA", NULL};
    run(H11_CLIENT, "GET", in, 0, want);
}
END_TEST

/* cli(b"HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n") */
START_TEST(test_status_no_reason)
{
    static const char *const in[] = {"HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", NULL};
    static const char *const want[] = {
        "Response(200 1.1 \"\" [Content-Length: 0]) | EOM([]) | NEED_DATA", NULL};
    run(H11_CLIENT, "GET", in, 0, want);
}
END_TEST

/* cli(b"HTTP/1.1 999 Z\r\nContent-Length: 0\r\n\r\n") */
START_TEST(test_status_999)
{
    static const char *const in[] = {"HTTP/1.1 999 Z\r\nContent-Length: 0\r\n\r\n", NULL};
    static const char *const want[] = {
        "Response(999 1.1 \"Z\" [Content-Length: 0]) | EOM([]) | NEED_DATA", NULL};
    run(H11_CLIENT, "GET", in, 0, want);
}
END_TEST

/* cli(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi") */
START_TEST(test_info_then_response)
{
    static const char *const in[] = {"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi", NULL};
    static const char *const want[] = {
        "Info(100 1.1 \"Continue\" []) | Response(200 1.1 \"OK\" [Content-Length: 2]) | Data(\"hi\") | EOM([]) | NEED_DATA", NULL};
    run(H11_CLIENT, "GET", in, 0, want);
}
END_TEST

/* cli(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", method=b"HEAD") */
START_TEST(test_head_response_ignores_cl)
{
    static const char *const in[] = {"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", NULL};
    static const char *const want[] = {
        "Response(200 1.1 \"OK\" [Content-Length: 5]) | EOM([]) | PAUSED", NULL};
    run(H11_CLIENT, "HEAD", in, 0, want);
}
END_TEST

/* cli(b"HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello") */
START_TEST(test_status_204_ignores_cl)
{
    static const char *const in[] = {"HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello", NULL};
    static const char *const want[] = {
        "Response(204 1.1 \"No Content\" [Content-Length: 5]) | EOM([]) | PAUSED", NULL};
    run(H11_CLIENT, "GET", in, 0, want);
}
END_TEST

/* cli(b"HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n") */
START_TEST(test_status_304_ignores_te)
{
    static const char *const in[] = {"HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n", NULL};
    static const char *const want[] = {
        "Response(304 1.1 \"Not Modified\" [Transfer-Encoding: chunked]) | EOM([]) | NEED_DATA", NULL};
    run(H11_CLIENT, "GET", in, 0, want);
}
END_TEST

/* srv(b"GET / HTTP/1.0\r\n\r\nX") */
START_TEST(test_data_when_must_close)
{
    static const char *const in[] = {"GET / HTTP/1.0\r\n\r\nX", NULL};
    static const char *const want[] = {
        "Request(GET / 1.0 []) | EOM([]) | Remote 400: Got data when expecting EOF", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nX") */
START_TEST(test_data_when_must_close_conn_close)
{
    static const char *const in[] = {"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nX", NULL};
    static const char *const want[] = {
        "Request(GET / 1.1 [Host: a; Connection: close]) | EOM([]) | Remote 400: Got data when expecting EOF", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* cli(b"HTTP/1.1 200 a\tb \xe9\r\nContent-Length: 0\r\n\r\n") */
START_TEST(test_reason_with_tab_and_high_bytes)
{
    static const char *const in[] = {"HTTP/1.1 200 a\tb \xe9\r\nContent-Length: 0\r\n\r\n", NULL};
    static const char *const want[] = {
        "Response(200 1.1 \"a\\x09b \\xe9\" [Content-Length: 0]) | EOM([]) | NEED_DATA", NULL};
    run(H11_CLIENT, "GET", in, 0, want);
}
END_TEST

/* srv(b"GET / HTTP/1.1\r\nHost: a\r\nX: caf\xe9 \x7f\r\n\r\n") */
START_TEST(test_header_value_high_bytes)
{
    static const char *const in[] = {"GET / HTTP/1.1\r\nHost: a\r\nX: caf\xe9 \x7f\r\n\r\n", NULL};
    static const char *const want[] = {
        "Request(GET / 1.1 [Host: a; X: caf\\xe9 \\x7f]) | EOM([]) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"GET / HTTP/1.1\r\nHost: a\r\nX\xe9: b\r\n\r\n") */
START_TEST(test_header_name_high_byte)
{
    static const char *const in[] = {"GET / HTTP/1.1\r\nHost: a\r\nX\xe9: b\r\n\r\n", NULL};
    static const char *const want[] = {
        "Remote 400: illegal header line: bytearray(b'X\\xe9: b')", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"GET / HTTP/1.1\r\nHost: a\r\nUpgrade-Insecure-Requests: 1\r\n"
 *     b"X-Long-Header-Name_With~Tail: v\r\n\r\n")
 * Names that run past the last whole 16-byte block of their line, one with
 * token characters other than letters, digits and '-' in that tail. */
START_TEST(test_header_name_past_last_block)
{
    static const char *const in[] = {"GET / HTTP/1.1\r\nHost: a\r\nUpgrade-Insecure-Requests: 1\r\n"
                                     "X-Long-Header-Name_With~Tail: v\r\n\r\n",
                                     NULL};
    static const char *const want[] = {
        "Request(GET / 1.1 [Host: a; Upgrade-Insecure-Requests: 1; "
        "X-Long-Header-Name_With~Tail: v]) | EOM([]) | NEED_DATA",
        NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"GET / HTTP/1.1\r\nHost: a\r\nAbcdefghijklmnopqrstu\r\n\r\n") */
START_TEST(test_header_line_all_name)
{
    static const char *const in[] = {"GET / HTTP/1.1\r\nHost: a\r\nAbcdefghijklmnopqrstu\r\n\r\n", NULL};
    static const char *const want[] = {
        "Remote 400: illegal header line: bytearray(b'Abcdefghijklmnopqrstu')", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"GET / HTTP/1.1\r\nHost: a\r\nX: a\x0bb\r\n\r\n") */
START_TEST(test_header_value_vt)
{
    static const char *const in[] = {"GET / HTTP/1.1\r\nHost: a\r\nX: a\x0b""b\r\n\r\n", NULL};
    static const char *const want[] = {
        "Remote 400: illegal header line: bytearray(b'X: a\\x0bb')", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"GET / HTTP/1.1\r\nHost: a\r\nX:\r\nY: \r\n\r\n") */
START_TEST(test_header_empty_value)
{
    static const char *const in[] = {"GET / HTTP/1.1\r\nHost: a\r\nX:\r\nY: \r\n\r\n", NULL};
    static const char *const want[] = {
        "Request(GET / 1.1 [Host: a; X: ; Y: ]) | EOM([]) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") */
START_TEST(test_two_hosts_on_wire)
{
    static const char *const in[] = {"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", NULL};
    static const char *const want[] = {
        "Remote 400: Found multiple Host: headers", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") */
START_TEST(test_http10_keepalive_ignored)
{
    static const char *const in[] = {"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", NULL};
    static const char *const want[] = {
        "Request(GET / 1.0 [Connection: keep-alive]) | EOM([]) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* cli(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", method=b"HEAD") */
START_TEST(test_head_response_chunked)
{
    static const char *const in[] = {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", NULL};
    static const char *const want[] = {
        "Response(200 1.1 \"OK\" [Transfer-Encoding: chunked]) | EOM([]) | NEED_DATA", NULL};
    run(H11_CLIENT, "HEAD", in, 0, want);
}
END_TEST

/* cli(b"HTTP/1.1 204 No\r\n\r\n", method=b"CONNECT") */
START_TEST(test_connect_response_2xx_no_body)
{
    static const char *const in[] = {"HTTP/1.1 204 No\r\n\r\n", NULL};
    static const char *const want[] = {
        "Response(204 1.1 \"No\" []) | PAUSED", NULL};
    run(H11_CLIENT, "CONNECT", in, 0, want);
}
END_TEST

/* cli(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab", b"cd", eof=True) */
START_TEST(test_response_cl_body_split_eof)
{
    static const char *const in[] = {"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab", "cd", NULL};
    static const char *const want[] = {
        "Response(200 1.1 \"OK\" [Content-Length: 4]) | Data(\"ab\") | NEED_DATA",
        "Data(\"cd\") | EOM([]) | NEED_DATA",
        "Closed | Closed", NULL};
    run(H11_CLIENT, "GET", in, 1, want);
}
END_TEST

/* cli(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nhi") */
START_TEST(test_response_two_cl_same)
{
    static const char *const in[] = {"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nhi", NULL};
    static const char *const want[] = {
        "Response(200 1.1 \"OK\" [Content-Length: 2]) | Data(\"hi\") | EOM([]) | NEED_DATA", NULL};
    run(H11_CLIENT, "GET", in, 0, want);
}
END_TEST

/* cli(b"HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n") */
START_TEST(test_response_te_and_cl)
{
    static const char *const in[] = {"HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n", NULL};
    static const char *const want[] = {
        "Response(200 1.1 \"OK\" [Content-Length: 99; Transfer-Encoding: chunked]) | Data(\"hi\" start end) | EOM([]) | NEED_DATA", NULL};
    run(H11_CLIENT, "GET", in, 0, want);
}
END_TEST

/* cli(b"HTTP/1.1 100 Continue\r\n\r\n", eof=True) */
START_TEST(test_informational_then_eof)
{
    static const char *const in[] = {"HTTP/1.1 100 Continue\r\n\r\n", NULL};
    static const char *const want[] = {
        "Info(100 1.1 \"Continue\" []) | NEED_DATA",
        "Remote 400: can't handle event type ConnectionClosed when role=SERVER and state=SEND_RESPONSE", NULL};
    run(H11_CLIENT, "GET", in, 1, want);
}
END_TEST

/* srv(POSTCH + b"0;last=1\r\n\r\n") */
START_TEST(test_ch_zero_with_ext)
{
    static const char *const in[] = {POSTCH "0;last=1\r\n\r\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | EOM([]) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST

/* srv(POSTCH + b"2\r\nab", b"\r", b"\n0\r\n\r\n") */
START_TEST(test_ch_data_split_at_footer)
{
    static const char *const in[] = {POSTCH "2\r\nab", "\r", "\n0\r\n\r\n", NULL};
    static const char *const want[] = {
        "Request(POST / 1.1 [Host: a; Transfer-Encoding: chunked]) | Data(\"ab\" start end) | NEED_DATA",
        "NEED_DATA",
        "EOM([]) | NEED_DATA", NULL};
    run(H11_SERVER, NULL, in, 0, want);
}
END_TEST


int main(void)
{
    Suite *s = suite_create("readers");
    TCase *tc = tcase_create("readers");
    tcase_add_test(tc, test_cl_body);
    tcase_add_test(tc, test_cl_split);
    tcase_add_test(tc, test_cl_pipelined_extra);
    tcase_add_test(tc, test_cl_zero);
    tcase_add_test(tc, test_cl_eof_early);
    tcase_add_test(tc, test_cl_20_digits);
    tcase_add_test(tc, test_cl_21_digits);
    tcase_add_test(tc, test_cl_conflict);
    tcase_add_test(tc, test_te_gzip);
    tcase_add_test(tc, test_te_wins_over_cl);
    tcase_add_test(tc, test_ch_full);
    tcase_add_test(tc, test_ch_incremental);
    tcase_add_test(tc, test_ch_ext);
    tcase_add_test(tc, test_ch_space_before_semicolon);
    tcase_add_test(tc, test_ch_trailing_ws);
    tcase_add_test(tc, test_ch_uppercase_hex);
    tcase_add_test(tc, test_ch_20_hex);
    tcase_add_test(tc, test_ch_21_hex);
    tcase_add_test(tc, test_ch_huge_20_hex);
    tcase_add_test(tc, test_ch_footer_smuggle);
    tcase_add_test(tc, test_ch_footer_cr_x);
    tcase_add_test(tc, test_ch_footer_x_lf);
    tcase_add_test(tc, test_ch_footer_lone_cr);
    tcase_add_test(tc, test_ch_footer_lone_cr_then_bad);
    tcase_add_test(tc, test_ch_bad_size);
    tcase_add_test(tc, test_ch_empty_size);
    tcase_add_test(tc, test_ch_negative);
    tcase_add_test(tc, test_ch_eof_mid_data);
    tcase_add_test(tc, test_ch_eof_mid_size);
    tcase_add_test(tc, test_ch_eof_between);
    tcase_add_test(tc, test_ch_eof_after_zero);
    tcase_add_test(tc, test_ch_eof_mid_trailer);
    tcase_add_test(tc, test_ch_trailers);
    tcase_add_test(tc, test_ch_trailer_te_gzip);
    tcase_add_test(tc, test_ch_trailer_continuation_first);
    tcase_add_test(tc, test_ch_trailer_fold);
    tcase_add_test(tc, test_ch_chunk_start_lost);
    tcase_add_test(tc, test_http10_response);
    tcase_add_test(tc, test_http11_no_framing);
    tcase_add_test(tc, test_obs_fold);
    tcase_add_test(tc, test_obs_fold_ws_only);
    tcase_add_test(tc, test_continuation_first);
    tcase_add_test(tc, test_space_before_colon);
    tcase_add_test(tc, test_ows_trimmed);
    tcase_add_test(tc, test_no_colon);
    tcase_add_test(tc, test_req_double_space);
    tcase_add_test(tc, test_req_version_2digit);
    tcase_add_test(tc, test_req_version_lower);
    tcase_add_test(tc, test_req_trailing_space);
    tcase_add_test(tc, test_req_10_no_host);
    tcase_add_test(tc, test_req_missing_host);
    tcase_add_test(tc, test_req_version_20);
    tcase_add_test(tc, test_status_no_space);
    tcase_add_test(tc, test_status_two_digits);
    tcase_add_test(tc, test_status_099);
    tcase_add_test(tc, test_status_reason_spaces);
    tcase_add_test(tc, test_status_no_reason);
    tcase_add_test(tc, test_status_999);
    tcase_add_test(tc, test_info_then_response);
    tcase_add_test(tc, test_head_response_ignores_cl);
    tcase_add_test(tc, test_status_204_ignores_cl);
    tcase_add_test(tc, test_status_304_ignores_te);
    tcase_add_test(tc, test_data_when_must_close);
    tcase_add_test(tc, test_data_when_must_close_conn_close);
    tcase_add_test(tc, test_reason_with_tab_and_high_bytes);
    tcase_add_test(tc, test_header_value_high_bytes);
    tcase_add_test(tc, test_header_name_high_byte);
    tcase_add_test(tc, test_header_name_past_last_block);
    tcase_add_test(tc, test_header_line_all_name);
    tcase_add_test(tc, test_header_value_vt);
    tcase_add_test(tc, test_header_empty_value);
    tcase_add_test(tc, test_two_hosts_on_wire);
    tcase_add_test(tc, test_http10_keepalive_ignored);
    tcase_add_test(tc, test_head_response_chunked);
    tcase_add_test(tc, test_connect_response_2xx_no_body);
    tcase_add_test(tc, test_response_cl_body_split_eof);
    tcase_add_test(tc, test_response_two_cl_same);
    tcase_add_test(tc, test_response_te_and_cl);
    tcase_add_test(tc, test_informational_then_eof);
    tcase_add_test(tc, test_ch_zero_with_ext);
    tcase_add_test(tc, test_ch_data_split_at_footer);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
