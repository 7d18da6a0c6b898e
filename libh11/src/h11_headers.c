/* Header lists: h11's normalize_and_validate and its comma-header helpers. */
#include "h11_int.h"

/* h11 counts Content-Length digits and refuses more than this many. */
#define H11_CONTENT_LENGTH_MAX_DIGITS 20

static const uint8_t TRANSFER_ENCODING_CHUNKED[] = "chunked";

void h11__hdrs_free(h11_hdrs *h, const h11_mem *mem)
{
    h11__free(mem, h->items);
    h->items = NULL;
    h->len = h->cap = 0;
    h11__buf_free(&h->arena, mem);
}

int h11__hdrs_reset(h11_hdrs *h, const h11_mem *mem, size_t arena_bytes)
{
    h->len = 0;
    h->present = 0;
    h->hosts = 0;
    h->arena.len = 0;
    /* Never without storage: views into the arena are formed even for
     * empty names, and NULL + 0 is undefined in C. */
    return h11__buf_reserve(&h->arena, mem, arena_bytes ? arena_bytes : 1);
}

static int push_kind(h11_hdrs *h, const h11_mem *mem, h11_bytes raw_name, h11_bytes name,
                     h11_bytes value, unsigned kind)
{
    h11_header *it;
    if (h11__grow(mem, (void **)&h->items, &h->cap, h->len + 1, sizeof *h->items) != H11_OK)
        return H11_ERR_NOMEM;
    it = &h->items[h->len++];
    h->present |= kind;
    h->hosts += kind == H11_HDR_HOST;
    it->raw_name = raw_name;
    it->name = name;
    it->value = value;
    return H11_OK;
}

int h11__hdrs_push(h11_hdrs *h, const h11_mem *mem, h11_bytes raw_name, h11_bytes name,
                   h11_bytes value)
{
    return push_kind(h, mem, raw_name, name, value, h11__hdr_kind(name));
}

/* h11's field_value: empty, or field-vchars with inner runs of SP/HT. */
static bool is_field_value(h11_bytes b)
{
    if (b.len == 0)
        return true;
    return H11_IS(b.ptr[0], H11_C_FVCHAR) && H11_IS(b.ptr[b.len - 1], H11_C_FVCHAR) &&
           h11__field_chars_ok(b.ptr, b.len);
}

