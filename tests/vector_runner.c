/*
 * Runs the shared test vectors (the JSON files in tests/vectors, format in
 * tests/vectors/README.md) against libh11 through its public API only.
 *
 *   vector_runner [--flat | --prepared] DIR [NAME-SUBSTRING]
 *
 * --flat sends events with h11_conn_send_flat instead of h11_conn_send, and
 * --prepared prepares each with h11_validator_prepare and sends it with
 * h11_conn_send_prepared, so every entry point meets the same expectations. Prints one line per failing
 * vector and ends with "N passed, N failed"; exits non-zero on any failure.
 *
 * Everything libh11 reports is turned into JSON of the vector's shape and
 * compared with json_equal, so every field is checked and a mismatch can be
 * printed as the two JSON texts.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "h11/h11.h"

/* ------------------------------------------------------------- helpers */

/* Byte strings decoded from the vectors live until the end of the run. */
typedef struct arena {
    void **ptrs;
    size_t n, cap;
} arena;

static void *arena_alloc(arena *a, size_t size)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 64;
        a->ptrs = realloc(a->ptrs, a->cap * sizeof *a->ptrs);
        if (!a->ptrs) {
            perror("realloc");
            exit(2);
        }
    }
    void *p = malloc(size ? size : 1);
    if (!p) {
        perror("malloc");
        exit(2);
    }
    a->ptrs[a->n++] = p;
    return p;
}

static void arena_clear(arena *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->ptrs[i]);
    a->n = 0;
}

enum { SEND_EVENT, SEND_FLAT, SEND_PREPARED };

typedef struct run {
    const char *file;
    const char *name;
    int mode;           /* how events are sent: SEND_* */
    h11_validator *validator;
    int pair;           /* two connections wired together */
    h11_conn *conn[2];  /* indexed by role */
    arena mem;
    char why[2048];     /* first mismatch */
} run;

static int fail(run *r, const char *fmt, ...)
{
    if (r->why[0] == '\0') {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->why, sizeof r->why, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* The vectors' byte encoding: one code point U+0000..U+00FF per byte. */
static h11_bytes jbytes(run *r, json_t *s)
{
    h11_bytes out = {NULL, 0};
    if (!json_is_string(s))
        return out;
    const unsigned char *u = (const unsigned char *)json_string_value(s);
    size_t n = json_string_length(s);
    uint8_t *buf = arena_alloc(&r->mem, n);
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        if (u[i] < 0x80) {
            buf[len++] = u[i];
        } else if ((u[i] & 0xE0) == 0xC0 && i + 1 < n && u[i] <= 0xC3) {
            buf[len++] = (uint8_t)(((u[i] & 0x03) << 6) | (u[i + 1] & 0x3F));
            i++;
        } else {
            fprintf(stderr, "%s: %s: character above U+00FF in a byte string\n",
                    r->file, r->name);
            exit(2);
        }
    }
    out.ptr = buf;
    out.len = len;
    return out;
}

static json_t *bytes_json(const uint8_t *p, size_t n)
{
    char stackbuf[512];
    /* gcc -O2 flags json_stringn's read of an empty buffer as uninitialised */
    if (n == 0)
        return json_stringn("", 0);
    char *u = n * 2 <= sizeof stackbuf ? stackbuf : malloc(n * 2);
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < 0x80) {
            u[len++] = (char)p[i];
        } else {
            u[len++] = (char)(0xC0 | (p[i] >> 6));
            u[len++] = (char)(0x80 | (p[i] & 0x3F));
        }
    }
    json_t *s = json_stringn(u, len);
    if (u != stackbuf)
        free(u);
    return s;
}

static json_t *view_json(h11_bytes b)
{
    return bytes_json(b.ptr, b.len);
}

/* Caller frees. */
static char *show(json_t *j)
{
    if (!j)
        return strdup("(nothing)");
    char *s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY | JSON_ENSURE_ASCII);
    if (s && strlen(s) > 600)
        strcpy(s + 590, "...");
    return s ? s : strdup("?");
}

