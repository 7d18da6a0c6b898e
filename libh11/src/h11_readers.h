/* The reader dispatch and the events it makes without a parse, for the
 * connection, which runs a reader on every event, and for h11_readers.c.
 * Static functions in a header, like h11_state.h: as a call into the
 * readers' unit, the dispatch cost each event a call, and an
 * EndOfMessage, which is what a reader of a fixed-length body gives at
 * its end, the whole of another function's frame. The readers that parse
 * (heads, chunked bodies) stay out of line in h11_readers.c. */
#ifndef H11_READERS_H
#define H11_READERS_H

#include "h11_int.h"

/* Out of line even in the one-unit amalgamation: inlined into the
 * connection, they made every event save the registers they need, an end
 * of message or a piece of body as much as a head. */
H11_PRIVATE H11_NOINLINE int h11__read_head(h11_reader *r, h11_read_ctx *ctx);
H11_PRIVATE H11_NOINLINE int h11__read_chunked(h11_reader *r, h11_read_ctx *ctx);
/* The readers of HTTP/1.0 bodies, of nothing, and none. */
H11_PRIVATE int h11__read_unframed(h11_reader *r, h11_read_ctx *ctx);
/* What the reader yields at end of input with an empty buffer. */
H11_PRIVATE int h11__read_eof(h11_reader *r, h11_read_ctx *ctx);

static inline int h11__data_event(h11_read_ctx *ctx, size_t n, bool chunk_start, bool chunk_end)
{
    h11_event *ev = ctx->ev;
    h11__event_clear(ev);
    ev->type = H11_DATA;
    ev->data.ptr = h11__rbuf_peek(ctx->rb);
    ev->data.len = n;
    ev->chunk_start = chunk_start;
    ev->chunk_end = chunk_end;
    h11__rbuf_consume(ctx->rb, n);
    return H11_DATA;
}

static inline int h11__end_event(h11_read_ctx *ctx)
{
    h11__event_clear(ctx->ev);
    ctx->ev->type = H11_END_OF_MESSAGE;
    return H11_END_OF_MESSAGE;
}

static inline int h11__read_length(h11_reader *r, h11_read_ctx *ctx)
{
    size_t avail = h11__rbuf_len(ctx->rb);
    if (r->remaining == 0)
        return h11__end_event(ctx);
    if (avail == 0)
        return H11_NEED_DATA;
    if ((uint64_t)avail > r->remaining)
        avail = (size_t)r->remaining;
    r->remaining -= avail;
    r->received += avail;
    return h11__data_event(ctx, avail, false, false);
}

/* Runs one step of reader r: returns an h11_event_type (H11_NEED_DATA when
 * nothing could be read) or a negative error. Tests, not a switch: a jump
 * through a table that goes one place, then another, event after event,
 * costs time (see h11__hdr_kind). */
static H11_ALWAYS_INLINE int h11__read(h11_reader *r, h11_read_ctx *ctx)
{
    if (r->kind == H11_READ_REQUEST_HEAD || r->kind == H11_READ_RESPONSE_HEAD)
        return h11__read_head(r, ctx);
    if (r->kind == H11_READ_LENGTH)
        return h11__read_length(r, ctx);
    if (r->kind == H11_READ_CHUNKED)
        return h11__read_chunked(r, ctx);
    return h11__read_unframed(r, ctx);
}

#endif
