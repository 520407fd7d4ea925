package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// startApp runs the whole program on port 0 and a temp data file, the way
// `go run .` does, and stops it when the test ends.
func startApp(tb testing.TB) (baseURL string, stop func() error) {
	tb.Helper()
	return startAppAt(tb, "127.0.0.1:0", filepath.Join(tb.TempDir(), "openspace.db"))
}

// startAppAt is startApp on a given address and data file, to restart the
// server where it was.
func startAppAt(tb testing.TB, addr, dbPath string) (baseURL string, stop func() error) {
	tb.Helper()
	return startAppEnv(tb, addr, map[string]string{"OPENSPACE_DB": dbPath})
}

// startAppEnv is startApp with the given environment (OPENSPACE_DB and
// any other setting).
func startAppEnv(tb testing.TB, addr string, env map[string]string) (baseURL string, stop func() error) {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", addr}, func(k string) string { return env[k] }, io.Discard, ready)
	}()
	select {
	case addr := <-ready:
		baseURL = "http://" + addr
	case err := <-done:
		cancel()
		tb.Fatalf("run: %v", err)
	case <-time.After(10 * time.Second):
		cancel()
		tb.Fatal("the server did not start")
	}
	stopped := false
	stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(15 * time.Second):
			return errors.New("run did not return after cancel")
		}
	}
	tb.Cleanup(func() { stop() })
	return baseURL, stop
}

func TestRunServesAndShutsDownGracefully(t *testing.T) {
	t.Parallel()
	base, stop := startApp(t)
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got, want := resp.StatusCode, http.StatusOK; got != want {
		t.Fatalf("healthz status %d, want %d", got, want)
	}

	// Create an event and hold a WebSocket open across the shutdown.
	resp, err = http.Post(base+"/api/events", "application/json", strings.NewReader(
		`{"title":"Meetup","sessions":[{"title":"S1","duration":30}],"rooms":[{"name":"A","capacity":10}]}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	id := between(string(body), `"id":"`, `"`)
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(base, "http")+"/api/events/"+id+"/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, _, err := conn.ReadMessage(); err != nil {
		t.Fatalf("snapshot: %v", err)
	}

	if err := stop(); err != nil {
		t.Fatalf("run returned %v after shutdown, want nil", err)
	}
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, _, err = conn.ReadMessage()
	if !websocket.IsCloseError(err, websocket.CloseGoingAway) {
		t.Errorf("socket ended with %v, want close code 1001 (going away)", err)
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	t.Parallel()
	err := run(context.Background(), []string{"-nope"}, func(string) string { return "" }, io.Discard, nil)
	var usage usageError
	if !errors.As(err, &usage) {
		t.Errorf("bad flag: got %v, want a usage error (exit status 2)", err)
	}
}

func TestRunFailsFastOnBusyPort(t *testing.T) {
	t.Parallel()
	base, _ := startApp(t)
	addr := strings.TrimPrefix(base, "http://")
	env := map[string]string{"OPENSPACE_DB": filepath.Join(t.TempDir(), "other.db")}
	err := run(context.Background(), []string{"-addr", addr}, func(k string) string { return env[k] }, io.Discard, nil)
	if err == nil || !strings.Contains(err.Error(), "listen") {
		t.Errorf("busy port: got %v, want a listen error", err)
	}
}

func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	s = s[i+len(start):]
	if j := strings.Index(s, end); j >= 0 {
		return s[:j]
	}
	return s
}