/* Compares and reports; takes ownership of got. */
static int expect_equal(run *r, const char *what, json_t *want, json_t *got)
{
    int ok = want && got && json_equal(want, got);
    if (!ok) {
        char *w = show(want), *g = show(got);
        fail(r, "%s: expected %s, got %s", what, w, g);
        free(w);
        free(g);
    }
    json_decref(got);
    return ok ? 0 : -1;
}

static const char *jstr(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

/* --------------------------------------------------- libh11 -> JSON */

static json_t *headers_json(const h11_header *h, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("[ooo]", view_json(h[i].name),
                                           view_json(h[i].raw_name),
                                           view_json(h[i].value)));
    return a;
}

/* rc is what h11_conn_next_event returned (not an error). */
static json_t *event_json(int rc, const h11_event *ev)
{
    json_t *o = json_object();
    json_object_set_new(o, "type", json_string(h11_event_type_name(rc)));
    if (rc == H11_NEED_DATA || rc == H11_PAUSED)
        return o;
    if (!ev) {
        json_object_set_new(o, "event", json_string("NULL pointer"));
        return o;
    }
    if (ev->type != rc)
        json_object_set_new(o, "event.type", json_integer(ev->type));
    switch (rc) {
    case H11_REQUEST:
        json_object_set_new(o, "method", view_json(ev->method));
        json_object_set_new(o, "target", view_json(ev->target));
        json_object_set_new(o, "http_version", view_json(ev->http_version));
        json_object_set_new(o, "headers", headers_json(ev->headers, ev->n_headers));
        break;
    case H11_INFORMATIONAL_RESPONSE:
    case H11_RESPONSE:
        json_object_set_new(o, "status_code", json_integer(ev->status_code));
        json_object_set_new(o, "reason", view_json(ev->reason));
        json_object_set_new(o, "http_version", view_json(ev->http_version));
        json_object_set_new(o, "headers", headers_json(ev->headers, ev->n_headers));
        break;
    case H11_DATA:
        json_object_set_new(o, "data", view_json(ev->data));
        json_object_set_new(o, "chunk_start", json_boolean(ev->chunk_start));
        json_object_set_new(o, "chunk_end", json_boolean(ev->chunk_end));
        break;
    case H11_END_OF_MESSAGE:
        json_object_set_new(o, "headers", headers_json(ev->headers, ev->n_headers));
        break;
    default:
        break;
    }
    return o;
}

/* An error as the vectors record it; for a protocol error, its detail as
 * the connection or validator that returned it reports it. */
static json_t *error_detail_json(int rc, const char *msg, size_t len, int hint, int last_code)
{
    switch (rc) {
    case H11_ERR_DATA_AFTER_EOF:
        return json_pack("{ss}", "kind", "data_after_eof");
    case H11_ERR_LOCAL_PROTOCOL:
    case H11_ERR_REMOTE_PROTOCOL: {
        json_t *o = json_pack("{sssi}", "kind",
                              rc == H11_ERR_LOCAL_PROTOCOL ? "local" : "remote", "hint", hint);
        json_object_set_new(o, "message", bytes_json((const uint8_t *)msg, len));
        if (last_code != rc)
            json_object_set_new(o, "last_error_code", json_integer(last_code));
        return o;
    }
    default:
        return json_pack("{ss}", "kind", h11_strerror(rc));
    }
}

static json_t *error_json(h11_conn *c, int rc)
{
    size_t len = 0;
    const char *msg = h11_conn_last_error_message(c, &len);
    return error_detail_json(rc, msg, len, h11_conn_last_error_status_hint(c),
                             h11_conn_last_error_code(c));
}

static json_t *validator_error_json(h11_validator *v, int rc)
{
    size_t len = 0;
    const char *msg = h11_validator_last_error_message(v, &len);
    return error_detail_json(rc, msg, len, h11_validator_last_error_status_hint(v), rc);
}

/* [CLIENT state, SERVER state]; the our/their accessors must agree with
 * them, else the disagreement shows up as a third element. */
