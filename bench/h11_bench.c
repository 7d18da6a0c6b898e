/*
 * libh11 benchmark: the receive, keep-alive and send paths over the corpus in
 * bench/corpus, beside an in-run floor (memchr for '\n' once per line over
 * the same bytes). A measurement, never a test: bench/run.sh calls it once
 * per round and bench/report.py takes the medians.
 *
 *   h11_bench time CORPUS_DIR LABEL      one round of every case, JSON lines
 *   h11_bench count CORPUS_DIR CASE N    N iterations of one case, for
 *                                        callgrind --toggle-collect='phase_*'
 *
 * Paths that need the peer to have spoken first (a server cannot respond
 * before a request) run over a batch of connections: the timed phase runs
 * over every connection of the batch, the untimed phase brings them back to
 * where the next timed phase starts. The clock is read once per phase, so
 * its cost is spread over the whole batch.
 */
#define _POSIX_C_SOURCE 200809L
#include <h11/h11.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#endif
#endif
#ifndef CALLGRIND_ZERO_STATS
#define CALLGRIND_ZERO_STATS
#endif

#define NOINLINE __attribute__((noinline))
#define BATCH 64
#define MAX_CONNS BATCH

static void die(const char *what)
{
    fprintf(stderr, "h11_bench: %s\n", what);
    exit(1);
}

static void check(int ok, const char *what)
{
    if (!ok)
        die(what);
}

typedef struct blob {
    uint8_t *p;
    size_t n;
} blob;

static blob read_file(const char *dir, const char *name)
{
    char path[4096];
    blob b;
    FILE *f;
    long n;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "rb");
    if (!f)
        die(path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    b.p = malloc((size_t)n);
    b.n = (size_t)n;
    check(b.p && fread(b.p, 1, b.n, f) == b.n, "read corpus");
    fclose(f);
    return b;
}

static blob make_blob(size_t n)
{
    blob b;
    b.p = malloc(n);
    b.n = n;
    check(b.p != NULL, "malloc");
    return b;
}

static void blob_cat(blob *b, size_t *at, const char *s)
{
    size_t n = strlen(s);
    check(*at + n <= b->n, "generated case overflow");
    memcpy(b->p + *at, s, n);
    *at += n;
}

/* A request with 100 headers: cost per byte must match the 10-header (b). */
static blob make_h100(void)
{
    blob b = make_blob(8192);
    size_t at = 0;
    char line[128];
    int i;
    blob_cat(&b, &at, "GET /many/headers HTTP/1.1\r\nHost: www.example.com\r\n");
    for (i = 1; i < 100; i++) {
        snprintf(line, sizeof line, "X-Header-%02d: value-%02d, some ordinary text\r\n", i, i);
        blob_cat(&b, &at, line);
    }
    blob_cat(&b, &at, "\r\n");
    b.n = at;
    return b;
}

