package loadtest

import (
	"slices"
	"strings"
	"testing"
)

func msg(tb testing.TB, s string) *wireMessage {
	tb.Helper()
	var m wireMessage
	if err := decodeMessage([]byte(s), &m); err != nil {
		tb.Fatalf("decode %s: %v", s, err)
	}
	return &m
}

func TestViewApply(t *testing.T) {
	idx := newTopicIndex([]string{"a", "b", "c"})
	snapshot := `{"type":"snapshot","epoch":"E","version":5,"state":{"event":{"id":"x","title":"t"},"attendance":{"count":2,"profiles":{"":2}},"topics":[{"id":"a","title":"A","votes":1},{"id":"b","title":"B","votes":0}],"plan":null}}`
	tests := []struct {
		name       string
		msgs       []string
		want       []wireTopic
		version    int64
		attendance int
		gaps       int
		stale      int
		last       outcome
	}{
		{
			name:    "snapshot only",
			msgs:    []string{snapshot},
			want:    []wireTopic{{"a", 1}, {"b", 0}},
			version: 5, attendance: 2, last: applied,
		},
		{
			name: "patches in order upsert and remove",
			msgs: []string{snapshot,
				`{"type":"patch","epoch":"E","version":6,"patch":{"topics":[{"id":"b","votes":3}]}}`,
				`{"type":"patch","epoch":"E","version":7,"patch":{"topics":[{"id":"c","votes":1},{"id":"new","votes":2}],"removed_topics":["a"]}}`,
				`{"type":"patch","epoch":"E","version":8,"patch":{"attendance":{"count":9}}}`,
				`{"type":"patch","epoch":"E","version":9,"patch":{}}`,
			},
			want:    []wireTopic{{"b", 3}, {"c", 1}, {"new", 2}},
			version: 9, attendance: 9, last: applied,
		},
		{
			name: "a gap is reported and not applied",
			msgs: []string{snapshot,
				`{"type":"patch","epoch":"E","version":7,"patch":{"topics":[{"id":"a","votes":4}]}}`,
			},
			want:    []wireTopic{{"a", 1}, {"b", 0}},
			version: 5, attendance: 2, gaps: 1, last: needSync,
		},
		{
			name: "another epoch is a gap",
			msgs: []string{snapshot,
				`{"type":"patch","epoch":"F","version":6,"patch":{"topics":[{"id":"a","votes":4}]}}`,
			},
			want:    []wireTopic{{"a", 1}, {"b", 0}},
			version: 5, attendance: 2, gaps: 1, last: needSync,
		},
		{
			name: "an old version is counted and dropped",
			msgs: []string{snapshot,
				`{"type":"patch","epoch":"E","version":5,"patch":{"topics":[{"id":"a","votes":4}]}}`,
			},
			want:    []wireTopic{{"a", 1}, {"b", 0}},
			version: 5, attendance: 2, stale: 1, last: ignored,
		},
		{
			name:    "a patch before any snapshot",
			msgs:    []string{`{"type":"patch","epoch":"E","version":1,"patch":{}}`},
			version: 0, gaps: 1, last: needSync,
		},
		{
			name: "a second snapshot resets the view",
			msgs: []string{snapshot,
				`{"type":"patch","epoch":"E","version":9,"patch":{"topics":[{"id":"c","votes":4}]}}`,
				`{"type":"snapshot","epoch":"F","version":2,"state":{"attendance":{"count":1},"topics":[{"id":"c","votes":5}]}}`,
			},
			want:    []wireTopic{{"c", 5}},
			version: 2, attendance: 1, gaps: 1, last: applied,
		},
		{
			name:    "a clock answer is ignored",
			msgs:    []string{snapshot, `{"type":"clock","t":1,"now":2}`},
			want:    []wireTopic{{"a", 1}, {"b", 0}},
			version: 5, attendance: 2, last: ignored,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newView(idx)
			var last outcome
			for _, s := range tt.msgs {
				last = v.apply(msg(t, s))
			}
			if got := v.topics(); !slices.Equal(got, tt.want) {
				t.Errorf("topics = %v, want %v", got, tt.want)
			}
			if v.version != tt.version || v.attendance != tt.attendance {
				t.Errorf("version %d attendance %d, want %d and %d", v.version, v.attendance, tt.version, tt.attendance)
			}
			if v.gaps != tt.gaps || v.stale != tt.stale {
				t.Errorf("gaps %d stale %d, want %d and %d", v.gaps, v.stale, tt.gaps, tt.stale)
			}
			if last != tt.last {
				t.Errorf("last outcome %d, want %d", last, tt.last)
			}
		})
	}
}

func TestViewDiff(t *testing.T) {
	idx := newTopicIndex([]string{"a", "b"})
	fresh := newView(idx)
	fresh.apply(msg(t, `{"type":"snapshot","epoch":"E","version":8,"state":{"attendance":{"count":3},"topics":[{"id":"a","votes":2},{"id":"b","votes":1}]}}`))
	base := `{"type":"snapshot","epoch":"E","version":6,"state":{"attendance":{"count":3},"topics":[{"id":"a","votes":1},{"id":"b","votes":1}]}}`
	tests := []struct {
		name string
		msgs []string
		want string // a part of the difference; "" for none
	}{
		{"caught up", []string{base,
			`{"type":"patch","epoch":"E","version":7,"patch":{"topics":[{"id":"a","votes":3}]}}`,
			`{"type":"patch","epoch":"E","version":8,"patch":{"topics":[{"id":"a","votes":2}]}}`,
		}, ""},
		{"missed the last patch", []string{base,
			`{"type":"patch","epoch":"E","version":7,"patch":{"topics":[{"id":"a","votes":3}]}}`,
		}, "at version 7"},
		{"a gap leaves a wrong count", []string{base,
			`{"type":"patch","epoch":"E","version":8,"patch":{"topics":[{"id":"a","votes":2}]}}`,
		}, "topic a has 1 votes, the server 2"},
		{"a topic the server does not have", []string{base,
			`{"type":"patch","epoch":"E","version":7,"patch":{"topics":[{"id":"zz","votes":1}]}}`,
			`{"type":"patch","epoch":"E","version":8,"patch":{"topics":[{"id":"a","votes":2}]}}`,
		}, "topic zz not on the server"},
		{"a removed topic is missing", []string{base,
			`{"type":"patch","epoch":"E","version":7,"patch":{"removed_topics":["b"]}}`,
			`{"type":"patch","epoch":"E","version":8,"patch":{"topics":[{"id":"a","votes":2}]}}`,
		}, "topic b missing"},
		{"nothing received", nil, "never received a snapshot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newView(idx)
			for _, s := range tt.msgs {
				v.apply(msg(t, s))
			}
			got := v.diff(fresh)
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Errorf("diff = %q, want %q", got, tt.want)
			}
		})
	}
}