static json_t *states_json(h11_conn *c)
{
    int st[2] = {h11_conn_state(c, H11_CLIENT), h11_conn_state(c, H11_SERVER)};
    json_t *a = json_pack("[ss]", h11_state_name(st[0]), h11_state_name(st[1]));
    int us = h11_conn_our_role(c), them = h11_conn_their_role(c);
    if ((us != H11_CLIENT && us != H11_SERVER) || them != 1 - us ||
        h11_conn_our_state(c) != st[us] || h11_conn_their_state(c) != st[them])
        json_array_append_new(
            a, json_pack("{sisisisi}", "our_role", us, "their_role", them, "our_state",
                         h11_conn_our_state(c), "their_state", h11_conn_their_state(c)));
    return a;
}

static json_t *conn_json(h11_conn *c)
{
    h11_bytes v = {NULL, 0}, t = {NULL, 0};
    json_t *thv = h11_conn_their_http_version(c, &v) ? view_json(v) : json_null();
    int eof = h11_conn_trailing_data(c, &t);
    return json_pack("[obbob]", thv, h11_conn_client_is_waiting_for_100_continue(c),
                     h11_conn_they_are_waiting_for_100_continue(c), view_json(t), eof);
}

/* Adjacent Data merged, chunk flags dropped (README: cut runs). New ref. */
static json_t *merge_data(json_t *events)
{
    json_t *out = json_array();
    size_t i;
    json_t *ev;
    json_array_foreach(events, i, ev) {
        if (strcmp(jstr(ev, "type"), "Data") != 0) {
            json_array_append(out, ev);
            continue;
        }
        json_t *last = json_array_get(out, json_array_size(out) - 1);
        if (last && strcmp(jstr(last, "type"), "Data") == 0) {
            json_t *a = json_object_get(last, "data"), *b = json_object_get(ev, "data");
            size_t la = json_string_length(a), lb = json_string_length(b);
            char *cat = malloc(la + lb + 1);
            memcpy(cat, json_string_value(a), la);
            memcpy(cat + la, json_string_value(b), lb);
            json_object_set_new(last, "data", json_stringn(cat, la + lb));
            free(cat);
        } else {
            json_array_append_new(out, json_pack("{sssO}", "type", "Data", "data",
                                                 json_object_get(ev, "data")));
        }
    }
    return out;
}

/* --------------------------------------------------- JSON -> libh11 */

static int event_type_of(const char *name)
{
    for (int t = H11_REQUEST; t <= H11_CONNECTION_CLOSED; t++)
        if (strcmp(h11_event_type_name(t), name) == 0)
            return t;
    return -1;
}

/* Builds the event a send step gives; absent fields stay empty (defaults). */
static void build_event(run *r, json_t *spec, h11_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->type = event_type_of(jstr(spec, "type"));
    ev->status_code = (int32_t)json_integer_value(json_object_get(spec, "status_code"));
    ev->method = jbytes(r, json_object_get(spec, "method"));
    ev->target = jbytes(r, json_object_get(spec, "target"));
    ev->http_version = jbytes(r, json_object_get(spec, "http_version"));
    ev->reason = jbytes(r, json_object_get(spec, "reason"));
    ev->data = jbytes(r, json_object_get(spec, "data"));
    json_t *hs = json_object_get(spec, "headers");
    size_t n = json_array_size(hs);
    h11_header *h = arena_alloc(&r->mem, n * sizeof *h);
    for (size_t i = 0; i < n; i++) {
        json_t *pair = json_array_get(hs, i);
        h[i].name = jbytes(r, json_array_get(pair, 0));
        h[i].raw_name.ptr = NULL;
        h[i].raw_name.len = 0;
        h[i].value = jbytes(r, json_array_get(pair, 1));
    }
    ev->headers = h;
    ev->n_headers = n;
}

