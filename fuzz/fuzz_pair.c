/*
 * A client and a server wired together: each op (fuzz_ops.h) is sent by the
 * side its bit 4 picks, whatever that side writes is handed to the other
 * side at once, and the other side reads everything it can.
 *
 * Invariant: bytes libh11 wrote without complaint never make the peer raise
 * RemoteProtocolError, unless the writer also closed the connection (then
 * an incomplete message is the peer's legitimate complaint) or sent a
 * reason phrase with control bytes (h11 writes those verbatim and refuses
 * them on reading; strict mode is meant to refuse them on writing), or the
 * peer had broken its own side (our state ERROR: h11 stops tracking it), or
 * a request crossed a response the server sent on its own (the server had
 * left IDLE before the request arrived; the client could not know, its copy
 * of the response still unread behind PAUSED: docs/deviations.md,
 * request-when-server-not-idle), or the reader still held unread bytes
 * when these arrived (bytes kept behind PAUSED, such as a response the
 * server sent on its own: the writer has moved on from states the reader
 * has not caught up with, so the reader may rightly refuse what follows),
 * or the reader had itself closed (sent ConnectionClosed): a writer that did
 * not see that close, hidden behind PAUSED, may still write.
 * Events arrive in the order they were sent, with the same request line or
 * status.
 */
#include "fuzz_ops.h"

typedef struct side {
    h11_conn *c;
    fz_meter m;
    int closed_by_peer; /* EOF received */
    int bad_reason;     /* the peer wrote a reason phrase h11 cannot read */
    h11_event sent[4]; /* heads sent and not yet seen by the peer */
    int n_sent;
    int untracked; /* more heads in flight than sent[] holds: stop checking */
} side;

static void expect_head(side *from, const h11_event *got)
{
    const h11_event *want;
    int i;
    if (from->untracked)
        return;
    FZ_CHECK(from->n_sent > 0, "peer read a %s nobody sent", h11_event_type_name(got->type));
    want = &from->sent[0];
    FZ_CHECK(want->type == got->type, "sent %s, peer read %s", h11_event_type_name(want->type),
             h11_event_type_name(got->type));
    if (got->type == H11_REQUEST)
        FZ_CHECK(got->method.len == want->method.len &&
                     memcmp(got->method.ptr, want->method.ptr, got->method.len) == 0 &&
                     got->target.len == want->target.len &&
                     memcmp(got->target.ptr, want->target.ptr, got->target.len) == 0,
                 "request line changed on the way");
    else
        FZ_CHECK(got->status_code == want->status_code, "status %d became %d", want->status_code,
                 got->status_code);
    for (i = 1; i < from->n_sent; i++)
        from->sent[i - 1] = from->sent[i];
    from->n_sent--;
}

static void deliver(side *from, side *to, const uint8_t *p, size_t n)
{
    fz_log log = {0};
    int behind = fz_unread(to->c) > 0 || h11_conn_our_state(to->c) == H11_CLOSED;
    if (n)
        FZ_CHECK(h11_conn_receive_data(to->c, p, n) == H11_OK, "receive_data failed");
    for (;;) {
        const h11_event *ev = NULL;
        size_t before = fz_unread(to->c);
        int server_busy = h11_conn_our_role(to->c) == H11_SERVER &&
                          h11_conn_our_state(to->c) != H11_IDLE;
        /* once the peer is judged broken, reading always fails (E31) */
        int peer_broken = h11_conn_their_state(to->c) == H11_ERROR;
        int rc = h11_conn_next_event(to->c, &ev);
        if (rc >= 0)
            fz_check_bound(&to->m, to->c, 16384, fz_handed_out(rc, ev, before - fz_unread(to->c)));
        if (rc < 0) {
            FZ_CHECK(to->closed_by_peer || to->bad_reason || peer_broken || behind ||
                         h11_conn_our_state(to->c) == H11_ERROR ||
                         (server_busy && h11_conn_their_state(to->c) == H11_ERROR &&
                          strncmp(h11_conn_last_error_message(to->c, NULL),
                                  "can't handle event type Request when role=SERVER", 48) == 0),
                     "peer refused what was sent: %s",
                     h11_conn_last_error_message(to->c, NULL));
            break;
        }
        if (rc == H11_NEED_DATA || rc == H11_PAUSED)
            break;
        fz_log_event(&log, ev);
        if (rc == H11_REQUEST || rc == H11_RESPONSE || rc == H11_INFORMATIONAL_RESPONSE)
            expect_head(from, ev);
        if (rc == H11_CONNECTION_CLOSED)
            break;
    }
    fz_log_free(&log);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_in in = {data, size};
    side s[2];
    fz_op o;
    static uint8_t filler[64];
    memset(s, 0, sizeof s);
    s[0].c = fz_conn(&s[0].m, H11_CLIENT, 16384);
    s[1].c = fz_conn(&s[1].m, H11_SERVER, 16384);
    while (fz_next_op(&in, &o)) {
        side *me = &s[o.side], *peer = &s[!o.side];
        const uint8_t *out;
        size_t n;
        int rc;
        switch (o.op) {
        case OP_PASSTHROUGH: {
            h11_bytes before, after;
            rc = h11_conn_send_data_passthrough(me->c, o.ev.data.len, &before, &after);
            if (rc >= 0) {
                uint8_t buf[64 + 64];
                size_t len = 0;
                FZ_CHECK(before.len + after.len <= 64, "framing of %zu bytes", before.len + after.len);
                memcpy(buf, before.ptr, before.len);
                len += before.len;
                if (rc == 1) {
                    memcpy(buf + len, filler, o.ev.data.len);
                    len += o.ev.data.len;
                }
                memcpy(buf + len, after.ptr, after.len);
                len += after.len;
                deliver(me, peer, buf, len);
            }
            continue;
        }
        case OP_SEND_FAILED: h11_conn_send_failed(me->c); continue;
        case OP_NEXT_CYCLE: h11_conn_start_next_cycle(me->c); continue;
        default: break;
        }
        rc = h11_conn_send(me->c, &o.ev);
        n = h11_conn_pending_output(me->c, &out);
        if (rc != H11_OK) {
            FZ_CHECK(n == 0, "a refused send left output");
            continue;
        }
        if (o.ev.type == H11_REQUEST || o.ev.type == H11_RESPONSE ||
            o.ev.type == H11_INFORMATIONAL_RESPONSE) {
            if (me->n_sent < 4)
                me->sent[me->n_sent++] = o.ev;
            else
                me->untracked = 1;
            for (size_t i = 0; i < o.ev.reason.len; i++) {
                uint8_t ch = o.ev.reason.ptr[i];
                if (ch != ' ' && ch != '\t' && (ch < 0x21 || ch == 0x7f))
                    peer->bad_reason = 1;
            }
        }
        if (o.ev.type == H11_CONNECTION_CLOSED) {
            FZ_CHECK(n == 0, "ConnectionClosed wrote bytes");
            if (!peer->closed_by_peer) {
                FZ_CHECK(h11_conn_receive_data(peer->c, NULL, 0) == H11_OK, "EOF refused");
                peer->closed_by_peer = 1;
            }
            deliver(me, peer, NULL, 0);
            continue;
        }
        deliver(me, peer, out, n);
        h11_conn_consume_output(me->c, SIZE_MAX);
    }
    h11_conn_del(s[0].c);
    h11_conn_del(s[1].c);
    FZ_CHECK(s[0].m.live == 0 && s[1].m.live == 0, "leak");
    return 0;
}
