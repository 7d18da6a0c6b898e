/*
 * Writers (h11._writers and Connection.send): exact bytes for requests,
 * responses, chunked bodies and trailers, the automatic response-header
 * rewriting of digest section 10.4, HTTP/1.0 peers, HEAD/204/304, the body
 * writer errors, data passthrough and the output buffer calls.
 *
 * Every expected byte string and state pair comes from running the h11 0.16.0
 * snippet in the comment above the test; the fixtures named there are
 * created below exactly as the snippet describes.
 */
#include "h11_test_util.h"

static h11_conn *server_with(const char *head)
{
    h11_conn *c = tu_conn(H11_SERVER);
    ck_assert_int_eq(h11_conn_receive_data(c, (const uint8_t *)head, strlen(head)), H11_OK);
    const char *r = tu_drain(c);
    ck_assert_msg(strstr(r, "EOM([]) | NEED_DATA") != NULL, "fixture: %s", r);
    return c;
}

static h11_conn *server_after_get(void) { return tu_server_after_get(); }
static h11_conn *server_after_get10(void) { return server_with("GET / HTTP/1.0\r\n\r\n"); }
static h11_conn *server_after_head(void) { return server_with("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n"); }
static h11_conn *server_after_close(void)
{
    return server_with("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
}

static h11_event *with_version(h11_event *ev, const char *v)
{
    ev->http_version = tu_b(v);
    return ev;
}

static h11_event *with_reason(h11_event *ev, const char *r)
{
    ev->reason = tu_b(r);
    return ev;
}

static h11_event *repeated_data(char ch, size_t n)
{
    static char buf[4][1024];
    static unsigned next;
    char *b = buf[next++ % 4];
    ck_assert_uint_lt(n, sizeof buf[0]);
    memset(b, ch, n);
    return tu_data_n(b, n);
}

/* pre + n x ch + post, for expected output with long payloads. */
static const char *framed(const char *pre, char ch, size_t n, const char *post)
{
    char *b = tu_buf();
    tu_cat(b, "%s", pre);
    size_t used = strlen(b);
    ck_assert_uint_lt(used + n + strlen(post), TU_BUF);
    memset(b + used, ch, n);
    b[used + n] = '\0';
    tu_cat(b, "%s", post);
    return b;
}

/*
 * c = h11.Connection(h11.CLIENT)
 * c.send(h11.Request(method=b'GET', target=b'/', headers=[(b'Host', b'a')]))
 * c.send(h11.EndOfMessage())
 * -> states DONE/SEND_RESPONSE */
START_TEST(test_get_request)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    ck_assert_str_eq(tu_send(c, tu_req("GET", "/", "Host", "a", NULL)), "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_eom(NULL)), "");
    ck_assert_str_eq(tu_states(c), "DONE/SEND_RESPONSE");
    h11_conn_del(c);
}
END_TEST

/* Host headers are written first
 * c = h11.Connection(h11.CLIENT)
 * c.send(h11.Request(method=b'GET', target=b'/', headers=[(b'X', b'y'), (b'Host', b'a'), (b'Z', b'z')]))
 * -> states SEND_BODY/SEND_RESPONSE */
START_TEST(test_host_moved_first)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    ck_assert_str_eq(tu_send(c, tu_req("GET", "/", "X", "y", "Host", "a", "Z", "z", NULL)), "GET / HTTP/1.1\r\nHost: a\r\nX: y\r\nZ: z\r\n\r\n");
    ck_assert_str_eq(tu_states(c), "SEND_BODY/SEND_RESPONSE");
    h11_conn_del(c);
}
END_TEST

/*
 * c = h11.Connection(h11.CLIENT)
 * c.send(h11.Request(method=b'GET', target=b'/', headers=[(b'hOsT', b'a'), (b'X-CamelCase', b'v')]))
 * -> states SEND_BODY/SEND_RESPONSE */
START_TEST(test_raw_case_kept)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    ck_assert_str_eq(tu_send(c, tu_req("GET", "/", "hOsT", "a", "X-CamelCase", "v", NULL)), "GET / HTTP/1.1\r\nhOsT: a\r\nX-CamelCase: v\r\n\r\n");
    ck_assert_str_eq(tu_states(c), "SEND_BODY/SEND_RESPONSE");
    h11_conn_del(c);
}
END_TEST

/*
 * c = h11.Connection(h11.CLIENT)
 * c.send(h11.Request(method=b'POST', target=b'/u', headers=[(b'Host', b'a'), (b'Content-Length', b'5')]))
 * c.send(h11.Data(data=b'hel'))
 * c.send(h11.Data(data=b'lo'))
 * c.send(h11.EndOfMessage())
 * -> states DONE/SEND_RESPONSE */
START_TEST(test_post_content_length)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    ck_assert_str_eq(tu_send(c, tu_req("POST", "/u", "Host", "a", "Content-Length", "5", NULL)), "POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_data("hel")), "hel");
    ck_assert_str_eq(tu_send(c, tu_data("lo")), "lo");
    ck_assert_str_eq(tu_send(c, tu_eom(NULL)), "");
    ck_assert_str_eq(tu_states(c), "DONE/SEND_RESPONSE");
    h11_conn_del(c);
}
END_TEST

/* chunk sizes in lowercase hex; Data(b'') writes nothing
 * c = h11.Connection(h11.CLIENT)
 * c.send(h11.Request(method=b'POST', target=b'/', headers=[(b'Host', b'a'), (b'Transfer-Encoding', b'Chunked')]))
 * c.send(h11.Data(data=b'hello'))
 * c.send(h11.Data(data=b''))
 * c.send(h11.Data(data=b'x'*26))
 * c.send(h11.EndOfMessage())
 * -> states DONE/SEND_RESPONSE */
START_TEST(test_post_chunked)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    ck_assert_str_eq(tu_send(c, tu_req("POST", "/", "Host", "a", "Transfer-Encoding", "Chunked", NULL)), "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_data("hello")), "5\r\nhello\r\n");
    ck_assert_str_eq(tu_send(c, tu_data("")), "");
    ck_assert_str_eq(tu_send(c, repeated_data('x', 26)), "1a\r\nxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n");
    ck_assert_str_eq(tu_send(c, tu_eom(NULL)), "0\r\n\r\n");
    ck_assert_str_eq(tu_states(c), "DONE/SEND_RESPONSE");
    h11_conn_del(c);
}
END_TEST

