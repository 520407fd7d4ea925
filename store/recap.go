package store

import (
	"context"
	"strings"

	"openspace/openspace"
	"openspace/openspace/recap"
)

// Recap reads, in one read transaction, everything the recap tells: the
// event, who came, the topics, the published plan (and the draft, which
// stands in while nothing is published), the headcounts, every topic's
// notes and everyone's feedback.
func (s *Store) Recap(ctx context.Context, eventID string) (recap.Evening, error) {
	return read(ctx, s, func(t *txn) (recap.Evening, error) {
		st, err := t.state(eventID, true) // the draft stands in while nothing is published
		if err != nil {
			return recap.Evening{}, err
		}
		out := recap.Evening{Event: st.Event, Attendance: st.Attendance, Topics: st.Topics, Plan: st.Plan,
			Draft: st.Draft, Headcounts: st.Headcounts, Notes: st.Notes}
		out.Feedback, err = t.feedbackOf(eventID)
		return out, err
	})
}

// SetIntro replaces the introduction the recap opens with (trimmed; at
// most recap.MaxIntroLen characters; empty removes it).
func (s *Store) SetIntro(ctx context.Context, eventID, intro string) (openspace.Event, error) {
	intro = strings.TrimSpace(intro)
	return write(ctx, s, func(t *txn) (openspace.Event, error) {
		e, err := t.event(eventID)
		if err != nil {
			return e, err
		}
		if err := recap.ValidateIntro(intro); err != nil {
			return openspace.Event{}, err
		}
		e.Intro = intro
		return e, t.putEvent(e)
	})
}
