/*
 * Send path with random event sequences (fuzz_ops.h), either role.
 *
 * Input: one config byte (bit 0: role), then ops. Every op is applied to
 * three connections: one through h11_conn_send, one through
 * h11_conn_send_flat (the pointer-free entry point cgo uses) and one through
 * h11_validator_prepare + h11_conn_send_prepared. They must agree on the
 * result, the error (code, hint, message), the states and the bytes
 * written; an event the validator refuses must be the one h11_conn_send
 * refuses, with the same error. A refused event must leave no output behind.
 */
#include <stdbool.h>

#include "fuzz_ops.h"

static void same_error(int ra, const char *ma, size_t la, int hint_a, int rb, const char *mb,
                       size_t lb, int hint_b, const char *what)
{
    FZ_CHECK(ra == rb, "%s: rc %d / %d", what, ra, rb);
    FZ_CHECK(la == lb && memcmp(ma, mb, la) == 0, "%s: messages differ: '%s' / '%s'", what, ma,
             mb);
    FZ_CHECK(hint_a == hint_b, "%s: hints differ", what);
}

static void same_states(h11_conn *a, h11_conn *b)
{
    FZ_CHECK(h11_conn_state(a, H11_CLIENT) == h11_conn_state(b, H11_CLIENT) &&
                 h11_conn_state(a, H11_SERVER) == h11_conn_state(b, H11_SERVER),
             "states differ");
}

/* b did what a did; output is compared, not consumed. */
static void same(h11_conn *a, h11_conn *b, int ra, int rb, const fz_op *o)
{
    const uint8_t *pa, *pb;
    size_t na = h11_conn_pending_output(a, &pa), nb = h11_conn_pending_output(b, &pb);
    FZ_CHECK(ra == rb, "op %d: rc %d / %d", o->op, ra, rb);
    if (ra < 0) {
        size_t la, lb;
        const char *ma = h11_conn_last_error_message(a, &la);
        const char *mb = h11_conn_last_error_message(b, &lb);
        FZ_CHECK(h11_conn_last_error_code(a) == ra, "last_error_code %d, rc %d",
                 h11_conn_last_error_code(a), ra);
        same_error(ra, ma, la, h11_conn_last_error_status_hint(a), rb, mb, lb,
                   h11_conn_last_error_status_hint(b), "connections");
        FZ_CHECK(na == 0, "a refused op %d left %zu bytes of output", o->op, na);
    }
    FZ_CHECK(na == nb && (na == 0 || memcmp(pa, pb, na) == 0), "outputs differ (%zu / %zu bytes)",
             na, nb);
    same_states(a, b);
}

/* c's send of the event a was sent, through a prepared copy; an event the
 * validator refuses must be refused by a the same way, and c is left as
 * a is (*refused is then set: c's connection saw nothing). */
static int send_prepared(h11_validator *v, h11_conn *a, h11_conn *c, int ra, const h11_event *ev,
                         bool *refused)
{
    h11_prepared *p = NULL;
    int rc = h11_validator_prepare(v, ev, &p);
    *refused = rc != H11_OK;
    if (rc == H11_OK) {
        rc = h11_conn_send_prepared(c, p);
        h11_prepared_del(p);
        return rc;
    }
    FZ_CHECK(p == NULL, "refused prepare left a prepared event");
    {
        size_t la, lv;
        const char *ma = h11_conn_last_error_message(a, &la);
        const char *mv = h11_validator_last_error_message(v, &lv);
        same_error(ra, ma, la, h11_conn_last_error_status_hint(a), rc, mv, lv,
                   h11_validator_last_error_status_hint(v), "validator");
    }
    FZ_CHECK(h11_conn_pending_output(c, NULL) == 0, "output after a refused prepare");
    same_states(a, c);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_in in = {data, size};
    int role = fz_byte(&in) & 1 ? H11_SERVER : H11_CLIENT;
    fz_meter ma, mb, mc, mv;
    h11_conn *a = fz_conn(&ma, role, 16384), *b = fz_conn(&mb, role, 16384);
    h11_conn *c = fz_conn(&mc, role, 16384);
    h11_mem vmem = {&mv, fz_malloc, fz_free, fz_realloc};
    h11_validator *v = NULL;
    static uint8_t flat[8192];
    uint32_t lens[3 + 2 * FZ_MAX_HEADERS];
    fz_op o;
    mv.live = 0;
    if (h11_validator_new(&v, &vmem) != H11_OK)
        abort();
    while (fz_next_op(&in, &o)) {
        int ra, rb, rc;
        bool refused = false;
        switch (o.op) {
        case OP_PASSTHROUGH: {
            h11_bytes b1, a1, b2, a2, b3, a3;
            ra = h11_conn_send_data_passthrough(a, o.ev.data.len, &b1, &a1);
            rb = h11_conn_send_data_passthrough(b, o.ev.data.len, &b2, &a2);
            rc = h11_conn_send_data_passthrough(c, o.ev.data.len, &b3, &a3);
            if (ra >= 0 && ra == rb && ra == rc)
                FZ_CHECK(b1.len == b2.len && a1.len == a2.len && b1.len == b3.len &&
                             a1.len == a3.len && memcmp(b1.ptr, b2.ptr, b1.len) == 0 &&
                             memcmp(a1.ptr, a2.ptr, a1.len) == 0 &&
                             memcmp(b1.ptr, b3.ptr, b1.len) == 0 &&
                             memcmp(a1.ptr, a3.ptr, a1.len) == 0,
                         "passthrough framing differs");
            break;
        }
        case OP_SEND_FAILED:
            ra = h11_conn_send_failed(a);
            rb = h11_conn_send_failed(b);
            rc = h11_conn_send_failed(c);
            break;
        case OP_NEXT_CYCLE:
            ra = h11_conn_start_next_cycle(a);
            rb = h11_conn_start_next_cycle(b);
            rc = h11_conn_start_next_cycle(c);
            break;
        default: {
            size_t n = fz_flatten(&o.ev, flat, lens);
            ra = h11_conn_send(a, &o.ev);
            rb = h11_conn_send_flat(b, o.ev.type, o.ev.status_code, flat, lens, n);
            rc = send_prepared(v, a, c, ra, &o.ev, &refused);
            FZ_CHECK(ra != H11_ERR_NOMEM && ra != H11_ERR_INVALID_ARGUMENT, "rc %d", ra);
        }
        }
        same(a, b, ra, rb, &o);
        if (!refused)
            same(a, c, ra, rc, &o);
        h11_conn_consume_output(a, SIZE_MAX);
        h11_conn_consume_output(b, SIZE_MAX);
        h11_conn_consume_output(c, SIZE_MAX);
    }
    h11_conn_del(a);
    h11_conn_del(b);
    h11_conn_del(c);
    h11_validator_del(v);
    FZ_CHECK(ma.live == 0 && mb.live == 0 && mc.live == 0 && mv.live == 0, "leak");
    return 0;
}
