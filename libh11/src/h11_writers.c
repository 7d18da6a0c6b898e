/* Writers (h11's _writers): the exact bytes of heads, header blocks and the
 * three body framings. */
#include "h11_int.h"

/* The bytes of a header block: a line per header and the blank line. */
static size_t headers_size(const h11_header *h, size_t n)
{
    size_t i, need = 2;
    for (i = 0; i < n; i++)
        need += h[i].raw_name.len + h[i].value.len + 4;
    return need;
}

size_t h11__head_line_size(const h11_event *ev)
{
    if (ev->type == H11_REQUEST) /* method SP target SP "HTTP/1.1" CRLF */
        return ev->method.len + ev->target.len + 12;
    return 15 + ev->reason.len; /* "HTTP/1.1" SP 3DIGIT SP reason CRLF */
}

size_t h11__write_size(const h11_event *ev)
{
    switch (ev->type) {
    case H11_REQUEST:
    case H11_INFORMATIONAL_RESPONSE:
    case H11_RESPONSE: return h11__head_line_size(ev) + headers_size(ev->headers, ev->n_headers);
    case H11_DATA: return ev->data.len + 24; /* up to 16 hex digits, 2 CRLFs */
    case H11_END_OF_MESSAGE: return 3 + headers_size(ev->headers, ev->n_headers);
    default: return 0;
    }
}

/* Writes a header block into room already reserved; h11 puts Host first,
 * wherever the caller had it. */
static uint8_t *put_headers(uint8_t *w, const h11_header *h, size_t n, bool hosts)
{
    size_t i;
    if (hosts)
        for (i = 0; i < n; i++)
            if (h11__bytes_eq(h[i].name, "host"))
                w = h11__put_header(w, h[i].raw_name, h[i].value);
    for (i = 0; i < n; i++)
        if (!hosts || !h11__bytes_eq(h[i].name, "host"))
            w = h11__put_header(w, h[i].raw_name, h[i].value);
    *w++ = '\r';
    *w++ = '\n';
    return w;
}

int h11__write_headers(h11_buf *out, const h11_mem *mem, const h11_header *h, size_t n)
{
    bool hosts = h11__hdrs_find(h, n, "host") != NULL;
    if (h11__buf_reserve(out, mem, headers_size(h, n)) != H11_OK)
        return H11_ERR_NOMEM;
    out->len = (size_t)(put_headers(out->ptr + out->len, h, n, hosts) - out->ptr);
    return H11_OK;
}

/* A status code was validated to [100, 1000): 3 digits. */
uint8_t *h11__put_head_line(uint8_t *w, const h11_event *ev)
{
    static const h11_bytes http11 = {(const uint8_t *)"HTTP/1.1", 8};
    if (ev->type == H11_REQUEST) {
        w = h11__put(w, ev->method);
        *w++ = ' ';
        w = h11__put(w, ev->target);
        *w++ = ' ';
        w = h11__put(w, http11);
    } else {
        unsigned status = (unsigned)ev->status_code; /* unsigned division is cheaper */
        w = h11__put(w, http11);
        *w++ = ' ';
        *w++ = (uint8_t)('0' + status / 100);
        *w++ = (uint8_t)('0' + status / 10 % 10);
        *w++ = (uint8_t)('0' + status % 10);
        *w++ = ' ';
        w = h11__put(w, ev->reason);
    }
    *w++ = '\r';
    *w++ = '\n';
    return w;
}

/* The head line and header block, written with direct stores. */
int h11__write_head(h11_buf *out, h11_errinfo *err, const h11_event *ev, unsigned present)
{
    uint8_t *w;
    if (!h11__bytes_eq(ev->http_version, "1.1"))
        return h11__err_start(err, H11_HINT_DEFAULT, "I only send HTTP/1.1");
    w = h11__put_head_line(out->ptr + out->len, ev);
    out->len = (size_t)(put_headers(w, ev->headers, ev->n_headers, present & H11_HDR_HOST) -
                        out->ptr);
    return H11_OK;
}

static h11_bytes empty(void)
{
    h11_bytes b;
    b.ptr = (const uint8_t *)"";
    b.len = 0;
    return b;
}

int h11__write_data(h11_writer *w, h11_errinfo *err, uint64_t len, uint8_t scratch[24],
                    h11_bytes *before, h11_bytes *after)
{
    static const char hex[] = "0123456789abcdef";
    *before = *after = empty();
    switch (w->kind) {
    case H11_WRITE_LENGTH:
        if (len > w->remaining) {
            w->remaining = 0;
            return h11__err_start(err, H11_HINT_DEFAULT, "Too much data for declared Content-Length");
        }
        w->remaining -= len;
        return 1;
    case H11_WRITE_CHUNKED: {
        size_t i = 22;
        if (len == 0)
            return 0;
        scratch[22] = '\r';
        scratch[23] = '\n';
        do {
            scratch[--i] = (uint8_t)hex[len & 15];
            len >>= 4;
        } while (len);
        before->ptr = scratch + i;
        before->len = 24 - i;
        after->ptr = (const uint8_t *)"\r\n";
        after->len = 2;
        return 1;
    }
    case H11_WRITE_HTTP10: return 1;
    default: return h11__err_set(err, H11_ERR_LOCAL_PROTOCOL, H11_HINT_DEFAULT, "no body writer");
    }
}

int h11__write_end(h11_writer *w, h11_buf *out, const h11_mem *mem, h11_errinfo *err,
                   const h11_header *trailers, size_t n)
{
    switch (w->kind) {
    case H11_WRITE_LENGTH:
        if (w->remaining != 0)
            return h11__err_start(err, H11_HINT_DEFAULT, "Too little data for declared Content-Length");
        if (n)
            return h11__err_start(err, H11_HINT_DEFAULT, "Content-Length and trailers don't mix");
        return H11_OK;
    case H11_WRITE_CHUNKED:
        if (h11__buf_append(out, mem, "0\r\n", 3))
            return H11_ERR_NOMEM;
        return h11__write_headers(out, mem, trailers, n);
    case H11_WRITE_HTTP10:
        if (n)
            return h11__err_start(err, H11_HINT_DEFAULT, "can't send trailers to HTTP/1.0 client");
        return H11_OK;
    default: return h11__err_set(err, H11_ERR_LOCAL_PROTOCOL, H11_HINT_DEFAULT, "no body writer");
    }
}