/* trailers get the same Host-first ordering
 * c = h11.Connection(h11.CLIENT)
 * c.send(h11.Request(method=b'POST', target=b'/', headers=[(b'Host', b'a'), (b'Transfer-Encoding', b'chunked')]))
 * c.send(h11.EndOfMessage(headers=[(b'X-Sum', b'1'), (b'host', b'h')]))
 * -> states DONE/SEND_RESPONSE */
START_TEST(test_chunked_trailers)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    ck_assert_str_eq(tu_send(c, tu_req("POST", "/", "Host", "a", "Transfer-Encoding", "chunked", NULL)), "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_eom("X-Sum", "1", "host", "h", NULL)), "0\r\nhost: h\r\nX-Sum: 1\r\n\r\n");
    ck_assert_str_eq(tu_states(c), "DONE/SEND_RESPONSE");
    h11_conn_del(c);
}
END_TEST

/*
 * c = h11.Connection(h11.CLIENT)
 * c.send(h11.Request(method=b'POST', target=b'/', headers=[(b'Host', b'a'), (b'Content-Length', b'2, 2'), (b'content-length', b'2')]))
 * -> states SEND_BODY/SEND_RESPONSE */
START_TEST(test_request_cl_collapsed)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    ck_assert_str_eq(tu_send(c, tu_req("POST", "/", "Host", "a", "Content-Length", "2, 2", "content-length", "2", NULL)), "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n");
    ck_assert_str_eq(tu_states(c), "SEND_BODY/SEND_RESPONSE");
    h11_conn_del(c);
}
END_TEST

/* no framing headers on a request = length 0
 * c = h11.Connection(h11.CLIENT)
 * c.send(h11.Request(method=b'GET', target=b'/', headers=[(b'Host', b'a')]))
 * c.send(h11.Data(data=b'x'))
 * -> states ERROR/SEND_RESPONSE */
START_TEST(test_request_no_body_data)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    ck_assert_str_eq(tu_send(c, tu_req("GET", "/", "Host", "a", NULL)), "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_data("x")), "Local 400: Too much data for declared Content-Length");
    ck_assert_str_eq(tu_states(c), "ERROR/SEND_RESPONSE");
    h11_conn_del(c);
}
END_TEST

/*
 * c = h11.Connection(h11.CLIENT)
 * c.send(h11.Request(method=b'GET', target=b'/', headers=[(b'Host', b'a')]))
 * c.send(h11.EndOfMessage(headers=[(b'X', b'y')]))
 * -> states ERROR/SEND_RESPONSE */
START_TEST(test_request_no_body_trailers)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    ck_assert_str_eq(tu_send(c, tu_req("GET", "/", "Host", "a", NULL)), "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_eom("X", "y", NULL)), "Local 400: Content-Length and trailers don't mix");
    ck_assert_str_eq(tu_states(c), "ERROR/SEND_RESPONSE");
    h11_conn_del(c);
}
END_TEST

/*
 * c = h11.Connection(h11.CLIENT)
 * c.send(h11.Request(method=b'POST', target=b'/', headers=[(b'Host', b'a'), (b'Content-Length', b'2')]))
 * c.send(h11.Data(data=b'abc'))
 * -> states ERROR/SEND_RESPONSE */
START_TEST(test_cl_too_much)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    ck_assert_str_eq(tu_send(c, tu_req("POST", "/", "Host", "a", "Content-Length", "2", NULL)), "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_data("abc")), "Local 400: Too much data for declared Content-Length");
    ck_assert_str_eq(tu_states(c), "ERROR/SEND_RESPONSE");
    h11_conn_del(c);
}
END_TEST

/*
 * c = h11.Connection(h11.CLIENT)
 * c.send(h11.Request(method=b'POST', target=b'/', headers=[(b'Host', b'a'), (b'Content-Length', b'2')]))
 * c.send(h11.Data(data=b'a'))
 * c.send(h11.EndOfMessage())
 * -> states ERROR/SEND_RESPONSE */
START_TEST(test_cl_too_little)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    ck_assert_str_eq(tu_send(c, tu_req("POST", "/", "Host", "a", "Content-Length", "2", NULL)), "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_data("a")), "a");
    ck_assert_str_eq(tu_send(c, tu_eom(NULL)), "Local 400: Too little data for declared Content-Length");
    ck_assert_str_eq(tu_states(c), "ERROR/SEND_RESPONSE");
    h11_conn_del(c);
}
END_TEST

/*
 * c = h11.Connection(h11.CLIENT)
 * c.send(h11.Request(method=b'POST', target=b'/', headers=[(b'Host', b'a'), (b'Content-Length', b'1')]))
 * c.send(h11.Data(data=b'a'))
 * c.send(h11.EndOfMessage(headers=[(b'X', b'y')]))
 * -> states ERROR/SEND_RESPONSE */
START_TEST(test_cl_trailers)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    ck_assert_str_eq(tu_send(c, tu_req("POST", "/", "Host", "a", "Content-Length", "1", NULL)), "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_data("a")), "a");
    ck_assert_str_eq(tu_send(c, tu_eom("X", "y", NULL)), "Local 400: Content-Length and trailers don't mix");
    ck_assert_str_eq(tu_states(c), "ERROR/SEND_RESPONSE");
    h11_conn_del(c);
}
END_TEST

/*
 * c = h11.Connection(h11.CLIENT)
 * c.send(h11.Request(method=b'POST', target=b'/', headers=[(b'Host', b'a'), (b'Content-Length', b'1')]))
 * c.send(h11.Data(data=b''))
 * c.send(h11.Data(data=b'a'))
 * c.send(h11.EndOfMessage())
 * -> states DONE/SEND_RESPONSE */
START_TEST(test_cl_empty_data)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    ck_assert_str_eq(tu_send(c, tu_req("POST", "/", "Host", "a", "Content-Length", "1", NULL)), "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_data("")), "");
    ck_assert_str_eq(tu_send(c, tu_data("a")), "a");
    ck_assert_str_eq(tu_send(c, tu_eom(NULL)), "");
    ck_assert_str_eq(tu_states(c), "DONE/SEND_RESPONSE");
    h11_conn_del(c);
}
END_TEST

