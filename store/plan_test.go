package store

import (
	"reflect"
	"testing"
	"time"

	"openspace/openspace"
)

func cell(session, room, topic string, locked bool) openspace.Cell {
	return openspace.Cell{Session: session, Room: room, Topic: topic, Locked: locked}
}

func TestApplyPlanOp(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	s1, s2, big, kitchen := e.Sessions[0].ID, e.Sessions[1].ID, e.Rooms[0].ID, e.Rooms[1].ID
	demo := mustTopic(t, s, e.ID, "", "Demo", "screen")
	talk := mustTopic(t, s, e.ID, "", "Talk")
	chat := mustTopic(t, s, e.ID, "", "Chat")
	type C = openspace.Cell
	tests := []struct {
		name     string
		op       openspace.PlanOp
		wantCode string
		want     []C // draft cells after
	}{
		{"place", openspace.PlanOp{Op: openspace.OpPlace, Topic: demo.ID, Session: s1, Room: big}, "",
			[]C{cell(s1, big, demo.ID, false)}},
		{"place another", openspace.PlanOp{Op: openspace.OpPlace, Topic: talk.ID, Session: s2, Room: big}, "",
			[]C{cell(s1, big, demo.ID, false), cell(s2, big, talk.ID, false)}},
		{"equipment missing", openspace.PlanOp{Op: openspace.OpPlace, Topic: demo.ID, Session: s2, Room: kitchen}, openspace.ECONFLICT,
			[]C{cell(s1, big, demo.ID, false), cell(s2, big, talk.ID, false)}},
		{"swap", openspace.PlanOp{Op: openspace.OpPlace, Topic: talk.ID, Session: s1, Room: big}, "",
			[]C{cell(s1, big, talk.ID, false), cell(s2, big, demo.ID, false)}},
		{"lock", openspace.PlanOp{Op: openspace.OpLock, Session: s1, Room: big}, "",
			[]C{cell(s1, big, talk.ID, true), cell(s2, big, demo.ID, false)}},
		{"place on locked", openspace.PlanOp{Op: openspace.OpPlace, Topic: chat.ID, Session: s1, Room: big}, openspace.ECONFLICT,
			[]C{cell(s1, big, talk.ID, true), cell(s2, big, demo.ID, false)}},
		{"clear locked", openspace.PlanOp{Op: openspace.OpClear, Session: s1, Room: big}, openspace.ECONFLICT,
			[]C{cell(s1, big, talk.ID, true), cell(s2, big, demo.ID, false)}},
		{"lock empty cell", openspace.PlanOp{Op: openspace.OpLock, Session: s1, Room: kitchen}, openspace.ECONFLICT,
			[]C{cell(s1, big, talk.ID, true), cell(s2, big, demo.ID, false)}},
		{"unknown topic", openspace.PlanOp{Op: openspace.OpPlace, Topic: "nope", Session: s1, Room: kitchen}, openspace.ENOTFOUND,
			[]C{cell(s1, big, talk.ID, true), cell(s2, big, demo.ID, false)}},
		{"unknown room", openspace.PlanOp{Op: openspace.OpPlace, Topic: chat.ID, Session: s1, Room: "nope"}, openspace.EINVALID,
			[]C{cell(s1, big, talk.ID, true), cell(s2, big, demo.ID, false)}},
		{"unknown op", openspace.PlanOp{Op: "explode", Session: s1, Room: big}, openspace.EINVALID,
			[]C{cell(s1, big, talk.ID, true), cell(s2, big, demo.ID, false)}},
		{"unlock", openspace.PlanOp{Op: openspace.OpUnlock, Session: s1, Room: big}, "",
			[]C{cell(s1, big, talk.ID, false), cell(s2, big, demo.ID, false)}},
		{"clear", openspace.PlanOp{Op: openspace.OpClear, Session: s1, Room: big}, "",
			[]C{cell(s2, big, demo.ID, false)}},
		{"clear empty", openspace.PlanOp{Op: openspace.OpClear, Session: s1, Room: big}, "",
			[]C{cell(s2, big, demo.ID, false)}},
	}
	for _, tt := range tests {
		before := dump(t, s)
		got, err := s.ApplyPlanOp(ctx, e.ID, tt.op)
		wantCode(t, tt.name, err, tt.wantCode)
		if tt.wantCode == "" && !reflect.DeepEqual(got.Cells, tt.want) {
			t.Errorf("%s: ApplyPlanOp = %+v, want %+v", tt.name, got.Cells, tt.want)
		}
		if tt.wantCode != "" && !reflect.DeepEqual(dump(t, s), before) {
			t.Errorf("%s: rejected op changed the file", tt.name)
		}
		draft, err := s.Draft(ctx, e.ID)
		if err != nil || !reflect.DeepEqual(draft.Cells, tt.want) {
			t.Errorf("%s: Draft = %+v, %v; want %+v", tt.name, draft.Cells, err, tt.want)
		}
	}
	if pub, _ := s.Published(ctx, e.ID); pub != nil {
		t.Errorf("plan ops published the plan: %+v", pub)
	}
}

