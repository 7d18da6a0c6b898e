/* The connection (h11's _connection.Connection): ties the receive buffer,
 * readers, writers and state machine together, and owns the public API. */
#include "h11_int.h"
#include "h11_readers.h"
#include "h11_state.h"

struct h11_options {
    h11_mem mem;
    size_t max_incomplete_event_size;
    bool strict;
};

struct h11_conn {
    h11_mem mem;
    int our_role;
    size_t max_incomplete_event_size;
    bool strict; /* h11_options_set_strict */
    h11_cstate cs;
    h11_rbuf rb;
    h11_reader reader;
    h11_writer writer;
    h11_buf request_method; /* the method of this cycle's request */
    bool have_request_method;
    uint8_t their_version[3];
    bool have_their_version;
    bool client_waiting_for_100;
    h11_event ev;          /* the last event next_event returned */
    h11_hdrs ev_hdrs;
    h11_hdrs send_hdrs;    /* the outgoing event's normalised headers */
    h11_hdrs clean_hdrs;   /* ... after h11's response rewriting */
    h11_header *flat;      /* headers of a flat outgoing event */
    size_t flat_cap;
    h11_buf out;           /* pending output is out.ptr[out_start, out.len) */
    size_t out_start;
    uint8_t passthrough[24];
    h11_errinfo err;
    h11_read_ctx read_ctx; /* what the readers work on: this connection's parts */
    size_t keep_bytes;     /* release_excess's bound */
};

/* ---------------------------------------------------------- options */

int h11_options_new(h11_options **out, const h11_mem *mem)
{
    h11_mem m;
    h11_options *o;
    if (!out)
        return H11_ERR_INVALID_ARGUMENT;
    *out = NULL;
    h11__mem_init(&m, mem);
    o = h11__malloc(&m, sizeof *o);
    if (!o)
        return H11_ERR_NOMEM;
    o->mem = m;
    o->max_incomplete_event_size = H11_DEFAULT_MAX_INCOMPLETE_EVENT_SIZE;
    o->strict = false;
    *out = o;
    return H11_OK;
}

void h11_options_del(h11_options *opts)
{
    if (opts)
        h11__free(&opts->mem, opts);
}

int h11_options_set_max_incomplete_event_size(h11_options *opts, size_t size)
{
    if (!opts)
        return H11_ERR_INVALID_ARGUMENT;
    opts->max_incomplete_event_size = size;
    return H11_OK;
}

int h11_options_set_strict(h11_options *opts, int strict)
{
    if (!opts)
        return H11_ERR_INVALID_ARGUMENT;
    opts->strict = strict != 0;
    return H11_OK;
}

/* ------------------------------------------------------ body framing */

static void parse_length(h11_bytes digits, h11_length *len)
{
    size_t i, d = 0;
    len->value = 0;
    len->digits[0] = '\0';
    if (digits.len < 20) { /* 19 digits fit in 64 bits: no check per digit */
        for (i = 0; i < digits.len; i++)
            len->value = len->value * 10 + (unsigned)(digits.ptr[i] - '0');
        return;
    }
    for (i = 0; i < digits.len; i++) {
        unsigned v = (unsigned)(digits.ptr[i] - '0');
        /* 20 digits can exceed 64 bits; no body that long can be sent or
         * received, so saturating keeps every decision h11 makes. The
         * division is only needed near the top of the range. */
        if (len->value <= UINT64_MAX / 10 - 1 || len->value <= (UINT64_MAX - v) / 10)
            len->value = len->value * 10 + v;
        else
            len->value = UINT64_MAX;
    }
    if (len->value != UINT64_MAX)
        return;
    /* Only a saturated value needs its digits kept for messages. */
    for (i = 0; i < digits.len; i++)
        if (d || digits.ptr[i] != '0' || i + 1 == digits.len)
            len->digits[d++] = (char)digits.ptr[i];
    len->digits[d] = '\0';
}

static void zero_length(h11_length *len)
{
    len->value = 0;
    len->digits[0] = '\0';
}

/* h11's _body_framing. method is NULL when no request was seen; len is
 * NULL when only the kind of framing is wanted (it saves finding and
 * parsing Content-Length). Always inline: a call cost every head a fifth
 * of what the usual framing (a request without a body) takes. */
