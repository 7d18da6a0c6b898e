/*
 * SWIG interface for libh11.
 *
 * The generic part below works in every SWIG target language: a connection
 * class (Conn) whose fallible methods raise the target language's exception,
 * the parsed event read field by field, and the event to send built field by
 * field (begin_event / add_field / send_event, which is h11_conn_send_flat).
 * It needs no typemap beyond (char *STRING, size_t LENGTH) and cstring.i, so
 * Tcl, Perl or Java get a usable binding from this file alone.
 *
 * Python gets more, in the SWIGPYTHON section: the whole h11 event object is
 * built in C (one crossing per event), event constructors validate in C, and
 * protocol errors raise the package's own LocalProtocolError /
 * RemoteProtocolError. The pure-Python package libh11/__init__.py registers
 * its classes here at import time.
 */
%module(package="libh11") core

%include "stdint.i"
%include "exception.i"
%include "cstring.i"

%{
#include <stdlib.h>
#include <string.h>
#include "h11/h11.h"

/* The binding's connection: the C handle plus what the generic accessors and
 * the field-by-field builder need to remember between calls. */
typedef struct h11w_conn {
    h11_conn *conn;
    const h11_event *ev; /* the event from the last next_event, or NULL */
    int rc;              /* result of the last fallible call, < 0 on error */
    int b_type, b_status;
    uint8_t *b_fields;
    size_t b_len, b_cap;
    uint32_t *b_lens;
    size_t b_n, b_ncap;
#ifdef SWIGPYTHON
    h11_header *hdrs; /* scratch for Python's send; grown on demand */
    size_t hdrs_cap;
#endif
} h11w_conn;

static h11w_conn *h11w_new(int role, size_t max_incomplete_event_size, int strict)
{
    h11w_conn *w = (h11w_conn *)calloc(1, sizeof *w);
    h11_options *opts = NULL;
    if (!w)
        return NULL;
    if (h11_options_new(&opts, NULL) != H11_OK
        || h11_options_set_max_incomplete_event_size(opts, max_incomplete_event_size) != H11_OK
        || h11_options_set_strict(opts, strict) != H11_OK
        || h11_conn_new(&w->conn, role, opts, NULL) != H11_OK) {
        h11_options_del(opts);
        free(w);
        return NULL;
    }
    h11_options_del(opts);
    return w;
}

static void h11w_del(h11w_conn *w)
{
    h11_conn_del(w->conn);
    free(w->b_fields);
    free(w->b_lens);
#ifdef SWIGPYTHON
    free(w->hdrs);
#endif
    free(w);
}

/* Keeps the result for the %exception check and passes it through. */
static int h11w_rc(h11w_conn *w, int rc)
{
    w->rc = rc < 0 ? rc : 0;
    return rc;
}

/* Grows *p (elements of size elem, *cap of them) to at least need. */
static int h11w_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    size_t ncap = *cap ? *cap : 16;
    void *np;
    if (need <= *cap)
        return 1;
    while (ncap < need)
        ncap *= 2;
    np = realloc(*p, ncap * elem);
    if (!np)
        return 0;
    *p = np;
    *cap = ncap;
    return 1;
}

/* A copy of a view, for cstring.i's allocate-and-free output typemap. */
SWIGUNUSED static void h11w_copy(h11_bytes b, char **out, size_t *len)
{
    *out = (char *)malloc(b.len ? b.len : 1);
    *len = *out ? b.len : 0;
    if (*out && b.len)
        memcpy(*out, b.ptr, b.len);
}
%}

/* The codes (roles, states, event types, errors) are the header's enums and
 * the static name tables (h11_strerror, h11_*_name) its scalar functions;
 * everything taking a handle or a view is wrapped by hand below. */
#define H11_API
%rename("$ignore", regexmatch$name="^h11_(conn|options|validator)_|^h11_(conn|options|validator|version|bytes|header|event|mem|info)$") "";
%include "h11/h11.h"

/* How a failed call (w->rc < 0) is raised. */
#ifdef SWIGPYTHON
%include "h11_python_runtime.i"
%define H11W_RAISE
    h11py_raise_conn(w->conn, w->rc);
    SWIG_fail;
%enddef
#else
%{
static const char *h11w_message(h11w_conn *w)
{
    const char *m = h11_conn_last_error_message(w->conn, NULL);
    return *m ? m : h11_strerror(w->rc);
}
%}
%define H11W_RAISE
    SWIG_exception(w->rc == H11_ERR_INVALID_ARGUMENT ? SWIG_ValueError : SWIG_RuntimeError,
                   h11w_message(w));
%enddef
#endif

%define H11W_CHECKED(method)
%exception h11w_conn::method {
    $action
    {
        h11w_conn *w = arg1;
        if (w->rc < 0) {
            H11W_RAISE
        }
    }
}
%enddef

H11W_CHECKED(receive_data)
H11W_CHECKED(next_event)
H11W_CHECKED(send_event)
H11W_CHECKED(start_next_cycle)

%exception h11w_conn::h11w_conn {
    $action
    if (!result) {
#ifdef SWIGPYTHON
        SWIG_fail; /* the Python constructor has raised already */
#else
        SWIG_exception(SWIG_ValueError, "expected CLIENT or SERVER (or out of memory)");
#endif
    }
}

%apply (char *STRING, size_t LENGTH) { (const char *data, size_t len) };
%cstring_output_allocate_size(char **out, size_t *out_len, free(*$1));

