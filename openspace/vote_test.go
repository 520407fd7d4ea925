package openspace_test

import (
	"reflect"
	"testing"

	"openspace/openspace"
)

func TestCheckVote(t *testing.T) {
	open := openspace.Event{DotBudget: 3, VotingOpen: true}
	closed := openspace.Event{DotBudget: 3, VotingOpen: false}
	lowered := openspace.Event{DotBudget: 1, VotingOpen: true}
	tests := []struct {
		name  string
		event openspace.Event
		voted []string
		want  string // error code, "" for allowed
	}{
		{"first dot", open, nil, ""},
		{"last dot", open, []string{"a", "b"}, ""},
		{"budget spent", open, []string{"a", "b", "c"}, openspace.EBUDGET},
		{"voting closed", closed, nil, openspace.EPHASE},
		{"closed wins over budget", closed, []string{"a", "b", "c"}, openspace.EPHASE},
		{"budget lowered below spent", lowered, []string{"a", "b"}, openspace.EBUDGET},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := openspace.NewBallot(tt.event.DotBudget, tt.voted)
			if got := openspace.ErrorCode(openspace.CheckVote(tt.event, b)); got != tt.want {
				t.Errorf("CheckVote code = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNewBallotRemainingNeverNegative(t *testing.T) {
	tests := []struct {
		budget int
		voted  []string
		want   int
	}{
		{3, nil, 3},
		{3, []string{"a"}, 2},
		{3, []string{"a", "b", "c"}, 0},
		{1, []string{"a", "b"}, 0},
	}
	for _, tt := range tests {
		if got := openspace.NewBallot(tt.budget, tt.voted).Remaining; got != tt.want {
			t.Errorf("NewBallot(%d, %v).Remaining = %d, want %d", tt.budget, tt.voted, got, tt.want)
		}
	}
}

func TestCheckVotingOpen(t *testing.T) {
	if got, want := openspace.ErrorCode(openspace.CheckVotingOpen(openspace.Event{VotingOpen: false})), openspace.EPHASE; got != want {
		t.Errorf("unvote while closed: code = %q, want %q", got, want)
	}
	if err := openspace.CheckVotingOpen(openspace.Event{VotingOpen: true}); err != nil {
		t.Errorf("unvote while open: %v", err)
	}
}

func TestCanPropose(t *testing.T) {
	tests := []struct {
		name        string
		open        bool
		byOrganizer bool
		want        string
	}{
		{"attendee while open", true, false, ""},
		{"attendee while closed", false, false, openspace.EPHASE},
		{"organizer while closed", false, true, ""},
	}
	for _, tt := range tests {
		got := openspace.ErrorCode(openspace.CanPropose(openspace.Event{ProposalsOpen: tt.open}, tt.byOrganizer))
		if got != tt.want {
			t.Errorf("%s: code = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestMergeVoters(t *testing.T) {
	tests := []struct {
		name           string
		target, source []string
		want           []string
	}{
		{"disjoint", []string{"a"}, []string{"b"}, []string{"a", "b"}},
		{"voted both counts once", []string{"a", "b"}, []string{"b", "c"}, []string{"a", "b", "c"}},
		{"empty source", []string{"a"}, nil, []string{"a"}},
		{"empty both", nil, nil, []string{}},
	}
	for _, tt := range tests {
		if got := openspace.MergeVoters(tt.target, tt.source); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: MergeVoters = %v, want %v", tt.name, got, tt.want)
		}
	}
}
