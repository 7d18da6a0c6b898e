/* Readers (h11's _readers): request and status lines, header blocks with
 * obs-fold, and the three body framings. Events are views into the receive
 * buffer; only lower-cased names and folded lines are copied. */
#include "h11_readers.h"

/* h11 hands HTTP/1.0-framed bodies out in pieces of at most this size. */
#define H11_HTTP10_MAX_READ 999999999u
#define H11_CHUNK_SIZE_MAX_DIGITS 20

static int fail_line(h11_errinfo *err, const char *prefix, const uint8_t *p, size_t n)
{
    h11__err_start(err, H11_HINT_DEFAULT, prefix);
    h11__err_add_repr(err, p, n, true);
    return H11_ERR_LOCAL_PROTOCOL;
}

/* "HTTP/" DIGIT "." DIGIT */
static bool parse_version(const uint8_t *p, size_t n)
{
    return n >= 8 && memcmp(p, "HTTP/", 5) == 0 && p[5] >= '0' && p[5] <= '9' && p[6] == '.' &&
           p[7] >= '0' && p[7] <= '9';
}

static h11_bytes view(const uint8_t *p, size_t n)
{
    h11_bytes b;
    b.ptr = p;
    b.len = n;
    return b;
}

/* The length of the run of request-target bytes (0x21-0x7E) at p. */
static size_t vchar_run(const uint8_t *p, size_t n)
{
    size_t i = 0;
#ifdef H11_SIMD_SSE2
    while (i + 16 <= n) {
        unsigned ok = (unsigned)_mm_movemask_epi8(
            h11__lanes_in(_mm_loadu_si128((const __m128i *)(const void *)(p + i)), 0x21, 0x7e));
        if (ok != 0xffff)
            return i + (size_t)__builtin_ctz(~ok);
        i += 16;
    }
#endif
    while (i < n && H11_IS(p[i], H11_C_VCHAR))
        i++;
    return i;
}

/* The length of the token that starts a header line, lower-cased into
 * dst, when a ':' follows it; 0 when none does, so the caller has one test.
 * While 16 bytes of the line remain, letters, digits and '-' (what names
 * are made of in practice) are checked and lower-cased 16 at a time; the
 * table loop takes over at the first other byte. The last block is the 16
 * bytes that end the line, so a name running past the last whole block is
 * not left to the table loop: the lanes it shares with the block before
 * hold name bytes already checked, so its first failing lane is still
 * where the name stops. dst may be written up to n bytes, not just the
 * name. */
static H11_ALWAYS_INLINE size_t lower_name(uint8_t *dst, const uint8_t *p, size_t n)
{
    size_t i = 0;
#ifdef H11_SIMD_SSE2
    h11_name_consts k = h11__name_consts();
    while (n >= 16 && i < n) {
        size_t at = i + 16 <= n ? i : n - 16;
        __m128i lowered;
        unsigned ok = (unsigned)h11__plain_name_lanes(
            &k, _mm_loadu_si128((const __m128i *)(const void *)(p + at)), &lowered);
        _mm_storeu_si128((__m128i *)(void *)(dst + at), lowered);
        if (ok != 0xffff) {
            i = at + (size_t)__builtin_ctz(~ok);
            if (p[i] == ':') /* the usual end of a name: no table loop */
                return i;
            break;
        }
        i = at + 16;
    }
#endif
    i += h11__lower_token(dst + i, p + i, n - i);
    return i < n && p[i] == ':' ? i : 0;
}

/* method SP target SP HTTP-version. p[n] is the CR or LF that ends the
 * line, which is no token byte: the method's loop needs no bound. */
static bool parse_request_line(const uint8_t *p, size_t n, h11_event *ev)
{
    size_t i = 0, t;
    while (H11_IS(p[i], H11_C_TCHAR))
        i++;
    if (i == 0 || i >= n || p[i] != ' ')
        return false;
    ev->method = view(p, i);
    t = ++i;
    i += vchar_run(p + i, n - i);
    if (i == t || i >= n || p[i] != ' ')
        return false;
    ev->target = view(p + t, i - t);
    i++;
    if (n - i != 8 || !parse_version(p + i, 8))
        return false;
    ev->http_version = view(p + i + 5, 3);
    return true;
}

