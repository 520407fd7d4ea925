package store

import (
	"context"
	"slices"

	"openspace/openspace"
)

// CreateTopic records a proposed topic. proposerID is the attendee who
// proposed it (it must exist), or empty when byOrganizer. Attendees may
// propose only while proposals are open; the organizer always may.
func (s *Store) CreateTopic(ctx context.Context, eventID, proposerID string, in openspace.TopicInput, byOrganizer bool) (openspace.Topic, error) {
	in.Needs = append([]string(nil), in.Needs...)
	in.HostSessions = append([]string(nil), in.HostSessions...)
	in.Normalize()
	return write(ctx, s, func(t *txn) (openspace.Topic, error) {
		return s.createTopic(t, eventID, proposerID, in, byOrganizer)
	})
}

// createTopic is CreateTopic inside a transaction; in is normalized.
func (s *Store) createTopic(t *txn, eventID, proposerID string, in openspace.TopicInput, byOrganizer bool) (openspace.Topic, error) {
	e, err := t.event(eventID)
	if err != nil {
		return openspace.Topic{}, err
	}
	if err := in.Validate(); err != nil {
		return openspace.Topic{}, err
	}
	if err := in.FitSessions(e); err != nil {
		return openspace.Topic{}, err
	}
	if err := openspace.CanPropose(e, byOrganizer); err != nil {
		return openspace.Topic{}, err
	}
	if proposerID != "" || !byOrganizer {
		if _, err := t.attendee(eventID, proposerID); err != nil {
			return openspace.Topic{}, err
		}
	}
	if err := t.checkTopicCaps(eventID, proposerID, byOrganizer); err != nil {
		return openspace.Topic{}, err
	}
	tp := openspace.Topic{
		ID:         s.newID(),
		EventID:    eventID,
		ProposerID: proposerID,
		CreatedAt:  s.now(),
	}.Apply(in)
	if err := t.putTopic(tp); err != nil {
		return openspace.Topic{}, err
	}
	return tp, nil
}

// UpdateTopic replaces the text, needs and host's sessions of a topic.
// When the topic now needs equipment that the room of its draft cell
// lacks, it leaves the draft (the published plan changes only when the
// organizer publishes). A draft cell in a session its host can no longer
// be in stays: the console warns about it.
func (s *Store) UpdateTopic(ctx context.Context, eventID, topicID string, in openspace.TopicInput) (openspace.Topic, error) {
	in.Needs = append([]string(nil), in.Needs...)
	in.HostSessions = append([]string(nil), in.HostSessions...)
	in.Normalize()
	return write(ctx, s, func(t *txn) (openspace.Topic, error) {
		e, err := t.event(eventID)
		if err != nil {
			return openspace.Topic{}, err
		}
		tp, err := t.topic(eventID, topicID)
		if err != nil {
			return openspace.Topic{}, err
		}
		if err := in.Validate(); err != nil {
			return openspace.Topic{}, err
		}
		if err := in.FitSessions(e); err != nil {
			return openspace.Topic{}, err
		}
		tp = tp.Apply(in)
		if err := t.putTopic(tp); err != nil {
			return openspace.Topic{}, err
		}
		draft, err := t.plan(eventID, planDraft)
		if err != nil {
			return openspace.Topic{}, err
		}
		topics, err := t.topicMap(eventID)
		if err != nil {
			return openspace.Topic{}, err
		}
		if fitting := draft.DropUnfit(e, topics); !fitting.SameCells(*draft) {
			if err := t.putPlan(eventID, planDraft, fitting); err != nil {
				return openspace.Topic{}, err
			}
		}
		return tp, nil
	})
}

// SetHostSessions replaces the sessions a topic's host can run it in
// (empty: any). Its proposer may, from their phone, whatever the phase (a
// host may have to leave early), and the organizer; anyone else is
// EFORBIDDEN. The plans are left alone: the console warns about a cell
// its host can no longer be in, and the next "Propose a plan" moves it.
func (s *Store) SetHostSessions(ctx context.Context, eventID, topicID, attendeeID string, byOrganizer bool, sessions []string) (openspace.Topic, error) {
	in := openspace.TopicInput{HostSessions: append([]string(nil), sessions...)}
	in.Normalize()
	return write(ctx, s, func(t *txn) (openspace.Topic, error) {
		e, err := t.event(eventID)
		if err != nil {
			return openspace.Topic{}, err
		}
		tp, err := t.topic(eventID, topicID)
		if err != nil {
			return openspace.Topic{}, err
		}
		if !byOrganizer && (attendeeID == "" || tp.ProposerID != attendeeID) {
			return openspace.Topic{}, openspace.Errorf(openspace.EFORBIDDEN, "Only the person who proposed this topic can say when they can host it.")
		}
		if err := in.FitSessions(e); err != nil {
			return openspace.Topic{}, err
		}
		tp.HostSessions = in.HostSessions
		if err := t.putTopic(tp); err != nil {
			return openspace.Topic{}, err
		}
		return tp, nil
	})
}

