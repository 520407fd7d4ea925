package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"

	"openspace/openspace"
	"openspace/openspace/recap"
)

// The fuzz targets of the request bodies: each feeds bytes to decodeBytes
// (what decodeJSON runs on every body) into one input type, then runs what
// the store runs on it (Normalize, Validate, Apply). Nothing may panic; a
// refusal is always an openspace error with one of the codes the route
// documents, never an internal one; Normalize settles in one pass; and a
// value that passed, encoded and decoded again, passes again. Seeds are in
// testdata/fuzz/<FuzzName>/; .ci/run runs each target for 10 s.

// wantCode fails the test unless err is nil or an *openspace.Error with
// one of the codes.
func wantCode(t *testing.T, what string, err error, codes ...string) {
	t.Helper()
	if err == nil {
		return
	}
	var e *openspace.Error
	if !errors.As(err, &e) {
		t.Fatalf("%s: %T %v is not an openspace error (it would be a 500)", what, err, err)
	}
	if !slices.Contains(codes, e.Code) {
		t.Fatalf("%s: code %q (%v), want one of %q", what, e.Code, err, codes)
	}
	if e.Message == "" {
		t.Fatalf("%s: an error without a message", what)
	}
}

// decodeInto runs decodeBytes and checks its error; false when it refused.
func decodeInto[T any](t *testing.T, data []byte, v *T) bool {
	t.Helper()
	err := decodeBytes(data, v)
	wantCode(t, fmt.Sprintf("decoding %T", v), err, openspace.EINVALID)
	return err == nil
}

// roundTrip encodes v and decodes it again, as a client that resends what
// the server answered.
func roundTrip[T any](t *testing.T, v T) T {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encoding %T: %v", v, err)
	}
	var back T
	if err := decodeBytes(data, &back); err != nil {
		t.Fatalf("decoding %s again: %v", data, err)
	}
	return back
}

// sameJSON fails unless a and b encode alike.
func sameJSON(t *testing.T, what string, a, b any) {
	t.Helper()
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Fatalf("%s:\n%s\n%s", what, ja, jb)
	}
}

// fuzzEvent is the event the inputs are checked against: two sessions,
// two rooms (one with a screen), a question, two topics.
func fuzzEvent() (openspace.Event, map[string]openspace.Topic) {
	e := openspace.Event{
		ID: "ev", Title: "2ème meetup Paris DevOps", Language: "fr", DotBudget: 3, Phase: "plan",
		Sessions: []openspace.Session{{ID: "s1", Title: "1ère session", Start: "19:30", Duration: 30}, {ID: "s2", Title: "2ème session", Duration: 30}},
		Rooms:    []openspace.Room{{ID: "r1", Name: "Grande salle", Capacity: 14, Equipment: []string{"screen"}}, {ID: "r2", Name: "Salle du fond", Capacity: 10}},
		Question: &openspace.Question{Prompt: "Vous êtes ?", Choices: []string{"Dev", "Ops", "Autre"}},
	}
	topics := map[string]openspace.Topic{
		"t1": {ID: "t1", EventID: "ev", Title: "Puppet", Needs: []string{"screen"}},
		"t2": {ID: "t2", EventID: "ev", Title: "Chef"},
	}
	return e, topics
}

func counter() func() string {
	n := 0
	return func() string { n++; return fmt.Sprintf("id%d", n) }
}

func FuzzDecodeEventSetup(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		var s openspace.EventSetup
		if !decodeInto(t, data, &s) {
			return
		}
		s.Normalize()
		once := roundTrip(t, s)
		s.Normalize()
		sameJSON(t, "Normalize twice", once, s)
		s.FreshIDs(counter())
		err := s.Validate()
		wantCode(t, "EventSetup.Validate", err, openspace.EINVALID)
		if err != nil {
			return
		}
		again := roundTrip(t, s)
		again.Normalize()
		if err := again.Validate(); err != nil {
			t.Fatalf("a valid set-up, sent again, is refused: %v", err)
		}
	})
}

func FuzzDecodeJoinInput(f *testing.F) {
	e, _ := fuzzEvent()
	f.Fuzz(func(t *testing.T, data []byte) {
		var in openspace.JoinInput
		if !decodeInto(t, data, &in) {
			return
		}
		in.Normalize()
		err := in.Validate(e)
		wantCode(t, "JoinInput.Validate", err, openspace.EINVALID)
		if err == nil {
			again := roundTrip(t, in)
			again.Normalize()
			sameJSON(t, "Normalize twice", in, again)
			if err := again.Validate(e); err != nil {
				t.Fatalf("a valid join, sent again, is refused: %v", err)
			}
		}
	})
}