/* HTTP-version SP 3DIGIT [SP reason] */
static bool parse_status_line(const uint8_t *p, size_t n, h11_event *ev)
{
    size_t i;
    if (n < 12 || !parse_version(p, n) || p[8] != ' ')
        return false;
    for (i = 9; i < 12; i++)
        if (p[i] < '0' || p[i] > '9')
            return false;
    if (n > 12) {
        if (p[12] != ' ')
            return false;
        for (i = 13; i < n; i++)
            if (!H11_IS(p[i], H11_C_REASON))
                return false;
        ev->reason = view(p + 13, n - 13);
    } else {
        ev->reason = view(p + n, 0);
    }
    ev->http_version = view(p + 5, 3);
    ev->status_code = (p[9] - '0') * 100 + (p[10] - '0') * 10 + (p[11] - '0');
    return true;
}

#ifdef H11_SIMD_SSE2
/* The name's length when the first byte that is not a letter, digit or '-'
 * is at p[i] and is a ':'; 0 otherwise. A ':' is all but certain: without
 * the hint, GCC put the usual line's path out of line, behind a jump
 * (-96 instructions per (b) head at -O2). */
static H11_ALWAYS_INLINE size_t name_to_colon(const uint8_t *p, size_t i)
{
    return H11_LIKELY(p[i] == ':') ? i : 0;
}

/* The lower-cased name of letters, digits and '-' that starts a line, when
 * a ':' ends it; 0 when another byte does. Whole 16-byte blocks are read
 * and written, up to 15 bytes past the first other byte, which the LF
 * ending the line is at the latest: the receive buffer's slack makes that
 * safe, and the caller leaves room for the writes. A name that ends in its
 * first block, as nearly all do, returns from there with no offset to add:
 * written as one loop, GCC keeps the offset for it too, two instructions
 * per line. */
static H11_ALWAYS_INLINE size_t lower_name_to_colon(const h11_name_consts *k, uint8_t *dst,
                                                    const uint8_t *p)
{
    unsigned ok = h11__lower_name_block(k, dst, p);
    size_t i;
    if (ok != 0xffff)
        return name_to_colon(p, (unsigned)__builtin_ctz(~ok));
    for (i = 16;; i += 16) {
        ok = h11__lower_name_block(k, dst + i, p + i);
        if (ok != 0xffff)
            return name_to_colon(p, i + (unsigned)__builtin_ctz(~ok));
    }
}
#endif

/* token ":" OWS field-value OWS. The line grammar is checked for every line
 * before h11 applies any normalisation rule, so a normalisation failure is
 * only remembered in *norm_rc (and reported if every line parses); later
 * lines are still parsed for grammar but no longer normalised. The
 * lower-cased name is kept at *names, the free room of h's arena. Always
 * inline: in parse_header_block's loop a call per line costs each line of a
 * head that is not clean about 45 instructions. */
static H11_ALWAYS_INLINE int parse_header_line(h11_read_ctx *ctx, h11_hdrs *h, uint8_t **names,
                                               const uint8_t *p, size_t n, int *norm_rc)
{
    uint8_t *lower = *names;
    size_t name_len = lower_name(lower, p, n), v, e;
    /* The name and the OWS around the value are field chars too, so the
     * whole line can be checked in full 16-byte blocks. */
    if (name_len == 0 || !h11__field_chars_ok(p, n))
        return fail_line(ctx->err, "illegal header line: ", p, n);
    v = name_len + 1;
    /* Nearly every value follows one space: testing for exactly that
     * costs less than two turns of the loop. */
    if (v + 1 < n && p[v] == ' ' && !H11_IS(p[v + 1], H11_C_OWS))
        v++;
    else
        while (v < n && H11_IS(p[v], H11_C_OWS))
            v++;
    e = n;
    while (e > v && H11_IS(p[e - 1], H11_C_OWS))
        e--;
    if (*norm_rc != H11_OK)
        return H11_OK;
    *names += name_len;
    *norm_rc = h11__hdrs_add_lowered(h, ctx->mem, ctx->err, view(p, name_len),
                                     view(lower, name_len), view(p + v, e - v));
    return *norm_rc == H11_ERR_NOMEM ? h11__err_nomem(ctx->err) : H11_OK;
}

/* Where the lines of a head block end: the LFs h11__rbuf_find_head
 * recorded while it looked for the block's end, or, when it could not
 * record them all, a search. */
