package store

import (
	"context"

	"openspace/openspace"
	"openspace/openspace/schedule"
)

// Draft returns the organizer's draft plan.
func (s *Store) Draft(ctx context.Context, eventID string) (openspace.Plan, error) {
	return read(ctx, s, func(t *txn) (openspace.Plan, error) {
		if _, err := t.event(eventID); err != nil {
			return openspace.Plan{}, err
		}
		draft, err := t.plan(eventID, planDraft)
		if err != nil {
			return openspace.Plan{}, err
		}
		return *draft, nil
	})
}

// Published returns the published plan, or nil, nil when the event was
// never published.
func (s *Store) Published(ctx context.Context, eventID string) (*openspace.Plan, error) {
	return read(ctx, s, func(t *txn) (*openspace.Plan, error) {
		if _, err := t.event(eventID); err != nil {
			return nil, err
		}
		return t.plan(eventID, planPublished)
	})
}

// ApplyPlanOp applies one organizer edit to the draft.
func (s *Store) ApplyPlanOp(ctx context.Context, eventID string, op openspace.PlanOp) (openspace.Plan, error) {
	return write(ctx, s, func(t *txn) (openspace.Plan, error) {
		e, err := t.event(eventID)
		if err != nil {
			return openspace.Plan{}, err
		}
		topics, err := t.topicMap(eventID)
		if err != nil {
			return openspace.Plan{}, err
		}
		draft, err := t.plan(eventID, planDraft)
		if err != nil {
			return openspace.Plan{}, err
		}
		p, err := draft.Apply(e, topics, op)
		if err != nil {
			return openspace.Plan{}, err
		}
		p = normalizePlan(p)
		return p, t.putPlan(eventID, planDraft, p)
	})
}

// ReplaceDraft replaces the whole draft (from a client) after checking it.
func (s *Store) ReplaceDraft(ctx context.Context, eventID string, p openspace.Plan) (openspace.Plan, error) {
	return s.replaceDraft(ctx, eventID, nil, p)
}

// ProposeDraft replaces the draft with the scheduler's proposal, computed
// from base, only if the draft is still base: a plan that took a second to
// compute must not erase a cell an organizer placed or locked meanwhile.
// Topics deleted meanwhile leave the proposal quietly. It returns the draft
// as stored with the proposal's report: the value an Idempotency-Key
// remembers is the whole answer.
func (s *Store) ProposeDraft(ctx context.Context, eventID string, base openspace.Plan, proposal openspace.DraftProposal) (openspace.DraftProposal, error) {
	return writeDraft(ctx, s, eventID, &base, proposal.Draft, func(stored openspace.Plan) openspace.DraftProposal {
		return openspace.DraftProposal{Draft: stored, Report: proposal.Report}
	})
}

func (s *Store) replaceDraft(ctx context.Context, eventID string, base *openspace.Plan, p openspace.Plan) (openspace.Plan, error) {
	return writeDraft(ctx, s, eventID, base, p, func(stored openspace.Plan) openspace.Plan { return stored })
}

// writeDraft checks and stores a new draft; answer turns the draft stored
// into the method's value, inside the transaction.
func writeDraft[T any](ctx context.Context, s *Store, eventID string, base *openspace.Plan, p openspace.Plan, answer func(openspace.Plan) T) (T, error) {
	p = p.Clone()
	p.PublishedAt = nil
	for i := range p.Cells {
		p.Cells[i].Expected = 0 // computed at publish, never taken from a client
	}
	p = normalizePlan(p)
	return write(ctx, s, func(t *txn) (T, error) {
		var zero T
		e, err := t.event(eventID)
		if err != nil {
			return zero, err
		}
		topics, err := t.topicMap(eventID)
		if err != nil {
			return zero, err
		}
		q := p
		if base != nil {
			current, err := t.plan(eventID, planDraft)
			if err != nil {
				return zero, err
			}
			if !current.SameCells(*base) {
				return zero, openspace.Errorf(openspace.ECONFLICT, "The draft changed while the plan was being computed: propose again.")
			}
			q = normalizePlan(p.Prune(e, topics))
		}
		if err := q.Validate(e, topics); err != nil {
			return zero, err
		}
		return answer(q), t.putPlan(eventID, planDraft, q)
	})
}

// Publish copies the draft into the plan attendees see.
func (s *Store) Publish(ctx context.Context, eventID string) (openspace.Plan, error) {
	return write(ctx, s, func(t *txn) (openspace.Plan, error) {
		draft, err := t.plan(eventID, planDraft)
		if err != nil {
			return openspace.Plan{}, err
		}
		p := draft.Clone()
		now := s.now()
		p.PublishedAt = &now
		return t.reseat(eventID, p)
	})
}

// plan reads the draft or published plan; nil when absent. A missing draft
// reads as an empty one (every event gets one at creation).
func (t *txn) plan(eventID, kind string) (*openspace.Plan, error) {
	var p openspace.Plan
	found, err := getJSON(t.plans, key(eventID, kind), &p)
	if err != nil {
		return nil, err
	}
	if !found && kind == planPublished {
		return nil, nil
	}
	p = normalizePlan(p)
	return &p, nil
}

func (t *txn) putPlan(eventID, kind string, p openspace.Plan) error {
	return putJSON(t.plans, key(eventID, kind), normalizePlan(p))
}

// prunePlans drops, from the draft and the published plan, the cells whose
// session, room or topic no longer exists and, when fit is set, those whose
// topic needs equipment the room lacks (after a set-up edit).
func (t *txn) prunePlans(e openspace.Event, topics map[string]openspace.Topic, fit bool) error {
	for _, kind := range []string{planDraft, planPublished} {
		p, err := t.plan(e.ID, kind)
		if err != nil {
			return err
		}
		if p == nil {
			continue
		}
		q := p.Prune(e, topics)
		if fit {
			q = q.DropUnfit(e, topics)
		}
		if kind == planPublished {
			// Votes, topics or capacities changed under it: seats and
			// headcounts are recomputed, even when no cell went away.
			if _, err := t.reseat(e.ID, q); err != nil {
				return err
			}
			continue
		}
		if len(q.Cells) == len(p.Cells) {
			continue
		}
		if err := t.putPlan(e.ID, kind, q); err != nil {
			return err
		}
	}
	return nil
}

// reseat stores p as the published plan with everyone's seats and each
// cell's expected headcount from the exact assignment of the current votes,
// in the same transaction, so phones never read one without the other.
func (t *txn) reseat(eventID string, p openspace.Plan) (openspace.Plan, error) {
	in, err := t.planningInput(eventID)
	if err != nil {
		return openspace.Plan{}, err
	}
	p, seats := schedule.Seating(in, p)
	p = normalizePlan(p)
	if err := t.putPlan(eventID, planPublished, p); err != nil {
		return openspace.Plan{}, err
	}
	return p, t.putSeats(eventID, seats)
}

// normalizePlan makes an empty grid encode as [] rather than null.
func normalizePlan(p openspace.Plan) openspace.Plan {
	if p.Cells == nil {
		p.Cells = []openspace.Cell{}
	}
	return p
}
