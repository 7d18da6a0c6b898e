# libh11 through SWIG's Tcl target, built from the same libh11.i as Python:
# parse one request, serialise one response, and show that a protocol error
# becomes a Tcl error. Prints what it saw; the pytest around it compares
# that with what h11 0.16.0 does.
#   tclsh smoke.tcl path/to/h11.so
load [lindex $argv 0] H11
fconfigure stdout -translation binary

set c [new_Conn $H11_SERVER 16384]
Conn_receive_data $c "GET /hello HTTP/1.1\r\nHost: example.com\r\nX-Demo: 1\r\n\r\n"

set type [Conn_next_event $c]
puts "event [h11_event_type_name $type]"
puts "method [Conn_event_field $c 0]"
puts "target [Conn_event_field $c 1]"
puts "http_version [Conn_event_field $c 2]"
for {set i 0} {$i < [Conn_event_header_count $c]} {incr i} {
    puts "header [Conn_event_header $c $i 1]: [Conn_event_header $c $i 2]"
}
puts "event [h11_event_type_name [Conn_next_event $c]]"
puts "states [h11_state_name [Conn_state $c $H11_CLIENT]] [h11_state_name [Conn_state $c $H11_SERVER]]"

Conn_begin_event $c $H11_RESPONSE 200
foreach field {1.1 OK Content-Length 5} { Conn_add_field $c $field }
Conn_send_event $c
Conn_begin_event $c $H11_DATA 0
Conn_add_field $c hello
Conn_send_event $c
Conn_begin_event $c $H11_END_OF_MESSAGE 0
Conn_send_event $c
puts "states [h11_state_name [Conn_our_state $c]] [h11_state_name [Conn_their_state $c]]"
set out [lindex [Conn_take_output $c] 0]
puts "output [string length $out]"
puts -nonewline $out
puts ""
delete_Conn $c

set c [new_Conn $H11_SERVER 16384]
Conn_receive_data $c "gibberish\r\n\r\n"
if {[catch {Conn_next_event $c} msg]} {
    puts "error $msg"
}
delete_Conn $c