static H11_ALWAYS_INLINE h11_framing body_framing(const h11_bytes *method, const h11_event *ev,
                                                   unsigned present, h11_length *len)
{
    if (len)
        zero_length(len);
    if (ev->type == H11_RESPONSE) {
        bool success = ev->status_code >= 200 && ev->status_code < 300;
        if (ev->status_code == 204 || ev->status_code == 304 ||
            (method && h11__bytes_eq(*method, "HEAD")) ||
            (method && h11__bytes_eq(*method, "CONNECT") && success))
            return H11_FRAMING_LENGTH;
    }
    if ((present & H11_HDR_TRANSFER_ENCODING) &&
        h11__hdrs_has_any_token(ev->headers, ev->n_headers, "transfer-encoding"))
        return H11_FRAMING_CHUNKED;
    if (present & H11_HDR_CONTENT_LENGTH) {
        if (len)
            parse_length(h11__hdrs_find(ev->headers, ev->n_headers, "content-length")->value, len);
        return H11_FRAMING_LENGTH;
    }
    return ev->type == H11_REQUEST ? H11_FRAMING_LENGTH : H11_FRAMING_HTTP10;
}

/* The remembered request method as a view, or NULL before any request. */
static const h11_bytes *request_method(const h11_conn *c, h11_bytes *view)
{
    if (!c->have_request_method)
        return NULL;
    view->ptr = c->request_method.ptr;
    view->len = c->request_method.len;
    return view;
}

/* Sets c's reader for their new state. In place: a reader is 64 bytes,
 * and building one to copy costs as much again on every request. */
static void set_reader(h11_conn *c, int state, const h11_event *ev, unsigned present)
{
    h11_reader *r = &c->reader;
    h11_bytes m;
    memset(r, 0, sizeof *r);
    switch (state) {
    case H11_SEND_BODY:
        switch (body_framing(request_method(c, &m), ev, present, &r->length)) {
        case H11_FRAMING_LENGTH:
            r->kind = H11_READ_LENGTH;
            r->remaining = r->length.value;
            break;
        case H11_FRAMING_CHUNKED: r->kind = H11_READ_CHUNKED; break;
        case H11_FRAMING_HTTP10: r->kind = H11_READ_HTTP10; break;
        }
        break;
    case H11_IDLE:
        r->kind = c->our_role == H11_SERVER ? H11_READ_REQUEST_HEAD : H11_READ_RESPONSE_HEAD;
        break;
    case H11_SEND_RESPONSE: r->kind = H11_READ_RESPONSE_HEAD; break;
    case H11_DONE:
    case H11_MUST_CLOSE:
    case H11_CLOSED: r->kind = H11_READ_NOTHING; break;
    default: break; /* no reader (H11_READ_NONE) */
    }
}

/* Sets c's writer for our new state. */
static void set_writer(h11_conn *c, int state, const h11_event *ev, unsigned present)
{
    h11_writer w;
    h11_bytes m;
    h11_length len;
    memset(&w, 0, sizeof w);
    if (state == H11_SEND_BODY) {
        switch (body_framing(request_method(c, &m), ev, present, &len)) {
        case H11_FRAMING_LENGTH:
            w.kind = H11_WRITE_LENGTH;
            w.remaining = len.value;
            break;
        case H11_FRAMING_CHUNKED: w.kind = H11_WRITE_CHUNKED; break;
        case H11_FRAMING_HTTP10: w.kind = H11_WRITE_HTTP10; break;
        }
    } else if (state == H11_IDLE) {
        w.kind = c->our_role == H11_CLIENT ? H11_WRITE_REQUEST : H11_WRITE_RESPONSE;
    } else if (state == H11_SEND_RESPONSE) {
        w.kind = H11_WRITE_RESPONSE;
    }
    c->writer = w;
}

static int their_role(const h11_conn *c) { return c->our_role ^ 1; }

/* A reader or writer lives as long as its role's state does not change.
 * Inline: the two tests are all that most events need. */
static inline void respond_to_state_changes(h11_conn *c, const uint8_t old[2],
                                            const h11_event *ev, unsigned present)
{
    int us = c->our_role, them = their_role(c);
    if (c->cs.states[us] != old[us])
        set_writer(c, c->cs.states[us], ev, present);
    if (c->cs.states[them] != old[them])
        set_reader(c, c->cs.states[them], ev, present);
}

static void process_error(h11_conn *c, int role)
{
    uint8_t old[2];
    memcpy(old, c->cs.states, 2);
    h11__cstate_process_error(&c->cs, role);
    respond_to_state_changes(c, old, NULL, 0);
}

