/* Internal declarations shared by libh11's modules. Nothing here is ABI. */
#ifndef H11_INT_H
#define H11_INT_H

#include "h11/h11.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Internal functions are plain externs in the modular build (hidden by the
 * visibility preset and the version script) and static in the amalgamation,
 * which defines H11_PRIVATE before including this file. */
#ifndef H11_PRIVATE
#define H11_PRIVATE
#endif

/* SSE2 is part of x86-64 itself, so no run-time check is needed. H11_NO_SIMD
 * builds the scalar twin, which the vectors_scalar test runs. */
#if defined(__SSE2__) && !defined(H11_NO_SIMD)
#include <emmintrin.h>
#define H11_SIMD_SSE2 1
#endif

/* AVX2 paths are compiled with a target attribute and chosen at run time
 * from the CPU (the compiler runtime's CPU model, filled in when the library
 * is loaded), so a generic x86-64 build takes them where the CPU has them.
 * They are only used where a whole scan runs in one call: for a short line,
 * a call costs what 32-byte blocks save. H11_NO_AVX2 leaves them out; the
 * vectors_sse2 test runs that build. */
#if defined(H11_SIMD_SSE2) && !defined(H11_NO_AVX2) && defined(__GNUC__) && \
    (defined(__x86_64__) || defined(__i386__))
#include <immintrin.h>
#define H11_SIMD_AVX2 1
#define H11_TARGET_AVX2 __attribute__((target("avx2")))
#ifdef __AVX2__
#define h11__cpu_has_avx2() 1
#else
#define h11__cpu_has_avx2() __builtin_cpu_supports("avx2")
#endif
#endif

#if defined(__GNUC__)
#define H11_ALWAYS_INLINE inline __attribute__((always_inline))
#define H11_NOINLINE __attribute__((noinline))
#define H11_LIKELY(x) __builtin_expect(!!(x), 1)
#define H11_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define H11_ALWAYS_INLINE inline
#define H11_NOINLINE
#define H11_LIKELY(x) (x)
#define H11_UNLIKELY(x) (x)
#endif

#define H11_DEFAULT_MAX_INCOMPLETE_EVENT_SIZE 16384u
#define H11_HINT_DEFAULT 400

/* ------------------------------------------------------------ memory */

H11_PRIVATE void h11__mem_init(h11_mem *dst, const h11_mem *src);
H11_PRIVATE void *h11__malloc(const h11_mem *mem, size_t size);
H11_PRIVATE void *h11__realloc(const h11_mem *mem, void *ptr, size_t size);
H11_PRIVATE void h11__free(const h11_mem *mem, void *ptr);
/* The capacity an array of elem_size elements with room for cap grows to
 * for need: doubling from cap (8 when empty). H11_ERR_NOMEM on overflow. */
H11_PRIVATE int h11__grown_cap(size_t cap, size_t need, size_t elem_size, size_t *out);
/* Grows *array (of elem_size elements, *cap of them) to hold at least need.
 * The check is inline: on the hot paths the room is almost always there. */
H11_PRIVATE int h11__grow_slow(const h11_mem *mem, void **array, size_t *cap, size_t need,
                               size_t elem_size);
static inline int h11__grow(const h11_mem *mem, void **array, size_t *cap, size_t need,
                            size_t elem_size)
{
    return need <= *cap ? H11_OK : h11__grow_slow(mem, array, cap, need, elem_size);
}

/* A growable byte buffer. */
typedef struct h11_buf {
    uint8_t *ptr;
    size_t len;
    size_t cap;
} h11_buf;

/* Makes room for extra more bytes. Inline, like h11__grow: every head
 * read and every event sent reserves, and the room is nearly always there. */
static inline int h11__buf_reserve(h11_buf *b, const h11_mem *mem, size_t extra)
{
    if (extra > SIZE_MAX - b->len)
        return H11_ERR_NOMEM;
    return h11__grow(mem, (void **)&b->ptr, &b->cap, b->len + extra, 1);
}
H11_PRIVATE int h11__buf_append_slow(h11_buf *b, const h11_mem *mem, const void *data, size_t n);
/* Writers append a few bytes at a time into room reserved up front. */
static inline int h11__buf_append(h11_buf *b, const h11_mem *mem, const void *data, size_t n)
{
    if (n > b->cap - b->len)
        return h11__buf_append_slow(b, mem, data, n);
    if (n)
        memcpy(b->ptr + b->len, data, n);
    b->len += n;
    return H11_OK;
}
H11_PRIVATE void h11__buf_free(h11_buf *b, const h11_mem *mem);

/* ------------------------------------------------------------- errors */

/* Error detail, owned by a connection or a validator. Building a message
 * never fails the operation: if memory runs out the text is cut short. */