func TestReplaceDraft(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	s1, s2, big, kitchen := e.Sessions[0].ID, e.Sessions[1].ID, e.Rooms[0].ID, e.Rooms[1].ID
	demo := mustTopic(t, s, e.ID, "", "Demo", "screen")
	talk := mustTopic(t, s, e.ID, "", "Talk")
	type C = openspace.Cell
	stamp := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name     string
		cells    []C
		wantCode string
	}{
		{"unknown room", []C{cell(s1, "nope", talk.ID, false)}, openspace.EINVALID},
		{"unknown session", []C{cell("nope", big, talk.ID, false)}, openspace.EINVALID},
		{"unknown topic", []C{cell(s1, big, "nope", false)}, openspace.EINVALID},
		{"two topics in a cell", []C{cell(s1, big, talk.ID, false), cell(s1, big, demo.ID, false)}, openspace.EINVALID},
		{"topic placed twice", []C{cell(s1, big, talk.ID, false), cell(s2, big, talk.ID, false)}, openspace.EINVALID},
		{"equipment missing", []C{cell(s1, kitchen, demo.ID, false)}, openspace.EINVALID},
		{"valid", []C{cell(s1, big, demo.ID, true), cell(s1, kitchen, talk.ID, false)}, ""},
		{"empty", nil, ""},
	}
	for _, tt := range tests {
		before := dump(t, s)
		got, err := s.ReplaceDraft(ctx, e.ID, openspace.Plan{Cells: tt.cells, PublishedAt: &stamp})
		wantCode(t, tt.name, err, tt.wantCode)
		if tt.wantCode != "" {
			if !reflect.DeepEqual(dump(t, s), before) {
				t.Errorf("%s: rejected plan changed the file", tt.name)
			}
			continue
		}
		want := openspace.Plan{Cells: append([]C{}, tt.cells...)}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: ReplaceDraft = %+v, want %+v", tt.name, got, want)
		}
		if draft, err := s.Draft(ctx, e.ID); err != nil || !reflect.DeepEqual(draft, want) {
			t.Errorf("%s: Draft = %+v, %v; want %+v", tt.name, draft, err, want)
		}
	}
}

func TestPublish(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	talk := mustTopic(t, s, e.ID, "", "Talk")
	cell := openspace.PlanOp{Op: openspace.OpPlace, Topic: talk.ID, Session: e.Sessions[0].ID, Room: e.Rooms[1].ID}
	mustOp(t, s, e.ID, cell)
	start := time.Now().Add(-time.Second)
	pub, err := s.Publish(ctx, e.ID)
	if err != nil {
		t.Fatalf("Publish: %v", err)
	}
	if pub.PublishedAt == nil || pub.PublishedAt.Before(start) || len(pub.Cells) != 1 {
		t.Errorf("Publish = %+v, want one cell and a publication time", pub)
	}
	stored, err := s.Published(ctx, e.ID)
	if err != nil || stored == nil || !reflect.DeepEqual(*stored, pub) {
		t.Errorf("Published = %+v, %v; want %+v", stored, err, pub)
	}
	draft, _ := s.Draft(ctx, e.ID)
	if draft.PublishedAt != nil {
		t.Errorf("Draft.PublishedAt = %v, want nil", draft.PublishedAt)
	}
	// Editing the draft afterwards leaves the published plan alone.
	mustOp(t, s, e.ID, openspace.PlanOp{Op: openspace.OpClear, Session: cell.Session, Room: cell.Room})
	if again, _ := s.Published(ctx, e.ID); again == nil || !reflect.DeepEqual(*again, pub) {
		t.Errorf("Published after a draft edit = %+v, want %+v", again, pub)
	}
}

// TestProposeDraftRefusesAStaleBase: a plan computed from an old draft
// does not overwrite what the organizer did meanwhile; the report comes
// back with the draft stored.
func TestProposeDraftRefusesAStaleBase(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	s1, s2, big := e.Sessions[0].ID, e.Sessions[1].ID, e.Rooms[0].ID
	talk := mustTopic(t, s, e.ID, "", "Talk")
	gone := mustTopic(t, s, e.ID, "", "Gone")
	base, err := s.Draft(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	proposal := openspace.Plan{Cells: []openspace.Cell{cell(s1, big, talk.ID, false), cell(s2, big, gone.ID, false)}}

	// A topic deleted while the plan was computed simply leaves it.
	if err := s.DeleteTopic(ctx, e.ID, gone.ID); err != nil {
		t.Fatal(err)
	}
	report := openspace.PlanReport{LossCount: 7}
	out, err := s.ProposeDraft(ctx, e.ID, base, openspace.DraftProposal{Draft: proposal, Report: report})
	if err != nil {
		t.Fatalf("ProposeDraft with a current base: %v", err)
	}
	got := out.Draft
	if want := []openspace.Cell{cell(s1, big, talk.ID, false)}; !reflect.DeepEqual(got.Cells, want) {
		t.Errorf("draft = %+v, want %+v", got.Cells, want)
	}
	if !reflect.DeepEqual(out.Report, report) {
		t.Errorf("report = %+v, want %+v", out.Report, report)
	}

	// The organizer moves the topic; a proposal computed before that is refused.
	mustOp(t, s, e.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: talk.ID, Session: s2, Room: big})
	before := dump(t, s)
	_, err = s.ProposeDraft(ctx, e.ID, got, openspace.DraftProposal{Draft: proposal})
	if code := openspace.ErrorCode(err); code != openspace.ECONFLICT {
		t.Fatalf("stale base: code %q (%v), want %q", code, err, openspace.ECONFLICT)
	}
	if !reflect.DeepEqual(dump(t, s), before) {
		t.Error("a refused proposal changed the file")
	}
}
