/* The receive buffer (h11's _receivebuffer): a byte FIFO that finds heads
 * and CRLF lines without rescanning what it has already searched, so a head
 * that trickles in byte by byte still costs linear time. */
#include "h11_int.h"

void h11__rbuf_free(h11_rbuf *rb, const h11_mem *mem)
{
    if (rb->data)
        h11__free(mem, rb->data - rb->lead);
    memset(rb, 0, sizeof *rb);
}

/* Gives the buffer room for cap bytes (and the slack) starting at an
 * address aligned to H11_RBUF_ALIGN, keeping its first keep bytes. The
 * alignment is for speed: memcpy stores a piece in aligned blocks, and a
 * head search that loads them back across two of those stores, while they
 * are still on their way to the cache, waits about 20 ns per 500 bytes. */
static int rbuf_resize(h11_rbuf *rb, const h11_mem *mem, size_t cap, size_t keep)
{
    uint8_t *block = rb->data ? rb->data - rb->lead : NULL;
    size_t lead;
    if (cap > SIZE_MAX - H11_RBUF_SLACK - H11_RBUF_ALIGN)
        return H11_ERR_NOMEM;
    block = h11__realloc(mem, block, cap + H11_RBUF_SLACK + H11_RBUF_ALIGN - 1);
    if (!block)
        return H11_ERR_NOMEM;
    lead = (size_t)(-(uintptr_t)block & (H11_RBUF_ALIGN - 1));
    /* realloc kept the bytes where they were in the block */
    if (rb->data && lead != rb->lead)
        memmove(block + lead, block + rb->lead, keep);
    rb->data = block + lead;
    rb->lead = (uint8_t)lead;
    rb->cap = cap;
    return H11_OK;
}

int h11__rbuf_append_slow(h11_rbuf *rb, const h11_mem *mem, const uint8_t *p, size_t n)
{
    size_t live = rb->end - rb->start;
    /* Slide the live bytes down before growing: consumed space is free.
     * Views handed out earlier are invalid by now (the API says so). */
    if (rb->start) {
        memmove(rb->data, rb->data + rb->start, live);
        rb->start = 0;
        rb->end = live;
    }
    if (n > rb->cap - rb->end) {
        size_t cap;
        if (n > SIZE_MAX - live || h11__grown_cap(rb->cap, live + n, 1, &cap) != H11_OK ||
            rbuf_resize(rb, mem, cap, live) != H11_OK)
            return H11_ERR_NOMEM;
    }
    memcpy(rb->data + rb->end, p, n);
    rb->end += n;
    h11__rbuf_clear_slack(rb);
    return H11_OK;
}

void h11__rbuf_trim(h11_rbuf *rb, const h11_mem *mem, size_t keep)
{
    size_t live = rb->end - rb->start;
    if (rb->cap <= keep || rb->cap / 2 <= live)
        return;
    if (live == 0) {
        bool eof = rb->eof;
        h11__rbuf_free(rb, mem);
        rb->eof = eof;
        return;
    }
    /* The scan positions are relative to start, so they survive the move. */
    memmove(rb->data, rb->data + rb->start, live);
    rb->start = 0;
    rb->end = live;
    /* Failing to shrink loses nothing: the buffer stays as it was. */
    (void)rbuf_resize(rb, mem, live > keep ? live : keep, live);
    h11__rbuf_clear_slack(rb);
}

/* find_head_with stores LF offsets round the array by masking the count. */
_Static_assert((sizeof((h11_rbuf *)0)->lfs / sizeof(uint16_t) &
                (sizeof((h11_rbuf *)0)->lfs / sizeof(uint16_t) - 1)) == 0,
               "h11_rbuf.lfs holds a power of two of offsets");

/* What the head search takes from a block of bytes: a bit per lane for each
 * LF, and for each odd byte, one at or below CR that is not an LF nor just
 * before one (a tab, NUL, a lone CR). The byte before an LF is left to the
 * line's parser, which looks at it anyway: a CR there is dropped, and
 * anything else ends the value, or the request line. That leaves two
 * compares per block instead of four. A block is read whole, and one byte
 * past it: the buffer's slack makes both safe. */
typedef struct head_masks {
    uint32_t lf;
    uint32_t odd;
} head_masks;

#ifdef H11_SIMD_SSE2
static inline head_masks head_masks16(const uint8_t *p)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i next = _mm_loadu_si128((const __m128i *)(const void *)(p + 1));
    __m128i lf = _mm_cmpeq_epi8(x, _mm_set1_epi8('\n'));
    __m128i before_lf = _mm_cmpeq_epi8(next, _mm_set1_epi8('\n'));
    __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8('\r')), x);
    head_masks m;
    m.lf = (uint32_t)_mm_movemask_epi8(lf);
    m.odd = (uint32_t)_mm_movemask_epi8(_mm_andnot_si128(_mm_or_si128(lf, before_lf), low));
    return m;
}
#else
static inline head_masks head_masks16(const uint8_t *p)
{
    head_masks m = {0, 0};
    unsigned j;
    for (j = 0; j < 16; j++) {
        m.lf |= (uint32_t)(p[j] == '\n') << j;
        m.odd |= (uint32_t)(p[j] <= '\r' && p[j] != '\n' && p[j + 1] != '\n') << j;
    }
    return m;
}
#endif

