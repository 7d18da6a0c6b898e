/*
 * libh11 demo: a real HTTP/1.1 exchange over loopback TCP, both ends driven
 * by libh11. libh11 does no I/O; this program owns the sockets and only
 * moves bytes between them and the two connection objects.
 *
 * The process forks: the child is a server on 127.0.0.1 (ephemeral port),
 * the parent a client that sends two requests on one keep-alive connection:
 *   1. GET /hello                      -> 200 with Content-Length
 *   2. POST /upload, chunked body,
 *      Connection: close               -> 200 chunked, with a trailer
 * Each side prints one line per event it receives ("<-") and per event it
 * sends ("->"). Socket timeouts and an alarm bound the run, so it can never
 * hang. Exit status 0 means both sides finished cleanly.
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <h11/h11.h>

#define IO_TIMEOUT_SECONDS 5
#define HARD_LIMIT_SECONDS 20

static const char *who = "demo";

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", who, what, errno ? strerror(errno) : "failed");
    exit(1);
}

static void die_h11(h11_conn *c, const char *what, int rc)
{
    fprintf(stderr, "%s: %s: %s (%s, hint %d)\n", who, what, h11_conn_last_error_message(c, NULL),
            h11_strerror(rc), h11_conn_last_error_status_hint(c));
    exit(1);
}

static void print_bytes(h11_bytes b)
{
    for (size_t i = 0; i < b.len; i++) {
        unsigned char ch = b.ptr[i];
        if (ch >= 0x20 && ch < 0x7f)
            putchar(ch);
        else
            printf("\\x%02x", ch);
    }
}

static void print_headers(const h11_header *h, size_t n)
{
    printf("[");
    for (size_t i = 0; i < n; i++) {
        printf("%s", i ? ", " : "");
        print_bytes(h[i].raw_name.ptr ? h[i].raw_name : h[i].name);
        printf(": ");
        print_bytes(h[i].value);
    }
    printf("]");
}

/* One line per event, in h11's vocabulary. */
static void print_event(const char *dir, const h11_event *ev)
{
    printf("%-6s %s %s(", who, dir, h11_event_type_name(ev->type));
    switch (ev->type) {
    case H11_REQUEST:
        print_bytes(ev->method);
        printf(" ");
        print_bytes(ev->target);
        printf(" HTTP/");
        print_bytes(ev->http_version.len ? ev->http_version : (h11_bytes){(const uint8_t *)"1.1", 3});
        printf(" ");
        print_headers(ev->headers, ev->n_headers);
        break;
    case H11_INFORMATIONAL_RESPONSE:
    case H11_RESPONSE:
        printf("%d ", (int)ev->status_code);
        print_bytes(ev->reason);
        printf(" ");
        print_headers(ev->headers, ev->n_headers);
        break;
    case H11_DATA:
        printf("%zu bytes \"", ev->data.len);
        print_bytes(ev->data);
        printf("\"");
        break;
    case H11_END_OF_MESSAGE:
        printf("trailers=");
        print_headers(ev->headers, ev->n_headers);
        break;
    default:
        break;
    }
    printf(")\n");
}

static void set_timeouts(int fd)
{
    struct timeval tv = {IO_TIMEOUT_SECONDS, 0};
    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0 ||
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0)
        die("setsockopt");
}

/* Writes everything libh11 has produced so far to the socket. */
static void flush_output(h11_conn *c, int fd)
{
    const uint8_t *out;
    size_t n;
    while ((n = h11_conn_pending_output(c, &out)) > 0) {
        ssize_t w = send(fd, out, n, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            h11_conn_send_failed(c);
            die("send");
        }
        h11_conn_consume_output(c, (size_t)w);
    }
}

static void send_event(h11_conn *c, int fd, const h11_event *ev)
{
    int rc = h11_conn_send(c, ev);
    if (rc != H11_OK)
        die_h11(c, "send", rc);
    print_event("->", ev);
    flush_output(c, fd);
}

/* Returns the next event, reading from the socket whenever libh11 needs
 * more bytes; end of input is passed on as len 0. */
