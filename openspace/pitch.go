package openspace

import (
	"slices"
	"time"
)

// Pitches is the marketplace's queue: proposers line up from their phones
// to present their topic, the projector shows the current one with its
// countdown, and the organizer moves on to the next.
type Pitches struct {
	Queue     []string   `json:"queue"`             // topic IDs waiting, next first
	Current   string     `json:"current,omitempty"` // topic being pitched; "" when none
	StartedAt *time.Time `json:"started_at,omitempty"`
	EndsAt    *time.Time `json:"ends_at,omitempty"`
}

// Queued reports whether the topic waits in the queue or is being pitched.
func (p Pitches) Queued(topicID string) bool {
	return p.Current == topicID || slices.Contains(p.Queue, topicID)
}

// QueuePitch returns the event with the topic at the end of the pitch
// queue. Pitches happen before the plan: from welcome to voting.
func (e Event) QueuePitch(topicID string) (Event, error) {
	if !e.PhaseBefore(PhasePlan) {
		return e, Errorf(ECONFLICT, "Pitches are over: the schedule is being made.")
	}
	if e.Pitch.Queued(topicID) {
		return e, Errorf(ECONFLICT, "This topic is already in the pitch queue.")
	}
	e.Pitch.Queue = append(slices.Clone(e.Pitch.Queue), topicID)
	return e, nil
}

// WithdrawPitch returns the event without the topic in the pitch queue:
// its proposer changed their mind, the organizer skipped it, or it was
// removed. Withdrawing the current pitch stops it; withdrawing a topic
// that is not queued changes nothing.
func (e Event) WithdrawPitch(topicID string) Event {
	if e.Pitch.Current == topicID {
		e.Pitch.Current, e.Pitch.StartedAt, e.Pitch.EndsAt = "", nil, nil
	}
	if i := slices.Index(e.Pitch.Queue, topicID); i >= 0 {
		e.Pitch.Queue = slices.Delete(slices.Clone(e.Pitch.Queue), i, i+1)
	}
	return e
}

// NextPitch returns the event with the current pitch over and the head of
// the queue on stage for PitchSeconds from now; none when the queue is empty.
func (e Event) NextPitch(now time.Time) Event {
	e.Pitch.Current, e.Pitch.StartedAt, e.Pitch.EndsAt = "", nil, nil
	if len(e.Pitch.Queue) == 0 {
		return e
	}
	secs := e.PitchSeconds
	if secs == 0 {
		secs = DefaultPitchSeconds
	}
	e.Pitch.Current = e.Pitch.Queue[0]
	e.Pitch.Queue = slices.Clone(e.Pitch.Queue[1:])
	e.Pitch.StartedAt = timePtr(now)
	e.Pitch.EndsAt = timePtr(now.Add(time.Duration(secs) * time.Second))
	return e
}
