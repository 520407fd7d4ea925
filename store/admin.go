package store

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"openspace/openspace"
)

// Export reads every record of the event, from every bucket, in one read
// transaction. The organizer key hash, the device token hashes and the
// personal links stay out: an export carries no secret, and the
// idempotency keys are a retry's business, not the evening's. Records that point at a session, room
// or topic the event no longer has (a check-in in a room removed from the
// set-up, the notes of a deleted topic) are left out, as no screen shows
// them. Votes come in the order they were cast.
func (s *Store) Export(ctx context.Context, eventID string) (openspace.EventExport, error) {
	return read(ctx, s, func(t *txn) (openspace.EventExport, error) {
		x := openspace.EventExport{Version: openspace.ExportVersion, ExportedAt: s.now()}
		e, err := t.event(eventID)
		if err != nil {
			return x, err
		}
		x.Event = e
		sessions, rooms := map[string]bool{}, map[string]bool{}
		for _, sess := range e.Sessions {
			sessions[sess.ID] = true
		}
		for _, r := range e.Rooms {
			rooms[r.ID] = true
		}
		x.Attendees = []openspace.Attendee{}
		attendees := map[string]bool{}
		if err := scan(t.attendees, prefix(eventID), func(k, v []byte) error {
			var a openspace.Attendee
			if err := decode(k, v, &a); err != nil {
				return err
			}
			attendees[a.ID] = true
			x.Attendees = append(x.Attendees, a)
			return nil
		}); err != nil {
			return x, err
		}
		if x.Topics, err = t.topicList(eventID); err != nil {
			return x, err
		}
		topics := map[string]bool{}
		for _, tp := range x.Topics {
			topics[tp.ID] = true
		}
		votes, err := t.eventVotes(eventID)
		if err != nil {
			return x, err
		}
		sortBySeq(votes)
		x.Votes = []openspace.ExportVote{}
		for _, v := range votes {
			if attendees[v.attendee] && topics[v.topic] {
				x.Votes = append(x.Votes, openspace.ExportVote{Attendee: v.attendee, Topic: v.topic, At: v.rec.At})
			}
		}
		draft, err := t.plan(eventID, planDraft)
		if err != nil {
			return x, err
		}
		x.Draft = *draft
		if x.Published, err = t.plan(eventID, planPublished); err != nil {
			return x, err
		}
		x.Seats = []openspace.Seat{}
		if err := scan(t.seats, prefix(eventID), func(k, v []byte) error {
			var seats []openspace.Seat
			if err := decode(k, v, &seats); err != nil {
				return err
			}
			for _, st := range seats {
				if attendees[st.Attendee] && sessions[st.Session] && topics[st.Topic] {
					x.Seats = append(x.Seats, st)
				}
			}
			return nil
		}); err != nil {
			return x, err
		}
		x.Checkins = []openspace.CheckinItem{}
		p := prefix(eventID)
		if err := scan(t.checkins, p, func(k, v []byte) error {
			session, attendee, ok := strings.Cut(string(k[len(p):]), sep)
			if !ok {
				return fmt.Errorf("store: bad check-in key %q", k)
			}
			c := openspace.CheckinItem{Session: session, Attendee: attendee, Room: string(v)}
			if sessions[c.Session] && rooms[c.Room] && attendees[c.Attendee] {
				x.Checkins = append(x.Checkins, c)
			}
			return nil
		}); err != nil {
			return x, err
		}
		notes, err := t.notesOf(eventID)
		if err != nil {
			return x, err
		}
		x.Notes = []openspace.Notes{}
		for _, tp := range x.Topics { // in the order of the topics
			if n, ok := notes[tp.ID]; ok {
				x.Notes = append(x.Notes, n)
			}
		}
		feedback, err := t.feedbackOf(eventID)
		if err != nil {
			return x, err
		}
		x.Feedback = []openspace.Feedback{}
		for _, f := range feedback {
			if !attendees[f.Attendee] {
				continue
			}
			for tid := range f.Topics {
				if !topics[tid] {
					delete(f.Topics, tid)
				}
			}
			x.Feedback = append(x.Feedback, f)
		}
		return x, nil
	})
}

