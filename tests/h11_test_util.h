/*
 * Shared helpers for the Check unit tests. They go through the public API
 * only and render every result as one short string, so that each test is a
 * single string comparison against what h11 0.16.0 produced for the same
 * input (the h11 snippet sits in a comment above each test).
 *
 * Rendering (mirrored by the snippets' fmt() so expectations can be
 * regenerated with h11):
 *   Request(GET / 1.1 [Host: a; X: b])      header = raw_name ": " value
 *   Info(101 1.1 "reason" [...])            InformationalResponse
 *   Response(200 1.1 "OK" [...])
 *   Data("bytes")  Data("bytes" start)  Data("bytes" end)  Data("x" start end)
 *   EOM([...])   Closed   NEED_DATA   PAUSED
 *   Remote 400: <message>   Local 501: <message>    (protocol errors)
 *   NOMEM  INVALID_ARGUMENT  DATA_AFTER_EOF          (other errors)
 * Byte strings are escaped: printable ASCII as is, backslash doubled,
 * everything else \xNN (lowercase hex).
 * tu_send returns the bytes sent verbatim (or the rendered error).
 * tu_drain joins results with " | " and stops after NEED_DATA, PAUSED, an
 * error, or a repeated Closed.
 */
#ifndef H11_TEST_UTIL_H
#define H11_TEST_UTIL_H

#include <check.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <h11/h11.h>

/* Rendered strings live in a ring of static buffers: Check forks every test,
 * and no test holds more than a handful of rendered results at once. */
#define TU_RING 16
#define TU_BUF 8192

static inline char *tu_buf(void)
{
    static char ring[TU_RING][TU_BUF];
    static unsigned next;
    char *b = ring[next++ % TU_RING];
    b[0] = '\0';
    return b;
}

static inline void tu_cat(char *dst, const char *fmt, ...)
{
    size_t used = strlen(dst);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst + used, TU_BUF - used, fmt, ap);
    va_end(ap);
}

static inline void tu_cat_bytes(char *dst, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\\')
            tu_cat(dst, "\\\\");
        else if (p[i] >= 0x20 && p[i] < 0x7f)
            tu_cat(dst, "%c", p[i]);
        else
            tu_cat(dst, "\\x%02x", p[i]);
    }
}

static inline void tu_cat_view(char *dst, h11_bytes b)
{
    ck_assert(b.ptr != NULL || b.len == 0);
    tu_cat_bytes(dst, b.ptr, b.len);
}

/* Every header libh11 hands out must carry the lower-cased name beside the
 * raw one; checking it here covers every received event in every test. */
static inline void tu_cat_headers(char *dst, const h11_header *h, size_t n)
{
    ck_assert(h != NULL || n == 0);
    tu_cat(dst, "[");
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_eq(h[i].name.len, h[i].raw_name.len);
        for (size_t j = 0; j < h[i].name.len; j++) {
            uint8_t c = h[i].raw_name.ptr[j];
            if (c >= 'A' && c <= 'Z')
                c = (uint8_t)(c + 32);
            ck_assert_int_eq(h[i].name.ptr[j], c);
        }
        if (i)
            tu_cat(dst, "; ");
        tu_cat_view(dst, h[i].raw_name);
        tu_cat(dst, ": ");
        tu_cat_view(dst, h[i].value);
    }
    tu_cat(dst, "]");
}

static inline const char *tu_fmt_event(const h11_event *ev)
{
    char *b = tu_buf();
    switch (ev->type) {
    case H11_REQUEST:
        tu_cat(b, "Request(");
        tu_cat_view(b, ev->method);
        tu_cat(b, " ");
        tu_cat_view(b, ev->target);
        tu_cat(b, " ");
        tu_cat_view(b, ev->http_version);
        tu_cat(b, " ");
        tu_cat_headers(b, ev->headers, ev->n_headers);
        tu_cat(b, ")");
        break;
    case H11_INFORMATIONAL_RESPONSE:
    case H11_RESPONSE:
        tu_cat(b, "%s(%d ", ev->type == H11_RESPONSE ? "Response" : "Info", ev->status_code);
        tu_cat_view(b, ev->http_version);
        tu_cat(b, " \"");
        tu_cat_view(b, ev->reason);
        tu_cat(b, "\" ");
        tu_cat_headers(b, ev->headers, ev->n_headers);
        tu_cat(b, ")");
        break;
    case H11_DATA:
        tu_cat(b, "Data(\"");
        tu_cat_view(b, ev->data);
        tu_cat(b, "\"%s%s)", ev->chunk_start ? " start" : "", ev->chunk_end ? " end" : "");
        break;
    case H11_END_OF_MESSAGE:
        tu_cat(b, "EOM(");
        tu_cat_headers(b, ev->headers, ev->n_headers);
        tu_cat(b, ")");
        break;
    case H11_CONNECTION_CLOSED:
        tu_cat(b, "Closed");
        break;
    default:
        tu_cat(b, "?event type %d", (int)ev->type);
    }
    return b;
}