typedef struct h11_errinfo {
    const h11_mem *mem;
    int code;
    int hint;
    h11_buf msg; /* always NUL-terminated once anything was set */
} h11_errinfo;

H11_PRIVATE void h11__err_init(h11_errinfo *e, const h11_mem *mem);
H11_PRIVATE void h11__err_free(h11_errinfo *e);
/* Starts a new local protocol error message; returns H11_ERR_LOCAL_PROTOCOL
 * so callers can `return h11__err_start(...)` after appending. */
H11_PRIVATE int h11__err_start(h11_errinfo *e, int hint, const char *text);
H11_PRIVATE void h11__err_add(h11_errinfo *e, const char *text);
H11_PRIVATE void h11__err_add_uint(h11_errinfo *e, uint64_t v);
/* Appends Python's repr of a byte string, as bytearray(b'...') when the
 * bytes came from the peer (h11 holds those in a bytearray) or b'...'. */
H11_PRIVATE void h11__err_add_repr(h11_errinfo *e, const uint8_t *p, size_t n, bool bytearray);
/* Sets a complete error: code, hint and fixed text. Returns code. */
H11_PRIVATE int h11__err_set(h11_errinfo *e, int code, int hint, const char *text);
/* The out-of-memory error; the invalid-arguments error (or out of memory,
 * for code H11_ERR_NOMEM). Both return their code. */
H11_PRIVATE int h11__err_nomem(h11_errinfo *e);
H11_PRIVATE int h11__err_args(h11_errinfo *e, int code);
H11_PRIVATE const char *h11__err_message(const h11_errinfo *e, size_t *len);

/* -------------------------------------------------- character classes */

enum {
    H11_C_TCHAR = 1 << 0,  /* token characters */
    H11_C_FVCHAR = 1 << 1, /* field-vchar: anything but NUL and whitespace */
    H11_C_OWS = 1 << 2,    /* SP, HT */
    H11_C_VCHAR = 1 << 3,  /* 0x21-0x7E: request-target */
    H11_C_HEX = 1 << 4,
    H11_C_SPACE = 1 << 5,  /* what Python's bytes.strip() removes */
    H11_C_UPPER = 1 << 6,
    H11_C_REASON = 1 << 7  /* reason-phrase: SP, HT, field-vchar */
};
/* Internal tables: extern here, static in the amalgamation. */
#ifndef H11_PRIVATE_DATA
#define H11_PRIVATE_DATA extern
#endif
H11_PRIVATE_DATA const uint8_t h11__cclass[256];
H11_PRIVATE_DATA const uint8_t h11__token_lower[256];
#define H11_IS(c, cls) ((h11__cclass[(uint8_t)(c)] & (cls)) != 0)

/* Copies the longest token prefix of p[0, n), lower-cased, to dst and
 * returns its length: validation and lower-casing in one load per byte. */
static inline size_t h11__lower_token(uint8_t *dst, const uint8_t *p, size_t n)
{
    size_t i = 0;
    uint8_t l;
    while (i < n && (l = h11__token_lower[p[i]]) != 0)
        dst[i++] = l;
    return i;
}

/* ------------------------------------------------------------- bytes */

