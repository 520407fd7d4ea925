package openspace_test

import (
	"testing"
	"time"

	"openspace/openspace"
)

var t0 = time.Date(2026, 12, 3, 19, 30, 0, 0, time.UTC)

func at(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }

func clockEvent() openspace.Event {
	return openspace.Event{Phase: openspace.PhasePlan, Sessions: []openspace.Session{
		{ID: "s1", Title: "1ère session", Duration: 30}, {ID: "s2", Title: "2ème session", Duration: 30}}}
}

// TestSessionClock walks a session's clock through what the organizer does
// and checks its times, what runs, and what is refused.
func TestSessionClock(t *testing.T) {
	type step struct {
		name     string
		do       func(openspace.Event) (openspace.Event, error)
		wantCode string
		check    func(t *testing.T, e openspace.Event)
	}
	ends := func(id string, want time.Time) func(*testing.T, openspace.Event) {
		return func(t *testing.T, e openspace.Event) {
			t.Helper()
			s, _ := e.Session(id)
			if s.EndsAt == nil || !s.EndsAt.Equal(want) {
				t.Errorf("%s ends at %v, want %v", id, s.EndsAt, want)
			}
		}
	}
	steps := []step{
		{"extend before start", func(e openspace.Event) (openspace.Event, error) { return e.ExtendSession("s1", 5, at(0)) }, openspace.ECONFLICT, nil},
		{"end before start", func(e openspace.Event) (openspace.Event, error) { return e.EndSession("s1", at(0)) }, openspace.ECONFLICT, nil},
		{"start s1 at 19:30", func(e openspace.Event) (openspace.Event, error) { return e.StartSession("s1", at(0)) }, "",
			func(t *testing.T, e openspace.Event) {
				ends("s1", at(30))(t, e)
				if e.Phase != openspace.PhaseSessions {
					t.Errorf("phase %q after starting, want sessions", e.Phase)
				}
			}},
		{"extend by 5 on time", func(e openspace.Event) (openspace.Event, error) { return e.ExtendSession("s1", 5, at(10)) }, "", ends("s1", at(35))},
		{"extend by 5 in overtime: 5 from now", func(e openspace.Event) (openspace.Event, error) { return e.ExtendSession("s1", 5, at(40)) }, "", ends("s1", at(45))},
		{"extend by 0", func(e openspace.Event) (openspace.Event, error) { return e.ExtendSession("s1", 0, at(41)) }, openspace.EINVALID, nil},
		{"extend by 121", func(e openspace.Event) (openspace.Event, error) { return e.ExtendSession("s1", 121, at(41)) }, openspace.EINVALID, nil},
		{"start s2 ends s1 now", func(e openspace.Event) (openspace.Event, error) { return e.StartSession("s2", at(42)) }, "",
			func(t *testing.T, e openspace.Event) {
				s1, _ := e.Session("s1")
				if s1.Running() || !s1.Ended() || !s1.EndedAt.Equal(at(42)) {
					t.Errorf("s1 %+v, want ended at 20:12", s1)
				}
				ends("s1", at(42))(t, e)
				ends("s2", at(72))(t, e)
			}},
		{"end s2 early", func(e openspace.Event) (openspace.Event, error) { return e.EndSession("s2", at(60)) }, "", ends("s2", at(60))},
		{"end s2 again", func(e openspace.Event) (openspace.Event, error) { return e.EndSession("s2", at(61)) }, openspace.ECONFLICT, nil},
		{"restart s1", func(e openspace.Event) (openspace.Event, error) { return e.StartSession("s1", at(70)) }, "",
			func(t *testing.T, e openspace.Event) {
				s1, _ := e.Session("s1")
				if !s1.Running() {
					t.Errorf("restarted s1 %+v, want running", s1)
				}
				ends("s1", at(100))(t, e)
			}},
		{"reset s1", func(e openspace.Event) (openspace.Event, error) { return e.ResetSession("s1") }, "",
			func(t *testing.T, e openspace.Event) {
				s1, _ := e.Session("s1")
				if s1.Started || s1.StartedAt != nil || s1.EndsAt != nil || s1.EndedAt != nil {
					t.Errorf("reset s1 %+v, want a session that never started", s1)
				}
			}},
		{"start an unknown session", func(e openspace.Event) (openspace.Event, error) { return e.StartSession("s9", at(80)) }, openspace.ENOTFOUND, nil},
	}
	e := clockEvent()
	for _, s := range steps {
		got, err := s.do(e)
		if code := openspace.ErrorCode(err); code != s.wantCode {
			t.Fatalf("%s: error %v (code %q), want %q", s.name, err, code, s.wantCode)
		}
		if err != nil {
			continue
		}
		if s.check != nil {
			s.check(t, got)
		}
		e = got
	}
}