typedef struct line_ends {
    const uint8_t *block;
    const uint16_t *lfs;
    unsigned n; /* how many offsets lfs holds: the last ends the block's last line */
    unsigned next;
    bool clean; /* the head search found the lines clean */
} line_ends;

static line_ends block_line_ends(const h11_rbuf *rb)
{
    line_ends le;
    le.block = h11__rbuf_peek(rb);
    le.lfs = rb->n_lfs == H11_LFS_UNKNOWN ? NULL : rb->lfs;
    le.n = rb->n_lfs;
    le.next = 0;
    le.clean = le.lfs && rb->head_clean;
    return le;
}

/* The LF that ends the line starting at line (the block has one). */
static const uint8_t *line_end(line_ends *le, const uint8_t *line, const uint8_t *end)
{
    if (le->lfs)
        return le->block + le->lfs[le->next++];
    return memchr(line, '\n', (size_t)(end - line));
}

/* The next line of p[*pos, n), without its LF and one trailing CR. Inline:
 * it runs once per header line. */
static inline h11_bytes next_line(line_ends *le, const uint8_t *p, size_t n, size_t *pos)
{
    const uint8_t *line = p + *pos;
    size_t len = (size_t)(line_end(le, line, p + n) - line);
    *pos += len + 1;
    if (len && line[len - 1] == '\r')
        len--;
    return view(line, len);
}

/* Splits the lines of a head block (each ending in LF, one trailing CR
 * dropped), joins obs-fold continuations, and parses and normalises every
 * header line in one pass. A line is parsed as soon as the next one is
 * seen not to continue it. */
static int parse_header_block(h11_read_ctx *ctx, line_ends *le, const uint8_t *p, size_t n)
{
    h11_hdrs *h = ctx->hdrs;
    h11_buf *arena = &h->arena;
    size_t pos = 0;
    int rc, norm_rc = H11_OK;
    /* The arena's free room, in a local until the block is done: the
     * stores of names through it could alias arena->len and make every
     * line load it again. */
    uint8_t *names;
    /* Lower-cased names and folded lines together never exceed 2n, and the
     * line being parsed fits in what its own name will not use. */
    if (h11__hdrs_reset(h, ctx->mem, 2 * n + 16) != H11_OK)
        return h11__err_nomem(ctx->err);
    names = arena->ptr + arena->len;
    if (n && H11_IS(p[0], H11_C_OWS))
        return h11__err_start(ctx->err, H11_HINT_DEFAULT, "continuation line at start of headers");
    while (pos < n) {
        h11_bytes line = next_line(le, p, n, &pos);
        if (pos < n && H11_IS(p[pos], H11_C_OWS)) {
            /* obs-fold: the line and its continuations, each with its
             * leading whitespace replaced by one space, joined in the arena */
            uint8_t *joined = names;
            memcpy(joined, line.ptr, line.len);
            names += line.len;
            do {
                h11_bytes more = next_line(le, p, n, &pos);
                while (more.len && H11_IS(more.ptr[0], H11_C_OWS)) {
                    more.ptr++;
                    more.len--;
                }
                *names++ = ' ';
                memcpy(names, more.ptr, more.len);
                names += more.len;
            } while (pos < n && H11_IS(p[pos], H11_C_OWS));
            line = view(joined, (size_t)(names - joined));
        }
        if ((rc = parse_header_line(ctx, h, &names, line.ptr, line.len, &norm_rc)) != H11_OK)
            return rc;
    }
    arena->len = (size_t)(names - arena->ptr);
    if (norm_rc != H11_OK)
        return norm_rc;
    ctx->ev->headers = h->items;
    ctx->ev->n_headers = h->len;
    return H11_OK;
}

#ifdef H11_SIMD_SSE2
/* Where parse_clean_lines has got to in a block. */
typedef struct line_cursor {
    const uint8_t *line;
    const uint16_t *lf; /* the offset of the LF that ends line */
    uint8_t *names;     /* the arena's free room */
} line_cursor;

/* Stores plain lines of a clean block from at onwards, those whose LFs lie
 * before lfs_end, each read once: a name of letters, digits and '-' with no
 * rule (not Content-Length nor Transfer-Encoding), spaces, and a value whose
 * last byte is above SP (a clean line has no other byte to check). Stops
 * before the first other line. The list has room for every line. Its loop
 * calls nothing, so the cursor and the constants stay in registers; inline,
 * it also saves a call per run (out of line it cost about 30 instructions
 * per head more). */
