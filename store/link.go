package store

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"time"

	"openspace/openspace"
)

// linkRecord is the value of a links key eventID/attendeeID.
type linkRecord struct {
	Hash      []byte    `json:"hash,omitempty"` // the active link's token hash; empty once revoked
	CreatedAt time.Time `json:"created_at,omitzero"`
	// Devices are the device token hashes of the browsers signed in
	// through the attendee's links, oldest first: revoking signs them out.
	Devices [][]byte `json:"devices"`
}

func errUnknownLink() error {
	return openspace.Errorf(openspace.ENOTFOUND, "This personal link is not (or no longer) valid.")
}

// CreateLink gives the attendee a new personal link, of which only the
// token hash is kept. It replaces their earlier one, which stops working at
// once; the browsers that came in through it stay signed in. It remembers
// no Idempotency-Key (see unkeyed): the answer is the new link.
func (s *Store) CreateLink(ctx context.Context, eventID, attendeeID string, linkHash []byte) (openspace.PersonalLink, error) {
	if len(linkHash) == 0 {
		return openspace.PersonalLink{}, fmt.Errorf("store: create link: empty hash")
	}
	return write(unkeyed(ctx), s, func(t *txn) (openspace.PersonalLink, error) {
		if _, err := t.event(eventID); err != nil {
			return openspace.PersonalLink{}, err
		}
		if _, err := t.attendee(eventID, attendeeID); err != nil {
			return openspace.PersonalLink{}, err
		}
		if t.links.Get(linkHash) != nil || t.tokens.Get(linkHash) != nil {
			return openspace.PersonalLink{}, fmt.Errorf("store: create link: hash already in use")
		}
		rec, err := t.link(eventID, attendeeID)
		if err != nil {
			return openspace.PersonalLink{}, err
		}
		if len(rec.Hash) > 0 {
			if err := del(t.links, rec.Hash); err != nil {
				return openspace.PersonalLink{}, err
			}
		}
		rec.Hash, rec.CreatedAt = bytes.Clone(linkHash), s.now()
		if err := t.links.Put(bytes.Clone(linkHash), key(eventID, attendeeID)); err != nil {
			return openspace.PersonalLink{}, fmt.Errorf("store: put link: %w", err)
		}
		if err := putJSON(t.links, key(eventID, attendeeID), rec); err != nil {
			return openspace.PersonalLink{}, err
		}
		return openspace.PersonalLink{CreatedAt: rec.CreatedAt, Devices: len(rec.Devices)}, nil
	})
}

// RevokeLink ends the attendee's personal link and signs out every browser
// that came in through one of their links, but keepDevice (the device
// token hash of the browser that asks, nil for none). The device they
// joined from stays: it came in through no link.
func (s *Store) RevokeLink(ctx context.Context, eventID, attendeeID string, keepDevice []byte) error {
	return s.update(ctx, func(t *txn) error {
		if _, err := t.event(eventID); err != nil {
			return err
		}
		if _, err := t.attendee(eventID, attendeeID); err != nil {
			return err
		}
		rec, err := t.link(eventID, attendeeID)
		if err != nil {
			return err
		}
		if len(rec.Hash) > 0 {
			if err := del(t.links, rec.Hash); err != nil {
				return err
			}
		}
		var kept [][]byte
		for _, d := range rec.Devices {
			if len(keepDevice) > 0 && bytes.Equal(d, keepDevice) {
				kept = append(kept, d)
				continue
			}
			if err := t.signOut(eventID, attendeeID, d); err != nil {
				return err
			}
		}
		if len(kept) == 0 {
			return del(t.links, key(eventID, attendeeID))
		}
		return putJSON(t.links, key(eventID, attendeeID), linkRecord{Devices: kept})
	})
}

// LinkOwner returns the attendee a personal link's token hash belongs to;
// ENOTFOUND when it is unknown, replaced or revoked.
func (s *Store) LinkOwner(ctx context.Context, linkHash []byte) (openspace.Attendee, error) {
	return read(ctx, s, func(t *txn) (openspace.Attendee, error) {
		return t.linkOwner(linkHash)
	})
}

