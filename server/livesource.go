package server

import (
	"context"

	"openspace/openspace"
	"openspace/openspace/schedule"
)

// LiveStore is what LiveSource reads: the committed state, its patches and
// the scheduler's input. *store.Store implements it.
type LiveStore interface {
	State(ctx context.Context, eventID string, organizer bool) (openspace.State, error)
	Patch(ctx context.Context, eventID string, ch openspace.Change, organizer bool) (openspace.Patch, error)
	PlanningInput(ctx context.Context, eventID string) (schedule.Input, error)
}

// LiveSource builds what the hub sends: the store's state and patches and,
// for organizers, the report of the draft. The hub asks once per change
// for all the event's consoles, so a vote costs one max-flow per session
// however many consoles watch, and no console fetches the report back.
//
// The report is read just after the patch, in a second transaction: it is
// never older than the patch, and a write in between publishes its own
// change, whose patch brings the report again.
type LiveSource struct {
	Store LiveStore
}

// State is the store's state, with the report for organizers.
func (l LiveSource) State(ctx context.Context, eventID string, organizer bool) (openspace.State, error) {
	st, err := l.Store.State(ctx, eventID, organizer)
	if err != nil || !organizer {
		return st, err
	}
	if st.Report, err = l.report(ctx, eventID); err != nil {
		return openspace.State{}, err
	}
	return st, nil
}

// Patch is the store's patch, with the new report for organizers when the
// change may have changed it.
func (l LiveSource) Patch(ctx context.Context, eventID string, ch openspace.Change, organizer bool) (openspace.Patch, error) {
	p, err := l.Store.Patch(ctx, eventID, ch, organizer)
	if err != nil || !organizer || !ch.AffectsReport() {
		return p, err
	}
	if p.Report, err = l.report(ctx, eventID); err != nil {
		return openspace.Patch{}, err
	}
	return p, nil
}

func (l LiveSource) report(ctx context.Context, eventID string) (*openspace.PlanReport, error) {
	in, err := l.Store.PlanningInput(ctx, eventID)
	if err != nil {
		return nil, err
	}
	rep := schedule.DraftReport(in)
	return &rep, nil
}
