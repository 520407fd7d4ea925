package main

import (
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// TestSlowHeadersAreCutOff: a client that sends its request headers one
// byte at a time (slowloris) is cut off by the server's own timeouts, the
// ones newHTTPServer sets for run, well before it finishes.
func TestSlowHeadersAreCutOff(t *testing.T) {
	t.Parallel()
	srv := newHTTPServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	}))
	if srv.ReadHeaderTimeout <= 0 || srv.ReadHeaderTimeout > 10*time.Second {
		t.Fatalf("ReadHeaderTimeout = %v, want between 0 and 10 s", srv.ReadHeaderTimeout)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// A server that waits for ever would let this run for 2 minutes.
	headers := "GET / HTTP/1.1\r\nHost: x\r\n"
	for len(headers) < 2000 {
		headers += "X-Padding: aaaaaaaaaaaaaaaa\r\n"
	}
	start := time.Now()
	cut := time.Duration(0)
	for i := 0; i < len(headers); i++ {
		conn.SetWriteDeadline(time.Now().Add(time.Second))
		if _, err := conn.Write([]byte{headers[i]}); err != nil {
			cut = time.Since(start)
			break
		}
		// A closed connection shows on the next read before the writes fail.
		conn.SetReadDeadline(time.Now().Add(60 * time.Millisecond))
		if _, err := conn.Read(make([]byte, 1)); err != nil {
			if ne, ok := err.(net.Error); !ok || !ne.Timeout() {
				cut = time.Since(start)
				break
			}
		}
	}
	limit := srv.ReadHeaderTimeout + 2*time.Second
	switch {
	case cut == 0:
		t.Fatalf("sent %d header bytes over %v without being cut off", len(headers), time.Since(start).Round(time.Millisecond))
	case cut > limit:
		t.Errorf("cut off after %v, want within %v (ReadHeaderTimeout %v)", cut.Round(time.Millisecond), limit, srv.ReadHeaderTimeout)
	default:
		t.Logf("cut off after %v (ReadHeaderTimeout %v)", cut.Round(time.Millisecond), srv.ReadHeaderTimeout)
	}
}
