package store

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"openspace/openspace"
)

// voteRecord is the value of a votes key.
type voteRecord struct {
	At  time.Time `json:"at"`
	Seq uint64    `json:"seq"` // votes bucket sequence: orders a ballot
}

// storedVote is one votes record with its key parts.
type storedVote struct {
	attendee, topic string
	rec             voteRecord
}

// Vote puts the attendee's dot on a topic. While voting is open, voting
// again for the same topic changes nothing and is not an error (a retry on
// bad Wi-Fi must succeed). Concurrent votes share a commit (db.Batch).
func (s *Store) Vote(ctx context.Context, eventID, attendeeID, topicID string) (openspace.Ballot, error) {
	return writeBatched(ctx, s, func(t *txn) (openspace.Ballot, error) {
		e, tp, b, err := t.voteContext(eventID, attendeeID, topicID)
		if err != nil {
			return openspace.Ballot{}, err
		}
		if err := openspace.CheckVotingOpen(e); err != nil {
			return openspace.Ballot{}, err
		}
		if b.Has(topicID) {
			return b, nil
		}
		if err := openspace.CheckVote(e, b); err != nil {
			return openspace.Ballot{}, err
		}
		seq, err := t.votes.NextSequence()
		if err != nil {
			return openspace.Ballot{}, fmt.Errorf("store: vote sequence: %w", err)
		}
		if err := putJSON(t.votes, key(eventID, attendeeID, topicID), voteRecord{At: s.now(), Seq: seq}); err != nil {
			return openspace.Ballot{}, err
		}
		tp.Votes++
		if err := t.putTopic(tp); err != nil {
			return openspace.Ballot{}, err
		}
		return openspace.NewBallot(e.DotBudget, append(b.Topics, topicID)), nil
	})
}

// Unvote takes the attendee's dot back from a topic. While voting is open,
// taking back a dot that is not there changes nothing and is not an error.
func (s *Store) Unvote(ctx context.Context, eventID, attendeeID, topicID string) (openspace.Ballot, error) {
	return writeBatched(ctx, s, func(t *txn) (openspace.Ballot, error) {
		e, tp, b, err := t.voteContext(eventID, attendeeID, topicID)
		if err != nil {
			return openspace.Ballot{}, err
		}
		if err := openspace.CheckVotingOpen(e); err != nil {
			return openspace.Ballot{}, err
		}
		if !b.Has(topicID) {
			return b, nil
		}
		if err := del(t.votes, key(eventID, attendeeID, topicID)); err != nil {
			return openspace.Ballot{}, err
		}
		tp.Votes = max(tp.Votes-1, 0)
		if err := t.putTopic(tp); err != nil {
			return openspace.Ballot{}, err
		}
		return openspace.NewBallot(e.DotBudget, slices.DeleteFunc(b.Topics, func(id string) bool { return id == topicID })), nil
	})
}

// Ballot returns the attendee's dots.
func (s *Store) Ballot(ctx context.Context, eventID, attendeeID string) (openspace.Ballot, error) {
	return read(ctx, s, func(t *txn) (openspace.Ballot, error) {
		e, err := t.event(eventID)
		if err != nil {
			return openspace.Ballot{}, err
		}
		if _, err := t.attendee(eventID, attendeeID); err != nil {
			return openspace.Ballot{}, err
		}
		return t.ballot(e, attendeeID)
	})
}

// Votes returns, per attendee who voted, the topics they voted for in the
// order voted. Attendees without a dot are absent.
func (s *Store) Votes(ctx context.Context, eventID string) (map[string][]string, error) {
	return read(ctx, s, func(t *txn) (map[string][]string, error) {
		if _, err := t.event(eventID); err != nil {
			return nil, err
		}
		votes, err := t.eventVotes(eventID)
		if err != nil {
			return nil, err
		}
		sortBySeq(votes)
		out := map[string][]string{}
		for _, v := range votes {
			out[v.attendee] = append(out[v.attendee], v.topic)
		}
		return out, nil
	})
}

// voteContext loads what Vote and Unvote check: the event, the topic, and
// the attendee's ballot (the attendee must exist).
func (t *txn) voteContext(eventID, attendeeID, topicID string) (openspace.Event, openspace.Topic, openspace.Ballot, error) {
	e, err := t.event(eventID)
	if err != nil {
		return e, openspace.Topic{}, openspace.Ballot{}, err
	}
	if _, err := t.attendee(eventID, attendeeID); err != nil {
		return e, openspace.Topic{}, openspace.Ballot{}, err
	}
	tp, err := t.topic(eventID, topicID)
	if err != nil {
		return e, tp, openspace.Ballot{}, err
	}
	b, err := t.ballot(e, attendeeID)
	return e, tp, b, err
}

// ballot reads an attendee's votes, in the order voted.
func (t *txn) ballot(e openspace.Event, attendeeID string) (openspace.Ballot, error) {
	p := prefix(e.ID, attendeeID)
	var votes []storedVote
	err := scan(t.votes, p, func(k, v []byte) error {
		sv := storedVote{attendee: attendeeID, topic: string(k[len(p):])}
		if err := decode(k, v, &sv.rec); err != nil {
			return err
		}
		votes = append(votes, sv)
		return nil
	})
	if err != nil {
		return openspace.Ballot{}, err
	}
	sortBySeq(votes)
	topics := make([]string, len(votes))
	for i, v := range votes {
		topics[i] = v.topic
	}
	return openspace.NewBallot(e.DotBudget, topics), nil
}

// eventVotes reads every vote of the event, in key order.
func (t *txn) eventVotes(eventID string) ([]storedVote, error) {
	p := prefix(eventID)
	var out []storedVote
	err := scan(t.votes, p, func(k, v []byte) error {
		attendee, topic, ok := strings.Cut(string(k[len(p):]), sep)
		if !ok || attendee == "" || topic == "" || bytes.Count(k[len(p):], []byte(sep)) != 1 {
			return fmt.Errorf("store: bad vote key %q", k)
		}
		sv := storedVote{attendee: attendee, topic: topic}
		if err := decode(k, v, &sv.rec); err != nil {
			return err
		}
		out = append(out, sv)
		return nil
	})
	return out, err
}

// sortBySeq orders votes as they were cast.
func sortBySeq(votes []storedVote) {
	slices.SortStableFunc(votes, func(a, b storedVote) int {
		if c := cmp.Compare(a.rec.Seq, b.rec.Seq); c != 0 {
			return c
		}
		return a.rec.At.Compare(b.rec.At)
	})
}
