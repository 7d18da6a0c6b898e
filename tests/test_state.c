/*
 * The state machine (h11._state and its use in h11._connection): transition
 * tables, keep-alive, 100-continue flags, protocol switches (Upgrade and
 * CONNECT), start_next_cycle, send_failed, pipelining/PAUSED and
 * trailing_data.
 *
 * The h11 0.16.0 snippet above each test gives the expected values; helpers
 * (drain, nxt, states "CLIENT/SERVER", server_after_get, client_after_get)
 * are the mirrors described in h11_test_util.h.
 */
#include "h11_test_util.h"

static h11_conn *server_with(const char *bytes)
{
    h11_conn *c = tu_conn(H11_SERVER);
    ck_assert_int_eq(h11_conn_receive_data(c, (const uint8_t *)bytes, strlen(bytes)), H11_OK);
    return c;
}

static const char *version_of_peer(const h11_conn *c)
{
    h11_bytes v = {(const uint8_t *)"x", 1};
    if (!h11_conn_their_http_version(c, &v))
        return "None";
    char *b = tu_buf();
    tu_cat_view(b, v);
    return b;
}

static const char *trailing(const h11_conn *c)
{
    h11_bytes td;
    int eof = h11_conn_trailing_data(c, &td);
    char *b = tu_buf();
    tu_cat_view(b, td);
    tu_cat(b, eof ? " True" : " False");
    return b;
}

/* c = Connection(SERVER); c.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
 * drain -> Request | EOM | NEED_DATA, DONE/SEND_RESPONSE
 * send(Response(200, [CL 0])) -> DONE/SEND_BODY; send(EOM) -> DONE/DONE
 * start_next_cycle() -> IDLE/IDLE; b"GET /2 ..." -> Request(GET /2 ...);
 * their_http_version b'1.1' */