static H11_ALWAYS_INLINE void store_plain_lines(h11_hdrs *h, const line_ends *le, line_cursor *at,
                                                const uint16_t *lfs_end)
{
    const h11_name_consts k = h11__name_consts();
    const uint8_t *p = at->line;
    const uint16_t *lf = at->lf;
    uint8_t *names = at->names;
    h11_header *it = h->items + h->len;
    while (lf < lfs_end) {
        const uint8_t *nl = le->block + *lf;
        const uint8_t *value_end = nl, *value;
        /* A branch, not arithmetic on a compare: a head's lines all end
         * alike, CRLF or LF, so it is always foreseen. */
        if (nl[-1] == '\r')
            value_end--;
        size_t name_len = lower_name_to_colon(&k, names, p);
        unsigned kind;
        if (name_len == 0 || value_end[-1] <= ' ')
            break;
        /* Nearly every value follows one space. The value's last byte is
         * no space, so the loop stops by it. The hint keeps that path
         * straight: each plain line took two more jumps without it. */
        value = p + name_len + 1;
        if (H11_LIKELY(*value == ' '))
            while (H11_UNLIKELY(*++value == ' '))
                ;
        kind = h11__hdr_kind(view(names, name_len));
        if (kind & (H11_HDR_CONTENT_LENGTH | H11_HDR_TRANSFER_ENCODING))
            break;
        if (kind)
            h11__hdrs_note_kind(h, kind, (size_t)(it - h->items));
        it->raw_name = view(p, name_len);
        it->name = view(names, name_len);
        it->value = view(value, (size_t)(value_end - value));
        it++;
        names += name_len;
        p = nl + 1;
        lf++;
    }
    h->len = (size_t)(it - h->items);
    at->line = p;
    at->lf = lf;
    at->names = names;
}

/* parse_header_block for a clean block (see h11__rbuf_find_head) whose
 * line ends the head search recorded: runs of plain lines go to
 * store_plain_lines, any other line to parse_header_line. No line folds.
 * H11_GENERAL_PATH, with nothing kept, for a header h11 rewrites or
 * refuses: parse_header_block then does the whole block, so that its
 * grammar errors still come first. */
static int parse_clean_lines(h11_read_ctx *ctx, const line_ends *le, const uint8_t *p, size_t n)
{
    h11_hdrs *h = ctx->hdrs;
    /* The recorded LFs from the block's first header line on, one per
     * line (the head search stops at the LF before the blank line). */
    const uint16_t *lfs_end = le->lfs + le->n;
    size_t lines = (size_t)(lfs_end - (le->lfs + le->next));
    line_cursor at;
    int rc, norm_rc = H11_OK;
    /* Lower-cased names never exceed n, and a name's last 16-byte store
     * ends at most 16 bytes past its line's LF. Room in the list for every
     * line up front spares store_plain_lines a test per line; room for one
     * at least, so that the list has storage (NULL + 0 is undefined). */
    if (h11__hdrs_reset(h, ctx->mem, n + 16) != H11_OK ||
        h11__grow(ctx->mem, (void **)&h->items, &h->cap, lines ? lines : 1, sizeof *h->items) != H11_OK)
        return h11__err_nomem(ctx->err);
    at.line = p;
    at.lf = le->lfs + le->next;
    at.names = h->arena.ptr + h->arena.len;
    for (;;) {
        const uint8_t *nl;
        store_plain_lines(h, le, &at, lfs_end);
        if (at.lf == lfs_end)
            break;
        nl = le->block + *at.lf++;
        rc = parse_header_line(ctx, h, &at.names, at.line,
                               (size_t)(nl - at.line) - (nl[-1] == '\r'), &norm_rc);
        if (rc != H11_OK)
            return rc;
        if (norm_rc != H11_OK)
            return H11_GENERAL_PATH;
        at.line = nl + 1;
    }
    h->arena.len = (size_t)(at.names - h->arena.ptr);
    ctx->ev->headers = h->items;
    ctx->ev->n_headers = h->len;
    return H11_OK;
}
#endif

/* The header lines of a head or trailer block. */
static int parse_headers(h11_read_ctx *ctx, line_ends *le, const uint8_t *p, size_t n)
{
#ifdef H11_SIMD_SSE2
    if (le->clean) {
        int rc = parse_clean_lines(ctx, le, p, n);
        if (rc != H11_GENERAL_PATH)
            return rc;
    }
#endif
    return parse_header_block(ctx, le, p, n);
}

