/*
 * API hygiene through the exported ABI: argument checking, error codes and
 * their text, names, the version query, and the allocator hooks (every byte
 * through the hooks, no leak, no allocation in a steady keep-alive cycle,
 * and H11_ERR_NOMEM without damage whichever allocation fails).
 *
 * Where h11 has an equivalent, the snippet is in the comment; the rest is C
 * API contract from h11.h.
 */
#include "h11_test_util.h"

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
#include <malloc.h>
#define HAVE_MALLINFO2 1
#endif

/* ------------------------------------------------------------ allocator */

#define BLOCK_MAGIC 0x68313161u /* "h11a" */
#define BLOCK_DEAD 0xdeadb10cu

struct block {
    uint32_t magic;
    uint32_t pad;
    size_t size;
};

/* Counts every hook call; the Nth allocating call (malloc or realloc) fails
 * when fail_at is N. With arena set, memory comes from a static bump arena
 * instead of the C library, so any C-library heap use during a libh11 call
 * is visible in mallinfo2(). */
struct counting {
    size_t allocs, frees, live, live_bytes, bad_frees;
    size_t fail_at, failures;
    int arena;
};

static _Alignas(16) unsigned char arena_mem[8u << 20];
static size_t arena_used;

static void *raw_alloc(struct counting *a, size_t n)
{
    if (!a->arena)
        return malloc(n);
    n = (n + 15) & ~(size_t)15;
    if (arena_used + n > sizeof arena_mem)
        return NULL;
    void *p = arena_mem + arena_used;
    arena_used += n;
    return p;
}

static void raw_free(struct counting *a, void *p)
{
    if (!a->arena)
        free(p);
}

static int should_fail(struct counting *a)
{
    if (++a->allocs == a->fail_at) {
        a->failures++;
        return 1;
    }
    return 0;
}

static void *count_malloc(size_t size, void *ud)
{
    struct counting *a = ud;
    if (should_fail(a))
        return NULL;
    struct block *b = raw_alloc(a, sizeof *b + size);
    if (!b)
        return NULL;
    b->magic = BLOCK_MAGIC;
    b->size = size;
    a->live++;
    a->live_bytes += size;
    return b + 1;
}

static void count_free(void *p, void *ud)
{
    struct counting *a = ud;
    if (!p)
        return;
    struct block *b = (struct block *)p - 1;
    if (b->magic != BLOCK_MAGIC) {
        a->bad_frees++;
        return;
    }
    b->magic = BLOCK_DEAD;
    a->frees++;
    a->live--;
    a->live_bytes -= b->size;
    raw_free(a, b);
}

static void *count_realloc(void *p, size_t size, void *ud)
{
    struct counting *a = ud;
    if (!p)
        return count_malloc(size, ud);
    struct block *old = (struct block *)p - 1;
    if (old->magic != BLOCK_MAGIC) {
        a->bad_frees++;
        return NULL;
    }
    if (should_fail(a))
        return NULL;
    struct block *b = raw_alloc(a, sizeof *b + size);
    if (!b)
        return NULL;
    memcpy(b + 1, p, old->size < size ? old->size : size);
    b->magic = BLOCK_MAGIC;
    b->size = size;
    a->live_bytes += size;
    a->live_bytes -= old->size;
    old->magic = BLOCK_DEAD;
    raw_free(a, old);
    return b + 1;
}

static h11_mem counting_mem(struct counting *a)
{
    h11_mem m = {a, count_malloc, count_free, count_realloc};
    return m;
}

/* One full keep-alive exchange on both sides, through raw API calls only (no
 * Check assertion may run while mallinfo2 is being compared, because Check
 * itself allocates). Every call that fails with H11_ERR_NOMEM is retried: the
 * header promises the connection is unchanged, and the transcript proves it.
 * Returns the number of NOMEM results; appends a transcript to log. */
static const char REQ[] = "POST /upload HTTP/1.1\r\nHost: example\r\nTransfer-Encoding: chunked\r\n"
                          "X-Long-Header: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n"
                          "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: yes\r\n\r\n";

