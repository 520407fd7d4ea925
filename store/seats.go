package store

import (
	"context"

	"openspace/openspace"
	"openspace/openspace/schedule"
)

// Seats returns where the attendee is expected per session, as computed
// when the plan was last published; empty before that.
func (s *Store) Seats(ctx context.Context, eventID, attendeeID string) ([]openspace.Seat, error) {
	return read(ctx, s, func(t *txn) ([]openspace.Seat, error) {
		if _, err := t.event(eventID); err != nil {
			return nil, err
		}
		return t.seatsOf(eventID, attendeeID)
	})
}

// seatsOf reads an attendee's seats; empty, not nil, when they have none.
func (t *txn) seatsOf(eventID, attendeeID string) ([]openspace.Seat, error) {
	seats := []openspace.Seat{}
	_, err := getJSON(t.seats, key(eventID, attendeeID), &seats)
	return seats, err
}

// PlanningInput reads, in one transaction, what the scheduler needs to
// propose or score a plan for the event.
func (s *Store) PlanningInput(ctx context.Context, eventID string) (schedule.Input, error) {
	return read(ctx, s, func(t *txn) (schedule.Input, error) {
		return t.planningInput(eventID)
	})
}

func (t *txn) planningInput(eventID string) (schedule.Input, error) {
	in := schedule.Input{Votes: map[string][]string{}, Names: map[string]string{}}
	var err error
	if in.Event, err = t.event(eventID); err != nil {
		return in, err
	}
	if in.Topics, err = t.topicList(eventID); err != nil {
		return in, err
	}
	votes, err := t.eventVotes(eventID)
	if err != nil {
		return in, err
	}
	sortBySeq(votes)
	for _, v := range votes {
		in.Votes[v.attendee] = append(in.Votes[v.attendee], v.topic)
	}
	draft, err := t.plan(eventID, planDraft)
	if err != nil {
		return in, err
	}
	in.Draft = *draft
	if in.Published, err = t.plan(eventID, planPublished); err != nil {
		return in, err
	}
	err = scan(t.attendees, prefix(eventID), func(k, v []byte) error {
		var a openspace.Attendee
		if err := decode(k, v, &a); err != nil {
			return err
		}
		in.Names[a.ID] = a.Name
		return nil
	})
	return in, err
}

// putSeats replaces the event's seats with the attendance, one record per
// attendee.
func (t *txn) putSeats(eventID string, attendance []openspace.Seat) error {
	var old [][]byte
	if err := scan(t.seats, prefix(eventID), func(k, _ []byte) error {
		old = append(old, append([]byte(nil), k...))
		return nil
	}); err != nil {
		return err
	}
	for _, k := range old {
		if err := del(t.seats, k); err != nil {
			return err
		}
	}
	byAttendee := map[string][]openspace.Seat{}
	for _, s := range attendance {
		byAttendee[s.Attendee] = append(byAttendee[s.Attendee], s)
	}
	for a, seats := range byAttendee {
		if err := putJSON(t.seats, key(eventID, a), seats); err != nil {
			return err
		}
	}
	return nil
}
