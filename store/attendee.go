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
// A refusal (no such event, a bad answer, a full event) is handed back
// beside the transaction, which writes nothing and succeeds: an error
// would make bbolt run every other join of the batch again.
func (s *Store) Join(ctx context.Context, eventID string, in openspace.JoinInput, tokenHash []byte) (openspace.Attendee, error) {
	if len(tokenHash) == 0 {
		return openspace.Attendee{}, fmt.Errorf("store: join: empty token hash")
	}
	in.Normalize()
	type joined struct {
		attendee openspace.Attendee
		refused  error
	}
	refuse := func(err error) (joined, error) { return joined{refused: err}, nil }
	out, err := writeBatched(ctx, s, func(t *txn) (joined, error) {
		e, err := t.event(eventID)
		if err != nil {
			return refuse(err)
		}
		if err := in.Validate(e); err != nil {
			return refuse(err)
		}
		n, err := t.attendeeCount(eventID)
		if err != nil {
			return joined{}, err
		}
		if err := openspace.CanJoin(e, n); err != nil {
			return refuse(err)
		}
		if t.tokens.Get(tokenHash) != nil {
			return joined{}, fmt.Errorf("store: join: token hash already in use")
		}
		a := openspace.Attendee{
			ID:       s.newID(),
			EventID:  eventID,
			Name:     in.Name,
			Answer:   in.Answer,
			JoinedAt: s.now(),
		}
		if err := putJSON(t.attendees, key(eventID, a.ID), a); err != nil {
			return joined{}, err
		}
		if err := t.tokens.Put(bytes.Clone(tokenHash), key(eventID, a.ID)); err != nil {
			return joined{}, fmt.Errorf("store: put token: %w", err)
		}
		return joined{attendee: a}, nil
	})
	if err != nil {
		return openspace.Attendee{}, err
	}
	if out.refused != nil {
		return openspace.Attendee{}, out.refused
	}
	return out.attendee, nil
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
