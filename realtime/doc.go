// Package realtime is the WebSocket hub that keeps every screen of an event
// (phones, projector, organizer console) up to date.
//
// # Protocol
//
// One WebSocket per client per event. The server sends JSON text frames, one
// message per frame:
//
//	{"type":"snapshot","epoch":"…","version":N,"state":<openspace.State>}
//	{"type":"patch","epoch":"…","version":N,"patch":<openspace.Patch>}
//
// The first message of a connection is a snapshot (or, when resuming, the
// missed patches). Every later message is a patch whose version is exactly one
// more than the previous message's version; a patch may be empty ({}) for a
// public screen when only the organizer's draft changed. A snapshot always
// replaces the whole state and resets the client's version, even when its
// version is not the next one.
//
// The epoch names one life of the event's state in the hub (it changes when
// the server restarts or forgets an idle event). Versions are only comparable
// within one epoch.
//
// Resuming: a client that reconnects dials with ?since=N&epoch=E (the version
// and epoch of the last message it applied). If E is the current epoch and the
// hub still keeps every patch after N, the client gets exactly those patches
// in order (nothing if N is current); otherwise it gets a snapshot.
//
// The client sends {"type":"resync"} to ask for a fresh snapshot, e.g. when
// it sees a version gap. Every other client message is ignored; a message
// larger than the read limit closes the connection (1009). Client frames
// draw on a token bucket per connection (20 a second, 40 at once by
// default): beyond it the connection is closed (1008). A resync is answered
// at most once per ResyncInterval (2 s; one asked sooner waits for it), a
// clock request at most once per ClockInterval (1 s; sooner ones are
// ignored).
//
// Before upgrading, ServeWS answers 503 with Retry-After when the hub holds
// MaxClients connections, the remote address it is given (the server passes
// the connection's, or the client's through a trusted proxy; an IPv6 /64
// counts as one) MaxPerAddress, or the event MaxPerEvent.
//
// Close codes sent by the server: 1001 server shutting down, 1011 the state
// could not be read, 1013 the client was too slow to keep up (its queue
// overflowed), 1008 the organizer key changed (Hub.DropOrganizers) or the
// client sent frames faster than its bucket allows. In every
// case the client should reconnect with back-off and ?since/epoch.
//
// # Server side
//
// The server calls [Hub.Publish] after each committed write, naming what
// changed. A change made while the event's stream is idle goes out at once
// (at most patchBurst at once, then patchRate a second); one made while the
// last patch is still on its way to the screens waits for it, at most
// FlushInterval, so that changes under load are coalesced. One
// [Source.Patch] call builds the patch for all screens of the event; public
// screens get it without what only organizers see (Patch.Public: the draft
// and its report). All reads for one event happen in order
// in that event's goroutine, so a patch is never older than one sent before it.
//
// The event goroutine writes a patch itself to each screen whose writer
// has nothing queued and whose socket has room for it (Linux; see room),
// and queues it for the screen's writer otherwise: waking a writer per
// screen cost more than the write. It yields the CPU every YieldEvery
// screens, so that a patch to ten thousand screens never keeps the
// server's request handlers waiting for the whole fan-out, and at most
// that many writers wake at once. A phone that stopped reading fills its
// socket and gets its patches through its writer, until its queue
// overflows and it is dropped.
package realtime
