/*
 * Python-only declarations of libh11.i: the connection methods the package's
 * Connection binds directly (one C call per h11 method), the event
 * constructors' C half, and the registration of the package's classes.
 */
%{
/* The bytes a header list was converted to, name and value alternately (new
 * references), on the stack unless the list is long. */
typedef struct {
    PyObject **obj;
    size_t n, cap; /* pairs held, and room for */
    PyObject *small[32];
} h11py_held;

static void h11py_release(h11py_held *held)
{
    size_t i;
    for (i = 0; i < 2 * held->n; i++)
        Py_DECREF(held->obj[i]);
    if (held->obj != held->small)
        PyMem_Free(held->obj);
}

/* Converts what the user gave as headers into views in h11py.hdrs. A
 * Headers object is used as it is (h11 reuses it); anything else is an
 * iterable of (name, value) pairs converted with bytesify and held in *held
 * (to be released by the caller either way). Returns the header count, or
 * -1 with the views of the headers converted before the failure in
 * h11py.hdrs and their count in held->n. The views are taken only once all
 * are converted: a conversion may run Python code that makes an event. */
static Py_ssize_t h11py_user_headers(PyObject *headers, h11py_held *held)
{
    PyObject *seq;
    size_t i;
    int ok = 0;
    held->obj = held->small;
    held->n = 0;
    held->cap = sizeof held->small / sizeof held->small[0] / 2;
    if (Py_TYPE(headers) == h11py.headers)
        return h11py_header_views(headers, &h11py.hdrs, &h11py.hdrs_cap);
    seq = PySequence_Fast(headers, "headers must be an iterable of (name, value) pairs");
    if (!seq)
        return -1;
    /* (the length is read each time: a conversion may change a list) */
    for (i = 0; i < (size_t)PySequence_Fast_GET_SIZE(seq); i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(seq, i), *pair, *name, *value;
        if (i == held->cap) {
            PyObject **more = (PyObject **)PyMem_Malloc(4 * held->cap * sizeof *more);
            if (!more) {
                PyErr_NoMemory();
                goto done;
            }
            memcpy(more, held->obj, 2 * held->n * sizeof *more);
            if (held->obj != held->small)
                PyMem_Free(held->obj);
            held->obj = more;
            held->cap *= 2;
        }
        pair = PySequence_Fast(item, "cannot unpack non-iterable header");
        if (!pair)
            goto done;
        if (PySequence_Fast_GET_SIZE(pair) != 2) {
            Py_ssize_t got = PySequence_Fast_GET_SIZE(pair);
            if (got > 2)
                PyErr_SetString(PyExc_ValueError, "too many values to unpack (expected 2)");
            else
                PyErr_Format(PyExc_ValueError,
                             "not enough values to unpack (expected 2, got %zd)", got);
            Py_DECREF(pair);
            goto done;
        }
        name = h11py_bytesify(PySequence_Fast_GET_ITEM(pair, 0));
        value = name ? h11py_bytesify(PySequence_Fast_GET_ITEM(pair, 1)) : NULL;
        Py_DECREF(pair);
        if (!value) {
            Py_XDECREF(name);
            goto done;
        }
        held->obj[2 * held->n] = name;
        held->obj[2 * held->n + 1] = value;
        held->n++;
    }
    ok = 1;
done:
    Py_DECREF(seq);
    if (h11py_reserve(&h11py.hdrs, &h11py.hdrs_cap, held->n) < 0) {
        h11py_release(held);
        held->obj = held->small;
        held->n = 0;
        return -1;
    }
    for (i = 0; i < held->n; i++) {
        h11py.hdrs[i].name = h11py_view(held->obj[2 * i]);
        h11py.hdrs[i].raw_name.ptr = NULL;
        h11py.hdrs[i].raw_name.len = 0;
        h11py.hdrs[i].value = h11py_view(held->obj[2 * i + 1]);
    }
    return ok ? (Py_ssize_t)held->n : -1;
}

static const h11_event *h11py_check(const h11_event *e)
{
    const h11_event *out = NULL;
    int rc = h11_validator_check(h11py.validator, e, &out);
    if (rc < 0) {
        h11py_raise_validator(rc);
        return NULL;
    }
    return out;
}

/* Checks the first n headers alone. h11 validates each header as it converts
 * it, and all headers before any other field, so when a later conversion
 * fails (the pending exception) an earlier header's protocol error wins. */
static PyObject *h11py_headers_first(Py_ssize_t n)
{
    PyObject *et, *ev, *tb;
    h11_event e;
    const h11_event *out;
    int rc;
    PyErr_Fetch(&et, &ev, &tb);
    memset(&e, 0, sizeof e);
    e.type = H11_END_OF_MESSAGE;
    e.headers = h11py.hdrs;
    e.n_headers = n > 0 ? (size_t)n : 0;
    rc = h11_validator_check(h11py.validator, &e, &out);
    if (rc == H11_ERR_LOCAL_PROTOCOL) {
        Py_XDECREF(et);
        Py_XDECREF(ev);
        Py_XDECREF(tb);
        h11py_raise_validator(rc);
    } else {
        PyErr_Restore(et, ev, tb);
    }
    return NULL;
}

/* The Headers object last made from a list of headers, and the bytes
 * objects it was made from (strong references, so none of them can be
 * freed and its address reused while it is here). A server usually sends
 * the same few header lists, spelled with the same bytes objects (literals,
 * values computed once); bytes are immutable and normalising depends on
 * nothing else, so the same objects give the same Headers, which are
 * immutable too and may be shared, as the empty one already is. */
#define H11PY_MEMO_MAX 8
static struct {
    size_t n;
    PyObject *given[2 * H11PY_MEMO_MAX];
    PyObject *headers;
} h11py_memo;

static PyObject *h11py_memo_find(const h11py_held *held)
{
    size_t i;
    if (!h11py_memo.headers || held->n != h11py_memo.n)
        return NULL;
    for (i = 0; i < 2 * held->n; i++)
        if (held->obj[i] != h11py_memo.given[i])
            return NULL;
    Py_INCREF(h11py_memo.headers);
    return h11py_memo.headers;
}

/* The same before any conversion: headers is a list or tuple of (name,
 * value) tuples holding the very objects of the memo. Those are all exact
 * bytes (see h11py_memo_keep), which converting would leave as they are. */
static PyObject *h11py_memo_match(PyObject *headers)
{
    Py_ssize_t i, n;
    if (!h11py_memo.headers || (!PyList_CheckExact(headers) && !PyTuple_CheckExact(headers)))
        return NULL;
    n = PySequence_Fast_GET_SIZE(headers);
    if ((size_t)n != h11py_memo.n)
        return NULL;
    for (i = 0; i < n; i++) {
        PyObject *pair = PySequence_Fast_GET_ITEM(headers, i);
        if (!PyTuple_CheckExact(pair) || PyTuple_GET_SIZE(pair) != 2
            || PyTuple_GET_ITEM(pair, 0) != h11py_memo.given[2 * i]
            || PyTuple_GET_ITEM(pair, 1) != h11py_memo.given[2 * i + 1])
            return NULL;
    }
    Py_INCREF(h11py_memo.headers);
    return h11py_memo.headers;
}

static void h11py_memo_keep(const h11py_held *held, PyObject *headers)
{
    size_t i, old_n = h11py_memo.n;
    PyObject *old[2 * H11PY_MEMO_MAX], *old_headers = h11py_memo.headers;
    if (held->n == 0 || held->n > H11PY_MEMO_MAX)
        return;
    /* (exact bytes only: bytes() of a subclass may give other bytes) */
    for (i = 0; i < 2 * held->n; i++)
        if (!PyBytes_CheckExact(held->obj[i]))
            return;
    /* (the old references are dropped last: freeing one may run code) */
    memcpy(old, h11py_memo.given, 2 * old_n * sizeof *old);
    for (i = 0; i < 2 * held->n; i++) {
        Py_INCREF(held->obj[i]);
        h11py_memo.given[i] = held->obj[i];
    }
    Py_INCREF(headers);
    h11py_memo.headers = headers;
    h11py_memo.n = held->n;
    for (i = 0; i < 2 * old_n; i++)
        Py_DECREF(old[i]);
    Py_XDECREF(old_headers);
}

/* The Headers object for a constructed event: the one given, or one for
 * the validator's normalised list of the headers converted into *held. */
static PyObject *h11py_result_headers(PyObject *given, const h11_event *out,
                                      const h11py_held *held)
{
    PyObject *h;
    if (Py_TYPE(given) == h11py.headers) {
        Py_INCREF(given);
        return given;
    }
    if ((h = h11py_memo_find(held)))
        return h;
    h = h11py_headers(out->headers, out->n_headers, held->obj, held->n);
    if (h)
        h11py_memo_keep(held, h);
    return h;
}

static PyObject *h11py_init_request(PyObject *self, PyObject *method, PyObject *headers,
                                    PyObject *target, PyObject *http_version)
{
    PyObject *m = NULL, *t = NULL, *v = NULL, *result = NULL;
    h11py_held held;
    Py_ssize_t n;
    h11_event e;
    const h11_event *out;
    if ((n = h11py_user_headers(headers, &held)) < 0) {
        h11py_release(&held);
        return h11py_headers_first((Py_ssize_t)held.n);
    }
    if (!(m = h11py_bytesify(method)) || !(t = h11py_bytesify(target))
        || !(v = h11py_bytesify(http_version))) {
        h11py_headers_first(n);
        goto done;
    }
    memset(&e, 0, sizeof e);
    e.type = H11_REQUEST;
    e.method = h11py_view(m);
    e.target = h11py_view(t);
    e.http_version = h11py_view(v);
    e.headers = h11py.hdrs;
    e.n_headers = (size_t)n;
    if (!(out = h11py_check(&e)))
        goto done;
    Py_INCREF(m);
    Py_INCREF(t);
    Py_INCREF(v);
    if (h11py_set(self, RQ_METHOD, m) == 0
        && h11py_set(self, RQ_HEADERS, h11py_result_headers(headers, out, &held)) == 0
        && h11py_set(self, RQ_TARGET, t) == 0 && h11py_set(self, RQ_VERSION, v) == 0) {
        Py_INCREF(Py_None);
        result = Py_None;
    }
done:
    h11py_release(&held);
    Py_XDECREF(m);
    Py_XDECREF(t);
    Py_XDECREF(v);
    return result;
}

/* kind is H11_INFORMATIONAL_RESPONSE or H11_RESPONSE. */
static PyObject *h11py_init_response(PyObject *self, int kind, PyObject *headers,
                                     PyObject *status_code, PyObject *http_version,
                                     PyObject *reason)
{
    PyObject *r = NULL, *v = NULL, *code = NULL, *result = NULL, *known = NULL;
    h11py_held held;
    Py_ssize_t n;
    long status;
    int too_big = 0;
    h11_event e;
    const h11_event *out;
    if ((known = h11py_memo_match(headers))) {
        /* (valid headers, nothing to convert or check: see below) */
        held.obj = held.small;
        held.n = 0;
        n = 0;
    } else if ((n = h11py_user_headers(headers, &held)) < 0) {
        h11py_release(&held);
        return h11py_headers_first((Py_ssize_t)held.n);
    }
    if (!(r = h11py_bytesify(reason)) || !(v = h11py_bytesify(http_version))) {
        h11py_headers_first(n);
        goto done;
    }
    if (!PyLong_Check(status_code)) {
        static const char msg[] = "status code must be integer";
        h11py_raise(H11_ERR_LOCAL_PROTOCOL, msg, sizeof msg - 1, 400);
        h11py_headers_first(n);
        goto done;
    }
    /* IntEnum members are stored as plain int, as h11 does */
    if (!(code = PyNumber_Long(status_code)))
        goto done;
    status = PyLong_AsLongAndOverflow(code, &too_big);
    if (too_big || status < INT32_MIN || status > INT32_MAX) {
        /* out of every valid range, and of int32: let the validator see a
         * code that fails the same range check, then name the real one */
        too_big = 1;
        status = 0;
    }
    memset(&e, 0, sizeof e);
    e.type = kind;
    e.status_code = (int32_t)status;
    e.http_version = h11py_view(v);
    e.reason = h11py_view(r);
    e.headers = h11py.hdrs;
    e.n_headers = (size_t)n;
    /* The very objects of the last header list passed the check when they
     * were made into Headers, and a response's headers are checked apart
     * from its other fields (before them, so any error now is theirs):
     * only those are checked again. */
    if (known || (Py_TYPE(headers) != h11py.headers && (known = h11py_memo_find(&held))))
        e.n_headers = 0;
    if (!(out = h11py_check(&e))) {
        size_t len;
        const char *msg = h11_validator_last_error_message(h11py.validator, &len);
        if (too_big && len >= 7 && memcmp(msg + len - 7, ", not 0", 7) == 0) {
            PyObject *head = PyUnicode_DecodeLatin1(msg, (Py_ssize_t)(len - 1), NULL);
            PyObject *num = head ? PyObject_Str(code) : NULL;
            PyObject *text = num ? PyUnicode_Concat(head, num) : NULL;
            Py_XDECREF(head);
            Py_XDECREF(num);
            if (text) {
                PyErr_Clear();
                h11py_raise_text(H11_ERR_LOCAL_PROTOCOL, text,
                                 h11_validator_last_error_status_hint(h11py.validator));
            }
        }
        goto done;
    }
    Py_INCREF(v);
    Py_INCREF(r);
    Py_INCREF(code);
    if (h11py_set(self, RS_HEADERS, known ? known : h11py_result_headers(headers, out, &held)) == 0
        && h11py_set(self, RS_VERSION, v) == 0 && h11py_set(self, RS_REASON, r) == 0
        && h11py_set(self, RS_STATUS, code) == 0) {
        Py_INCREF(Py_None);
        result = Py_None;
    }
    known = NULL; /* (given to the slot) */
done:
    Py_XDECREF(known);
    h11py_release(&held);
    Py_XDECREF(r);
    Py_XDECREF(v);
    Py_XDECREF(code);
    return result;
}

static PyObject *h11py_init_end_of_message(PyObject *self, PyObject *headers)
{
    PyObject *h;
    h11py_held held;
    Py_ssize_t n;
    h11_event e;
    const h11_event *out;
    if (headers == Py_None) {
        Py_INCREF(h11py.empty_headers);
        h = h11py.empty_headers;
    } else if (Py_TYPE(headers) == h11py.headers) {
        /* h11 takes a Headers object as it is, unchecked */
        Py_INCREF(headers);
        h = headers;
    } else if ((h = h11py_memo_match(headers))) {
        /* (see below) */
    } else {
        if ((n = h11py_user_headers(headers, &held)) < 0) {
            h11py_release(&held);
            return h11py_headers_first((Py_ssize_t)held.n);
        }
        /* (trailers are all there is to check: the very objects of the
         * last list passed the check when they were made into Headers) */
        if (!(h = h11py_memo_find(&held))) {
            memset(&e, 0, sizeof e);
            e.type = H11_END_OF_MESSAGE;
            e.headers = h11py.hdrs;
            e.n_headers = (size_t)n;
            out = h11py_check(&e);
            h = out ? h11py_result_headers(headers, out, &held) : NULL;
        }
        h11py_release(&held);
    }
    if (h11py_set(self, EOM_HEADERS, h) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *h11py_init_data(PyObject *self, PyObject *data, PyObject *chunk_start,
                                 PyObject *chunk_end)
{
    Py_INCREF(data);
    Py_INCREF(chunk_start);
    Py_INCREF(chunk_end);
    if (h11py_set(self, D_DATA, data) < 0 || h11py_set(self, D_START, chunk_start) < 0
        || h11py_set(self, D_END, chunk_end) < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* ---------------------------------------------------------------- __init__
 * The event classes' __init__ are these C functions (installed as method
 * descriptors by register_types), so constructing an event runs no Python
 * frame. Argument errors are worded as Python words them for h11's
 * signatures. */

/* Binds one keyword argument to its entry of out[] for a signature of
 * names[0..n). keys[] caches the names as interned str: keywords written in
 * the caller's code are the very same objects. */
static int h11py_bind_keyword(const char *cls, PyObject *key, PyObject *value,
                              const char *const *names, PyObject **keys, int n, PyObject **out)
{
    int k;
    for (k = 0; k < n && key != keys[k]; k++)
        ;
    if (k == n)
        for (k = 0; k < n; k++)
            if (PyUnicode_Check(key) && PyUnicode_CompareWithASCIIString(key, names[k]) == 0)
                break;
    if (k == n) {
        PyErr_Format(PyExc_TypeError, "%s__init__() got an unexpected keyword argument '%S'",
                     cls, key);
        return -1;
    }
    if (out[k]) {
        PyErr_Format(PyExc_TypeError, "%s__init__() got multiple values for argument '%s'",
                     cls, names[k]);
        return -1;
    }
    out[k] = value;
    return 0;
}

/* The start of binding: out[] cleared, the key cache filled, the positional
 * arguments (given of them, at pos) placed. */
static int h11py_bind_start(const char *cls, PyObject *const *pos, Py_ssize_t given,
                            const char *const *names, PyObject **keys, int n, int n_pos,
                            PyObject **out)
{
    Py_ssize_t i;
    int k;
    for (k = 0; k < n; k++) {
        out[k] = NULL;
        if (!keys[k] && !(keys[k] = PyUnicode_InternFromString(names[k])))
            return -1;
    }
    if (given > n_pos) {
        if (n_pos == 0)
            PyErr_Format(PyExc_TypeError,
                         "%s__init__() takes 1 positional argument but %zd were given", cls,
                         given + 1);
        else
            PyErr_Format(PyExc_TypeError,
                         "%s__init__() takes from 2 to %d positional arguments but %zd were given",
                         cls, n_pos + 1, given + 1);
        return -1;
    }
    for (i = 0; i < given; i++)
        out[i] = pos[i];
    return 0;
}

/* The end of binding: raises Python's error if one of the first n_req is
 * missing (keyword-only unless n_pos covers them). */
static int h11py_bind_end(const char *cls, const char *const *names, int n_pos, int n_req,
                          PyObject **out)
{
    PyObject *missing;
    int k, n_missing = 0;
    for (k = 0; k < n_req; k++)
        n_missing += !out[k];
    if (n_missing == 0)
        return 0;
    if (!(missing = PyList_New(0)))
        return -1;
    for (k = 0; k < n_req; k++) {
        PyObject *name;
        if (out[k])
            continue;
        name = PyUnicode_FromFormat("'%s'", names[k]);
        if (!name || PyList_Append(missing, name) < 0) {
            Py_XDECREF(name);
            Py_DECREF(missing);
            return -1;
        }
        Py_DECREF(name);
    }
    /* 'a', 'a' and 'b', 'a', 'b' and 'c' -- Python's own listing */
    PyObject *last = PySequence_GetItem(missing, n_missing - 1), *head, *sep, *text;
    PyList_SetSlice(missing, n_missing - 1, n_missing, NULL);
    sep = PyUnicode_FromString(n_missing > 2 ? ", " : "");
    head = sep ? PyUnicode_Join(sep, missing) : NULL;
    text = head ? PyUnicode_FromFormat(n_missing == 1 ? "%U%U" : n_missing == 2 ? "%U and %U"
                                                                           : "%U, and %U",
                                       head, last)
                : NULL;
    if (text)
        PyErr_Format(PyExc_TypeError, "%s__init__() missing %d required %sargument%s: %U",
                     cls, n_missing, n_pos ? "positional " : "keyword-only ",
                     n_missing == 1 ? "" : "s", text);
    Py_XDECREF(last);
    Py_XDECREF(sep);
    Py_XDECREF(head);
    Py_XDECREF(text);
    Py_DECREF(missing);
    return -1;
}

/* Fills out[] from args/kwds (a tuple and a dict or NULL, as __init__ gets
 * them) for a signature of names[0..n) where the first n_pos may be given
 * positionally and the first n_req are required. Unset entries stay NULL. */
static int h11py_args(const char *cls, PyObject *args, PyObject *kwds, const char *const *names,
                      PyObject **keys, int n, int n_pos, int n_req, PyObject **out)
{
    Py_ssize_t i = 0;
    PyObject *key, *value;
    if (h11py_bind_start(cls, &PyTuple_GET_ITEM(args, 0), PyTuple_GET_SIZE(args), names, keys,
                         n, n_pos, out) < 0)
        return -1;
    while (kwds && PyDict_Next(kwds, &i, &key, &value))
        if (h11py_bind_keyword(cls, key, value, names, keys, n, out) < 0)
            return -1;
    return h11py_bind_end(cls, names, n_pos, n_req, out);
}

/* The same from a vectorcall's arguments: nargs positional ones, then one
 * value for each name in kwnames (a tuple or NULL). */
static int h11py_fastargs(const char *cls, PyObject *const *args, Py_ssize_t nargs,
                          PyObject *kwnames, const char *const *names, PyObject **keys, int n,
                          int n_pos, int n_req, PyObject **out)
{
    Py_ssize_t i, nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    if (h11py_bind_start(cls, args, nargs, names, keys, n, n_pos, out) < 0)
        return -1;
    for (i = 0; i < nkw; i++)
        if (h11py_bind_keyword(cls, PyTuple_GET_ITEM(kwnames, i), args[nargs + i], names, keys,
                               n, out) < 0)
            return -1;
    return h11py_bind_end(cls, names, n_pos, n_req, out);
}

/* The five constructors, in the order of h11py_kinds: their signatures, and
 * the functions that take their bound arguments. */
enum { K_REQUEST, K_INFO, K_RESPONSE, K_DATA, K_EOM, N_KINDS };

typedef PyObject *(*h11py_bound_fn)(PyObject *self, PyObject **a);

static PyObject *h11py_bound_request(PyObject *self, PyObject **a)
{
    return h11py_init_request(self, a[0], a[1], a[2], a[3] ? a[3] : h11py.v11);
}

static PyObject *h11py_bound_informational(PyObject *self, PyObject **a)
{
    return h11py_init_response(self, H11_INFORMATIONAL_RESPONSE, a[0], a[1],
                               a[2] ? a[2] : h11py.v11, a[3] ? a[3] : h11py.empty_bytes);
}

static PyObject *h11py_bound_response(PyObject *self, PyObject **a)
{
    return h11py_init_response(self, H11_RESPONSE, a[0], a[1], a[2] ? a[2] : h11py.v11,
                               a[3] ? a[3] : h11py.empty_bytes);
}

static PyObject *h11py_bound_data(PyObject *self, PyObject **a)
{
    return h11py_init_data(self, a[0], a[1] ? a[1] : Py_False, a[2] ? a[2] : Py_False);
}

static PyObject *h11py_bound_end_of_message(PyObject *self, PyObject **a)
{
    return h11py_init_end_of_message(self, a[0] ? a[0] : Py_None);
}

static const char *const h11py_request_names[] = {"method", "headers", "target", "http_version"};
static const char *const h11py_response_names[] = {"headers", "status_code", "http_version",
                                                   "reason"};
static const char *const h11py_data_names[] = {"data", "chunk_start", "chunk_end"};
static const char *const h11py_eom_names[] = {"headers"};

/* Python names a function by its qualified name in argument errors since
 * 3.10 ("Data.__init__() ..."), by its bare name before. */
#if PY_VERSION_HEX >= 0x030A0000
#define H11PY_QUALIFIED(cls) cls "."
#else
#define H11PY_QUALIFIED(cls) ""
#endif

static struct h11py_kind {
    const char *cls; /* the prefix of __init__ in messages: "Request." */
    const char *const *names;
    int n, n_pos, n_req; /* names; how many may be positional; how many are required */
    h11py_bound_fn bound;
    PyTypeObject *type;  /* the package's class, set by register_types */
    PyObject *keys[4];   /* the names as interned str, made on first use */
} h11py_kinds[N_KINDS] = {
    {H11PY_QUALIFIED("Request"), h11py_request_names, 4, 0, 3, h11py_bound_request, NULL, {NULL}},
    /* (h11 defines both responses' __init__ on their base, whose name its
     * argument errors give) */
    {H11PY_QUALIFIED("_ResponseBase"), h11py_response_names, 4, 0, 2, h11py_bound_informational, NULL, {NULL}},
    {H11PY_QUALIFIED("_ResponseBase"), h11py_response_names, 4, 0, 2, h11py_bound_response, NULL, {NULL}},
    {H11PY_QUALIFIED("Data"), h11py_data_names, 3, 3, 1, h11py_bound_data, NULL, {NULL}},
    {H11PY_QUALIFIED("EndOfMessage"), h11py_eom_names, 1, 0, 0, h11py_bound_end_of_message, NULL, {NULL}},
};

static PyObject *h11py_init_kind(struct h11py_kind *k, PyObject *self, PyObject *args,
                                 PyObject *kwds)
{
    PyObject *a[4];
    if (h11py_args(k->cls, args, kwds, k->names, k->keys, k->n, k->n_pos, k->n_req, a) < 0)
        return NULL;
    return k->bound(self, a);
}

#define H11PY_KIND_INIT(name, kind)                                                    \
    static PyObject *name(PyObject *self, PyObject *args, PyObject *kwds)              \
    {                                                                                  \
        return h11py_init_kind(&h11py_kinds[kind], self, args, kwds);                  \
    }                                                                                  \
    static int name##_slot(PyObject *self, PyObject *args, PyObject *kwds)             \
    {                                                                                  \
        PyObject *r = h11py_init_kind(&h11py_kinds[kind], self, args, kwds);           \
        Py_XDECREF(r);                                                                 \
        return r ? 0 : -1;                                                             \
    }
H11PY_KIND_INIT(h11py_new_request, K_REQUEST)
H11PY_KIND_INIT(h11py_new_informational, K_INFO)
H11PY_KIND_INIT(h11py_new_response, K_RESPONSE)
H11PY_KIND_INIT(h11py_new_data, K_DATA)
H11PY_KIND_INIT(h11py_new_end_of_message, K_EOM)

#define H11PY_INIT(fn) {"__init__", (PyCFunction)(void (*)(void))fn, METH_VARARGS | METH_KEYWORDS, NULL}
static PyMethodDef h11py_inits[N_KINDS] = {
    H11PY_INIT(h11py_new_request), H11PY_INIT(h11py_new_informational),
    H11PY_INIT(h11py_new_response), H11PY_INIT(h11py_new_data),
    H11PY_INIT(h11py_new_end_of_message),
};

/* The same functions as tp_init slots. With only __init__ in the class
 * dict, every construction would look the method up and build the keyword
 * dict a second time (slot_tp_init); the slot is called directly. */
static initproc h11py_tp_inits[N_KINDS] = {
    h11py_new_request_slot, h11py_new_informational_slot, h11py_new_response_slot,
    h11py_new_data_slot, h11py_new_end_of_message_slot,
};

/* ------------------------------------------------ vectorcall constructors
 * Calling a class goes through type_call, which packs the keyword
 * arguments into a dict for tp_init to unpack (and tp_new to ignore). The
 * package's events are made by _EventMeta, a metaclass that register_types
 * gives vectorcall support, and each of the five classes gets one of these
 * as its tp_vectorcall: the call's arguments are bound where the caller left
 * them and the object is made and initialised directly.
 *
 * That is only the same as type_call while the class is exactly the
 * package's, with object's __new__ and our __init__; anything else (a
 * subclass, a reassigned __init__ or __new__) goes the generic way. */
static newfunc h11py_object_new; /* object.__new__'s slot */

static PyObject *h11py_vc_generic(PyObject *type, PyObject *const *args, size_t nargsf,
                                  PyObject *kwnames)
{
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf), i, nkw;
    PyObject *tuple, *kwds = NULL, *r = NULL;
    if (!(tuple = PyTuple_New(nargs)))
        return NULL;
    for (i = 0; i < nargs; i++) {
        Py_INCREF(args[i]);
        PyTuple_SET_ITEM(tuple, i, args[i]);
    }
    nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    if (nkw) {
        if (!(kwds = PyDict_New()))
            goto done;
        for (i = 0; i < nkw; i++)
            if (PyDict_SetItem(kwds, PyTuple_GET_ITEM(kwnames, i), args[nargs + i]) < 0)
                goto done;
    }
    r = Py_TYPE(type)->tp_call(type, tuple, kwds);
done:
    Py_DECREF(tuple);
    Py_XDECREF(kwds);
    return r;
}

/* The usual case of h11py_fastargs, inline: keywords spelled in the
 * caller's code (interned, so the very objects of keys[]), nothing missing
 * or repeated. Returns 1 when it bound everything, 0 to leave the call,
 * and any error message, to h11py_fastargs. */
static int h11py_fastargs_quick(const struct h11py_kind *k, PyObject *const *args,
                                Py_ssize_t nargs, PyObject *kwnames, PyObject **out)
{
    Py_ssize_t i, nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    int j;
    out[0] = out[1] = out[2] = out[3] = NULL;
    if (nargs > k->n_pos)
        return 0;
    for (i = 0; i < nargs; i++)
        out[i] = args[i];
    for (i = 0; i < nkw; i++) {
        PyObject *key = PyTuple_GET_ITEM(kwnames, i);
        for (j = 0; j < k->n && key != k->keys[j]; j++)
            ;
        if (j == k->n || out[j])
            return 0;
        out[j] = args[nargs + i];
    }
    for (j = 0; j < k->n_req; j++)
        if (!out[j])
            return 0;
    return 1;
}

static PyObject *h11py_vc_kind(int kind, PyObject *type, PyObject *const *args, size_t nargsf,
                               PyObject *kwnames)
{
    struct h11py_kind *k = &h11py_kinds[kind];
    PyTypeObject *t = (PyTypeObject *)type;
    PyObject *a[4], *obj, *r;
    if (t != h11py_kinds[kind].type || t->tp_init != h11py_tp_inits[kind]
        || t->tp_new != h11py_object_new
        || Py_TYPE(type)->tp_call != PyType_Type.tp_call)
        return h11py_vc_generic(type, args, nargsf, kwnames);
    if (!h11py_fastargs_quick(k, args, PyVectorcall_NARGS(nargsf), kwnames, a)
        && h11py_fastargs(k->cls, args, PyVectorcall_NARGS(nargsf), kwnames, k->names, k->keys,
                          k->n, k->n_pos, k->n_req, a) < 0)
        return NULL;
    if (!(obj = t->tp_alloc(t, 0)))
        return NULL;
    if (!(r = k->bound(obj, a))) {
        Py_DECREF(obj);
        return NULL;
    }
    Py_DECREF(r);
    return obj;
}

#define H11PY_VC(name, kind)                                                              \
    static PyObject *name(PyObject *type, PyObject *const *args, size_t nargsf,           \
                          PyObject *kwnames)                                              \
    {                                                                                     \
        return h11py_vc_kind(kind, type, args, nargsf, kwnames);                          \
    }
H11PY_VC(h11py_vc_request, K_REQUEST)
H11PY_VC(h11py_vc_informational, K_INFO)
H11PY_VC(h11py_vc_response, K_RESPONSE)
H11PY_VC(h11py_vc_data, K_DATA)
H11PY_VC(h11py_vc_end_of_message, K_EOM)
static vectorcallfunc h11py_vcs[N_KINDS] = {
    h11py_vc_request, h11py_vc_informational, h11py_vc_response, h11py_vc_data,
    h11py_vc_end_of_message,
};

/* ------------------------------------------------ Connection methods
 * The methods every request goes through are plain C methods, installed on
 * the package's Connection by register_types: SWIG's own wrappers would look
 * self up in its type table on every call. */

static h11w_conn *h11py_conn(PyObject *self)
{
    h11w_conn *w = (h11w_conn *)((SwigPyObject *)self)->ptr;
    if (!w)
        PyErr_SetString(PyExc_TypeError, "the Connection was not initialised");
    return w;
}

/* Anything false (b"", None) signals end of input, as in h11. */
static PyObject *h11py_receive_data(PyObject *self, PyObject *data)
{
    h11w_conn *w = h11py_conn(self);
    Py_buffer buf;
    int rc, truth;
    if (!w)
        return NULL;
    truth = data == Py_None ? 0 : PyBytes_CheckExact(data) ? PyBytes_GET_SIZE(data) != 0
                                                          : PyObject_IsTrue(data);
    if (truth < 0)
        return NULL;
    if (!truth) {
        rc = h11_conn_receive_data(w->conn, NULL, 0);
    } else if (PyBytes_CheckExact(data)) {
        rc = h11_conn_receive_data(w->conn, (const uint8_t *)PyBytes_AS_STRING(data),
                                   (size_t)PyBytes_GET_SIZE(data));
    } else {
        if (PyObject_GetBuffer(data, &buf, PyBUF_SIMPLE) < 0)
            return NULL;
        rc = buf.len ? h11_conn_receive_data(w->conn, (const uint8_t *)buf.buf, (size_t)buf.len)
                     : H11_OK;
        PyBuffer_Release(&buf);
    }
    if (rc < 0) {
        h11py_raise_conn(w->conn, rc);
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *h11py_next_event(PyObject *self, PyObject *unused)
{
    h11w_conn *w = h11py_conn(self);
    const h11_event *ev;
    int rc;
    if (!w)
        return NULL;
    rc = h11_conn_next_event(w->conn, &ev);
    if (rc == H11_NEED_DATA) {
        Py_INCREF(h11py.need_data);
        return h11py.need_data;
    }
    if (rc == H11_PAUSED) {
        Py_INCREF(h11py.paused);
        return h11py.paused;
    }
    if (rc < 0) {
        h11py_raise_conn(w->conn, rc);
        return NULL;
    }
    return h11py_event(ev);
}

/* bytes, or None for ConnectionClosed */
static PyObject *h11py_send(PyObject *self, PyObject *event)
{
    h11w_conn *w = h11py_conn(self);
    h11_event e;
    Py_buffer buf;
    const uint8_t *p;
    size_t n;
    int rc;
    PyObject *out;
    if (!w)
        return NULL;
    if (Py_TYPE(event) == h11py.data)
        return h11py_send_data(w->conn, event);
    if (h11py_describe(event, &e, &w->hdrs, &w->hdrs_cap, &buf) < 0) {
        /* h11 puts us in ERROR whatever escapes send() */
        h11_conn_send_failed(w->conn);
        return NULL;
    }
    rc = h11_conn_send(w->conn, &e);
    if (buf.obj)
        PyBuffer_Release(&buf);
    if (rc < 0) {
        h11py_raise_conn(w->conn, rc);
        return NULL;
    }
    if (e.type == H11_CONNECTION_CLOSED)
        Py_RETURN_NONE;
    n = h11_conn_pending_output(w->conn, &p);
    out = PyBytes_FromStringAndSize((const char *)p, (Py_ssize_t)n);
    if (out)
        h11_conn_consume_output(w->conn, n);
    return out;
}

/* A list of byte pieces in which a Data payload appears as the very object
 * given (sendfile support), or None for ConnectionClosed. */
static PyObject *h11py_send_with_data_passthrough(PyObject *self, PyObject *event)
{
    h11w_conn *w = h11py_conn(self);
    PyObject *data, *list, *piece;
    Py_ssize_t len;
    h11_bytes before, after;
    int rc;
    if (!w)
        return NULL;
    if (Py_TYPE(event) != h11py.data) {
        piece = h11py_send(self, event);
        if (!piece || piece == Py_None)
            return piece;
        list = PyList_New(1);
        if (!list) {
            Py_DECREF(piece);
            return NULL;
        }
        PyList_SET_ITEM(list, 0, piece);
        return list;
    }
    data = h11py_get(event, D_DATA);
    if (!data || (len = PyObject_Length(data)) < 0) {
        h11_conn_send_failed(w->conn);
        return NULL;
    }
    rc = h11_conn_send_data_passthrough(w->conn, (uint64_t)len, &before, &after);
    if (rc < 0) {
        h11py_raise_conn(w->conn, rc);
        return NULL;
    }
    if (!(list = PyList_New(0)))
        return NULL;
    if ((before.len && h11py_append(list, h11py_bytes(before)) < 0)
        || (rc == 1 && PyList_Append(list, data) < 0)
        || (after.len && h11py_append(list, h11py_bytes(after)) < 0))
        goto fail;
    return list;
fail:
    Py_DECREF(list);
    return NULL;
}

static PyObject *h11py_start_next_cycle(PyObject *self, PyObject *unused)
{
    h11w_conn *w = h11py_conn(self);
    int rc;
    if (!w)
        return NULL;
    if ((rc = h11_conn_start_next_cycle(w->conn)) < 0) {
        h11py_raise_conn(w->conn, rc);
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef h11py_conn_methods[] = {
    {"receive_data", h11py_receive_data, METH_O, NULL},
    {"next_event", h11py_next_event, METH_NOARGS, NULL},
    {"send", h11py_send, METH_O, NULL},
    {"send_with_data_passthrough", h11py_send_with_data_passthrough, METH_O, NULL},
    {"start_next_cycle", h11py_start_next_cycle, METH_NOARGS, NULL},
};

/* ---------------------------------------------------------------- dealloc
 * Events and Headers are allocated and freed by functions of their own: the
 * generic dealloc of Python classes (subtype_dealloc) looks for finalizers,
 * weak references, a __dict__ and slots through the whole MRO every time,
 * and the classes have none of those but the slots. (Response and
 * InformationalResponse have a __dict__ and weak references, as in h11, so
 * keep the generic ones.) */

/* Freed objects are kept for reuse, by slot count (any of these classes
 * with that many slots may take one), as CPython does for tuples: each
 * message makes and drops the same few objects. */
#define H11PY_FREE_SLOTS 8
#define H11PY_FREE_KEEP 16
static struct {
    PyObject *obj[H11PY_FREE_KEEP];
    int n;
} h11py_free[H11PY_FREE_SLOTS + 1];

/* Is an instance of t a bare object header followed by slots only? */
static int h11py_plain_slots(PyTypeObject *t)
{
    return t->tp_itemsize == 0 && t->tp_alloc == PyType_GenericAlloc && t->tp_dictoffset == 0 && t->tp_weaklistoffset == 0
           && !t->tp_finalize && !t->tp_del && PyType_IS_GC(t)
           && t->tp_basicsize >= (Py_ssize_t)sizeof(PyObject)
           && (t->tp_basicsize - sizeof(PyObject)) % sizeof(PyObject *) == 0
           && (t->tp_basicsize - sizeof(PyObject)) / sizeof(PyObject *) <= H11PY_FREE_SLOTS
#ifdef Py_TPFLAGS_MANAGED_DICT
           && !(t->tp_flags & Py_TPFLAGS_MANAGED_DICT)
#endif
#ifdef Py_TPFLAGS_MANAGED_WEAKREF
           && !(t->tp_flags & Py_TPFLAGS_MANAGED_WEAKREF)
#endif
           ;
}

static int h11py_slot_count(PyTypeObject *t)
{
    return (int)((t->tp_basicsize - sizeof(PyObject)) / sizeof(PyObject *));
}

static void h11py_dealloc(PyObject *self)
{
    PyTypeObject *t = Py_TYPE(self);
    int k = h11py_slot_count(t);
    PyObject **slot = (PyObject **)((char *)self + sizeof(PyObject)), **end = slot + k;
    if (t->tp_finalize || t->tp_del) {
        /* (a finalizer was added to the class since) */
        h11py.subtype_dealloc(self);
        return;
    }
    PyObject_GC_UnTrack(self);
    Py_TRASHCAN_BEGIN(self, h11py_dealloc)
    for (; slot < end; slot++)
        Py_CLEAR(*slot);
    if (h11py_free[k].n < H11PY_FREE_KEEP)
        h11py_free[k].obj[h11py_free[k].n++] = self; /* its slots are all NULL now */
    else
        t->tp_free(self);
    Py_DECREF(t);
    Py_TRASHCAN_END
}

static PyObject *h11py_type_alloc(PyTypeObject *t, Py_ssize_t nitems)
{
    int k = h11py_slot_count(t);
    PyObject *obj;
    if (nitems != 0 || h11py_free[k].n == 0)
        return PyType_GenericAlloc(t, nitems);
    obj = PyObject_Init(h11py_free[k].obj[--h11py_free[k].n], t);
    PyObject_GC_Track(obj);
    return obj;
}

/* Takes the package's classes and sentinels (a dict keyed by their h11
 * names) once, at import. */
static PyObject *h11py_register_types(PyObject *d)
{
    static const struct {
        int slot;
        const char *cls, *attr;
    } slots[N_SLOTS] = {
        {RQ_METHOD, "Request", "method"},
        {RQ_HEADERS, "Request", "headers"},
        {RQ_TARGET, "Request", "target"},
        {RQ_VERSION, "Request", "http_version"},
        {RS_HEADERS, "Response", "headers"},
        {RS_VERSION, "Response", "http_version"},
        {RS_REASON, "Response", "reason"},
        {RS_STATUS, "Response", "status_code"},
        {D_DATA, "Data", "data"},
        {D_START, "Data", "chunk_start"},
        {D_END, "Data", "chunk_end"},
        {EOM_HEADERS, "EndOfMessage", "headers"},
        {H_PAIRS, "Headers", "_pairs"},
        {H_RAW, "Headers", "_raw"},
    };
    static const struct {
        PyTypeObject **t;
        const char *name;
    } types[] = {
        {&h11py.request, "Request"}, {&h11py.info, "InformationalResponse"},
        {&h11py.response, "Response"}, {&h11py.data, "Data"},
        {&h11py.eom, "EndOfMessage"}, {&h11py.closed, "ConnectionClosed"},
        {&h11py.headers, "Headers"},
    };
    static const char *const names[] = {
        "Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language", "Accept-Ranges",
        "Age", "Allow", "Authorization", "Cache-Control", "Connection", "Content-Disposition",
        "Content-Encoding", "Content-Language", "Content-Length", "Content-Range",
        "Content-Type", "Cookie", "Date", "DNT", "ETag", "Expect", "Expires", "Forwarded",
        "Host", "If-Match", "If-Modified-Since", "If-None-Match", "If-Range",
        "If-Unmodified-Since", "Keep-Alive", "Last-Modified", "Link", "Location", "Origin",
        "Pragma", "Range", "Referer", "Retry-After", "Sec-Fetch-Dest", "Sec-Fetch-Mode",
        "Sec-Fetch-Site", "Sec-Fetch-User", "Server", "Set-Cookie",
        "Strict-Transport-Security", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
        "Upgrade-Insecure-Requests", "User-Agent", "Vary", "Via", "WWW-Authenticate",
        "X-Forwarded-For", "X-Forwarded-Proto", "X-Frame-Options", "X-Request-Id",
        "X-Requested-With",
    };
    static const char *const methods[] = {
        "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
    };
    size_t i;
    PyObject *pairs, *raw, *meta;
    if (!PyDict_Check(d)) {
        PyErr_SetString(PyExc_TypeError, "register_types needs a dict");
        return NULL;
    }
    for (i = 0; i < sizeof types / sizeof types[0]; i++) {
        PyObject *t = PyDict_GetItemString(d, types[i].name);
        if (!t || !PyType_Check(t)) {
            PyErr_Format(PyExc_TypeError, "register_types: %s must be a class", types[i].name);
            return NULL;
        }
        Py_INCREF(t);
        *types[i].t = (PyTypeObject *)t;
    }
    for (i = 0; i < N_SLOTS; i++) {
        PyObject *cls = PyDict_GetItemString(d, slots[i].cls);
        PyObject *descr = PyObject_GetAttrString(cls, slots[i].attr);
        if (!descr)
            return NULL;
        if (!Py_IS_TYPE(descr, &PyMemberDescr_Type)
            || ((PyMemberDescrObject *)descr)->d_member->type != T_OBJECT_EX
            || (((PyMemberDescrObject *)descr)->d_member->flags & READONLY)) {
            Py_DECREF(descr);
            PyErr_Format(PyExc_TypeError, "register_types: %s.%s must be a slot",
                         slots[i].cls, slots[i].attr);
            return NULL;
        }
        h11py.slot[slots[i].slot] = descr;
        h11py.slot_offset[slots[i].slot] = ((PyMemberDescrObject *)descr)->d_member->offset;
        h11py.slot_owner[slots[i].slot] = PyDescr_TYPE(descr);
    }
    h11py.client = PyDict_GetItemString(d, "CLIENT");
    h11py.server = PyDict_GetItemString(d, "SERVER");
    h11py.need_data = PyDict_GetItemString(d, "NEED_DATA");
    h11py.paused = PyDict_GetItemString(d, "PAUSED");
    h11py.local_error = PyDict_GetItemString(d, "LocalProtocolError");
    h11py.remote_error = PyDict_GetItemString(d, "RemoteProtocolError");
    if (!h11py.client || !h11py.server || !h11py.need_data || !h11py.paused
        || !h11py.local_error || !h11py.remote_error) {
        PyErr_SetString(PyExc_TypeError, "register_types: sentinel or exception missing");
        return NULL;
    }
    Py_INCREF(h11py.client);
    Py_INCREF(h11py.server);
    Py_INCREF(h11py.need_data);
    Py_INCREF(h11py.paused);
    Py_INCREF(h11py.local_error);
    Py_INCREF(h11py.remote_error);
    h11py.v11 = PyBytes_FromString("1.1");
    h11py.v10 = PyBytes_FromString("1.0");
    h11py.empty_bytes = PyBytes_FromString("");
    h11py.empty_headers = h11py_alloc(h11py.headers);
    pairs = PyTuple_New(0);
    raw = PyTuple_New(0);
    if (!h11py.v11 || !h11py.v10 || !h11py.empty_bytes || !h11py.empty_headers
        || h11py_set(h11py.empty_headers, H_PAIRS, pairs) < 0
        || h11py_set(h11py.empty_headers, H_RAW, raw) < 0)
        return NULL;
    {
        /* (on the package's class itself, where the method call's type
         * check is an identity) */
        PyObject *conn = PyDict_GetItemString(d, "Connection");
        PyTypeObject *swig = ((SwigPyClientData *)SWIGTYPE_p_h11w_conn->clientdata)->pytype;
        if (!conn || !PyType_Check(conn) || !PyType_IsSubtype((PyTypeObject *)conn, swig)) {
            PyErr_SetString(PyExc_TypeError, "register_types: Connection must subclass Conn");
            return NULL;
        }
        for (i = 0; i < sizeof h11py_conn_methods / sizeof h11py_conn_methods[0]; i++) {
            PyObject *m = PyDescr_NewMethod((PyTypeObject *)conn, &h11py_conn_methods[i]);
            /* (SWIG's metaclass only lets existing attributes be set) */
            int r = m ? PyDict_SetItemString(((PyTypeObject *)conn)->tp_dict,
                                             h11py_conn_methods[i].ml_name, m)
                      : -1;
            Py_XDECREF(m);
            if (r < 0)
                return NULL;
        }
        PyType_Modified((PyTypeObject *)conn);
    }
    if (h11py_words_init(&h11py.names, names, sizeof names / sizeof names[0], 1) < 0
        || h11py_words_init(&h11py.methods, methods, sizeof methods / sizeof methods[0], 0) < 0)
        return NULL;
    if (!h11py.validator && h11_validator_new(&h11py.validator, NULL) != H11_OK)
        return PyErr_NoMemory();
    {
        PyTypeObject *owners[] = {h11py.request, h11py.info, h11py.response, h11py.data,
                                  h11py.eom};
        for (i = 0; i < sizeof owners / sizeof owners[0]; i++) {
            PyObject *init = PyDescr_NewMethod(owners[i], &h11py_inits[i]);
            int r = init ? PyObject_SetAttrString((PyObject *)owners[i], "__init__", init) : -1;
            Py_XDECREF(init);
            if (r < 0)
                return NULL;
            owners[i]->tp_init = h11py_tp_inits[i];
            h11py_kinds[i].type = owners[i];
        }
        for (i = 0; i < N_KINDS; i++) {
            int j;
            for (j = 0; j < h11py_kinds[i].n; j++)
                if (!h11py_kinds[i].keys[j]
                    && !(h11py_kinds[i].keys[j] = PyUnicode_InternFromString(h11py_kinds[i].names[j])))
                    return NULL;
        }
        /* the vectorcall constructors, when the classes are _EventMeta's */
        meta = PyDict_GetItemString(d, "_EventMeta");
        if (!meta || !PyType_Check(meta) || !PyType_IsSubtype((PyTypeObject *)meta, &PyType_Type)
            || ((PyTypeObject *)meta)->tp_vectorcall_offset
                   != (Py_ssize_t)offsetof(PyTypeObject, tp_vectorcall)) {
            PyErr_SetString(PyExc_TypeError, "register_types: _EventMeta must be a metaclass");
            return NULL;
        }
        h11py_object_new = PyBaseObject_Type.tp_new;
        ((PyTypeObject *)meta)->tp_flags |= Py_TPFLAGS_HAVE_VECTORCALL;
        for (i = 0; i < sizeof owners / sizeof owners[0]; i++)
            if (Py_TYPE(owners[i]) == (PyTypeObject *)meta)
                owners[i]->tp_vectorcall = h11py_vcs[i];
    }
    {
        PyTypeObject *all[] = {h11py.request, h11py.info, h11py.response, h11py.data,
                               h11py.eom, h11py.headers};
        for (i = 0; i < sizeof all / sizeof all[0]; i++)
            if (h11py_plain_slots(all[i])) {
                h11py.subtype_dealloc = all[i]->tp_dealloc;
                all[i]->tp_dealloc = h11py_dealloc;
                all[i]->tp_alloc = h11py_type_alloc;
            }
    }
    Py_RETURN_NONE;
}
%}

%rename(register_types) h11py_register_types;
PyObject *h11py_register_types(PyObject *d);

%rename(_their_http_version) h11w_conn::py_their_http_version;
%rename(_trailing_data) h11w_conn::py_trailing_data;

%feature("kwargs") h11w_conn::h11w_conn;

%extend h11w_conn {
    /* h11's Connection(our_role, max_incomplete_event_size=16384), plus
     * libh11's strict=False (h11_options_set_strict; h11 has no such
     * argument, so h11 programs never pass it). The package's Connection
     * subclasses this type without an __init__ of its own, so constructing
     * one costs no Python frame. */
    h11w_conn(PyObject *our_role, PyObject *max_incomplete_event_size = NULL,
              PyObject *strict = NULL) {
        h11w_conn *w;
        size_t size = 16384;
        int strict_on = strict ? PyObject_IsTrue(strict) : 0;
        if (strict_on < 0)
            return NULL;
        int role = our_role == h11py.client ? H11_CLIENT
                   : our_role == h11py.server ? H11_SERVER : -1;
        if (role < 0) {
            PyErr_Format(PyExc_ValueError, "expected CLIENT or SERVER, not %R", our_role);
            return NULL;
        }
        if (max_incomplete_event_size) {
            Py_ssize_t n = PyNumber_AsSsize_t(max_incomplete_event_size, PyExc_OverflowError);
            if (n == -1 && PyErr_Occurred())
                return NULL;
            /* (h11 would refuse even an empty buffer under a negative
             * limit; libh11's limit is unsigned, so that becomes 0) */
            size = n < 0 ? 0 : (size_t)n;
        }
        if (!(w = h11w_new(role, size, strict_on)))
            PyErr_NoMemory();
        return w;
    }

    PyObject *py_their_http_version() {
        h11_bytes v;
        if (!h11_conn_their_http_version($self->conn, &v))
            Py_RETURN_NONE;
        return h11py_version(v);
    }

    PyObject *py_trailing_data() {
        h11_bytes d;
        int eof = h11_conn_trailing_data($self->conn, &d);
        return Py_BuildValue("(NO)", h11py_bytes(d), eof ? Py_True : Py_False);
    }
}