static const h11_event *next_event(h11_conn *c, int fd)
{
    for (;;) {
        const h11_event *ev;
        int rc = h11_conn_next_event(c, &ev);
        if (rc < 0)
            die_h11(c, "receive", rc);
        if (rc == H11_PAUSED) {
            fprintf(stderr, "%s: unexpectedly paused\n", who);
            exit(1);
        }
        if (rc != H11_NEED_DATA) {
            print_event("<-", ev);
            return ev;
        }
        uint8_t buf[4096];
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            die("recv");
        }
        rc = h11_conn_receive_data(c, buf, (size_t)n);
        if (rc != H11_OK)
            die_h11(c, "receive_data", rc);
    }
}

#define HDR(n, v) {{(const uint8_t *)(n), sizeof(n) - 1}, {NULL, 0}, {(const uint8_t *)(v), sizeof(v) - 1}}
#define BYTES(s) ((h11_bytes){(const uint8_t *)(s), strlen(s)})

/* ----------------------------------------------------------------- server */

static void respond(h11_conn *c, int fd, const char *target, size_t body_bytes)
{
    if (strcmp(target, "/hello") == 0) {
        static const char body[] = "Hello, world\n";
        static const h11_header hdrs[] = {HDR("Content-Type", "text/plain"), HDR("Content-Length", "13")};
        send_event(c, fd, &(h11_event){.type = H11_RESPONSE, .status_code = 200, .reason = BYTES("OK"),
                                       .headers = hdrs, .n_headers = 2});
        send_event(c, fd, &(h11_event){.type = H11_DATA, .data = BYTES(body)});
        send_event(c, fd, &(h11_event){.type = H11_END_OF_MESSAGE});
        return;
    }
    /* No framing header: libh11 chooses chunked for an HTTP/1.1 peer, and
     * adds Connection: close because the client asked for it. */
    static const h11_header hdrs[] = {HDR("Content-Type", "text/plain")};
    send_event(c, fd, &(h11_event){.type = H11_RESPONSE, .status_code = 200, .reason = BYTES("OK"),
                                   .headers = hdrs, .n_headers = 1});
    send_event(c, fd, &(h11_event){.type = H11_DATA, .data = BYTES("upload ")});
    send_event(c, fd, &(h11_event){.type = H11_DATA, .data = BYTES("received\n")});
    char count[24];
    snprintf(count, sizeof count, "%zu", body_bytes);
    h11_header trailer = HDR("X-Body-Bytes", "");
    trailer.value = BYTES(count);
    send_event(c, fd, &(h11_event){.type = H11_END_OF_MESSAGE, .headers = &trailer, .n_headers = 1});
}

static int run_server(int listener)
{
    who = "server";
    int fd = accept(listener, NULL, NULL);
    if (fd < 0)
        die("accept");
    close(listener);
    set_timeouts(fd);
    h11_conn *c;
    if (h11_conn_new(&c, H11_SERVER, NULL, NULL) != H11_OK)
        die("h11_conn_new");

    char target[256] = "";
    size_t body_bytes = 0;
    for (;;) {
        const h11_event *ev = next_event(c, fd);
        if (ev->type == H11_REQUEST) {
            snprintf(target, sizeof target, "%.*s", (int)ev->target.len, (const char *)ev->target.ptr);
            body_bytes = 0;
        } else if (ev->type == H11_DATA) {
            body_bytes += ev->data.len;
        } else if (ev->type == H11_END_OF_MESSAGE) {
            respond(c, fd, target, body_bytes);
            if (h11_conn_our_state(c) == H11_MUST_CLOSE)
                break;
            if (h11_conn_start_next_cycle(c) != H11_OK)
                die_h11(c, "start_next_cycle", h11_conn_last_error_code(c));
            printf("%-6s -- start_next_cycle: %s/%s\n", who, h11_state_name(h11_conn_state(c, H11_CLIENT)),
                   h11_state_name(h11_conn_state(c, H11_SERVER)));
        } else if (ev->type == H11_CONNECTION_CLOSED) {
            break;
        }
    }
    send_event(c, fd, &(h11_event){.type = H11_CONNECTION_CLOSED});
    printf("%-6s -- closing, states %s/%s\n", who, h11_state_name(h11_conn_state(c, H11_CLIENT)),
           h11_state_name(h11_conn_state(c, H11_SERVER)));
    h11_conn_del(c);
    close(fd);
    return 0;
}

/* ----------------------------------------------------------------- client */

