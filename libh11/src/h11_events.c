/* Outgoing events: the validation and normalisation h11's event constructors
 * apply, the flat (pointer-free) event layout, and the validator handle. */
#include "h11_int.h"

static const uint8_t DEFAULT_HTTP_VERSION[] = "1.1";

/* An empty version is h11's default, "1.1" (C cannot leave it out). */
static h11_bytes version_or_default(h11_bytes v)
{
    if (v.len == 0) {
        v.ptr = DEFAULT_HTTP_VERSION;
        v.len = sizeof DEFAULT_HTTP_VERSION - 1;
    }
    return v;
}

static bool all_in_class(h11_bytes b, uint8_t cls)
{
    size_t i;
    for (i = 0; i < b.len; i++)
        if (!H11_IS(b.ptr[i], cls))
            return false;
    return true;
}

static bool has_headers(int type)
{
    return type == H11_REQUEST || type == H11_INFORMATIONAL_RESPONSE || type == H11_RESPONSE ||
           type == H11_END_OF_MESSAGE;
}

bool h11__event_fields_ok(const h11_event *in)
{
    return in->type >= H11_REQUEST && in->type <= H11_CONNECTION_CLOSED &&
           (h11__null_view_len(in->method) | h11__null_view_len(in->target) |
            h11__null_view_len(in->http_version) | h11__null_view_len(in->reason) |
            h11__null_view_len(in->data)) == 0 &&
           !(has_headers(in->type) && in->n_headers && !in->headers);
}

/* Are all the headers' views usable? (The slow half of the precedence rule:
 * h11__hdrs_add checks each header's as it reaches it, but an unusable view
 * anywhere outranks a protocol error or running out of memory.) */
static bool headers_ok(const h11_event *in)
{
    size_t i;
    for (i = 0; i < in->n_headers; i++)
        if (!h11__header_views_ok(&in->headers[i]))
            return false;
    return true;
}

static int check_request(const h11_event *ev, size_t hosts, h11_errinfo *err)
{
    if (hosts == 0 && h11__bytes_eq(ev->http_version, "1.1"))
        return h11__err_start(err, H11_HINT_DEFAULT, "Missing mandatory Host: header");
    if (hosts > 1)
        return h11__err_start(err, H11_HINT_DEFAULT, "Found multiple Host: headers");
    if (ev->method.len == 0 || !all_in_class(ev->method, H11_C_TCHAR))
        return h11__err_start(err, H11_HINT_DEFAULT, "Illegal method characters");
    if (ev->target.len == 0 || !all_in_class(ev->target, H11_C_VCHAR))
        return h11__err_start(err, H11_HINT_DEFAULT, "Illegal target characters");
    return H11_OK;
}

static int check_status(const h11_event *ev, h11_errinfo *err)
{
    bool informational = ev->type == H11_INFORMATIONAL_RESPONSE;
    size_t i;
    int lo = informational ? 100 : 200, hi = informational ? 200 : 1000;
    if (ev->status_code < lo || ev->status_code >= hi) {
        h11__err_start(err, H11_HINT_DEFAULT,
                       informational ? "InformationalResponse status_code should be in range [100, 200), not "
                                     : "Response status_code should be in range [200, 1000), not ");
        if (ev->status_code < 0) {
            h11__err_add(err, "-");
            h11__err_add_uint(err, (uint64_t)(-(int64_t)ev->status_code));
        } else {
            h11__err_add_uint(err, (uint64_t)ev->status_code);
        }
        return H11_ERR_LOCAL_PROTOCOL;
    }
    /* Deviation (docs/deviations.md, reason-crlf): h11 writes the reason
     * verbatim, which lets a caller split the response. Reasons are short:
     * one loop costs less than two memchr calls. */
    for (i = 0; i < ev->reason.len; i++)
        if (ev->reason.ptr[i] == '\r' || ev->reason.ptr[i] == '\n')
            return h11__err_start(err, H11_HINT_DEFAULT, "Illegal reason phrase characters");
    return H11_OK;
}

