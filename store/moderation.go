package store

import (
	"context"
	"slices"
	"strings"

	"openspace/openspace"
)

// Attendees lists the event's attendees for the organizer, oldest first,
// each with how many topics they proposed and dots they put.
func (s *Store) Attendees(ctx context.Context, eventID string) ([]openspace.AttendeeSummary, error) {
	return read(ctx, s, func(t *txn) ([]openspace.AttendeeSummary, error) {
		if _, err := t.event(eventID); err != nil {
			return nil, err
		}
		topics, votes := map[string]int{}, map[string]int{}
		list, err := t.topicList(eventID)
		if err != nil {
			return nil, err
		}
		for _, tp := range list {
			if tp.ProposerID != "" {
				topics[tp.ProposerID]++
			}
		}
		vs, err := t.eventVotes(eventID)
		if err != nil {
			return nil, err
		}
		for _, v := range vs {
			votes[v.attendee]++
		}
		out := []openspace.AttendeeSummary{}
		err = scan(t.attendees, prefix(eventID), func(k, v []byte) error {
			var a openspace.Attendee
			if err := decode(k, v, &a); err != nil {
				return err
			}
			rec, err := t.link(eventID, a.ID)
			if err != nil {
				return err
			}
			out = append(out, openspace.AttendeeSummary{Attendee: a, Topics: topics[a.ID], Votes: votes[a.ID],
				Link: len(rec.Hash) > 0 || len(t.liveDevices(eventID, a.ID, rec.Devices)) > 0})
			return nil
		})
		if err != nil {
			return nil, err
		}
		slices.SortStableFunc(out, func(a, b openspace.AttendeeSummary) int {
			if c := a.JoinedAt.Compare(b.JoinedAt); c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		})
		return out, nil
	})
}

// RemoveAttendee removes a person from the event, for the organizer
// (a spammer, a troll): the attendee record and their device token, their
// votes (the counts go down), the topics they proposed (with their votes,
// cells, pitch and notes, as DeleteTopic does), their check-ins, feedback
// and seats, in one transaction. The published plan is reseated.
func (s *Store) RemoveAttendee(ctx context.Context, eventID, attendeeID string) (openspace.RemovedAttendee, error) {
	return write(ctx, s, func(t *txn) (openspace.RemovedAttendee, error) {
		out := openspace.RemovedAttendee{RemovedTopics: []string{}, ChangedTopics: []string{}}
		e, err := t.event(eventID)
		if err != nil {
			return out, err
		}
		if _, err := t.attendee(eventID, attendeeID); err != nil {
			return out, err
		}
		list, err := t.topicList(eventID)
		if err != nil {
			return out, err
		}
		theirs := map[string]bool{}
		for _, tp := range list {
			if tp.ProposerID == attendeeID {
				theirs[tp.ID] = true
				out.RemovedTopics = append(out.RemovedTopics, tp.ID)
			}
		}
		votes, err := t.eventVotes(eventID)
		if err != nil {
			return out, err
		}
		for _, v := range votes {
			if v.attendee != attendeeID || theirs[v.topic] {
				continue
			}
			if err := del(t.votes, key(eventID, attendeeID, v.topic)); err != nil {
				return out, err
			}
			tp, err := t.topic(eventID, v.topic)
			if err != nil {
				return out, err
			}
			tp.Votes = max(tp.Votes-1, 0)
			if err := t.putTopic(tp); err != nil {
				return out, err
			}
			out.ChangedTopics = append(out.ChangedTopics, v.topic)
		}
		if err := t.removeTopics(eventID, out.RemovedTopics); err != nil {
			return out, err
		}
		if err := t.dropTraces(e, attendeeID); err != nil {
			return out, err
		}
		if err := del(t.seats, key(eventID, attendeeID)); err != nil {
			return out, err
		}
		if err := del(t.attendees, key(eventID, attendeeID)); err != nil {
			return out, err
		}
		return out, t.prune(eventID)
	})
}
