/*
 * Decodes fuzz input into events to send (fuzz_send, fuzz_pair). Names and
 * values come mostly from a dictionary of the headers h11 gives meaning to,
 * so that framing, keep-alive, Expect and Upgrade logic is reached, and
 * sometimes straight from the input, so that validation is too.
 *
 * Op byte (low 4 bits; bit 4 picks the side in fuzz_pair): 0 Request, 1 InformationalResponse, 2 Response,
 * 3 Data, 4 EndOfMessage, 5 ConnectionClosed, 6 passthrough Data,
 * 7 send_failed, 8 start_next_cycle; anything else is a Request too.
 * fuzz/seed_corpus.py writes the same encoding.
 */
#ifndef H11_FUZZ_OPS_H
#define H11_FUZZ_OPS_H

#include "fuzz_common.h"

enum {
    OP_REQUEST, OP_INFO, OP_RESPONSE, OP_DATA, OP_EOM, OP_CLOSED, OP_PASSTHROUGH,
    OP_SEND_FAILED, OP_NEXT_CYCLE, OP_COUNT
};

#define FZ_MAX_HEADERS 8

static const char *const fz_names[] = {
    "Host", "Content-Length", "Transfer-Encoding", "Connection", "Upgrade", "Expect",
    "X-A", "content-length", "host", "Trailer",
};
static const char *const fz_values[] = {
    "a", "0", "5", "99999999999999999999", "chunked", "close", "keep-alive", "upgrade",
    "100-continue", "gzip, chunked", "websocket", "", "Chunked", "close, upgrade", "10", "3",
};
static const char *const fz_methods[] = {"GET", "HEAD", "CONNECT", "POST", "OPTIONS"};
static const char *const fz_targets[] = {"/", "example.com:443", "*", "/a?b=c"};
static const char *const fz_versions[] = {"", "1.1", "1.0", "2"};

typedef struct fz_op {
    int op;
    int side; /* fuzz_pair: 0 client, 1 server */
    h11_event ev;
    h11_header headers[FZ_MAX_HEADERS];
} fz_op;

static h11_bytes fz_lit(const char *s)
{
    h11_bytes b = {(const uint8_t *)s, strlen(s)};
    return b;
}

/* Dictionary entry or raw bytes, chosen by the top bit of a byte. */
static h11_bytes fz_pick(fz_in *in, const char *const *dict, size_t n, size_t raw_max)
{
    unsigned b = fz_byte(in);
    if (b & 0x80)
        return fz_bytes(in, raw_max);
    return fz_lit(dict[b % n]);
}

#define FZ_PICK(in, dict, raw_max) fz_pick(in, dict, sizeof dict / sizeof *dict, raw_max)

static void fz_headers(fz_in *in, fz_op *o)
{
    size_t i, n = fz_byte(in) % (FZ_MAX_HEADERS + 1);
    for (i = 0; i < n; i++) {
        memset(&o->headers[i], 0, sizeof o->headers[i]);
        o->headers[i].name = FZ_PICK(in, fz_names, 16);
        o->headers[i].value = FZ_PICK(in, fz_values, 24);
    }
    o->ev.headers = n ? o->headers : NULL;
    o->ev.n_headers = n;
}

/* Returns 0 at the end of the input. */
static int fz_next_op(fz_in *in, fz_op *o)
{
    unsigned b;
    if (!in->n)
        return 0;
    b = fz_byte(in);
    o->op = (int)(b & 15);
    o->side = (int)(b >> 4) & 1;
    if (o->op >= OP_COUNT)
        o->op = OP_REQUEST;
    o->ev = fz_event(H11_NEED_DATA);
    switch (o->op) {
    case OP_REQUEST:
        o->ev.type = H11_REQUEST;
        o->ev.method = FZ_PICK(in, fz_methods, 8);
        o->ev.target = FZ_PICK(in, fz_targets, 16);
        o->ev.http_version = FZ_PICK(in, fz_versions, 4);
        fz_headers(in, o);
        break;
    case OP_INFO:
    case OP_RESPONSE: {
        unsigned s = fz_byte(in);
        o->ev.type = o->op == OP_INFO ? H11_INFORMATIONAL_RESPONSE : H11_RESPONSE;
        /* Mostly in range for the type, sometimes anything up to 1023. */
        if (s & 0x80)
            o->ev.status_code = (int)((s & 0x7f) << 3 | (fz_byte(in) & 7));
        else
            o->ev.status_code = o->op == OP_INFO ? 100 + (int)(s % 100) : 200 + (int)(s % 400);
        o->ev.http_version = FZ_PICK(in, fz_versions, 4);
        o->ev.reason = fz_bytes(in, 12);
        fz_headers(in, o);
        break;
    }
    case OP_DATA:
    case OP_PASSTHROUGH:
        o->ev.type = H11_DATA;
        o->ev.data = fz_bytes(in, 64);
        break;
    case OP_EOM:
        o->ev.type = H11_END_OF_MESSAGE;
        fz_headers(in, o);
        break;
    case OP_CLOSED: o->ev.type = H11_CONNECTION_CLOSED; break;
    default: break;
    }
    return 1;
}

/* The flat layout of h11_conn_send_flat for o->ev; returns n_lens. */
static size_t fz_flatten(const h11_event *ev, uint8_t *buf, uint32_t *lens)
{
    h11_bytes f[3 + 2 * FZ_MAX_HEADERS];
    size_t n = 0, i, off = 0;
    switch (ev->type) {
    case H11_REQUEST:
        f[n++] = ev->method;
        f[n++] = ev->target;
        f[n++] = ev->http_version;
        break;
    case H11_INFORMATIONAL_RESPONSE:
    case H11_RESPONSE:
        f[n++] = ev->http_version;
        f[n++] = ev->reason;
        break;
    case H11_DATA: f[n++] = ev->data; break;
    default: break;
    }
    if (ev->type != H11_DATA && ev->type != H11_CONNECTION_CLOSED)
        for (i = 0; i < ev->n_headers; i++) {
            f[n++] = ev->headers[i].name;
            f[n++] = ev->headers[i].value;
        }
    for (i = 0; i < n; i++) {
        if (f[i].len)
            memcpy(buf + off, f[i].ptr, f[i].len);
        off += f[i].len;
        lens[i] = (uint32_t)f[i].len;
    }
    return n;
}

#endif
