/* The receive buffer (h11's _receivebuffer): a byte FIFO that finds heads
 * and CRLF lines without rescanning what it has already searched, so a head
 * that trickles in byte by byte still costs linear time. */
#include "h11_int.h"

void h11__rbuf_free(h11_rbuf *rb, const h11_mem *mem)
{
    h11__free(mem, rb->data);
    memset(rb, 0, sizeof *rb);
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
        if (n > SIZE_MAX - live)
            return H11_ERR_NOMEM;
        if (h11__grow(mem, (void **)&rb->data, &rb->cap, live + n, 1) != H11_OK)
            return H11_ERR_NOMEM;
    }
    memcpy(rb->data + rb->end, p, n);
    rb->end += n;
    return H11_OK;
}

void h11__rbuf_trim(h11_rbuf *rb, const h11_mem *mem, size_t keep)
{
    size_t live = rb->end - rb->start, want;
    uint8_t *p;
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
    want = live > keep ? live : keep;
    p = h11__realloc(mem, rb->data, want);
    if (p) {
        rb->data = p;
        rb->cap = want;
    }
}

#ifdef H11_SIMD_SSE2
static inline unsigned lf_mask16(const uint8_t *p)
{
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
        _mm_loadu_si128((const __m128i *)(const void *)p), _mm_set1_epi8('\n')));
}
#endif

/* The first LF in p[i, len), or len. A head's lines average a few dozen
 * bytes, so a library memchr per line costs more in call and alignment
 * set-up than in scanning: one unaligned 16-byte compare per step is
 * cheaper, and the last partial block is read as the 16 bytes that end at
 * len. (Taking every LF of a block from one mask measured no better: the
 * per-line work dominates.) */
static inline size_t next_lf(const uint8_t *p, size_t i, size_t len)
{
    const uint8_t *nl;
#ifdef H11_SIMD_SSE2
    unsigned m;
    for (; i + 16 <= len; i += 16)
        if ((m = lf_mask16(p + i)) != 0)
            return i + (size_t)__builtin_ctz(m);
    if (i >= len)
        return len;
    if (len >= 16) {
        m = lf_mask16(p + len - 16) >> (16 - (len - i));
        return m ? i + (size_t)__builtin_ctz(m) : len;
    }
#else
    if (i >= len)
        return len;
#endif
    nl = memchr(p + i, '\n', len - i);
    return nl ? (size_t)(nl - p) : len;
}

#ifdef H11_SIMD_AVX2
/* next_lf, 32 bytes per step while 32 remain */
H11_TARGET_AVX2 static inline size_t next_lf_avx2(const uint8_t *p, size_t i, size_t len)
{
    const __m256i lf = _mm256_set1_epi8('\n');
    for (; i + 32 <= len; i += 32) {
        unsigned m = (unsigned)_mm256_movemask_epi8(
            _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(p + i)), lf));
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
    return next_lf(p, i, len);
}
#endif

/* The head search, written once and compiled once per LF finder. */
static H11_ALWAYS_INLINE size_t find_head_with(h11_rbuf *rb,
                                               size_t (*find_lf)(const uint8_t *, size_t, size_t))
{
    const uint8_t *base = h11__rbuf_peek(rb);
    size_t len = rb->end - rb->start;
    size_t i = rb->head_scan;
    /* Only a scan from the block's start sees every line end. */
    unsigned n_lfs = i == 0 ? 0 : H11_LFS_UNKNOWN;
    rb->n_lfs = H11_LFS_UNKNOWN;
    if (len >= 1 && base[0] == '\n')
        return 1;
    if (len >= 2 && base[0] == '\r' && base[1] == '\n')
        return 2;
    /* A head ends at LF LF or LF CR LF. */
    while ((i = find_lf(base, i, len)) < len) {
        if (n_lfs != H11_LFS_UNKNOWN) {
            if (n_lfs < sizeof rb->lfs / sizeof rb->lfs[0] && i <= UINT16_MAX)
                rb->lfs[n_lfs++] = (uint16_t)i;
            else
                n_lfs = H11_LFS_UNKNOWN;
        }
        /* Nearly every line is followed by a header name: one test lets
         * it by, where the tests below take two. */
        if (H11_LIKELY(i + 2 < len) && base[i + 1] > '\r') {
            i++;
            continue;
        }
        if (i + 1 < len && base[i + 1] == '\n') {
            rb->n_lfs = (uint8_t)n_lfs;
            return i + 2;
        }
        if (i + 2 < len && base[i + 1] == '\r' && base[i + 2] == '\n') {
            rb->n_lfs = (uint8_t)n_lfs;
            return i + 3;
        }
        if (i + 2 >= len) {
            /* The terminator may still be arriving: look here again. */
            rb->head_scan = i;
            return 0;
        }
        i++;
    }
    rb->head_scan = len;
    return 0;
}

#ifdef H11_SIMD_AVX2
H11_TARGET_AVX2 static size_t find_head_avx2(h11_rbuf *rb)
{
    return find_head_with(rb, next_lf_avx2);
}
#endif

/* The search in 16-byte steps (or the scalar one). Out of line beside its
 * AVX2 twin, so that choosing between them saves no registers before the
 * jump to either. */
#ifdef H11_SIMD_AVX2
H11_NOINLINE
#endif
static size_t find_head_narrow(h11_rbuf *rb)
{
    return find_head_with(rb, next_lf);
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