static inline uint64_t h11__load64(const void *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* The 4 to 7 bytes at p in one word, as two overlapping 4-byte loads: for
 * tests over every byte that do not mind seeing some twice. */
static inline uint64_t h11__load4to7(const uint8_t *p, size_t n)
{
    uint32_t lo, hi;
    memcpy(&lo, p, 4);
    memcpy(&hi, p + n - 4, 4);
    return (uint64_t)lo << 32 | hi;
}

/* a == lit[0, n). Compilers call memcmp for lengths past 8; two
 * overlapping loads compare 8 to 16 bytes (a literal's fold into
 * constants). */
static inline bool h11__bytes_eq_n(h11_bytes a, const char *lit, size_t n)
{
    if (a.len != n)
        return false;
    if (n >= 8 && n <= 16)
        return h11__load64(a.ptr) == h11__load64(lit) &&
               h11__load64(a.ptr + n - 8) == h11__load64(lit + n - 8);
    return n == 0 || memcmp(a.ptr, lit, n) == 0;
}

/* Inline so that, given a literal, strlen and the compare fold into a
 * length test and a few loads: every header name is matched against
 * several. */
static inline bool h11__bytes_eq(h11_bytes a, const char *lit)
{
    return h11__bytes_eq_n(a, lit, strlen(lit));
}
/* Python's bytes comparison a < b. */
static inline bool h11__bytes_lt(h11_bytes a, const char *lit)
{
    size_t i, n = strlen(lit);
    /* An HTTP version against "1.1", say: equal lengths order as the
     * big-endian numbers they spell, one compare. */
    if (n == 3 && a.len == 3)
        return ((uint32_t)a.ptr[0] << 16 | (uint32_t)a.ptr[1] << 8 | a.ptr[2]) <
               ((uint32_t)(uint8_t)lit[0] << 16 | (uint32_t)(uint8_t)lit[1] << 8 | (uint8_t)lit[2]);
    /* a loop, not memcmp: the literals are a few bytes, and an ordering
     * memcmp is never inlined */
    for (i = 0; i < n && i < a.len; i++)
        if (a.ptr[i] != (uint8_t)lit[i])
            return a.ptr[i] < (uint8_t)lit[i];
    return a.len < n;
}
/* Python's bytes.strip(); inline, as it runs on every comma-separated piece. */
static inline h11_bytes h11__strip(h11_bytes v)
{
    while (v.len && H11_IS(v.ptr[0], H11_C_SPACE)) {
        v.ptr++;
        v.len--;
    }
    while (v.len && H11_IS(v.ptr[v.len - 1], H11_C_SPACE))
        v.len--;
    return v;
}

/* ------------------------------------------------------------ headers */

#ifdef H11_SIMD_SSE2
/* A byte range lo..hi as the two constants h11__lanes_in_range tests with:
 * b + (0x80 - lo) wraps into -128..-128 + (hi - lo) exactly when b is in
 * the range. */
typedef struct h11_range {
    __m128i shift, below;
} h11_range;

static inline h11_range h11__range(uint8_t lo, uint8_t hi)
{
    h11_range r;
    r.shift = _mm_set1_epi8((char)(0x80 - lo));
    r.below = _mm_set1_epi8((char)(-128 + (hi - lo) + 1));
    return r;
}

/* The lanes of x holding a byte in range r, as 0xFF: one add and one
 * signed compare. */
static inline __m128i h11__lanes_in_range(__m128i x, const h11_range *r)
{
    return _mm_cmplt_epi8(_mm_add_epi8(x, r->shift), r->below);
}

static inline __m128i h11__lanes_in(__m128i x, uint8_t lo, uint8_t hi)
{
    h11_range r = h11__range(lo, hi);
    return h11__lanes_in_range(x, &r);
}

/* The constants h11__plain_name_lanes works with, made once before a loop
 * over many names. */
typedef struct h11_name_consts {
    __m128i bit20, dash;
    h11_range letters, digits;
} h11_name_consts;

static inline h11_name_consts h11__name_consts(void)
{
    h11_name_consts k;
    k.bit20 = _mm_set1_epi8(0x20);
    k.dash = _mm_set1_epi8('-');
    k.letters = h11__range('a', 'z');
    k.digits = h11__range('0', '9');
    return k;
}

/* The lanes of x that hold a letter, digit or '-' (nearly every byte of
 * every real header name); y gets x lower-cased. Those bytes all have bit
 * 0x20 set once lower-cased, so setting it is the whole lower-casing. */
static inline int h11__plain_name_lanes(const h11_name_consts *k, __m128i x, __m128i *y)
{
    *y = _mm_or_si128(x, k->bit20);
    return _mm_movemask_epi8(_mm_or_si128(
        _mm_or_si128(h11__lanes_in_range(*y, &k->letters), h11__lanes_in_range(x, &k->digits)),
        _mm_cmpeq_epi8(x, k->dash)));
}
/* One 16-byte block of a name lowered into dst, whatever it holds: the
 * lanes that hold a letter, digit or '-'. */
static H11_ALWAYS_INLINE unsigned h11__lower_name_block(const h11_name_consts *k, uint8_t *dst,
                                                       const uint8_t *p)
{
    __m128i lowered;
    unsigned ok = (unsigned)h11__plain_name_lanes(k, _mm_loadu_si128((const __m128i *)(const void *)p),
                                                  &lowered);
    _mm_storeu_si128((__m128i *)(void *)dst, lowered);
    return ok;
}
#endif

/* A normalised header list. Lower-cased names that differ from the raw
 * name live in arena, which is reserved up front so that the views in
 * items never move while the list is being built. */
/* The header names the protocol logic looks at. A list records which of
 * them it holds, so a lookup of an absent one costs nothing. */
enum {
    H11_HDR_HOST = 1 << 0,
    H11_HDR_CONNECTION = 1 << 1,
    H11_HDR_CONTENT_LENGTH = 1 << 2,
    H11_HDR_TRANSFER_ENCODING = 1 << 3,
    H11_HDR_EXPECT = 1 << 4,
    H11_HDR_UPGRADE = 1 << 5
};

typedef struct h11_hdrs {
    h11_header *items;
    size_t len;
    size_t cap;
    h11_buf arena;
    unsigned present; /* H11_HDR_* bits of the names in items */
    size_t hosts;     /* how many Host headers */
    /* Where the Connection headers lie, when present says there is one:
     * from first_connection to just before connections_end. The keep-alive
     * test on every received head looks there instead of matching every
     * name in the list. */
    size_t first_connection, connections_end;
} h11_hdrs;

/* Records in h that the header at index at has this (nonzero) kind. */
static inline void h11__hdrs_note_kind(h11_hdrs *h, unsigned kind, size_t at)
{
    if (kind == H11_HDR_HOST) {
        h->hosts++;
    } else if (kind == H11_HDR_CONNECTION) {
        if (!(h->present & kind))
            h->first_connection = at;
        h->connections_end = at + 1;
    }
    h->present |= kind;
}

/* Appends a header to a list that has room for it (h->len < h->cap). */
static inline void h11__hdrs_store(h11_hdrs *h, h11_bytes raw_name, h11_bytes name,
                                   h11_bytes value, unsigned kind)
{
    h11_header *it = &h->items[h->len];
    /* One branch for the many headers of no kind. */
    if (kind)
        h11__hdrs_note_kind(h, kind, h->len);
    h->len++;
    it->raw_name = raw_name;
    it->name = name;
    it->value = value;
}

/* The H11_HDR_* bit of a lower-cased name, 0 for any other name. Inline:
 * every parsed and every sent header goes through it, and with the literals
 * in view the compiler turns each test into a load and a compare. Tests on
 * the length two levels deep, not a switch: GCC compiles a switch (or a
 * longer chain of tests) to a jump through a table, and the names of a head
 * send that jump somewhere else line after line: about 4 ns on the (c)
 * response at -O3 (bench/README.md), and at -O2 these tests are also some
 * 50 instructions fewer per head. */
static inline unsigned h11__hdr_kind(h11_bytes lower)
{
    size_t n = lower.len;
    if (n < 8) {
        if (n == 4)
            return h11__bytes_eq(lower, "host") ? H11_HDR_HOST : 0;
        if (n == 6)
            return h11__bytes_eq(lower, "expect") ? H11_HDR_EXPECT : 0;
        return n == 7 && h11__bytes_eq(lower, "upgrade") ? H11_HDR_UPGRADE : 0;
    }
    if (n == 10)
        return h11__bytes_eq(lower, "connection") ? H11_HDR_CONNECTION : 0;
    if (n == 14)
        return h11__bytes_eq(lower, "content-length") ? H11_HDR_CONTENT_LENGTH : 0;
    return n == 17 && h11__bytes_eq(lower, "transfer-encoding") ? H11_HDR_TRANSFER_ENCODING : 0;
}

H11_PRIVATE void h11__hdrs_free(h11_hdrs *h, const h11_mem *mem);
static inline void h11__hdrs_empty(h11_hdrs *h)
{
    h->len = 0;
    h->present = 0;
    h->hosts = 0;
    h->arena.len = 0;
}
/* Empties the list and reserves arena room for arena_bytes. Inline: every
 * head read and sent starts with it, and the room is nearly always there. */
static inline int h11__hdrs_reset(h11_hdrs *h, const h11_mem *mem, size_t arena_bytes)
{
    h11__hdrs_empty(h);
    /* Never without storage: views into the arena are formed even for
     * empty names, and NULL + 0 is undefined in C. */
    return h11__buf_reserve(&h->arena, mem, arena_bytes ? arena_bytes : 1);
}
/* Empties the list and adds the n headers a user gave the way h11's
 * normalize_and_validate does: name and value grammar, lower-casing,
 * Content-Length collapsing and checks, Transfer-Encoding checks. A header
 * with an unusable view (see h11__null_view_len) stops it with
 * H11_ERR_INVALID_ARGUMENT and no error set. */
H11_PRIVATE int h11__hdrs_add(h11_hdrs *h, const h11_mem *mem, h11_errinfo *err,
                              const h11_header *in, size_t n);
/* What a one-pass send function returns when it leaves an event to the
 * general path. */
enum { H11_GENERAL_PATH = 1 };

/* The usual case of h11__hdrs_add for a head being sent, in one pass: each
 * header is checked the same way and its line written at out->ptr +
 * out->len + *at (room reserved as it goes, *at advanced, out->len left
 * alone), and only the headers with a kind are kept in h, since framing and
 * the state machine look at no others. H11_GENERAL_PATH, with nothing
 * written that counts, for anything off that path: an error, a value h11
 * normalises, Host after other headers; h11__hdrs_add then does it all the
 * general way, with the same result or the exact error. H11_ERR_NOMEM when
 * memory runs out (no error set). */
H11_PRIVATE int h11__hdrs_add_written(h11_hdrs *h, const h11_mem *mem, const h11_header *in,
                                      size_t n, h11_buf *out, size_t *at);
/* h11__hdrs_add_lowered for a name whose kind is known; it does the
 * Content-Length and Transfer-Encoding rules and grows the list. */
H11_PRIVATE int h11__hdrs_add_kind(h11_hdrs *h, const h11_mem *mem, h11_errinfo *err,
                                   h11_bytes raw_name, h11_bytes name, h11_bytes value,
                                   unsigned kind);
/* The same for a name already lower-cased (parsed headers: the grammar was
 * checked by the reader, so only the normalisation rules remain). The
 * common case, a name with no rule and room in the list, is inline. */
static inline int h11__hdrs_add_lowered(h11_hdrs *h, const h11_mem *mem, h11_errinfo *err,
                                        h11_bytes raw_name, h11_bytes name, h11_bytes value)
{
    unsigned kind = h11__hdr_kind(name);
    if (H11_UNLIKELY(kind & (H11_HDR_CONTENT_LENGTH | H11_HDR_TRANSFER_ENCODING)) ||
        H11_UNLIKELY(h->len == h->cap))
        return h11__hdrs_add_kind(h, mem, err, raw_name, name, value, kind);
    h11__hdrs_store(h, raw_name, name, value, kind);
    return H11_OK;
}

static inline bool h11__field_chars_scalar(const uint8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!H11_IS(p[i], H11_C_FVCHAR | H11_C_OWS))
            return false;
    return true;
}

