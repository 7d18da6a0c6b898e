/* The two-role state machine (h11's _state.ConnectionState), for the
 * connection alone, which includes it. A header of static functions, not a
 * unit of its own: the connection runs h11__cstate_process_event on every
 * event, and inlined there it costs a request about 30 instructions less
 * than a call with the registers saved around it. */
#ifndef H11_STATE_H
#define H11_STATE_H

#include "h11_int.h"

enum { H11_SWITCH_UPGRADE = 1, H11_SWITCH_CONNECT = 2 };

typedef struct h11_cstate {
    uint8_t states[2];
    bool keep_alive;
    uint8_t pending_switch; /* H11_SWITCH_* bits */
} h11_cstate;

static void h11__cstate_init(h11_cstate *cs)
{
    cs->states[H11_CLIENT] = H11_IDLE;
    cs->states[H11_SERVER] = H11_IDLE;
    cs->keep_alive = true;
    cs->pending_switch = 0;
}

/* The event-triggered transitions; -1 where the event is not allowed.
 * switch_accepted is the proposal a server event accepts (0 if none). */
static inline int event_transition(int role, int state, int event_type, int switch_accepted)
{
    if (event_type == H11_CONNECTION_CLOSED) {
        switch (state) {
        case H11_IDLE:
        case H11_DONE:
        case H11_MUST_CLOSE:
        case H11_CLOSED: return H11_CLOSED;
        default: return -1;
        }
    }
    if (state == H11_SEND_BODY) {
        if (event_type == H11_DATA)
            return H11_SEND_BODY;
        if (event_type == H11_END_OF_MESSAGE)
            return H11_DONE;
        return -1;
    }
    if (role == H11_CLIENT)
        return state == H11_IDLE && event_type == H11_REQUEST ? H11_SEND_BODY : -1;
    if (state == H11_IDLE)
        return event_type == H11_RESPONSE && !switch_accepted ? H11_SEND_BODY : -1;
    if (state == H11_SEND_RESPONSE) {
        if (event_type == H11_INFORMATIONAL_RESPONSE)
            return switch_accepted == H11_SWITCH_UPGRADE ? H11_SWITCHED_PROTOCOL : H11_SEND_RESPONSE;
        if (event_type == H11_RESPONSE)
            return switch_accepted == H11_SWITCH_CONNECT ? H11_SWITCHED_PROTOCOL : H11_SEND_BODY;
    }
    return -1;
}

/* Out of line: inlined (as -O3 does), it made h11__cstate_process_event
 * save registers on every event for a path taken only on errors. */
static H11_NOINLINE int transition_error(h11_errinfo *err, int role, int state, int event_type)
{
    h11__err_start(err, H11_HINT_DEFAULT, "can't handle event type ");
    h11__err_add(err, h11_event_type_name(event_type));
    h11__err_add(err, " when role=");
    h11__err_add(err, h11_role_name(role));
    h11__err_add(err, " and state=");
    h11__err_add(err, h11_state_name(state));
    return H11_ERR_LOCAL_PROTOCOL;
}

/* Re-applies the state-triggered rules until nothing changes. Out of line,
 * behind settle's test. */
static H11_NOINLINE void settle_rules(h11_cstate *cs)
{
    for (;;) {
        uint8_t c0 = cs->states[H11_CLIENT], s0 = cs->states[H11_SERVER];
        uint8_t *c = &cs->states[H11_CLIENT], *s = &cs->states[H11_SERVER];
        if (cs->pending_switch && *c == H11_DONE)
            *c = H11_MIGHT_SWITCH_PROTOCOL;
        if (!cs->pending_switch && *c == H11_MIGHT_SWITCH_PROTOCOL)
            *c = H11_DONE;
        if (!cs->keep_alive) {
            if (*c == H11_DONE)
                *c = H11_MUST_CLOSE;
            if (*s == H11_DONE)
                *s = H11_MUST_CLOSE;
        }
        if (*c == H11_MIGHT_SWITCH_PROTOCOL && *s == H11_SWITCHED_PROTOCOL)
            *c = H11_SWITCHED_PROTOCOL;
        else if (*c == H11_CLOSED && (*s == H11_DONE || *s == H11_IDLE))
            *s = H11_MUST_CLOSE;
        else if (*c == H11_ERROR && *s == H11_DONE)
            *s = H11_MUST_CLOSE;
        else if ((*c == H11_DONE || *c == H11_IDLE) && *s == H11_CLOSED)
            *c = H11_MUST_CLOSE;
        else if (*c == H11_DONE && *s == H11_ERROR)
            *c = H11_MUST_CLOSE;
        if (*c == c0 && *s == s0)
            return;
    }
}