static void read_response(h11_conn *c, int fd)
{
    const h11_event *ev;
    do
        ev = next_event(c, fd);
    while (ev->type != H11_END_OF_MESSAGE);
}

static int run_client(unsigned short port)
{
    who = "client";
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        die("socket");
    set_timeouts(fd);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0)
        die("connect");
    h11_conn *c;
    if (h11_conn_new(&c, H11_CLIENT, NULL, NULL) != H11_OK)
        die("h11_conn_new");

    char host[32];
    snprintf(host, sizeof host, "127.0.0.1:%u", port);
    h11_header get_hdrs[] = {HDR("Host", ""), HDR("User-Agent", "libh11-demo")};
    get_hdrs[0].value = BYTES(host);
    send_event(c, fd, &(h11_event){.type = H11_REQUEST, .method = BYTES("GET"), .target = BYTES("/hello"),
                                   .headers = get_hdrs, .n_headers = 2});
    send_event(c, fd, &(h11_event){.type = H11_END_OF_MESSAGE});
    read_response(c, fd);
    if (h11_conn_start_next_cycle(c) != H11_OK)
        die_h11(c, "start_next_cycle", h11_conn_last_error_code(c));
    printf("%-6s -- start_next_cycle: %s/%s\n", who, h11_state_name(h11_conn_state(c, H11_CLIENT)),
           h11_state_name(h11_conn_state(c, H11_SERVER)));

    h11_header post_hdrs[] = {HDR("Host", ""), HDR("Transfer-Encoding", "chunked"), HDR("Connection", "close")};
    post_hdrs[0].value = BYTES(host);
    send_event(c, fd, &(h11_event){.type = H11_REQUEST, .method = BYTES("POST"), .target = BYTES("/upload"),
                                   .headers = post_hdrs, .n_headers = 3});
    send_event(c, fd, &(h11_event){.type = H11_DATA, .data = BYTES("first chunk, ")});
    send_event(c, fd, &(h11_event){.type = H11_DATA, .data = BYTES("second chunk")});
    send_event(c, fd, &(h11_event){.type = H11_END_OF_MESSAGE});
    read_response(c, fd);

    /* Connection: close was agreed, so both sides are MUST_CLOSE; the
     * server closes too, which arrives as ConnectionClosed. */
    if (h11_conn_our_state(c) != H11_MUST_CLOSE) {
        fprintf(stderr, "client: expected MUST_CLOSE, got %s\n", h11_state_name(h11_conn_our_state(c)));
        return 1;
    }
    send_event(c, fd, &(h11_event){.type = H11_CONNECTION_CLOSED});
    shutdown(fd, SHUT_WR);
    const h11_event *ev = next_event(c, fd);
    int ok = ev->type == H11_CONNECTION_CLOSED;
    printf("%-6s -- closing, states %s/%s\n", who, h11_state_name(h11_conn_state(c, H11_CLIENT)),
           h11_state_name(h11_conn_state(c, H11_SERVER)));
    h11_conn_del(c);
    close(fd);
    return ok ? 0 : 1;
}

int main(void)
{
    /* Line-buffered so the two processes' lines interleave whole. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("libh11 %s (h11 %s behaviour)\n", h11_version(0)->version_str, h11_version(0)->upstream_str);

    int listener = socket(AF_INET, SOCK_STREAM, 0);
    if (listener < 0)
        die("socket");
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(listener, 1) != 0 ||
        getsockname(listener, (struct sockaddr *)&addr, &len) != 0)
        die("listen");
    unsigned short port = ntohs(addr.sin_port);
    printf("server listening on 127.0.0.1:%u\n", port);

    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    /* Whatever goes wrong, neither process outlives this. */
    alarm(HARD_LIMIT_SECONDS);
    if (pid == 0) {
        /* accept() has no SO_RCVTIMEO on every system; the alarm covers it. */
        _exit(run_server(listener));
    }
    close(listener);
    int client_rc = run_client(port);
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            die("waitpid");
    }
    int server_rc = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
    printf("demo %s (client %d, server %d)\n", client_rc == 0 && server_rc == 0 ? "ok" : "FAILED", client_rc,
           server_rc);
    return client_rc == 0 && server_rc == 0 ? 0 : 1;
}
