package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestPprofAddressIsLoopbackOnly: -pprof (or OPENSPACE_PPROF) on an
// address the network reaches is a usage error (exit status 2) that says
// why; a loopback one is accepted.
func TestPprofAddressIsLoopbackOnly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		args       []string
		env        map[string]string
		wantStatus int
		wantOutput string
	}{
		{"every interface", []string{"-pprof", "0.0.0.0:6060"}, nil, 2, "not a loopback address"},
		{"every interface, no host", []string{"-pprof", ":6060"}, nil, 2, "not a loopback address"},
		{"every IPv6 interface", []string{"-pprof", "[::]:6060"}, nil, 2, "not a loopback address"},
		{"a LAN address", []string{"-pprof", "192.168.1.10:6060"}, nil, 2, "not a loopback address"},
		{"a host name", []string{"-pprof", "meetup.example:6060"}, nil, 2, "not a loopback address"},
		{"no port", []string{"-pprof", "127.0.0.1"}, nil, 2, "not host:port"},
		{"from the environment", nil, map[string]string{"OPENSPACE_PPROF": "0.0.0.0:6060"}, 2, "not a loopback address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			got := exitCode(run(context.Background(), tt.args, func(k string) string { return tt.env[k] }, &out, nil), &out)
			if got != tt.wantStatus {
				t.Errorf("exit status = %d, want %d; output:\n%s", got, tt.wantStatus, out.String())
			}
			if !strings.Contains(out.String(), tt.wantOutput) {
				t.Errorf("output lacks %q:\n%s", tt.wantOutput, out.String())
			}
		})
	}
	for _, addr := range []string{"127.0.0.1:6060", "[::1]:6060", "localhost:6060", "127.0.0.1:0"} {
		cfg, err := parseConfig([]string{"-pprof", addr}, func(string) string { return "" }, io.Discard)
		if err != nil || cfg.pprofAddr != addr {
			t.Errorf("-pprof %s: %q, %v; want it accepted", addr, cfg.pprofAddr, err)
		}
	}
	if cfg, err := parseConfig(nil, func(string) string { return "" }, io.Discard); err != nil || cfg.pprofAddr != "" {
		t.Errorf("default: %q, %v; want off", cfg.pprofAddr, err)
	}
}

// lockedBuffer is the server's log, read while the server writes it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestPprofServesOnItsOwnLoopbackListener: with -pprof 127.0.0.1:0 the
// program logs where the profiles are and serves them there, not on the
// app's address; the app serves /metrics to loopback; both stop with it.
func TestPprofServesOnItsOwnLoopbackListener(t *testing.T) {
	t.Parallel()
	var log lockedBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	env := map[string]string{"OPENSPACE_DB": filepath.Join(t.TempDir(), "openspace.db")}
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-pprof", "127.0.0.1:0"}, func(k string) string { return env[k] }, &log, ready)
	}()
	var base string
	select {
	case addr := <-ready:
		base = "http://" + addr
	case err := <-done:
		t.Fatalf("run: %v; log:\n%s", err, log.String())
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not start")
	}
	m := regexp.MustCompile(`msg=profiling url=(http://127\.0\.0\.1:\d+/debug/pprof/)`).FindStringSubmatch(log.String())
	if m == nil {
		t.Fatalf("the log does not say where the profiles are:\n%s", log.String())
	}
	pprofURL := m[1]

	get := func(url string) (int, string) {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	for _, tt := range []struct {
		url, want string
	}{
		{pprofURL, "goroutine"},
		{pprofURL + "heap?debug=1", "heap profile"},
		{pprofURL + "symbol", "num_symbols"},
		{base + "/metrics", "openspace_store_commit_duration_seconds"},
	} {
		if status, body := get(tt.url); status != http.StatusOK || !strings.Contains(body, tt.want) {
			t.Errorf("GET %s: status %d, want 200 with %q", tt.url, status, tt.want)
		}
	}
	if status, _ := get(base + "/debug/pprof/"); status != http.StatusNotFound {
		t.Errorf("GET /debug/pprof/ on the app's address: status %d, want 404", status)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run returned %v after shutdown, want nil", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("run did not return after cancel")
	}
	if resp, err := http.Get(pprofURL); err == nil {
		resp.Body.Close()
		t.Error("the profiles are still served after the program stopped")
	}
}