static inline const char *tu_fmt_error(int rc, int hint, const char *msg)
{
    char *b = tu_buf();
    switch (rc) {
    case H11_ERR_LOCAL_PROTOCOL: tu_cat(b, "Local %d: %s", hint, msg); break;
    case H11_ERR_REMOTE_PROTOCOL: tu_cat(b, "Remote %d: %s", hint, msg); break;
    case H11_ERR_NOMEM: tu_cat(b, "NOMEM"); break;
    case H11_ERR_INVALID_ARGUMENT: tu_cat(b, "INVALID_ARGUMENT"); break;
    case H11_ERR_DATA_AFTER_EOF: tu_cat(b, "DATA_AFTER_EOF"); break;
    default: tu_cat(b, "?rc %d", rc);
    }
    return b;
}

static inline const char *tu_conn_error(const h11_conn *c, int rc)
{
    size_t len = 0;
    const char *msg = h11_conn_last_error_message(c, &len);
    ck_assert_ptr_nonnull(msg);
    ck_assert_uint_eq(strlen(msg), len);
    ck_assert_int_eq(h11_conn_last_error_code(c), rc);
    return tu_fmt_error(rc, h11_conn_last_error_status_hint(c), msg);
}

/* ------------------------------------------------------------- connections */

static inline h11_conn *tu_conn(int role)
{
    h11_conn *c = NULL;
    ck_assert_int_eq(h11_conn_new(&c, role, NULL, NULL), H11_OK);
    ck_assert_ptr_nonnull(c);
    return c;
}

/* A connection with options: max_incomplete_event_size and strict mode. */
static inline h11_conn *tu_conn_with(int role, size_t max_incomplete, int strict)
{
    h11_options *o = NULL;
    h11_conn *c = NULL;
    ck_assert_int_eq(h11_options_new(&o, NULL), H11_OK);
    ck_assert_int_eq(h11_options_set_max_incomplete_event_size(o, max_incomplete), H11_OK);
    ck_assert_int_eq(h11_options_set_strict(o, strict), H11_OK);
    ck_assert_int_eq(h11_conn_new(&c, role, o, NULL), H11_OK);
    h11_options_del(o);
    return c;
}

static inline h11_conn *tu_conn_max(int role, size_t max_incomplete)
{
    return tu_conn_with(role, max_incomplete, 0);
}

/* String literals may hold NUL bytes, so the length comes from sizeof. */
#define TU_RECV(c, lit) ck_assert_int_eq(h11_conn_receive_data((c), (const uint8_t *)(lit), sizeof(lit) - 1), H11_OK)
#define TU_EOF(c) ck_assert_int_eq(h11_conn_receive_data((c), NULL, 0), H11_OK)

static inline const char *tu_next(h11_conn *c)
{
    const h11_event *ev = (const h11_event *)1;
    int rc = h11_conn_next_event(c, &ev);
    if (rc < 0) {
        ck_assert_ptr_null(ev);
        return tu_conn_error(c, rc);
    }
    if (rc == H11_NEED_DATA || rc == H11_PAUSED) {
        ck_assert_ptr_null(ev);
        return rc == H11_NEED_DATA ? "NEED_DATA" : "PAUSED";
    }
    ck_assert_ptr_nonnull(ev);
    ck_assert_int_eq(ev->type, rc);
    return tu_fmt_event(ev);
}

static inline const char *tu_drain(h11_conn *c)
{
    char *b = tu_buf();
    int closed = 0;
    for (int i = 0; i < 64; i++) {
        const char *r = tu_next(c);
        if (i)
            tu_cat(b, " | ");
        tu_cat(b, "%s", r);
        if (strcmp(r, "Closed") == 0) {
            if (closed++)
                break;
            continue;
        }
        if (strcmp(r, "NEED_DATA") == 0 || strcmp(r, "PAUSED") == 0 || strncmp(r, "Local ", 6) == 0 ||
            strncmp(r, "Remote ", 7) == 0 || strcmp(r, "NOMEM") == 0 ||
            strcmp(r, "INVALID_ARGUMENT") == 0)
            break;
    }
    return b;
}