/* The same event in h11_conn_send_flat's layout. */
static int send_flat(run *r, h11_conn *c, const h11_event *ev)
{
    size_t n = 3 + 2 * ev->n_headers;
    h11_bytes *f = arena_alloc(&r->mem, n * sizeof *f);
    size_t k = 0;
    switch (ev->type) {
    case H11_REQUEST:
        f[k++] = ev->method;
        f[k++] = ev->target;
        f[k++] = ev->http_version;
        break;
    case H11_INFORMATIONAL_RESPONSE:
    case H11_RESPONSE:
        f[k++] = ev->http_version;
        f[k++] = ev->reason;
        break;
    case H11_DATA:
        f[k++] = ev->data;
        break;
    default:
        break;
    }
    if (ev->type != H11_DATA && ev->type != H11_CONNECTION_CLOSED) {
        for (size_t i = 0; i < ev->n_headers; i++) {
            f[k++] = ev->headers[i].name;
            f[k++] = ev->headers[i].value;
        }
    }
    size_t total = 0;
    for (size_t i = 0; i < k; i++)
        total += f[i].len;
    uint8_t *buf = arena_alloc(&r->mem, total);
    uint32_t *lens = arena_alloc(&r->mem, (k ? k : 1) * sizeof *lens);
    size_t off = 0;
    for (size_t i = 0; i < k; i++) {
        if (f[i].len)
            memcpy(buf + off, f[i].ptr, f[i].len);
        off += f[i].len;
        lens[i] = (uint32_t)f[i].len;
    }
    return h11_conn_send_flat(c, ev->type, ev->status_code, buf, lens, k);
}

/* ---------------------------------------------------------------- steps */

/* Pair mode: what one side wrote is what the other receives. */
static int deliver(run *r, int from, const uint8_t *p, size_t n, int closed)
{
    if (!r->pair)
        return 0;
    h11_conn *peer = r->conn[1 - from];
    if (n && h11_conn_receive_data(peer, p, n) != H11_OK)
        return fail(r, "delivering %zu bytes to the peer failed", n);
    if (closed && h11_conn_receive_data(peer, (const uint8_t *)"", 0) != H11_OK)
        return fail(r, "delivering EOF to the peer failed");
    return 0;
}

/* Compares an operation's failure (or success) with the step's "error". */
/* got is the error's JSON (NULL on success); it is consumed. */
static int check_result(run *r, json_t *step, int rc, json_t *got)
{
    json_t *want = json_object_get(step, "error");
    if (rc >= 0 && !want)
        return 0;
    if (rc >= 0)
        return expect_equal(r, "error", want, json_string("success"));
    if (!want)
        return expect_equal(r, "result", json_string("success"), got);
    return expect_equal(r, "error", want, got);
}

static int check_outcome(run *r, json_t *step, h11_conn *c, int rc)
{
    return check_result(r, step, rc, rc >= 0 ? NULL : error_json(c, rc));
}

static int check_no_output(run *r, h11_conn *c)
{
    const uint8_t *p;
    size_t n = h11_conn_pending_output(c, &p);
    if (n) {
        json_t *got = bytes_json(p, n);
        h11_conn_consume_output(c, n);
        return expect_equal(r, "pending output", json_string(""), got);
    }
    return 0;
}

typedef struct feed_result {
    json_t *events;
    const char *end;
    json_t *error;
} feed_result;

static void drain(h11_conn *c, feed_result *fr)
{
    for (;;) {
        const h11_event *ev = NULL;
        int rc = h11_conn_next_event(c, &ev);
        if (rc < 0) {
            fr->end = "ERROR";
            fr->error = error_json(c, rc);
            return;
        }
        if (rc == H11_NEED_DATA) {
            fr->end = "NEED_DATA";
            return;
        }
        if (rc == H11_PAUSED) {
            fr->end = "PAUSED";
            return;
        }
        json_array_append_new(fr->events, event_json(rc, ev));
        if (rc == H11_CONNECTION_CLOSED) {
            fr->end = "CLOSED";
            return;
        }
    }
}

