package store

import (
	"bytes"
	"context"
	"fmt"

	"openspace/openspace"
)

// CheckIn records that the attendee is in the room for the session ("I'm
// here", "I'm moving to…"), replacing the room they were in for it. A full
// room is accepted: people stand, and the headcount shows it.
func (s *Store) CheckIn(ctx context.Context, eventID, attendeeID, sessionID, roomID string) (openspace.CheckIns, error) {
	return write(ctx, s, func(t *txn) (openspace.CheckIns, error) {
		e, err := t.event(eventID)
		if err != nil {
			return openspace.CheckIns{}, err
		}
		if _, err := t.attendee(eventID, attendeeID); err != nil {
			return openspace.CheckIns{}, err
		}
		if err := e.CanCheckIn(sessionID, roomID); err != nil {
			return openspace.CheckIns{}, err
		}
		if published, err := t.plan(eventID, planPublished); err != nil {
			return openspace.CheckIns{}, err
		} else if published == nil {
			return openspace.CheckIns{}, openspace.Errorf(openspace.ECONFLICT, "Rooms can be chosen once the schedule is out, until the sessions are over.")
		}
		if err := t.checkins.Put(key(eventID, sessionID, attendeeID), []byte(roomID)); err != nil {
			return openspace.CheckIns{}, fmt.Errorf("store: put check-in: %w", err)
		}
		return t.checkInsOf(e, attendeeID)
	})
}

// CheckOut forgets the attendee's room for the session.
func (s *Store) CheckOut(ctx context.Context, eventID, attendeeID, sessionID string) (openspace.CheckIns, error) {
	return write(ctx, s, func(t *txn) (openspace.CheckIns, error) {
		e, err := t.event(eventID)
		if err != nil {
			return openspace.CheckIns{}, err
		}
		if _, err := t.attendee(eventID, attendeeID); err != nil {
			return openspace.CheckIns{}, err
		}
		if _, ok := e.Session(sessionID); !ok {
			return openspace.CheckIns{}, openspace.Errorf(openspace.ENOTFOUND, "Session not found.")
		}
		if err := del(t.checkins, key(eventID, sessionID, attendeeID)); err != nil {
			return openspace.CheckIns{}, err
		}
		return t.checkInsOf(e, attendeeID)
	})
}

// checkInsOf reads the attendee's rooms and everyone's headcounts.
func (t *txn) checkInsOf(e openspace.Event, attendeeID string) (openspace.CheckIns, error) {
	mine, err := t.attendeeCheckins(e, attendeeID)
	if err != nil {
		return openspace.CheckIns{}, err
	}
	counts, err := t.headcounts(e)
	return openspace.CheckIns{Checkins: mine, Headcounts: counts}, err
}

// attendeeCheckins returns session ID → room ID for one attendee: one Get
// per session of the event.
func (t *txn) attendeeCheckins(e openspace.Event, attendeeID string) (map[string]string, error) {
	out := map[string]string{}
	for _, sess := range e.Sessions {
		room := t.checkins.Get(key(e.ID, sess.ID, attendeeID))
		if room == nil {
			continue
		}
		// A room removed from the set-up since is no longer a place to be.
		if _, ok := e.Room(string(room)); ok {
			out[sess.ID] = string(room) // string() copies out of the memory map
		}
	}
	return out, nil
}

// headcounts counts the check-ins of every session and room of the event
// that still exist, in one cursor walk over the event's prefix.
func (t *txn) headcounts(e openspace.Event) (openspace.Headcounts, error) {
	out := openspace.Headcounts{}
	sessions, rooms := map[string]bool{}, map[string]bool{}
	for _, s := range e.Sessions {
		sessions[s.ID] = true
	}
	for _, r := range e.Rooms {
		rooms[r.ID] = true
	}
	prefix := []byte(e.ID + sep)
	c := t.checkins.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		rest := k[len(prefix):]
		i := bytes.IndexByte(rest, sep[0])
		if i < 0 {
			return nil, fmt.Errorf("store: malformed check-in key %q", k)
		}
		session, room := string(rest[:i]), string(v)
		if sessions[session] && rooms[room] {
			out.Add(session, room)
		}
	}
	return out, nil
}
