/* Version query, error strings and h11's names for codes. */
#include "h11_int.h"

static const h11_info INFO = {1, H11_VERSION_NUM, H11_VERSION_STR, H11_UPSTREAM_VERSION_STR};

const h11_info *h11_version(uint32_t least_version)
{
    return least_version > H11_VERSION_NUM ? NULL : &INFO;
}

const char *h11_strerror(int code)
{
    switch (code) {
    case H11_OK: return "success";
    case H11_ERR_LOCAL_PROTOCOL: return "local protocol error";
    case H11_ERR_REMOTE_PROTOCOL: return "remote protocol error";
    case H11_ERR_NOMEM: return "out of memory";
    case H11_ERR_INVALID_ARGUMENT: return "invalid argument";
    case H11_ERR_DATA_AFTER_EOF: return "received close, then received more data?";
    default: return "unknown error";
    }
}

const char *h11_role_name(int role)
{
    switch (role) {
    case H11_CLIENT: return "CLIENT";
    case H11_SERVER: return "SERVER";
    default: return "";
    }
}

const char *h11_state_name(int state)
{
    static const char *const names[] = {"IDLE",   "SEND_RESPONSE",         "SEND_BODY",
                                        "DONE",   "MUST_CLOSE",            "CLOSED",
                                        "MIGHT_SWITCH_PROTOCOL", "SWITCHED_PROTOCOL", "ERROR"};
    return state >= 0 && state < (int)(sizeof names / sizeof names[0]) ? names[state] : "";
}

const char *h11_event_type_name(int type)
{
    static const char *const names[] = {"NEED_DATA", "PAUSED",       "Request",
                                        "InformationalResponse", "Response", "Data",
                                        "EndOfMessage", "ConnectionClosed"};
    return type >= 0 && type < (int)(sizeof names / sizeof names[0]) ? names[type] : "";
}