// UseLink signs a browser in through a personal link: deviceHash, the hash
// of the new device token the server hands out, becomes a device of the
// link's attendee, remembered with their links so that revoking signs it
// out. Past openspace.MaxLinkDevices, the oldest such device is signed out.
func (s *Store) UseLink(ctx context.Context, linkHash, deviceHash []byte) (openspace.Attendee, error) {
	if len(deviceHash) == 0 {
		return openspace.Attendee{}, fmt.Errorf("store: use link: empty device hash")
	}
	return write(ctx, s, func(t *txn) (openspace.Attendee, error) {
		a, err := t.linkOwner(linkHash)
		if err != nil {
			return a, err
		}
		if t.tokens.Get(deviceHash) != nil {
			return openspace.Attendee{}, fmt.Errorf("store: use link: token hash already in use")
		}
		ref := key(a.EventID, a.ID)
		if err := t.tokens.Put(bytes.Clone(deviceHash), ref); err != nil {
			return openspace.Attendee{}, fmt.Errorf("store: put token: %w", err)
		}
		rec, err := t.link(a.EventID, a.ID)
		if err != nil {
			return openspace.Attendee{}, err
		}
		rec.Devices = append(t.liveDevices(a.EventID, a.ID, rec.Devices), bytes.Clone(deviceHash))
		for len(rec.Devices) > openspace.MaxLinkDevices {
			if err := t.signOut(a.EventID, a.ID, rec.Devices[0]); err != nil {
				return openspace.Attendee{}, err
			}
			rec.Devices = slices.Delete(rec.Devices, 0, 1)
		}
		return a, putJSON(t.links, ref, rec)
	})
}

// linkOwner reads the attendee of a link token hash.
func (t *txn) linkOwner(linkHash []byte) (openspace.Attendee, error) {
	if len(linkHash) == 0 {
		return openspace.Attendee{}, errUnknownLink()
	}
	ref := t.links.Get(linkHash)
	if ref == nil {
		return openspace.Attendee{}, errUnknownLink()
	}
	var a openspace.Attendee
	found, err := getJSON(t.attendees, ref, &a)
	if err != nil {
		return a, err
	}
	if !found {
		return openspace.Attendee{}, errUnknownLink()
	}
	return a, nil
}

// link reads the attendee's link record; the zero record when absent.
func (t *txn) link(eventID, attendeeID string) (linkRecord, error) {
	var rec linkRecord
	_, err := getJSON(t.links, key(eventID, attendeeID), &rec)
	return rec, err
}

// personalLink is what the attendee sees of their link: nil without an
// active one.
func (t *txn) personalLink(eventID, attendeeID string) (*openspace.PersonalLink, error) {
	rec, err := t.link(eventID, attendeeID)
	if err != nil || len(rec.Hash) == 0 {
		return nil, err
	}
	return &openspace.PersonalLink{CreatedAt: rec.CreatedAt, Devices: len(t.liveDevices(eventID, attendeeID, rec.Devices))}, nil
}

// liveDevices keeps the device token hashes that still sign in as the
// attendee.
func (t *txn) liveDevices(eventID, attendeeID string, devices [][]byte) [][]byte {
	ref := key(eventID, attendeeID)
	var out [][]byte
	for _, d := range devices {
		if bytes.Equal(t.tokens.Get(d), ref) {
			out = append(out, d)
		}
	}
	return out
}

// signOut deletes a device token of the attendee (one of another attendee
// is left alone).
func (t *txn) signOut(eventID, attendeeID string, deviceHash []byte) error {
	if !bytes.Equal(t.tokens.Get(deviceHash), key(eventID, attendeeID)) {
		return nil
	}
	return del(t.tokens, deviceHash)
}

// dropLink deletes the attendee's link record and their active link; their
// devices go with their other tokens (dropTokens).
func (t *txn) dropLink(eventID, attendeeID string) error {
	rec, err := t.link(eventID, attendeeID)
	if err != nil {
		return err
	}
	if len(rec.Hash) > 0 {
		if err := del(t.links, rec.Hash); err != nil {
			return err
		}
	}
	return del(t.links, key(eventID, attendeeID))
}

// dropEventLinks deletes the links of every attendee of the event.
func (t *txn) dropEventLinks(eventID string) error {
	var attendees []string
	p := prefix(eventID)
	if err := scan(t.links, p, func(k, _ []byte) error {
		attendees = append(attendees, string(k[len(p):]))
		return nil
	}); err != nil {
		return err
	}
	for _, a := range attendees {
		if err := t.dropLink(eventID, a); err != nil {
			return err
		}
	}
	return nil
}