/* Does any of the 8 bytes in w fall below b (at most 0x80)? (The classic
 * has-less-than test: exact about whether one does, if not about which.) */
static inline bool h11__has_byte_below(uint64_t w, uint8_t b)
{
    return ((w - 0x0101010101010101ull * b) & ~w & 0x8080808080808080ull) != 0;
}

/* Are p[0, n) all field-vchar or OWS? Only NUL, LF, VT, FF and CR are not,
 * all at or below 0x0d: 16 bytes at a time are cleared with one unsigned
 * compare, 4 to 15 with two overlapping word loads, and only input holding
 * such a low byte (a tab, usually) is checked byte by byte. Inline: it runs
 * over every header line received and every value sent. */
static H11_ALWAYS_INLINE bool h11__field_chars_ok(const uint8_t *p, size_t n)
{
    uint64_t w1, w2;
#ifdef H11_SIMD_SSE2
    if (n >= 16) {
        /* Adding 0x72 with saturation leaves the top bit clear in exactly
         * the bytes at or below 0x0d: one add and one AND per block. */
        const __m128i lift = _mm_set1_epi8(0x72);
        __m128i high = _mm_set1_epi8(-1);
        size_t i;
        for (i = 0; i + 16 <= n; i += 16)
            high = _mm_and_si128(
                high, _mm_adds_epu8(_mm_loadu_si128((const __m128i *)(const void *)(p + i)), lift));
        high = _mm_and_si128(
            high, _mm_adds_epu8(_mm_loadu_si128((const __m128i *)(const void *)(p + n - 16)), lift));
        return _mm_movemask_epi8(high) == 0xffff || h11__field_chars_scalar(p, n);
    }
#endif
    if (n >= 8 && n < 16) {
        memcpy(&w1, p, 8);
        memcpy(&w2, p + n - 8, 8);
        return (!h11__has_byte_below(w1, 0x0e) && !h11__has_byte_below(w2, 0x0e)) ||
               h11__field_chars_scalar(p, n);
    }
    if (n >= 4 && n < 8)
        return !h11__has_byte_below(h11__load4to7(p, n), 0x0e) || h11__field_chars_scalar(p, n);
    return h11__field_chars_scalar(p, n);
}

