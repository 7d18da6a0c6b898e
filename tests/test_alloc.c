/*
 * Allocation budget, counted through the allocator hooks (issue 5): a
 * keep-alive cycle allocates nothing once the connection's buffers have
 * grown, and an idle connection costs at most 1 KiB besides its buffers.
 * These count calls and bytes; they never time anything.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <h11/h11.h>

#include "h11_test_util.h"

static h11_conn *counted_conn(tu_meter *c, int role)
{
    h11_mem mem = tu_meter_mem(c);
    h11_conn *conn = NULL;
    ck_assert_int_eq(h11_conn_new(&conn, role, NULL, &mem), H11_OK);
    return conn;
}

static const char browser_get[] =
    "GET /articles/2024/http-parsing?page=2&sort=recent HTTP/1.1\r\n"
    "Host: www.example.com\r\n"
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
    "Accept-Language: en-US,en;q=0.5\r\n"
    "Accept-Encoding: gzip, deflate, br\r\n"
    "Connection: keep-alive\r\n"
    "Cookie: session=a1b2c3d4e5f6a1b2c3d4e5f6\r\n"
    "Cache-Control: max-age=0\r\n"
    "\r\n";

static const char chunked_response[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
    "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: 1\r\nX-Count: 2\r\n\r\n";

static h11_bytes bs(const char *s)
{
    h11_bytes b = {(const uint8_t *)s, strlen(s)};
    return b;
}

static int drain(h11_conn *c)
{
    const h11_event *ev;
    int rc, events = 0;
    while ((rc = h11_conn_next_event(c, &ev)) != H11_END_OF_MESSAGE) {
        ck_assert_int_ge(rc, H11_REQUEST);
        events++;
    }
    return events + 1;
}

static void server_cycle(h11_conn *c)
{
    h11_header hdr = {bs("content-type"), bs("Content-Type"), bs("text/plain")};
    h11_event resp, data, eom;
    memset(&resp, 0, sizeof resp);
    resp.type = H11_RESPONSE;
    resp.status_code = 200;
    resp.reason = bs("OK");
    resp.headers = &hdr;
    resp.n_headers = 1;
    memset(&data, 0, sizeof data);
    data.type = H11_DATA;
    data.data = bs("hello");
    memset(&eom, 0, sizeof eom);
    eom.type = H11_END_OF_MESSAGE;
    ck_assert_int_eq(h11_conn_receive_data(c, (const uint8_t *)browser_get, sizeof browser_get - 1),
                     H11_OK);
    drain(c);
    ck_assert_int_eq(h11_conn_send(c, &resp), H11_OK);
    ck_assert_int_eq(h11_conn_send(c, &data), H11_OK);
    ck_assert_int_eq(h11_conn_send(c, &eom), H11_OK);
    h11_conn_consume_output(c, (size_t)-1);
    ck_assert_int_eq(h11_conn_start_next_cycle(c), H11_OK);
}

static void client_cycle(h11_conn *c)
{
    h11_header host = {bs("host"), bs("Host"), bs("example.com")};
    h11_event req, eom;
    memset(&req, 0, sizeof req);
    req.type = H11_REQUEST;
    req.method = bs("GET");
    req.target = bs("/");
    req.headers = &host;
    req.n_headers = 1;
    memset(&eom, 0, sizeof eom);
    eom.type = H11_END_OF_MESSAGE;
    ck_assert_int_eq(h11_conn_send(c, &req), H11_OK);
    ck_assert_int_eq(h11_conn_send(c, &eom), H11_OK);
    h11_conn_consume_output(c, (size_t)-1);
    ck_assert_int_eq(h11_conn_receive_data(c, (const uint8_t *)chunked_response,
                                           sizeof chunked_response - 1),
                     H11_OK);
    drain(c);
    ck_assert_int_eq(h11_conn_start_next_cycle(c), H11_OK);
}

START_TEST(test_server_keepalive_cycle_allocates_nothing)
{
    tu_meter m;
    h11_conn *c = counted_conn(&m, H11_SERVER);
    int i;
    for (i = 0; i < 3; i++)
        server_cycle(c);
    m.calls = 0;
    for (i = 0; i < 100; i++)
        server_cycle(c);
    ck_assert_uint_eq(m.calls, 0);
    h11_conn_del(c);
    ck_assert_uint_eq(m.live, 0);
}
END_TEST

START_TEST(test_client_cycle_allocates_nothing)
{
    tu_meter m;
    h11_conn *c = counted_conn(&m, H11_CLIENT);
    int i;
    for (i = 0; i < 3; i++)
        client_cycle(c);
    m.calls = 0;
    for (i = 0; i < 100; i++)
        client_cycle(c);
    ck_assert_uint_eq(m.calls, 0);
    h11_conn_del(c);
    ck_assert_uint_eq(m.live, 0);
}
END_TEST

/* A connection that has not seen a byte holds no buffers at all: all it
 * holds is its own state, which must stay within 1 KiB. */
START_TEST(test_idle_connection_within_1k)
{
    tu_meter m;
    h11_conn *c = counted_conn(&m, H11_SERVER);
    ck_assert_uint_le(m.live, 1024);
    h11_conn_del(c);
    ck_assert_uint_eq(m.live, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("alloc");
    TCase *tc = tcase_create("budget");
    SRunner *sr;
    int failed;
    tcase_add_test(tc, test_server_keepalive_cycle_allocates_nothing);
    tcase_add_test(tc, test_client_cycle_allocates_nothing);
    tcase_add_test(tc, test_idle_connection_within_1k);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
