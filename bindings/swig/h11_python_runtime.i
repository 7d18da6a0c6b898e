/*
 * Python-only C support for libh11.i: the classes the pure-Python package
 * registers, exception raising, bytes conversion as h11's bytesify does it,
 * and conversion between h11_event and the package's event objects.
 *
 * Events are the package's frozen dataclasses with __slots__. Received events
 * skip their Python __init__ (h11 skips validation for parsed events too):
 * they are allocated with tp_alloc and their slots are written at the slot
 * descriptors' offsets, which bypasses the frozen __setattr__ and costs no
 * Python frame.
 */
%{
#include <structmember.h>

enum {
    RQ_METHOD, RQ_HEADERS, RQ_TARGET, RQ_VERSION,
    RS_HEADERS, RS_VERSION, RS_REASON, RS_STATUS,
    D_DATA, D_START, D_END,
    EOM_HEADERS,
    H_PAIRS, H_RAW,
    N_SLOTS
};

/* Bytes objects for the words most messages contain, so that receiving them
 * allocates nothing: lower-case header names (with their usual spelling as
 * sent) and methods. Looked up by length, then content. */
#define H11PY_WORD_MAX 32
typedef struct {
    PyObject *word, *spelling; /* spelling: the name as usually sent */
} h11py_word;
typedef struct {
    h11py_word *w;
    unsigned char by_len[H11PY_WORD_MAX + 2]; /* w[by_len[n] .. by_len[n + 1]) have length n */
} h11py_words;

static struct {
    PyObject *client, *server, *need_data, *paused;
    PyObject *local_error, *remote_error;
    PyTypeObject *request, *info, *response, *data, *eom, *closed, *headers;
    PyObject *slot[N_SLOTS];
    Py_ssize_t slot_offset[N_SLOTS];
    PyTypeObject *slot_owner[N_SLOTS];
    PyObject *empty_headers; /* Headers are immutable, so one empty one will do */
    PyObject *v11, *v10;     /* the usual http_version values, shared */
    PyObject *empty_bytes;
    h11py_words names, methods;
    destructor subtype_dealloc; /* what the classes' tp_dealloc was */
    h11_validator *validator;
    h11_header *hdrs; /* scratch for the validator's input */
    size_t hdrs_cap;
} h11py;

/* Raises the package's protocol error class for rc with text (stolen). */
static void h11py_raise_text(int rc, PyObject *text, int hint)
{
    PyObject *exc = PyObject_CallFunction(rc == H11_ERR_REMOTE_PROTOCOL ? h11py.remote_error
                                                                         : h11py.local_error,
                                          "Ni", text, hint);
    if (exc) {
        PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
        Py_DECREF(exc);
    }
}

static void h11py_raise(int rc, const char *msg, size_t len, int hint)
{
    PyObject *text;
    switch (rc) {
    case H11_ERR_LOCAL_PROTOCOL:
    case H11_ERR_REMOTE_PROTOCOL:
        break;
    case H11_ERR_NOMEM:
        PyErr_NoMemory();
        return;
    case H11_ERR_DATA_AFTER_EOF:
        PyErr_SetString(PyExc_RuntimeError, len ? msg : h11_strerror(rc));
        return;
    default:
        PyErr_SetString(PyExc_ValueError, len ? msg : h11_strerror(rc));
        return;
    }
    text = PyUnicode_DecodeLatin1(msg, (Py_ssize_t)len, NULL);
    if (text)
        h11py_raise_text(rc, text, hint);
}

static void h11py_raise_conn(h11_conn *c, int rc)
{
    size_t len = 0;
    const char *m = h11_conn_last_error_message(c, &len);
    h11py_raise(rc, m, len, h11_conn_last_error_status_hint(c));
}

static void h11py_raise_validator(int rc)
{
    size_t len = 0;
    const char *m = h11_validator_last_error_message(h11py.validator, &len);
    h11py_raise(rc, m, len, h11_validator_last_error_status_hint(h11py.validator));
}

/* ------------------------------------------------------- slot access */

/* The slots are read and written at their offsets, as the slot descriptors
 * do, without a descriptor call each time. The caller has checked obj's
 * type (or made obj). */
static PyObject **h11py_slot_ptr(PyObject *obj, int slot)
{
    return (PyObject **)((char *)obj + h11py.slot_offset[slot]);
}

/* Steals value; a NULL value (a failed constructor) is passed on as failure
 * rather than treated as a delete. */
static int h11py_set(PyObject *obj, int slot, PyObject *value)
{
    PyObject **p, *old;
    if (!value)
        return -1;
    p = h11py_slot_ptr(obj, slot);
    old = *p;
    *p = value;
    Py_XDECREF(old);
    return 0;
}

/* A borrowed slot value: the object keeps its own reference for as long as
 * the caller holds the object. An unset slot, or an object of the wrong
 * type when checked, raises the descriptor's error. */
static PyObject *h11py_get_slow(PyObject *obj, int slot)
{
    PyObject *v = Py_TYPE(h11py.slot[slot])->tp_descr_get(h11py.slot[slot], obj, NULL);
    if (v)
        Py_DECREF(v);
    return v;
}

static PyObject *h11py_get(PyObject *obj, int slot)
{
    PyObject *v = *h11py_slot_ptr(obj, slot);
    return v ? v : h11py_get_slow(obj, slot);
}

static PyObject *h11py_get_checked(PyObject *obj, int slot)
{
    return PyObject_TypeCheck(obj, h11py.slot_owner[slot]) ? h11py_get(obj, slot)
                                                           : h11py_get_slow(obj, slot);
}

/* ------------------------------------------------ C views -> Python */

static h11_bytes h11py_view(PyObject *bytes)
{
    h11_bytes b;
    b.ptr = (const uint8_t *)PyBytes_AS_STRING(bytes);
    b.len = (size_t)PyBytes_GET_SIZE(bytes);
    return b;
}

static PyObject *h11py_bytes(h11_bytes b)
{
    return PyBytes_FromStringAndSize((const char *)b.ptr, (Py_ssize_t)b.len);
}

/* Appends piece (stolen) to list. */
static int h11py_append(PyObject *list, PyObject *piece)
{
    int r;
    if (!piece)
        return -1;
    r = PyList_Append(list, piece);
    Py_DECREF(piece);
    return r;
}

static PyObject *h11py_version(h11_bytes b)
{
    PyObject *shared = NULL;
    if (b.len == 3 && b.ptr[0] == '1' && b.ptr[1] == '.')
        shared = b.ptr[2] == '1' ? h11py.v11 : b.ptr[2] == '0' ? h11py.v10 : NULL;
    if (shared) {
        Py_INCREF(shared);
        return shared;
    }
    return h11py_bytes(b);
}

static PyObject *h11py_alloc(PyTypeObject *t)
{
    return t->tp_alloc(t, 0);
}

/* (the first byte tells most names apart without a call) */
static int h11py_same(h11_bytes a, h11_bytes b)
{
    return a.len == b.len && (a.len == 0 || (a.ptr[0] == b.ptr[0] && memcmp(a.ptr, b.ptr, a.len) == 0));
}

static const h11py_word *h11py_word_find(const h11py_words *t, h11_bytes b)
{
    size_t i;
    if (b.len == 0 || b.len > H11PY_WORD_MAX)
        return NULL;
    for (i = t->by_len[b.len]; i < t->by_len[b.len + 1]; i++) {
        const char *w = PyBytes_AS_STRING(t->w[i].word);
        if (w[0] == (char)b.ptr[0] && memcmp(w, b.ptr, b.len) == 0)
            return &t->w[i];
    }
    return NULL;
}

/* Builds the table from words spelled as usually sent; lower is whether the
 * table's words are their lower-case forms. Returns 0 or -1. */
static int h11py_words_init(h11py_words *t, const char *const *spellings, size_t n, int lower)
{
    size_t i, len, k = 0;
    if (!(t->w = (h11py_word *)PyMem_Calloc(n, sizeof *t->w))) {
        PyErr_NoMemory();
        return -1;
    }
    for (len = 0; len <= H11PY_WORD_MAX + 1; len++) {
        t->by_len[len] = (unsigned char)k;
        for (i = 0; i < n && len <= H11PY_WORD_MAX; i++) {
            char buf[H11PY_WORD_MAX];
            size_t j;
            if (strlen(spellings[i]) != len)
                continue;
            for (j = 0; j < len; j++)
                buf[j] = lower && spellings[i][j] >= 'A' && spellings[i][j] <= 'Z'
                             ? (char)(spellings[i][j] + 32) : spellings[i][j];
            t->w[k].word = PyBytes_FromStringAndSize(buf, (Py_ssize_t)len);
            t->w[k].spelling = PyBytes_FromString(spellings[i]);
            if (!t->w[k].word || !t->w[k].spelling)
                return -1;
            k++;
        }
    }
    return 0;
}

/* b as bytes, shared if it is in t; *spelling is then the usual spelling. */
static PyObject *h11py_shared(const h11py_words *t, h11_bytes b, PyObject **spelling)
{
    const h11py_word *w = h11py_word_find(t, b);
    *spelling = w ? w->spelling : NULL;
    if (!w)
        return h11py_bytes(b);
    Py_INCREF(w->word);
    return w->word;
}

/* b as bytes, reusing have if it holds the same bytes. */
static PyObject *h11py_reuse(h11_bytes b, PyObject *have)
{
    if (have && h11py_same(b, h11py_view(have))) {
        Py_INCREF(have);
        return have;
    }
    return h11py_bytes(b);
}

/* A Headers object: _pairs holds (lower-cased name, value) tuples, _raw the
 * names as given, in the same order. given (NULL for received headers) holds
 * the n_given (name, value) bytes the headers were made from, back to back:
 * h11 keeps the caller's objects wherever normalising left them unchanged,
 * and so does this. */
static PyObject *h11py_headers(const h11_header *h, size_t n, PyObject *const *given,
                               size_t n_given)
{
    PyObject *pairs, *raw, *obj;
    size_t i, j = 0;
    if (n == 0) {
        Py_INCREF(h11py.empty_headers);
        return h11py.empty_headers;
    }
    pairs = PyTuple_New((Py_ssize_t)n);
    raw = PyTuple_New((Py_ssize_t)n);
    if (!pairs || !raw)
        goto fail;
    for (i = 0; i < n; i++) {
        PyObject *name, *value, *pair, *raw_name, *spelling = NULL, *given_name = NULL;
        PyObject *given_value = NULL;
        h11_bytes raw_view = h[i].raw_name.ptr ? h[i].raw_name : h[i].name;
        int raw_is_name = h11py_same(raw_view, h[i].name);
        if (given) {
            /* (normalising drops repeated Content-Lengths, so skip to the
             * one this header was made from) */
            while (j < n_given && !h11py_same(raw_view, h11py_view(given[2 * j])))
                j++;
            if (j < n_given) {
                given_name = given[2 * j];
                given_value = given[2 * j + 1];
                j++;
            }
        }
        if (raw_is_name && given_name) {
            Py_INCREF(given_name);
            name = given_name;
        } else {
            name = h11py_shared(&h11py.names, h[i].name, &spelling);
        }
        if (!name)
            goto fail;
        if (raw_is_name) {
            Py_INCREF(name);
            raw_name = name;
        } else if (given_name) {
            Py_INCREF(given_name);
            raw_name = given_name;
        } else {
            raw_name = h11py_reuse(raw_view, spelling);
        }
        value = raw_name ? h11py_reuse(h[i].value, given_value) : NULL;
        pair = value ? PyTuple_New(2) : NULL;
        if (!pair) {
            Py_DECREF(name);
            Py_XDECREF(raw_name);
            Py_XDECREF(value);
            goto fail;
        }
        PyTuple_SET_ITEM(pair, 0, name);
        PyTuple_SET_ITEM(pair, 1, value);
        PyTuple_SET_ITEM(pairs, (Py_ssize_t)i, pair);
        PyTuple_SET_ITEM(raw, (Py_ssize_t)i, raw_name);
    }
    obj = h11py_alloc(h11py.headers);
    if (!obj)
        goto fail;
    if (h11py_set(obj, H_PAIRS, pairs) < 0 || h11py_set(obj, H_RAW, raw) < 0) {
        Py_DECREF(obj);
        return NULL;
    }
    return obj;
fail:
    Py_XDECREF(pairs);
    Py_XDECREF(raw);
    return NULL;
}

/* The package's event object for an event from libh11. */
static PyObject *h11py_event(const h11_event *e)
{
    PyObject *obj, *spelling;
    int ok;
    switch (e->type) {
    case H11_REQUEST:
        if (!(obj = h11py_alloc(h11py.request)))
            return NULL;
        ok = h11py_set(obj, RQ_METHOD, h11py_shared(&h11py.methods, e->method, &spelling)) == 0
             && h11py_set(obj, RQ_HEADERS, h11py_headers(e->headers, e->n_headers, NULL, 0)) == 0
             && h11py_set(obj, RQ_TARGET, h11py_bytes(e->target)) == 0
             && h11py_set(obj, RQ_VERSION, h11py_version(e->http_version)) == 0;
        break;
    case H11_INFORMATIONAL_RESPONSE:
    case H11_RESPONSE:
        obj = h11py_alloc(e->type == H11_RESPONSE ? h11py.response : h11py.info);
        if (!obj)
            return NULL;
        ok = h11py_set(obj, RS_HEADERS, h11py_headers(e->headers, e->n_headers, NULL, 0)) == 0
             && h11py_set(obj, RS_VERSION, h11py_version(e->http_version)) == 0
             && h11py_set(obj, RS_REASON, h11py_bytes(e->reason)) == 0
             && h11py_set(obj, RS_STATUS, PyLong_FromLong(e->status_code)) == 0;
        break;
    case H11_DATA:
        if (!(obj = h11py_alloc(h11py.data)))
            return NULL;
        /* h11 hands out received payloads as bytearray */
        ok = h11py_set(obj, D_DATA, PyByteArray_FromStringAndSize((const char *)e->data.ptr,
                                                                   (Py_ssize_t)e->data.len)) == 0
             && h11py_set(obj, D_START, PyBool_FromLong(e->chunk_start)) == 0
             && h11py_set(obj, D_END, PyBool_FromLong(e->chunk_end)) == 0;
        break;
    case H11_END_OF_MESSAGE:
        if (!(obj = h11py_alloc(h11py.eom)))
            return NULL;
        ok = h11py_set(obj, EOM_HEADERS, h11py_headers(e->headers, e->n_headers, NULL, 0)) == 0;
        break;
    case H11_CONNECTION_CLOSED:
        return h11py_alloc(h11py.closed);
    default:
        PyErr_Format(PyExc_SystemError, "libh11 returned unknown event type %d", (int)e->type);
        return NULL;
    }
    if (!ok) {
        Py_DECREF(obj);
        return NULL;
    }
    return obj;
}

/* ------------------------------------------------ Python -> C views */

static int h11py_reserve(h11_header **hdrs, size_t *cap, size_t n)
{
    if (!h11w_grow((void **)hdrs, cap, n ? n : 1, sizeof(h11_header))) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

/* Fills hdrs[] (grown as needed) with views of a Headers object; returns the
 * count or -1. */
static Py_ssize_t h11py_header_views(PyObject *headers, h11_header **hdrs, size_t *cap)
{
    PyObject *pairs = h11py_get_checked(headers, H_PAIRS);
    PyObject *raw = pairs ? h11py_get(headers, H_RAW) : NULL;
    Py_ssize_t i, n;
    if (!raw)
        return -1;
    if (!PyTuple_Check(pairs) || !PyTuple_Check(raw) || PyTuple_GET_SIZE(pairs) != PyTuple_GET_SIZE(raw)) {
        PyErr_SetString(PyExc_TypeError, "corrupted Headers object");
        return -1;
    }
    n = PyTuple_GET_SIZE(pairs);
    if (h11py_reserve(hdrs, cap, (size_t)n) < 0)
        return -1;
    for (i = 0; i < n; i++) {
        PyObject *pair = PyTuple_GET_ITEM(pairs, i);
        (*hdrs)[i].name = h11py_view(PyTuple_GET_ITEM(pair, 0));
        (*hdrs)[i].raw_name = h11py_view(PyTuple_GET_ITEM(raw, i));
        (*hdrs)[i].value = h11py_view(PyTuple_GET_ITEM(pair, 1));
    }
    return n;
}

/* Describes one of the package's events as an h11_event whose views borrow
 * from it (and from *buf, released by the caller, for Data). Returns 0 or -1. */
static int h11py_describe(PyObject *ev, h11_event *e, h11_header **hdrs, size_t *cap,
                          Py_buffer *buf)
{
    PyTypeObject *t = Py_TYPE(ev);
    PyObject *headers = NULL, *v;
    Py_ssize_t n;
    memset(e, 0, sizeof *e);
    buf->obj = NULL;
    if (t == h11py.request) {
        e->type = H11_REQUEST;
        if (!(v = h11py_get(ev, RQ_METHOD)))
            return -1;
        e->method = h11py_view(v);
        if (!(v = h11py_get(ev, RQ_TARGET)))
            return -1;
        e->target = h11py_view(v);
        if (!(v = h11py_get(ev, RQ_VERSION)))
            return -1;
        e->http_version = h11py_view(v);
        headers = h11py_get(ev, RQ_HEADERS);
    } else if (t == h11py.response || t == h11py.info) {
        e->type = t == h11py.response ? H11_RESPONSE : H11_INFORMATIONAL_RESPONSE;
        if (!(v = h11py_get(ev, RS_STATUS)))
            return -1;
        e->status_code = (int32_t)PyLong_AsLong(v);
        if (!(v = h11py_get(ev, RS_VERSION)))
            return -1;
        e->http_version = h11py_view(v);
        if (!(v = h11py_get(ev, RS_REASON)))
            return -1;
        e->reason = h11py_view(v);
        headers = h11py_get(ev, RS_HEADERS);
    } else if (t == h11py.data) {
        e->type = H11_DATA;
        if (!(v = h11py_get(ev, D_DATA)))
            return -1;
        if (PyBytes_CheckExact(v)) {
            e->data = h11py_view(v);
            return 0;
        }
        if (PyObject_GetBuffer(v, buf, PyBUF_SIMPLE) < 0)
            return -1;
        e->data.ptr = (const uint8_t *)buf->buf;
        e->data.len = (size_t)buf->len;
        return 0;
    } else if (t == h11py.eom) {
        e->type = H11_END_OF_MESSAGE;
        headers = h11py_get(ev, EOM_HEADERS);
    } else if (t == h11py.closed) {
        e->type = H11_CONNECTION_CLOSED;
        return 0;
    } else {
        PyErr_Format(PyExc_TypeError, "expected an h11 event, not %R", ev);
        return -1;
    }
    if (!headers || (n = h11py_header_views(headers, hdrs, cap)) < 0)
        return -1;
    e->headers = *hdrs;
    e->n_headers = (size_t)n;
    return 0;
}

/* Sends a Data event by passthrough, which spares copying the payload into
 * the pending output and out again: the bytes h11 would join are the framing
 * around the payload, or the payload object itself when there is no framing. */
static PyObject *h11py_send_data(h11_conn *conn, PyObject *event)
{
    PyObject *data = h11py_get(event, D_DATA), *out = NULL;
    Py_buffer buf;
    h11_bytes before, after;
    int rc;
    buf.obj = NULL;
    if (!data || (!PyBytes_CheckExact(data) && PyObject_GetBuffer(data, &buf, PyBUF_SIMPLE) < 0)) {
        /* h11 puts us in ERROR whatever escapes send() */
        h11_conn_send_failed(conn);
        return NULL;
    }
    if (!buf.obj) {
        buf.buf = PyBytes_AS_STRING(data);
        buf.len = PyBytes_GET_SIZE(data);
    }
    rc = h11_conn_send_data_passthrough(conn, (uint64_t)buf.len, &before, &after);
    if (rc < 0) {
        h11py_raise_conn(conn, rc);
    } else if (rc == 1 && !buf.obj && before.len == 0 && after.len == 0) {
        Py_INCREF(data);
        out = data;
    } else {
        size_t len = rc == 1 ? (size_t)buf.len : 0;
        out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(before.len + len + after.len));
        if (out) {
            char *p = PyBytes_AS_STRING(out);
            if (before.len)
                memcpy(p, before.ptr, before.len);
            if (len)
                memcpy(p + before.len, buf.buf, len);
            if (after.len)
                memcpy(p + before.len + len, after.ptr, after.len);
        }
    }
    if (buf.obj)
        PyBuffer_Release(&buf);
    return out;
}

/* ------------------------------------------------ bytesify */

/* h11's bytesify: str is ASCII-encoded, int is refused, anything else goes
 * through bytes(). New reference or NULL. */
static PyObject *h11py_bytesify(PyObject *o)
{
    if (PyBytes_CheckExact(o)) {
        Py_INCREF(o);
        return o;
    }
    if (PyUnicode_Check(o))
        return PyUnicode_AsASCIIString(o);
    if (PyLong_Check(o)) {
        PyErr_SetString(PyExc_TypeError, "expected bytes-like object, not int");
        return NULL;
    }
    return PyObject_CallOneArg((PyObject *)&PyBytes_Type, o);
}
%}
