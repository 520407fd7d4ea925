package main

import (
	"fmt"
	"net"
	"strings"
	"testing"
	"time"
)

// TestStopDuringATrickledUploadIsClean: SIGTERM while a client trickles a
// body in: after the grace period the request is cut and run returns nil
// (exit status 0), not a shutdown error (exit status 1).
func TestStopDuringATrickledUploadIsClean(t *testing.T) {
	// Not parallel: the grace period is the program's, shortened for the test.
	saved := shutdownGrace
	shutdownGrace = 300 * time.Millisecond
	defer func() { shutdownGrace = saved }()

	base, stop := startApp(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"title\":")
	time.Sleep(100 * time.Millisecond) // the server is reading the body
	start := time.Now()
	err = stop()
	took := time.Since(start)
	if code := exitCode(err, new(strings.Builder)); code != 0 {
		t.Errorf("stopped during a trickled upload: run returned %v (exit status %d), want nil (0)", err, code)
	}
	if took > 5*time.Second {
		t.Errorf("stopping took %v, want about the grace period (%v)", took, shutdownGrace)
	}
}