/* h11's _process_event, for events we send and events we receive; present
 * is the H11_HDR_* bits of the event's headers. Always inline into its two
 * callers, send_event and h11_conn_next_event: a call's frame cost each
 * event about 20 instructions, a tenth of what the function does for a
 * request. */
static H11_ALWAYS_INLINE int process_event(h11_conn *c, int role, const h11_event *ev,
                                           unsigned present)
{
    /* Read once: as far as the compiler knows, the calls below could
     * change *ev, and each test would load it again. */
    const int type = ev->type;
    uint8_t old[2];
    int server_switch = 0, rc;
    if (type == H11_DATA && c->cs.states[role] == H11_SEND_BODY) {
        /* The commonest event changes no state: SEND_BODY stays SEND_BODY,
         * so the state rules, already settled, have nothing to do, and the
         * reader and writer go on. Only the 100-continue flag can move. */
        if (role == H11_CLIENT)
            c->client_waiting_for_100 = false;
        return H11_OK;
    }
    memcpy(old, c->cs.states, 2);
    if (type == H11_REQUEST) {
        /* Room for the method first, so running out of memory changes
         * nothing; the old method stays until the state machine accepts the
         * request (h11 keeps it when the Request is refused). */
        if (h11__buf_reserve(&c->request_method, &c->mem, ev->method.len) != H11_OK)
            return h11__err_nomem(&c->err);
        if (role == H11_CLIENT && h11__bytes_eq(ev->method, "CONNECT"))
            h11__cstate_switch_proposal(&c->cs, H11_SWITCH_CONNECT);
        if (role == H11_CLIENT && (present & H11_HDR_UPGRADE) &&
            h11__hdrs_has_any_token(ev->headers, ev->n_headers, "upgrade"))
            h11__cstate_switch_proposal(&c->cs, H11_SWITCH_UPGRADE);
    } else if (role == H11_SERVER) {
        if (type == H11_INFORMATIONAL_RESPONSE && ev->status_code == 101)
            server_switch = H11_SWITCH_UPGRADE;
        else if (type == H11_RESPONSE && (c->cs.pending_switch & H11_SWITCH_CONNECT) &&
                 ev->status_code >= 200 && ev->status_code < 300)
            server_switch = H11_SWITCH_CONNECT;
    }
    rc = h11__cstate_process_event(&c->cs, &c->err, role, type, server_switch);
    if (rc != H11_OK)
        return rc;
    if (type == H11_DATA || type == H11_END_OF_MESSAGE) {
        /* A body event: of what follows, only the 100-continue flag. */
        if (role == H11_CLIENT)
            c->client_waiting_for_100 = false;
    } else if (type != H11_CONNECTION_CLOSED) {
        if (type == H11_REQUEST) {
            /* Into the room reserved above; h11__put, as a method is a few
             * bytes and a memcpy call costs more than copying them. */
            c->request_method.len =
                (size_t)(h11__put(c->request_method.ptr, ev->method) - c->request_method.ptr);
            c->have_request_method = true;
        }
        if (role != c->our_role) {
            /* Received versions are always D.D: the parser accepts nothing else. */
            memcpy(c->their_version, ev->http_version.ptr, 3);
            c->have_their_version = true;
        }
        if (type != H11_INFORMATIONAL_RESPONSE) {
            /* A received event's headers are ev_hdrs, which knows where its
             * Connection headers lie. */
            bool received = role != c->our_role;
            if (!h11__event_keep_alive(ev, present, received ? c->ev_hdrs.first_connection : 0,
                                       received ? c->ev_hdrs.connections_end : ev->n_headers))
                h11__cstate_keep_alive_disabled(&c->cs);
        }
        if (type == H11_REQUEST) {
            if (h11__event_expects_100_continue(ev, present))
                c->client_waiting_for_100 = true;
        } else {
            c->client_waiting_for_100 = false;
        }
    }
    respond_to_state_changes(c, old, ev, present);
    return H11_OK;
}

/* ------------------------------------------------------- connection */

