package store

import (
	"context"

	"openspace/openspace"
)

// MyCalendar reads, in one transaction, what an attendee's calendar shows:
// what Me reads (the device token checked in the same read: 404 for an
// unknown event, then 401) and the topics, for their titles.
func (s *Store) MyCalendar(ctx context.Context, eventID string, tokenHash []byte) (openspace.AttendeeView, []openspace.Topic, error) {
	type mine struct {
		view   openspace.AttendeeView
		topics []openspace.Topic
	}
	m, err := read(ctx, s, func(t *txn) (mine, error) {
		var m mine
		var err error
		v := &m.view
		if v.Event, err = t.event(eventID); err != nil {
			return m, err
		}
		if v.Attendee, err = t.attendeeByToken(eventID, tokenHash); err != nil {
			return m, err
		}
		if v.Ballot, err = t.ballot(v.Event, v.Attendee.ID); err != nil {
			return m, err
		}
		if v.Published, err = t.plan(eventID, planPublished); err != nil {
			return m, err
		}
		if v.Seats, err = t.seatsOf(eventID, v.Attendee.ID); err != nil {
			return m, err
		}
		if v.Checkins, err = t.attendeeCheckins(v.Event, v.Attendee.ID); err != nil {
			return m, err
		}
		m.topics, err = t.topicList(eventID)
		return m, err
	})
	return m.view, m.topics, err
}
