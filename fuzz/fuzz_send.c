/*
 * Send path with random event sequences (fuzz_ops.h), either role.
 *
 * Input: one config byte (bit 0: role), then ops. Every op is applied to two
 * connections, one through h11_conn_send and one through
 * h11_conn_send_flat (the pointer-free entry point cgo uses); they must
 * agree on the result, the error (code, hint, message), the states and the
 * bytes written. A refused event must leave no output behind.
 */
#include "fuzz_ops.h"

static void same(h11_conn *a, h11_conn *b, int ra, int rb, const fz_op *o)
{
    const uint8_t *pa, *pb;
    size_t na = h11_conn_pending_output(a, &pa), nb = h11_conn_pending_output(b, &pb);
    FZ_CHECK(ra == rb, "op %d: send %d, send_flat %d", o->op, ra, rb);
    if (ra < 0) {
        size_t la, lb;
        const char *ma = h11_conn_last_error_message(a, &la);
        const char *mb = h11_conn_last_error_message(b, &lb);
        FZ_CHECK(h11_conn_last_error_code(a) == ra, "last_error_code %d, rc %d",
                 h11_conn_last_error_code(a), ra);
        FZ_CHECK(la == lb && memcmp(ma, mb, la) == 0, "messages differ: '%s' / '%s'", ma, mb);
        FZ_CHECK(h11_conn_last_error_status_hint(a) == h11_conn_last_error_status_hint(b),
                 "hints differ");
        FZ_CHECK(na == 0, "a refused op %d left %zu bytes of output", o->op, na);
    }
    FZ_CHECK(na == nb && (na == 0 || memcmp(pa, pb, na) == 0), "outputs differ (%zu / %zu bytes)",
             na, nb);
    FZ_CHECK(h11_conn_state(a, H11_CLIENT) == h11_conn_state(b, H11_CLIENT) &&
                 h11_conn_state(a, H11_SERVER) == h11_conn_state(b, H11_SERVER),
             "states differ");
    h11_conn_consume_output(a, SIZE_MAX);
    h11_conn_consume_output(b, SIZE_MAX);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_in in = {data, size};
    int role = fz_byte(&in) & 1 ? H11_SERVER : H11_CLIENT;
    fz_meter ma, mb;
    h11_conn *a = fz_conn(&ma, role, 16384), *b = fz_conn(&mb, role, 16384);
    static uint8_t flat[8192];
    uint32_t lens[3 + 2 * FZ_MAX_HEADERS];
    fz_op o;
    while (fz_next_op(&in, &o)) {
        int ra, rb;
        switch (o.op) {
        case OP_PASSTHROUGH: {
            h11_bytes b1, a1, b2, a2;
            ra = h11_conn_send_data_passthrough(a, o.ev.data.len, &b1, &a1);
            rb = h11_conn_send_data_passthrough(b, o.ev.data.len, &b2, &a2);
            if (ra >= 0 && ra == rb)
                FZ_CHECK(b1.len == b2.len && a1.len == a2.len &&
                             memcmp(b1.ptr, b2.ptr, b1.len) == 0 &&
                             memcmp(a1.ptr, a2.ptr, a1.len) == 0,
                         "passthrough framing differs");
            break;
        }
        case OP_SEND_FAILED:
            ra = h11_conn_send_failed(a);
            rb = h11_conn_send_failed(b);
            break;
        case OP_NEXT_CYCLE:
            ra = h11_conn_start_next_cycle(a);
            rb = h11_conn_start_next_cycle(b);
            break;
        default: {
            size_t n = fz_flatten(&o.ev, flat, lens);
            ra = h11_conn_send(a, &o.ev);
            rb = h11_conn_send_flat(b, o.ev.type, o.ev.status_code, flat, lens, n);
            FZ_CHECK(ra != H11_ERR_NOMEM && ra != H11_ERR_INVALID_ARGUMENT, "rc %d", ra);
        }
        }
        same(a, b, ra, rb, &o);
    }
    h11_conn_del(a);
    h11_conn_del(b);
    FZ_CHECK(ma.live == 0 && mb.live == 0, "leak");
    return 0;
}