START_TEST(test_keep_alive_cycle_server)
{
    h11_conn *c = server_with("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    ck_assert_str_eq(tu_states(c), "IDLE/IDLE");
    ck_assert_str_eq(tu_drain(c), "Request(GET / 1.1 [Host: a]) | EOM([]) | NEED_DATA");
    ck_assert_str_eq(tu_states(c), "DONE/SEND_RESPONSE");
    TU_SEND_OK(c, tu_resp(200, "Content-Length", "0", NULL));
    ck_assert_str_eq(tu_states(c), "DONE/SEND_BODY");
    TU_SEND_OK(c, tu_eom(NULL));
    ck_assert_str_eq(tu_states(c), "DONE/DONE");
    ck_assert_int_eq(h11_conn_start_next_cycle(c), H11_OK);
    ck_assert_str_eq(tu_states(c), "IDLE/IDLE");
    TU_RECV(c, "GET /2 HTTP/1.1\r\nHost: a\r\n\r\n");
    ck_assert_str_eq(tu_drain(c), "Request(GET /2 1.1 [Host: a]) | EOM([]) | NEED_DATA");
    ck_assert_str_eq(version_of_peer(c), "1.1");
    h11_conn_del(c);
}
END_TEST

/* client_after_get(); receive b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
 * -> DONE/DONE; start_next_cycle -> IDLE/IDLE, their_http_version kept. */
START_TEST(test_keep_alive_cycle_client)
{
    h11_conn *c = tu_client_after_get();
    ck_assert_str_eq(tu_states(c), "DONE/SEND_RESPONSE");
    ck_assert_str_eq(version_of_peer(c), "None");
    TU_RECV(c, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    ck_assert_str_eq(tu_drain(c), "Response(200 1.1 \"OK\" [Content-Length: 0]) | EOM([]) | NEED_DATA");
    ck_assert_str_eq(tu_states(c), "DONE/DONE");
    ck_assert_int_eq(h11_conn_start_next_cycle(c), H11_OK);
    ck_assert_str_eq(tu_states(c), "IDLE/IDLE");
    ck_assert_str_eq(version_of_peer(c), "1.1");
    h11_conn_del(c);
}
END_TEST

/* server_after_get(); c.start_next_cycle() -> LocalProtocolError "not in a
 * reusable state. self.states={CLIENT: DONE, SERVER: SEND_RESPONSE}", hint
 * 400, states unchanged (no ERROR). */
START_TEST(test_start_next_cycle_refused)
{
    h11_conn *c = tu_server_after_get();
    ck_assert_int_eq(h11_conn_start_next_cycle(c), H11_ERR_LOCAL_PROTOCOL);
    ck_assert_str_eq(tu_conn_error(c, H11_ERR_LOCAL_PROTOCOL),
                     "Local 400: not in a reusable state. self.states={CLIENT: DONE, SERVER: SEND_RESPONSE}");
    ck_assert_str_eq(tu_states(c), "DONE/SEND_RESPONSE");
    ck_assert_str_eq(tu_send(c, tu_resp(200, "Content-Length", "0", NULL)),
                     "HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n");
    h11_conn_del(c);
}
END_TEST

/* b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n" -> MUST_CLOSE/SEND_RESPONSE;
 * after Response(200, [CL 0]) + EOM -> MUST_CLOSE/MUST_CLOSE; start_next_cycle ->
 * "not in a reusable state. self.states={CLIENT: MUST_CLOSE, SERVER: MUST_CLOSE}" */
START_TEST(test_connection_close_request)
{
    h11_conn *c = server_with("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    ck_assert_str_eq(tu_drain(c), "Request(GET / 1.1 [Host: a; Connection: close]) | EOM([]) | NEED_DATA");
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/SEND_RESPONSE");
    TU_SEND_OK(c, tu_resp(200, "Content-Length", "0", NULL));
    TU_SEND_OK(c, tu_eom(NULL));
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/MUST_CLOSE");
    ck_assert_int_eq(h11_conn_start_next_cycle(c), H11_ERR_LOCAL_PROTOCOL);
    ck_assert_str_eq(tu_conn_error(c, H11_ERR_LOCAL_PROTOCOL),
                     "Local 400: not in a reusable state. self.states={CLIENT: MUST_CLOSE, SERVER: MUST_CLOSE}");
    h11_conn_del(c);
}
END_TEST

/* b"GET / HTTP/1.0\r\n\r\n" -> MUST_CLOSE/SEND_RESPONSE, their_http_version b'1.0' */
START_TEST(test_http10_request_disables_keep_alive)
{
    h11_conn *c = server_with("GET / HTTP/1.0\r\n\r\n");
    ck_assert_str_eq(version_of_peer(c), "None");
    ck_assert_str_eq(tu_drain(c), "Request(GET / 1.0 []) | EOM([]) | NEED_DATA");
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/SEND_RESPONSE");
    ck_assert_str_eq(version_of_peer(c), "1.0");
    h11_conn_del(c);
}
END_TEST

/* client_after_get(); receive b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n
 * Connection: close\r\n\r\n" -> MUST_CLOSE/MUST_CLOSE */
START_TEST(test_connection_close_response)
{
    h11_conn *c = tu_client_after_get();
    TU_RECV(c, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    ck_assert_str_eq(tu_drain(c), "Response(200 1.1 \"OK\" [Content-Length: 0; Connection: close]) | EOM([]) | NEED_DATA");
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/MUST_CLOSE");
    h11_conn_del(c);
}
END_TEST

/* c = Connection(CLIENT); c.send(Request(..., [Host, CL 3, Expect: 100-continue]))
 * -> client_is_waiting True, they_are_waiting False;
 * receive b"HTTP/1.1 100 Continue\r\n\r\n" -> Info(100 ...) | NEED_DATA, waiting False.
 * A fresh one: c.send(Data(b"")) also clears it. */
START_TEST(test_100_continue_client)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    TU_SEND_OK(c, tu_req("POST", "/", "Host", "a", "Content-Length", "3", "Expect", "100-continue", NULL));
    ck_assert_int_eq(h11_conn_client_is_waiting_for_100_continue(c), 1);
    ck_assert_int_eq(h11_conn_they_are_waiting_for_100_continue(c), 0);
    TU_RECV(c, "HTTP/1.1 100 Continue\r\n\r\n");
    ck_assert_str_eq(tu_drain(c), "Info(100 1.1 \"Continue\" []) | NEED_DATA");
    ck_assert_int_eq(h11_conn_client_is_waiting_for_100_continue(c), 0);
    h11_conn_del(c);
    c = tu_conn(H11_CLIENT);
    TU_SEND_OK(c, tu_req("POST", "/", "Host", "a", "Content-Length", "3", "Expect", "100-continue", NULL));
    tu_discard_output(c);
    ck_assert_str_eq(tu_send(c, tu_data("")), "");
    ck_assert_int_eq(h11_conn_client_is_waiting_for_100_continue(c), 0);
    h11_conn_del(c);
}
END_TEST

/* Server receives b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n
 * Expect: foo, 100-CONTINUE\r\n\r\n" -> they_are_waiting True (tokens are
 * case-insensitive); send(InformationalResponse(100)) -> b"HTTP/1.1 100 \r\n\r\n",
 * waiting False. */
START_TEST(test_100_continue_server_cleared_by_informational)
{
    h11_conn *c = server_with("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: foo, 100-CONTINUE\r\n\r\n");
    ck_assert_str_eq(tu_drain(c),
                     "Request(POST / 1.1 [Host: a; Content-Length: 3; Expect: foo, 100-CONTINUE]) | NEED_DATA");
    ck_assert_int_eq(h11_conn_they_are_waiting_for_100_continue(c), 1);
    ck_assert_int_eq(h11_conn_client_is_waiting_for_100_continue(c), 1);
    ck_assert_str_eq(tu_send(c, tu_resp(100, NULL)), "HTTP/1.1 100 \r\n\r\n");
    ck_assert_int_eq(h11_conn_they_are_waiting_for_100_continue(c), 0);
    h11_conn_del(c);
}
END_TEST

/* Receiving the body clears the flag: "...Expect: 100-continue\r\n\r\nabc"
 * -> Request | Data("abc") | EOM | NEED_DATA, waiting False. An HTTP/1.0
 * request never waits: b"POST / HTTP/1.0\r\nContent-Length: 3\r\nExpect:
 * 100-continue\r\n\r\n" -> waiting False. */
START_TEST(test_100_continue_server_cleared_by_body_and_http10)
{
    h11_conn *c = server_with("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\nabc");
    ck_assert_str_eq(tu_drain(c),
                     "Request(POST / 1.1 [Host: a; Content-Length: 3; Expect: 100-continue]) | Data(\"abc\") | EOM([]) | NEED_DATA");
    ck_assert_int_eq(h11_conn_they_are_waiting_for_100_continue(c), 0);
    h11_conn_del(c);
    c = server_with("POST / HTTP/1.0\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
    ck_assert_str_eq(tu_drain(c), "Request(POST / 1.0 [Content-Length: 3; Expect: 100-continue]) | NEED_DATA");
    ck_assert_int_eq(h11_conn_they_are_waiting_for_100_continue(c), 0);
    h11_conn_del(c);
}
END_TEST

/* c = Connection(CLIENT); send(Request(GET /, [Host, Upgrade: websocket,
 * Connection: Upgrade])); send(EOM) -> MIGHT_SWITCH_PROTOCOL/SEND_RESPONSE;
 * receive b"HTTP/1.1 101 Switching\r\nUpgrade: websocket\r\n\r\nWSDATA" ->
 * Info(101 ...) | PAUSED, both SWITCHED_PROTOCOL, trailing_data (b'WSDATA', False) */
START_TEST(test_upgrade_accepted_client)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    TU_SEND_OK(c, tu_req("GET", "/", "Host", "a", "Upgrade", "websocket", "Connection", "Upgrade", NULL));
    TU_SEND_OK(c, tu_eom(NULL));
    ck_assert_str_eq(tu_states(c), "MIGHT_SWITCH_PROTOCOL/SEND_RESPONSE");
    TU_RECV(c, "HTTP/1.1 101 Switching\r\nUpgrade: websocket\r\n\r\nWSDATA");
    ck_assert_str_eq(tu_drain(c), "Info(101 1.1 \"Switching\" [Upgrade: websocket]) | PAUSED");
    ck_assert_str_eq(tu_states(c), "SWITCHED_PROTOCOL/SWITCHED_PROTOCOL");
    ck_assert_str_eq(trailing(c), "WSDATA False");
    ck_assert_str_eq(tu_next(c), "PAUSED");
    h11_conn_del(c);
}
END_TEST

/* server receives b"GET / HTTP/1.1\r\nHost: a\r\nUpgrade: h2c\r\n\r\nXX" ->
 * Request | EOM | PAUSED, MIGHT_SWITCH_PROTOCOL/SEND_RESPONSE;
 * send(InformationalResponse(101, [Upgrade: h2c])) -> b"HTTP/1.1 101 \r\nUpgrade: h2c\r\n\r\n",
 * SWITCHED_PROTOCOL both, next_event PAUSED, trailing_data (b'XX', False) */
START_TEST(test_upgrade_accepted_server)
{
    h11_conn *c = server_with("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: h2c\r\n\r\nXX");
    ck_assert_str_eq(tu_drain(c), "Request(GET / 1.1 [Host: a; Upgrade: h2c]) | EOM([]) | PAUSED");
    ck_assert_str_eq(tu_states(c), "MIGHT_SWITCH_PROTOCOL/SEND_RESPONSE");
    ck_assert_str_eq(tu_send(c, tu_resp(101, "Upgrade", "h2c", NULL)), "HTTP/1.1 101 \r\nUpgrade: h2c\r\n\r\n");
    ck_assert_str_eq(tu_states(c), "SWITCHED_PROTOCOL/SWITCHED_PROTOCOL");
    ck_assert_str_eq(tu_next(c), "PAUSED");
    ck_assert_str_eq(trailing(c), "XX False");
    h11_conn_del(c);
}
END_TEST

/* Same request without the XX; send(Response(200, [CL 0])) ->
 * b"HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n", DONE/SEND_BODY; EOM -> DONE/DONE;
 * next_event NEED_DATA */
START_TEST(test_upgrade_denied)
{
    h11_conn *c = server_with("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: h2c\r\n\r\n");
    ck_assert_str_eq(tu_drain(c), "Request(GET / 1.1 [Host: a; Upgrade: h2c]) | EOM([]) | PAUSED");
    ck_assert_str_eq(tu_send(c, tu_resp(200, "Content-Length", "0", NULL)),
                     "HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n");
    ck_assert_str_eq(tu_states(c), "DONE/SEND_BODY");
    TU_SEND_OK(c, tu_eom(NULL));
    ck_assert_str_eq(tu_states(c), "DONE/DONE");
    ck_assert_str_eq(tu_next(c), "NEED_DATA");
    h11_conn_del(c);
}
END_TEST

/* Upgrade + Connection: close: MIGHT_SWITCH_PROTOCOL wins over keep-alive off;
 * the denial drops the client to DONE and then MUST_CLOSE:
 * send(Response(200, [CL 0])) -> b"HTTP/1.1 200 \r\nContent-Length: 0\r\n
 * Connection: close\r\n\r\n", MUST_CLOSE/SEND_BODY */
START_TEST(test_upgrade_denied_with_close)
{
    h11_conn *c = server_with("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: h2c\r\nConnection: close\r\n\r\n");
    ck_assert_str_eq(tu_drain(c), "Request(GET / 1.1 [Host: a; Upgrade: h2c; Connection: close]) | EOM([]) | PAUSED");
    ck_assert_str_eq(tu_states(c), "MIGHT_SWITCH_PROTOCOL/SEND_RESPONSE");
    ck_assert_str_eq(tu_send(c, tu_resp(200, "Content-Length", "0", NULL)),
                     "HTTP/1.1 200 \r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/SEND_BODY");
    h11_conn_del(c);
}
END_TEST

/* c = Connection(CLIENT); send(Request(CONNECT a:443, [Host])); send(EOM) ->
 * MIGHT_SWITCH_PROTOCOL/SEND_RESPONSE; receive b"HTTP/1.1 200 OK\r\n\r\nxyz" ->
 * Response(200 ...) | PAUSED, SWITCHED both, trailing (b'xyz', False) */
START_TEST(test_connect_accepted)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    TU_SEND_OK(c, tu_req("CONNECT", "a:443", "Host", "a", NULL));
    TU_SEND_OK(c, tu_eom(NULL));
    ck_assert_str_eq(tu_states(c), "MIGHT_SWITCH_PROTOCOL/SEND_RESPONSE");
    TU_RECV(c, "HTTP/1.1 200 OK\r\n\r\nxyz");
    ck_assert_str_eq(tu_drain(c), "Response(200 1.1 \"OK\" []) | PAUSED");
    ck_assert_str_eq(tu_states(c), "SWITCHED_PROTOCOL/SWITCHED_PROTOCOL");
    ck_assert_str_eq(trailing(c), "xyz False");
    h11_conn_del(c);
}
END_TEST

/* Same CONNECT; receive b"HTTP/1.1 404 No\r\nContent-Length: 0\r\n\r\n" ->
 * Response | EOM | NEED_DATA, DONE/DONE */
START_TEST(test_connect_denied)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    TU_SEND_OK(c, tu_req("CONNECT", "a:443", "Host", "a", NULL));
    TU_SEND_OK(c, tu_eom(NULL));
    TU_RECV(c, "HTTP/1.1 404 No\r\nContent-Length: 0\r\n\r\n");
    ck_assert_str_eq(tu_drain(c), "Response(404 1.1 \"No\" [Content-Length: 0]) | EOM([]) | NEED_DATA");
    ck_assert_str_eq(tu_states(c), "DONE/DONE");
    h11_conn_del(c);
}
END_TEST

/* server_after_get(); send(InformationalResponse(101)) -> Local 400
 * "Received server _SWITCH_UPGRADE event without a pending proposal",
 * MUST_CLOSE/ERROR. client_after_get(); receive b"HTTP/1.1 101 x\r\n\r\n" ->
 * the same text as Remote, MUST_CLOSE/ERROR. */
START_TEST(test_101_without_proposal)
{
    h11_conn *c = tu_server_after_get();
    ck_assert_str_eq(tu_send(c, tu_resp(101, NULL)),
                     "Local 400: Received server _SWITCH_UPGRADE event without a pending proposal");
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/ERROR");
    h11_conn_del(c);
    c = tu_client_after_get();
    TU_RECV(c, "HTTP/1.1 101 x\r\n\r\n");
    ck_assert_str_eq(tu_drain(c), "Remote 400: Received server _SWITCH_UPGRADE event without a pending proposal");
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/ERROR");
    h11_conn_del(c);
}
END_TEST

/* server_after_get(); c.send_failed() -> MUST_CLOSE/ERROR (again: same);
 * Connection(CLIENT).send_failed() -> ERROR/IDLE */
START_TEST(test_send_failed)
{
    h11_conn *c = tu_server_after_get();
    ck_assert_int_eq(h11_conn_send_failed(c), H11_OK);
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/ERROR");
    ck_assert_int_eq(h11_conn_send_failed(c), H11_OK);
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/ERROR");
    ck_assert_str_eq(tu_send(c, tu_resp(200, NULL)), "Local 400: Can't send data when our state is ERROR");
    h11_conn_del(c);
    c = tu_conn(H11_CLIENT);
    ck_assert_int_eq(h11_conn_send_failed(c), H11_OK);
    ck_assert_str_eq(tu_states(c), "ERROR/IDLE");
    h11_conn_del(c);
}
END_TEST

/* Two pipelined requests plus b"SADF":
 * drain -> Request(GET /1) | EOM | PAUSED, DONE/SEND_RESPONSE; after
 * send(Response(200, [CL 0])) nxt -> PAUSED; after send(EOM) nxt -> PAUSED,
 * DONE/DONE; start_next_cycle; drain -> Request(GET /2) | EOM | PAUSED;
 * respond, start_next_cycle; drain -> NEED_DATA, trailing (b'SADF', False);
 * receive EOF: nxt -> Remote 400 'peer unexpectedly closed connection',
 * trailing (b'SADF', True) */
START_TEST(test_pipelining_paused)
{
    h11_conn *c = server_with("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nSADF");
    ck_assert_str_eq(tu_drain(c), "Request(GET /1 1.1 [Host: a]) | EOM([]) | PAUSED");
    ck_assert_str_eq(tu_states(c), "DONE/SEND_RESPONSE");
    TU_SEND_OK(c, tu_resp(200, "Content-Length", "0", NULL));
    ck_assert_str_eq(tu_next(c), "PAUSED");
    TU_SEND_OK(c, tu_eom(NULL));
    ck_assert_str_eq(tu_next(c), "PAUSED");
    ck_assert_str_eq(tu_states(c), "DONE/DONE");
    ck_assert_int_eq(h11_conn_start_next_cycle(c), H11_OK);
    ck_assert_str_eq(tu_drain(c), "Request(GET /2 1.1 [Host: a]) | EOM([]) | PAUSED");
    TU_SEND_OK(c, tu_resp(200, "Content-Length", "0", NULL));
    TU_SEND_OK(c, tu_eom(NULL));
    ck_assert_int_eq(h11_conn_start_next_cycle(c), H11_OK);
    ck_assert_str_eq(tu_drain(c), "NEED_DATA");
    ck_assert_str_eq(trailing(c), "SADF False");
    TU_EOF(c);
    ck_assert_str_eq(tu_next(c), "Remote 400: peer unexpectedly closed connection");
    ck_assert_str_eq(trailing(c), "SADF True");
    h11_conn_del(c);
}
END_TEST

/* Events the state tables forbid (h11 E29), all Local 400 and our state ERROR:
 * Connection(SERVER).send(Data(b"x")) -> "... Data when role=SERVER and state=IDLE", IDLE/ERROR
 * Connection(SERVER).send(Request(GET /, [Host])) -> "... Request when role=SERVER and state=IDLE"
 * Connection(CLIENT).send(Response(200)) -> "... Response when role=CLIENT and state=IDLE", ERROR/IDLE
 * Connection(CLIENT).send(EndOfMessage()) -> "... EndOfMessage when role=CLIENT and state=IDLE" */
START_TEST(test_illegal_transitions_when_sending)
{
    h11_conn *c = tu_conn(H11_SERVER);
    ck_assert_str_eq(tu_send(c, tu_data("x")), "Local 400: can't handle event type Data when role=SERVER and state=IDLE");
    ck_assert_str_eq(tu_states(c), "IDLE/ERROR");
    h11_conn_del(c);
    c = tu_conn(H11_SERVER);
    ck_assert_str_eq(tu_send(c, tu_req("GET", "/", "Host", "a", NULL)),
                     "Local 400: can't handle event type Request when role=SERVER and state=IDLE");
    h11_conn_del(c);
    c = tu_conn(H11_CLIENT);
    ck_assert_str_eq(tu_send(c, tu_resp(200, NULL)),
                     "Local 400: can't handle event type Response when role=CLIENT and state=IDLE");
    ck_assert_str_eq(tu_states(c), "ERROR/IDLE");
    h11_conn_del(c);
    c = tu_conn(H11_CLIENT);
    ck_assert_str_eq(tu_send(c, tu_eom(NULL)),
                     "Local 400: can't handle event type EndOfMessage when role=CLIENT and state=IDLE");
    h11_conn_del(c);
}
END_TEST

/* client_after_get(); c.receive_data(b""); drain -> Remote 400 "can't handle
 * event type ConnectionClosed when role=SERVER and state=SEND_RESPONSE",
 * MUST_CLOSE/ERROR */
START_TEST(test_server_closed_without_response)
{
    h11_conn *c = tu_client_after_get();
    TU_EOF(c);
    ck_assert_str_eq(tu_drain(c),
                     "Remote 400: can't handle event type ConnectionClosed when role=SERVER and state=SEND_RESPONSE");
    ck_assert_str_eq(tu_states(c), "MUST_CLOSE/ERROR");
    h11_conn_del(c);
}
END_TEST

/* Planned deviation (a), docs/deviations.md. h11:
 * c = Connection(SERVER); c.send(Response(408, [])); c.send(EOM()) -> IDLE/MUST_CLOSE;
 * c.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"); c.next_event() ->
 * AttributeError, states ERROR/MUST_CLOSE. libh11: a protocol error with the
 * E29 wording, same resulting states. */
START_TEST(test_request_to_busy_server_received)
{
    h11_conn *c = tu_conn(H11_SERVER);
    TU_SEND_OK(c, tu_resp(408, NULL));
    TU_SEND_OK(c, tu_eom(NULL));
    ck_assert_str_eq(tu_states(c), "IDLE/MUST_CLOSE");
    TU_RECV(c, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    ck_assert_str_eq(tu_next(c), "Remote 400: can't handle event type Request when role=SERVER and state=MUST_CLOSE");
    ck_assert_str_eq(tu_states(c), "ERROR/MUST_CLOSE");
    h11_conn_del(c);
}
END_TEST

/* Deviation (a), sending side. h11: c = Connection(CLIENT); receive
 * b"HTTP/1.1 408 Timeout\r\nContent-Length: 0\r\n\r\n" -> Response | EOM |
 * NEED_DATA, IDLE/DONE; c.send(Request(GET /, [Host])) -> AttributeError,
 * states ERROR/MUST_CLOSE. */
START_TEST(test_request_to_busy_server_sent)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    TU_RECV(c, "HTTP/1.1 408 Timeout\r\nContent-Length: 0\r\n\r\n");
    ck_assert_str_eq(tu_drain(c), "Response(408 1.1 \"Timeout\" [Content-Length: 0]) | EOM([]) | NEED_DATA");
    ck_assert_str_eq(tu_states(c), "IDLE/DONE");
    ck_assert_str_eq(tu_send(c, tu_req("GET", "/", "Host", "a", NULL)),
                     "Local 400: can't handle event type Request when role=SERVER and state=DONE");
    ck_assert_str_eq(tu_states(c), "ERROR/MUST_CLOSE");
    h11_conn_del(c);
}
END_TEST

/* Early response (Q16): server receives b"POST / HTTP/1.1\r\nHost: a\r\n
 * Content-Length: 10\r\n\r\nab" -> Request | Data("ab") | NEED_DATA;
 * send(Response(413, [CL 0])) + EOM -> SEND_BODY/DONE; start_next_cycle ->
 * "not in a reusable state. self.states={CLIENT: SEND_BODY, SERVER: DONE}" */
START_TEST(test_early_response)
{
    h11_conn *c = server_with("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nab");
    ck_assert_str_eq(tu_drain(c), "Request(POST / 1.1 [Host: a; Content-Length: 10]) | Data(\"ab\") | NEED_DATA");
    TU_SEND_OK(c, tu_resp(413, "Content-Length", "0", NULL));
    TU_SEND_OK(c, tu_eom(NULL));
    ck_assert_str_eq(tu_states(c), "SEND_BODY/DONE");
    ck_assert_int_eq(h11_conn_start_next_cycle(c), H11_ERR_LOCAL_PROTOCOL);
    ck_assert_str_eq(tu_conn_error(c, H11_ERR_LOCAL_PROTOCOL),
                     "Local 400: not in a reusable state. self.states={CLIENT: SEND_BODY, SERVER: DONE}");
    h11_conn_del(c);
}
END_TEST

/* c = Connection(SERVER); c.receive_data(b""); nxt -> Closed, CLOSED/MUST_CLOSE;
 * send(Response(200)) -> "can't handle event type Response when role=SERVER
 * and state=MUST_CLOSE" */
START_TEST(test_peer_closed_while_idle)
{
    h11_conn *c = tu_conn(H11_SERVER);
    TU_EOF(c);
    ck_assert_str_eq(tu_next(c), "Closed");
    ck_assert_str_eq(tu_states(c), "CLOSED/MUST_CLOSE");
    ck_assert_str_eq(tu_send(c, tu_resp(200, NULL)),
                     "Local 400: can't handle event type Response when role=SERVER and state=MUST_CLOSE");
    h11_conn_del(c);
}
END_TEST

/* client_after_get(); receive b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
 * -> DONE/DONE; send(ConnectionClosed()) -> b"" (h11 returns None),
 * CLOSED/MUST_CLOSE */
START_TEST(test_client_closes_after_done)
{
    h11_conn *c = tu_client_after_get();
    TU_RECV(c, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    tu_drain(c);
    ck_assert_str_eq(tu_states(c), "DONE/DONE");
    ck_assert_str_eq(tu_send(c, tu_closed()), "");
    ck_assert_str_eq(tu_states(c), "CLOSED/MUST_CLOSE");
    h11_conn_del(c);
}
END_TEST

/* Roles and per-role state queries. Connection(SERVER).our_role is SERVER,
 * their_role CLIENT; states IDLE/IDLE. */
START_TEST(test_roles_and_state_queries)
{
    h11_conn *c = tu_server_after_get();
    ck_assert_int_eq(h11_conn_our_role(c), H11_SERVER);
    ck_assert_int_eq(h11_conn_their_role(c), H11_CLIENT);
    ck_assert_int_eq(h11_conn_our_state(c), H11_SEND_RESPONSE);
    ck_assert_int_eq(h11_conn_their_state(c), H11_DONE);
    ck_assert_int_eq(h11_conn_state(c, H11_CLIENT), H11_DONE);
    ck_assert_int_eq(h11_conn_state(c, H11_SERVER), H11_SEND_RESPONSE);
    ck_assert_int_eq(h11_conn_state(c, 2), -1);
    ck_assert_int_eq(h11_conn_state(c, -1), -1);
    h11_conn_del(c);
    c = tu_conn(H11_CLIENT);
    ck_assert_int_eq(h11_conn_our_role(c), H11_CLIENT);
    ck_assert_int_eq(h11_conn_their_role(c), H11_SERVER);
    h11_conn_del(c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("state");
    TCase *tc = tcase_create("state");
    tcase_add_test(tc, test_keep_alive_cycle_server);
    tcase_add_test(tc, test_keep_alive_cycle_client);
    tcase_add_test(tc, test_start_next_cycle_refused);
    tcase_add_test(tc, test_connection_close_request);
    tcase_add_test(tc, test_http10_request_disables_keep_alive);
    tcase_add_test(tc, test_connection_close_response);
    tcase_add_test(tc, test_100_continue_client);
    tcase_add_test(tc, test_100_continue_server_cleared_by_informational);
    tcase_add_test(tc, test_100_continue_server_cleared_by_body_and_http10);
    tcase_add_test(tc, test_upgrade_accepted_client);
    tcase_add_test(tc, test_upgrade_accepted_server);
    tcase_add_test(tc, test_upgrade_denied);
    tcase_add_test(tc, test_upgrade_denied_with_close);
    tcase_add_test(tc, test_connect_accepted);
    tcase_add_test(tc, test_connect_denied);
    tcase_add_test(tc, test_101_without_proposal);
    tcase_add_test(tc, test_send_failed);
    tcase_add_test(tc, test_pipelining_paused);
    tcase_add_test(tc, test_illegal_transitions_when_sending);
    tcase_add_test(tc, test_server_closed_without_response);
    tcase_add_test(tc, test_request_to_busy_server_received);
    tcase_add_test(tc, test_request_to_busy_server_sent);
    tcase_add_test(tc, test_early_response);
    tcase_add_test(tc, test_peer_closed_while_idle);
    tcase_add_test(tc, test_client_closes_after_done);
    tcase_add_test(tc, test_roles_and_state_queries);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