#define RETRY(nomem, call) \
    do {                       \
        rc = (call);           \
        if (rc == H11_ERR_NOMEM) \
            (nomem)++;         \
    } while (rc == H11_ERR_NOMEM)

struct log {
    char text[4096];
    size_t len;
};

static void log_add(struct log *l, const void *p, size_t n)
{
    if (l && l->len + n < sizeof l->text) {
        memcpy(l->text + l->len, p, n);
        l->len += n;
        l->text[l->len] = '\0';
    }
}

static void log_event(struct log *l, int rc, const h11_event *ev)
{
    char num[16];
    snprintf(num, sizeof num, "<%d>", rc);
    log_add(l, num, strlen(num));
    if (rc == H11_DATA)
        log_add(l, ev->data.ptr, ev->data.len);
    if (rc == H11_REQUEST || rc == H11_RESPONSE || rc == H11_END_OF_MESSAGE)
        for (size_t i = 0; i < ev->n_headers; i++) {
            log_add(l, ev->headers[i].raw_name.ptr, ev->headers[i].raw_name.len);
            log_add(l, "=", 1);
            log_add(l, ev->headers[i].value.ptr, ev->headers[i].value.len);
            log_add(l, ";", 1);
        }
}

static size_t exchange(h11_conn *server, h11_conn *client, struct log *l, int *failed)
{
    static const h11_header hdrs[] = {
        {{(const uint8_t *)"Content-Type", 12}, {NULL, 0}, {(const uint8_t *)"text/plain", 10}},
        {{(const uint8_t *)"X-Id", 4}, {NULL, 0}, {(const uint8_t *)"42", 2}},
    };
    static const h11_header trailers[] = {
        {{(const uint8_t *)"X-Checksum", 10}, {NULL, 0}, {(const uint8_t *)"abc", 3}},
    };
    static const uint32_t req_lens[] = {4, 7, 0, 4, 7, 17, 7};
    h11_event resp = {0}, data = {0}, eom = {0};
    resp.type = H11_RESPONSE;
    resp.status_code = 200;
    resp.reason.ptr = (const uint8_t *)"OK";
    resp.reason.len = 2;
    resp.headers = hdrs;
    resp.n_headers = 2;
    data.type = H11_DATA;
    data.data.ptr = (const uint8_t *)"response body";
    data.data.len = 13;
    eom.type = H11_END_OF_MESSAGE;
    eom.headers = trailers;
    eom.n_headers = 1;

    size_t nomem = 0;
    int rc;
    const h11_event *ev;
    uint8_t wire[1024];
    size_t wire_len, n;

    /* Server: read the request, answer it chunked with a trailer. */
    RETRY(nomem, h11_conn_receive_data(server, (const uint8_t *)REQ, sizeof REQ - 1));
    *failed |= rc != H11_OK;
    do {
        RETRY(nomem, h11_conn_next_event(server, &ev));
        log_event(l, rc, ev);
    } while (rc > H11_PAUSED);
    *failed |= rc != H11_NEED_DATA;
    RETRY(nomem, h11_conn_send(server, &resp));
    *failed |= rc != H11_OK;
    RETRY(nomem, h11_conn_send(server, &data));
    *failed |= rc != H11_OK;
    RETRY(nomem, h11_conn_send(server, &eom));
    *failed |= rc != H11_OK;
    wire_len = h11_conn_take_output(server, wire, sizeof wire);
    log_add(l, wire, wire_len);

    /* Client: send a request (flat layout), then read the server's answer. */
    RETRY(nomem, h11_conn_send_flat(client, H11_REQUEST, 0,
                                    (const uint8_t *)"POST/uploadHostexampleTransfer-Encodingchunked",
                                    req_lens, 7));
    *failed |= rc != H11_OK;
    RETRY(nomem, h11_conn_send(client, &data));
    *failed |= rc != H11_OK;
    RETRY(nomem, h11_conn_send(client, &eom));
    *failed |= rc != H11_OK;
    uint8_t req_out[512];
    n = h11_conn_take_output(client, req_out, sizeof req_out);
    log_add(l, req_out, n);
    RETRY(nomem, h11_conn_receive_data(client, wire, wire_len));
    *failed |= rc != H11_OK;
    do {
        RETRY(nomem, h11_conn_next_event(client, &ev));
        log_event(l, rc, ev);
    } while (rc > H11_PAUSED);
    *failed |= rc != H11_NEED_DATA;

    RETRY(nomem, h11_conn_start_next_cycle(server));
    *failed |= rc != H11_OK;
    RETRY(nomem, h11_conn_start_next_cycle(client));
    *failed |= rc != H11_OK;
    return nomem;
}

