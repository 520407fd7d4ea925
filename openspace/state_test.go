package openspace_test

import (
	"testing"

	"openspace/openspace"
)

func TestPatchPublic(t *testing.T) {
	ev := openspace.Event{ID: "e1"}
	plan := openspace.Plan{Cells: []openspace.Cell{{Session: "s1", Room: "r1", Topic: "t1"}}}
	tests := []struct {
		name              string
		patch             openspace.Patch
		wantOrganizerOnly bool
	}{
		{"an empty patch", openspace.Patch{}, false},
		{"what every screen sees", openspace.Patch{Event: &ev, Attendance: &openspace.Attendance{Count: 3},
			Topics: []openspace.Topic{{ID: "t1"}}, RemovedTopics: []string{"t2"}, Plan: &plan}, false},
		{"the draft", openspace.Patch{Topics: []openspace.Topic{{ID: "t1"}}, Draft: &plan}, true},
		{"the report", openspace.Patch{Report: &openspace.PlanReport{LossCount: 1}}, true},
	}
	for _, tt := range tests {
		pub := tt.patch.Public()
		if pub.Draft != nil || pub.Report != nil {
			t.Errorf("%s: Public keeps the draft or the report: %+v", tt.name, pub)
		}
		if got := tt.patch.OrganizerOnly(); got != tt.wantOrganizerOnly {
			t.Errorf("%s: OrganizerOnly = %v, want %v", tt.name, got, tt.wantOrganizerOnly)
		}
		if len(pub.Topics) != len(tt.patch.Topics) || pub.Event != tt.patch.Event || pub.Plan != tt.patch.Plan {
			t.Errorf("%s: Public dropped what every screen sees: %+v", tt.name, pub)
		}
	}
}

func TestPlanReportTrimmed(t *testing.T) {
	rep := openspace.PlanReport{Losses: []openspace.Loss{{Name: "Ada"}, {Name: "Bob"}, {Name: "Cyd"}}, LossCount: 3}
	got := rep.Trimmed(2)
	if len(got.Losses) != 2 || got.Losses[1].Name != "Bob" || got.LossCount != 3 {
		t.Errorf("Trimmed(2) = %+v, want Ada and Bob listed, 3 counted", got)
	}
	if len(rep.Losses) != 3 {
		t.Errorf("Trimmed changed its receiver: %+v", rep)
	}
	if got := rep.Trimmed(10); len(got.Losses) != 3 {
		t.Errorf("Trimmed(10) = %d losses, want all 3", len(got.Losses))
	}
}