// TestPitchQueue lines topics up, takes them out and moves the stage on.
func TestPitchQueue(t *testing.T) {
	e := openspace.Event{Phase: openspace.PhaseMarketplace, PitchSeconds: 45}
	var err error
	for _, id := range []string{"puppet", "cd", "jira"} {
		if e, err = e.QueuePitch(id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.QueuePitch("cd"); openspace.ErrorCode(err) != openspace.ECONFLICT {
		t.Errorf("queueing twice: %v, want a conflict", err)
	}
	e = e.NextPitch(t0)
	if got, want := e.Pitch.Current, "puppet"; got != want {
		t.Errorf("on stage %q, want %q", got, want)
	}
	if !e.Pitch.EndsAt.Equal(t0.Add(45 * time.Second)) {
		t.Errorf("pitch ends at %v, want 45 s after it started", e.Pitch.EndsAt)
	}
	if _, err := e.QueuePitch("puppet"); openspace.ErrorCode(err) != openspace.ECONFLICT {
		t.Errorf("queueing the one on stage: %v, want a conflict", err)
	}
	e = e.WithdrawPitch("jira")   // its proposer changed their mind
	e = e.WithdrawPitch("puppet") // the organizer stops the one on stage
	e = e.WithdrawPitch("nope")   // nothing to do
	if e.Pitch.Current != "" || e.Pitch.EndsAt != nil || len(e.Pitch.Queue) != 1 || e.Pitch.Queue[0] != "cd" {
		t.Errorf("after withdrawing: %+v, want nobody on stage and cd waiting", e.Pitch)
	}
	e = e.NextPitch(t0).NextPitch(t0)
	if e.Pitch.Current != "" || len(e.Pitch.Queue) != 0 {
		t.Errorf("next past the end of the queue: %+v, want an empty stage", e.Pitch)
	}
	e.Phase = openspace.PhasePlan
	if _, err := e.QueuePitch("cd"); openspace.ErrorCode(err) != openspace.ECONFLICT {
		t.Errorf("queueing once the plan is being made: %v, want a conflict", err)
	}
}

// TestPhases checks what each phase opens and how an event written before
// phases gets one.
func TestPhases(t *testing.T) {
	for _, tt := range []struct {
		phase             string
		proposals, voting bool
	}{
		{openspace.PhaseWelcome, true, false}, {openspace.PhaseMarketplace, true, false},
		{openspace.PhaseVoting, false, true}, {openspace.PhasePlan, false, false},
		{openspace.PhaseSessions, false, false}, {openspace.PhaseWrapUp, false, false}, {openspace.PhaseClosed, false, false},
	} {
		phase := tt.phase
		got := openspace.Event{ProposalsOpen: !tt.proposals, VotingOpen: !tt.voting}.ApplyPhases(openspace.PhaseUpdate{Phase: &phase})
		if got.Phase != tt.phase || got.ProposalsOpen != tt.proposals || got.VotingOpen != tt.voting {
			t.Errorf("%s: %+v, want proposals %v, voting %v", tt.phase, got, tt.proposals, tt.voting)
		}
	}
	bad := "party"
	if err := (openspace.PhaseUpdate{Phase: &bad}).Validate(); openspace.ErrorCode(err) != openspace.EINVALID {
		t.Errorf("unknown phase: %v, want invalid", err)
	}
	started := clockEvent()
	started.Sessions[0].Started = true
	for _, tt := range []struct {
		name      string
		e         openspace.Event
		published bool
		want      string
	}{
		{"proposals only", openspace.Event{ProposalsOpen: true}, false, openspace.PhaseMarketplace},
		{"voting open", openspace.Event{ProposalsOpen: true, VotingOpen: true}, false, openspace.PhaseVoting},
		{"published", openspace.Event{VotingOpen: true}, true, openspace.PhasePlan},
		{"a session started", started, true, openspace.PhaseSessions},
	} {
		if got := openspace.GuessPhase(tt.e, tt.published); got != tt.want {
			t.Errorf("GuessPhase(%s) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
