//go:build linux

package realtime

import (
	"errors"
	"net"
	"os"
	"testing"
	"time"
)

// A fresh connection has room for a message; once the peer stops reading
// and the socket is full, it has none, and the event goroutine leaves the
// message to the connection's writer instead of waiting for the phone.
func TestRoomFollowsTheSocket(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err == nil {
			accepted <- c
		}
	}()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close() // never reads
	server := <-accepted
	defer server.Close()

	r := newRoom(server)
	if !r.fits(500) {
		t.Fatal("a fresh connection: no room for 500 bytes")
	}
	chunk := make([]byte, 64*1024)
	for {
		server.SetWriteDeadline(time.Now().Add(100 * time.Millisecond))
		if _, err := server.Write(chunk); err != nil {
			if !errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatal(err)
			}
			break
		}
	}
	if r.fits(500) {
		t.Error("a full socket: room for 500 bytes")
	}
	if (room{}).fits(1) {
		t.Error("no socket: room")
	}
}
