package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"openspace/openspace/schedule"
)

const fixturePath = "openspace/schedule/testdata/paris-devops-2.problem.json"

func TestScheduleWritesAPlan(t *testing.T) {
	t.Parallel()
	problem, err := os.ReadFile(fixturePath)
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if got, want := runSchedule(nil, bytes.NewReader(problem), &stdout, &stderr), 0; got != want {
		t.Fatalf("exit status = %d, want %d; stderr: %s", got, want, stderr.String())
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr = %q, want nothing", stderr.String())
	}
	var plan schedule.Solution
	dec := json.NewDecoder(&stdout)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&plan); err != nil {
		t.Fatalf("plan is not the documented JSON: %v", err)
	}
	if got, want := len(plan.Slots), 6; got != want {
		t.Errorf("slots = %d, want %d (2 sessions × 3 rooms)", got, want)
	}
	if got, want := plan.Score.Attended, len(plan.Attendance); got != want {
		t.Errorf("attended = %d, want the %d seats listed", got, want)
	}
}

func TestScheduleFilesAndSeedAreReproducible(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out1, out2 := filepath.Join(dir, "plan1.json"), filepath.Join(dir, "plan2.json")
	for _, out := range []string{out1, out2} {
		var stdout, stderr bytes.Buffer
		if got, want := runSchedule([]string{"-in", fixturePath, "-out", out, "-seed", "7"}, strings.NewReader(""), &stdout, &stderr), 0; got != want {
			t.Fatalf("exit status = %d, want %d; stderr: %s", got, want, stderr.String())
		}
		if stdout.Len() != 0 {
			t.Errorf("stdout = %q, want nothing when -out is given", stdout.String())
		}
	}
	a, errA := os.ReadFile(out1)
	b, errB := os.ReadFile(out2)
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	if !bytes.Equal(a, b) {
		t.Error("two runs with the same seed wrote different plans")
	}
	entries, _ := os.ReadDir(dir)
	if got, want := len(entries), 2; got != want {
		t.Errorf("files in the output folder = %d, want %d (no temporary file left)", got, want)
	}
}

func TestScheduleRejectsBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	existing := filepath.Join(dir, "existing.json")
	if err := os.WriteFile(existing, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	valid := `{"sessions":[{"id":"s1","title":"S1"}],"rooms":[{"id":"r1","name":"A","capacity":5}],` +
		`"topics":[{"id":"t1","title":"Puppet"}],"votes":[{"attendee":"a1","topics":["t1"]}]}`
	for _, tt := range []struct {
		name  string
		args  []string
		stdin string
		want  string // in stderr
	}{
		{"malformed JSON", nil, `{"sessions": [`, "ends too early"},
		{"syntax error", nil, "{\n  \"sessions\": x\n}", "line 2"},
		{"unknown field", nil, `{"sessionz": []}`, "sessionz"},
		{"trailing data", nil, valid + ` {}`, "after the problem"},
		{"empty input", nil, "", "empty"},
		{"unknown topic in a vote", nil, strings.Replace(valid, `"topics":["t1"]`, `"topics":["t9"]`, 1), `unknown topic "t9"`},
		{"zero capacity", nil, strings.Replace(valid, `"capacity":5`, `"capacity":0`, 1), `Room "r1": the capacity`},
		{"missing file", []string{"-in", filepath.Join(dir, "nope.json")}, "", "nope.json"},
		{"bad flag", []string{"-bogus"}, valid, "bogus"},
		{"bad seed", []string{"-seed", "many"}, valid, "many"},
		{"zero time", []string{"-time", "0s"}, valid, "-time must be positive"},
		{"time without a unit", []string{"-time", "2"}, valid, `"2" is not a duration: write it as 1s`},
		{"negative moves", []string{"-moves", "-3"}, valid, "-moves cannot be negative"},
		{"host pinned twice in a session", nil, `{"sessions":[{"id":"s1"}],"rooms":[{"id":"r1","capacity":5},{"id":"r2","capacity":5}],
			"topics":[{"id":"t1","host":"a1","pinned":{"session":"s1","room":"r1"}},{"id":"t2","host":"a1","pinned":{"session":"s1","room":"r2"}}],"votes":[]}`,
			`same host "a1"`},
		{"unknown session for a topic", nil, strings.Replace(valid, `{"id":"t1"`, `{"id":"t1","sessions":["s7"]`, 1), `unknown session "s7"`},
		{"stray argument", []string{"problem.json"}, valid, `unexpected argument "problem.json"`},
		{"bad input keeps -out file", []string{"-out", existing}, `{`, "ends too early"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if got, want := runSchedule(tt.args, strings.NewReader(tt.stdin), &stdout, &stderr), 2; got != want {
				t.Errorf("exit status = %d, want %d", got, want)
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("stderr = %q, want it to mention %q", stderr.String(), tt.want)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout = %q, want no partial output", stdout.String())
			}
		})
	}
	if got, _ := os.ReadFile(existing); string(got) != "keep me" {
		t.Errorf("-out file = %q after a failure, want it untouched", got)
	}
}

func TestScheduleHelpExitsZero(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if got, want := runSchedule([]string{"-h"}, strings.NewReader(""), &stdout, &stderr), 0; got != want {
		t.Errorf("exit status = %d, want %d", got, want)
	}
	if !strings.Contains(stderr.String(), "-seed") {
		t.Errorf("usage = %q, want the flags listed", stderr.String())
	}
}

func TestScheduleHonoursHostsAndTheirSessions(t *testing.T) {
	// Two sessions, two rooms. Ada hosts "early" and "late" and can only
	// host "early" in the first session; everyone wants both.
	problem := `{"sessions":[{"id":"s1"},{"id":"s2"}],
		"rooms":[{"id":"r1","capacity":10},{"id":"r2","capacity":10}],
		"topics":[{"id":"early","host":"ada","sessions":["s1"]},{"id":"late","host":"ada"},{"id":"other"}],
		"votes":[{"attendee":"bob","topics":["early","late"]},{"attendee":"cyd","topics":["early","late","other"]}]}`
	var stdout, stderr bytes.Buffer
	if got, want := runSchedule([]string{"-moves", "2000"}, strings.NewReader(problem), &stdout, &stderr), 0; got != want {
		t.Fatalf("exit status = %d, want %d; stderr: %s", got, want, stderr.String())
	}
	var plan schedule.Solution
	if err := json.Unmarshal(stdout.Bytes(), &plan); err != nil {
		t.Fatal(err)
	}
	sessionOf := map[string]string{}
	for _, s := range plan.Slots {
		sessionOf[s.Topic] = s.Session
	}
	if got, want := sessionOf["early"], "s1"; got != want {
		t.Errorf("early runs in %q, want %q (its host can only host it then)", got, want)
	}
	if got, want := sessionOf["late"], "s2"; got != want {
		t.Errorf("late runs in %q, want %q (its host runs early in s1)", got, want)
	}
	seated := map[string]bool{}
	for _, s := range plan.Attendance {
		if s.Attendee == "ada" {
			seated[s.Topic] = true
		}
	}
	if !seated["early"] || !seated["late"] {
		t.Errorf("ada's seats = %v, want her in both of her topics", seated)
	}
	// ada 2 (hosting), bob 2, cyd 2: every wish within two sessions.
	if got, want := plan.Score.Attended, 6; got != want || plan.Score.UpperBound != want {
		t.Errorf("attended = %d, bound %d, want %d and %d (optimal)", got, plan.Score.UpperBound, want, want)
	}
}