/* cut: 0 = one piece, k > 0 = two pieces at k, -1 = byte by byte. */
static int step_feed(run *r, json_t *step, h11_conn *c, long cut)
{
    h11_bytes data = jbytes(r, json_object_get(step, "data"));
    if (!json_object_get(step, "splits"))
        cut = 0;
    feed_result fr = {json_array(), "", NULL};
    size_t pos = 0;
    while (pos < data.len) {
        size_t take = data.len - pos;
        if (cut < 0)
            take = 1;
        else if (cut > 0 && pos < (size_t)cut)
            take = (size_t)cut - pos;
        if (h11_conn_receive_data(c, data.ptr + pos, take) != H11_OK) {
            json_decref(fr.events);
            json_decref(fr.error);
            return fail(r, "receive_data of %zu bytes failed", take);
        }
        pos += take;
        if (!fr.error)
            drain(c, &fr);
    }
    if (json_is_true(json_object_get(step, "eof"))) {
        if (h11_conn_receive_data(c, (const uint8_t *)"", 0) != H11_OK) {
            json_decref(fr.events);
            json_decref(fr.error);
            return fail(r, "receive_data(EOF) failed");
        }
        if (!fr.error)
            drain(c, &fr);
    }
    int rc = 0;
    json_t *want = json_object_get(step, "events");
    if (cut != 0) {
        json_t *w = merge_data(want), *g = merge_data(fr.events);
        rc |= expect_equal(r, "events (Data merged)", w, g);
        json_decref(w);
    } else {
        rc |= expect_equal(r, "events", want, json_incref(fr.events));
    }
    if (rc == 0)
        rc |= expect_equal(r, "end", json_object_get(step, "end"), json_string(fr.end));
    if (rc == 0 && (fr.error || json_object_get(step, "error")))
        rc |= expect_equal(r, "error", json_object_get(step, "error"),
                           fr.error ? json_incref(fr.error) : json_null());
    json_decref(fr.events);
    json_decref(fr.error);
    return rc;
}

static int step_send(run *r, json_t *step, int who)
{
    h11_conn *c = r->conn[who];
    h11_event ev;
    build_event(r, json_object_get(step, "event"), &ev);
    int rc;
    if (r->mode == SEND_PREPARED) {
        /* h11 refuses a bad event when it is constructed: here, when it is
         * prepared, before any connection sees it. */
        h11_prepared *p = NULL;
        rc = h11_validator_prepare(r->validator, &ev, &p);
        if (rc < 0) {
            if (check_result(r, step, rc, validator_error_json(r->validator, rc)) < 0)
                return -1;
            return check_no_output(r, c);
        }
        rc = h11_conn_send_prepared(c, p);
        h11_prepared_del(p);
    } else {
        rc = r->mode == SEND_FLAT ? send_flat(r, c, &ev) : h11_conn_send(c, &ev);
    }
    if (check_outcome(r, step, c, rc) < 0)
        return -1;
    if (rc < 0)
        return check_no_output(r, c);
    const uint8_t *p;
    size_t n = h11_conn_pending_output(c, &p);
    json_t *want = json_object_get(step, "bytes");
    json_t *got = json_is_null(want) && n == 0 ? json_null() : bytes_json(p, n);
    if (expect_equal(r, "bytes", want, got) < 0)
        return -1;
    /* Copy before consuming: the pending buffer is the connection's. */
    uint8_t *copy = arena_alloc(&r->mem, n);
    if (n)
        memcpy(copy, p, n);
    h11_conn_consume_output(c, n);
    return deliver(r, who, copy, n, json_is_null(want));
}

static int step_passthrough(run *r, json_t *step, int who)
{
    h11_conn *c = r->conn[who];
    h11_bytes data = jbytes(r, json_object_get(json_object_get(step, "event"), "data"));
    h11_bytes before = {NULL, 0}, after = {NULL, 0};
    int rc = h11_conn_send_data_passthrough(c, data.len, &before, &after);
    if (check_outcome(r, step, c, rc) < 0)
        return -1;
    if (rc < 0)
        return check_no_output(r, c);
    json_t *got = json_pack("{sososo}", "before", view_json(before), "after",
                            view_json(after), "with_data", json_boolean(rc == 1));
    json_t *want = json_pack("{sOsOsO}", "before", json_object_get(step, "before"),
                             "after", json_object_get(step, "after"), "with_data",
                             json_object_get(step, "with_data"));
    int bad = expect_equal(r, "passthrough", want, got);
    json_decref(want);
    if (bad < 0 || check_no_output(r, c) < 0)
        return -1;
    size_t n = before.len + (rc == 1 ? data.len : 0) + after.len;
    uint8_t *wire = arena_alloc(&r->mem, n);
    size_t off = 0;
    if (before.len)
        memcpy(wire, before.ptr, before.len);
    off += before.len;
    if (rc == 1 && data.len)
        memcpy(wire + off, data.ptr, data.len);
    off += rc == 1 ? data.len : 0;
    if (after.len)
        memcpy(wire + off, after.ptr, after.len);
    return deliver(r, who, wire, n, 0);
}

