/*
 * Shared pieces of the libFuzzer targets (fuzz/README.md): a metered
 * allocator that enforces the resource bound of docs/security.md, an input
 * reader, an event log that normalises the way the test vectors do
 * (adjacent Data merged, chunk_start/chunk_end ignored), and the loops that
 * drive a connection the way a client or a server application would.
 *
 * Beyond what ASan/UBSan catch, every target aborts on a broken invariant:
 * that is how a libFuzzer run reports a finding.
 */
#ifndef H11_FUZZ_COMMON_H
#define H11_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <h11/h11.h>

#define FZ_CHECK(cond, ...)                                                        \
    do {                                                                           \
        if (!(cond)) {                                                             \
            fprintf(stderr, "invariant broken at %s:%d: %s\n  ", __FILE__, __LINE__, \
                    #cond);                                                        \
            fprintf(stderr, __VA_ARGS__);                                          \
            fprintf(stderr, "\n");                                                 \
            abort();                                                               \
        }                                                                          \
    } while (0)

/* ------------------------------------------------------ metered allocator */

typedef struct fz_meter {
    size_t live;
} fz_meter;

typedef union fz_blockhdr {
    size_t size;
    max_align_t align;
} fz_blockhdr;

static void *fz_malloc(size_t n, void *ud)
{
    fz_blockhdr *h = malloc(sizeof *h + n);
    if (!h)
        return NULL;
    h->size = n;
    ((fz_meter *)ud)->live += n;
    return h + 1;
}

static void fz_free(void *p, void *ud)
{
    if (!p)
        return;
    fz_blockhdr *h = (fz_blockhdr *)p - 1;
    ((fz_meter *)ud)->live -= h->size;
    free(h);
}

static void *fz_realloc(void *p, size_t n, void *ud)
{
    if (!p)
        return fz_malloc(n, ud);
    fz_blockhdr *h = (fz_blockhdr *)p - 1;
    size_t old = h->size;
    fz_blockhdr *nh = realloc(h, sizeof *nh + n);
    if (!nh)
        return NULL;
    nh->size = n;
    ((fz_meter *)ud)->live = ((fz_meter *)ud)->live - old + n;
    return nh + 1;
}

static h11_conn *fz_conn(fz_meter *m, int role, size_t max_incomplete)
{
    h11_mem mem = {m, fz_malloc, fz_free, fz_realloc};
    h11_options *o = NULL;
    h11_conn *c = NULL;
    m->live = 0;
    if (h11_options_new(&o, NULL) != H11_OK)
        abort();
    h11_options_set_max_incomplete_event_size(o, max_incomplete);
    if (h11_conn_new(&c, role, o, &mem) != H11_OK)
        abort();
    h11_options_del(o);
    return c;
}

/* The bound of docs/security.md, checked after every call that did not
 * fail (a failed head's storage counts as handed out until the next call).
 * Outgoing bytes are the caller's; only the receive side is bounded. Data
 * the caller still holds (unread or in the last Data event) may occupy
 * twice its size in a geometrically grown buffer; beyond that a connection
 * keeps at most max_incomplete_event_size + 1 KiB of receive buffer and as
 * much again of header storage, plus its fixed size. */
#define FZ_SLACK 4096

static size_t fz_unread(const h11_conn *c)
{
    h11_bytes td;
    h11_conn_trailing_data(c, &td);
    return td.len;
}

/* What the caller holds after next_event returned rc having consumed
 * `consumed` unread bytes: a Data event's bytes, or a parsed block's
 * storage (names lower-cased beside the raw ones, and one 48-byte header
 * entry per line of as little as 3 bytes, in a geometrically grown array). */
static size_t fz_handed_out(int rc, const h11_event *ev, size_t consumed)
{
    if (rc == H11_DATA)
        return ev->data.len;
    return rc > H11_PAUSED ? 40 * consumed : 0;
}

static void fz_check_bound(const fz_meter *m, const h11_conn *c, size_t max_incomplete,
                           size_t handed_out)
{
    h11_bytes td;
    const uint8_t *out;
    size_t pending = h11_conn_pending_output(c, &out);
    h11_conn_trailing_data(c, &td);
    FZ_CHECK(m->live <= 2 * (td.len + handed_out) + 2 * pending + 2 * (max_incomplete + 1024) +
                            FZ_SLACK,
             "connection holds %zu bytes (unread %zu, handed out %zu, pending %zu, limit %zu)",
             m->live, td.len, handed_out, pending, max_incomplete);
}

/* ------------------------------------------------------------ input reader */

typedef struct fz_in {
    const uint8_t *p;
    size_t n;
} fz_in;

static unsigned fz_byte(fz_in *in)
{
    if (!in->n)
        return 0;
    in->n--;
    return *in->p++;
}

/* Up to max bytes, length from the input. */
static h11_bytes fz_bytes(fz_in *in, size_t max)
{
    size_t len = fz_byte(in) % (max + 1);
    h11_bytes b;
    if (len > in->n)
        len = in->n;
    b.ptr = in->p;
    b.len = len;
    in->p += len;
    in->n -= len;
    return b;
}

/* ---------------------------------------------------------------- event log */

typedef struct fz_log {
    uint8_t *p;
    size_t len, cap;
    int last_was_data;
} fz_log;

static void fz_log_put(fz_log *l, const void *p, size_t n)
{
    if (l->len + n > l->cap) {
        size_t cap = l->cap ? l->cap : 256;
        while (cap < l->len + n)
            cap *= 2;
        l->p = realloc(l->p, cap);
        if (!l->p)
            abort();
        l->cap = cap;
    }
    if (n)
        memcpy(l->p + l->len, p, n);
    l->len += n;
}

static void fz_log_bytes(fz_log *l, h11_bytes b)
{
    uint64_t n = b.len;
    fz_log_put(l, &n, sizeof n);
    fz_log_put(l, b.ptr, b.len);
}

static void fz_log_int(fz_log *l, int64_t v) { fz_log_put(l, &v, sizeof v); }

/* Touches every byte libh11 handed out, so ASan sees stale views. */
static void fz_log_event(fz_log *l, const h11_event *ev)
{
    size_t i;
    if (ev->type == H11_DATA) {
        FZ_CHECK(ev->data.len > 0, "empty Data event");
        if (!l->last_was_data)
            fz_log_int(l, H11_DATA);
        fz_log_put(l, ev->data.ptr, ev->data.len);
        l->last_was_data = 1;
        return;
    }
    if (l->last_was_data)
        fz_log_int(l, -1); /* ends the merged Data */
    l->last_was_data = 0;
    fz_log_int(l, ev->type);
    fz_log_int(l, ev->status_code);
    fz_log_bytes(l, ev->method);
    fz_log_bytes(l, ev->target);
    fz_log_bytes(l, ev->http_version);
    fz_log_bytes(l, ev->reason);
    fz_log_int(l, (int64_t)ev->n_headers);
    for (i = 0; i < ev->n_headers; i++) {
        const h11_header *h = &ev->headers[i];
        size_t j;
        FZ_CHECK(h->name.len == h->raw_name.len, "name/raw_name lengths differ");
        for (j = 0; j < h->name.len; j++) {
            uint8_t c = h->raw_name.ptr[j];
            FZ_CHECK(h->name.ptr[j] == (c >= 'A' && c <= 'Z' ? c + 32 : c),
                     "name is not the lower-cased raw name");
        }
        fz_log_bytes(l, h->name);
        fz_log_bytes(l, h->raw_name);
        fz_log_bytes(l, h->value);
    }
}

static void fz_log_end(fz_log *l, const h11_conn *c, int rc)
{
    size_t len;
    const char *msg;
    if (l->last_was_data)
        fz_log_int(l, -1);
    l->last_was_data = 0;
    fz_log_int(l, 1000 + rc);
    fz_log_int(l, h11_conn_state(c, H11_CLIENT));
    fz_log_int(l, h11_conn_state(c, H11_SERVER));
    if (rc < 0) {
        msg = h11_conn_last_error_message(c, &len);
        FZ_CHECK(strlen(msg) == len, "error message length");
        fz_log_int(l, h11_conn_last_error_status_hint(c));
    }
}

static void fz_log_free(fz_log *l) { free(l->p); }

/* ---------------------------------------------------------------- driving */

static int fz_send(h11_conn *c, const h11_event *ev)
{
    int rc = h11_conn_send(c, ev);
    h11_conn_consume_output(c, SIZE_MAX);
    return rc;
}

static h11_event fz_event(int type)
{
    h11_event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = type;
    return ev;
}

#endif
