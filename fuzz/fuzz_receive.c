/*
 * Receive path, either role, with random split points.
 *
 * Input: one config byte, one split-seed byte, then the bytes the peer
 * sends. Config bits: 0 role (server/client), 1-2 max_incomplete_event_size,
 * 3-4 the client's request method, 5 end of input after the bytes.
 *
 * The bytes are fed twice: in one piece and in pieces cut by the seed, with
 * the application loop of a server (respond to every request, next cycle)
 * or a client (one request per cycle). Both runs must log the same
 * normalised events, end result, states and error hint: h11's result does
 * not depend on how the input is cut. (Error messages may: a head that is
 * obviously not HTTP is refused before it is complete, with a shorter
 * message.) The one exception is the 431 limit, which depends on the cuts
 * by design, so runs with a limit below the input size only check bounds.
 */
#include "fuzz_common.h"

static const size_t limits[4] = {16384, 0, 64, 1024};

typedef struct app {
    int role;
    int method;
    int cycles;
} app;

static void client_request(h11_conn *c, int method)
{
    static const char *methods[4] = {"GET", "HEAD", "CONNECT", "POST"};
    h11_header h[4] = {
        {{(const uint8_t *)"Host", 4}, {NULL, 0}, {(const uint8_t *)"example.com", 11}},
        {{(const uint8_t *)"Upgrade", 7}, {NULL, 0}, {(const uint8_t *)"websocket", 9}},
        {{(const uint8_t *)"Connection", 10}, {NULL, 0}, {(const uint8_t *)"upgrade", 7}},
        {{(const uint8_t *)"Content-Length", 14}, {NULL, 0}, {(const uint8_t *)"0", 1}},
    };
    h11_event ev = fz_event(H11_REQUEST);
    ev.method.ptr = (const uint8_t *)methods[method];
    ev.method.len = strlen(methods[method]);
    ev.target.ptr = (const uint8_t *)(method == 2 ? "example.com:443" : "/");
    ev.target.len = method == 2 ? 15 : 1;
    ev.headers = h;
    ev.n_headers = method == 3 ? 4 : 1;
    FZ_CHECK(fz_send(c, &ev) == H11_OK, "client request refused");
    ev = fz_event(H11_END_OF_MESSAGE);
    FZ_CHECK(fz_send(c, &ev) == H11_OK, "client EndOfMessage refused");
}

/* What the application does after each event. */
static void react(app *a, h11_conn *c, const h11_event *ev)
{
    if (a->cycles > 50)
        return;
    if (a->role == H11_SERVER && ev->type == H11_END_OF_MESSAGE &&
        h11_conn_our_state(c) == H11_SEND_RESPONSE) {
        h11_header h = {{(const uint8_t *)"Content-Length", 14}, {NULL, 0}, {(const uint8_t *)"0", 1}};
        h11_event r = fz_event(H11_RESPONSE);
        r.status_code = 200;
        r.headers = &h;
        r.n_headers = 1;
        FZ_CHECK(fz_send(c, &r) == H11_OK, "server response refused");
        /* A 2xx to CONNECT switches protocols instead. */
        r = fz_event(H11_END_OF_MESSAGE);
        if (h11_conn_our_state(c) == H11_SEND_BODY)
            FZ_CHECK(fz_send(c, &r) == H11_OK, "server EndOfMessage refused");
    }
    if (h11_conn_state(c, H11_CLIENT) == H11_DONE && h11_conn_state(c, H11_SERVER) == H11_DONE) {
        FZ_CHECK(h11_conn_start_next_cycle(c) == H11_OK, "start_next_cycle refused in DONE/DONE");
        a->cycles++;
        if (a->role == H11_CLIENT)
            client_request(c, a->method);
    }
}

/* Calls next_event until it needs data, pauses, fails or reports the
 * close; returns that last result. */
static int drain(app *a, h11_conn *c, fz_log *log, const fz_meter *m, size_t max)
{
    for (;;) {
        const h11_event *ev = NULL;
        size_t before = fz_unread(c);
        int rc = h11_conn_next_event(c, &ev);
        if (rc >= 0)
            fz_check_bound(m, c, max, fz_handed_out(rc, ev, before - fz_unread(c)));
        if (rc < 0 || rc == H11_NEED_DATA || rc == H11_PAUSED) {
            FZ_CHECK(ev == NULL, "event pointer set on rc %d", rc);
            FZ_CHECK(rc != H11_ERR_NOMEM && rc != H11_ERR_INVALID_ARGUMENT, "rc %d", rc);
            return rc;
        }
        FZ_CHECK(ev && ev->type == rc, "event type %d, rc %d", ev ? ev->type : -1, rc);
        fz_log_event(log, ev);
        if (rc == H11_CONNECTION_CLOSED)
            return rc;
        react(a, c, ev);
    }
}

static void run(int cfg, unsigned seed, const uint8_t *data, size_t len, int split, fz_log *log)
{
    app a = {cfg & 1 ? H11_CLIENT : H11_SERVER, (cfg >> 3) & 3, 0};
    size_t max = limits[(cfg >> 1) & 3], off = 0;
    fz_meter m;
    h11_conn *c = fz_conn(&m, a.role, max);
    int rc = H11_NEED_DATA;
    uint32_t x = seed * 2654435761u + 1;
    if (a.role == H11_CLIENT)
        client_request(c, a.method);
    while (off < len) {
        size_t n = len - off;
        if (split) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            /* Mostly tiny pieces, sometimes larger ones. */
            size_t want = (x & 7) ? 1 + (x >> 8) % 8 : 1 + (x >> 8) % 512;
            if (want < n)
                n = want;
        }
        FZ_CHECK(h11_conn_receive_data(c, data + off, n) == H11_OK, "receive_data failed");
        off += n;
        if (rc >= 0 && rc != H11_CONNECTION_CLOSED)
            rc = drain(&a, c, log, &m, max);
    }
    if (cfg & 0x20) {
        FZ_CHECK(h11_conn_receive_data(c, NULL, 0) == H11_OK, "EOF refused");
        if (rc >= 0 && rc != H11_CONNECTION_CLOSED)
            rc = drain(&a, c, log, &m, max);
    }
    fz_log_end(log, c, rc);
    h11_conn_del(c);
    FZ_CHECK(m.live == 0, "%zu bytes leaked", m.live);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_log whole = {0}, cut = {0};
    int cfg;
    unsigned seed;
    if (size < 2)
        return 0;
    cfg = data[0];
    seed = data[1];
    data += 2;
    size -= 2;
    run(cfg, seed, data, size, 0, &whole);
    run(cfg, seed, data, size, 1, &cut);
    if (limits[(cfg >> 1) & 3] >= size)
        FZ_CHECK(whole.len == cut.len && memcmp(whole.p, cut.p, whole.len) == 0,
                 "one-piece and cut runs differ (log %zu vs %zu bytes)", whole.len, cut.len);
    fz_log_free(&whole);
    fz_log_free(&cut);
    return 0;
}