int h11_conn_new(h11_conn **out, int role, const h11_options *opts, const h11_mem *mem)
{
    h11_mem m;
    h11_conn *c;
    if (!out)
        return H11_ERR_INVALID_ARGUMENT;
    *out = NULL;
    if (role != H11_CLIENT && role != H11_SERVER)
        return H11_ERR_INVALID_ARGUMENT;
    h11__mem_init(&m, mem);
    c = h11__malloc(&m, sizeof *c);
    if (!c)
        return H11_ERR_NOMEM;
    memset(c, 0, sizeof *c);
    c->mem = m;
    c->our_role = role;
    c->max_incomplete_event_size =
        opts ? opts->max_incomplete_event_size : H11_DEFAULT_MAX_INCOMPLETE_EVENT_SIZE;
    c->strict = opts && opts->strict;
    c->keep_bytes = c->max_incomplete_event_size > SIZE_MAX - 1024
                        ? SIZE_MAX
                        : c->max_incomplete_event_size + 1024;
    c->read_ctx.rb = &c->rb;
    c->read_ctx.mem = &c->mem;
    c->read_ctx.err = &c->err;
    c->read_ctx.ev = &c->ev;
    c->read_ctx.hdrs = &c->ev_hdrs;
    c->read_ctx.request_method = &c->request_method;
    c->read_ctx.strict = c->strict;
    h11__cstate_init(&c->cs);
    h11__err_init(&c->err, &c->mem);
    set_reader(c, H11_IDLE, NULL, 0);
    set_writer(c, H11_IDLE, NULL, 0);
    *out = c;
    return H11_OK;
}

void h11_conn_del(h11_conn *c)
{
    if (!c)
        return;
    h11__rbuf_free(&c->rb, &c->mem);
    h11__buf_free(&c->request_method, &c->mem);
    h11__hdrs_free(&c->ev_hdrs, &c->mem);
    h11__hdrs_free(&c->send_hdrs, &c->mem);
    h11__hdrs_free(&c->clean_hdrs, &c->mem);
    h11__free(&c->mem, c->flat);
    h11__buf_free(&c->out, &c->mem);
    h11__err_free(&c->err);
    h11__free(&c->mem, c);
}

int h11_conn_receive_data(h11_conn *c, const uint8_t *data, size_t len)
{
    if (!c || (len && !data))
        return H11_ERR_INVALID_ARGUMENT;
    if (len == 0) {
        c->rb.eof = true;
        return H11_OK;
    }
    if (c->rb.eof)
        return h11__err_set(&c->err, H11_ERR_DATA_AFTER_EOF, H11_HINT_DEFAULT,
                            "received close, then received more data?");
    if (h11__rbuf_append(&c->rb, &c->mem, data, len) != H11_OK)
        return h11__err_nomem(&c->err);
    return H11_OK;
}

/* h11's _extract_next_receive_event. */
static int extract_event(h11_conn *c)
{
    int state = c->cs.states[their_role(c)];
    int rc;
    if (state == H11_DONE && h11__rbuf_len(&c->rb))
        return H11_PAUSED;
    if (state == H11_MIGHT_SWITCH_PROTOCOL || state == H11_SWITCHED_PROTOCOL)
        return H11_PAUSED;
    rc = h11__read(&c->reader, &c->read_ctx);
    if (rc == H11_NEED_DATA && h11__rbuf_len(&c->rb) == 0 && c->rb.eof)
        rc = h11__read_eof(&c->reader, &c->read_ctx);
    return rc;
}

/* Between events a connection keeps at most one incomplete event's worth of
 * receive buffer beyond twice what is unread, and as much again of header
 * storage (docs/security.md): a huge piece or event, once taken out, must
 * not stay allocated for the connection's lifetime. Only called where the
 * previous event's views may be invalidated. */
static void release_excess(h11_conn *c)
{
    size_t keep = c->keep_bytes;
    if (c->rb.cap > keep) /* the usual buffer is smaller: no call */
        h11__rbuf_trim(&c->rb, &c->mem, keep);
    if (c->ev_hdrs.arena.cap > keep / 2 || c->ev_hdrs.cap * sizeof *c->ev_hdrs.items > keep / 2)
        h11__hdrs_free(&c->ev_hdrs, &c->mem);
}

