package realtime

import (
	"encoding/json"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/time/rate"
)

// client is one WebSocket connection. It has exactly one reader and one
// writer goroutine. The event goroutine is the only sender on send and the
// only one to close it (after setting closeCode and closeText).
type client struct {
	h         *Hub
	ev        *event // set before the pumps start
	conn      *websocket.Conn
	organizer bool
	addr      string // the remote address as counted by the per-address cap

	send       chan outgoing
	closeCode  int    // written before close(send), read after
	closeText  string // idem
	readerDone chan struct{}

	// pending counts the messages queued on send and not yet written:
	// while it is zero the writer is idle, and the event goroutine may
	// write a patch itself (event.deliver).
	pending atomic.Int32
	room    room // whether the socket takes a message at once

	resyncQueued atomic.Bool // a resync request waits in the event's inbox
	clockQueued  atomic.Bool // a clock request waits in the event's inbox
}

// writePump writes queued messages and pings. It owns every write on the
// connection except the close handler's reply.
func (c *client) writePump() {
	h := c.h
	ticker := time.NewTicker(h.opts.PingPeriod)
	defer func() {
		ticker.Stop()
		c.conn.Close()
		h.release(c.addr, c.ev.id)
		h.wg.Done()
	}()
	for {
		select {
		case o, ok := <-c.send:
			if !ok {
				c.closeHandshake()
				return
			}
			c.conn.SetWriteDeadline(time.Now().Add(h.opts.WriteWait))
			err := c.conn.WritePreparedMessage(o.m)
			c.pending.Add(-1)
			o.wrote()
			if err != nil {
				return
			}
			h.opts.Metrics.Sent(1)
		case <-ticker.C:
			if err := c.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(h.opts.WriteWait)); err != nil {
				return
			}
		case <-c.readerDone:
			return
		}
	}
}

// closeHandshake sends the close frame and gives the peer a moment to answer
// it, so that the frame is not lost to a reset connection.
func (c *client) closeHandshake() {
	code := c.closeCode
	if code == 0 {
		code = websocket.CloseNormalClosure
	}
	wait := c.h.opts.WriteWait
	msg := websocket.FormatCloseMessage(code, c.closeText)
	if err := c.conn.WriteControl(websocket.CloseMessage, msg, time.Now().Add(wait)); err != nil {
		return
	}
	grace := min(wait, maxCloseGrace)
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-c.readerDone:
	case <-t.C:
	}
}

// abort closes a connection that never got its pumps.
func (c *client) abort(code int, text string) {
	deadline := time.Now().Add(c.h.opts.WriteWait)
	c.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), deadline)
	c.conn.Close()
}

// readPump reads client messages until the connection fails. Pongs and
// messages extend the read deadline. Data frames draw on a token bucket
// (MessageRate, MessageBurst): a client over it is closed with 1008.
// Resyncs are answered at most once per ResyncInterval (one sooner waits
// for the interval, and at most one waits); clock requests sooner than
// ClockInterval after the last are ignored.
func (c *client) readPump() {
	h := c.h
	bucket := rate.NewLimiter(rate.Limit(h.opts.MessageRate), h.opts.MessageBurst)
	var nextResync, nextClock time.Time
	var resyncTimer *time.Timer
	defer func() {
		if resyncTimer != nil {
			resyncTimer.Stop()
		}
		close(c.readerDone)
		c.ev.leave(c)
		h.wg.Done()
	}()
	c.conn.SetReadLimit(h.opts.MaxMessageSize)
	c.conn.SetReadDeadline(time.Now().Add(h.opts.PongWait))
	c.conn.SetPongHandler(func(string) error {
		return c.conn.SetReadDeadline(time.Now().Add(h.opts.PongWait))
	})
	for {
		mt, data, err := c.conn.ReadMessage()
		if err != nil {
			if websocket.IsUnexpectedCloseError(err, websocket.CloseNormalClosure, websocket.CloseGoingAway, websocket.CloseAbnormalClosure, websocket.CloseNoStatusReceived) {
				h.log.Debug("realtime: read", "event", c.ev.id, "err", err)
			}
			return
		}
		now := time.Now()
		c.conn.SetReadDeadline(now.Add(h.opts.PongWait))
		if !bucket.AllowN(now, 1) {
			h.log.Debug("realtime: client over its message rate", "event", c.ev.id, "addr", c.addr)
			c.conn.WriteControl(websocket.CloseMessage,
				websocket.FormatCloseMessage(websocket.ClosePolicyViolation, "too many messages"),
				now.Add(h.opts.WriteWait))
			return
		}
		m, ok := decodeClientMessage(mt, data)
		if !ok {
			continue
		}
		switch {
		case m.Type == TypeResync && c.resyncQueued.CompareAndSwap(false, true):
			at := later(now, nextResync)
			nextResync = at.Add(h.opts.ResyncInterval)
			if wait := at.Sub(now); wait > 0 {
				ev := c.ev
				resyncTimer = time.AfterFunc(wait, func() { ev.resync(c) })
			} else {
				c.ev.resync(c)
			}
		case m.Type == TypeClock && !now.Before(nextClock) && c.clockQueued.CompareAndSwap(false, true):
			nextClock = now.Add(h.opts.ClockInterval)
			c.ev.clock(c, m.T)
		}
	}
}

// clientMessage is what a client may send: a resync request, or a clock
// probe carrying the client's time (ms) for the server to echo.
type clientMessage struct {
	Type string  `json:"type"`
	T    float64 `json:"t"`
}

// decodeClientMessage reads one frame from a client; ok is false for what
// the hub ignores: a binary frame, anything that is not a JSON object, a
// type it does not know.
func decodeClientMessage(messageType int, data []byte) (m clientMessage, ok bool) {
	if messageType != websocket.TextMessage || json.Unmarshal(data, &m) != nil {
		return clientMessage{}, false
	}
	return m, m.Type == TypeResync || m.Type == TypeClock
}