/* Appends a header without any checks (used for values libh11 produced). */
H11_PRIVATE int h11__hdrs_push(h11_hdrs *h, const h11_mem *mem, h11_bytes raw_name,
                               h11_bytes name, h11_bytes value);
/* The comma-header helpers take the lengths of their literal arguments from
 * inline wrappers, where strlen folds to a constant. */
H11_PRIVATE bool h11__hdrs_each_token_n(const h11_header *items, size_t n, const char *name,
                                        size_t name_len, bool (*visit)(h11_bytes tok, void *arg),
                                        void *arg);
/* Is token (lower case) one of the comma-separated values of value? */
H11_PRIVATE bool h11__value_has_token_n(h11_bytes value, const char *token, size_t token_len);
/* Is token (lower case) one of the comma-separated values of header name?
 * The scan of names is inline, where a literal name folds into a length
 * test and two loads a header: every received head is checked for
 * Connection: close, and a call for the scan cost as much as the scan. */
static inline bool h11__hdrs_has_token(const h11_header *items, size_t n, const char *name,
                                       const char *token)
{
    size_t i, name_len = strlen(name);
    for (i = 0; i < n; i++)
        if (h11__bytes_eq_n(items[i].name, name, name_len) &&
            h11__value_has_token_n(items[i].value, token, strlen(token)))
            return true;
    return false;
}
/* Calls visit on every non-empty, stripped comma-separated piece of every
 * header called name (h11's get_comma_header, minus the lower-casing, which
 * is left to visit). Stops and returns true when visit returns true. */
