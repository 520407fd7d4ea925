package store

import (
	"bytes"
	"context"
	"fmt"

	"openspace/openspace"
)

// Join records a person who joined the event from a device. tokenHash is
// the hash of the device token the server hands out; it must be new.
// Joins share their commits (a room joins at once when the QR code goes
// up), so a run of the function may be repeated: it draws a new ID then.
// A join that would be refused (no such event, a bad answer, a full event)
// is refused by a read first: an error inside the shared transaction makes
// bbolt run every other join of the batch again. The checks are made again
// inside it, for the join that raced to the last place.
func (s *Store) Join(ctx context.Context, eventID string, in openspace.JoinInput, tokenHash []byte) (openspace.Attendee, error) {
	if len(tokenHash) == 0 {
		return openspace.Attendee{}, fmt.Errorf("store: join: empty token hash")
	}
	in.Normalize()
	if _, err := read(ctx, s, func(t *txn) (struct{}, error) { return struct{}{}, t.canJoin(eventID, in) }); err != nil {
		return openspace.Attendee{}, err
	}
	return writeBatched(ctx, s, func(t *txn) (openspace.Attendee, error) {
		if err := t.canJoin(eventID, in); err != nil {
			return openspace.Attendee{}, err
		}
		if t.tokens.Get(tokenHash) != nil {
			return openspace.Attendee{}, fmt.Errorf("store: join: token hash already in use")
		}
		a := openspace.Attendee{
			ID:       s.newID(),
			EventID:  eventID,
			Name:     in.Name,
			Answer:   in.Answer,
			JoinedAt: s.now(),
		}
		if err := putJSON(t.attendees, key(eventID, a.ID), a); err != nil {
			return openspace.Attendee{}, err
		}
		if err := t.tokens.Put(bytes.Clone(tokenHash), key(eventID, a.ID)); err != nil {
			return openspace.Attendee{}, fmt.Errorf("store: put token: %w", err)
		}
		return a, nil
	})
}

// canJoin checks that the event exists, takes the input and has a place.
func (t *txn) canJoin(eventID string, in openspace.JoinInput) error {
	e, err := t.event(eventID)
	if err != nil {
		return err
	}
	if err := in.Validate(e); err != nil {
		return err
	}
	n, err := t.attendeeCount(eventID)
	if err != nil {
		return err
	}
	return openspace.CanJoin(e, n)
}

// AttendeeByToken returns the attendee a device token hash belongs to;
// EUNAUTHORIZED when the hash is empty, unknown or of another event.
func (s *Store) AttendeeByToken(ctx context.Context, eventID string, tokenHash []byte) (openspace.Attendee, error) {
	return read(ctx, s, func(t *txn) (openspace.Attendee, error) {
		if _, err := t.event(eventID); err != nil {
			return openspace.Attendee{}, err
		}
		return t.attendeeByToken(eventID, tokenHash)
	})
}

// Attendance counts the attendees and splits them by their answer.
func (s *Store) Attendance(ctx context.Context, eventID string) (openspace.Attendance, error) {
	return read(ctx, s, func(t *txn) (openspace.Attendance, error) {
		if _, err := t.event(eventID); err != nil {
			return openspace.Attendance{}, err
		}
		return t.attendance(eventID)
	})
}

// attendeeByToken reads the attendee of the event a device token hash
// belongs to. A request without a token has not joined yet; one with a
// token this event does not know comes from a device that must join again.
func (t *txn) attendeeByToken(eventID string, tokenHash []byte) (openspace.Attendee, error) {
	if len(tokenHash) == 0 {
		return openspace.Attendee{}, openspace.Errorf(openspace.EUNAUTHORIZED, "Join the event first.")
	}
	unknown := openspace.Errorf(openspace.EUNAUTHORIZED, "Unknown device: join the event again.")
	ref := t.tokens.Get(tokenHash)
	if ref == nil || !bytes.HasPrefix(ref, prefix(eventID)) {
		return openspace.Attendee{}, unknown
	}
	var a openspace.Attendee
	found, err := getJSON(t.attendees, ref, &a)
	if err != nil {
		return openspace.Attendee{}, err
	}
	if !found {
		return openspace.Attendee{}, unknown
	}
	return a, nil
}

// attendee reads an attendee of the event; ENOTFOUND when absent.
func (t *txn) attendee(eventID, attendeeID string) (openspace.Attendee, error) {
	var a openspace.Attendee
	if attendeeID == "" {
		return a, errAttendeeNotFound()
	}
	found, err := getJSON(t.attendees, key(eventID, attendeeID), &a)
	if err != nil {
		return openspace.Attendee{}, err
	}
	if !found {
		return openspace.Attendee{}, errAttendeeNotFound()
	}
	return a, nil
}

// attendeeCount counts the event's attendees without decoding them.
func (t *txn) attendeeCount(eventID string) (int, error) {
	n := 0
	err := scan(t.attendees, prefix(eventID), func([]byte, []byte) error {
		n++
		return nil
	})
	return n, err
}

// attendance is read for every patch after a join and for every
// snapshot, so it reads only the answer of each attendee (see answerOf).
func (t *txn) attendance(eventID string) (openspace.Attendance, error) {
	out := openspace.Attendance{Profiles: map[string]int{}}
	err := scan(t.attendees, prefix(eventID), func(k, v []byte) error {
		answer, err := answerOf(k, v)
		if err != nil {
			return err
		}
		out.Count++
		out.Profiles[answer]++
		return nil
	})
	return out, err
}

var answerField = []byte(`"answer":`)

// answerOf reads the answer of an attendee's JSON without decoding the
// rest, which made attendance cost 2 µs an attendee. The field name cannot
// occur inside a string value, where every quote is escaped; a record
// without it is decoded whole.
func answerOf(k, v []byte) (string, error) {
	i := bytes.Index(v, answerField)
	if i < 0 {
		var a openspace.Attendee
		err := decode(k, v, &a)
		return a.Answer, err
	}
	rest := v[i+len(answerField):]
	end := 1
	for end < len(rest) && rest[end] != '"' {
		if rest[end] == '\\' {
			end++
		}
		end++
	}
	if len(rest) == 0 || rest[0] != '"' || end >= len(rest) {
		return "", fmt.Errorf("store: decode %q: malformed answer", k)
	}
	if bytes.IndexByte(rest[1:end], '\\') < 0 {
		return string(rest[1:end]), nil
	}
	var answer string
	if err := decode(k, rest[:end+1], &answer); err != nil {
		return "", err
	}
	return answer, nil
}