int h11__strict_check_head(h11_errinfo *err, const h11_event *ev, unsigned present)
{
    const unsigned both = H11_HDR_CONTENT_LENGTH | H11_HDR_TRANSFER_ENCODING;
    size_t i;
    if (ev->type != H11_REQUEST && ev->type != H11_INFORMATIONAL_RESPONSE &&
        ev->type != H11_RESPONSE)
        return H11_OK;
    if (ev->type != H11_REQUEST) {
        /* RFC 9112 section 4: reason-phrase = 1*( HTAB / SP / VCHAR /
         * obs-text ). A control byte is either a splitting attempt or
         * something another parser will read differently. */
        for (i = 0; i < ev->reason.len; i++) {
            uint8_t c = ev->reason.ptr[i];
            if ((c < 0x20 && c != '\t') || c == 0x7f)
                return h11__err_start(err, H11_HINT_DEFAULT,
                                      "Illegal reason phrase characters (strict mode)");
        }
    }
    /* RFC 9112 section 6.1: a sender MUST NOT send Content-Length with
     * Transfer-Encoding; section 6.3: a recipient ought to treat it as an
     * error, as it is the classic request-smuggling disagreement. */
    if ((present & both) == both)
        return h11__err_start(err, H11_HINT_DEFAULT,
                              "Content-Length and Transfer-Encoding both present (strict mode)");
    return H11_OK;
}

/* The rest of normalising, once hdrs holds the headers: the other fields,
 * with h11's checks on them. */
static int normalize_fields(const h11_event *in, h11_event *out, const h11_hdrs *hdrs,
                            h11_errinfo *err)
{
    h11__event_clear(out);
    out->type = in->type;
    if (has_headers(in->type)) {
        out->headers = hdrs->items;
        out->n_headers = hdrs->len;
    }
    switch (in->type) {
    case H11_REQUEST:
        out->method = in->method;
        out->target = in->target;
        out->http_version = version_or_default(in->http_version);
        return check_request(out, hdrs->hosts, err);
    case H11_INFORMATIONAL_RESPONSE:
    case H11_RESPONSE:
        out->status_code = in->status_code;
        out->reason = in->reason;
        out->http_version = version_or_default(in->http_version);
        return check_status(out, err);
    case H11_DATA:
        out->data = in->data;
        out->chunk_start = in->chunk_start;
        out->chunk_end = in->chunk_end;
        return H11_OK;
    default:
        return H11_OK;
    }
}

int h11__event_normalize(const h11_event *in, h11_event *out, h11_hdrs *hdrs,
                         const h11_mem *mem, h11_errinfo *err)
{
    int rc;
    if (!h11__event_fields_ok(in))
        return h11__err_args(err, H11_ERR_INVALID_ARGUMENT);
    if (has_headers(in->type)) {
        rc = h11__hdrs_add(hdrs, mem, err, in->headers, in->n_headers);
        if (rc != H11_OK) {
            if (rc == H11_ERR_INVALID_ARGUMENT || !headers_ok(in))
                return h11__err_args(err, H11_ERR_INVALID_ARGUMENT);
            return rc == H11_ERR_NOMEM ? h11__err_nomem(err) : rc;
        }
    }
    return normalize_fields(in, out, hdrs, err);
}

int h11__event_normalize_written(const h11_event *in, h11_event *out, h11_hdrs *hdrs,
                                 const h11_mem *mem, h11_errinfo *err, h11_buf *buf, size_t *at)
{
    int rc;
    if (!h11__event_fields_ok(in))
        return H11_GENERAL_PATH;
    rc = h11__hdrs_add_written(hdrs, mem, in->headers, in->n_headers, buf, at);
    if (rc == H11_ERR_NOMEM) /* an unusable view outranks it, as in h11__event_normalize */
        return headers_ok(in) ? h11__err_nomem(err) : h11__err_args(err, H11_ERR_INVALID_ARGUMENT);
    if (rc != H11_OK)
        return rc;
    return normalize_fields(in, out, hdrs, err) == H11_OK ? H11_OK : H11_GENERAL_PATH;
}

