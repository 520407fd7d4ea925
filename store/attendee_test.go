package store

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"openspace/openspace"
)

func TestJoin(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	tests := []struct {
		name     string
		in       openspace.JoinInput
		token    string
		wantCode string
		want     openspace.JoinInput // normalized
	}{
		{"valid answer", openspace.JoinInput{Name: " Ada ", Answer: " Dev "}, "t1", "", openspace.JoinInput{Name: "Ada", Answer: "Dev"}},
		{"no answer", openspace.JoinInput{}, "t2", "", openspace.JoinInput{}},
		{"not a choice", openspace.JoinInput{Answer: "Manager"}, "t3", openspace.EINVALID, openspace.JoinInput{}},
		{"name too long", openspace.JoinInput{Name: strings.Repeat("a", openspace.MaxNameLen+1)}, "t4", openspace.EINVALID, openspace.JoinInput{}},
		{"name on two lines", openspace.JoinInput{Name: "a\nb"}, "t5", openspace.EINVALID, openspace.JoinInput{}},
	}
	for _, tt := range tests {
		before := dump(t, s)
		a, err := s.Join(ctx, e.ID, tt.in, []byte(tt.token))
		wantCode(t, tt.name, err, tt.wantCode)
		if tt.wantCode != "" {
			if !reflect.DeepEqual(dump(t, s), before) {
				t.Errorf("%s: rejected join changed the file", tt.name)
			}
			continue
		}
		if a.ID == "" || a.EventID != e.ID || a.Name != tt.want.Name || a.Answer != tt.want.Answer || a.JoinedAt.IsZero() {
			t.Errorf("%s: Join = %+v, want name %q answer %q", tt.name, a, tt.want.Name, tt.want.Answer)
		}
		got, err := s.AttendeeByToken(ctx, e.ID, []byte(tt.token))
		if err != nil || got != a {
			t.Errorf("%s: AttendeeByToken = %+v, %v; want %+v", tt.name, got, err, a)
		}
	}
	if _, err := s.Join(ctx, e.ID, openspace.JoinInput{}, []byte("t1")); err == nil {
		t.Errorf("Join with a token hash in use: got no error")
	}
	if _, err := s.Join(ctx, e.ID, openspace.JoinInput{}, nil); err == nil {
		t.Errorf("Join with an empty token hash: got no error")
	}
}

func TestAttendeeByToken(t *testing.T) {
	s := mustOpen(t)
	e1, e2 := mustEvent(t, s), mustEvent(t, s)
	a, err := s.Join(ctx, e1.ID, openspace.JoinInput{Name: "Ada"}, []byte("token-a"))
	if err != nil {
		t.Fatalf("Join: %v", err)
	}
	tests := []struct {
		name     string
		eventID  string
		token    string
		wantCode string
	}{
		{"own event", e1.ID, "token-a", ""},
		{"unknown token", e1.ID, "token-b", openspace.EUNAUTHORIZED},
		{"empty token", e1.ID, "", openspace.EUNAUTHORIZED},
		{"other event", e2.ID, "token-a", openspace.EUNAUTHORIZED},
		{"unknown event", "nope", "token-a", openspace.ENOTFOUND},
	}
	for _, tt := range tests {
		got, err := s.AttendeeByToken(ctx, tt.eventID, []byte(tt.token))
		wantCode(t, tt.name, err, tt.wantCode)
		if tt.wantCode == "" && got != a {
			t.Errorf("%s: AttendeeByToken = %+v, want %+v", tt.name, got, a)
		}
	}
}

func TestAttendance(t *testing.T) {
	s := mustOpen(t)
	e, other := mustEvent(t, s), mustEvent(t, s)
	got, err := s.Attendance(ctx, e.ID)
	if want := (openspace.Attendance{Profiles: map[string]int{}}); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Attendance of an empty event = %+v, %v; want %+v", got, err, want)
	}
	for _, answer := range []string{"Dev", "Dev", "Ops", "", "Dev"} {
		mustJoin(t, s, e.ID, answer)
	}
	mustJoin(t, s, other.ID, "Ops")
	got, err = s.Attendance(ctx, e.ID)
	want := openspace.Attendance{Count: 5, Profiles: map[string]int{"Dev": 3, "Ops": 1, "": 1}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Attendance = %+v, %v; want %+v", got, err, want)
	}
}

// Joins share commits: refused joins among them (a name too long) get their
// error, and every other join of the batch is recorded once.
func TestConcurrentJoinsWithRefusals(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	const people = 40
	errs := make([]error, people)
	var wg sync.WaitGroup
	for i := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := "Ada"
			if i%4 == 0 {
				name = strings.Repeat("x", openspace.MaxNameLen+1) // refused
			}
			_, errs[i] = s.Join(ctx, e.ID, openspace.JoinInput{Name: name, Answer: "Dev"}, []byte(fmt.Sprintf("batch-token-%d", i)))
		}()
	}
	wg.Wait()
	refused := 0
	for i, err := range errs {
		switch {
		case i%4 == 0 && openspace.ErrorCode(err) == openspace.EINVALID:
			refused++
		case i%4 != 0 && err != nil:
			t.Errorf("join %d: %v", i, err)
		case i%4 == 0:
			t.Errorf("join %d with a name too long: got %v, want invalid", i, err)
		}
	}
	got, err := s.Attendance(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := people - refused; got.Count != want || refused != people/4 {
		t.Errorf("attendance: got %d (refused %d), want %d (refused %d)", got.Count, refused, want, people/4)
	}
}