// DeleteTopic deletes a topic and its votes (the dots go back to their
// voters) and removes it from the draft and published plans.
func (s *Store) DeleteTopic(ctx context.Context, eventID, topicID string) error {
	return s.DeleteTopics(ctx, eventID, []string{topicID})
}

// DeleteTopics deletes topics, as DeleteTopic does, in one transaction: an
// unknown ID fails the whole call and nothing is deleted. Repeated IDs count
// once; an empty list is EINVALID.
func (s *Store) DeleteTopics(ctx context.Context, eventID string, topicIDs []string) error {
	return s.update(ctx, func(t *txn) error {
		if _, err := t.event(eventID); err != nil {
			return err
		}
		if len(topicIDs) == 0 {
			return openspace.Errorf(openspace.EINVALID, "Say which topics to remove (ids).")
		}
		for _, id := range topicIDs {
			if _, err := t.topic(eventID, id); err != nil {
				return err
			}
		}
		if err := t.removeTopics(eventID, topicIDs); err != nil {
			return err
		}
		return t.prune(eventID)
	})
}

// removeTopics deletes topics that exist, with their votes, their place in
// the pitch queue and their notes. The plans still hold them: the caller
// prunes once, after every removal of its transaction.
func (t *txn) removeTopics(eventID string, topicIDs []string) error {
	doomed := map[string]bool{}
	for _, id := range topicIDs {
		doomed[id] = true
	}
	votes, err := t.eventVotes(eventID)
	if err != nil {
		return err
	}
	for _, v := range votes {
		if doomed[v.topic] {
			if err := del(t.votes, key(eventID, v.attendee, v.topic)); err != nil {
				return err
			}
		}
	}
	for id := range doomed {
		if err := del(t.topics, key(eventID, id)); err != nil {
			return err
		}
		e, err := t.event(eventID) // dropPitch writes it: read it again each time
		if err != nil {
			return err
		}
		if err := t.dropPitch(e, id); err != nil {
			return err
		}
		if err := t.dropNotes(eventID, id); err != nil {
			return err
		}
	}
	return nil
}

// prune takes what no longer exists out of the plans and reseats the
// published plan (votes or topics changed).
func (t *txn) prune(eventID string) error {
	e, err := t.event(eventID)
	if err != nil {
		return err
	}
	topics, err := t.topicMap(eventID)
	if err != nil {
		return err
	}
	return t.prunePlans(e, topics, false)
}

