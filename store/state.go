package store

import (
	"context"

	"openspace/openspace"
)

// State reads everything a screen shows about an event in one read
// transaction. The draft is included only for the organizer.
func (s *Store) State(ctx context.Context, eventID string, organizer bool) (openspace.State, error) {
	return read(ctx, s, func(t *txn) (openspace.State, error) { return t.state(eventID, organizer) })
}

// state reads the state of an event inside a transaction: State, and the
// recap, which tells the same and more.
func (t *txn) state(eventID string, organizer bool) (openspace.State, error) {
	var out openspace.State
	var err error
	if out.Event, err = t.event(eventID); err != nil {
		return out, err
	}
	if out.Attendance, err = t.attendance(eventID); err != nil {
		return out, err
	}
	if out.Topics, err = t.topicList(eventID); err != nil {
		return out, err
	}
	if out.Plan, err = t.plan(eventID, planPublished); err != nil {
		return out, err
	}
	if out.Headcounts, err = t.headcounts(out.Event); err != nil {
		return out, err
	}
	if out.Notes, err = t.topicNotes(eventID); err != nil {
		return out, err
	}
	if organizer {
		if out.Draft, err = t.plan(eventID, planDraft); err != nil {
			return out, err
		}
	}
	// The marks, once someone gave feedback.
	if roti, err := t.rotiSummary(eventID); err != nil {
		return out, err
	} else if roti.Count > 0 {
		out.ROTI = &roti
	}
	return out, nil
}

// Patch reads, in one read transaction, the parts of the state that ch
// names. Topics are the current versions of ch.Topics that still exist;
// RemovedTopics is ch.Removed plus those of ch.Topics that no longer exist.
// Plan stays nil when the event was never published; Draft is filled only
// for the organizer.
func (s *Store) Patch(ctx context.Context, eventID string, ch openspace.Change, organizer bool) (openspace.Patch, error) {
	return read(ctx, s, func(t *txn) (openspace.Patch, error) {
		var out openspace.Patch
		e, err := t.event(eventID)
		if err != nil {
			return out, err
		}
		if ch.Event {
			out.Event = &e
		}
		if ch.Attendance {
			a, err := t.attendance(eventID)
			if err != nil {
				return out, err
			}
			out.Attendance = &a
		}
		removed := map[string]bool{}
		addRemoved := func(id string) {
			if !removed[id] {
				removed[id] = true
				out.RemovedTopics = append(out.RemovedTopics, id)
			}
		}
		for _, id := range ch.Removed {
			addRemoved(id)
		}
		seen := map[string]bool{}
		for _, id := range ch.Topics {
			if seen[id] || removed[id] {
				continue
			}
			seen[id] = true
			tp, err := t.topic(eventID, id)
			if openspace.ErrorCode(err) == openspace.ENOTFOUND {
				addRemoved(id)
				continue
			} else if err != nil {
				return out, err
			}
			out.Topics = append(out.Topics, tp)
		}
		if ch.Plan {
			if out.Plan, err = t.plan(eventID, planPublished); err != nil {
				return out, err
			}
		}
		if ch.Checkins {
			h, err := t.headcounts(e)
			if err != nil {
				return out, err
			}
			out.Headcounts = &h
		}
		if out.Notes, err = t.notesPatch(eventID, ch.Notes); err != nil {
			return out, err
		}
		if ch.Draft && organizer {
			if out.Draft, err = t.plan(eventID, planDraft); err != nil {
				return out, err
			}
		}
		if ch.Feedback {
			roti, err := t.rotiSummary(eventID)
			if err != nil {
				return out, err
			}
			out.ROTI = &roti
		}
		return out, nil
	})
}

// Me resolves a device token hash to its attendee and reads what they see,
// in one read transaction, so the ballot, the published plan and the seats
// always belong together. Errors as AttendeeByToken: ENOTFOUND for an
// unknown event, then EUNAUTHORIZED.
func (s *Store) Me(ctx context.Context, eventID string, tokenHash []byte) (openspace.AttendeeView, error) {
	return read(ctx, s, func(t *txn) (openspace.AttendeeView, error) {
		var me openspace.AttendeeView
		var err error
		if me.Event, err = t.event(eventID); err != nil {
			return me, err
		}
		if me.Attendee, err = t.attendeeByToken(eventID, tokenHash); err != nil {
			return me, err
		}
		if me.Ballot, err = t.ballot(me.Event, me.Attendee.ID); err != nil {
			return me, err
		}
		if me.Published, err = t.plan(eventID, planPublished); err != nil {
			return me, err
		}
		if me.Seats, err = t.seatsOf(eventID, me.Attendee.ID); err != nil {
			return me, err
		}
		if me.Checkins, err = t.attendeeCheckins(me.Event, me.Attendee.ID); err != nil {
			return me, err
		}
		me.Link, err = t.personalLink(eventID, me.Attendee.ID)
		return me, err
	})
}