static size_t new_pair(const h11_mem *mem, h11_conn **server, h11_conn **client)
{
    size_t nomem = 0;
    int rc;
    RETRY(nomem, h11_conn_new(server, H11_SERVER, NULL, mem));
    ck_assert_int_eq(rc, H11_OK);
    RETRY(nomem, h11_conn_new(client, H11_CLIENT, NULL, mem));
    ck_assert_int_eq(rc, H11_OK);
    return nomem;
}

/* The exchange itself must be right before its allocations mean anything;
 * the bytes are what h11 produces for the same events:
 * server: Response(200, [Content-Type, X-Id], reason=b"OK") to a 1.1 request ->
 * b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Id: 42\r\nTransfer-Encoding: chunked\r\n\r\n"
 * Data(b"response body") -> b"d\r\nresponse body\r\n";
 * EndOfMessage([X-Checksum: abc]) -> b"0\r\nX-Checksum: abc\r\n\r\n"
 * and the events each side reads (<type> then data or name=value pairs):
 * Request, Data(b"hello"), Data(b" world"), EOM([X-Trailer: yes]), NEED_DATA;
 * Response(200, [Content-Type, X-Id, Transfer-Encoding]), Data, EOM, NEED_DATA;
 * then start_next_cycle() gives IDLE/IDLE on both. */
START_TEST(test_exchange_transcript)
{
    h11_conn *server, *client;
    new_pair(NULL, &server, &client);
    struct log l = {{0}, 0};
    int failed = 0;
    ck_assert_uint_eq(exchange(server, client, &l, &failed), 0);
    ck_assert_int_eq(failed, 0);
    ck_assert_str_eq(l.text,
                     "<2>Host=example;Transfer-Encoding=chunked;X-Long-Header=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;"
                     "<5>hello<5> world<6>X-Trailer=yes;<0>"
                     "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Id: 42\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "d\r\nresponse body\r\n0\r\nX-Checksum: abc\r\n\r\n"
                     "POST /upload HTTP/1.1\r\nHost: example\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "d\r\nresponse body\r\n0\r\nX-Checksum: abc\r\n\r\n"
                     "<4>Content-Type=text/plain;X-Id=42;Transfer-Encoding=chunked;<5>response body<6>X-Checksum=abc;<0>");
    h11_conn_del(server);
    h11_conn_del(client);
}
END_TEST

/* Every allocation and free goes through the hooks: the hooks see balanced
 * traffic ending at zero live blocks, never a foreign pointer, and the C
 * library heap does not grow while libh11 runs with an arena allocator. */