// Import creates a new event from an export: a new event ID and join code,
// a new ID for every session, room, attendee and topic, and every other
// field as in the file, with the relations between the records kept. The
// attendees come without a device or a personal link: nobody's secret is
// in a file, so a person of the imported event cannot act as themselves in
// it (they can join again, as someone new). A file that Validate refuses, or that breaks the
// rules of a field, is an EINVALID error and nothing is written.
func (s *Store) Import(ctx context.Context, x openspace.EventExport, organizerKeyHash []byte) (openspace.Event, error) {
	if err := ctx.Err(); err != nil {
		return openspace.Event{}, err
	}
	if len(organizerKeyHash) == 0 {
		return openspace.Event{}, fmt.Errorf("store: import: empty organizer key hash")
	}
	if err := x.Validate(); err != nil {
		return openspace.Event{}, err
	}
	// IDs are drawn before the transaction, so that the write is only puts.
	ids := map[string]string{}
	fresh := func(old string) string {
		if id, ok := ids[old]; ok {
			return id
		}
		ids[old] = s.newID()
		return ids[old]
	}
	id := func(old string) string { return ids[old] } // "" stays ""

	e := x.Event
	e.Sessions = slices.Clone(e.Sessions)
	for i := range e.Sessions {
		e.Sessions[i].ID = fresh(e.Sessions[i].ID)
	}
	e.Rooms = slices.Clone(e.Rooms)
	for i := range e.Rooms {
		e.Rooms[i].ID = fresh(e.Rooms[i].ID)
	}
	attendees := make([]openspace.Attendee, len(x.Attendees))
	for i, a := range x.Attendees {
		a.ID = fresh(a.ID)
		attendees[i] = a
	}
	newSession := map[string]bool{}
	for _, sess := range e.Sessions {
		newSession[sess.ID] = true
	}
	// A host's session deleted before the export counts for nothing: it
	// has no new ID and is left out.
	hostSessions := func(old []string) []string {
		var out []string
		for _, sid := range old {
			if n := id(sid); newSession[n] {
				out = append(out, n)
			}
		}
		return out
	}
	topics := make([]openspace.Topic, len(x.Topics))
	for i, tp := range x.Topics {
		tp.ID = fresh(tp.ID)
		topics[i] = tp
	}
	e.Pitch.Queue = mapIDs(e.Pitch.Queue, id)
	e.Pitch.Current = id(e.Pitch.Current)
	plan := func(p openspace.Plan) openspace.Plan {
		p = p.Clone()
		for i := range p.Cells {
			c := &p.Cells[i]
			c.Session, c.Room, c.Topic = id(c.Session), id(c.Room), id(c.Topic)
		}
		return p
	}
	eventID := s.newID()
	return write(ctx, s, func(t *txn) (openspace.Event, error) {
		ev := e
		ev.ID = eventID
		code, err := t.newJoinCode()
		if err != nil {
			return openspace.Event{}, err
		}
		ev.JoinCode = code
		if err := t.insertEvent(ev, organizerKeyHash, plan(x.Draft)); err != nil {
			return openspace.Event{}, err
		}
		if x.Published != nil {
			if err := t.putPlan(eventID, planPublished, plan(*x.Published)); err != nil {
				return openspace.Event{}, err
			}
		}
		for _, a := range attendees {
			a.EventID = eventID
			if err := putJSON(t.attendees, key(eventID, a.ID), a); err != nil {
				return openspace.Event{}, err
			}
		}
		count := map[string]int{}
		for _, v := range x.Votes {
			seq, err := t.votes.NextSequence() // the order of the file is the order cast
			if err != nil {
				return openspace.Event{}, fmt.Errorf("store: vote sequence: %w", err)
			}
			if err := putJSON(t.votes, key(eventID, id(v.Attendee), id(v.Topic)), voteRecord{At: v.At, Seq: seq}); err != nil {
				return openspace.Event{}, err
			}
			count[id(v.Topic)]++
		}
		for _, tp := range topics {
			tp.EventID, tp.ProposerID = eventID, id(tp.ProposerID)
			tp.HostSessions = hostSessions(tp.HostSessions)
			tp.Votes = count[tp.ID] // kept in step with the votes, whatever the file said
			if err := t.putTopic(tp); err != nil {
				return openspace.Event{}, err
			}
		}
		seats := map[string][]openspace.Seat{}
		var order []string
		for _, st := range x.Seats {
			a := id(st.Attendee)
			if _, ok := seats[a]; !ok {
				order = append(order, a)
			}
			seats[a] = append(seats[a], openspace.Seat{Attendee: a, Session: id(st.Session), Topic: id(st.Topic), Host: st.Host})
		}
		for _, a := range order {
			if err := putJSON(t.seats, key(eventID, a), seats[a]); err != nil {
				return openspace.Event{}, err
			}
		}
		for _, c := range x.Checkins {
			if err := t.checkins.Put(key(eventID, id(c.Session), id(c.Attendee)), []byte(id(c.Room))); err != nil {
				return openspace.Event{}, fmt.Errorf("store: put check-in: %w", err)
			}
		}
		for _, n := range x.Notes {
			n.Topic = id(n.Topic)
			n.Takeaways = slices.Clone(n.Takeaways)
			if err := putJSON(t.notes, key(eventID, n.Topic), n); err != nil {
				return openspace.Event{}, err
			}
			if n.Version > 0 { // edits started from this version merge against it
				rev := notesRevision{Text: n.Text, Takeaways: n.Takeaways}
				if err := putJSON(t.notes, revisionKey(eventID, n.Topic, n.Version), rev); err != nil {
					return openspace.Event{}, err
				}
			}
		}
		for _, f := range x.Feedback {
			f.Attendee = id(f.Attendee)
			if f.Topics != nil {
				m := make(map[string]int, len(f.Topics))
				for tid, roti := range f.Topics {
					m[id(tid)] = roti
				}
				f.Topics = m
			}
			if err := putJSON(t.feedback, key(eventID, f.Attendee), f); err != nil {
				return openspace.Event{}, err
			}
		}
		return ev, nil
	})
}

