package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"strings"

	"openspace/openspace"
)

// Join codes: short, typed by hand from a slide, without look-alike characters.
const (
	joinCodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789" // 32 letters: a byte mod 32 is unbiased
	joinCodeLen      = 6
	joinCodeTries    = 20
)

// welcome is the phase a new event starts in.
var welcome = openspace.PhaseWelcome

// CreateEvent creates an event from the organizer's set-up, in the welcome
// phase (proposals open, voting closed), with a fresh join code and an
// empty draft plan.
func (s *Store) CreateEvent(ctx context.Context, setup openspace.EventSetup, organizerKeyHash []byte) (openspace.Event, error) {
	if err := ctx.Err(); err != nil {
		return openspace.Event{}, err
	}
	if len(organizerKeyHash) == 0 {
		return openspace.Event{}, fmt.Errorf("store: create event: empty organizer key hash")
	}
	setup = cloneSetup(setup)
	setup.Normalize()
	setup.FreshIDs(s.newID) // before Validate: ids a client sent are not checked, they are dropped
	if err := setup.Validate(); err != nil {
		return openspace.Event{}, err
	}
	return write(ctx, s, func(t *txn) (openspace.Event, error) {
		code, err := t.newJoinCode()
		if err != nil {
			return openspace.Event{}, err
		}
		// Not ApplySetup: it refuses every session and room ID, as a new
		// event knows none.
		e := openspace.Event{
			ID:           s.newID(),
			JoinCode:     code,
			Title:        setup.Title,
			Date:         setup.Date,
			Venue:        setup.Venue,
			Language:     setup.Language,
			Sessions:     setup.Sessions,
			Rooms:        setup.Rooms,
			DotBudget:    setup.DotBudget,
			Question:     setup.Question,
			PitchSeconds: setup.PitchSeconds,
			TimeZone:     setup.TimeZone,
			CreatedAt:    s.now(),
		}
		e = e.ApplyPhases(openspace.PhaseUpdate{Phase: &welcome})
		if err := t.putEvent(e); err != nil {
			return openspace.Event{}, err
		}
		if err := t.joinCodes.Put([]byte(code), []byte(e.ID)); err != nil {
			return openspace.Event{}, fmt.Errorf("store: put join code: %w", err)
		}
		if err := t.secrets.Put([]byte(e.ID), bytes.Clone(organizerKeyHash)); err != nil {
			return openspace.Event{}, fmt.Errorf("store: put organizer key hash: %w", err)
		}
		if err := t.putPlan(e.ID, planDraft, openspace.Plan{}); err != nil {
			return openspace.Event{}, err
		}
		return e, nil
	})
}

// Event returns an event.
func (s *Store) Event(ctx context.Context, eventID string) (openspace.Event, error) {
	return read(ctx, s, func(t *txn) (openspace.Event, error) {
		return t.event(eventID)
	})
}

// EventIDByJoinCode returns the ID of the event with that join code, in
// any case and with surrounding spaces ignored.
func (s *Store) EventIDByJoinCode(ctx context.Context, code string) (string, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	return read(ctx, s, func(t *txn) (string, error) {
		if code == "" {
			return "", errEventNotFound()
		}
		id := t.joinCodes.Get([]byte(code))
		if id == nil {
			return "", errEventNotFound()
		}
		return string(id), nil // string() copies out of the memory map
	})
}

// OrganizerKeyHash returns the hash of the event's organizer key.
func (s *Store) OrganizerKeyHash(ctx context.Context, eventID string) ([]byte, error) {
	return read(ctx, s, func(t *txn) ([]byte, error) {
		if _, err := t.event(eventID); err != nil {
			return nil, err
		}
		h := t.secrets.Get([]byte(eventID))
		if h == nil {
			return nil, fmt.Errorf("store: event %s has no organizer key hash", eventID)
		}
		return bytes.Clone(h), nil
	})
}

