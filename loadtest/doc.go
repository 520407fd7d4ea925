// Package loadtest drives an openspace server the way phones do, from
// outside its process: people join through the API, open the live stream,
// vote and unvote at a fixed total rate, and stop by themselves. It
// measures what a phone feels (acknowledgement and fan-out latency), what
// the server pays (memory per connection, CPU per frame delivered) and
// what it costs the driver itself, then checks that every screen ended on
// the state a fresh one reads and that the stored counts equal the
// acknowledged votes.
//
// A run can also start a bare gorilla/websocket broadcaster in its own
// process (ServeBare) and drive it with the same clients at the same rate:
// the floor for fan-out on the machine, printed beside the app's figures.
//
// Fan-out latency is attributed without tagging messages: every topic
// carries at most one write in flight and is reused only seconds later, so
// a patch naming topic T with the vote count write k left belongs to
// write k. The latency of write k at a client is the patch's arrival
// minus the moment k's answer came back (clamped to 0 when the patch came
// first, and counted).
package loadtest
