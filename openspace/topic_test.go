package openspace_test

import (
	"slices"
	"testing"
	"time"

	"openspace/openspace"
)

func TestCompareTopics(t *testing.T) {
	at := func(minute int) time.Time { return time.Date(2026, 12, 2, 19, minute, 0, 0, time.UTC) }
	tests := []struct {
		name string
		in   []openspace.Topic
		want []string
	}{
		{"most votes first", []openspace.Topic{
			{ID: "jira", Votes: 1, CreatedAt: at(1)},
			{ID: "puppet", Votes: 5, CreatedAt: at(3)},
			{ID: "cd", Votes: 3, CreatedAt: at(2)},
		}, []string{"puppet", "cd", "jira"}},
		{"equal votes: the oldest first", []openspace.Topic{
			{ID: "b", Votes: 2, CreatedAt: at(5)},
			{ID: "a", Votes: 2, CreatedAt: at(4)},
		}, []string{"a", "b"}},
		{"same votes and time: by ID, so the order is total", []openspace.Topic{
			{ID: "z", Votes: 0, CreatedAt: at(0)},
			{ID: "m", Votes: 0, CreatedAt: at(0)},
		}, []string{"m", "z"}},
	}
	for _, tt := range tests {
		list := slices.Clone(tt.in)
		slices.SortFunc(list, openspace.CompareTopics)
		got := []string{}
		for _, tp := range list {
			got = append(got, tp.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: order = %v, want %v", tt.name, got, tt.want)
		}
	}
}