// SetOrganizerKeyHash replaces the organizer key hash (key rotation). It
// remembers no Idempotency-Key (see unkeyed): the answer is the new key.
func (s *Store) SetOrganizerKeyHash(ctx context.Context, eventID string, hash []byte) error {
	if len(hash) == 0 {
		return fmt.Errorf("store: set organizer key hash: empty hash")
	}
	return s.update(unkeyed(ctx), func(t *txn) error {
		if _, err := t.event(eventID); err != nil {
			return err
		}
		if err := t.secrets.Put([]byte(eventID), bytes.Clone(hash)); err != nil {
			return fmt.Errorf("store: put organizer key hash: %w", err)
		}
		return nil
	})
}

// UpdateSetup applies an edited set-up to the event. Sessions and rooms
// that keep their ID keep their cells; cells whose session or room vanished,
// or whose topic no longer fits its room's equipment, leave the draft and
// the published plan.
func (s *Store) UpdateSetup(ctx context.Context, eventID string, setup openspace.EventSetup) (openspace.Event, error) {
	setup = cloneSetup(setup)
	setup.Normalize()
	return write(ctx, s, func(t *txn) (openspace.Event, error) {
		e, err := t.event(eventID)
		if err != nil {
			return openspace.Event{}, err
		}
		if err := setup.Validate(); err != nil {
			return openspace.Event{}, err
		}
		// ApplySetup refuses IDs the event does not know, so new sessions
		// and rooms get their IDs after it, not before.
		if e, err = e.ApplySetup(setup); err != nil {
			return openspace.Event{}, err
		}
		ids := openspace.EventSetup{Sessions: e.Sessions, Rooms: e.Rooms}
		ids.AssignIDs(s.newID)
		e.Sessions, e.Rooms = ids.Sessions, ids.Rooms
		if err := t.putEvent(e); err != nil {
			return openspace.Event{}, err
		}
		topics, err := t.topicMap(eventID)
		if err != nil {
			return openspace.Event{}, err
		}
		if err := t.prunePlans(e, topics, true); err != nil {
			return openspace.Event{}, err
		}
		return e, nil
	})
}

// event reads an event; ENOTFOUND when absent.
func (t *txn) event(eventID string) (openspace.Event, error) {
	var e openspace.Event
	if eventID == "" {
		return e, errEventNotFound()
	}
	found, err := getJSON(t.events, []byte(eventID), &e)
	if err != nil {
		return openspace.Event{}, err
	}
	if !found {
		return openspace.Event{}, errEventNotFound()
	}
	return e, nil
}

func (t *txn) putEvent(e openspace.Event) error {
	return putJSON(t.events, []byte(e.ID), e)
}

// newJoinCode draws random codes until one is free.
func (t *txn) newJoinCode() (string, error) {
	buf := make([]byte, joinCodeLen)
	for range joinCodeTries {
		if _, err := rand.Read(buf); err != nil {
			return "", fmt.Errorf("store: join code: %w", err)
		}
		for i, b := range buf {
			buf[i] = joinCodeAlphabet[int(b)%len(joinCodeAlphabet)]
		}
		if t.joinCodes.Get(buf) == nil {
			return string(buf), nil
		}
	}
	return "", fmt.Errorf("store: join code: no free code after %d tries", joinCodeTries)
}

// cloneSetup deep-copies a set-up, so that Normalize and AssignIDs (which
// write through the slices) never change the caller's value.
func cloneSetup(s openspace.EventSetup) openspace.EventSetup {
	s.Sessions = append([]openspace.Session(nil), s.Sessions...)
	rooms := make([]openspace.Room, len(s.Rooms))
	for i, r := range s.Rooms {
		r.Equipment = append([]string(nil), r.Equipment...)
		rooms[i] = r
	}
	s.Rooms = rooms
	if s.Question != nil {
		q := *s.Question
		q.Choices = append([]string(nil), q.Choices...)
		s.Question = &q
	}
	return s
}