// CopyEvent creates the next meetup of a series from an event: the same
// title, venue, language, time zone, dot budget, pitch length, projector
// rotation and question, the same sessions (titles, start times,
// durations) and rooms, with new IDs and no clock; no attendee, personal
// link, topic, vote, plan, note or feedback. The date and the recap's
// intro are left empty: the next meetup is on another day and has its own
// story. It starts in the welcome phase with a new join code. It remembers no
// Idempotency-Key (see unkeyed): the answer is the copy's organizer key.
func (s *Store) CopyEvent(ctx context.Context, eventID string, organizerKeyHash []byte) (openspace.Event, error) {
	if len(organizerKeyHash) == 0 {
		return openspace.Event{}, fmt.Errorf("store: copy event: empty organizer key hash")
	}
	return write(unkeyed(ctx), s, func(t *txn) (openspace.Event, error) {
		src, err := t.event(eventID)
		if err != nil {
			return openspace.Event{}, err
		}
		setup := cloneSetup(openspace.EventSetup{
			Sessions: src.Sessions, Rooms: src.Rooms, Question: src.Question,
		})
		setup.Normalize() // clears the clocks
		setup.FreshIDs(s.newID)
		code, err := t.newJoinCode()
		if err != nil {
			return openspace.Event{}, err
		}
		e := openspace.Event{
			ID: s.newID(), JoinCode: code,
			Title: src.Title, Venue: src.Venue, Language: src.Language,
			Sessions: setup.Sessions, Rooms: setup.Rooms, DotBudget: src.DotBudget,
			Question: setup.Question, PitchSeconds: src.PitchSeconds, Rotate: src.Rotate,
			TimeZone: src.TimeZone, CreatedAt: s.now(),
		}
		e = e.ApplyPhases(openspace.PhaseUpdate{Phase: &welcome})
		if err := t.insertEvent(e, organizerKeyHash, openspace.Plan{}); err != nil {
			return openspace.Event{}, err
		}
		return e, nil
	})
}

// DeleteEvent deletes the event and everything it holds, from every
// bucket, in one transaction: the event, its join code (which becomes
// free), the organizer key hash, the attendees and their device tokens,
// topics, votes, plans, seats, check-ins, notes, feedback, idempotency
// keys and personal links. Device tokens
// are keyed by their hash, so they are found by walking the tokens bucket
// for those that point at the event. It remembers no Idempotency-Key (see
// unkeyed): the event's keys go with it.
func (s *Store) DeleteEvent(ctx context.Context, eventID string) error {
	return s.update(unkeyed(ctx), func(t *txn) error {
		e, err := t.event(eventID)
		if err != nil {
			return err
		}
		if err := t.dropTokens(func(ref []byte) bool { return bytes.HasPrefix(ref, prefix(eventID)) }); err != nil {
			return err
		}
		if err := t.dropEventLinks(eventID); err != nil {
			return err
		}
		p := prefix(eventID)
		for _, b := range []*bolt.Bucket{t.attendees, t.topics, t.votes, t.plans, t.seats, t.checkins, t.notes, t.feedback, t.idem} {
			if err := deletePrefix(b, p); err != nil {
				return err
			}
		}
		if bytes.Equal(t.joinCodes.Get([]byte(e.JoinCode)), []byte(eventID)) {
			if err := del(t.joinCodes, []byte(e.JoinCode)); err != nil {
				return err
			}
		}
		if err := del(t.secrets, []byte(eventID)); err != nil {
			return err
		}
		return del(t.events, []byte(eventID))
	})
}