static inline bool h11__hdrs_each_token(const h11_header *items, size_t n, const char *name,
                                        bool (*visit)(h11_bytes tok, void *arg), void *arg)
{
    return h11__hdrs_each_token_n(items, n, name, strlen(name), visit, arg);
}
/* Does header name have at least one non-empty comma-separated value? */
H11_PRIVATE bool h11__hdrs_has_any_token(const h11_header *items, size_t n, const char *name);
/* The first header called name (lower case), or NULL. Inline, so that a
 * literal name's length and bytes fold into the compare. */
static inline const h11_header *h11__hdrs_find(const h11_header *items, size_t n,
                                               const char *name)
{
    size_t i, len = strlen(name);
    for (i = 0; i < n; i++)
        if (h11__bytes_eq_n(items[i].name, name, len))
            return &items[i];
    return NULL;
}

/* ------------------------------------------------------------- events */

/* Zeroes an event field by field: a memset of the struct compiles to rep
 * stosq, which is slow to start for 120 bytes and runs on every event. */
static inline void h11__event_clear(h11_event *ev)
{
    static const h11_bytes none;
    ev->type = 0;
    ev->status_code = 0;
    ev->method = ev->target = ev->http_version = ev->reason = ev->data = none;
    ev->headers = NULL;
    ev->n_headers = 0;
    ev->chunk_start = ev->chunk_end = 0;
}

/* Are the event's type and its views other than the headers usable (no
 * NULL pointer with a length)? For Data, and EndOfMessage without
 * trailers, that is all normalising would check. */
H11_PRIVATE bool h11__event_fields_ok(const h11_event *in);
/* Validates and normalises an outgoing event (h11's constructors): out gets
 * the same fields with headers pointing into hdrs. */
H11_PRIVATE int h11__event_normalize(const h11_event *in, h11_event *out, h11_hdrs *hdrs,
                                     const h11_mem *mem, h11_errinfo *err);
/* h11__event_normalize for a head, its header lines written into buf as
 * they are checked (h11__hdrs_add_written): H11_OK with out's headers only
 * those with a kind, H11_GENERAL_PATH, or an error (set in err) when memory
 * runs out. */
H11_PRIVATE int h11__event_normalize_written(const h11_event *in, h11_event *out, h11_hdrs *hdrs,
                                             const h11_mem *mem, h11_errinfo *err, h11_buf *buf,
                                             size_t *at);
/* A prepared event: the normalised event and, for a head h11 writes as it
 * is (HTTP/1.1), the bytes of that head, all in the handle's own block. */
struct h11_prepared {
    h11_mem mem;
    h11_event ev;
    unsigned present; /* H11_HDR_* bits of ev's headers */
    h11_bytes head;   /* empty for other events */
};

/* Strict mode's checks on a head event h11 accepted (reason phrase
 * characters, Content-Length with Transfer-Encoding); present is the
 * H11_HDR_* bits of its headers. Returns H11_OK or a protocol error. */
H11_PRIVATE int h11__strict_check_head(h11_errinfo *err, const h11_event *ev, unsigned present);
/* Builds a pointer-based event from the flat send layout; the header array
 * is grown in *arr. */
H11_PRIVATE int h11__event_from_flat(h11_event *ev, h11_header **arr, size_t *arr_cap,
                                     const h11_mem *mem, int type, int status_code,
                                     const uint8_t *fields, const uint32_t *lens,
                                     size_t n_lens);
/* h11's keep-alive and 100-continue tests; present is the H11_HDR_* bits
 * of the event's header list, and every Connection header lies in
 * ev->headers[connections_from, connections_end). Inline: what most heads
 * take is a test of present and of the version. */
static inline bool h11__event_keep_alive(const h11_event *ev, unsigned present,
                                         size_t connections_from, size_t connections_end)
{
    if ((present & H11_HDR_CONNECTION) &&
        h11__hdrs_has_token(ev->headers + connections_from, connections_end - connections_from,
                            "connection", "close"))
        return false;
    return !h11__bytes_lt(ev->http_version, "1.1");
}
static inline bool h11__event_expects_100_continue(const h11_event *ev, unsigned present)
{
    if (!(present & H11_HDR_EXPECT) || h11__bytes_lt(ev->http_version, "1.1"))
        return false;
    return h11__hdrs_has_token(ev->headers, ev->n_headers, "expect", "100-continue");
}

