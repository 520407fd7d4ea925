package openspace_test

import (
	"fmt"
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

func TestTopicHostSessions(t *testing.T) {
	ev := openspace.Event{Sessions: []openspace.Session{{ID: "s1"}, {ID: "s2"}, {ID: "s3"}}}
	tests := []struct {
		name     string
		in       []string
		want     []string // after Normalize and FitSessions
		wantCode string
	}{
		{"none", nil, nil, ""},
		{"empty", []string{}, nil, ""},
		{"blank only", []string{" "}, nil, ""},
		{"one", []string{"s2"}, []string{"s2"}, ""},
		{"event order, trimmed, once", []string{"s3", " s1 ", "s3"}, []string{"s1", "s3"}, ""},
		{"unknown", []string{"s1", "s9"}, nil, openspace.EINVALID},
	}
	for _, tt := range tests {
		in := openspace.TopicInput{Title: "Puppet", HostSessions: tt.in}
		in.Normalize()
		err := in.Validate()
		if err == nil {
			err = in.FitSessions(ev)
		}
		if got := openspace.ErrorCode(err); err != nil && got != tt.wantCode || err == nil && tt.wantCode != "" {
			t.Errorf("%s: error %v, want code %q", tt.name, err, tt.wantCode)
			continue
		}
		if tt.wantCode == "" && !slices.Equal(in.HostSessions, tt.want) {
			t.Errorf("%s: host sessions = %q, want %q", tt.name, in.HostSessions, tt.want)
		}
	}
	many := openspace.TopicInput{Title: "Puppet"}
	for i := range openspace.MaxSessions + 1 {
		many.HostSessions = append(many.HostSessions, fmt.Sprint("s", i))
	}
	if err := many.Validate(); openspace.ErrorCode(err) != openspace.EINVALID {
		t.Errorf("%d host sessions: %v, want invalid", len(many.HostSessions), err)
	}
}

func TestTopicAvailableIn(t *testing.T) {
	ev := openspace.Event{Sessions: []openspace.Session{{ID: "s1"}, {ID: "s2"}}}
	tests := []struct {
		name string
		host []string
		want []string
	}{
		{"any session", nil, nil},
		{"still there", []string{"s2"}, []string{"s2"}},
		{"one of two deleted", []string{"s1", "gone"}, []string{"s1"}},
		{"every one deleted: any session", []string{"gone"}, nil},
	}
	for _, tt := range tests {
		got := openspace.Topic{HostSessions: tt.host}.AvailableIn(ev)
		if !slices.Equal(got, tt.want) || (tt.want == nil) != (got == nil) {
			t.Errorf("%s: AvailableIn = %#v, want %#v", tt.name, got, tt.want)
		}
	}
}