// MergeTopics folds source into target: target keeps its text, gains the
// source's voters (someone who voted for both counts once and gets the other
// dot back), and the source disappears, with its plan cells.
func (s *Store) MergeTopics(ctx context.Context, eventID, targetID, sourceID string) (openspace.Topic, error) {
	return write(ctx, s, func(t *txn) (openspace.Topic, error) {
		e, err := t.event(eventID)
		if err != nil {
			return openspace.Topic{}, err
		}
		if targetID == sourceID {
			return openspace.Topic{}, openspace.Errorf(openspace.EINVALID, "A topic cannot be merged into itself.")
		}
		target, err := t.topic(eventID, targetID)
		if err != nil {
			return openspace.Topic{}, err
		}
		if _, err := t.topic(eventID, sourceID); err != nil {
			return openspace.Topic{}, err
		}
		votes, err := t.eventVotes(eventID)
		if err != nil {
			return openspace.Topic{}, err
		}
		var targetVoters, sourceVoters []string
		var moved []storedVote
		for _, v := range votes {
			switch v.topic {
			case targetID:
				targetVoters = append(targetVoters, v.attendee)
			case sourceID:
				sourceVoters = append(sourceVoters, v.attendee)
				moved = append(moved, v)
			}
		}
		voters := openspace.MergeVoters(targetVoters, sourceVoters)
		for _, v := range moved {
			if err := del(t.votes, key(eventID, v.attendee, sourceID)); err != nil {
				return openspace.Topic{}, err
			}
			if !slices.Contains(targetVoters, v.attendee) {
				// The dot moves to the target and keeps its place in the ballot.
				if err := putJSON(t.votes, key(eventID, v.attendee, targetID), v.rec); err != nil {
					return openspace.Topic{}, err
				}
			}
		}
		if err := del(t.topics, key(eventID, sourceID)); err != nil {
			return openspace.Topic{}, err
		}
		if err := t.dropPitch(e, sourceID); err != nil {
			return openspace.Topic{}, err
		}
		if _, err := t.mergeNotesInto(eventID, targetID, sourceID, s.now()); err != nil {
			return openspace.Topic{}, err
		}
		if err := t.moveFeedbackMarks(eventID, targetID, sourceID); err != nil {
			return openspace.Topic{}, err
		}
		target.Votes = len(voters)
		if err := t.putTopic(target); err != nil {
			return openspace.Topic{}, err
		}
		topics, err := t.topicMap(eventID)
		if err != nil {
			return openspace.Topic{}, err
		}
		if err := t.prunePlans(e, topics, false); err != nil {
			return openspace.Topic{}, err
		}
		return target, nil
	})
}

// Topic returns one topic.
func (s *Store) Topic(ctx context.Context, eventID, topicID string) (openspace.Topic, error) {
	return read(ctx, s, func(t *txn) (openspace.Topic, error) {
		if _, err := t.event(eventID); err != nil {
			return openspace.Topic{}, err
		}
		return t.topic(eventID, topicID)
	})
}

// Topics returns the event's topics, most votes first, then oldest first.
func (s *Store) Topics(ctx context.Context, eventID string) ([]openspace.Topic, error) {
	return read(ctx, s, func(t *txn) ([]openspace.Topic, error) {
		if _, err := t.event(eventID); err != nil {
			return nil, err
		}
		return t.topicList(eventID)
	})
}

// topic reads a topic of the event; ENOTFOUND when absent.
func (t *txn) topic(eventID, topicID string) (openspace.Topic, error) {
	var tp openspace.Topic
	if topicID == "" {
		return tp, errTopicNotFound()
	}
	found, err := getJSON(t.topics, key(eventID, topicID), &tp)
	if err != nil {
		return openspace.Topic{}, err
	}
	if !found {
		return openspace.Topic{}, errTopicNotFound()
	}
	return tp, nil
}

func (t *txn) putTopic(tp openspace.Topic) error {
	return putJSON(t.topics, key(tp.EventID, tp.ID), tp)
}

// topicList returns the event's topics sorted as screens show them: votes
// descending, then creation ascending, then ID. Never nil.
func (t *txn) topicList(eventID string) ([]openspace.Topic, error) {
	out := []openspace.Topic{}
	err := scan(t.topics, prefix(eventID), func(k, v []byte) error {
		var tp openspace.Topic
		if err := decode(k, v, &tp); err != nil {
			return err
		}
		out = append(out, tp)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, openspace.CompareTopics)
	return out, nil
}

// checkTopicCaps counts the event's topics and the proposer's, inside the
// write transaction that creates one, so that concurrent creates cannot
// pass a cap together (write transactions run one at a time).
func (t *txn) checkTopicCaps(eventID, proposerID string, byOrganizer bool) error {
	eventTopics, proposerTopics := 0, 0
	err := scan(t.topics, prefix(eventID), func(k, v []byte) error {
		eventTopics++
		if proposerID == "" {
			return nil
		}
		var tp struct {
			ProposerID string `json:"proposer_id"`
		}
		if err := decode(k, v, &tp); err != nil {
			return err
		}
		if tp.ProposerID == proposerID {
			proposerTopics++
		}
		return nil
	})
	if err != nil {
		return err
	}
	return openspace.CheckTopicCaps(eventTopics, proposerTopics, byOrganizer)
}

// topicMap returns the event's topics by ID, as the plan functions want them.
func (t *txn) topicMap(eventID string) (map[string]openspace.Topic, error) {
	list, err := t.topicList(eventID)
	if err != nil {
		return nil, err
	}
	m := make(map[string]openspace.Topic, len(list))
	for _, tp := range list {
		m[tp.ID] = tp
	}
	return m, nil
}
