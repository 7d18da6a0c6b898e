/*
 * libh11 - the h11 0.16.0 HTTP/1.1 protocol state machine, in C.
 *
 * This header is the whole public interface and the single source that every
 * binding (cgo, bindgen, SWIG, LuaJIT ffi.cdef) is generated from or checked
 * against. Rules that keep it consumable by all of them:
 *   - every function takes and returns scalars or pointers; no struct is ever
 *     passed or returned by value;
 *   - the only transparent structs are the frozen view structs below
 *     (h11_bytes, h11_header, h11_event, h11_mem, h11_info); their layout
 *     never changes within libh11.so.1;
 *   - everything else is an opaque handle;
 *   - no callbacks on the hot path, no thread-local state, no globals.
 *
 * Lifetimes: libh11 never keeps a pointer the caller passed in after the call
 * returns (it copies what it needs). Pointers libh11 hands out (events, views,
 * pending output, trailing data, error messages) stay valid until the next
 * call on the same connection that is not a pure query (h11_conn_our_state and
 * the other "const h11_conn *" functions are pure queries).
 */
#ifndef H11_H
#define H11_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define H11_VERSION_MAJOR 1
#define H11_VERSION_MINOR 0
#define H11_VERSION_PATCH 0
/* 0xMMmmpp, comparable with < and > */
#define H11_VERSION_NUM 0x010000
#define H11_VERSION_STR "1.0.0"
/* The h11 release whose behaviour libh11 reproduces. */
#define H11_UPSTREAM_VERSION_STR "0.16.0"

#if defined(H11_STATIC)
#define H11_API
#elif defined(_WIN32)
#ifdef H11_BUILDING
#define H11_API __declspec(dllexport)
#else
#define H11_API __declspec(dllimport)
#endif
#elif defined(H11_BUILDING) && defined(__GNUC__)
#define H11_API __attribute__((visibility("default")))
#else
#define H11_API
#endif

/* ------------------------------------------------------------------ codes */

/* Roles (h11.CLIENT, h11.SERVER). */
typedef enum h11_role {
    H11_CLIENT = 0,
    H11_SERVER = 1
} h11_role;

/* Per-role states (h11.IDLE ... h11.ERROR). */
typedef enum h11_state {
    H11_IDLE = 0,
    H11_SEND_RESPONSE = 1,
    H11_SEND_BODY = 2,
    H11_DONE = 3,
    H11_MUST_CLOSE = 4,
    H11_CLOSED = 5,
    H11_MIGHT_SWITCH_PROTOCOL = 6,
    H11_SWITCHED_PROTOCOL = 7,
    H11_ERROR = 8
} h11_state;

/* What h11_conn_next_event returns when it does not fail, and the type of
 * an event given to h11_conn_send. NEED_DATA and PAUSED are results, not
 * events: they are never sent. */
typedef enum h11_event_type {
    H11_NEED_DATA = 0,
    H11_PAUSED = 1,
    H11_REQUEST = 2,
    H11_INFORMATIONAL_RESPONSE = 3,
    H11_RESPONSE = 4,
    H11_DATA = 5,
    H11_END_OF_MESSAGE = 6,
    H11_CONNECTION_CLOSED = 7
} h11_event_type;

/* Return codes. 0 is success; errors are negative. The two protocol errors
 * carry detail (message, status hint) on the connection. */
typedef enum h11_error {
    H11_OK = 0,
    /* h11.LocalProtocolError: we tried to do something HTTP/1.1 forbids. */
    H11_ERR_LOCAL_PROTOCOL = -1,
    /* h11.RemoteProtocolError: the peer did. */
    H11_ERR_REMOTE_PROTOCOL = -2,
    /* An allocation failed; the connection is unchanged. */
    H11_ERR_NOMEM = -3,
    /* A NULL handle, an unknown role or event type, or inconsistent lengths
     * (h11's ValueError / TypeError). Nothing is changed. */
    H11_ERR_INVALID_ARGUMENT = -4,
    /* Bytes given to h11_conn_receive_data after end of input was signalled
     * (h11's RuntimeError "received close, then received more data?"). */
    H11_ERR_DATA_AFTER_EOF = -5
} h11_error;

