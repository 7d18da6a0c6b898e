/* An outside program using an installed libh11 through its public header
 * only: parses one request as a server and prints the method. */
#include <h11/h11.h>

#include <stdio.h>

int main(void)
{
    static const char request[] = "GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n";
    h11_conn *conn = NULL;
    const h11_event *ev = NULL;
    int rc;

    if (h11_version(H11_VERSION_NUM) == NULL) {
        fprintf(stderr, "libh11 older than the headers\n");
        return 1;
    }
    if (h11_conn_new(&conn, H11_SERVER, NULL, NULL) != H11_OK) {
        fprintf(stderr, "h11_conn_new failed\n");
        return 1;
    }
    rc = h11_conn_receive_data(conn, (const uint8_t *)request, sizeof request - 1);
    if (rc == H11_OK)
        rc = h11_conn_next_event(conn, &ev);
    if (rc != H11_REQUEST) {
        fprintf(stderr, "expected a Request, got %d (%s)\n", rc,
                rc < 0 ? h11_conn_last_error_message(conn, NULL) : h11_event_type_name(rc));
        h11_conn_del(conn);
        return 1;
    }
    printf("%.*s\n", (int)ev->method.len, (const char *)ev->method.ptr);
    h11_conn_del(conn);
    return 0;
}
