/* Memory plumbing, byte buffers, error detail and byte helpers (h11's _util). */
#include "h11_int.h"

#include <stdlib.h>

static void *libc_malloc(size_t size, void *ud) { (void)ud; return malloc(size); }
static void libc_free(void *ptr, void *ud) { (void)ud; free(ptr); }
static void *libc_realloc(void *ptr, size_t size, void *ud) { (void)ud; return realloc(ptr, size); }

void h11__mem_init(h11_mem *dst, const h11_mem *src)
{
    if (src && src->malloc && src->free && src->realloc) {
        *dst = *src;
    } else {
        dst->user_data = NULL;
        dst->malloc = libc_malloc;
        dst->free = libc_free;
        dst->realloc = libc_realloc;
    }
}

void *h11__malloc(const h11_mem *mem, size_t size) { return mem->malloc(size, mem->user_data); }

void *h11__realloc(const h11_mem *mem, void *ptr, size_t size)
{
    return mem->realloc(ptr, size, mem->user_data);
}

void h11__free(const h11_mem *mem, void *ptr)
{
    if (ptr)
        mem->free(ptr, mem->user_data);
}

int h11__grown_cap(size_t cap, size_t need, size_t elem_size, size_t *out)
{
    size_t ncap = cap ? cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / elem_size)
            return H11_ERR_NOMEM;
        ncap *= 2;
    }
    *out = ncap;
    return H11_OK;
}

int h11__grow_slow(const h11_mem *mem, void **array, size_t *cap, size_t need,
                    size_t elem_size)
{
    size_t ncap;
    void *p;
    if (h11__grown_cap(*cap, need, elem_size, &ncap) != H11_OK)
        return H11_ERR_NOMEM;
    p = h11__realloc(mem, *array, ncap * elem_size);
    if (!p)
        return H11_ERR_NOMEM;
    *array = p;
    *cap = ncap;
    return H11_OK;
}

int h11__buf_append_slow(h11_buf *b, const h11_mem *mem, const void *data, size_t n)
{
    if (h11__buf_reserve(b, mem, n) != H11_OK)
        return H11_ERR_NOMEM;
    memcpy(b->ptr + b->len, data, n);
    b->len += n;
    return H11_OK;
}

void h11__buf_free(h11_buf *b, const h11_mem *mem)
{
    h11__free(mem, b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
}

/* ------------------------------------------------------------- errors */

void h11__err_init(h11_errinfo *e, const h11_mem *mem)
{
    memset(e, 0, sizeof *e);
    e->mem = mem;
}

void h11__err_free(h11_errinfo *e) { h11__buf_free(&e->msg, e->mem); }

static void err_append(h11_errinfo *e, const void *p, size_t n)
{
    /* Keep room for the terminating NUL; on failure the message stays cut. */
    if (h11__buf_reserve(&e->msg, e->mem, n + 1) != H11_OK)
        return;
    memcpy(e->msg.ptr + e->msg.len, p, n);
    e->msg.len += n;
    e->msg.ptr[e->msg.len] = '\0';
}

int h11__err_start(h11_errinfo *e, int hint, const char *text)
{
    e->code = H11_ERR_LOCAL_PROTOCOL;
    e->hint = hint;
    e->msg.len = 0;
    if (e->msg.ptr)
        e->msg.ptr[0] = '\0';
    err_append(e, text, strlen(text));
    return H11_ERR_LOCAL_PROTOCOL;
}

void h11__err_add(h11_errinfo *e, const char *text) { err_append(e, text, strlen(text)); }

void h11__err_add_uint(h11_errinfo *e, uint64_t v)
{
    char tmp[21];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    err_append(e, tmp + i, sizeof tmp - i);
}

void h11__err_add_repr(h11_errinfo *e, const uint8_t *p, size_t n, bool bytearray)
{
    static const char hex[] = "0123456789abcdef";
    bool has_single = memchr(p, '\'', n) != NULL;
    bool has_double = memchr(p, '"', n) != NULL;
    /* Python quotes with " only when that avoids escaping a ' */
    char quote = has_single && !has_double ? '"' : '\'';
    size_t i;
    if (bytearray)
        err_append(e, "bytearray(", 10);
    err_append(e, "b", 1);
    err_append(e, &quote, 1);
    for (i = 0; i < n; i++) {
        uint8_t c = p[i];
        char esc[4];
        /* bytearray's repr escapes ' even inside double quotes; bytes'
         * does not */
        if (c == quote || c == '\\' || (bytearray && c == '\'')) {
            esc[0] = '\\';
            esc[1] = (char)c;
            err_append(e, esc, 2);
        } else if (c == '\t' || c == '\n' || c == '\r') {
            esc[0] = '\\';
            esc[1] = c == '\t' ? 't' : c == '\n' ? 'n' : 'r';
            err_append(e, esc, 2);
        } else if (c < 0x20 || c >= 0x7f) {
            esc[0] = '\\';
            esc[1] = 'x';
            esc[2] = hex[c >> 4];
            esc[3] = hex[c & 15];
            err_append(e, esc, 4);
        } else {
            err_append(e, &c, 1);
        }
    }
    err_append(e, &quote, 1);
    if (bytearray)
        err_append(e, ")", 1);
}

int h11__err_set(h11_errinfo *e, int code, int hint, const char *text)
{
    h11__err_start(e, hint, text);
    e->code = code;
    return code;
}

int h11__err_nomem(h11_errinfo *e) { return h11__err_set(e, H11_ERR_NOMEM, H11_HINT_DEFAULT, "out of memory"); }

int h11__err_args(h11_errinfo *e, int code)
{
    return code == H11_ERR_NOMEM ? h11__err_nomem(e)
                                 : h11__err_set(e, code, H11_HINT_DEFAULT, "invalid event arguments");
}

const char *h11__err_message(const h11_errinfo *e, size_t *len)
{
    if (len)
        *len = e->msg.len;
    return e->msg.ptr ? (const char *)e->msg.ptr : "";
}