int h11__event_from_flat(h11_event *ev, h11_header **arr, size_t *arr_cap, const h11_mem *mem,
                         int type, int status_code, const uint8_t *fields, const uint32_t *lens,
                         size_t n_lens)
{
    size_t fixed, i, pairs, off = 0;
    h11_bytes f[3];
    switch (type) {
    case H11_REQUEST: fixed = 3; break;
    case H11_INFORMATIONAL_RESPONSE:
    case H11_RESPONSE: fixed = 2; break;
    case H11_DATA: fixed = 1; break;
    case H11_END_OF_MESSAGE:
    case H11_CONNECTION_CLOSED: fixed = 0; break;
    default: return H11_ERR_INVALID_ARGUMENT;
    }
    if (n_lens < fixed || (n_lens && !lens) || (type == H11_DATA && n_lens != 1) ||
        (type == H11_CONNECTION_CLOSED && n_lens != 0) || (n_lens - fixed) % 2 != 0)
        return H11_ERR_INVALID_ARGUMENT;
    for (i = 0; i < n_lens; i++)
        if (lens[i] && !fields)
            return H11_ERR_INVALID_ARGUMENT;
    pairs = (n_lens - fixed) / 2;
    if (h11__grow(mem, (void **)arr, arr_cap, pairs, sizeof **arr) != H11_OK)
        return H11_ERR_NOMEM;
    for (i = 0; i < fixed; i++) {
        f[i].ptr = fields + off;
        f[i].len = lens[i];
        off += lens[i];
    }
    for (i = 0; i < pairs; i++) {
        h11_header *h = &(*arr)[i];
        memset(h, 0, sizeof *h);
        h->raw_name.ptr = fields + off;
        h->raw_name.len = lens[fixed + 2 * i];
        off += h->raw_name.len;
        h->value.ptr = fields + off;
        h->value.len = lens[fixed + 2 * i + 1];
        off += h->value.len;
    }
    h11__event_clear(ev);
    ev->type = type;
    ev->status_code = status_code;
    ev->headers = pairs ? *arr : NULL;
    ev->n_headers = pairs;
    switch (type) {
    case H11_REQUEST:
        ev->method = f[0];
        ev->target = f[1];
        ev->http_version = f[2];
        break;
    case H11_INFORMATIONAL_RESPONSE:
    case H11_RESPONSE:
        ev->http_version = f[0];
        ev->reason = f[1];
        break;
    case H11_DATA:
        ev->data = f[0];
        break;
    default:
        break;
    }
    return H11_OK;
}

/* ---------------------------------------------------------- validator */

struct h11_validator {
    h11_mem mem;
    h11_errinfo err;
    h11_buf store;       /* private copy of the checked event's bytes */
    h11_header *flat;    /* headers of a flat event, pointing into caller memory */
    size_t flat_cap;
    h11_hdrs hdrs;
    h11_event ev;
};

int h11_validator_new(h11_validator **out, const h11_mem *mem)
{
    h11_mem m;
    h11_validator *v;
    if (!out)
        return H11_ERR_INVALID_ARGUMENT;
    *out = NULL;
    h11__mem_init(&m, mem);
    v = h11__malloc(&m, sizeof *v);
    if (!v)
        return H11_ERR_NOMEM;
    memset(v, 0, sizeof *v);
    v->mem = m;
    h11__err_init(&v->err, &v->mem);
    *out = v;
    return H11_OK;
}

void h11_validator_del(h11_validator *v)
{
    if (!v)
        return;
    h11__err_free(&v->err);
    h11__buf_free(&v->store, &v->mem);
    h11__free(&v->mem, v->flat);
    h11__hdrs_free(&v->hdrs, &v->mem);
    h11__free(&v->mem, v);
}

/* A copy of b at the end of store, which has room for it. */
static h11_bytes keep(h11_buf *store, h11_bytes b)
{
    static const uint8_t nothing[1];
    h11_bytes out;
    /* An event without bytes leaves the validator's store unallocated:
     * NULL + 0 is undefined, so empty views point at static storage. */
    out.ptr = b.len ? store->ptr + store->len : nothing;
    out.len = b.len;
    if (b.len)
        memcpy(store->ptr + store->len, b.ptr, b.len);
    store->len += b.len;
    return out;
}

/* The bytes of the normalised event that are not the validator's own yet. */
static size_t event_bytes(const h11_event *ev)
{
    size_t i, n = ev->method.len + ev->target.len + ev->http_version.len + ev->reason.len +
                  ev->data.len;
    for (i = 0; i < ev->n_headers; i++)
        n += ev->headers[i].raw_name.len + ev->headers[i].value.len;
    return n;
}