/* the version check runs after the state transition
 * c = h11.Connection(h11.CLIENT)
 * c.send(h11.Request(method=b'GET', target=b'/', headers=[], http_version=b'1.0'))
 * -> states ERROR/SEND_RESPONSE */
START_TEST(test_request_version_10)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    ck_assert_str_eq(tu_send(c, with_version(tu_req("GET", "/", NULL), "1.0")), "Local 400: I only send HTTP/1.1");
    ck_assert_str_eq(tu_states(c), "ERROR/SEND_RESPONSE");
    h11_conn_del(c);
}
END_TEST

/*
 * server that received b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"
 * c.send(h11.Response(status_code=200, headers=[]))
 * c.send(h11.Data(data=b'1234567890'))
 * c.send(h11.EndOfMessage(headers=[(b'hello', b'there')]))
 * -> states DONE/DONE */
START_TEST(test_response_chunked_added)
{
    h11_conn *c = server_after_get();
    ck_assert_str_eq(tu_send(c, tu_resp(200, NULL)), "HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_data("1234567890")), "a\r\n1234567890\r\n");
    ck_assert_str_eq(tu_send(c, tu_eom("hello", "there", NULL)), "0\r\nhello: there\r\n\r\n");
    ck_assert_str_eq(tu_states(c), "DONE/DONE");
    h11_conn_del(c);
}
END_TEST

/*
 * server that received b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"
 * c.send(h11.Response(status_code=404, headers=[(b'Content-Length', b'0')], reason=b'Not Found'))
 * c.send(h11.EndOfMessage())
 * -> states DONE/DONE */
START_TEST(test_response_reason)
{
    h11_conn *c = server_after_get();
    ck_assert_str_eq(tu_send(c, with_reason(tu_resp(404, "Content-Length", "0", NULL), "Not Found")), "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_eom(NULL)), "");
    ck_assert_str_eq(tu_states(c), "DONE/DONE");
    h11_conn_del(c);
}
END_TEST

/*
 * server that received b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"
 * c.send(h11.Response(status_code=200, headers=[(b'Content-Length', b'3')]))
 * c.send(h11.Data(data=b'abc'))
 * c.send(h11.EndOfMessage())
 * -> states DONE/DONE */
START_TEST(test_response_cl_kept)
{
    h11_conn *c = server_after_get();
    ck_assert_str_eq(tu_send(c, tu_resp(200, "Content-Length", "3", NULL)), "HTTP/1.1 200 \r\nContent-Length: 3\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_data("abc")), "abc");
    ck_assert_str_eq(tu_send(c, tu_eom(NULL)), "");
    ck_assert_str_eq(tu_states(c), "DONE/DONE");
    h11_conn_del(c);
}
END_TEST

/* digest 10.4: TE is re-appended in Title-Case
 * server that received b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"
 * c.send(h11.Response(status_code=200, headers=[(b'transfer-encoding', b'chunked'), (b'X-Foo', b'bar')]))
 * -> states DONE/SEND_BODY */
START_TEST(test_response_te_moved_last)
{
    h11_conn *c = server_after_get();
    ck_assert_str_eq(tu_send(c, tu_resp(200, "transfer-encoding", "chunked", "X-Foo", "bar", NULL)), "HTTP/1.1 200 \r\nX-Foo: bar\r\nTransfer-Encoding: chunked\r\n\r\n");
    ck_assert_str_eq(tu_states(c), "DONE/SEND_BODY");
    h11_conn_del(c);
}
END_TEST

/*
 * server that received b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"
 * c.send(h11.Response(status_code=200, headers=[(b'Content-Length', b'3'), (b'Transfer-Encoding', b'chunked')]))
 * -> states DONE/SEND_BODY */
START_TEST(test_response_cl_removed_when_te)
{
    h11_conn *c = server_after_get();
    ck_assert_str_eq(tu_send(c, tu_resp(200, "Content-Length", "3", "Transfer-Encoding", "chunked", NULL)), "HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\n");
    ck_assert_str_eq(tu_states(c), "DONE/SEND_BODY");
    h11_conn_del(c);
}
END_TEST

/* HTTP/1.0 peer: no chunking, Connection: close
 * server that received b"GET / HTTP/1.0\r\n\r\n"
 * c.send(h11.Response(status_code=200, headers=[]))
 * c.send(h11.Data(data=b'12345'))
 * c.send(h11.EndOfMessage())
 * -> states MUST_CLOSE/MUST_CLOSE */
START_TEST(test_response_http10)
{
    h11_conn *c = server_after_get10();
    ck_assert_str_eq(tu_send(c, tu_resp(200, NULL)), "HTTP/1.1 200 \r\nConnection: close\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_data("12345")), "12345");
    ck_assert_str_eq(tu_send(c, tu_eom(NULL)), "");
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/MUST_CLOSE");
    h11_conn_del(c);
}
END_TEST

/*
 * server that received b"GET / HTTP/1.0\r\n\r\n"
 * c.send(h11.Response(status_code=200, headers=[(b'Content-Length', b'2')]))
 * c.send(h11.Data(data=b'ab'))
 * c.send(h11.EndOfMessage())
 * -> states MUST_CLOSE/MUST_CLOSE */
START_TEST(test_response_http10_cl)
{
    h11_conn *c = server_after_get10();
    ck_assert_str_eq(tu_send(c, tu_resp(200, "Content-Length", "2", NULL)), "HTTP/1.1 200 \r\nContent-Length: 2\r\nConnection: close\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_data("ab")), "ab");
    ck_assert_str_eq(tu_send(c, tu_eom(NULL)), "");
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/MUST_CLOSE");
    h11_conn_del(c);
}
END_TEST

/*
 * server that received b"GET / HTTP/1.0\r\n\r\n"
 * c.send(h11.Response(status_code=200, headers=[(b'Transfer-Encoding', b'chunked')]))
 * c.send(h11.Data(data=b'ab'))
 * -> states MUST_CLOSE/SEND_BODY */
START_TEST(test_response_http10_te_removed)
{
    h11_conn *c = server_after_get10();
    ck_assert_str_eq(tu_send(c, tu_resp(200, "Transfer-Encoding", "chunked", NULL)), "HTTP/1.1 200 \r\nConnection: close\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_data("ab")), "ab");
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/SEND_BODY");
    h11_conn_del(c);
}
END_TEST

/*
 * server that received b"GET / HTTP/1.0\r\n\r\n"
 * c.send(h11.Response(status_code=200, headers=[]))
 * c.send(h11.EndOfMessage(headers=[(b'X', b'y')]))
 * -> states MUST_CLOSE/ERROR */
START_TEST(test_response_http10_trailers)
{
    h11_conn *c = server_after_get10();
    ck_assert_str_eq(tu_send(c, tu_resp(200, NULL)), "HTTP/1.1 200 \r\nConnection: close\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_eom("X", "y", NULL)), "Local 400: can't send trailers to HTTP/1.0 client");
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/ERROR");
    h11_conn_del(c);
}
END_TEST

/*
 * server that received b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
 * c.send(h11.Response(status_code=200, headers=[(b'Connection', b'keep-alive'), (b'Content-Length', b'0')]))
 * -> states MUST_CLOSE/SEND_BODY */
START_TEST(test_close_replaces_keepalive)
{
    h11_conn *c = server_after_close();
    ck_assert_str_eq(tu_send(c, tu_resp(200, "Connection", "keep-alive", "Content-Length", "0", NULL)), "HTTP/1.1 200 \r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/SEND_BODY");
    h11_conn_del(c);
}
END_TEST

/* one Connection header per token, sorted
 * server that received b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
 * c.send(h11.Response(status_code=200, headers=[(b'Connection', b'Upgrade, Foo'), (b'Content-Length', b'0')]))
 * -> states MUST_CLOSE/SEND_BODY */
START_TEST(test_close_tokens_sorted)
{
    h11_conn *c = server_after_close();
    ck_assert_str_eq(tu_send(c, tu_resp(200, "Connection", "Upgrade, Foo", "Content-Length", "0", NULL)), "HTTP/1.1 200 \r\nContent-Length: 0\r\nConnection: close\r\nConnection: foo\r\nConnection: upgrade\r\n\r\n");
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/SEND_BODY");
    h11_conn_del(c);
}
END_TEST

/*
 * server that received b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"
 * c.send(h11.Response(status_code=200, headers=[(b'Connection', b'keep-alive'), (b'Content-Length', b'0')]))
 * -> states DONE/SEND_BODY */
START_TEST(test_keepalive_left_alone)
{
    h11_conn *c = server_after_get();
    ck_assert_str_eq(tu_send(c, tu_resp(200, "Connection", "keep-alive", "Content-Length", "0", NULL)), "HTTP/1.1 200 \r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n");
    ck_assert_str_eq(tu_states(c), "DONE/SEND_BODY");
    h11_conn_del(c);
}
END_TEST

/*
 * server that received b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"
 * c.send(h11.Response(status_code=200, headers=[(b'Connection', b'close'), (b'Content-Length', b'0')]))
 * c.send(h11.EndOfMessage())
 * -> states MUST_CLOSE/MUST_CLOSE */
START_TEST(test_own_close_kept_in_place)
{
    h11_conn *c = server_after_get();
    ck_assert_str_eq(tu_send(c, tu_resp(200, "Connection", "close", "Content-Length", "0", NULL)), "HTTP/1.1 200 \r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_eom(NULL)), "");
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/MUST_CLOSE");
    h11_conn_del(c);
}
END_TEST

/* HEAD: same headers as GET, body length 0
 * server that received b"HEAD / HTTP/1.1\r\nHost: a\r\n\r\n"
 * c.send(h11.Response(status_code=200, headers=[]))
 * c.send(h11.Data(data=b'x'))
 * -> states MUST_CLOSE/ERROR */
START_TEST(test_head_response_framing)
{
    h11_conn *c = server_after_head();
    ck_assert_str_eq(tu_send(c, tu_resp(200, NULL)), "HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_data("x")), "Local 400: Too much data for declared Content-Length");
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/ERROR");
    h11_conn_del(c);
}
END_TEST

/*
 * server that received b"HEAD / HTTP/1.1\r\nHost: a\r\n\r\n"
 * c.send(h11.Response(status_code=200, headers=[(b'Content-Length', b'10')]))
 * c.send(h11.EndOfMessage())
 * -> states DONE/DONE */
START_TEST(test_head_response_cl_untouched)
{
    h11_conn *c = server_after_head();
    ck_assert_str_eq(tu_send(c, tu_resp(200, "Content-Length", "10", NULL)), "HTTP/1.1 200 \r\nContent-Length: 10\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_eom(NULL)), "");
    ck_assert_str_eq(tu_states(c), "DONE/DONE");
    h11_conn_del(c);
}
END_TEST

/*
 * server that received b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"
 * c.send(h11.Response(status_code=204, headers=[(b'Transfer-Encoding', b'chunked')]))
 * c.send(h11.Data(data=b'x'))
 * -> states MUST_CLOSE/ERROR */
START_TEST(test_response_204_keeps_te)
{
    h11_conn *c = server_after_get();
    ck_assert_str_eq(tu_send(c, tu_resp(204, "Transfer-Encoding", "chunked", NULL)), "HTTP/1.1 204 \r\nTransfer-Encoding: chunked\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_data("x")), "Local 400: Too much data for declared Content-Length");
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/ERROR");
    h11_conn_del(c);
}
END_TEST

/*
 * server that received b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"
 * c.send(h11.Response(status_code=304, headers=[(b'Content-Length', b'5')]))
 * c.send(h11.EndOfMessage())
 * -> states DONE/DONE */
START_TEST(test_response_304)
{
    h11_conn *c = server_after_get();
    ck_assert_str_eq(tu_send(c, tu_resp(304, "Content-Length", "5", NULL)), "HTTP/1.1 304 \r\nContent-Length: 5\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_eom(NULL)), "");
    ck_assert_str_eq(tu_states(c), "DONE/DONE");
    h11_conn_del(c);
}
END_TEST

/* no request seen: their_http_version is None
 * c = h11.Connection(h11.SERVER)
 * c.send(h11.Response(status_code=408, headers=[]))
 * c.send(h11.EndOfMessage())
 * -> states IDLE/MUST_CLOSE */
START_TEST(test_response_from_idle)
{
    h11_conn *c = tu_conn(H11_SERVER);
    ck_assert_str_eq(tu_send(c, tu_resp(408, NULL)), "HTTP/1.1 408 \r\nConnection: close\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_eom(NULL)), "");
    ck_assert_str_eq(tu_states(c), "IDLE/MUST_CLOSE");
    h11_conn_del(c);
}
END_TEST

/*
 * c = h11.Connection(h11.SERVER)
 * c.send(h11.Response(status_code=400, headers=[(b'Content-Length', b'0')]))
 * c.send(h11.EndOfMessage())
 * -> states IDLE/DONE */
START_TEST(test_response_from_idle_cl)
{
    h11_conn *c = tu_conn(H11_SERVER);
    ck_assert_str_eq(tu_send(c, tu_resp(400, "Content-Length", "0", NULL)), "HTTP/1.1 400 \r\nContent-Length: 0\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_eom(NULL)), "");
    ck_assert_str_eq(tu_states(c), "IDLE/DONE");
    h11_conn_del(c);
}
END_TEST

/*
 * server that received b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"
 * c.send(h11.InformationalResponse(status_code=100, headers=[]))
 * c.send(h11.InformationalResponse(status_code=103, headers=[(b'Link', b'</a>')]))
 * c.send(h11.Response(status_code=200, headers=[(b'Content-Length', b'0')]))
 * -> states DONE/SEND_BODY */
START_TEST(test_informational_responses)
{
    h11_conn *c = server_after_get();
    ck_assert_str_eq(tu_send(c, tu_resp(100, NULL)), "HTTP/1.1 100 \r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_resp(103, "Link", "</a>", NULL)), "HTTP/1.1 103 \r\nLink: </a>\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_resp(200, "Content-Length", "0", NULL)), "HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n");
    ck_assert_str_eq(tu_states(c), "DONE/SEND_BODY");
    h11_conn_del(c);
}
END_TEST

/*
 * server that received b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
 * c.send(h11.InformationalResponse(status_code=102, headers=[(b'Transfer-Encoding', b'chunked')]))
 * -> states MUST_CLOSE/SEND_RESPONSE */
START_TEST(test_informational_not_rewritten)
{
    h11_conn *c = server_after_close();
    ck_assert_str_eq(tu_send(c, tu_resp(102, "Transfer-Encoding", "chunked", NULL)), "HTTP/1.1 102 \r\nTransfer-Encoding: chunked\r\n\r\n");
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/SEND_RESPONSE");
    h11_conn_del(c);
}
END_TEST

/*
 * server that received b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"
 * c.send(h11.Response(status_code=200, headers=[], http_version=b'1.0'))
 * -> states MUST_CLOSE/ERROR */
START_TEST(test_response_version_10)
{
    h11_conn *c = server_after_get();
    ck_assert_str_eq(tu_send(c, with_version(tu_resp(200, NULL), "1.0")), "Local 400: I only send HTTP/1.1");
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/ERROR");
    h11_conn_del(c);
}
END_TEST

/*
 * server that received b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"
 * c.send(h11.Response(status_code=200, headers=[], http_version=b'1.0'))
 * c.send(h11.Response(status_code=200, headers=[]))
 * -> states MUST_CLOSE/ERROR */
START_TEST(test_send_after_error)
{
    h11_conn *c = server_after_get();
    ck_assert_str_eq(tu_send(c, with_version(tu_resp(200, NULL), "1.0")), "Local 400: I only send HTTP/1.1");
    ck_assert_str_eq(tu_send(c, tu_resp(200, NULL)), "Local 400: Can't send data when our state is ERROR");
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/ERROR");
    h11_conn_del(c);
}
END_TEST

/*
 * c = h11.Connection(h11.CLIENT)
 * c.send(h11.ConnectionClosed())
 * -> states CLOSED/MUST_CLOSE */
START_TEST(test_connection_closed_no_bytes)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    ck_assert_str_eq(tu_send(c, tu_closed()), "");
    ck_assert_str_eq(tu_states(c), "CLOSED/MUST_CLOSE");
    h11_conn_del(c);
}
END_TEST

/*
 * server that received b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"
 * c.send(h11.Response(status_code=200, headers=[(b'X-Empty', b''), (b'Content-Length', b'0')]))
 * -> states DONE/SEND_BODY */
START_TEST(test_empty_header_value)
{
    h11_conn *c = server_after_get();
    ck_assert_str_eq(tu_send(c, tu_resp(200, "X-Empty", "", "Content-Length", "0", NULL)), "HTTP/1.1 200 \r\nX-Empty: \r\nContent-Length: 0\r\n\r\n");
    ck_assert_str_eq(tu_states(c), "DONE/SEND_BODY");
    h11_conn_del(c);
}
END_TEST

/*
 * server that received b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"
 * c.send(h11.Response(status_code=200, headers=[]))
 * c.send(h11.Data(data=b'y'*255))
 * c.send(h11.Data(data=b'zzzzzzzzzzzzzzzz'))
 * -> states DONE/SEND_BODY */
START_TEST(test_chunk_size_hex)
{
    h11_conn *c = server_after_get();
    ck_assert_str_eq(tu_send(c, tu_resp(200, NULL)), "HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\n");
    ck_assert_str_eq(tu_send(c, repeated_data('y', 255)), framed("ff\r\n", 'y', 255, "\r\n"));
    ck_assert_str_eq(tu_send(c, tu_data("zzzzzzzzzzzzzzzz")), "10\r\nzzzzzzzzzzzzzzzz\r\n");
    ck_assert_str_eq(tu_states(c), "DONE/SEND_BODY");
    h11_conn_del(c);
}
END_TEST

/* TE wins over CL; the request keeps both headers as given
 * c = h11.Connection(h11.CLIENT)
 * c.send(h11.Request(method=b'POST', target=b'/', headers=[(b'Host', b'a'), (b'Content-Length', b'3'), (b'Transfer-Encoding', b'chunked')]))
 * c.send(h11.Data(data=b'abcdef'))
 * c.send(h11.EndOfMessage())
 * -> states DONE/SEND_RESPONSE */
START_TEST(test_request_te_and_cl)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    ck_assert_str_eq(tu_send(c, tu_req("POST", "/", "Host", "a", "Content-Length", "3", "Transfer-Encoding", "chunked", NULL)), "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_data("abcdef")), "6\r\nabcdef\r\n");
    ck_assert_str_eq(tu_send(c, tu_eom(NULL)), "0\r\n\r\n");
    ck_assert_str_eq(tu_states(c), "DONE/SEND_RESPONSE");
    h11_conn_del(c);
}
END_TEST

/*
 * c = h11.Connection(h11.CLIENT)
 * c.send(h11.Request(method=b'POST', target=b'/', headers=[(b'Host', b'a'), (b'Content-Length', b'99999999999999999999')]))
 * c.send(h11.Data(data=b'abc'))
 * c.send(h11.EndOfMessage())
 * -> states ERROR/SEND_RESPONSE */
START_TEST(test_cl_20_digits_too_little)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    ck_assert_str_eq(tu_send(c, tu_req("POST", "/", "Host", "a", "Content-Length", "99999999999999999999", NULL)), "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_data("abc")), "abc");
    ck_assert_str_eq(tu_send(c, tu_eom(NULL)), "Local 400: Too little data for declared Content-Length");
    ck_assert_str_eq(tu_states(c), "ERROR/SEND_RESPONSE");
    h11_conn_del(c);
}
END_TEST

/*
 * server that received b"HEAD / HTTP/1.1\r\nHost: a\r\n\r\n"
 * c.send(h11.Response(status_code=200, headers=[(b'Content-Length', b'5')]))
 * c.send(h11.Data(data=b''))
 * c.send(h11.EndOfMessage())
 * -> states DONE/DONE */
START_TEST(test_head_response_empty_data)
{
    h11_conn *c = server_after_head();
    ck_assert_str_eq(tu_send(c, tu_resp(200, "Content-Length", "5", NULL)), "HTTP/1.1 200 \r\nContent-Length: 5\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_data("")), "");
    ck_assert_str_eq(tu_send(c, tu_eom(NULL)), "");
    ck_assert_str_eq(tu_states(c), "DONE/DONE");
    h11_conn_del(c);
}
END_TEST

/*
 * server that received b"GET / HTTP/1.0\r\n\r\n"
 * c.send(h11.Response(status_code=200, headers=[]))
 * c.send(h11.Data(data=b''))
 * c.send(h11.Data(data=b'x'))
 * -> states MUST_CLOSE/SEND_BODY */
START_TEST(test_http10_empty_data)
{
    h11_conn *c = server_after_get10();
    ck_assert_str_eq(tu_send(c, tu_resp(200, NULL)), "HTTP/1.1 200 \r\nConnection: close\r\n\r\n");
    ck_assert_str_eq(tu_send(c, tu_data("")), "");
    ck_assert_str_eq(tu_send(c, tu_data("x")), "x");
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/SEND_BODY");
    h11_conn_del(c);
}
END_TEST

/*
 * server that received b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
 * c.send(h11.Response(status_code=200, headers=[(b'Connection', b'Keep-Alive, X-Token'), (b'Content-Length', b'0')]))
 * -> states MUST_CLOSE/SEND_BODY */
START_TEST(test_response_connection_tokens_lowercased)
{
    h11_conn *c = server_after_close();
    ck_assert_str_eq(tu_send(c, tu_resp(200, "Connection", "Keep-Alive, X-Token", "Content-Length", "0", NULL)), "HTTP/1.1 200 \r\nContent-Length: 0\r\nConnection: close\r\nConnection: x-token\r\n\r\n");
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/SEND_BODY");
    h11_conn_del(c);
}
END_TEST

static const char *passthrough(h11_conn *c, uint64_t len)
{
    h11_bytes before = {(const uint8_t *)"junk", 4}, after = {(const uint8_t *)"junk", 4};
    int rc = h11_conn_send_data_passthrough(c, len, &before, &after);
    if (rc < 0)
        return tu_conn_error(c, rc);
    char *b = tu_buf();
    tu_cat(b, "%d [", rc);
    tu_cat_view(b, before);
    tu_cat(b, "] [");
    tu_cat_view(b, after);
    tu_cat(b, "]");
    /* Passthrough framing never lands in the pending output. */
    const uint8_t *out;
    ck_assert_uint_eq(h11_conn_pending_output(c, &out), 0);
    return b;
}

/* server_after_get; c.send(Response(200, [("Content-Length", "5")]));
 * c.send_with_data_passthrough(Data(data=b"hello")) -> [b'hello'] */
START_TEST(test_passthrough_content_length)
{
    h11_conn *c = server_after_get();
    TU_SEND_OK(c, tu_resp(200, "Content-Length", "5", NULL));
    tu_discard_output(c);
    ck_assert_str_eq(passthrough(c, 5), "1 [] []");
    ck_assert_str_eq(tu_send(c, tu_eom(NULL)), "");
    ck_assert_str_eq(tu_states(c), "DONE/DONE");
    h11_conn_del(c);
}
END_TEST

/* server_after_get; c.send(Response(200, []));
 * passthrough(Data(b"hello")) -> [b'5\r\n', b'hello', b'\r\n']
 * passthrough(Data(b""))      -> []
 * passthrough(Data(b"x"*300)) -> [b'12c\r\n', ..., b'\r\n'] */
START_TEST(test_passthrough_chunked)
{
    h11_conn *c = server_after_get();
    TU_SEND_OK(c, tu_resp(200, NULL));
    tu_discard_output(c);
    ck_assert_str_eq(passthrough(c, 5), "1 [5\\x0d\\x0a] [\\x0d\\x0a]");
    ck_assert_str_eq(passthrough(c, 0), "0 [] []");
    ck_assert_str_eq(passthrough(c, 300), "1 [12c\\x0d\\x0a] [\\x0d\\x0a]");
    h11_conn_del(c);
}
END_TEST

/* server that received b"GET / HTTP/1.0\r\n\r\n"; c.send(Response(200, []));
 * passthrough(Data(b"hello")) -> [b'hello'] */
START_TEST(test_passthrough_http10)
{
    h11_conn *c = server_after_get10();
    TU_SEND_OK(c, tu_resp(200, NULL));
    tu_discard_output(c);
    ck_assert_str_eq(passthrough(c, 5), "1 [] []");
    h11_conn_del(c);
}
END_TEST

/* server_after_get; c.send(Response(200, [("Content-Length", "2")]));
 * passthrough(Data(b"abc")) -> Local 400 'Too much data for declared
 * Content-Length', states MUST_CLOSE/ERROR */
START_TEST(test_passthrough_too_much)
{
    h11_conn *c = server_after_get();
    TU_SEND_OK(c, tu_resp(200, "Content-Length", "2", NULL));
    tu_discard_output(c);
    ck_assert_str_eq(passthrough(c, 3), "Local 400: Too much data for declared Content-Length");
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/ERROR");
    h11_conn_del(c);
}
END_TEST

/* server_after_get; c.send(Response(200, [])); c.send(EndOfMessage());
 * passthrough(Data(b"abc")) -> Local 400 "can't handle event type Data when
 * role=SERVER and state=DONE", states MUST_CLOSE/ERROR */
START_TEST(test_passthrough_after_done)
{
    h11_conn *c = server_after_get();
    TU_SEND_OK(c, tu_resp(200, NULL));
    TU_SEND_OK(c, tu_eom(NULL));
    tu_discard_output(c);
    ck_assert_str_eq(passthrough(c, 3), "Local 400: can't handle event type Data when role=SERVER and state=DONE");
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/ERROR");
    h11_conn_del(c);
}
END_TEST

/* c.send(Response(status_code=200, headers=[("Content-Length", "0")], reason=b"OK"))
 * -> b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n" (38 bytes), taken in
 * pieces of 10 and then the rest. */
START_TEST(test_take_output_in_pieces)
{
    static const char want[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    h11_conn *c = server_after_get();
    TU_SEND_OK(c, with_reason(tu_resp(200, "Content-Length", "0", NULL), "OK"));
    uint8_t buf[64];
    const uint8_t *out;
    ck_assert_uint_eq(h11_conn_take_output(c, buf, 10), 10);
    ck_assert_mem_eq(buf, want, 10);
    ck_assert_uint_eq(h11_conn_pending_output(c, &out), sizeof want - 11);
    ck_assert_uint_eq(h11_conn_take_output(c, buf, sizeof buf), sizeof want - 11);
    ck_assert_mem_eq(buf, want + 10, sizeof want - 11);
    ck_assert_uint_eq(h11_conn_take_output(c, buf, sizeof buf), 0);
    ck_assert_uint_eq(h11_conn_pending_output(c, &out), 0);
    h11_conn_del(c);
}
END_TEST

/* Same response; consuming more than is pending clamps to what is there. */
START_TEST(test_consume_output_clamps)
{
    h11_conn *c = server_after_get();
    TU_SEND_OK(c, with_reason(tu_resp(200, "Content-Length", "0", NULL), "OK"));
    const uint8_t *out;
    ck_assert_uint_eq(h11_conn_pending_output(c, &out), 38);
    h11_conn_consume_output(c, 17);
    ck_assert_uint_eq(h11_conn_pending_output(c, &out), 21);
    ck_assert_mem_eq(out, "Content-Length: 0\r\n\r\n", 21);
    h11_conn_consume_output(c, 1000);
    ck_assert_uint_eq(h11_conn_pending_output(c, &out), 0);
    h11_conn_del(c);
}
END_TEST

/* Unconsumed output accumulates in send order:
 * b"".join(c.send(e) for e in [Response(200, []), Data(b"abc"), EndOfMessage()])
 * -> b"HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n" */
START_TEST(test_pending_output_accumulates)
{
    static const char want[] = "HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
    h11_conn *c = server_after_get();
    TU_SEND_OK(c, tu_resp(200, NULL));
    TU_SEND_OK(c, tu_data("abc"));
    TU_SEND_OK(c, tu_eom(NULL));
    const uint8_t *out;
    ck_assert_uint_eq(h11_conn_pending_output(c, &out), sizeof want - 1);
    ck_assert_mem_eq(out, want, sizeof want - 1);
    h11_conn_del(c);
}
END_TEST

static const char *send_flat(h11_conn *c, int type, int status, const char *fields, const uint32_t *lens,
                             size_t n)
{
    int rc = h11_conn_send_flat(c, type, status, (const uint8_t *)fields, lens, n);
    if (rc != H11_OK)
        return tu_conn_error(c, rc);
    uint8_t buf[512];
    size_t got = h11_conn_take_output(c, buf, sizeof buf - 1);
    buf[got] = '\0';
    char *b = tu_buf();
    tu_cat(b, "%s", (const char *)buf);
    return b;
}

/* The flat layout produces the bytes h11 does for the same events:
 * client: Request(method=b"POST", target=b"/p", headers=[(b"Host", b"h"),
 *   (b"Transfer-Encoding", b"chunked")]) -> b"POST /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
 * Data(data=b"hey") -> b"3\r\nhey\r\n"
 * EndOfMessage(headers=[(b"X-T", b"1")]) -> b"0\r\nX-T: 1\r\n\r\n" */
START_TEST(test_send_flat_client)
{
    static const uint32_t req_lens[] = {4, 2, 3, 4, 1, 17, 7};
    static const uint32_t data_lens[] = {3};
    static const uint32_t eom_lens[] = {3, 1};
    h11_conn *c = tu_conn(H11_CLIENT);
    ck_assert_str_eq(send_flat(c, H11_REQUEST, 0, "POST/p1.1HosthTransfer-Encodingchunked", req_lens, 7),
                     "POST /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n");
    ck_assert_str_eq(send_flat(c, H11_DATA, 0, "hey", data_lens, 1), "3\r\nhey\r\n");
    ck_assert_str_eq(send_flat(c, H11_END_OF_MESSAGE, 0, "X-T1", eom_lens, 2), "0\r\nX-T: 1\r\n\r\n");
    ck_assert_str_eq(tu_states(c), "DONE/SEND_RESPONSE");
    h11_conn_del(c);
}
END_TEST

/* server_after_get: InformationalResponse(100, []) -> b"HTTP/1.1 100 \r\n\r\n";
 * Response(status_code=201, headers=[(b"Content-Length", b"0")], reason=b"Created")
 * -> b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"; an empty version
 * field means 1.1; ConnectionClosed needs no fields and writes nothing. */
START_TEST(test_send_flat_server)
{
    static const uint32_t info_lens[] = {3, 0};
    static const uint32_t resp_lens[] = {0, 7, 14, 1};
    h11_conn *c = server_after_get();
    ck_assert_str_eq(send_flat(c, H11_INFORMATIONAL_RESPONSE, 100, "1.1", info_lens, 2), "HTTP/1.1 100 \r\n\r\n");
    ck_assert_str_eq(send_flat(c, H11_RESPONSE, 201, "CreatedContent-Length0", resp_lens, 4),
                     "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
    ck_assert_str_eq(send_flat(c, H11_END_OF_MESSAGE, 0, "", NULL, 0), "");
    ck_assert_str_eq(tu_states(c), "DONE/DONE");
    h11_conn_del(c);
}
END_TEST

/* Planned deviation (b): h11 would write b"HTTP/1.1 200 OK\r\nX: y\r\n..."
 * (header injection). libh11 refuses at validation, so like any h11
 * constructor error the connection is untouched and a good response follows. */
START_TEST(test_reason_crlf_refused_connection_unchanged)
{
    h11_conn *c = server_after_get();
    ck_assert_str_eq(tu_send(c, with_reason(tu_resp(200, NULL), "OK\r\nX: y")),
                     "Local 400: Illegal reason phrase characters");
    ck_assert_str_eq(tu_states(c), "DONE/SEND_RESPONSE");
    ck_assert_str_eq(tu_send(c, tu_resp(200, "Content-Length", "0", NULL)),
                     "HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n");
    h11_conn_del(c);
}
END_TEST

/* h11.Response(status_code=200, headers=[(b"Bad Name", b"x")]) raises at
 * construction, before the connection sees it: states stay DONE/SEND_RESPONSE
 * and c.send(Response(200, [("Content-Length", "0")])) still works. */
START_TEST(test_invalid_event_changes_nothing)
{
    h11_conn *c = server_after_get();
    ck_assert_str_eq(tu_send(c, tu_resp(200, "Bad Name", "x", NULL)), "Local 400: Illegal header name b'Bad Name'");
    ck_assert_str_eq(tu_states(c), "DONE/SEND_RESPONSE");
    const uint8_t *out;
    ck_assert_uint_eq(h11_conn_pending_output(c, &out), 0);
    ck_assert_str_eq(tu_send(c, tu_resp(200, "Content-Length", "0", NULL)),
                     "HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n");
    h11_conn_del(c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("writers");
    TCase *tc = tcase_create("send");
    tcase_add_test(tc, test_get_request);
    tcase_add_test(tc, test_host_moved_first);
    tcase_add_test(tc, test_raw_case_kept);
    tcase_add_test(tc, test_post_content_length);
    tcase_add_test(tc, test_post_chunked);
    tcase_add_test(tc, test_chunked_trailers);
    tcase_add_test(tc, test_request_cl_collapsed);
    tcase_add_test(tc, test_request_no_body_data);
    tcase_add_test(tc, test_request_no_body_trailers);
    tcase_add_test(tc, test_cl_too_much);
    tcase_add_test(tc, test_cl_too_little);
    tcase_add_test(tc, test_cl_trailers);
    tcase_add_test(tc, test_cl_empty_data);
    tcase_add_test(tc, test_request_version_10);
    tcase_add_test(tc, test_response_chunked_added);
    tcase_add_test(tc, test_response_reason);
    tcase_add_test(tc, test_response_cl_kept);
    tcase_add_test(tc, test_response_te_moved_last);
    tcase_add_test(tc, test_response_cl_removed_when_te);
    tcase_add_test(tc, test_response_http10);
    tcase_add_test(tc, test_response_http10_cl);
    tcase_add_test(tc, test_response_http10_te_removed);
    tcase_add_test(tc, test_response_http10_trailers);
    tcase_add_test(tc, test_close_replaces_keepalive);
    tcase_add_test(tc, test_close_tokens_sorted);
    tcase_add_test(tc, test_keepalive_left_alone);
    tcase_add_test(tc, test_own_close_kept_in_place);
    tcase_add_test(tc, test_head_response_framing);
    tcase_add_test(tc, test_head_response_cl_untouched);
    tcase_add_test(tc, test_response_204_keeps_te);
    tcase_add_test(tc, test_response_304);
    tcase_add_test(tc, test_response_from_idle);
    tcase_add_test(tc, test_response_from_idle_cl);
    tcase_add_test(tc, test_informational_responses);
    tcase_add_test(tc, test_informational_not_rewritten);
    tcase_add_test(tc, test_response_version_10);
    tcase_add_test(tc, test_send_after_error);
    tcase_add_test(tc, test_connection_closed_no_bytes);
    tcase_add_test(tc, test_empty_header_value);
    tcase_add_test(tc, test_chunk_size_hex);
    tcase_add_test(tc, test_request_te_and_cl);
    tcase_add_test(tc, test_cl_20_digits_too_little);
    tcase_add_test(tc, test_head_response_empty_data);
    tcase_add_test(tc, test_http10_empty_data);
    tcase_add_test(tc, test_response_connection_tokens_lowercased);
    suite_add_tcase(s, tc);
    TCase *out = tcase_create("output");
    tcase_add_test(out, test_passthrough_content_length);
    tcase_add_test(out, test_passthrough_chunked);
    tcase_add_test(out, test_passthrough_http10);
    tcase_add_test(out, test_passthrough_too_much);
    tcase_add_test(out, test_passthrough_after_done);
    tcase_add_test(out, test_take_output_in_pieces);
    tcase_add_test(out, test_consume_output_clamps);
    tcase_add_test(out, test_pending_output_accumulates);
    tcase_add_test(out, test_send_flat_client);
    tcase_add_test(out, test_send_flat_server);
    tcase_add_test(out, test_reason_crlf_refused_connection_unchanged);
    tcase_add_test(out, test_invalid_event_changes_nothing);
    suite_add_tcase(s, out);
    return tu_run(s);
}