static inline const char *tu_states(const h11_conn *c)
{
    char *b = tu_buf();
    tu_cat(b, "%s/%s", h11_state_name(h11_conn_state(c, H11_CLIENT)),
           h11_state_name(h11_conn_state(c, H11_SERVER)));
    return b;
}

/* ------------------------------------------------------------------ events */

/* Events and header arrays handed to libh11 also live in rings: libh11
 * copies what it needs, so they only have to outlive the call. */
#define TU_MAX_HEADERS 16

static inline h11_bytes tu_b(const char *s)
{
    h11_bytes b = {(const uint8_t *)s, s ? strlen(s) : 0};
    return b;
}

static inline h11_event *tu_event_v(int type, va_list ap)
{
    static h11_event evs[TU_RING];
    static h11_header hdrs[TU_RING][TU_MAX_HEADERS];
    static unsigned next;
    unsigned slot = next++ % TU_RING;
    h11_event *ev = &evs[slot];
    memset(ev, 0, sizeof *ev);
    ev->type = type;
    size_t n = 0;
    const char *name;
    while ((name = va_arg(ap, const char *)) != NULL) {
        ck_assert_uint_lt(n, TU_MAX_HEADERS);
        memset(&hdrs[slot][n], 0, sizeof hdrs[slot][n]);
        hdrs[slot][n].name = tu_b(name);
        hdrs[slot][n].value = tu_b(va_arg(ap, const char *));
        n++;
    }
    ev->headers = n ? hdrs[slot] : NULL;
    ev->n_headers = n;
    return ev;
}

/* tu_req("GET", "/", "Host", "a", NULL): header name/value pairs, NULL-ended. */
static inline h11_event *tu_req(const char *method, const char *target, ...)
{
    va_list ap;
    va_start(ap, target);
    h11_event *ev = tu_event_v(H11_REQUEST, ap);
    va_end(ap);
    ev->method = tu_b(method);
    ev->target = tu_b(target);
    return ev;
}

static inline h11_event *tu_resp(int status, ...)
{
    va_list ap;
    va_start(ap, status);
    h11_event *ev = tu_event_v(status < 200 ? H11_INFORMATIONAL_RESPONSE : H11_RESPONSE, ap);
    va_end(ap);
    ev->status_code = status;
    return ev;
}

/* For status codes outside the range of the event type (validation tests). */
static inline h11_event *tu_resp_typed(int type, int status, ...)
{
    va_list ap;
    va_start(ap, status);
    h11_event *ev = tu_event_v(type, ap);
    va_end(ap);
    ev->status_code = status;
    return ev;
}

static inline h11_event *tu_eom(const char *first, ...)
{
    static h11_event evs[TU_RING];
    static h11_header hdrs[TU_RING][TU_MAX_HEADERS];
    static unsigned next;
    unsigned slot = next++ % TU_RING;
    h11_event *ev = &evs[slot];
    memset(ev, 0, sizeof *ev);
    ev->type = H11_END_OF_MESSAGE;
    va_list ap;
    va_start(ap, first);
    size_t n = 0;
    for (const char *name = first; name != NULL; name = va_arg(ap, const char *)) {
        ck_assert_uint_lt(n, TU_MAX_HEADERS);
        memset(&hdrs[slot][n], 0, sizeof hdrs[slot][n]);
        hdrs[slot][n].name = tu_b(name);
        hdrs[slot][n].value = tu_b(va_arg(ap, const char *));
        n++;
    }
    va_end(ap);
    ev->headers = n ? hdrs[slot] : NULL;
    ev->n_headers = n;
    return ev;
}

static inline h11_event *tu_data_n(const void *p, size_t n)
{
    static h11_event evs[TU_RING];
    static unsigned next;
    h11_event *ev = &evs[next++ % TU_RING];
    memset(ev, 0, sizeof *ev);
    ev->type = H11_DATA;
    ev->data.ptr = p;
    ev->data.len = n;
    return ev;
}

#define tu_data(lit) tu_data_n((lit), sizeof(lit) - 1)

static inline h11_event *tu_closed(void)
{
    static h11_event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = H11_CONNECTION_CLOSED;
    return &ev;
}

/* Runs ev through a fresh validator and renders the normalised event or the
 * error. */