/* --------------------------------------------------------- frozen views */

/* A byte string view: ptr may be NULL only when len is 0. */
typedef struct h11_bytes {
    const uint8_t *ptr;
    size_t len;
} h11_bytes;

/* One header field. In events from libh11: name is the lower-cased name,
 * raw_name the name as received or given, value the normalised value.
 * In events given to libh11: raw_name is used when raw_name.ptr is not NULL,
 * otherwise name; either way it is the name as it will be written. */
typedef struct h11_header {
    h11_bytes name;
    h11_bytes raw_name;
    h11_bytes value;
} h11_header;

/* An event. Which fields mean something depends on type:
 *   H11_REQUEST                 method, target, http_version, headers
 *   H11_INFORMATIONAL_RESPONSE  status_code, reason, http_version, headers
 *   H11_RESPONSE                status_code, reason, http_version, headers
 *   H11_DATA                    data, chunk_start, chunk_end
 *   H11_END_OF_MESSAGE          headers (the trailers)
 *   H11_CONNECTION_CLOSED       nothing
 * Unused fields are zero in events from libh11 and ignored in events given
 * to it. http_version is the bare "1.1" (no "HTTP/"). When sending, an empty
 * http_version means h11's default "1.1". chunk_start/chunk_end are ignored
 * when sending, as in h11. */
typedef struct h11_event {
    int32_t type; /* h11_event_type */
    int32_t status_code;
    h11_bytes method;
    h11_bytes target;
    h11_bytes http_version;
    h11_bytes reason;
    const h11_header *headers;
    size_t n_headers;
    h11_bytes data;
    int32_t chunk_start;
    int32_t chunk_end;
} h11_event;

/* Allocator hooks. All of libh11's memory for a connection comes from
 * these; the struct is copied, so it need not outlive the call it is given
 * to. user_data is passed back unchanged. */
typedef struct h11_mem {
    void *user_data;
    void *(*malloc)(size_t size, void *user_data);
    void (*free)(void *ptr, void *user_data);
    void *(*realloc)(void *ptr, size_t size, void *user_data);
} h11_mem;

/* Run-time library information. Fields are only ever appended; age tells
 * how many are present (1 for this layout). */
typedef struct h11_info {
    int32_t age;
    uint32_t version_num;       /* H11_VERSION_NUM of the running library */
    const char *version_str;    /* H11_VERSION_STR */
    const char *upstream_str;   /* H11_UPSTREAM_VERSION_STR */
} h11_info;

/* --------------------------------------------------------------- library */

/* Returns the running library's information, or NULL if its version number
 * is lower than least_version (pass H11_VERSION_NUM to require at least the
 * headers compiled against, 0 to just ask). */
H11_API const h11_info *h11_version(uint32_t least_version);

/* A static, NUL-terminated description of an h11_error code. */
H11_API const char *h11_strerror(int code);

/* Static names as h11 spells them ("CLIENT", "SEND_BODY", "Request",
 * "NEED_DATA", ...); "" for an unknown value. */
H11_API const char *h11_role_name(int role);
H11_API const char *h11_state_name(int state);
H11_API const char *h11_event_type_name(int type);

/* --------------------------------------------------------------- options */

typedef struct h11_options h11_options;

/* mem may be NULL for the C library allocator. */
H11_API int h11_options_new(h11_options **out, const h11_mem *mem);
H11_API void h11_options_del(h11_options *opts);
/* h11's max_incomplete_event_size; default 16384. */
H11_API int h11_options_set_max_incomplete_event_size(h11_options *opts, size_t size);
/* Strict mode (off by default; default behaviour is exactly h11's). When
 * strict is nonzero, connections created with these options also refuse,
 * with hint 400, what RFC 9112 lets a recipient refuse and h11 accepts:
 * bare-LF line endings in heads and trailers (2.2), obs-fold (5.2), chunk
 * extensions outside the chunk-ext grammar (7.1.1), Content-Length together
 * with Transfer-Encoding (6.1, 6.3), and control bytes other than HTAB in a
 * reason phrase (4). Received: H11_ERR_REMOTE_PROTOCOL from next_event, the
 * peer's state becomes ERROR. Sent: H11_ERR_LOCAL_PROTOCOL from send before
 * anything changes. Received input meets these checks only once h11's
 * parser accepted it (h11's own parse errors come first), before the state
 * machine sees the event. docs/security.md lists the messages. */