/* Strict mode's line checks on a complete head or trailer block (its
 * final blank line included), run only once h11 accepted the block. */
static int strict_check_lines(h11_errinfo *err, const uint8_t *p, size_t n)
{
    const uint8_t *nl;
    size_t i = 0;
    bool fold = false;
    while ((nl = memchr(p + i, '\n', n - i)) != NULL) {
        size_t at = (size_t)(nl - p);
        /* RFC 9112 section 2.2: a recipient MAY accept a bare LF as a line
         * terminator; a parser that does not will find a different end of
         * the head, so strict refuses it. */
        if (at == 0 || p[at - 1] != '\r')
            return h11__err_start(err, H11_HINT_DEFAULT, "bare LF line ending (strict mode)");
        /* RFC 9112 section 5.2: a server MUST reject obs-fold or replace it;
         * h11 replaces it, strict rejects it. */
        if (at + 1 < n && H11_IS(p[at + 1], H11_C_OWS))
            fold = true;
        i = at + 1;
    }
    if (fold)
        return h11__err_start(err, H11_HINT_DEFAULT,
                              "obs-fold line folding in headers (strict mode)");
    return H11_OK;
}

/* Where the lines of a head block end: before its final blank line. */
static size_t head_lines_len(const uint8_t *block, size_t n)
{
    return block[n - 2] == '\n' ? n - 1 : n - 2;
}

int h11__read_head(h11_reader *r, h11_read_ctx *ctx)
{
    h11_rbuf *rb = ctx->rb;
    const uint8_t *block = h11__rbuf_peek(rb);
    size_t n = h11__rbuf_find_head(rb), first_len, lines_len;
    line_ends le = block_line_ends(rb);
    const uint8_t *nl;
    h11_event *ev = ctx->ev;
    bool request = r->kind == H11_READ_REQUEST_HEAD;
    int rc;
    if (n == 0) {
        /* h11 gives up early on what cannot start a request line (a TLS
         * handshake, say), with the request wording for both roles. */
        if (h11__rbuf_len(rb) && block[0] < 0x21)
            return h11__err_start(ctx->err, H11_HINT_DEFAULT, "illegal request line");
        return H11_NEED_DATA;
    }
    if (n <= 2) {
        h11__rbuf_consume(rb, n);
        return h11__err_start(ctx->err, H11_HINT_DEFAULT,
                              request ? "no request line received" : "no response line received");
    }
    lines_len = head_lines_len(block, n);
    nl = line_end(&le, block, block + lines_len);
    first_len = (size_t)(nl - block);
    if (first_len && block[first_len - 1] == '\r')
        first_len--;
    h11__event_clear(ev);
    if (!(request ? parse_request_line(block, first_len, ev) : parse_status_line(block, first_len, ev))) {
        h11__rbuf_consume(rb, n);
        return fail_line(ctx->err, request ? "illegal request line: " : "illegal status line: ", block,
                         first_len);
    }
    rc = parse_headers(ctx, &le, nl + 1, lines_len - (size_t)(nl + 1 - block));
    /* The connection will keep the method; make room while the head can
     * still stay buffered, so running out of memory loses nothing. */
    if (rc == H11_OK && request &&
        h11__buf_reserve(ctx->request_method, ctx->mem, ev->method.len) != H11_OK)
        rc = h11__err_nomem(ctx->err);
    if (rc == H11_ERR_NOMEM)
        return rc;
    h11__rbuf_consume(rb, n);
    if (rc != H11_OK)
        return rc;
    if (request) {
        size_t hosts = ctx->hdrs->hosts;
        ev->type = H11_REQUEST;
        if (hosts == 0 && h11__bytes_eq(ev->http_version, "1.1"))
            return h11__err_start(ctx->err, H11_HINT_DEFAULT, "Missing mandatory Host: header");
        if (hosts > 1)
            return h11__err_start(ctx->err, H11_HINT_DEFAULT, "Found multiple Host: headers");
    } else {
        if (ev->status_code < 100) {
            h11__err_start(ctx->err, H11_HINT_DEFAULT,
                           "InformationalResponse status_code should be in range [100, 200), not ");
            h11__err_add_uint(ctx->err, (uint64_t)ev->status_code);
            return H11_ERR_LOCAL_PROTOCOL;
        }
        ev->type = ev->status_code < 200 ? H11_INFORMATIONAL_RESPONSE : H11_RESPONSE;
    }
    /* The block stays readable after consume: nothing is appended before
     * the next call. */
    if (H11_UNLIKELY(ctx->strict) &&
        ((rc = strict_check_lines(ctx->err, block, n)) != H11_OK ||
         (rc = h11__strict_check_head(ctx->err, ev, ctx->hdrs->present)) != H11_OK))
        return rc;
    return ev->type;
}