int h11_conn_next_event(h11_conn *c, const h11_event **out)
{
    int rc;
    if (out)
        *out = NULL;
    if (!c || !out)
        return H11_ERR_INVALID_ARGUMENT;
    release_excess(c);
    if (c->cs.states[their_role(c)] == H11_ERROR)
        return h11__err_set(&c->err, H11_ERR_REMOTE_PROTOCOL, H11_HINT_DEFAULT,
                            "Can't receive data when peer state is ERROR");
    rc = extract_event(c);
    if (rc >= H11_REQUEST)
        rc = process_event(c, their_role(c), &c->ev, c->ev_hdrs.present) == H11_OK ? rc : c->err.code;
    if (rc == H11_NEED_DATA) {
        if (h11__rbuf_len(&c->rb) > c->max_incomplete_event_size)
            rc = h11__err_start(&c->err, 431, "Receive buffer too long");
        else if (c->rb.eof)
            rc = h11__err_start(&c->err, H11_HINT_DEFAULT, "peer unexpectedly closed connection");
    }
    if (rc == H11_ERR_NOMEM)
        return rc;
    if (rc < 0) {
        process_error(c, their_role(c));
        /* Whatever went wrong while reading is the peer's fault. */
        c->err.code = H11_ERR_REMOTE_PROTOCOL;
        return H11_ERR_REMOTE_PROTOCOL;
    }
    if (rc >= H11_REQUEST)
        *out = &c->ev;
    return rc;
}

/* ------------------------------------------------------------- send */

static h11_bytes lit(const char *s)
{
    h11_bytes b;
    b.ptr = (const uint8_t *)s;
    b.len = strlen(s);
    return b;
}

static int bytes_cmp(h11_bytes a, h11_bytes b)
{
    size_t m = a.len < b.len ? a.len : b.len;
    int r = m ? memcmp(a.ptr, b.ptr, m) : 0;
    return r ? r : (a.len > b.len) - (a.len < b.len);
}

/* Collects the lower-cased Connection tokens other than keep-alive as
 * headers appended to the rewritten list. */
typedef struct token_sink {
    h11_hdrs *out;
    const h11_mem *mem;
    size_t first; /* index of the first appended Connection header */
    bool failed;
} token_sink;

static bool add_connection_token(h11_bytes tok, void *arg)
{
    token_sink *s = arg;
    h11_buf *arena = &s->out->arena;
    uint8_t *dst = arena->ptr + arena->len;
    h11_bytes lower;
    size_t i;
    for (i = 0; i < tok.len; i++)
        dst[i] = H11_IS(tok.ptr[i], H11_C_UPPER) ? (uint8_t)(tok.ptr[i] | 0x20) : tok.ptr[i];
    lower.ptr = dst;
    lower.len = tok.len;
    if (h11__bytes_eq(lower, "keep-alive"))
        return false;
    for (i = s->first; i < s->out->len; i++)
        if (bytes_cmp(s->out->items[i].value, lower) == 0)
            return false;
    arena->len += tok.len;
    if (h11__hdrs_push(s->out, s->mem, lit("Connection"), lit("connection"), lower) != H11_OK)
        s->failed = true;
    return s->failed;
}

/* Does h11's clean-up change this response? It does when the framing
 * headers must go (*rewrite_framing; *chunked when Transfer-Encoding:
 * chunked replaces them) or Connection must say close (*closing). */
static bool response_needs_cleaning(const h11_conn *c, const h11_event *ev, unsigned present,
                                    bool *rewrite_framing, bool *chunked, bool *closing)
{
    h11_bytes m, get = lit("GET");
    const h11_bytes *method = request_method(c, &m);
    const h11_bytes *framing_method = method && h11__bytes_eq(*method, "HEAD") ? &get : method;
    bool need_close = false;
    *rewrite_framing = body_framing(framing_method, ev, present, NULL) != H11_FRAMING_LENGTH;
    *chunked = false;
    if (*rewrite_framing) {
        h11_bytes theirs;
        if (!h11_conn_their_http_version(c, &theirs) || h11__bytes_lt(theirs, "1.1"))
            need_close = !(method && h11__bytes_eq(*method, "HEAD"));
        else
            *chunked = true;
    }
    *closing = !c->cs.keep_alive || need_close;
    return *rewrite_framing || *closing;
}

/* h11's _clean_up_response_headers_for_sending: framing and Connection
 * headers are rewritten to match what the peer and the connection allow. */