// ForgetAttendee erases a person from the event, at their request ("forget
// me"): their name and answer are emptied, their feedback and check-ins
// deleted, and their device token removed, so that the device is a
// stranger to the event afterwards (it can join again, as someone new).
// Their votes stay, attached to the now anonymous record, so that the
// counts, the plan and the recap of the evening do not change; so do their
// seats, which only follow from the votes. Check-ins go, since they say
// where the person was, and a device that joins again would be counted
// twice in a room. The topics they proposed stay: they belong to the
// evening's programme (the organizer can edit or delete them). It
// remembers no Idempotency-Key (see unkeyed): the person's keys go too.
func (s *Store) ForgetAttendee(ctx context.Context, eventID, attendeeID string) error {
	return s.update(unkeyed(ctx), func(t *txn) error {
		e, err := t.event(eventID)
		if err != nil {
			return err
		}
		a, err := t.attendee(eventID, attendeeID)
		if err != nil {
			return err
		}
		a.Name, a.Answer = "", ""
		if err := putJSON(t.attendees, key(eventID, attendeeID), a); err != nil {
			return err
		}
		return t.dropTraces(e, attendeeID)
	})
}

// dropTraces deletes what says where a person was and what they thought
// (their feedback and check-ins), the answers remembered under their
// idempotency keys, their personal link, and their device tokens (the
// device they joined from and those that came in through a link), so that
// every device is a stranger to the event. ForgetAttendee and
// RemoveAttendee share it.
func (t *txn) dropTraces(e openspace.Event, attendeeID string) error {
	eventID := e.ID
	if err := del(t.feedback, key(eventID, attendeeID)); err != nil {
		return err
	}
	// The writes they sent under an Idempotency-Key, with their text.
	var keys [][]byte
	if err := scan(t.idem, prefix(eventID, attendeeID), func(k, _ []byte) error {
		keys = append(keys, bytes.Clone(k))
		return nil
	}); err != nil {
		return err
	}
	for _, k := range keys {
		if err := del(t.idem, k); err != nil {
			return err
		}
	}
	for _, sess := range e.Sessions {
		if err := del(t.checkins, key(eventID, sess.ID, attendeeID)); err != nil {
			return err
		}
	}
	// Check-ins of sessions removed from the set-up since.
	var stale [][]byte
	if err := scan(t.checkins, prefix(eventID), func(k, _ []byte) error {
		if strings.HasSuffix(string(k), sep+attendeeID) {
			stale = append(stale, bytes.Clone(k))
		}
		return nil
	}); err != nil {
		return err
	}
	for _, k := range stale {
		if err := del(t.checkins, k); err != nil {
			return err
		}
	}
	if err := t.dropLink(eventID, attendeeID); err != nil {
		return err
	}
	ref := key(eventID, attendeeID) // the devices that joined and those that came through a link
	return t.dropTokens(func(v []byte) bool { return bytes.Equal(v, ref) })
}

// Backup writes a consistent copy of the whole database to w, in one read
// transaction (bbolt's Tx.WriteTo), while the server goes on; it returns
// the bytes written. Give it a fast writer (a file): the transaction stays
// open while w takes the copy, and writes that grow the file wait for it.
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("store: backup: %w", err)
	}
	return n, nil
}

// insertEvent writes a new event with its join code, organizer key hash
// and draft plan.
func (t *txn) insertEvent(e openspace.Event, organizerKeyHash []byte, draft openspace.Plan) error {
	if t.events.Get([]byte(e.ID)) != nil {
		return fmt.Errorf("store: event %s exists", e.ID)
	}
	if err := t.putEvent(e); err != nil {
		return err
	}
	if err := t.joinCodes.Put([]byte(e.JoinCode), []byte(e.ID)); err != nil {
		return fmt.Errorf("store: put join code: %w", err)
	}
	if err := t.secrets.Put([]byte(e.ID), bytes.Clone(organizerKeyHash)); err != nil {
		return fmt.Errorf("store: put organizer key hash: %w", err)
	}
	return t.putPlan(e.ID, planDraft, draft)
}

// dropTokens deletes the device tokens whose reference (eventID/attendeeID)
// matches.
func (t *txn) dropTokens(match func(ref []byte) bool) error {
	var doomed [][]byte
	if err := t.tokens.ForEach(func(k, v []byte) error {
		if match(v) {
			doomed = append(doomed, bytes.Clone(k))
		}
		return nil
	}); err != nil {
		return err
	}
	for _, k := range doomed {
		if err := del(t.tokens, k); err != nil {
			return err
		}
	}
	return nil
}

// deletePrefix deletes every key of b that starts with p.
func deletePrefix(b *bolt.Bucket, p []byte) error {
	var doomed [][]byte
	if err := scan(b, p, func(k, _ []byte) error {
		doomed = append(doomed, bytes.Clone(k))
		return nil
	}); err != nil {
		return err
	}
	for _, k := range doomed {
		if err := del(b, k); err != nil {
			return err
		}
	}
	return nil
}

func mapIDs(in []string, id func(string) string) []string {
	if in == nil {
		return nil
	}
	out := make([]string, len(in))
	for i, v := range in {
		out[i] = id(v)
	}
	return out
}