START_TEST(test_allocations_go_through_hooks)
{
    struct counting a = {0};
    a.arena = 1;
    arena_used = 0;
    h11_mem mem = counting_mem(&a);
    h11_conn *server = NULL, *client = NULL;
    h11_options *opts = NULL;
    h11_validator *v = NULL;
    int failed = 0;
#ifdef HAVE_MALLINFO2
    size_t heap_before = mallinfo2().uordblks;
#endif
    failed |= h11_options_new(&opts, &mem) != H11_OK;
    failed |= h11_options_set_max_incomplete_event_size(opts, 4096) != H11_OK;
    failed |= h11_conn_new(&server, H11_SERVER, opts, &mem) != H11_OK;
    failed |= h11_conn_new(&client, H11_CLIENT, opts, &mem) != H11_OK;
    failed |= h11_validator_new(&v, &mem) != H11_OK;
    size_t nomem = 0;
    for (int i = 0; i < 3; i++)
        nomem += exchange(server, client, NULL, &failed);
    const h11_event *norm;
    failed |= h11_validator_check(v, tu_resp(200, "Content-Length", "1, 1", NULL), &norm) != H11_OK;
    h11_validator_del(v);
    h11_conn_del(server);
    h11_conn_del(client);
    h11_options_del(opts);
#ifdef HAVE_MALLINFO2
    size_t heap_after = mallinfo2().uordblks;
#endif
    ck_assert_int_eq(failed, 0);
    ck_assert_uint_eq(nomem, 0);
    ck_assert_uint_gt(a.allocs, 0);
    ck_assert_uint_eq(a.bad_frees, 0);
    ck_assert_uint_eq(a.live, 0);
    ck_assert_uint_eq(a.live_bytes, 0);
#ifdef HAVE_MALLINFO2
    ck_assert_uint_eq(heap_after, heap_before);
#endif
}
END_TEST

/* After warm-up, a keep-alive request/response cycle on both sides makes no
 * allocating hook call at all. */
START_TEST(test_steady_cycle_allocates_nothing)
{
    struct counting a = {0};
    h11_mem mem = counting_mem(&a);
    h11_conn *server, *client;
    new_pair(&mem, &server, &client);
    int failed = 0;
    for (int i = 0; i < 3; i++)
        exchange(server, client, NULL, &failed);
    size_t warm = a.allocs, warm_frees = a.frees;
    for (int i = 0; i < 100; i++)
        exchange(server, client, NULL, &failed);
    ck_assert_int_eq(failed, 0);
    ck_assert_uint_eq(a.allocs - warm, 0);
    ck_assert_uint_eq(a.frees - warm_frees, 0);
    h11_conn_del(server);
    h11_conn_del(client);
    ck_assert_uint_eq(a.live, 0);
}
END_TEST

/* Fail the Nth allocation, for every N the exchange reaches: each failure
 * surfaces as H11_ERR_NOMEM, a retry then gives exactly the transcript of a
 * run without failures, and nothing leaks. */
START_TEST(test_every_allocation_failure_is_clean)
{
    struct log want = {{0}, 0};
    {
        h11_conn *server, *client;
        new_pair(NULL, &server, &client);
        int failed = 0;
        exchange(server, client, &want, &failed);
        ck_assert_int_eq(failed, 0);
        h11_conn_del(server);
        h11_conn_del(client);
    }
    size_t n;
    for (n = 1;; n++) {
        struct counting a = {0};
        a.fail_at = n;
        h11_mem mem = counting_mem(&a);
        h11_conn *server, *client;
        struct log got = {{0}, 0};
        int failed = 0;
        size_t nomem = new_pair(&mem, &server, &client);
        nomem += exchange(server, client, &got, &failed);
        h11_conn_del(server);
        h11_conn_del(client);
        ck_assert_msg(!failed, "fail_at=%zu: a call failed for another reason", n);
        ck_assert_msg(nomem == a.failures, "fail_at=%zu: %zu NOMEM results for %zu failed allocations", n,
                      nomem, a.failures);
        ck_assert_msg(strcmp(got.text, want.text) == 0, "fail_at=%zu: transcript differs:\n%s", n, got.text);
        ck_assert_msg(a.live == 0 && a.bad_frees == 0, "fail_at=%zu: %zu blocks leaked, %zu bad frees", n,
                      a.live, a.bad_frees);
        if (a.failures == 0)
            break;
    }
    ck_assert_uint_gt(n, 2);
}
END_TEST