static int clean_response(h11_conn *c, h11_event *ev, unsigned *present)
{
    bool rewrite_framing, chunked, closing;
    h11_hdrs *out = &c->clean_hdrs;
    size_t i, arena = 0;
    if (!response_needs_cleaning(c, ev, *present, &rewrite_framing, &chunked, &closing))
        return H11_OK;
    for (i = 0; i < ev->n_headers; i++)
        arena += ev->headers[i].value.len + 5;
    if (h11__hdrs_reset(out, &c->mem, arena + 5) != H11_OK)
        return H11_ERR_NOMEM;
    for (i = 0; i < ev->n_headers; i++) {
        const h11_header *h = &ev->headers[i];
        if (rewrite_framing && (h11__bytes_eq(h->name, "content-length") ||
                                h11__bytes_eq(h->name, "transfer-encoding")))
            continue;
        if (closing && h11__bytes_eq(h->name, "connection"))
            continue;
        if (h11__hdrs_push(out, &c->mem, h->raw_name, h->name, h->value) != H11_OK)
            return H11_ERR_NOMEM;
    }
    if (chunked &&
        h11__hdrs_push(out, &c->mem, lit("Transfer-Encoding"), lit("transfer-encoding"),
                       lit("chunked")) != H11_OK)
        return H11_ERR_NOMEM;
    if (closing) {
        token_sink sink;
        size_t j;
        sink.out = out;
        sink.mem = &c->mem;
        sink.first = out->len;
        sink.failed = false;
        h11__hdrs_each_token(ev->headers, ev->n_headers, "connection", add_connection_token, &sink);
        add_connection_token(lit("close"), &sink);
        if (sink.failed)
            return H11_ERR_NOMEM;
        /* h11 writes the tokens sorted, one header each */
        for (i = sink.first + 1; i < out->len; i++)
            for (j = i; j > sink.first && bytes_cmp(out->items[j - 1].value, out->items[j].value) > 0; j--) {
                h11_header t = out->items[j];
                out->items[j] = out->items[j - 1];
                out->items[j - 1] = t;
            }
    }
    ev->headers = out->items;
    ev->n_headers = out->len;
    *present = out->present;
    return H11_OK;
}

/* h11's send_with_data_passthrough. With before/after set, a Data event's
 * framing is returned instead of being written with the payload. staged is
 * the size of a head already written past out.len, to be kept once the
 * state machine accepts it; 0 for any other event. */
static int send_event(h11_conn *c, const h11_event *ev, unsigned present, size_t staged,
                      h11_bytes *before, h11_bytes *after)
{
    int us = c->our_role, rc;
    uint8_t old = c->cs.states[us];
    h11_writer w;
    size_t mark;
    if (old == H11_ERROR)
        return h11__err_start(&c->err, H11_HINT_DEFAULT, "Can't send data when our state is ERROR");
    /* Reserve the output now: once the state has moved, nothing may fail
     * for want of memory. */
    if (!staged && h11__buf_reserve(&c->out, &c->mem, before ? 0 : h11__write_size(ev)) != H11_OK)
        return h11__err_nomem(&c->err);
    w = c->writer;
    rc = process_event(c, us, ev, present);
    if (rc == H11_ERR_NOMEM)
        return rc;
    if (rc == H11_OK && ev->type != H11_CONNECTION_CLOSED) {
        mark = c->out.len;
        if (ev->type == H11_DATA) {
            h11_bytes b, a;
            rc = h11__write_data(&w, &c->err, ev->data.len, c->passthrough, &b, &a);
            if (rc >= 0 && before) {
                *before = b;
                *after = a;
            } else if (rc > 0) {
                h11__buf_append(&c->out, &c->mem, b.ptr, b.len);
                h11__buf_append(&c->out, &c->mem, ev->data.ptr, ev->data.len);
                h11__buf_append(&c->out, &c->mem, a.ptr, a.len);
            }
        } else if (ev->type == H11_END_OF_MESSAGE) {
            rc = h11__write_end(&w, &c->out, &c->mem, &c->err, ev->headers, ev->n_headers);
        } else if (staged) {
            c->out.len += staged;
        } else {
            rc = h11__write_head(&c->out, &c->err, ev, present);
        }
        if (rc < 0)
            c->out.len = mark;
        else if (c->cs.states[us] == old)
            c->writer = w; /* the same body writer goes on: keep its count */
    }
    if (rc < 0) {
        process_error(c, us);
        return rc;
    }
    return rc;
}

/* Can this normalised head go out as it was written, before the state
 * machine runs? Not when our state is ERROR, strict mode refuses it or
 * h11 would clean the response up: send_normalized deals with those. */
static bool head_goes_as_written(h11_conn *c, const h11_event *ev, unsigned present)
{
    bool rewrite_framing, chunked, closing;
    return c->cs.states[c->our_role] != H11_ERROR &&
           (!H11_UNLIKELY(c->strict) || h11__strict_check_head(&c->err, ev, present) == H11_OK) &&
           !(ev->type == H11_RESPONSE &&
             response_needs_cleaning(c, ev, present, &rewrite_framing, &chunked, &closing));
}