static int run_step(run *r, json_t *step, long cut)
{
    const char *op = jstr(step, "op");
    int who = 0;
    if (r->pair)
        who = strcmp(jstr(step, "party"), "server") == 0 ? H11_SERVER : H11_CLIENT;
    else
        who = r->conn[H11_CLIENT] ? H11_CLIENT : H11_SERVER;
    h11_conn *c = r->conn[who];
    int rc;

    if (strcmp(op, "receive") == 0) {
        h11_bytes d = jbytes(r, json_object_get(step, "data"));
        rc = check_outcome(r, step, c, h11_conn_receive_data(c, d.ptr, d.len));
    } else if (strcmp(op, "eof") == 0) {
        rc = check_outcome(r, step, c, h11_conn_receive_data(c, (const uint8_t *)"", 0));
    } else if (strcmp(op, "next") == 0) {
        const h11_event *ev = NULL;
        int got = h11_conn_next_event(c, &ev);
        rc = check_outcome(r, step, c, got);
        if (rc == 0 && got >= 0)
            rc = expect_equal(r, "event", json_object_get(step, "expect"),
                              event_json(got, ev));
    } else if (strcmp(op, "feed") == 0) {
        rc = step_feed(r, step, c, cut);
    } else if (strcmp(op, "send") == 0) {
        rc = step_send(r, step, who);
    } else if (strcmp(op, "passthrough") == 0) {
        rc = step_passthrough(r, step, who);
    } else if (strcmp(op, "send_failed") == 0) {
        rc = check_outcome(r, step, c, h11_conn_send_failed(c));
    } else if (strcmp(op, "start_next_cycle") == 0) {
        rc = check_outcome(r, step, c, h11_conn_start_next_cycle(c));
    } else {
        return fail(r, "unknown op \"%s\"", op);
    }
    if (rc < 0)
        return rc;
    if (expect_equal(r, "states", json_object_get(step, "states"), states_json(c)) < 0 ||
        expect_equal(r, "conn", json_object_get(step, "conn"), conn_json(c)) < 0)
        return -1;
    if (r->pair) {
        h11_conn *peer = r->conn[1 - who];
        if (expect_equal(r, "peer_states", json_object_get(step, "peer_states"),
                         states_json(peer)) < 0)
            return -1;
    }
    return 0;
}

/* One full run of a vector; returns the failing step index or -1. */
static long run_once(run *r, json_t *vec, long cut)
{
    json_t *opts_j = json_object_get(vec, "options");
    h11_options *opts = NULL;
    long failed = -1;
    memset(r->conn, 0, sizeof r->conn);
    if (opts_j) {
        json_t *m = json_object_get(opts_j, "max_incomplete_event_size");
        json_t *strict = json_object_get(opts_j, "strict");
        if (h11_options_new(&opts, NULL) != H11_OK ||
            (m && h11_options_set_max_incomplete_event_size(
                      opts, (size_t)json_integer_value(m)) != H11_OK) ||
            (strict && h11_options_set_strict(opts, json_is_true(strict)) != H11_OK)) {
            fail(r, "could not set options");
            h11_options_del(opts);
            return 0;
        }
    }
    r->pair = strcmp(jstr(vec, "mode"), "pair") == 0;
    for (int role = H11_CLIENT; role <= H11_SERVER; role++) {
        const char *want = role == H11_CLIENT ? "client" : "server";
        if (!r->pair && strcmp(jstr(vec, "role"), want) != 0)
            continue;
        if (h11_conn_new(&r->conn[role], role, opts, NULL) != H11_OK) {
            fail(r, "h11_conn_new failed");
            failed = 0;
        } else if (h11_conn_our_role(r->conn[role]) != role) {
            fail(r, "h11_conn_our_role is %d for a %s", h11_conn_our_role(r->conn[role]),
                 want);
            failed = 0;
        }
    }
    h11_options_del(opts);
    json_t *steps = json_object_get(vec, "steps");
    for (size_t i = 0; failed < 0 && i < json_array_size(steps); i++)
        if (run_step(r, json_array_get(steps, i), cut) < 0)
            failed = (long)i;
    h11_conn_del(r->conn[0]);
    h11_conn_del(r->conn[1]);
    arena_clear(&r->mem);
    return failed;
}