static bool bytes_same(h11_bytes a, h11_bytes b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

/* Content-Length: every comma-separated piece, stripped, must be the same
 * single run of 1-20 digits; that run is the normalised value. */
static int normalize_content_length(h11_errinfo *err, h11_bytes value, h11_bytes *out)
{
    const uint8_t *p = value.ptr, *end = value.ptr + value.len;
    bool first = true;
    size_t i;
    for (;;) {
        const uint8_t *comma = memchr(p, ',', (size_t)(end - p));
        h11_bytes piece;
        piece.ptr = p;
        piece.len = (size_t)((comma ? comma : end) - p);
        piece = h11__strip(piece);
        if (first) {
            *out = piece;
            first = false;
        } else if (!bytes_same(piece, *out)) {
            return h11__err_start(err, H11_HINT_DEFAULT, "conflicting Content-Length headers");
        }
        if (!comma)
            break;
        p = comma + 1;
    }
    if (out->len == 0 || out->len > H11_CONTENT_LENGTH_MAX_DIGITS)
        return h11__err_start(err, H11_HINT_DEFAULT, "bad Content-Length");
    for (i = 0; i < out->len; i++)
        if (out->ptr[i] < '0' || out->ptr[i] > '9')
            return h11__err_start(err, H11_HINT_DEFAULT, "bad Content-Length");
    return H11_OK;
}

static bool is_chunked(h11_bytes value)
{
    size_t i;
    if (value.len != sizeof TRANSFER_ENCODING_CHUNKED - 1)
        return false;
    for (i = 0; i < value.len; i++) {
        uint8_t c = H11_IS(value.ptr[i], H11_C_UPPER) ? (uint8_t)(value.ptr[i] | 0x20) : value.ptr[i];
        if (c != TRANSFER_ENCODING_CHUNKED[i])
            return false;
    }
    return true;
}

int h11__hdrs_add(h11_hdrs *h, const h11_mem *mem, h11_errinfo *err, h11_bytes raw_name,
                  h11_bytes value)
{
    /* Room for the lower-cased name was reserved by h11__hdrs_reset. */
    uint8_t *lower = h->arena.ptr + h->arena.len;
    h11_bytes name;
    if (raw_name.len == 0 || h11__lower_token(lower, raw_name.ptr, raw_name.len) != raw_name.len) {
        h11__err_start(err, H11_HINT_DEFAULT, "Illegal header name ");
        h11__err_add_repr(err, raw_name.ptr, raw_name.len, false);
        return H11_ERR_LOCAL_PROTOCOL;
    }
    if (!is_field_value(value)) {
        h11__err_start(err, H11_HINT_DEFAULT, "Illegal header value ");
        h11__err_add_repr(err, value.ptr, value.len, false);
        return H11_ERR_LOCAL_PROTOCOL;
    }
    h->arena.len += raw_name.len;
    name.ptr = lower;
    name.len = raw_name.len;
    return h11__hdrs_add_lowered(h, mem, err, raw_name, name, value);
}

int h11__hdrs_add_kind(h11_hdrs *h, const h11_mem *mem, h11_errinfo *err, h11_bytes raw_name,
                       h11_bytes name, h11_bytes value, unsigned kind)
{
    if (kind == H11_HDR_CONTENT_LENGTH) {
        const h11_header *seen =
            h->present & kind ? h11__hdrs_find(h->items, h->len, "content-length") : NULL;
        int rc = normalize_content_length(err, value, &value);
        if (rc != H11_OK)
            return rc;
        if (seen) {
            if (!bytes_same(seen->value, value))
                return h11__err_start(err, H11_HINT_DEFAULT, "conflicting Content-Length headers");
            return H11_OK; /* an identical repeat is dropped */
        }
    } else if (kind == H11_HDR_TRANSFER_ENCODING) {
        if (h->present & kind)
            return h11__err_start(err, 501, "multiple Transfer-Encoding headers");
        if (!is_chunked(value))
            return h11__err_start(err, 501, "Only Transfer-Encoding: chunked is supported");
        value.ptr = TRANSFER_ENCODING_CHUNKED;
        value.len = sizeof TRANSFER_ENCODING_CHUNKED - 1;
    }
    return push_kind(h, mem, raw_name, name, value, kind);
}

/* name is not a literal here, so its length is taken once, not per header. */
const h11_header *h11__hdrs_find(const h11_header *items, size_t n, const char *name)
{
    size_t i, len = strlen(name);
    for (i = 0; i < n; i++)
        if (h11__bytes_eq_n(items[i].name, name, len))
            return &items[i];
    return NULL;
}

bool h11__hdrs_each_token_n(const h11_header *items, size_t n, const char *name, size_t name_len,
                            bool (*visit)(h11_bytes tok, void *arg), void *arg)
{
    size_t i;
    for (i = 0; i < n; i++) {
        const uint8_t *p, *end;
        if (!h11__bytes_eq_n(items[i].name, name, name_len))
            continue;
        p = items[i].value.ptr;
        end = p + items[i].value.len;
        while (p <= end && items[i].value.len) {
            const uint8_t *comma = memchr(p, ',', (size_t)(end - p));
            h11_bytes tok;
            tok.ptr = p;
            tok.len = (size_t)((comma ? comma : end) - p);
            tok = h11__strip(tok);
            if (tok.len && visit(tok, arg))
                return true;
            if (!comma)
                break;
            p = comma + 1;
        }
    }
    return false;
}

/* arg is the lower-case token as an h11_bytes */
static bool token_equals_ci(h11_bytes tok, void *arg)
{
    const h11_bytes *lit = arg;
    size_t i;
    if (tok.len != lit->len)
        return false;
    for (i = 0; i < tok.len; i++) {
        uint8_t c = H11_IS(tok.ptr[i], H11_C_UPPER) ? (uint8_t)(tok.ptr[i] | 0x20) : tok.ptr[i];
        if (c != lit->ptr[i])
            return false;
    }
    return true;
}

static bool token_any(h11_bytes tok, void *arg)
{
    (void)tok;
    (void)arg;
    return true;
}

bool h11__hdrs_has_token_n(const h11_header *items, size_t n, const char *name, size_t name_len,
                           const char *token, size_t token_len)
{
    h11_bytes lit;
    lit.ptr = (const uint8_t *)token;
    lit.len = token_len;
    return h11__hdrs_each_token_n(items, n, name, name_len, token_equals_ci, &lit);
}

bool h11__hdrs_has_any_token(const h11_header *items, size_t n, const char *name)
{
    return h11__hdrs_each_token(items, n, name, token_any, NULL);
}