/* Allocation failures in the other constructors. */
START_TEST(test_constructors_report_nomem)
{
    struct counting a = {0};
    a.fail_at = 1;
    h11_mem mem = counting_mem(&a);
    h11_conn *c = (h11_conn *)&a;
    h11_options *o = (h11_options *)&a;
    h11_validator *v = (h11_validator *)&a;
    ck_assert_int_eq(h11_conn_new(&c, H11_CLIENT, NULL, &mem), H11_ERR_NOMEM);
    ck_assert_ptr_null(c);
    a.allocs = 0;
    ck_assert_int_eq(h11_options_new(&o, &mem), H11_ERR_NOMEM);
    ck_assert_ptr_null(o);
    a.allocs = 0;
    ck_assert_int_eq(h11_validator_new(&v, &mem), H11_ERR_NOMEM);
    ck_assert_ptr_null(v);
    ck_assert_uint_eq(a.live, 0);
}
END_TEST

/* A validator whose buffers fail to grow reports NOMEM and works on retry. */
START_TEST(test_validator_nomem_then_retry)
{
    for (size_t n = 2; n < 8; n++) {
        struct counting a = {0};
        h11_mem mem = counting_mem(&a);
        h11_validator *v = NULL;
        ck_assert_int_eq(h11_validator_new(&v, &mem), H11_OK);
        a.fail_at = a.allocs + n - 1;
        const h11_event *norm = NULL;
        h11_event *ev = tu_req("GET", "/", "Host", "a", "X", "y", NULL);
        int rc;
        size_t nomem = 0;
        RETRY(nomem, h11_validator_check(v, ev, &norm));
        ck_assert_int_eq(rc, H11_OK);
        ck_assert_uint_eq(nomem, a.failures);
        ck_assert_str_eq(tu_fmt_event(norm), "Request(GET / 1.1 [Host: a; X: y])");
        h11_validator_del(v);
        ck_assert_uint_eq(a.live, 0);
    }
}
END_TEST

/* ---------------------------------------------------------- API hygiene */

