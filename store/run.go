package store

import (
	"context"

	"openspace/openspace"
)

// SetPhases moves the event to a phase, opens or closes proposals and
// voting, and turns the projector's rotation on or off.
func (s *Store) SetPhases(ctx context.Context, eventID string, u openspace.PhaseUpdate) (openspace.Event, error) {
	return s.changeEvent(ctx, eventID, func(e openspace.Event, _ *txn) (openspace.Event, error) {
		if err := u.Validate(); err != nil {
			return e, err
		}
		return e.ApplyPhases(u), nil
	})
}

// RunSession starts, extends, ends or resets a session's clock, at the
// store's time: the server's clock is the one every screen follows.
func (s *Store) RunSession(ctx context.Context, eventID, sessionID, action string, minutes int) (openspace.Event, error) {
	return s.changeEvent(ctx, eventID, func(e openspace.Event, _ *txn) (openspace.Event, error) {
		now := s.now()
		switch action {
		case openspace.SessionStart:
			return e.StartSession(sessionID, now)
		case openspace.SessionExtend:
			return e.ExtendSession(sessionID, minutes, now)
		case openspace.SessionEnd:
			return e.EndSession(sessionID, now)
		case openspace.SessionReset:
			return e.ResetSession(sessionID)
		}
		return e, openspace.Errorf(openspace.EINVALID, "Unknown session action %q.", action)
	})
}

// QueuePitch puts a topic at the end of the pitch queue. Only its proposer
// (attendeeID) may, or the organizer (byOrganizer).
func (s *Store) QueuePitch(ctx context.Context, eventID, topicID, attendeeID string, byOrganizer bool) (openspace.Event, error) {
	return s.changeEvent(ctx, eventID, func(e openspace.Event, t *txn) (openspace.Event, error) {
		if err := t.mayPitch(eventID, topicID, attendeeID, byOrganizer); err != nil {
			return e, err
		}
		return e.QueuePitch(topicID)
	})
}

// WithdrawPitch takes a topic out of the pitch queue, or off the stage.
// Only its proposer may, or the organizer.
func (s *Store) WithdrawPitch(ctx context.Context, eventID, topicID, attendeeID string, byOrganizer bool) (openspace.Event, error) {
	return s.changeEvent(ctx, eventID, func(e openspace.Event, t *txn) (openspace.Event, error) {
		if err := t.mayPitch(eventID, topicID, attendeeID, byOrganizer); err != nil {
			return e, err
		}
		return e.WithdrawPitch(topicID), nil
	})
}

// NextPitch ends the current pitch and puts the head of the queue on stage.
func (s *Store) NextPitch(ctx context.Context, eventID string) (openspace.Event, error) {
	return s.changeEvent(ctx, eventID, func(e openspace.Event, _ *txn) (openspace.Event, error) {
		return e.NextPitch(s.now()), nil
	})
}

// mayPitch checks that the topic exists and that the caller proposed it,
// unless the organizer asks.
func (t *txn) mayPitch(eventID, topicID, attendeeID string, byOrganizer bool) error {
	tp, err := t.topic(eventID, topicID)
	if err != nil {
		return err
	}
	if !byOrganizer && (attendeeID == "" || tp.ProposerID != attendeeID) {
		return openspace.Errorf(openspace.EFORBIDDEN, "Only the person who proposed this topic can pitch it.")
	}
	return nil
}

// dropPitch takes a topic that is going away out of the pitch queue.
func (t *txn) dropPitch(e openspace.Event, topicID string) error {
	if !e.Pitch.Queued(topicID) {
		return nil
	}
	return t.putEvent(e.WithdrawPitch(topicID))
}

// changeEvent reads the event, applies fn and writes the result, in one
// write transaction; an error from fn changes nothing.
func (s *Store) changeEvent(ctx context.Context, eventID string, fn func(e openspace.Event, t *txn) (openspace.Event, error)) (openspace.Event, error) {
	return write(ctx, s, func(t *txn) (openspace.Event, error) {
		e, err := t.event(eventID)
		if err != nil {
			return openspace.Event{}, err
		}
		if e, err = fn(e, t); err != nil {
			return openspace.Event{}, err
		}
		return e, t.putEvent(e)
	})
}