H11_API int h11_options_set_strict(h11_options *opts, int strict);

/* ------------------------------------------------------------ connection */

typedef struct h11_conn h11_conn;

/* Creates a connection playing role (H11_CLIENT or H11_SERVER). opts may be
 * NULL for defaults and is not kept; mem may be NULL for the C library
 * allocator. */
H11_API int h11_conn_new(h11_conn **out, int role, const h11_options *opts,
                         const h11_mem *mem);
H11_API void h11_conn_del(h11_conn *conn);

/* Appends bytes from the peer; len == 0 signals end of input (EOF). No
 * parsing happens here. */
H11_API int h11_conn_receive_data(h11_conn *conn, const uint8_t *data, size_t len);

/* Parses the next event. Returns an h11_event_type (H11_NEED_DATA,
 * H11_PAUSED, or an event type, in which case *out points to it) or a
 * negative h11_error. *out is set to NULL unless an event is returned. */
H11_API int h11_conn_next_event(h11_conn *conn, const h11_event **out);

/* Sends an event: validates it the way h11's event constructors do (a
 * failure there changes nothing), runs the state machine, and appends the
 * bytes to the pending output. Returns H11_OK or a negative h11_error. */
H11_API int h11_conn_send(h11_conn *conn, const h11_event *event);

/* The same, with every byte field in one buffer and no pointers, for
 * callers (cgo) that cannot hand over memory that holds pointers.
 * fields holds the n_lens fields back to back, lens[i] the length of each:
 *   H11_REQUEST                 method, target, http_version, then pairs
 *   H11_INFORMATIONAL_RESPONSE  http_version, reason, then pairs
 *   H11_RESPONSE                http_version, reason, then pairs
 *   H11_DATA                    data
 *   H11_END_OF_MESSAGE          pairs (trailers)
 *   H11_CONNECTION_CLOSED       nothing
 * where "pairs" is header name, header value, name, value, ... */
H11_API int h11_conn_send_flat(h11_conn *conn, int type, int status_code,
                               const uint8_t *fields, const uint32_t *lens,
                               size_t n_lens);

/* Sends a Data event whose data_len bytes the caller will write itself
 * (h11's send_with_data_passthrough). On success *before and *after are the
 * framing bytes to write around the data (possibly empty), and the return
 * value is 1 if the data is to be written between them, 0 if it must be left
 * out (an empty chunk). Nothing is added to the pending output. */
H11_API int h11_conn_send_data_passthrough(h11_conn *conn, uint64_t data_len,
                                           h11_bytes *before, h11_bytes *after);

/* Bytes produced by h11_conn_send* and not yet consumed. Returns the count
 * and points *data at them (data may be NULL to ask only for the count). */
H11_API size_t h11_conn_pending_output(const h11_conn *conn, const uint8_t **data);
/* Drops the first n (clamped) pending bytes. */
H11_API void h11_conn_consume_output(h11_conn *conn, size_t n);
/* Copies up to cap pending bytes into buf, consumes them, returns the count. */
H11_API size_t h11_conn_take_output(h11_conn *conn, uint8_t *buf, size_t cap);

/* h11's send_failed(): our state becomes ERROR. */
H11_API int h11_conn_send_failed(h11_conn *conn);

/* h11's start_next_cycle(): both states DONE -> IDLE, else a local protocol
 * error that changes nothing. */
H11_API int h11_conn_start_next_cycle(h11_conn *conn);

/* ------------------------------------------------------ connection state */

/* These are pure queries. Given a NULL connection, the role and state
 * functions return -1 and the others 0 (or an empty view). */

