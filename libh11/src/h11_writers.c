/* Writers (h11's _writers): the exact bytes of heads, header blocks and the
 * three body framings. */
#include "h11_int.h"

static int put(h11_buf *out, const h11_mem *mem, const void *p, size_t n)
{
    return h11__buf_append(out, mem, p, n);
}

static int put_str(h11_buf *out, const h11_mem *mem, const char *s)
{
    return put(out, mem, s, strlen(s));
}

static uint8_t *copy(uint8_t *w, h11_bytes b)
{
    if (b.len)
        memcpy(w, b.ptr, b.len);
    return w + b.len;
}

int h11__write_headers(h11_buf *out, const h11_mem *mem, const h11_header *h, size_t n)
{
    size_t i, need = 2;
    uint8_t *w;
    int pass;
    for (i = 0; i < n; i++)
        need += h[i].raw_name.len + h[i].value.len + 4;
    if (h11__buf_reserve(out, mem, need) != H11_OK)
        return H11_ERR_NOMEM;
    w = out->ptr + out->len;
    /* h11 puts Host first, wherever the caller had it. */
    for (pass = 0; pass < 2; pass++)
        for (i = 0; i < n; i++)
            if (h11__bytes_eq(h[i].name, "host") == (pass == 0)) {
                w = copy(w, h[i].raw_name);
                *w++ = ':';
                *w++ = ' ';
                w = copy(w, h[i].value);
                *w++ = '\r';
                *w++ = '\n';
            }
    *w++ = '\r';
    *w++ = '\n';
    out->len = (size_t)(w - out->ptr);
    return H11_OK;
}

int h11__write_head(h11_buf *out, const h11_mem *mem, h11_errinfo *err, const h11_event *ev)
{
    char status[16];
    size_t i = sizeof status;
    int code = ev->status_code;
    if (!h11__bytes_eq(ev->http_version, "1.1"))
        return h11__err_start(err, H11_HINT_DEFAULT, "I only send HTTP/1.1");
    if (ev->type == H11_REQUEST) {
        if (put(out, mem, ev->method.ptr, ev->method.len) || put(out, mem, " ", 1) ||
            put(out, mem, ev->target.ptr, ev->target.len) || put_str(out, mem, " HTTP/1.1\r\n"))
            return H11_ERR_NOMEM;
    } else {
        /* status codes are validated to [100, 1000) before we get here */
        status[--i] = ' ';
        do {
            status[--i] = (char)('0' + code % 10);
            code /= 10;
        } while (code);
        if (put_str(out, mem, "HTTP/1.1 ") || put(out, mem, status + i, sizeof status - i) ||
            put(out, mem, ev->reason.ptr, ev->reason.len) || put(out, mem, "\r\n", 2))
            return H11_ERR_NOMEM;
    }
    return h11__write_headers(out, mem, ev->headers, ev->n_headers);
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
        if (put(out, mem, "0\r\n", 3))
            return H11_ERR_NOMEM;
        return h11__write_headers(out, mem, trailers, n);
    case H11_WRITE_HTTP10:
        if (n)
            return h11__err_start(err, H11_HINT_DEFAULT, "can't send trailers to HTTP/1.0 client");
        return H11_OK;
    default: return h11__err_set(err, H11_ERR_LOCAL_PROTOCOL, H11_HINT_DEFAULT, "no body writer");
    }
}
