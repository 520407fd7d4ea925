package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestExitCodes: what a person typing the command sees, and its status.
func TestExitCodes(t *testing.T) {
	t.Parallel()
	noEnv := func(string) string { return "" }
	tests := []struct {
		name       string
		args       []string
		wantStatus int
		wantOutput string
	}{
		{"help is not an error", []string{"-h"}, 0, "Usage: openspace"},
		{"a bad flag", []string{"-nope"}, 2, "flag provided but not defined: -nope"},
		{"a stray argument", []string{"serve"}, 2, `unexpected argument "serve"`},
		{"a public URL with a path", []string{"-public-url", "https://meetup.example/openspace"}, 2, "the app is served from the root"},
		{"a public URL without a scheme", []string{"-public-url", "meetup.example"}, 2, "want http://host[:port]"},
		{"a trusted proxy that is a host name", []string{"-trusted-proxies", "127.0.0.1, proxy.local"}, 2, `"proxy.local" is neither an address nor a CIDR`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			got := exitCode(run(context.Background(), tt.args, noEnv, &out, nil), &out)
			if got != tt.wantStatus {
				t.Errorf("exit status = %d, want %d; output:\n%s", got, tt.wantStatus, out.String())
			}
			if !strings.Contains(out.String(), tt.wantOutput) {
				t.Errorf("output lacks %q:\n%s", tt.wantOutput, out.String())
			}
			if strings.Contains(out.String(), "help requested") {
				t.Errorf("help is reported as an error:\n%s", out.String())
			}
		})
	}
}

// TestSecondServerOnTheSameFile: a second server on a data file in use
// fails within two seconds, says so and names the file, instead of a bare
// bbolt timeout (or waiting for ever on the lock).
func TestSecondServerOnTheSameFile(t *testing.T) {
	t.Parallel()
	dbPath := filepath.Join(t.TempDir(), "openspace.db")
	_, stop := startAppAt(t, "127.0.0.1:0", dbPath)
	defer stop()
	var out bytes.Buffer
	start := time.Now()
	err := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-db", dbPath}, func(string) string { return "" }, io.Discard, nil)
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("the second server took %v to fail, want at most 2 s", took)
	}
	if got, want := exitCode(err, &out), 1; got != want {
		t.Errorf("exit status = %d, want %d", got, want)
	}
	for _, want := range []string{dbPath, "in use by another openspace process"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("message %q lacks %q", out.String(), want)
		}
	}
}

// TestTrustedProxiesFlagAndEnv: -trusted-proxies and
// OPENSPACE_TRUSTED_PROXIES give the list, the flag winning.
func TestTrustedProxiesFlagAndEnv(t *testing.T) {
	t.Parallel()
	env := map[string]string{"OPENSPACE_TRUSTED_PROXIES": " 10.0.0.0/8 , ::1 "}
	cfg, err := parseConfig(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil || strings.Join(cfg.trustedProxies, " ") != "10.0.0.0/8 ::1" {
		t.Errorf("from the environment: %q, %v; want [10.0.0.0/8 ::1]", cfg.trustedProxies, err)
	}
	cfg, err = parseConfig([]string{"-trusted-proxies", "192.168.1.1"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil || strings.Join(cfg.trustedProxies, " ") != "192.168.1.1" {
		t.Errorf("flag over the environment: %q, %v; want [192.168.1.1]", cfg.trustedProxies, err)
	}
	cfg, err = parseConfig(nil, func(string) string { return "" }, io.Discard)
	if err != nil || len(cfg.trustedProxies) != 0 {
		t.Errorf("default: %q, %v; want none", cfg.trustedProxies, err)
	}
}
