package realtime

import (
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// outgoing is one message queued for a connection, with the fan-out it
// belongs to (nil for a message to that connection alone: a snapshot, a
// resumed patch, a clock answer).
type outgoing struct {
	m *websocket.PreparedMessage
	f *fanout
}

// wrote tells the fan-out that the message was written (or will never be).
func (o outgoing) wrote() {
	if o.f != nil {
		o.f.wrote()
	}
}

// fanout follows one patch on its way to every screen of an event, so
// that the event knows when its stream is idle again: when all but a few
// writers (the slowest 1/64) have written it. A change made while the
// stream is idle goes out at once; one made while a fan-out is under way
// waits for it (at most FlushInterval), so changes arriving under load are
// coalesced into the next patch.
type fanout struct {
	left      atomic.Int64 // writers that have not written the patch yet
	threshold int64        // left at or below this: the stream is idle
	e         *event
}

func newFanout(e *event, clients int) *fanout {
	f := &fanout{e: e, threshold: int64(clients / 64)}
	f.left.Store(int64(clients))
	return f
}

// wrote is called by a writer once it wrote the patch (or failed to).
func (f *fanout) wrote() {
	if f.left.Add(-1) == f.threshold {
		f.e.notify()
	}
}

// idle reports whether the fan-out is over, as far as the stream's pace
// is concerned.
func (f *fanout) idle() bool { return f == nil || f.left.Load() <= f.threshold }

// directWriteWait bounds a write made by the event goroutine itself, to a
// socket that seemed to have room (see event.deliver).
const directWriteWait = 50 * time.Millisecond

// Patches of one event when its stream is idle: at most patchBurst at
// once, then patchRate a second, so that a flood of changes is coalesced
// even when every screen keeps up.
const (
	patchRate  = 100
	patchBurst = 4
)

// patchBucket is the token bucket of an event's immediate patches, owned
// by the event goroutine.
type patchBucket struct {
	tokens float64
	at     time.Time
}

func (b *patchBucket) refill(now time.Time) {
	if b.at.IsZero() {
		b.tokens = patchBurst
	} else {
		b.tokens = min(patchBurst, b.tokens+now.Sub(b.at).Seconds()*patchRate)
	}
	b.at = now
}

// delay is how long until a patch may go out.
func (b *patchBucket) delay(now time.Time) time.Duration {
	b.refill(now)
	if b.tokens >= 1 {
		return 0
	}
	return time.Duration((1 - b.tokens) / patchRate * float64(time.Second))
}

// take spends one token (tokens may go below zero after a build forced by
// FlushInterval; the bucket then waits longer before the next).
func (b *patchBucket) take(now time.Time) {
	b.refill(now)
	b.tokens--
}