/* ----------------------------------------------------- receive buffer */

typedef struct h11_rbuf {
    uint8_t *data;
    size_t start; /* first unconsumed byte */
    size_t end;
    size_t cap;       /* bytes data holds before its H11_RBUF_SLACK */
    size_t line_scan; /* where the CRLF search resumes, relative to start */
    size_t head_scan; /* where the blank-line search resumes, relative to start */
    /* The LFs (offsets from start) that end the lines of the head block the
     * last h11__rbuf_find_head found in one scan, so the head parser does
     * not search for them again; H11_LFS_UNKNOWN when it must. 128 of them
     * cover a head of 100 headers and keep an idle connection under 1 KiB. */
    uint16_t lfs[128];
    uint8_t n_lfs;
    bool head_clean; /* set with lfs: the lines are clean (h11__rbuf_find_head) */
    uint8_t lead;    /* bytes from the allocated block to data */
    bool eof;
} h11_rbuf;

/* The receive buffer keeps this many bytes past its end, beyond cap, zeroed
 * by every append, so that a scan may read a whole 32-byte block, and a
 * byte more, from any byte it holds without a bounds test. */
#define H11_RBUF_SLACK 33
/* The alignment of the receive buffer's first byte (see rbuf_resize). */
#define H11_RBUF_ALIGN 64
static inline void h11__rbuf_clear_slack(h11_rbuf *rb)
{
    memset(rb->data + rb->end, 0, H11_RBUF_SLACK);
}

H11_PRIVATE void h11__rbuf_free(h11_rbuf *rb, const h11_mem *mem);
H11_PRIVATE int h11__rbuf_append_slow(h11_rbuf *rb, const h11_mem *mem, const uint8_t *p,
                                      size_t n);
/* Appends n bytes (n > 0). Inline, like h11__buf_append: the room is nearly
 * always there, and every receive_data call appends. */
static inline int h11__rbuf_append(h11_rbuf *rb, const h11_mem *mem, const uint8_t *p, size_t n)
{
    if (n > rb->cap - rb->end)
        return h11__rbuf_append_slow(rb, mem, p, n);
    memcpy(rb->data + rb->end, p, n);
    rb->end += n;
    h11__rbuf_clear_slack(rb);
    return H11_OK;
}
static inline size_t h11__rbuf_len(const h11_rbuf *rb) { return rb->end - rb->start; }
/* An empty buffer may have no storage, and NULL + 0 is undefined in C. */
static inline const uint8_t *h11__rbuf_peek(const h11_rbuf *rb)
{
    return rb->data ? rb->data + rb->start : rb->data;
}
#define H11_LFS_UNKNOWN 0xff
/* Inline: every event read consumes, most of them a few stores' worth. */
static inline void h11__rbuf_consume(h11_rbuf *rb, size_t n)
{
    rb->start += n;
    rb->line_scan = 0;
    rb->head_scan = 0;
    rb->n_lfs = H11_LFS_UNKNOWN;
    if (rb->start == rb->end)
        rb->start = rb->end = 0;
}
/* Gives back capacity beyond twice the unread bytes, keeping at least keep. */
H11_PRIVATE void h11__rbuf_trim(h11_rbuf *rb, const h11_mem *mem, size_t keep);
/* Length of the next head block (through its blank line), 0 if incomplete. */
H11_PRIVATE size_t h11__rbuf_find_head(h11_rbuf *rb);
/* Length of the next CRLF-terminated line (CRLF included), 0 if incomplete. */
H11_PRIVATE size_t h11__rbuf_find_line(h11_rbuf *rb);

/* ------------------------------------------------- readers and writers */

typedef enum h11_framing {
    H11_FRAMING_LENGTH,
    H11_FRAMING_CHUNKED,
    H11_FRAMING_HTTP10
} h11_framing;

typedef struct h11_length {
    uint64_t value;     /* saturates at UINT64_MAX: only 20-digit lengths get there */
    char digits[21];    /* a saturated value as h11 prints the int (no
                           leading zeros); "" when value says it all */
} h11_length;

typedef enum h11_reader_kind {
    H11_READ_NONE,
    H11_READ_REQUEST_HEAD,
    H11_READ_RESPONSE_HEAD,
    H11_READ_LENGTH,
    H11_READ_CHUNKED,
    H11_READ_HTTP10,
    H11_READ_NOTHING
} h11_reader_kind;

typedef struct h11_reader {
    h11_reader_kind kind;
    h11_length length;
    uint64_t remaining;  /* content-length: bytes left; chunked: bytes left in chunk */
    uint64_t received;
    uint8_t footer_left; /* chunked: bytes of the chunk's CRLF still expected (2, 1, 0) */
    bool in_trailer;
} h11_reader;