/* The usual head, sent in one pass: its lines are checked and written
 * straight into the output, past out.len until the state machine accepts
 * the event, and only the headers framing and state look at are kept.
 * False when anything is off that path (an error, a response h11 cleans
 * up, a version the writer refuses after the state moved): h11_conn_send
 * then does it all the general way, with the same result or the exact
 * error. Running out of memory is reported at once. */
static bool send_head_written(h11_conn *c, const h11_event *in, int *rc)
{
    h11_event ev;
    size_t at = h11__head_line_size(in);
    /* head_goes_as_written tests this too, but only after output was
     * reserved: in ERROR, h11_conn_send's refusal must outrank running out
     * of memory. */
    if (c->cs.states[c->our_role] == H11_ERROR)
        return false;
    *rc = h11__event_normalize_written(in, &ev, &c->send_hdrs, &c->mem, &c->err, &c->out, &at);
    if (*rc != H11_OK)
        return *rc < 0;
    if (!h11__bytes_eq(ev.http_version, "1.1") ||
        !head_goes_as_written(c, &ev, c->send_hdrs.present))
        return false;
    h11__put_head_line(c->out.ptr + c->out.len, &ev);
    *rc = send_event(c, &ev, c->send_hdrs.present, at, NULL, NULL);
    return true;
}

/* Sends an event already normalised: strict mode's checks, h11's response
 * clean-up (on a copy), then send_event. */
static int send_normalized(h11_conn *c, const h11_event *ev, unsigned present)
{
    h11_event cleaned;
    int rc;
    if (H11_UNLIKELY(c->strict) && (rc = h11__strict_check_head(&c->err, ev, present)) != H11_OK)
        return rc;
    /* After send_event's own first check, as h11 cleans up inside send. */
    if (ev->type == H11_RESPONSE && c->cs.states[c->our_role] != H11_ERROR) {
        cleaned = *ev;
        if (clean_response(c, &cleaned, &present) != H11_OK)
            return h11__err_nomem(&c->err);
        ev = &cleaned;
    }
    rc = send_event(c, ev, present, 0, NULL, NULL);
    return rc < 0 ? rc : H11_OK;
}

int h11_conn_send(h11_conn *c, const h11_event *event)
{
    h11_event ev;
    int rc;
    if (!c || !event)
        return H11_ERR_INVALID_ARGUMENT;
    switch (event->type) {
    case H11_REQUEST:
    case H11_INFORMATIONAL_RESPONSE:
    case H11_RESPONSE:
        if (send_head_written(c, event, &rc))
            return rc < 0 ? rc : H11_OK;
        break;
    case H11_DATA:
    case H11_END_OF_MESSAGE:
    case H11_CONNECTION_CLOSED:
        /* Without headers (trailers), normalising these only checks views. */
        if (event->n_headers || !h11__event_fields_ok(event))
            break;
        rc = send_event(c, event, 0, 0, NULL, NULL);
        return rc < 0 ? rc : H11_OK;
    default: break;
    }
    rc = h11__event_normalize(event, &ev, &c->send_hdrs, &c->mem, &c->err);
    if (rc != H11_OK)
        return rc;
    return send_normalized(c, &ev, c->send_hdrs.present);
}

int h11_conn_send_prepared(h11_conn *c, const h11_prepared *p)
{
    int rc;
    if (!c || !p)
        return H11_ERR_INVALID_ARGUMENT;
    if (p->head.len && head_goes_as_written(c, &p->ev, p->present)) {
        if (h11__buf_reserve(&c->out, &c->mem, p->head.len) != H11_OK)
            return h11__err_nomem(&c->err);
        memcpy(c->out.ptr + c->out.len, p->head.ptr, p->head.len);
        rc = send_event(c, &p->ev, p->present, p->head.len, NULL, NULL);
        return rc < 0 ? rc : H11_OK;
    }
    return send_normalized(c, &p->ev, p->present);
}

int h11_conn_send_flat(h11_conn *c, int type, int status_code, const uint8_t *fields,
                       const uint32_t *lens, size_t n_lens)
{
    h11_event ev;
    int rc;
    if (!c)
        return H11_ERR_INVALID_ARGUMENT;
    rc = h11__event_from_flat(&ev, &c->flat, &c->flat_cap, &c->mem, type, status_code, fields,
                              lens, n_lens);
    if (rc != H11_OK)
        return h11__err_args(&c->err, rc);
    return h11_conn_send(c, &ev);
}

