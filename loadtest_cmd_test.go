package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// childEnv makes this test binary act as the openspace binary when the load
// tool starts it (the app for a run without -url, `loadtest-bare` for
// -bare), so those run in processes of their own as they do for real.
const childEnv = "OPENSPACE_LOADTEST_CHILD"

func init() {
	if os.Getenv(childEnv) == "1" {
		main() // exits
	}
}

// loadReport is the part of the -json report the tests read.
type loadReport struct {
	Clients int `json:"clients"`
	Acked   int `json:"acked"`
	Failed  int `json:"failed"`
	Frames  int `json:"frames"`
	Pairs   int `json:"pairs"`
	NotSeen int `json:"pairs_not_seen"`
	Dropped int `json:"dropped"`
	Check   struct {
		OK           bool     `json:"ok"`
		Inconsistent int      `json:"inconsistent_clients"`
		Lost         int      `json:"lost"`
		Duplicated   int      `json:"duplicated"`
		Details      []string `json:"details"`
	} `json:"check"`
	Bare *struct {
		Frames  int `json:"frames"`
		NotSeen int `json:"pairs_not_seen"`
		FanOut  struct {
			N int `json:"n"`
		} `json:"fanout"`
	} `json:"bare"`
	Ratio float64 `json:"ratio_p99"`
}

func runLoad(t *testing.T, args ...string) (loadReport, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := runLoadtest(args, &stdout, &stderr, []string{childEnv + "=1"})
	var rep loadReport
	if strings.Contains(strings.Join(args, " "), "-json") {
		if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
			t.Fatalf("the report is not JSON: %v\n%s\n%s", err, stdout.String(), stderr.String())
		}
	}
	if code != 0 {
		t.Fatalf("openspace loadtest %s: exit %d\n%s\n%s", strings.Join(args, " "), code, stdout.String(), stderr.String())
	}
	return rep, stdout.String()
}

// TestLoadtestSteady is the short load run of CI: 300 phones on a freshly
// started server (in its own process, as `openspace loadtest` does), 50
// votes and unvotes a second for 8 s, then the final check. Speed is
// measured and printed, never asserted; correctness is.
func TestLoadtestSteady(t *testing.T) {
	if testing.Short() {
		t.Skip("a load run")
	}
	rep, _ := runLoad(t, "-clients", "300", "-rate", "50", "-for", "8s", "-json")
	if rep.Clients != 300 || rep.Acked != 400 || rep.Failed != 0 {
		t.Errorf("%d clients, %d writes acknowledged, %d failed; want 300, 400, 0", rep.Clients, rep.Acked, rep.Failed)
	}
	if !rep.Check.OK || rep.Check.Inconsistent != 0 || rep.Check.Lost != 0 || rep.Check.Duplicated != 0 {
		t.Errorf("check: %+v", rep.Check)
	}
	if rep.NotSeen != 0 || rep.Pairs != 300*400 {
		t.Errorf("%d (write, client) pairs seen, %d never; want %d and 0", rep.Pairs, rep.NotSeen, 300*400)
	}
	if rep.Dropped != 0 || rep.Frames == 0 {
		t.Errorf("%d clients dropped, %d frames delivered; want none dropped and some frames", rep.Dropped, rep.Frames)
	}
}

// TestLoadtestBare drives a server given with -url (the app, started by the
// test) and the bare broadcaster in its own process, and prints the ratio.
func TestLoadtestBare(t *testing.T) {
	if testing.Short() {
		t.Skip("a load run")
	}
	base, _ := startApp(t)
	rep, _ := runLoad(t, "-url", base, "-clients", "50", "-rate", "25", "-for", "2s", "-bare", "-json")
	if !rep.Check.OK {
		t.Errorf("check: %+v", rep.Check)
	}
	if rep.Bare == nil || rep.Bare.Frames == 0 || rep.Bare.NotSeen != 0 || rep.Bare.FanOut.N != 50*50 {
		t.Fatalf("bare: %+v, want 2500 (message, client) pairs seen", rep.Bare)
	}
	if rep.Ratio <= 0 {
		t.Errorf("ratio %v, want one measured", rep.Ratio)
	}
	_, text := runLoad(t, "-url", base, "-clients", "5", "-rate", "10", "-for", "1s", "-bare")
	if !strings.Contains(text, "ours p99 / bare p99") {
		t.Errorf("the report does not print the ratio:\n%s", text)
	}
}

func TestLoadtestBadFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-nope"}, "flag provided but not defined"},
		{[]string{"-clients", "0"}, "-clients must be at least 1"},
		{[]string{"-rate", "0"}, "-rate must be above 0"},
		{[]string{"-for", "-1s"}, "-for must be above 0"},
		{[]string{"-scenario", "rush"}, `unknown scenario "rush"`},
		{[]string{"-scenario", "events", "-events", "0"}, "-events and -per-event"},
		{[]string{"-scenario", "join-storm", "-bare"}, "-bare compares steady voting"},
		{[]string{"extra"}, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := runLoadtest(tt.args, &stdout, &stderr, nil); code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("stderr %q, want it to say %q", stderr.String(), tt.want)
			}
		})
	}
	var stdout, stderr bytes.Buffer
	if code := runLoadtestBare([]string{"-nope"}, &stderr); code != 2 {
		t.Errorf("loadtest-bare -nope: exit %d, want 2", code)
	}
	_ = stdout
}