typedef enum h11_writer_kind {
    H11_WRITE_NONE,
    H11_WRITE_REQUEST,
    H11_WRITE_RESPONSE,
    H11_WRITE_LENGTH,
    H11_WRITE_CHUNKED,
    H11_WRITE_HTTP10
} h11_writer_kind;

typedef struct h11_writer {
    h11_writer_kind kind;
    uint64_t remaining; /* content-length: bytes still owed */
} h11_writer;

/* What the readers need of the connection. */
typedef struct h11_read_ctx {
    h11_rbuf *rb;
    const h11_mem *mem;
    h11_errinfo *err;
    h11_event *ev;
    h11_hdrs *hdrs;
    h11_buf *request_method; /* reserved before a request is consumed */
    bool strict;             /* h11_options_set_strict */
} h11_read_ctx;

/* memcpy for the short strings a head is made of, where the call costs more
 * than the copy: two overlapping loads and stores cover 4 to 32 bytes,
 * three single bytes 1 to 3. */
static inline uint8_t *h11__put(uint8_t *w, h11_bytes b)
{
    const uint8_t *p = b.ptr;
    size_t n = b.len;
    if (n >= 8 && n <= 32) {
        uint8_t lo[16], hi[16];
        if (n >= 16) {
            memcpy(lo, p, 16);
            memcpy(hi, p + n - 16, 16);
            memcpy(w, lo, 16);
            memcpy(w + n - 16, hi, 16);
        } else {
            memcpy(lo, p, 8);
            memcpy(hi, p + n - 8, 8);
            memcpy(w, lo, 8);
            memcpy(w + n - 8, hi, 8);
        }
    } else if (n >= 4 && n < 8) {
        uint8_t lo[4], hi[4];
        memcpy(lo, p, 4);
        memcpy(hi, p + n - 4, 4);
        memcpy(w, lo, 4);
        memcpy(w + n - 4, hi, 4);
    } else if (n && n < 4) { /* first, middle and last byte: one of them twice for n < 3 */
        uint8_t a = p[0], b = p[n / 2], c = p[n - 1];
        w[0] = a;
        w[n / 2] = b;
        w[n - 1] = c;
    } else if (n) {
        memcpy(w, p, n);
    }
    return w + n;
}

/* One header line, "name: value" CRLF. */
static inline uint8_t *h11__put_header(uint8_t *w, h11_bytes raw_name, h11_bytes value)
{
    w = h11__put(w, raw_name);
    *w++ = ':';
    *w++ = ' ';
    w = h11__put(w, value);
    *w++ = '\r';
    *w++ = '\n';
    return w;
}

/* The bytes of a head's request or status line; h11__put_head_line writes
 * it (an HTTP/1.1 line: the version is the caller's to check). */
H11_PRIVATE size_t h11__head_line_size(const h11_event *ev);
H11_PRIVATE uint8_t *h11__put_head_line(uint8_t *w, const h11_event *ev);
/* The most bytes sending ev can write: its request or status line and
 * header block, its trailer block, or a Data payload with chunk framing. */
H11_PRIVATE size_t h11__write_size(const h11_event *ev);
/* Writes a request or response head into room the caller reserved
 * (h11__write_size); present is the H11_HDR_* bits of its headers. */
H11_PRIVATE int h11__write_head(h11_buf *out, h11_errinfo *err, const h11_event *ev,
                                unsigned present);
H11_PRIVATE int h11__write_headers(h11_buf *out, const h11_mem *mem, const h11_header *h,
                                   size_t n);
/* Body writers. For Data, the framing around the payload is returned in
 * before/after (pointing into scratch or static storage), so that the same
 * code serves send (which copies the payload between them) and passthrough.
 * Returns 1 when the payload is to be written, 0 when not, or an error. */
H11_PRIVATE int h11__write_data(h11_writer *w, h11_errinfo *err, uint64_t len,
                                uint8_t scratch[24], h11_bytes *before, h11_bytes *after);
H11_PRIVATE int h11__write_end(h11_writer *w, h11_buf *out, const h11_mem *mem,
                               h11_errinfo *err, const h11_header *trailers, size_t n);

/* ------------------------------------------------------ send path */

/* A view's length when its pointer is NULL, else 0: b is a usable view of
 * caller memory (no NULL pointer with a length) when this is 0. Several
 * views are checked by OR-ing these and testing once, which costs less
 * than a branch per view on every event sent. */
static inline size_t h11__null_view_len(h11_bytes b) { return b.ptr ? 0 : b.len; }

/* Are all three views of a header a caller gave usable? */
static inline bool h11__header_views_ok(const h11_header *h)
{
    return (h11__null_view_len(h->raw_name) | h11__null_view_len(h->name) |
            h11__null_view_len(h->value)) == 0;
}

#endif /* H11_INT_H */