/* A response with a 1 MiB body: cost per byte must not grow with the body. */
static blob make_body1m(void)
{
    static const char head[] = "HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\n\r\n";
    blob b = make_blob(sizeof head - 1 + (1u << 20));
    size_t i;
    memcpy(b.p, head, sizeof head - 1);
    for (i = sizeof head - 1; i < b.n; i++)
        b.p[i] = (uint8_t)('a' + i % 26);
    return b;
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* ------------------------------------------------------------ helpers */

static h11_bytes bs(const char *s)
{
    h11_bytes b;
    b.ptr = (const uint8_t *)s;
    b.len = strlen(s);
    return b;
}

static h11_conn *new_conn(int role)
{
    h11_conn *c;
    check(h11_conn_new(&c, role, NULL, NULL) == H11_OK, "h11_conn_new");
    return c;
}

/* Drains events until EndOfMessage; returns how many events that took. */
static inline int drain_to_eom(h11_conn *c)
{
    const h11_event *ev;
    int n = 0, rc;
    do {
        rc = h11_conn_next_event(c, &ev);
        n++;
        if (rc < H11_REQUEST)
            die("unexpected event while draining");
    } while (rc != H11_END_OF_MESSAGE);
    return n;
}

static void send_ok(h11_conn *c, const h11_event *ev)
{
    if (h11_conn_send(c, ev) != H11_OK)
        die(h11_conn_last_error_message(c, NULL));
}

static h11_event ev_204;
static h11_event ev_eom;
static h11_event ev_get;
static h11_header get_hdrs[1];

static void init_events(void)
{
    memset(&ev_204, 0, sizeof ev_204);
    ev_204.type = H11_RESPONSE;
    ev_204.status_code = 204;
    ev_204.reason = bs("No Content");
    memset(&ev_eom, 0, sizeof ev_eom);
    ev_eom.type = H11_END_OF_MESSAGE;
    memset(&ev_get, 0, sizeof ev_get);
    get_hdrs[0].name = bs("Host");
    ev_get.type = H11_REQUEST;
    ev_get.method = bs("GET");
    ev_get.target = bs("/");
    get_hdrs[0].value = bs("example.com");
    ev_get.headers = get_hdrs;
    ev_get.n_headers = 1;
}

/* Server side: respond 204 and start the next cycle. */
static void server_reset(h11_conn *c)
{
    send_ok(c, &ev_204);
    send_ok(c, &ev_eom);
    h11_conn_consume_output(c, (size_t)-1);
    check(h11_conn_start_next_cycle(c) == H11_OK, "start_next_cycle (server)");
}

/* Client side: next cycle, then send the request a response answers. */
static void client_reset(h11_conn *c)
{
    if (h11_conn_our_state(c) == H11_DONE)
        check(h11_conn_start_next_cycle(c) == H11_OK, "start_next_cycle (client)");
    send_ok(c, &ev_get);
    send_ok(c, &ev_eom);
    h11_conn_consume_output(c, (size_t)-1);
}

/* -------------------------------------------------------------- cases */

typedef struct bcase bcase;
typedef size_t (*run_fn)(const bcase *bc, int iters, int timed, double *ns);

struct bcase {
    const char *name; /* corpus letter or generated case */
    const char *path; /* receive, keepalive, send, floor, ... */
    run_fn run;
    blob data;
    int msgs;         /* messages in data */
    size_t piece;     /* receive in pieces of this size (0: all at once) */
    int role;
};

/* The floor: one memchr per line. */
NOINLINE static size_t phase_floor(const uint8_t *p, size_t n)
{
    const uint8_t *end = p + n;
    size_t lines = 0;
    const uint8_t *q;
    while ((q = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        lines++;
        p = q + 1;
    }
    return lines;
}

static size_t run_floor(const bcase *bc, int iters, int timed, double *ns)
{
    volatile size_t sink = 0;
    double t0 = timed ? now_ns() : 0;
    int i;
    for (i = 0; i < iters; i++)
        sink += phase_floor(bc->data.p, bc->data.n);
    if (timed)
        *ns += now_ns() - t0;
    (void)sink;
    return (size_t)iters * (size_t)bc->msgs;
}

NOINLINE static void phase_receive(h11_conn **cs, int k, const blob *data, size_t piece)
{
    int i;
    for (i = 0; i < k; i++) {
        if (piece == 0) {
            h11_conn_receive_data(cs[i], data->p, data->n);
            drain_to_eom(cs[i]);
        } else {
            const h11_event *ev;
            size_t at = 0;
            int rc;
            for (;;) {
                size_t n = data->n - at < piece ? data->n - at : piece;
                if (n)
                    h11_conn_receive_data(cs[i], data->p + at, n);
                at += n;
                while ((rc = h11_conn_next_event(cs[i], &ev)) >= H11_REQUEST &&
                       rc != H11_END_OF_MESSAGE)
                    ;
                if (rc == H11_END_OF_MESSAGE)
                    break;
                if (rc != H11_NEED_DATA || at == data->n)
                    die("piecewise receive did not reach EndOfMessage");
            }
        }
    }
}

/* The messages after the first of a pipelined buffer are already buffered. */
NOINLINE static void phase_receive_buffered(h11_conn **cs, int k)
{
    int i;
    for (i = 0; i < k; i++)
        drain_to_eom(cs[i]);
}

/* The batch outlives one run, so that the measured run of count mode finds
 * the connections its warm-up grew: their first allocations are not the
 * steady state being measured. */
static h11_conn *batch[MAX_CONNS];
static int batch_k, batch_role = -1;

static void batch_close(void)
{
    int i;
    for (i = 0; i < batch_k; i++)
        h11_conn_del(batch[i]);
    batch_k = 0;
    batch_role = -1;
}

static void batch_open(int role, int k)
{
    int i;
    if (batch_role == role && batch_k == k)
        return;
    batch_close();
    for (i = 0; i < k; i++) {
        batch[i] = new_conn(role);
        if (role == H11_CLIENT)
            client_reset(batch[i]);
    }
    batch_role = role;
    batch_k = k;
}

static void batch_reset(int role, int k)
{
    int i;
    for (i = 0; i < k; i++) {
        if (role == H11_SERVER)
            server_reset(batch[i]);
        else
            client_reset(batch[i]);
    }
}

static int batch_size(const bcase *bc)
{
    return bc->data.n > 100000 ? 4 : BATCH;
}

static size_t run_receive(const bcase *bc, int iters, int timed, double *ns)
{
    int k = batch_size(bc), it, m;
    size_t msgs = 0;
    batch_open(bc->role, k);
    for (it = 0; it < iters; it++) {
        double t0 = timed ? now_ns() : 0;
        phase_receive(batch, k, &bc->data, bc->piece);
        if (timed)
            *ns += now_ns() - t0;
        batch_reset(bc->role, k);
        for (m = 1; m < bc->msgs; m++) {
            t0 = timed ? now_ns() : 0;
            phase_receive_buffered(batch, k);
            if (timed)
                *ns += now_ns() - t0;
            batch_reset(bc->role, k);
        }
        msgs += (size_t)k * (size_t)bc->msgs;
    }
    return msgs;
}

NOINLINE static void phase_keepalive(h11_conn *c, const blob *data)
{
    h11_conn_receive_data(c, data->p, data->n);
    drain_to_eom(c);
    h11_conn_send(c, &ev_204);
    h11_conn_send(c, &ev_eom);
    h11_conn_consume_output(c, (size_t)-1);
    h11_conn_start_next_cycle(c);
}

static size_t run_keepalive(const bcase *bc, int iters, int timed, double *ns)
{
    h11_conn *c = new_conn(H11_SERVER);
    double t0 = timed ? now_ns() : 0;
    int it;
    for (it = 0; it < iters; it++)
        phase_keepalive(c, &bc->data);
    if (timed)
        *ns += now_ns() - t0;
    check(h11_conn_our_state(c) == H11_IDLE && h11_conn_their_state(c) == H11_IDLE,
          "keep-alive cycle did not return to IDLE");
    h11_conn_del(c);
    return (size_t)iters;
}

/* What send (c) sends: corpus (c) as events, parsed once by libh11 and
 * copied out, since the views die with the connection's next call. */
static h11_event send_head, send_data;
static h11_prepared *prepared[3]; /* head, data, end */
static h11_header send_hdrs[16];
static uint8_t send_store[8192];
static size_t send_store_len;

static h11_bytes keep(h11_bytes v)
{
    h11_bytes k;
    check(send_store_len + v.len <= sizeof send_store, "send store");
    memcpy(send_store + send_store_len, v.ptr, v.len);
    k.ptr = send_store + send_store_len;
    k.len = v.len;
    send_store_len += v.len;
    return k;
}

static void prepare_send(const blob *c_resp)
{
    h11_conn *c = new_conn(H11_CLIENT);
    h11_validator *v;
    const h11_event *ev;
    size_t i;
    client_reset(c);
    h11_conn_receive_data(c, c_resp->p, c_resp->n);
    check(h11_conn_next_event(c, &ev) == H11_RESPONSE && ev->n_headers <= 16, "parse (c)");
    memset(&send_head, 0, sizeof send_head);
    send_head.type = H11_RESPONSE;
    send_head.status_code = ev->status_code;
    send_head.reason = keep(ev->reason);
    for (i = 0; i < ev->n_headers; i++) {
        send_hdrs[i].raw_name = keep(ev->headers[i].raw_name);
        send_hdrs[i].value = keep(ev->headers[i].value);
    }
    send_head.headers = send_hdrs;
    send_head.n_headers = ev->n_headers;
    check(h11_conn_next_event(c, &ev) == H11_DATA, "parse (c) body");
    memset(&send_data, 0, sizeof send_data);
    send_data.type = H11_DATA;
    send_data.data = keep(ev->data);
    h11_conn_del(c);

    check(h11_validator_new(&v, NULL) == H11_OK, "validator");
    check(h11_validator_prepare(v, &send_head, &prepared[0]) == H11_OK &&
              h11_validator_prepare(v, &send_data, &prepared[1]) == H11_OK &&
              h11_validator_prepare(v, &ev_eom, &prepared[2]) == H11_OK,
          "prepare (c)");
    h11_validator_del(v);
}

NOINLINE static void phase_send(h11_conn **cs, int k)
{
    int i;
    for (i = 0; i < k; i++) {
        h11_conn_send(cs[i], &send_head);
        h11_conn_send(cs[i], &send_data);
        h11_conn_send(cs[i], &ev_eom);
        h11_conn_consume_output(cs[i], (size_t)-1);
    }
}

/* The same events prepared once (h11_validator_prepare): h11's own split,
 * where an event is checked when constructed and send() does the rest. */
NOINLINE static void phase_send_prepared(h11_conn **cs, int k)
{
    int i;
    for (i = 0; i < k; i++) {
        h11_conn_send_prepared(cs[i], prepared[0]);
        h11_conn_send_prepared(cs[i], prepared[1]);
        h11_conn_send_prepared(cs[i], prepared[2]);
        h11_conn_consume_output(cs[i], (size_t)-1);
    }
}

static blob corpus_a;

static size_t run_send(const bcase *bc, int iters, int timed, double *ns)
{
    int k = BATCH, it, i;
    batch_open(H11_SERVER, k);
    for (it = 0; it < iters; it++) {
        double t0;
        for (i = 0; i < k; i++) {
            h11_conn_receive_data(batch[i], corpus_a.p, corpus_a.n);
            drain_to_eom(batch[i]);
        }
        t0 = timed ? now_ns() : 0;
        if (bc->path[4] == '\0')
            phase_send(batch, k);
        else
            phase_send_prepared(batch, k);
        if (timed)
            *ns += now_ns() - t0;
        for (i = 0; i < k; i++)
            check(h11_conn_start_next_cycle(batch[i]) == H11_OK, "send: next cycle");
    }
    (void)bc;
    return (size_t)iters * (size_t)k;
}

/* Sending must reproduce corpus (c) byte for byte, or send (c) measures
 * something else. */
static void check_send_output(const blob *c_resp)
{
    h11_conn *c = new_conn(H11_SERVER);
    const uint8_t *out;
    size_t n;
    int i;
    h11_conn_receive_data(c, corpus_a.p, corpus_a.n);
    drain_to_eom(c);
    send_ok(c, &send_head);
    send_ok(c, &send_data);
    send_ok(c, &ev_eom);
    n = h11_conn_pending_output(c, &out);
    check(n == c_resp->n && memcmp(out, c_resp->p, n) == 0, "send (c) output differs from corpus (c)");
    h11_conn_del(c);

    c = new_conn(H11_SERVER);
    h11_conn_receive_data(c, corpus_a.p, corpus_a.n);
    drain_to_eom(c);
    for (i = 0; i < 3; i++)
        check(h11_conn_send_prepared(c, prepared[i]) == H11_OK, "send prepared");
    n = h11_conn_pending_output(c, &out);
    check(n == c_resp->n && memcmp(out, c_resp->p, n) == 0,
          "prepared send (c) output differs from corpus (c)");
    h11_conn_del(c);
}

/* ------------------------------------------------------------- driver */

#define MAX_CASES 32
static bcase cases[MAX_CASES];
static int n_cases;

static void add(const char *name, const char *path, run_fn run, blob data, int msgs,
                size_t piece, int role)
{
    bcase *bc = &cases[n_cases++];
    check(n_cases <= MAX_CASES, "too many cases");
    bc->name = name;
    bc->path = path;
    bc->run = run;
    bc->data = data;
    bc->msgs = msgs;
    bc->piece = piece;
    bc->role = role;
}

static void setup(const char *dir)
{
    blob a = read_file(dir, "a_minimal_get.http");
    blob b = read_file(dir, "b_browser_get.http");
    blob c = read_file(dir, "c_response_1k.http");
    blob d = read_file(dir, "d_chunked.http");
    blob e = read_file(dir, "e_pipelined32.http");
    blob h100 = make_h100();
    blob body1m = make_body1m();
    corpus_a = a;
    init_events();
    prepare_send(&c);
    check_send_output(&c);

    add("a", "receive", run_receive, a, 1, 0, H11_SERVER);
    add("b", "receive", run_receive, b, 1, 0, H11_SERVER);
    add("c", "receive", run_receive, c, 1, 0, H11_CLIENT);
    add("d", "receive", run_receive, d, 1, 0, H11_CLIENT);
    add("e", "receive", run_receive, e, 32, 0, H11_SERVER);
    add("b", "keepalive", run_keepalive, b, 1, 0, H11_SERVER);
    add("c", "send", run_send, c, 1, 0, H11_SERVER);
    add("c", "send_prepared", run_send, c, 1, 0, H11_SERVER);
    add("h100", "receive", run_receive, h100, 1, 0, H11_SERVER);
    add("b", "receive16", run_receive, b, 1, 16, H11_SERVER);
    add("h100", "receive16", run_receive, h100, 1, 16, H11_SERVER);
    add("body1m", "receive64k", run_receive, body1m, 1, 65536, H11_CLIENT);
    add("a", "floor", run_floor, a, 1, 0, 0);
    add("b", "floor", run_floor, b, 1, 0, 0);
    add("c", "floor", run_floor, c, 1, 0, 0);
    add("d", "floor", run_floor, d, 1, 0, 0);
    add("e", "floor", run_floor, e, 32, 0, 0);
    add("h100", "floor", run_floor, h100, 1, 0, 0);
    add("body1m", "floor", run_floor, body1m, 1, 0, 0);
}

static const bcase *find_case(const char *spec)
{
    int i;
    char want[64];
    for (i = 0; i < n_cases; i++) {
        snprintf(want, sizeof want, "%s:%s", cases[i].name, cases[i].path);
        if (strcmp(want, spec) == 0)
            return &cases[i];
    }
    die("unknown case (want NAME:PATH, e.g. b:receive)");
    return NULL;
}

/* Iterations for about target_ns of timed work, after a warm-up that grows
 * the buffers and fills the caches. */
static int calibrate(const bcase *bc, double target_ns)
{
    double ns = 0;
    int iters = 1;
    bc->run(bc, 2, 0, &ns);
    for (;;) {
        ns = 0;
        bc->run(bc, iters, 1, &ns);
        if (ns >= target_ns || iters >= (1 << 24))
            return iters;
        iters = ns < target_ns / 64 ? iters * 16 : (int)(iters * target_ns / ns) + 1;
    }
}

static double slice_ns_per_msg(const bcase *bc, int iters)
{
    double ns = 0;
    size_t msgs = bc->run(bc, iters, 1, &ns);
    return ns / (double)msgs;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#define SLICES 8

/* The median of n <= SLICES values, sorted in a copy: the caller's order
 * pairs each slice with its floor slice. */
static double median(const double *v, int n)
{
    double s[SLICES];
    memcpy(s, v, (size_t)n * sizeof *v);
    qsort(s, (size_t)n, sizeof *s, cmp_double);
    return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* slices, when given, are n triples: a slice of the case, the floor slice
 * after it, and the slower of the speed probes around the two. */
static void print_time(const bcase *bc, const char *label, double ns_per_msg, double x_floor,
                       const double *t, const double *f, const double *probe, int n)
{
    int i;
    printf("{\"impl\": \"libh11\", \"build\": \"%s\", \"case\": \"%s\", \"path\": \"%s\", "
           "\"ns_per_msg\": %.2f, \"bytes_per_msg\": %.1f",
           label, bc->name, bc->path, ns_per_msg, (double)bc->data.n / bc->msgs);
    if (x_floor > 0)
        printf(", \"x_floor\": %.4f", x_floor);
    if (n > 0) {
        printf(", \"slices\": [");
        for (i = 0; i < n; i++)
            printf("%s[%.2f, %.2f, %.3f]", i ? ", " : "", t[i], f[i], probe[i]);
        printf("]");
    }
    printf("}\n");
    fflush(stdout);
}

/* Which of the build machine's two speeds the core is running at
 * (bench/README.md): the time of six chains of adds, which need the core's
 * full throughput to keep pace, over the time of one chain of dependent
 * multiplies, which runs alike in both modes. 1.00 in the fast mode here,
 * 1.06 to 3 in the slow one; a ratio, so no absolute time needs knowing.
 * About 30 us. -1 where there is no probe. */
#if defined(__x86_64__) && defined(__GNUC__)
static volatile uint64_t probe_sink;

/* In assembly, so that every build of the bench runs the same instructions:
 * compiled from C, -O2 and -O3 -march=native read 1.04 and 1.00 at the
 * same speed. */
static uint64_t probe_chain(uint64_t x, long n)
{
    __asm__ volatile("1:\n\t"
                     "imul %[k], %[x]\n\t"
                     "add $1, %[x]\n\t"
                     "sub $1, %[n]\n\t"
                     "jnz 1b"
                     : [x] "+r"(x), [n] "+r"(n)
                     : [k] "r"((uint64_t)0x9E3779B97F4A7C15u)
                     : "cc");
    return x;
}

static uint64_t probe_spread(uint64_t a, long n)
{
    uint64_t b = a + 1, c = a + 2, d = a + 3, e = a + 4, f = a + 5, t;
    __asm__ volatile("1:\n\t"
                     "mov %[b], %[t]\n\t xor $0x9E37, %[t]\n\t add %[t], %[a]\n\t"
                     "mov %[c], %[t]\n\t xor $0x79B9, %[t]\n\t add %[t], %[b]\n\t"
                     "mov %[d], %[t]\n\t xor $0x7F4A, %[t]\n\t add %[t], %[c]\n\t"
                     "mov %[e], %[t]\n\t xor $0x7C15, %[t]\n\t add %[t], %[d]\n\t"
                     "mov %[f], %[t]\n\t xor $0x1234, %[t]\n\t add %[t], %[e]\n\t"
                     "mov %[a], %[t]\n\t xor $0x5678, %[t]\n\t add %[t], %[f]\n\t"
                     "sub $1, %[n]\n\t"
                     "jnz 1b"
                     : [a] "+r"(a), [b] "+r"(b), [c] "+r"(c), [d] "+r"(d), [e] "+r"(e),
                       [f] "+r"(f), [t] "=&r"(t), [n] "+r"(n)
                     :
                     : "cc");
    return a ^ b ^ c ^ d ^ e ^ f;
}

NOINLINE static double speed_probe(void)
{
    double t0 = now_ns(), t1, t2;
    uint64_t x = probe_chain(probe_sink, 10000);
    t1 = now_ns();
    x ^= probe_spread(probe_sink, 10000);
    t2 = now_ns();
    probe_sink = x;
    return (t2 - t1) / (t1 - t0);
}
#else
/* Elsewhere the probe is not calibrated, and a compiler may fold a probe
 * written in C into something else: report.py counts no slice as
 * fast-mode. */
static double speed_probe(void)
{
    return -1;
}
#endif

/* Times a case and its floor in turn, SLICES times each, for about
 * target_ns in all. The build machine's speed can change from one
 * millisecond to the next (bench/README.md), so each slice of the case is
 * set against the floor slice timed just after it, and x_floor is the
 * median of those ratios. The floor's own time is printed once per case
 * name (print_floor). */
static void time_case(const bcase *bc, const bcase *floor, const char *label, double target_ns,
                      bool print_floor)
{
    double t[SLICES], f[SLICES], ratio[SLICES], probe[SLICES];
    int iters = calibrate(bc, target_ns / SLICES), floor_iters = 0, i;
    if (floor)
        floor_iters = calibrate(floor, target_ns / SLICES);
    for (i = 0; i < SLICES; i++) {
        double before = speed_probe(), after;
        t[i] = slice_ns_per_msg(bc, iters);
        if (floor) {
            f[i] = slice_ns_per_msg(floor, floor_iters);
            ratio[i] = t[i] / f[i];
        }
        after = speed_probe();
        probe[i] = before > after ? before : after;
    }
    print_time(bc, label, median(t, SLICES), floor ? median(ratio, SLICES) : 0, t, f, probe,
               floor ? SLICES : 0);
    if (floor && print_floor)
        print_time(floor, label, median(f, SLICES), 0, NULL, NULL, NULL, 0);
}

static const bcase *floor_of(const bcase *bc)
{
    int i;
    for (i = 0; i < n_cases; i++)
        if (cases[i].run == run_floor && strcmp(cases[i].name, bc->name) == 0)
            return &cases[i];
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 4)
        die("usage: h11_bench time CORPUS_DIR LABEL [ms] | count CORPUS_DIR NAME:PATH ITERS");
    setup(argv[2]);
    if (strcmp(argv[1], "time") == 0) {
        double ms = argc > 4 ? atof(argv[4]) : 40;
        int i, j;
        for (i = 0; i < n_cases; i++) {
            const bcase *floor = floor_of(&cases[i]);
            bool first = true;
            if (cases[i].run == run_floor)
                continue;
            for (j = 0; j < i; j++)
                first &= strcmp(cases[j].name, cases[i].name) != 0;
            time_case(&cases[i], floor, argv[3], ms * 1e6, first);
            batch_close();
        }
    } else if (strcmp(argv[1], "count") == 0 && argc > 4) {
        const bcase *bc = find_case(argv[3]);
        double ns = 0;
        size_t msgs;
        bc->run(bc, 2, 0, &ns);
        CALLGRIND_ZERO_STATS;
        msgs = bc->run(bc, atoi(argv[4]), 0, &ns);
        printf("%zu\n", msgs);
    } else {
        die("unknown mode");
    }
    return 0;
}
