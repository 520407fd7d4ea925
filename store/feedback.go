package store

import (
	"bytes"
	"context"
	"sort"

	"openspace/openspace"
)

// feedbackOf reads every attendee's feedback on the event, in attendee ID
// order.
func (t *txn) feedbackOf(eventID string) ([]openspace.Feedback, error) {
	var out []openspace.Feedback
	prefix := []byte(eventID + sep)
	c := t.feedback.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var f openspace.Feedback
		if err := decode(k, v, &f); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// SaveFeedback stores the attendee's feedback, replacing what they gave
// before, in one write transaction: open only in the wrap-up (EPHASE
// otherwise, and once the event is closed); a topic they did not attend
// (see attended) is refused (EINVALID).
func (s *Store) SaveFeedback(ctx context.Context, eventID, attendeeID string, in openspace.FeedbackInput) (openspace.Feedback, error) {
	return write(ctx, s, func(t *txn) (openspace.Feedback, error) {
		e, err := t.event(eventID)
		if err != nil {
			return openspace.Feedback{}, err
		}
		if _, err := t.attendee(eventID, attendeeID); err != nil {
			return openspace.Feedback{}, err
		}
		switch e.Phase {
		case openspace.PhaseWrapUp:
		case openspace.PhaseClosed:
			return openspace.Feedback{}, openspace.Errorf(openspace.EPHASE, "The event is closed: feedback can no longer change.")
		default:
			return openspace.Feedback{}, openspace.Errorf(openspace.EPHASE, "Feedback opens at the wrap-up.")
		}
		in.Normalize()
		topics, err := t.attended(e, attendeeID)
		if err != nil {
			return openspace.Feedback{}, err
		}
		allowed := map[string]bool{}
		for _, id := range topics {
			allowed[id] = true
		}
		if err := in.Validate(allowed); err != nil {
			return openspace.Feedback{}, err
		}
		f := in.Feedback(attendeeID, s.now())
		if err := putJSON(t.feedback, key(eventID, attendeeID), f); err != nil {
			return openspace.Feedback{}, err
		}
		return f, nil
	})
}

// MyFeedback reads the attendee's feedback and the topics they attended.
func (s *Store) MyFeedback(ctx context.Context, eventID, attendeeID string) (openspace.MyFeedback, error) {
	return read(ctx, s, func(t *txn) (openspace.MyFeedback, error) {
		var out openspace.MyFeedback
		e, err := t.event(eventID)
		if err != nil {
			return out, err
		}
		if _, err := t.attendee(eventID, attendeeID); err != nil {
			return out, err
		}
		if out.Topics, err = t.attended(e, attendeeID); err != nil {
			return out, err
		}
		var f openspace.Feedback
		if found, err := getJSON(t.feedback, key(eventID, attendeeID), &f); err != nil {
			return out, err
		} else if found {
			out.Feedback = &f
		}
		return out, nil
	})
}

// FeedbackReport reads every feedback of the event with the attendees'
// names, and their summary, in one read transaction.
func (s *Store) FeedbackReport(ctx context.Context, eventID string) (openspace.FeedbackReport, error) {
	return read(ctx, s, func(t *txn) (openspace.FeedbackReport, error) {
		out := openspace.FeedbackReport{Feedback: []openspace.FeedbackEntry{}}
		if _, err := t.event(eventID); err != nil {
			return out, err
		}
		list, err := t.feedbackOf(eventID)
		if err != nil {
			return out, err
		}
		for _, f := range list {
			entry := openspace.FeedbackEntry{Feedback: f}
			if a, err := t.attendee(eventID, f.Attendee); err == nil {
				entry.Name = a.Name
			} else if openspace.ErrorCode(err) != openspace.ENOTFOUND {
				return out, err
			}
			out.Feedback = append(out.Feedback, entry)
		}
		sort.SliceStable(out.Feedback, func(i, j int) bool {
			return out.Feedback[i].UpdatedAt.After(out.Feedback[j].UpdatedAt)
		})
		out.Summary = openspace.SummarizeROTI(list)
		return out, nil
	})
}

// ROTISummary counts the marks of the event's feedback.
func (s *Store) ROTISummary(ctx context.Context, eventID string) (openspace.ROTISummary, error) {
	return read(ctx, s, func(t *txn) (openspace.ROTISummary, error) {
		if _, err := t.event(eventID); err != nil {
			return openspace.ROTISummary{}, err
		}
		return t.rotiSummary(eventID)
	})
}

func (t *txn) rotiSummary(eventID string) (openspace.ROTISummary, error) {
	list, err := t.feedbackOf(eventID)
	if err != nil {
		return openspace.ROTISummary{}, err
	}
	return openspace.SummarizeROTI(list), nil
}

// attended lists the topics the attendee attended, in session order: per
// session that ran (or that they checked into), the topic of the room they
// checked into, else of their seat from the last publish. Topics no longer
// in the published plan are left out.
func (t *txn) attended(e openspace.Event, attendeeID string) ([]string, error) {
	out := []string{}
	published, err := t.plan(e.ID, planPublished)
	if err != nil || published == nil {
		return out, err
	}
	checkins, err := t.attendeeCheckins(e, attendeeID)
	if err != nil {
		return out, err
	}
	seats, err := t.seatsOf(e.ID, attendeeID)
	if err != nil {
		return out, err
	}
	seatOf := map[string]string{}
	for _, st := range seats {
		seatOf[st.Session] = st.Topic
	}
	cellOf := map[[2]string]string{}
	inPlan := map[[2]string]bool{} // session, topic
	for _, c := range published.Cells {
		if c.Topic != "" {
			cellOf[[2]string{c.Session, c.Room}] = c.Topic
			inPlan[[2]string{c.Session, c.Topic}] = true
		}
	}
	seen := map[string]bool{}
	for _, sess := range e.Sessions {
		topic := ""
		if room, ok := checkins[sess.ID]; ok {
			topic = cellOf[[2]string{sess.ID, room}]
		} else if sess.Started || sess.StartedAt != nil {
			// A session that never ran was attended by nobody.
			if tp := seatOf[sess.ID]; inPlan[[2]string{sess.ID, tp}] {
				topic = tp
			}
		}
		if topic != "" && !seen[topic] {
			seen[topic] = true
			out = append(out, topic)
		}
	}
	return out, nil
}

// moveFeedbackMarks gives the target topic the marks people gave the
// source when two topics are merged; someone who marked both keeps the
// target's mark.
func (t *txn) moveFeedbackMarks(eventID, targetID, sourceID string) error {
	all, err := t.feedbackOf(eventID)
	if err != nil {
		return err
	}
	for _, f := range all {
		m, ok := f.Topics[sourceID]
		if !ok {
			continue
		}
		delete(f.Topics, sourceID)
		if _, has := f.Topics[targetID]; !has {
			f.Topics[targetID] = m
		}
		if err := putJSON(t.feedback, key(eventID, f.Attendee), f); err != nil {
			return err
		}
	}
	return nil
}