/* 1-20 hex digits, then either ";" and anything but LF, or only SP/HT,
 * then the CRLF that ends the line. */
static bool parse_chunk_size(const uint8_t *p, size_t n, uint64_t *size)
{
    size_t body = n - 2, i = 0;
    uint64_t v = 0;
    while (i < body && H11_IS(p[i], H11_C_HEX)) {
        uint8_t c = p[i];
        unsigned d = c <= '9' ? (unsigned)(c - '0') : (unsigned)((c | 0x20) - 'a' + 10);
        /* 20 hex digits overflow 64 bits; a chunk that large never ends
         * anyway, so saturating keeps every observable decision. */
        v = v > (UINT64_MAX >> 4) ? UINT64_MAX : (v << 4) | d;
        i++;
    }
    if (i == 0 || i > H11_CHUNK_SIZE_MAX_DIGITS)
        return false;
    if (i < body && p[i] == ';') {
        if (memchr(p + i, '\n', body - i))
            return false;
    } else {
        for (; i < body; i++)
            if (!H11_IS(p[i], H11_C_OWS))
                return false;
    }
    *size = v;
    return true;
}

/* RFC 9112 section 7.1.1: chunk-ext = *( BWS ";" BWS chunk-ext-name
 * [ BWS "=" BWS chunk-ext-val ] ), names tokens, values tokens or
 * quoted-strings. h11 accepts anything but LF after ";", so a CR or a control
 * byte there is read as part of the extension by h11 and as a line end or an
 * error by other parsers. Trailing SP/HT stays accepted, as h11 accepts it
 * after a bare chunk size. The line is one h11 accepted: hex digits, then
 * ";" or only SP/HT, then CRLF. */
static bool strict_chunk_ext_ok(const uint8_t *p, size_t n)
{
    size_t end = n - 2, i = 0, t;
    while (H11_IS(p[i], H11_C_HEX))
        i++;
    while (i < end && p[i] == ';') {
        i++;
        while (i < end && H11_IS(p[i], H11_C_OWS))
            i++;
        for (t = i; i < end && H11_IS(p[i], H11_C_TCHAR); i++)
            ;
        if (i == t)
            return false;
        while (i < end && H11_IS(p[i], H11_C_OWS))
            i++;
        if (i == end || p[i] != '=')
            continue;
        i++;
        while (i < end && H11_IS(p[i], H11_C_OWS))
            i++;
        if (i < end && p[i] == '"') {
            /* qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text;
             * quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text ) */
            for (i++; i < end && p[i] != '"'; i++) {
                if (p[i] == '\\' && ++i == end)
                    return false;
                if ((p[i] < 0x20 && p[i] != '\t') || p[i] == 0x7f)
                    return false;
            }
            if (i == end)
                return false;
            i++;
        } else {
            for (t = i; i < end && H11_IS(p[i], H11_C_TCHAR); i++)
                ;
            if (i == t)
                return false;
        }
        while (i < end && H11_IS(p[i], H11_C_OWS))
            i++;
    }
    while (i < end && H11_IS(p[i], H11_C_OWS))
        i++;
    return i == end;
}

