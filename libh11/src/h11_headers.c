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

/* Always inline: left to itself, GCC calls it from h11__hdrs_add_kind, which
 * costs each chunked response's trailers (d) about 30 instructions. */
static H11_ALWAYS_INLINE int push_kind(h11_hdrs *h, const h11_mem *mem, h11_bytes raw_name,
                                       h11_bytes name, h11_bytes value, unsigned kind)
{
    if (h11__grow(mem, (void **)&h->items, &h->cap, h->len + 1, sizeof *h->items) != H11_OK)
        return H11_ERR_NOMEM;
    h11__hdrs_store(h, raw_name, name, value, kind);
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

/* Is value a Content-Length that is already normal: one run of 1-20
 * digits? */
static bool is_plain_length(h11_bytes value)
{
    size_t i;
    for (i = 0; i < value.len && i <= H11_CONTENT_LENGTH_MAX_DIGITS; i++)
        if (value.ptr[i] < '0' || value.ptr[i] > '9')
            return false;
    return i == value.len && i != 0 && i <= H11_CONTENT_LENGTH_MAX_DIGITS;
}

/* Content-Length: every comma-separated piece, stripped, must be the same
 * single run of 1-20 digits; that run is the normalised value. */
static int normalize_content_length(h11_errinfo *err, h11_bytes value, h11_bytes *out)
{
    const uint8_t *p = value.ptr, *end = value.ptr + value.len;
    bool first = true;
    size_t i;
    if (is_plain_length(value)) {
        *out = value;
        return H11_OK;
    }
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

static bool is_chunked(h11_bytes value)
{
    h11_bytes chunked;
    chunked.ptr = TRANSFER_ENCODING_CHUNKED;
    chunked.len = sizeof TRANSFER_ENCODING_CHUNKED - 1;
    return token_equals_ci(value, &chunked);
}

#ifdef H11_SIMD_SSE2
/* Lower-cases a name of 4 bytes or more made of letters, digits and '-'
 * only into dst, a vector at a time (the last block overlapping the one
 * before, a short name loaded as two overlapping halves); false for any
 * other name, which is left to the byte loop (dst[0, n) may then hold
 * anything: the loop writes it again). */
static bool lower_plain_name(uint8_t *dst, const uint8_t *p, size_t n)
{
    h11_name_consts k = h11__name_consts();
    __m128i x, y;
    size_t i;
    if (n >= 16) {
        for (i = 0; i + 16 < n; i += 16)
            if (h11__lower_name_block(&k, dst + i, p + i) != 0xffff)
                return false;
        return h11__lower_name_block(&k, dst + n - 16, p + n - 16) == 0xffff;
    }
    if (n >= 8) {
        x = _mm_unpacklo_epi64(_mm_loadl_epi64((const __m128i *)(const void *)p),
                               _mm_loadl_epi64((const __m128i *)(const void *)(p + n - 8)));
        if (h11__plain_name_lanes(&k, x, &y) != 0xffff)
            return false;
        _mm_storel_epi64((__m128i *)(void *)dst, y);
        _mm_storel_epi64((__m128i *)(void *)(dst + n - 8), _mm_unpackhi_epi64(y, y));
        return true;
    }
    if (n >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, p, 4);
        memcpy(&hi, p + n - 4, 4);
        x = _mm_unpacklo_epi32(_mm_cvtsi32_si128((int)lo), _mm_cvtsi32_si128((int)hi));
        if ((h11__plain_name_lanes(&k, x, &y) & 0xff) != 0xff)
            return false;
        lo = (uint32_t)_mm_cvtsi128_si32(y);
        hi = (uint32_t)_mm_cvtsi128_si32(_mm_srli_si128(y, 4));
        memcpy(dst, &lo, 4);
        memcpy(dst + n - 4, &hi, 4);
        return true;
    }
    return false;
}
#endif

/* Lower-cases raw into dst; false unless it is a token (h11's field_name). */
static bool lower_user_name(uint8_t *dst, h11_bytes raw)
{
#ifdef H11_SIMD_SSE2
    if (lower_plain_name(dst, raw.ptr, raw.len))
        return true;
#endif
    return raw.len != 0 && h11__lower_token(dst, raw.ptr, raw.len) == raw.len;
}

static int bad_name(h11_errinfo *err, h11_bytes raw_name)
{
    h11__err_start(err, H11_HINT_DEFAULT, "Illegal header name ");
    h11__err_add_repr(err, raw_name.ptr, raw_name.len, false);
    return H11_ERR_LOCAL_PROTOCOL;
}

static int bad_value(h11_errinfo *err, h11_bytes value)
{
    h11__err_start(err, H11_HINT_DEFAULT, "Illegal header value ");
    h11__err_add_repr(err, value.ptr, value.len, false);
    return H11_ERR_LOCAL_PROTOCOL;
}

/* The name h11 takes from a user's header: the raw name when given. */
static h11_bytes given_name(const h11_header *h) { return h->raw_name.ptr ? h->raw_name : h->name; }

static size_t name_bytes(const h11_header *in, size_t n)
{
    size_t i, sum = 0;
    for (i = 0; i < n; i++)
        sum += given_name(&in[i]).len;
    return sum;
}

/* One pass per header: views checked, name validated and lower-cased into
 * the arena, value validated, kind found, header pushed. The lower-cased
 * names must not move while the list is built: should the arena's room
 * (left over from earlier events) run out, it is grown to take every name
 * and the list started again. flatten inlines push_kind and the name and
 * value helpers here: left to itself, GCC calls them, which costs send (c)
 * about 380 instructions (bench/). */
#if defined(__GNUC__)
__attribute__((flatten))
#endif
int h11__hdrs_add(h11_hdrs *h, const h11_mem *mem, h11_errinfo *err, const h11_header *in,
                  size_t n)
{
    size_t i;
    int rc;
    if (h11__hdrs_reset(h, mem, 0) != H11_OK)
        return H11_ERR_NOMEM;
    for (i = 0; i < n; i++) {
        h11_bytes raw = given_name(&in[i]), value = in[i].value, name;
        unsigned kind;
        if (!h11__header_views_ok(&in[i]))
            return H11_ERR_INVALID_ARGUMENT;
        if (H11_UNLIKELY(raw.len > h->arena.cap - h->arena.len)) {
            if (h11__hdrs_reset(h, mem, name_bytes(in, n)) != H11_OK)
                return H11_ERR_NOMEM;
            i = (size_t)-1; /* the loop's increment starts it again at 0 */
            continue;
        }
        name.ptr = h->arena.ptr + h->arena.len;
        name.len = raw.len;
        if (!lower_user_name(h->arena.ptr + h->arena.len, raw))
            return bad_name(err, raw);
        if (!is_field_value(value))
            return bad_value(err, value);
        h->arena.len += raw.len;
        kind = h11__hdr_kind(name);
        /* Only these two have values to normalise or rules to apply. */
        if (kind & (H11_HDR_CONTENT_LENGTH | H11_HDR_TRANSFER_ENCODING))
            rc = h11__hdrs_add_kind(h, mem, err, raw, name, value, kind);
        else
            rc = push_kind(h, mem, raw, name, value, kind);
        if (rc != H11_OK)
            return rc;
    }
    return H11_OK;
}

/* The lower-cased name of every header of a kind, by bit (H11_HDR_*). */
#define KIND_NAME(s) {(const uint8_t *)s, sizeof s - 1}
static const h11_bytes KIND_NAMES[] = {KIND_NAME("host"),   KIND_NAME("connection"),
                                       KIND_NAME("content-length"),
                                       KIND_NAME("transfer-encoding"),
                                       KIND_NAME("expect"), KIND_NAME("upgrade")};
#undef KIND_NAME

/* Keeps a header with a kind the way h11__hdrs_add_kind would, when that
 * needs no normalising; H11_GENERAL_PATH for a repeated Content-Length or
 * Transfer-Encoding, a value h11 rewrites, or a Host header after others
 * (h11 writes Host first: the lines are already out in the given order). */
static int keep_kind_as_given(h11_hdrs *h, const h11_mem *mem, h11_bytes raw, h11_bytes value,
                              unsigned kind, size_t others)
{
    unsigned bit = 0;
    if (kind & h->present & (H11_HDR_CONTENT_LENGTH | H11_HDR_TRANSFER_ENCODING))
        return H11_GENERAL_PATH;
    if ((kind == H11_HDR_CONTENT_LENGTH && !is_plain_length(value)) ||
        (kind == H11_HDR_TRANSFER_ENCODING && !h11__bytes_eq(value, "chunked")) ||
        (kind == H11_HDR_HOST && others))
        return H11_GENERAL_PATH;
    while (!(kind & (1u << bit)))
        bit++;
    return push_kind(h, mem, raw, KIND_NAMES[bit], value, kind);
}

#if defined(__GNUC__)
__attribute__((flatten))
#endif
int h11__hdrs_add_written(h11_hdrs *h, const h11_mem *mem, const h11_header *in, size_t n,
                          h11_buf *out, size_t *at)
{
    size_t i, others = 0;
    uint8_t *w;
    int rc;
    h11__hdrs_empty(h);
    for (i = 0; i < n; i++) {
        h11_bytes raw = given_name(&in[i]), value = in[i].value, lower;
        size_t room = raw.len + value.len + 4 + 2; /* and the block's blank line */
        unsigned kind;
        if (!h11__header_views_ok(&in[i]))
            return H11_GENERAL_PATH;
        if (*at + room > out->cap - out->len && h11__buf_reserve(out, mem, *at + room) != H11_OK)
            return H11_ERR_NOMEM;
        /* The name is lower-cased where its line goes, which is all its
         * kind needs, then written over. */
        w = out->ptr + out->len + *at;
        if (!lower_user_name(w, raw) || !is_field_value(value))
            return H11_GENERAL_PATH;
        lower.ptr = w;
        lower.len = raw.len;
        kind = h11__hdr_kind(lower);
        if (kind && (rc = keep_kind_as_given(h, mem, raw, value, kind, others)) != H11_OK)
            return rc;
        others += kind != H11_HDR_HOST;
        *at = (size_t)(h11__put_header(w, raw, value) - (out->ptr + out->len));
    }
    if (*at + 2 > out->cap - out->len && h11__buf_reserve(out, mem, *at + 2) != H11_OK)
        return H11_ERR_NOMEM;
    w = out->ptr + out->len + *at;
    *w++ = '\r';
    *w = '\n';
    *at += 2;
    return H11_OK;
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

/* Does w hold a byte b with (b | fold) == c? */
static inline bool word_holds(uint64_t w, uint8_t c, uint8_t fold)
{
    const uint64_t ones = 0x0101010101010101ull;
    return h11__has_byte_below((w | ones * fold) ^ ones * c, 1);
}

/* Might p[0, n) hold a byte b with (b | fold) == c? Comma-header values
 * are mostly one short token ("keep-alive", "close"): for 4 to 16 bytes,
 * overlapping word tests tell for less than a memchr call costs. True for
 * any other length. */
static inline bool may_hold(const uint8_t *p, size_t n, uint8_t c, uint8_t fold)
{
    uint64_t w;
    if (n >= 8 && n <= 16) {
        if (word_holds(h11__load64(p), c, fold))
            return true;
        w = h11__load64(p + n - 8);
    } else if (n >= 4 && n < 8) {
        w = h11__load4to7(p, n);
    } else {
        return true;
    }
    return word_holds(w, c, fold);
}

/* The first ',' in p[0, n), or NULL. */
static inline const uint8_t *find_comma(const uint8_t *p, size_t n)
{
    return may_hold(p, n, ',', 0) ? memchr(p, ',', n) : NULL;
}

/* Calls visit on every non-empty, stripped comma-separated piece of value;
 * true once visit returns true. Always inline so that a known visit is
 * inlined too. */
static H11_ALWAYS_INLINE bool each_piece(h11_bytes value, bool (*visit)(h11_bytes tok, void *arg),
                                         void *arg)
{
    const uint8_t *p = value.ptr, *end = value.ptr + value.len;
    while (p <= end && value.len) {
        const uint8_t *comma = find_comma(p, (size_t)(end - p));
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
    return false;
}

bool h11__hdrs_each_token_n(const h11_header *items, size_t n, const char *name, size_t name_len,
                            bool (*visit)(h11_bytes tok, void *arg), void *arg)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (h11__bytes_eq_n(items[i].name, name, name_len) && each_piece(items[i].value, visit, arg))
            return true;
    return false;
}

static bool token_any(h11_bytes tok, void *arg)
{
    (void)tok;
    (void)arg;
    return true;
}

/* h11__value_has_token_n's splitting, apart: the test before it, which
 * settles most values, then needs no registers saved. */
static H11_NOINLINE bool pieces_have_token(h11_bytes value, const char *token, size_t token_len)
{
    h11_bytes lit;
    lit.ptr = (const uint8_t *)token;
    lit.len = token_len;
    return each_piece(value, token_equals_ci, &lit);
}

bool h11__value_has_token_n(h11_bytes value, const char *token, size_t token_len)
{
    /* The token only matches a piece that starts with its first character
     * in either case: a value that cannot hold that ("keep-alive", against
     * "close") is not split. */
    return may_hold(value.ptr, value.len, (uint8_t)(token[0] | 0x20), 0x20) &&
           pieces_have_token(value, token, token_len);
}

bool h11__hdrs_has_any_token(const h11_header *items, size_t n, const char *name)
{
    return h11__hdrs_each_token(items, n, name, token_any, NULL);
}