#ifdef H11_SIMD_AVX2
H11_TARGET_AVX2 static inline head_masks head_masks32(const uint8_t *p)
{
    __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)p);
    __m256i next = _mm256_loadu_si256((const __m256i *)(const void *)(p + 1));
    /* Bytes below 0x10 index a table of the odd ones (LF is not); a
     * saturating add sends every other byte to an index with its top bit
     * set, which the shuffle turns into 0. One step less than the compares
     * the SSE2 twin makes, which has no shuffle. */
    const __m256i odd_below_16 = _mm256_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, -1, -1, -1, 0, 0,
                                                  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, -1, -1, -1, 0, 0);
    __m256i odd = _mm256_shuffle_epi8(odd_below_16, _mm256_adds_epu8(x, _mm256_set1_epi8(0x70)));
    __m256i before_lf = _mm256_cmpeq_epi8(next, _mm256_set1_epi8('\n'));
    head_masks m;
    m.lf = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, _mm256_set1_epi8('\n')));
    m.odd = (uint32_t)_mm256_movemask_epi8(_mm256_andnot_si256(before_lf, odd));
    return m;
}
#endif

/* Whether a line starting with b continues the one before (obs-fold) or
 * starts a trailer block badly. Two compares, not the class table: the
 * table's address took a register in the head search, and the odd mask
 * it pushed out went through the stack on every block. */
static H11_ALWAYS_INLINE bool starts_fold(uint8_t b)
{
    return b == ' ' || b == '\t';
}

/* The head search, written once and compiled once per block width. It
 * walks whole blocks, so each byte is loaded once however short its line,
 * and takes each LF from its block's mask. A head ends at LF LF or
 * LF CR LF. A search from the block's start also records the line ends,
 * and whether the lines are clean: no odd byte, and no line starting with
 * SP or HT (a fold, or a trailer block's bad start). A clean line, once a
 * CR before its LF is dropped, holds no byte at or below CR but perhaps its
 * last: only that one needs a check. */
static H11_ALWAYS_INLINE size_t find_head_with(h11_rbuf *rb,
                                               head_masks (*block_masks)(const uint8_t *),
                                               unsigned width)
{
    const uint8_t *base = h11__rbuf_peek(rb);
    size_t len = rb->end - rb->start, at;
    const unsigned max_lfs = sizeof rb->lfs / sizeof rb->lfs[0];
    /* Only a search from the block's start sees every line end, and only
     * offsets below 64 KiB fit. Every LF is counted and stored, wrapping
     * round the array (a power of two), whether it will be used or not:
     * that costs less than deciding per LF. */
    bool record = rb->head_scan == 0 && len <= (size_t)UINT16_MAX + 1;
    bool fold = len && starts_fold(base[0]);
    unsigned n_lfs = 0;
    uint32_t odd = 0;
    rb->n_lfs = H11_LFS_UNKNOWN;
    if (len >= 1 && base[0] == '\n')
        return 1;
    if (len >= 2 && base[0] == '\r' && base[1] == '\n')
        return 2;
    for (at = rb->head_scan; at < len; at += width) {
        /* A block running past the end reads the slack: zeros, no LF. */
        head_masks m = block_masks(base + at);
        uint32_t lfs = m.lf;
        while (lfs) {
            unsigned lane = (unsigned)__builtin_ctz(lfs);
            size_t i = at + lane, end;
            lfs &= lfs - 1;
            rb->lfs[n_lfs++ & (max_lfs - 1)] = (uint16_t)i;
            /* Nearly every line is followed by a header name: one test lets
             * it by. It may read the slack, which holds no name; and an LF
             * followed by a name, even the last byte so far, starts no
             * terminator. */
            if (H11_LIKELY(base[i + 1] > ' '))
                continue;
            if (i + 1 < len && base[i + 1] == '\n') {
                end = i + 2;
            } else if (i + 2 < len && base[i + 1] == '\r' && base[i + 2] == '\n') {
                end = i + 3;
            } else if (i + 2 >= len) {
                /* The terminator may still be arriving: look here again. */
                rb->head_scan = i;
                return 0;
            } else {
                fold |= starts_fold(base[i + 1]);
                continue;
            }
            if (record && n_lfs <= max_lfs) {
                rb->n_lfs = (uint8_t)n_lfs;
                /* Only lanes up to this LF hold the lines. */
                rb->head_clean = !fold && (odd | (m.odd & ((2u << lane) - 1))) == 0;
            }
            return end;
        }
        odd |= m.odd;
    }
    rb->head_scan = len;
    return 0;
}

#ifdef H11_SIMD_AVX2
H11_TARGET_AVX2 static size_t find_head_avx2(h11_rbuf *rb)
{
    return find_head_with(rb, head_masks32, 32);
}
#endif

/* The search in 16-byte blocks (scalar ones in an H11_NO_SIMD build). Out
 * of line beside its AVX2 twin, so that choosing between them saves no
 * registers before the jump to either. */
#ifdef H11_SIMD_AVX2
H11_NOINLINE
#endif
static size_t find_head_narrow(h11_rbuf *rb)
{
    return find_head_with(rb, head_masks16, 16);
}

size_t h11__rbuf_find_head(h11_rbuf *rb)
{
#ifdef H11_SIMD_AVX2
    if (h11__cpu_has_avx2())
        return find_head_avx2(rb);
#endif
    return find_head_narrow(rb);
}

size_t h11__rbuf_find_line(h11_rbuf *rb)
{
    const uint8_t *base = h11__rbuf_peek(rb);
    size_t len = rb->end - rb->start;
    size_t i = rb->line_scan;
    while (i < len) {
        const uint8_t *cr = memchr(base + i, '\r', len - i);
        size_t at;
        if (!cr)
            break;
        at = (size_t)(cr - base);
        if (at + 1 >= len) {
            rb->line_scan = at;
            return 0;
        }
        if (base[at + 1] == '\n')
            return at + 2;
        i = at + 1;
    }
    rb->line_scan = len;
    return 0;
}