int h11__read_chunked(h11_reader *r, h11_read_ctx *ctx)
{
    h11_rbuf *rb = ctx->rb;
    bool chunk_start = false;
    size_t avail;
    if (r->in_trailer) {
        size_t n = h11__rbuf_find_head(rb);
        int rc = H11_OK;
        const uint8_t *block = h11__rbuf_peek(rb);
        if (n == 0)
            return H11_NEED_DATA;
        h11__end_event(ctx);
        if (n > 2) {
            line_ends le = block_line_ends(rb);
            rc = parse_headers(ctx, &le, block, head_lines_len(block, n));
        }
        if (rc == H11_OK && H11_UNLIKELY(ctx->strict))
            rc = strict_check_lines(ctx->err, block, n);
        if (rc == H11_ERR_NOMEM)
            return rc;
        h11__rbuf_consume(rb, n);
        return rc != H11_OK ? rc : H11_END_OF_MESSAGE;
    }
    if (r->footer_left) {
        static const uint8_t crlf[] = "\r\n";
        const uint8_t *want = crlf + (2 - r->footer_left);
        const uint8_t *got = h11__rbuf_peek(rb);
        size_t n = h11__rbuf_len(rb);
        if (n == 0)
            return H11_NEED_DATA;
        if (n > r->footer_left)
            n = r->footer_left;
        if (memcmp(got, want, n) != 0) {
            h11__err_start(ctx->err, H11_HINT_DEFAULT, "malformed chunk footer: ");
            h11__err_add_repr(ctx->err, got, n, true);
            h11__err_add(ctx->err, " (expected ");
            h11__err_add_repr(ctx->err, want, r->footer_left, false);
            h11__err_add(ctx->err, ")");
            h11__rbuf_consume(rb, n);
            return H11_ERR_LOCAL_PROTOCOL;
        }
        h11__rbuf_consume(rb, n);
        r->footer_left = (uint8_t)(r->footer_left - n);
        if (r->footer_left)
            return H11_NEED_DATA;
    }
    if (r->remaining == 0) {
        size_t n = h11__rbuf_find_line(rb);
        const uint8_t *line = h11__rbuf_peek(rb);
        uint64_t size;
        if (n == 0)
            return H11_NEED_DATA;
        h11__rbuf_consume(rb, n);
        if (!parse_chunk_size(line, n, &size))
            return fail_line(ctx->err, "illegal chunk header: ", line, n);
        if (H11_UNLIKELY(ctx->strict) && !strict_chunk_ext_ok(line, n))
            return fail_line(ctx->err, "malformed chunk extension (strict mode): ", line, n);
        if (size == 0) {
            r->in_trailer = true;
            return h11__read_chunked(r, ctx);
        }
        r->remaining = size;
        chunk_start = true;
    }
    avail = h11__rbuf_len(rb);
    if (avail == 0)
        return H11_NEED_DATA;
    if ((uint64_t)avail > r->remaining)
        avail = (size_t)r->remaining;
    r->remaining -= avail;
    if (r->remaining == 0)
        r->footer_left = 2;
    return h11__data_event(ctx, avail, chunk_start, r->remaining == 0);
}

int h11__read_unframed(h11_reader *r, h11_read_ctx *ctx)
{
    size_t avail = h11__rbuf_len(ctx->rb);
    switch (r->kind) {
    case H11_READ_HTTP10:
        if (avail == 0)
            return H11_NEED_DATA;
        if (avail > H11_HTTP10_MAX_READ)
            avail = H11_HTTP10_MAX_READ;
        return h11__data_event(ctx, avail, false, false);
    case H11_READ_NOTHING:
        if (avail)
            return h11__err_start(ctx->err, H11_HINT_DEFAULT, "Got data when expecting EOF");
        return H11_NEED_DATA;
    default: return H11_NEED_DATA;
    }
}

int h11__read_eof(h11_reader *r, h11_read_ctx *ctx)
{
    switch (r->kind) {
    case H11_READ_LENGTH:
        h11__err_start(ctx->err, H11_HINT_DEFAULT,
                       "peer closed connection without sending complete message body (received ");
        h11__err_add_uint(ctx->err, r->received);
        h11__err_add(ctx->err, " bytes, expected ");
        if (r->length.digits[0])
            h11__err_add(ctx->err, r->length.digits);
        else
            h11__err_add_uint(ctx->err, r->length.value);
        h11__err_add(ctx->err, ")");
        return H11_ERR_LOCAL_PROTOCOL;
    case H11_READ_CHUNKED:
        return h11__err_start(ctx->err, H11_HINT_DEFAULT,
                              "peer closed connection without sending complete message body "
                              "(incomplete chunked read)");
    case H11_READ_HTTP10: return h11__end_event(ctx);
    default:
        h11__event_clear(ctx->ev);
        ctx->ev->type = H11_CONNECTION_CLOSED;
        return H11_CONNECTION_CLOSED;
    }
}
