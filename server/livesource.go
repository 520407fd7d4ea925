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

// LiveSource is the hub's source (realtime.Source): the store's state and
// patches, and the report of the draft that organizer screens show. The hub
// asks for the report once per change for all the event's consoles, at
// most once per second and only while a console watches, so no console
// fetches it back after each vote.
//
// The report is read just after the state, in a second transaction: it is
// never older than the state, and a write in between publishes its own
// change, after which the hub sends the report again.
type LiveSource struct {
	Store LiveStore
}

// State is the store's state, with the report for organizers.
func (l LiveSource) State(ctx context.Context, eventID string, organizer bool) (openspace.State, error) {
	st, err := l.Store.State(ctx, eventID, organizer)
	if err != nil || !organizer {
		return st, err
	}
	if st.Report, err = l.Report(ctx, eventID); err != nil {
		return openspace.State{}, err
	}
	return st, nil
}

// Patch is the store's patch.
func (l LiveSource) Patch(ctx context.Context, eventID string, ch openspace.Change, organizer bool) (openspace.Patch, error) {
	return l.Store.Patch(ctx, eventID, ch, organizer)
}

// Report scores the draft as it stands, with the losses screens list.
func (l LiveSource) Report(ctx context.Context, eventID string) (*openspace.PlanReport, error) {
	in, err := l.Store.PlanningInput(ctx, eventID)
	if err != nil {
		return nil, err
	}
	rep := schedule.DraftReport(in).Trimmed(openspace.MaxStreamedLosses)
	return &rep, nil
}