/* settle_rules where a rule may apply. Every rule needs a closing or
 * switching state, a switch proposal or keep-alive off; an ordinary
 * request/response exchange has none, and this inline test spares it the
 * call. */
static inline void settle(h11_cstate *cs)
{
    if (cs->keep_alive && !cs->pending_switch && cs->states[H11_CLIENT] <= H11_DONE &&
        cs->states[H11_SERVER] <= H11_DONE)
        return;
    settle_rules(cs);
}

static void h11__cstate_process_error(h11_cstate *cs, int role)
{
    cs->states[role] = H11_ERROR;
    settle(cs);
}

static void h11__cstate_keep_alive_disabled(h11_cstate *cs)
{
    cs->keep_alive = false;
    settle(cs);
}

static void h11__cstate_switch_proposal(h11_cstate *cs, int which)
{
    cs->pending_switch |= (uint8_t)which;
    settle(cs);
}

/* server_switch is 0 or the H11_SWITCH_* the server event accepts. Always
 * inline: -O2 otherwise keeps it a call, and the call is what this header
 * is for avoiding (33 instructions per request at -O2). */
static H11_ALWAYS_INLINE int h11__cstate_process_event(h11_cstate *cs, h11_errinfo *err,
                                                       int role, int event_type,
                                                       int server_switch)
{
    int next;
    if (server_switch) {
        if (!(cs->pending_switch & server_switch))
            /* h11 uses this text for both kinds of switch. */
            return h11__err_start(err, H11_HINT_DEFAULT,
                                  "Received server _SWITCH_UPGRADE event without a pending proposal");
    } else if (event_type == H11_RESPONSE) {
        cs->pending_switch = 0;
    }
    next = event_transition(role, cs->states[role], event_type, server_switch);
    if (next < 0)
        return transition_error(err, role, cs->states[role], event_type);
    cs->states[role] = (uint8_t)next;
    if (event_type == H11_REQUEST) {
        /* The client's request also moves the server out of IDLE. Deviation
         * (docs/deviations.md, request-when-server-not-idle): h11 crashes
         * with AttributeError here; we report the protocol error instead. */
        if (cs->states[H11_SERVER] != H11_IDLE)
            return transition_error(err, H11_SERVER, cs->states[H11_SERVER], H11_REQUEST);
        cs->states[H11_SERVER] = H11_SEND_RESPONSE;
    }
    settle(cs);
    return H11_OK;
}

static int h11__cstate_start_next_cycle(h11_cstate *cs, h11_errinfo *err)
{
    if (cs->states[H11_CLIENT] != H11_DONE || cs->states[H11_SERVER] != H11_DONE) {
        h11__err_start(err, H11_HINT_DEFAULT, "not in a reusable state. self.states={CLIENT: ");
        h11__err_add(err, h11_state_name(cs->states[H11_CLIENT]));
        h11__err_add(err, ", SERVER: ");
        h11__err_add(err, h11_state_name(cs->states[H11_SERVER]));
        h11__err_add(err, "}");
        return H11_ERR_LOCAL_PROTOCOL;
    }
    cs->states[H11_CLIENT] = H11_IDLE;
    cs->states[H11_SERVER] = H11_IDLE;
    return H11_OK;
}

#endif