START_TEST(test_null_and_bad_arguments)
{
    h11_conn *c = NULL;
    const h11_event *ev = NULL;
    h11_bytes b, a;
    ck_assert_int_eq(h11_conn_new(NULL, H11_CLIENT, NULL, NULL), H11_ERR_INVALID_ARGUMENT);
    /* h11.Connection(our_role=3) -> ValueError('expected CLIENT or SERVER, not 3') */
    ck_assert_int_eq(h11_conn_new(&c, 2, NULL, NULL), H11_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(c);
    ck_assert_int_eq(h11_conn_new(&c, -1, NULL, NULL), H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_options_new(NULL, NULL), H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_options_set_max_incomplete_event_size(NULL, 1), H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_validator_new(NULL, NULL), H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_conn_receive_data(NULL, (const uint8_t *)"x", 1), H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_conn_next_event(NULL, &ev), H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_conn_send(NULL, tu_data("x")), H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_conn_send_flat(NULL, H11_DATA, 0, (const uint8_t *)"x", (const uint32_t[]){1}, 1),
                     H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_conn_send_data_passthrough(NULL, 1, &b, &a), H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_conn_send_failed(NULL), H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_conn_start_next_cycle(NULL), H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_conn_state(NULL, H11_CLIENT), -1);
    /* Deleting nothing is allowed, like free(NULL). */
    h11_conn_del(NULL);
    h11_options_del(NULL);
    h11_validator_del(NULL);
}
END_TEST

/* Bad arguments on a live connection are refused without touching it. */
START_TEST(test_bad_arguments_change_nothing)
{
    h11_conn *c = tu_server_after_get();
    h11_bytes b, a;
    ck_assert_int_eq(h11_conn_receive_data(c, NULL, 3), H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_conn_next_event(c, NULL), H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_conn_send(c, NULL), H11_ERR_INVALID_ARGUMENT);
    h11_event *ev = tu_resp(200, NULL);
    ev->n_headers = 1;
    ck_assert_int_eq(h11_conn_send(c, ev), H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_conn_last_error_code(c), H11_ERR_INVALID_ARGUMENT);
    ev = tu_data("x");
    ev->type = H11_NEED_DATA;
    ck_assert_int_eq(h11_conn_send(c, ev), H11_ERR_INVALID_ARGUMENT);
    ev->type = 42;
    ck_assert_int_eq(h11_conn_send(c, ev), H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_conn_send_flat(c, H11_RESPONSE, 200, NULL, (const uint32_t[]){3, 0}, 2),
                     H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_conn_send_flat(c, H11_RESPONSE, 200, (const uint8_t *)"1.1", NULL, 2),
                     H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_conn_send_flat(c, 99, 0, NULL, NULL, 0), H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_conn_send_data_passthrough(c, 1, NULL, &a), H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_conn_send_data_passthrough(c, 1, &b, NULL), H11_ERR_INVALID_ARGUMENT);
    ck_assert_str_eq(tu_states(c), "DONE/SEND_RESPONSE");
    const uint8_t *out;
    ck_assert_uint_eq(h11_conn_pending_output(c, &out), 0);
    ck_assert_str_eq(tu_send(c, tu_resp(200, "Content-Length", "0", NULL)), "HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n");
    h11_conn_del(c);
}
END_TEST

START_TEST(test_validator_bad_arguments)
{
    h11_validator *v = NULL;
    const h11_event *n = NULL;
    ck_assert_int_eq(h11_validator_new(&v, NULL), H11_OK);
    ck_assert_int_eq(h11_validator_check(NULL, tu_data("x"), &n), H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_validator_check(v, NULL, &n), H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_validator_check(v, tu_data("x"), NULL), H11_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(h11_validator_check_flat(NULL, H11_DATA, 0, (const uint8_t *)"x", (const uint32_t[]){1}, 1, &n),
                     H11_ERR_INVALID_ARGUMENT);
    h11_validator_del(v);
}
END_TEST

/* c = Connection(SERVER); c.receive_data(b""); c.receive_data(b"x") ->
 * RuntimeError('received close, then received more data?'), states IDLE/IDLE,
 * trailing_data (b'', True). Another b"" is fine. */
START_TEST(test_data_after_eof)
{
    h11_conn *c = tu_conn(H11_SERVER);
    TU_EOF(c);
    ck_assert_int_eq(h11_conn_receive_data(c, (const uint8_t *)"x", 1), H11_ERR_DATA_AFTER_EOF);
    ck_assert_int_eq(h11_conn_last_error_code(c), H11_ERR_DATA_AFTER_EOF);
    ck_assert_str_eq(h11_conn_last_error_message(c, NULL), "received close, then received more data?");
    ck_assert_str_eq(tu_states(c), "IDLE/IDLE");
    h11_bytes td;
    ck_assert_int_eq(h11_conn_trailing_data(c, &td), 1);
    ck_assert_uint_eq(td.len, 0);
    TU_EOF(c);
    ck_assert_str_eq(tu_next(c), "Closed");
    h11_conn_del(c);
}
END_TEST

START_TEST(test_last_error_before_any_error)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    size_t len = 99;
    ck_assert_int_eq(h11_conn_last_error_code(c), H11_OK);
    ck_assert_str_eq(h11_conn_last_error_message(c, &len), "");
    ck_assert_uint_eq(len, 0);
    h11_conn_del(c);
}
END_TEST

/* The detail stays until the next error: a successful call in between does
 * not clear it. h11: the exception object is what carries it. */
START_TEST(test_last_error_detail)
{
    h11_conn *c = tu_conn(H11_SERVER);
    TU_RECV(c, "GET / HTTP/1.1\r\nTransfer-Encoding: gzip\r\nHost: a\r\n\r\n");
    ck_assert_str_eq(tu_next(c), "Remote 501: Only Transfer-Encoding: chunked is supported");
    size_t len = 0;
    const char *msg = h11_conn_last_error_message(c, &len);
    ck_assert_uint_eq(len, strlen("Only Transfer-Encoding: chunked is supported"));
    ck_assert_int_eq(msg[len], '\0');
    ck_assert_int_eq(h11_conn_last_error_status_hint(c), 501);
    h11_conn_del(c);
}
END_TEST

START_TEST(test_strerror_every_code)
{
    static const int codes[] = {H11_OK, H11_ERR_LOCAL_PROTOCOL, H11_ERR_REMOTE_PROTOCOL, H11_ERR_NOMEM,
                                H11_ERR_INVALID_ARGUMENT, H11_ERR_DATA_AFTER_EOF};
    const size_t n = sizeof codes / sizeof codes[0];
    for (size_t i = 0; i < n; i++) {
        const char *s = h11_strerror(codes[i]);
        ck_assert_ptr_nonnull(s);
        ck_assert_uint_gt(strlen(s), 0);
        for (size_t j = 0; j < i; j++)
            ck_assert_str_ne(s, h11_strerror(codes[j]));
    }
    ck_assert_ptr_nonnull(h11_strerror(-99));
    ck_assert_ptr_nonnull(h11_strerror(7));
}
END_TEST

/* Names as h11 spells them: str(h11.CLIENT) == "CLIENT", str(h11.SEND_BODY)
 * == "SEND_BODY", h11.Request.__name__ == "Request", str(h11.NEED_DATA) ==
 * "NEED_DATA". */
START_TEST(test_names)
{
    ck_assert_str_eq(h11_role_name(H11_CLIENT), "CLIENT");
    ck_assert_str_eq(h11_role_name(H11_SERVER), "SERVER");
    ck_assert_str_eq(h11_role_name(2), "");
    static const char *const states[] = {"IDLE", "SEND_RESPONSE", "SEND_BODY", "DONE", "MUST_CLOSE",
                                         "CLOSED", "MIGHT_SWITCH_PROTOCOL", "SWITCHED_PROTOCOL", "ERROR"};
    for (int i = 0; i < 9; i++)
        ck_assert_str_eq(h11_state_name(i), states[i]);
    ck_assert_str_eq(h11_state_name(9), "");
    ck_assert_str_eq(h11_state_name(-1), "");
    static const char *const types[] = {"NEED_DATA", "PAUSED", "Request", "InformationalResponse",
                                        "Response", "Data", "EndOfMessage", "ConnectionClosed"};
    for (int i = 0; i < 8; i++)
        ck_assert_str_eq(h11_event_type_name(i), types[i]);
    ck_assert_str_eq(h11_event_type_name(8), "");
}
END_TEST

START_TEST(test_version_query)
{
    const h11_info *info = h11_version(0);
    ck_assert_ptr_nonnull(info);
    ck_assert_int_ge(info->age, 1);
    ck_assert_uint_eq(info->version_num, H11_VERSION_NUM);
    ck_assert_str_eq(info->version_str, H11_VERSION_STR);
    /* h11.__version__ == "0.16.0" */
    ck_assert_str_eq(info->upstream_str, "0.16.0");
    ck_assert_ptr_eq(h11_version(H11_VERSION_NUM), info);
    ck_assert_ptr_null(h11_version(H11_VERSION_NUM + 1));
    ck_assert_ptr_null(h11_version(0x020000));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("connection");
    TCase *api = tcase_create("api");
    tcase_add_test(api, test_null_and_bad_arguments);
    tcase_add_test(api, test_bad_arguments_change_nothing);
    tcase_add_test(api, test_validator_bad_arguments);
    tcase_add_test(api, test_data_after_eof);
    tcase_add_test(api, test_last_error_before_any_error);
    tcase_add_test(api, test_last_error_detail);
    tcase_add_test(api, test_strerror_every_code);
    tcase_add_test(api, test_names);
    tcase_add_test(api, test_version_query);
    suite_add_tcase(s, api);
    TCase *mem = tcase_create("allocator");
    tcase_set_timeout(mem, 60);
    tcase_add_test(mem, test_exchange_transcript);
    tcase_add_test(mem, test_allocations_go_through_hooks);
    tcase_add_test(mem, test_steady_cycle_allocates_nothing);
    tcase_add_test(mem, test_every_allocation_failure_is_clean);
    tcase_add_test(mem, test_constructors_report_nomem);
    tcase_add_test(mem, test_validator_nomem_then_retry);
    suite_add_tcase(s, mem);
    return tu_run(s);
}