func FuzzDecodeTopicInput(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		var in openspace.TopicInput
		if !decodeInto(t, data, &in) {
			return
		}
		in.Normalize()
		err := in.Validate()
		wantCode(t, "TopicInput.Validate", err, openspace.EINVALID)
		if err == nil {
			again := roundTrip(t, in)
			again.Normalize()
			sameJSON(t, "Normalize twice", in, again)
			if err := again.Validate(); err != nil {
				t.Fatalf("a valid topic, sent again, is refused: %v", err)
			}
		}
	})
}

func FuzzDecodePlanOp(f *testing.F) {
	e, topics := fuzzEvent()
	start := openspace.Plan{Cells: []openspace.Cell{{Session: "s1", Room: "r1", Topic: "t1"}}}
	f.Fuzz(func(t *testing.T, data []byte) {
		var op openspace.PlanOp
		if !decodeInto(t, data, &op) {
			return
		}
		p, err := start.Apply(e, topics, op)
		wantCode(t, "Plan.Apply", err, openspace.EINVALID, openspace.ECONFLICT, openspace.ENOTFOUND)
		if err == nil {
			wantCode(t, "the applied plan's Validate", p.Validate(e, topics), openspace.EINVALID)
		}
	})
}

func FuzzDecodePlan(f *testing.F) {
	e, topics := fuzzEvent()
	f.Fuzz(func(t *testing.T, data []byte) {
		var p openspace.Plan
		if !decodeInto(t, data, &p) {
			return
		}
		err := p.Validate(e, topics)
		wantCode(t, "Plan.Validate", err, openspace.EINVALID, openspace.ECONFLICT)
		if err == nil {
			if err := roundTrip(t, p).Validate(e, topics); err != nil {
				t.Fatalf("a valid draft, sent again, is refused: %v", err)
			}
		}
	})
}

func FuzzDecodePhaseUpdate(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		var u openspace.PhaseUpdate
		if !decodeInto(t, data, &u) {
			return
		}
		wantCode(t, "PhaseUpdate.Validate", u.Validate(), openspace.EINVALID)
	})
}

func FuzzDecodeFeedbackInput(f *testing.F) {
	attended := map[string]bool{"t1": true, "t2": true}
	f.Fuzz(func(t *testing.T, data []byte) {
		var in openspace.FeedbackInput
		if !decodeInto(t, data, &in) {
			return
		}
		in.Normalize()
		err := in.Validate(attended)
		wantCode(t, "FeedbackInput.Validate", err, openspace.EINVALID)
		if err == nil {
			again := roundTrip(t, in)
			again.Normalize()
			sameJSON(t, "Normalize twice", in, again)
			if err := again.Validate(attended); err != nil {
				t.Fatalf("valid feedback, sent again, is refused: %v", err)
			}
		}
	})
}

func FuzzDecodeNotesEdit(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		var in openspace.NotesEdit
		if !decodeInto(t, data, &in) {
			return
		}
		in.Normalize()
		err := in.Validate()
		wantCode(t, "NotesEdit.Validate", err, openspace.EINVALID)
		if err == nil {
			again := roundTrip(t, in)
			again.Normalize()
			sameJSON(t, "Normalize twice", in, again)
			if err := again.Validate(); err != nil {
				t.Fatalf("valid notes, sent again, are refused: %v", err)
			}
		}
	})
}

func FuzzDecodeEventExport(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		var x openspace.EventExport
		if !decodeInto(t, data, &x) {
			return
		}
		err := x.Validate()
		wantCode(t, "EventExport.Validate", err, openspace.EINVALID)
		if err == nil {
			again := roundTrip(t, x)
			if err := again.Validate(); err != nil {
				t.Fatalf("a valid export, imported again, is refused: %v", err)
			}
		}
	})
}

// FuzzDecodeSmallBodies covers the routes' own little bodies: delete's
// confirmation, propose's seed, extend's minutes, a session's started,
// a pitch's topic, a check-in's room, a merge's source, the topics to
// remove at once, the intro.
func FuzzDecodeSmallBodies(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		decodeInto(t, data, &deleteRequest{})
		decodeInto(t, data, &proposeRequest{})
		decodeInto(t, data, &extendInput{})
		decodeInto(t, data, &sessionUpdate{})
		decodeInto(t, data, &pitchInput{})
		decodeInto(t, data, &checkinInput{})
		decodeInto(t, data, &mergeRequest{})
		decodeInto(t, data, &topicsDeleteRequest{})
		var intro struct {
			Intro string `json:"intro"`
		}
		if decodeInto(t, data, &intro) {
			wantCode(t, "recap.ValidateIntro", recap.ValidateIntro(intro.Intro), openspace.EINVALID)
		}
	})
}
