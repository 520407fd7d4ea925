//go:build unix

package main

import (
	"syscall"
	"testing"
)

// TestRaiseFileLimit: after raiseFileLimit the soft limit on open files is
// the hard one (the most WebSockets the process may hold), and it says so.
func TestRaiseFileLimit(t *testing.T) {
	var before syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &before); err != nil {
		t.Fatal(err)
	}
	// Lower the soft limit first, so that there is something to raise.
	if before.Max > 256 {
		lowered := before
		lowered.Cur = 256
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lowered); err != nil {
			t.Fatal(err)
		}
	}
	got := raiseFileLimit()
	var after syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &after); err != nil {
		t.Fatal(err)
	}
	if after.Cur != after.Max || got != after.Cur {
		t.Errorf("after raiseFileLimit: soft %d, hard %d, returned %d; want soft = hard = returned", after.Cur, after.Max, got)
	}
}