int h11_conn_send_data_passthrough(h11_conn *c, uint64_t data_len, h11_bytes *before,
                                   h11_bytes *after)
{
    h11_event ev;
    if (!c || !before || !after)
        return H11_ERR_INVALID_ARGUMENT;
    h11__event_clear(&ev);
    ev.type = H11_DATA;
    ev.data.len = (size_t)data_len;
    if ((uint64_t)ev.data.len != data_len)
        return H11_ERR_INVALID_ARGUMENT;
    return send_event(c, &ev, 0, 0, before, after);
}

size_t h11_conn_pending_output(const h11_conn *c, const uint8_t **data)
{
    if (!c) {
        if (data)
            *data = NULL;
        return 0;
    }
    if (data)
        *data = c->out.ptr ? c->out.ptr + c->out_start : NULL;
    return c->out.len - c->out_start;
}

void h11_conn_consume_output(h11_conn *c, size_t n)
{
    size_t pending;
    if (!c)
        return;
    pending = c->out.len - c->out_start;
    c->out_start += n < pending ? n : pending;
    if (c->out_start == c->out.len)
        c->out_start = c->out.len = 0;
}

size_t h11_conn_take_output(h11_conn *c, uint8_t *buf, size_t cap)
{
    const uint8_t *p;
    size_t n = h11_conn_pending_output(c, &p);
    if (!buf)
        return 0;
    if (n > cap)
        n = cap;
    if (n)
        memcpy(buf, p, n);
    h11_conn_consume_output(c, n);
    return n;
}

int h11_conn_send_failed(h11_conn *c)
{
    if (!c)
        return H11_ERR_INVALID_ARGUMENT;
    process_error(c, c->our_role);
    return H11_OK;
}

int h11_conn_start_next_cycle(h11_conn *c)
{
    uint8_t old[2];
    int rc;
    if (!c)
        return H11_ERR_INVALID_ARGUMENT;
    memcpy(old, c->cs.states, 2);
    rc = h11__cstate_start_next_cycle(&c->cs, &c->err);
    if (rc != H11_OK)
        return rc;
    c->have_request_method = false;
    respond_to_state_changes(c, old, NULL, 0);
    return H11_OK;
}

/* ---------------------------------------------------------- queries */

int h11_conn_our_role(const h11_conn *c) { return c ? c->our_role : -1; }
int h11_conn_their_role(const h11_conn *c) { return c ? their_role(c) : -1; }

int h11_conn_state(const h11_conn *c, int role)
{
    if (!c || (role != H11_CLIENT && role != H11_SERVER))
        return -1;
    return c->cs.states[role];
}

int h11_conn_our_state(const h11_conn *c) { return c ? c->cs.states[c->our_role] : -1; }
int h11_conn_their_state(const h11_conn *c) { return c ? c->cs.states[their_role(c)] : -1; }

int h11_conn_their_http_version(const h11_conn *c, h11_bytes *version)
{
    if (version) {
        version->ptr = NULL;
        version->len = 0;
    }
    if (!c || !c->have_their_version)
        return 0;
    if (version) {
        version->ptr = c->their_version;
        version->len = 3;
    }
    return 1;
}

int h11_conn_client_is_waiting_for_100_continue(const h11_conn *c)
{
    return c && c->client_waiting_for_100;
}

int h11_conn_they_are_waiting_for_100_continue(const h11_conn *c)
{
    return c && their_role(c) == H11_CLIENT && c->client_waiting_for_100;
}

int h11_conn_trailing_data(const h11_conn *c, h11_bytes *data)
{
    if (!c) {
        if (data) {
            data->ptr = NULL;
            data->len = 0;
        }
        return 0;
    }
    if (data) {
        data->ptr = h11__rbuf_len(&c->rb) ? h11__rbuf_peek(&c->rb) : (const uint8_t *)"";
        data->len = h11__rbuf_len(&c->rb);
    }
    return c->rb.eof;
}

int h11_conn_last_error_code(const h11_conn *c) { return c ? c->err.code : H11_ERR_INVALID_ARGUMENT; }

int h11_conn_last_error_status_hint(const h11_conn *c)
{
    if (!c || (c->err.code != H11_ERR_LOCAL_PROTOCOL && c->err.code != H11_ERR_REMOTE_PROTOCOL))
        return 0;
    return c->err.hint;
}

const char *h11_conn_last_error_message(const h11_conn *c, size_t *len)
{
    if (!c) {
        if (len)
            *len = 0;
        return "";
    }
    return h11__err_message(&c->err, len);
}