#ifdef SWIGPYTHON
/* Python has faster equivalents of these in h11_python.i. */
%ignore h11w_conn::receive_data;
%ignore h11w_conn::next_event;
%ignore h11w_conn::event_status_code;
%ignore h11w_conn::event_chunk_start;
%ignore h11w_conn::event_chunk_end;
%ignore h11w_conn::event_header_count;
%ignore h11w_conn::event_field;
%ignore h11w_conn::event_header;
%ignore h11w_conn::begin_event;
%ignore h11w_conn::add_field;
%ignore h11w_conn::send_event;
%ignore h11w_conn::take_output;
%ignore h11w_conn::start_next_cycle;
/* The package's Connection (a subclass) exposes these as h11's properties. */
%rename(_our_role) h11w_conn::our_role;
%rename(_their_role) h11w_conn::their_role;
%rename(_state) h11w_conn::state;
%rename(_our_state) h11w_conn::our_state;
%rename(_their_state) h11w_conn::their_state;
%rename(_client_is_waiting_for_100_continue) h11w_conn::client_is_waiting_for_100_continue;
%rename(_they_are_waiting_for_100_continue) h11w_conn::they_are_waiting_for_100_continue;
#endif

%rename(Conn) h11w_conn;
%nodefaultctor h11w_conn;
typedef struct h11w_conn {} h11w_conn;

%extend h11w_conn {
#ifndef SWIGPYTHON
    /* (Python's constructor takes h11's role sentinels: h11_python.i) */
    h11w_conn(int role, size_t max_incomplete_event_size = 16384, int strict = 0) {
        return h11w_new(role, max_incomplete_event_size, strict);
    }
#endif
    ~h11w_conn() { h11w_del($self); }

    /* An empty string signals end of input, as in h11. */
    void receive_data(const char *data, size_t len) {
        h11w_rc($self, h11_conn_receive_data($self->conn, (const uint8_t *)data, len));
    }
    /* Returns an h11_event_type; the event's fields are then read with the
     * event_* accessors until the next call. */
    int next_event() {
        int rc = h11w_rc($self, h11_conn_next_event($self->conn, &$self->ev));
        return rc < 0 ? -1 : rc;
    }
    int event_status_code() { return $self->ev ? $self->ev->status_code : 0; }
    int event_chunk_start() { return $self->ev ? $self->ev->chunk_start : 0; }
    int event_chunk_end() { return $self->ev ? $self->ev->chunk_end : 0; }
    size_t event_header_count() { return $self->ev ? $self->ev->n_headers : 0; }
    /* which: 0 method, 1 target, 2 http_version, 3 reason, 4 data */
    void event_field(int which, char **out, size_t *out_len) {
        static const h11_bytes none = {NULL, 0};
        const h11_event *e = $self->ev;
        h11w_copy(!e ? none
                  : which == 0 ? e->method
                  : which == 1 ? e->target
                  : which == 2 ? e->http_version
                  : which == 3 ? e->reason
                  : which == 4 ? e->data : none, out, out_len);
    }
    /* part: 0 lower-cased name, 1 name as received, 2 value */
    void event_header(size_t i, int part, char **out, size_t *out_len) {
        static const h11_bytes none = {NULL, 0};
        const h11_event *e = $self->ev;
        const h11_header *h = e && i < e->n_headers ? &e->headers[i] : NULL;
        h11w_copy(!h ? none : part == 0 ? h->name : part == 1 ? h->raw_name : h->value,
                  out, out_len);
    }

    /* Building an event to send: the fields in h11_conn_send_flat's order. */
    void begin_event(int type, int status_code) {
        $self->b_type = type;
        $self->b_status = status_code;
        $self->b_len = 0;
        $self->b_n = 0;
    }
    void add_field(const char *data, size_t len) {
        if (!h11w_grow((void **)&$self->b_fields, &$self->b_cap, $self->b_len + len, 1)
            || !h11w_grow((void **)&$self->b_lens, &$self->b_ncap, $self->b_n + 1,
                          sizeof(uint32_t)))
            return; /* send_event then reports the short field list */
        if (len)
            memcpy($self->b_fields + $self->b_len, data, len);
        $self->b_len += len;
        $self->b_lens[$self->b_n++] = (uint32_t)len;
    }
    void send_event() {
        h11w_rc($self, h11_conn_send_flat($self->conn, $self->b_type, $self->b_status,
                                          $self->b_fields, $self->b_lens, $self->b_n));
    }
    /* The bytes produced by the sends so far, consumed. */
    void take_output(char **out, size_t *out_len) {
        const uint8_t *p;
        h11_bytes b;
        b.len = h11_conn_pending_output($self->conn, &p);
        b.ptr = p;
        h11w_copy(b, out, out_len);
        h11_conn_consume_output($self->conn, b.len);
    }

    void start_next_cycle() { h11w_rc($self, h11_conn_start_next_cycle($self->conn)); }
    void send_failed() { h11_conn_send_failed($self->conn); }
    int our_role() { return h11_conn_our_role($self->conn); }
    int their_role() { return h11_conn_their_role($self->conn); }
    int state(int role) { return h11_conn_state($self->conn, role); }
    int our_state() { return h11_conn_our_state($self->conn); }
    int their_state() { return h11_conn_their_state($self->conn); }
    int client_is_waiting_for_100_continue() {
        return h11_conn_client_is_waiting_for_100_continue($self->conn);
    }
    int they_are_waiting_for_100_continue() {
        return h11_conn_they_are_waiting_for_100_continue($self->conn);
    }
}

#ifdef SWIGPYTHON
%include "h11_python.i"
#endif
