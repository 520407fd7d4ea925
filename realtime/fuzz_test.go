package realtime

import (
	"encoding/json"
	"testing"

	"github.com/gorilla/websocket"
)

// FuzzClientMessage: whatever a client sends on its socket, decoding the
// frame never panics; only a text frame holding a resync request or a
// clock probe is acted on; and the echo of a clock probe always encodes
// (a time the server cannot write back would end the client's stream).
// Seeds: testdata/fuzz/FuzzClientMessage.
func FuzzClientMessage(f *testing.F) {
	f.Fuzz(func(t *testing.T, text bool, data []byte) {
		mt := websocket.BinaryMessage
		if text {
			mt = websocket.TextMessage
		}
		m, ok := decodeClientMessage(mt, data)
		if !ok {
			return
		}
		if !text {
			t.Fatalf("a binary frame was acted on: %+v", m)
		}
		switch m.Type {
		case TypeResync:
		case TypeClock:
			if _, err := json.Marshal(ClockMessage{Type: TypeClock, T: m.T, Now: 1}); err != nil {
				t.Fatalf("the clock echo of %q does not encode: %v", data, err)
			}
		default:
			t.Fatalf("type %q was acted on", m.Type)
		}
	})
}