static inline const char *tu_validate(const h11_event *ev)
{
    h11_validator *v = NULL;
    ck_assert_int_eq(h11_validator_new(&v, NULL), H11_OK);
    const h11_event *norm = NULL;
    int rc = h11_validator_check(v, ev, &norm);
    const char *r;
    if (rc == H11_OK) {
        ck_assert_ptr_nonnull(norm);
        r = tu_fmt_event(norm);
    } else {
        size_t len = 0;
        const char *msg = h11_validator_last_error_message(v, &len);
        ck_assert_ptr_nonnull(msg);
        ck_assert_uint_eq(strlen(msg), len);
        r = tu_fmt_error(rc, h11_validator_last_error_status_hint(v), msg);
    }
    h11_validator_del(v);
    return r;
}

/* Sends ev and returns either the bytes it produced, verbatim (all pending
 * output, which is then consumed), or the rendered error. Test payloads
 * never contain NUL, so the output can be compared as a C string. */
static inline const char *tu_send(h11_conn *c, const h11_event *ev)
{
    int rc = h11_conn_send(c, ev);
    if (rc != H11_OK)
        return tu_conn_error(c, rc);
    const uint8_t *out = NULL;
    size_t n = h11_conn_pending_output(c, &out);
    ck_assert_uint_lt(n, TU_BUF);
    char *b = tu_buf();
    if (n)
        memcpy(b, out, n);
    b[n] = '\0';
    ck_assert_uint_eq(strlen(b), n);
    h11_conn_consume_output(c, n);
    return b;
}

/* Sends and requires success, for test set-up steps. */
#define TU_SEND_OK(c, ev) ck_assert_int_eq(h11_conn_send((c), (ev)), H11_OK)

static inline void tu_discard_output(h11_conn *c)
{
    const uint8_t *out;
    h11_conn_consume_output(c, h11_conn_pending_output(c, &out));
}

/* A server that has received "GET / HTTP/1.1\r\nHost: a\r\n\r\n" and its EOM,
 * ready to respond. */
static inline h11_conn *tu_server_after_get(void)
{
    h11_conn *c = tu_conn(H11_SERVER);
    TU_RECV(c, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    ck_assert_str_eq(tu_drain(c), "Request(GET / 1.1 [Host: a]) | EOM([]) | NEED_DATA");
    return c;
}

/* A client that has sent "GET / HTTP/1.1\r\nHost: a\r\n\r\n" and its EOM. */
static inline h11_conn *tu_client_after_get(void)
{
    h11_conn *c = tu_conn(H11_CLIENT);
    TU_SEND_OK(c, tu_req("GET", "/", "Host", "a", NULL));
    TU_SEND_OK(c, tu_eom(NULL));
    tu_discard_output(c);
    return c;
}

/* Runs every test of a suite; the exit status is the failure count, as
 * CTest expects. */
static inline int tu_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* A counting allocator for the connection's allocator hooks: allocation
 * calls (malloc + realloc), bytes live and their peak. Each block carries
 * its size in front so free and realloc can account. */
typedef struct tu_meter {
    size_t calls, live, peak;
} tu_meter;

typedef union tu_blockhdr {
    size_t size;
    max_align_t align;
} tu_blockhdr;

static inline void *tu_meter_malloc(size_t n, void *ud)
{
    tu_meter *m = ud;
    tu_blockhdr *h = malloc(sizeof *h + n);
    if (!h)
        return NULL;
    h->size = n;
    m->calls++;
    m->live += n;
    if (m->live > m->peak)
        m->peak = m->live;
    return h + 1;
}

static inline void tu_meter_free(void *p, void *ud)
{
    tu_meter *m = ud;
    tu_blockhdr *h;
    if (!p)
        return;
    h = (tu_blockhdr *)p - 1;
    m->live -= h->size;
    free(h);
}

static inline void *tu_meter_realloc(void *p, size_t n, void *ud)
{
    tu_meter *m = ud;
    tu_blockhdr *h, *nh;
    size_t old;
    if (!p)
        return tu_meter_malloc(n, ud);
    h = (tu_blockhdr *)p - 1;
    old = h->size;
    nh = realloc(h, sizeof *nh + n);
    if (!nh)
        return NULL;
    nh->size = n;
    m->calls++;
    m->live = m->live - old + n;
    if (m->live > m->peak)
        m->peak = m->live;
    return nh + 1;
}

/* Zeroes the meter and returns hooks that count into it. */
static inline h11_mem tu_meter_mem(tu_meter *m)
{
    h11_mem mem = {m, tu_meter_malloc, tu_meter_free, tu_meter_realloc};
    memset(m, 0, sizeof *m);
    return mem;
}

#endif /* H11_TEST_UTIL_H */