H11_API int h11_conn_our_role(const h11_conn *conn);
H11_API int h11_conn_their_role(const h11_conn *conn);
/* The state of a role (H11_CLIENT or H11_SERVER), or -1 for a bad role. */
H11_API int h11_conn_state(const h11_conn *conn, int role);
H11_API int h11_conn_our_state(const h11_conn *conn);
H11_API int h11_conn_their_state(const h11_conn *conn);

/* Returns 1 and the peer's HTTP version (e.g. "1.1") once a request or
 * response head has been received, 0 (h11's None) before. */
H11_API int h11_conn_their_http_version(const h11_conn *conn, h11_bytes *version);

H11_API int h11_conn_client_is_waiting_for_100_continue(const h11_conn *conn);
H11_API int h11_conn_they_are_waiting_for_100_continue(const h11_conn *conn);

/* h11's trailing_data: the received bytes not yet turned into events, and
 * whether end of input has been received. Returns the eof flag (0 or 1). */
H11_API int h11_conn_trailing_data(const h11_conn *conn, h11_bytes *data);

/* Detail of the last error returned on this connection: its h11_error code
 * (H11_OK if none yet), h11's error_status_hint (400, 431 or 501; 0 when the
 * last error was not a protocol error) and message, exactly as h11 words it. The message is NUL-terminated, never
 * NULL, and also available with its length. */
H11_API int h11_conn_last_error_code(const h11_conn *conn);
H11_API int h11_conn_last_error_status_hint(const h11_conn *conn);
H11_API const char *h11_conn_last_error_message(const h11_conn *conn, size_t *len);

/* ------------------------------------------------------------- validator */

/* h11 validates and normalises an event when it is constructed, before any
 * connection sees it. A validator does that alone, for bindings whose event
 * objects must fail at construction (Python) and for callers who want to
 * check an event early. It is reusable: checking allocates nothing once its
 * buffers have grown. */
typedef struct h11_validator h11_validator;

H11_API int h11_validator_new(h11_validator **out, const h11_mem *mem);
H11_API void h11_validator_del(h11_validator *v);

/* Validates and normalises event as h11's constructors do (header names
 * lower-cased beside the raw names, Content-Length duplicates collapsed,
 * Transfer-Encoding lower-cased, Host rules, status ranges, token grammar).
 * On success *normalized points to the normalised event, valid until the
 * next call on v. On failure returns H11_ERR_LOCAL_PROTOCOL with the detail
 * in h11_validator_last_error_*. */
H11_API int h11_validator_check(h11_validator *v, const h11_event *event,
                                const h11_event **normalized);
/* The same with the flat layout of h11_conn_send_flat. */
H11_API int h11_validator_check_flat(h11_validator *v, int type, int status_code,
                                     const uint8_t *fields, const uint32_t *lens,
                                     size_t n_lens, const h11_event **normalized);
H11_API int h11_validator_last_error_status_hint(const h11_validator *v);
H11_API const char *h11_validator_last_error_message(const h11_validator *v, size_t *len);

/* ------------------------------------------------------ prepared events */

/* An outgoing event validated and normalised once, with its own copy of
 * every byte: h11 checks an event when the event object is constructed,
 * not when it is sent, and a prepared event is that object. It can be sent
 * any number of times, on any connection, without being checked again,
 * and for a request or response head the bytes h11 writes for it are made
 * once too. For heads sent often and for bindings whose event objects are
 * immutable (Python). Immutable: it may be shared between threads. */
typedef struct h11_prepared h11_prepared;

/* Validates and normalises event as h11_validator_check does and makes a
 * prepared copy, allocated with v's allocator. On failure *out is NULL and
 * the detail is in h11_validator_last_error_*. */
H11_API int h11_validator_prepare(h11_validator *v, const h11_event *event,
                                  h11_prepared **out);
H11_API void h11_prepared_del(h11_prepared *p);

/* h11_conn_send for a prepared event: the same state machine, framing,
 * clean-up of responses, errors and bytes, without validating again. */
H11_API int h11_conn_send_prepared(h11_conn *conn, const h11_prepared *p);

#ifdef __cplusplus
}
#endif

#endif /* H11_H */