static int run_vector(run *r, json_t *vec)
{
    json_t *steps = json_object_get(vec, "steps");
    long split_len = 0;
    for (size_t i = 0; i < json_array_size(steps); i++) {
        json_t *st = json_array_get(steps, i);
        if (json_object_get(st, "splits")) {
            h11_bytes d = jbytes(r, json_object_get(st, "data"));
            split_len = (long)d.len;
            arena_clear(&r->mem);
        }
    }
    /* cut 0 (whole), then every cut point, then byte by byte */
    for (long cut = 0; cut < split_len || cut == 0; cut++) {
        for (int pass = 0; pass < (cut == 0 && split_len ? 2 : 1); pass++) {
            long c = pass ? -1 : cut;
            r->why[0] = '\0';
            long at = run_once(r, vec, c);
            if (at >= 0) {
                json_t *st = json_array_get(steps, (size_t)at);
                char how[48] = "";
                if (c > 0)
                    snprintf(how, sizeof how, " [cut at %ld]", c);
                else if (c < 0)
                    snprintf(how, sizeof how, " [byte by byte]");
                printf("FAIL %s: %s: step %ld (%s)%s: %s\n", r->file, r->name, at,
                       jstr(st, "op"), how, r->why);
                return -1;
            }
        }
    }
    return 0;
}

/* ----------------------------------------------------------------- main */

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    int mode = SEND_EVENT, argi = 1;
    if (argi < argc && strcmp(argv[argi], "--flat") == 0) {
        mode = SEND_FLAT;
        argi++;
    } else if (argi < argc && strcmp(argv[argi], "--prepared") == 0) {
        mode = SEND_PREPARED;
        argi++;
    }
    if (argi >= argc) {
        fprintf(stderr, "usage: %s [--flat | --prepared] DIR [NAME-SUBSTRING]\n", argv[0]);
        return 2;
    }
    const char *dir = argv[argi];
    const char *only = argi + 1 < argc ? argv[argi + 1] : NULL;

    DIR *d = opendir(dir);
    if (!d) {
        perror(dir);
        return 2;
    }
    char **names = NULL;
    size_t n_names = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len > 5 && strcmp(de->d_name + len - 5, ".json") == 0) {
            names = realloc(names, (n_names + 1) * sizeof *names);
            names[n_names++] = strdup(de->d_name);
        }
    }
    closedir(d);
    if (n_names == 0) {
        fprintf(stderr, "%s: no *.json vector files\n", dir);
        return 2;
    }
    qsort(names, n_names, sizeof *names, cmp_names);

    run r;
    memset(&r, 0, sizeof r);
    r.mode = mode;
    if (h11_validator_new(&r.validator, NULL) != H11_OK) {
        fprintf(stderr, "h11_validator_new failed\n");
        return 2;
    }
    long passed = 0, failed = 0;
    for (size_t f = 0; f < n_names; f++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[f]);
        json_error_t err;
        json_t *root = json_load_file(path, JSON_ALLOW_NUL, &err);
        json_t *vectors = json_object_get(root, "vectors");
        if (!json_is_array(vectors) ||
            json_integer_value(json_object_get(root, "format")) != 1) {
            printf("FAIL %s: unreadable vector file: %s (line %d)\n", names[f],
                   root ? "not format 1" : err.text, err.line);
            failed++;
            json_decref(root);
            continue;
        }
        size_t i;
        json_t *vec;
        json_array_foreach(vectors, i, vec) {
            r.file = names[f];
            r.name = jstr(vec, "name");
            if (only && !strstr(r.name, only))
                continue;
            if (run_vector(&r, vec) == 0)
                passed++;
            else
                failed++;
        }
        json_decref(root);
        free(names[f]);
    }
    free(names);
    free(r.mem.ptrs);
    h11_validator_del(r.validator);
    printf("%ld passed, %ld failed\n", passed, failed);
    return failed ? 1 : 0;
}