int h11_validator_check(h11_validator *v, const h11_event *event, const h11_event **normalized)
{
    h11_event *ev;
    size_t i;
    int rc;
    if (normalized)
        *normalized = NULL;
    if (!v || !event || !normalized)
        return H11_ERR_INVALID_ARGUMENT;
    ev = &v->ev;
    rc = h11__event_normalize(event, ev, &v->hdrs, &v->mem, &v->err);
    if (rc != H11_OK)
        return rc;
    /* The normalised views must outlive the caller's buffers, so what still
     * points there is copied (the lower-cased names are the list's own). */
    v->store.len = 0;
    if (h11__buf_reserve(&v->store, &v->mem, event_bytes(ev)) != H11_OK)
        return h11__err_nomem(&v->err);
    ev->method = keep(&v->store, ev->method);
    ev->target = keep(&v->store, ev->target);
    ev->http_version = keep(&v->store, ev->http_version);
    ev->reason = keep(&v->store, ev->reason);
    ev->data = keep(&v->store, ev->data);
    for (i = 0; i < ev->n_headers; i++) {
        v->hdrs.items[i].raw_name = keep(&v->store, v->hdrs.items[i].raw_name);
        v->hdrs.items[i].value = keep(&v->store, v->hdrs.items[i].value);
    }
    *normalized = ev;
    return H11_OK;
}

int h11_validator_check_flat(h11_validator *v, int type, int status_code, const uint8_t *fields,
                             const uint32_t *lens, size_t n_lens, const h11_event **normalized)
{
    h11_event ev;
    int rc;
    if (normalized)
        *normalized = NULL;
    if (!v || !normalized)
        return H11_ERR_INVALID_ARGUMENT;
    rc = h11__event_from_flat(&ev, &v->flat, &v->flat_cap, &v->mem, type, status_code, fields,
                              lens, n_lens);
    if (rc != H11_OK)
        return h11__err_args(&v->err, rc);
    return h11_validator_check(v, &ev, normalized);
}

int h11_validator_prepare(h11_validator *v, const h11_event *event, h11_prepared **out)
{
    h11_event *ev;
    h11_prepared *p;
    h11_header *items;
    h11_buf block;
    size_t i, n, bytes, head = 0;
    int rc;
    if (out)
        *out = NULL;
    if (!v || !event || !out)
        return H11_ERR_INVALID_ARGUMENT;
    /* Normalised in place, its views still in the caller's memory and the
     * list's arena: the block below is the only copy. */
    ev = &v->ev;
    rc = h11__event_normalize(event, ev, &v->hdrs, &v->mem, &v->err);
    if (rc != H11_OK)
        return rc;
    n = ev->n_headers;
    bytes = event_bytes(ev);
    for (i = 0; i < n; i++)
        bytes += ev->headers[i].name.len;
    if ((ev->type == H11_REQUEST || ev->type == H11_INFORMATIONAL_RESPONSE ||
         ev->type == H11_RESPONSE) &&
        h11__bytes_eq(ev->http_version, "1.1"))
        head = h11__write_size(ev);
    /* One block: the handle, the header array, then the bytes. */
    p = h11__malloc(&v->mem, sizeof *p + n * sizeof *items + bytes + head);
    if (!p)
        return h11__err_nomem(&v->err);
    items = (h11_header *)(void *)(p + 1);
    block.ptr = (uint8_t *)(items + n);
    block.len = 0;
    block.cap = bytes + head;
    p->mem = v->mem;
    p->ev = *ev;
    p->present = v->hdrs.present;
    p->ev.method = keep(&block, ev->method);
    p->ev.target = keep(&block, ev->target);
    p->ev.http_version = keep(&block, ev->http_version);
    p->ev.reason = keep(&block, ev->reason);
    p->ev.data = keep(&block, ev->data);
    for (i = 0; i < n; i++) {
        items[i].raw_name = keep(&block, ev->headers[i].raw_name);
        items[i].name = keep(&block, ev->headers[i].name);
        items[i].value = keep(&block, ev->headers[i].value);
    }
    p->ev.headers = n ? items : NULL;
    p->head.ptr = block.ptr + block.len;
    p->head.len = 0;
    if (head) {
        size_t at = block.len;
        h11__write_head(&block, &v->err, &p->ev, p->present);
        p->head.len = block.len - at;
    }
    *out = p;
    return H11_OK;
}

void h11_prepared_del(h11_prepared *p)
{
    if (p)
        h11__free(&p->mem, p);
}

int h11_validator_last_error_status_hint(const h11_validator *v)
{
    return v && v->err.code ? v->err.hint : 0;
}

const char *h11_validator_last_error_message(const h11_validator *v, size_t *len)
{
    if (!v) {
        if (len)
            *len = 0;
        return "";
    }
    return h11__err_message(&v->err, len);
}
