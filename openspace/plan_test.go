package openspace_test

import (
	"reflect"
	"testing"

	"openspace/openspace"
)

func gridFixture() (openspace.Event, map[string]openspace.Topic) {
	ev := openspace.Event{
		Sessions: []openspace.Session{{ID: "s1", Title: "1"}, {ID: "s2", Title: "2"}},
		Rooms: []openspace.Room{
			{ID: "big", Name: "Grande salle", Capacity: 14, Equipment: []string{"screen"}},
			{ID: "back", Name: "Salle du fond", Capacity: 10},
		},
	}
	topics := map[string]openspace.Topic{
		"puppet": {ID: "puppet", Title: "Puppet"},
		"cd":     {ID: "cd", Title: "Continuous Delivery"},
		"jira":   {ID: "jira", Title: "Jira"},
		"demo":   {ID: "demo", Title: "Démo Puppet", Needs: []string{"screen"}},
	}
	return ev, topics
}

func TestPlanApply(t *testing.T) {
	ev, topics := gridFixture()
	ev.Sessions = append(ev.Sessions, openspace.Session{ID: "live", Title: "Under way", Started: true})
	cell := func(s, r, topic string) openspace.Cell { return openspace.Cell{Session: s, Room: r, Topic: topic} }
	tests := []struct {
		name     string
		start    []openspace.Cell
		op       openspace.PlanOp
		want     []openspace.Cell
		wantCode string
	}{
		{"place in empty cell", nil,
			openspace.PlanOp{Op: openspace.OpPlace, Topic: "puppet", Session: "s1", Room: "big"},
			[]openspace.Cell{cell("s1", "big", "puppet")}, ""},
		{"move to empty cell", []openspace.Cell{cell("s1", "big", "puppet")},
			openspace.PlanOp{Op: openspace.OpPlace, Topic: "puppet", Session: "s2", Room: "back"},
			[]openspace.Cell{cell("s2", "back", "puppet")}, ""},
		{"move onto occupied cell swaps", []openspace.Cell{cell("s1", "big", "puppet"), cell("s2", "back", "cd")},
			openspace.PlanOp{Op: openspace.OpPlace, Topic: "puppet", Session: "s2", Room: "back"},
			[]openspace.Cell{cell("s1", "big", "cd"), cell("s2", "back", "puppet")}, ""},
		{"unplaced onto occupied replaces", []openspace.Cell{cell("s1", "back", "cd")},
			openspace.PlanOp{Op: openspace.OpPlace, Topic: "jira", Session: "s1", Room: "back"},
			[]openspace.Cell{cell("s1", "back", "jira")}, ""},
		{"same cell is a no-op", []openspace.Cell{cell("s1", "big", "puppet")},
			openspace.PlanOp{Op: openspace.OpPlace, Topic: "puppet", Session: "s1", Room: "big"},
			[]openspace.Cell{cell("s1", "big", "puppet")}, ""},
		{"needs equipment the room lacks", nil,
			openspace.PlanOp{Op: openspace.OpPlace, Topic: "demo", Session: "s1", Room: "back"},
			nil, openspace.ECONFLICT},
		{"swap would put demo in a room without screen", []openspace.Cell{cell("s1", "big", "demo"), cell("s2", "back", "cd")},
			openspace.PlanOp{Op: openspace.OpPlace, Topic: "cd", Session: "s1", Room: "big"},
			[]openspace.Cell{cell("s1", "big", "demo"), cell("s2", "back", "cd")}, openspace.ECONFLICT},
		{"locked target", []openspace.Cell{{Session: "s1", Room: "big", Topic: "cd", Locked: true}},
			openspace.PlanOp{Op: openspace.OpPlace, Topic: "puppet", Session: "s1", Room: "big"},
			[]openspace.Cell{{Session: "s1", Room: "big", Topic: "cd", Locked: true}}, openspace.ECONFLICT},
		{"locked source", []openspace.Cell{{Session: "s1", Room: "big", Topic: "cd", Locked: true}},
			openspace.PlanOp{Op: openspace.OpPlace, Topic: "cd", Session: "s2", Room: "big"},
			[]openspace.Cell{{Session: "s1", Room: "big", Topic: "cd", Locked: true}}, openspace.ECONFLICT},
		{"unknown topic", nil,
			openspace.PlanOp{Op: openspace.OpPlace, Topic: "nope", Session: "s1", Room: "big"}, nil, openspace.ENOTFOUND},
		{"unknown room", nil,
			openspace.PlanOp{Op: openspace.OpPlace, Topic: "cd", Session: "s1", Room: "attic"}, nil, openspace.EINVALID},
		{"unknown session", nil,
			openspace.PlanOp{Op: openspace.OpPlace, Topic: "cd", Session: "s9", Room: "big"}, nil, openspace.EINVALID},
		{"clear", []openspace.Cell{cell("s1", "big", "puppet"), cell("s2", "big", "cd")},
			openspace.PlanOp{Op: openspace.OpClear, Session: "s1", Room: "big"},
			[]openspace.Cell{cell("s2", "big", "cd")}, ""},
		{"clear locked", []openspace.Cell{{Session: "s1", Room: "big", Topic: "cd", Locked: true}},
			openspace.PlanOp{Op: openspace.OpClear, Session: "s1", Room: "big"},
			[]openspace.Cell{{Session: "s1", Room: "big", Topic: "cd", Locked: true}}, openspace.ECONFLICT},
		{"lock then it holds", []openspace.Cell{cell("s1", "big", "puppet")},
			openspace.PlanOp{Op: openspace.OpLock, Session: "s1", Room: "big"},
			[]openspace.Cell{{Session: "s1", Room: "big", Topic: "puppet", Locked: true}}, ""},
		{"lock an empty cell", nil,
			openspace.PlanOp{Op: openspace.OpLock, Session: "s1", Room: "big"}, nil, openspace.ECONFLICT},
		{"into a session under way", nil,
			openspace.PlanOp{Op: openspace.OpPlace, Topic: "cd", Session: "live", Room: "big"}, nil, openspace.ECONFLICT},
		{"out of a session under way", []openspace.Cell{cell("live", "big", "cd")},
			openspace.PlanOp{Op: openspace.OpPlace, Topic: "cd", Session: "s1", Room: "big"},
			[]openspace.Cell{cell("live", "big", "cd")}, openspace.ECONFLICT},
		{"clear in a session under way", []openspace.Cell{cell("live", "big", "cd")},
			openspace.PlanOp{Op: openspace.OpClear, Session: "live", Room: "big"},
			[]openspace.Cell{cell("live", "big", "cd")}, openspace.ECONFLICT},
		{"unknown op", nil,
			openspace.PlanOp{Op: "teleport", Session: "s1", Room: "big"}, nil, openspace.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := openspace.Plan{Cells: append([]openspace.Cell(nil), tt.start...)}
			got, err := start.Apply(ev, topics, tt.op)
			if code := openspace.ErrorCode(err); code != tt.wantCode {
				t.Fatalf("Apply error code = %q (%v), want %q", code, err, tt.wantCode)
			}
			if err != nil {
				if !reflect.DeepEqual(start.Cells, tt.start) && !(len(start.Cells) == 0 && len(tt.start) == 0) {
					t.Errorf("rejected op changed the plan: %v, want %v", start.Cells, tt.start)
				}
				return
			}
			if !sameCells(got.Cells, tt.want) {
				t.Errorf("cells = %v, want %v", got.Cells, tt.want)
			}
		})
	}
}

// sameCells compares cells regardless of order.
func sameCells(got, want []openspace.Cell) bool {
	if len(got) != len(want) {
		return false
	}
	set := map[openspace.Cell]int{}
	for _, c := range got {
		set[c]++
	}
	for _, c := range want {
		if set[c] == 0 {
			return false
		}
		set[c]--
	}
	return true
}

func TestPlanApplyDoesNotAlias(t *testing.T) {
	ev, topics := gridFixture()
	start := openspace.Plan{Cells: []openspace.Cell{{Session: "s1", Room: "big", Topic: "puppet"}, {Session: "s2", Room: "back", Topic: "cd"}}}
	if _, err := start.Apply(ev, topics, openspace.PlanOp{Op: openspace.OpPlace, Topic: "puppet", Session: "s2", Room: "back"}); err != nil {
		t.Fatal(err)
	}
	if got, want := start.Cells[0].Topic, "puppet"; got != want {
		t.Errorf("original plan changed: first cell holds %q, want %q", got, want)
	}
}

func TestPlanPrune(t *testing.T) {
	ev, topics := gridFixture()
	p := openspace.Plan{Cells: []openspace.Cell{
		{Session: "s1", Room: "big", Topic: "puppet"},
		{Session: "gone", Room: "big", Topic: "cd"},
		{Session: "s2", Room: "gone", Topic: "jira"},
		{Session: "s2", Room: "back", Topic: "deleted"},
	}}
	got := p.Prune(ev, topics)
	if want := []openspace.Cell{{Session: "s1", Room: "big", Topic: "puppet"}}; !reflect.DeepEqual(got.Cells, want) {
		t.Errorf("Prune = %v, want %v", got.Cells, want)
	}
}

func TestPlanDropUnfit(t *testing.T) {
	ev, topics := gridFixture()
	cell := func(r, topic string) openspace.Cell { return openspace.Cell{Session: "s1", Room: r, Topic: topic} }
	tests := []struct {
		name  string
		cells []openspace.Cell
		want  []openspace.Cell
	}{
		{"a topic without needs fits any room", []openspace.Cell{cell("big", "puppet"), cell("back", "cd")}, []openspace.Cell{cell("big", "puppet"), cell("back", "cd")}},
		{"a demo stays in the room with a screen", []openspace.Cell{cell("big", "demo")}, []openspace.Cell{cell("big", "demo")}},
		{"a demo leaves the room without a screen", []openspace.Cell{cell("back", "demo"), cell("big", "jira")}, []openspace.Cell{cell("big", "jira")}},
		{"a cell in a room that is gone goes", []openspace.Cell{cell("gone", "puppet")}, []openspace.Cell{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := openspace.Plan{Cells: tt.cells}
			before := p.Clone()
			got := p.DropUnfit(ev, topics)
			if !reflect.DeepEqual(got.Cells, tt.want) {
				t.Errorf("DropUnfit = %v, want %v", got.Cells, tt.want)
			}
			if !reflect.DeepEqual(p, before) {
				t.Errorf("DropUnfit changed its receiver: %v, was %v", p.Cells, before.Cells)
			}
		})
	}
}

func TestPlanSameCells(t *testing.T) {
	base := []openspace.Cell{{Session: "s1", Room: "big", Topic: "puppet"}, {Session: "s2", Room: "back", Topic: "cd"}}
	with := func(change func(cells []openspace.Cell) []openspace.Cell) openspace.Plan {
		return openspace.Plan{Cells: change(append([]openspace.Cell(nil), base...))}
	}
	tests := []struct {
		name string
		a, b openspace.Plan
		want bool
	}{
		{"the same grid", openspace.Plan{Cells: base}, with(func(c []openspace.Cell) []openspace.Cell { return c }), true},
		{"empty and nil grids", openspace.Plan{}, openspace.Plan{Cells: []openspace.Cell{}}, true},
		{"a lock differs", openspace.Plan{Cells: base}, with(func(c []openspace.Cell) []openspace.Cell { c[0].Locked = true; return c }), false},
		{"a topic moved", openspace.Plan{Cells: base}, with(func(c []openspace.Cell) []openspace.Cell { c[1].Room = "big"; return c }), false},
		{"a cell fewer", openspace.Plan{Cells: base}, with(func(c []openspace.Cell) []openspace.Cell { return c[:1] }), false},
		{"another order", openspace.Plan{Cells: base}, with(func(c []openspace.Cell) []openspace.Cell { c[0], c[1] = c[1], c[0]; return c }), false},
	}
	for _, tt := range tests {
		if got := tt.a.SameCells(tt.b); got != tt.want {
			t.Errorf("%s: SameCells = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestPlanValidate(t *testing.T) {
	ev, topics := gridFixture()
	tests := []struct {
		name  string
		cells []openspace.Cell
		want  string
	}{
		{"ok", []openspace.Cell{{Session: "s1", Room: "big", Topic: "demo"}, {Session: "s1", Room: "back", Topic: "cd"}}, ""},
		{"two topics one cell", []openspace.Cell{{Session: "s1", Room: "big", Topic: "cd"}, {Session: "s1", Room: "big", Topic: "jira"}}, openspace.EINVALID},
		{"topic twice", []openspace.Cell{{Session: "s1", Room: "big", Topic: "cd"}, {Session: "s2", Room: "big", Topic: "cd"}}, openspace.EINVALID},
		{"equipment", []openspace.Cell{{Session: "s1", Room: "back", Topic: "demo"}}, openspace.EINVALID},
		{"unknown topic", []openspace.Cell{{Session: "s1", Room: "back", Topic: "x"}}, openspace.EINVALID},
	}
	for _, tt := range tests {
		if got := openspace.ErrorCode(openspace.Plan{Cells: tt.cells}.Validate(ev, topics)); got != tt.want {
			t.Errorf("%s: Validate code = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestMySchedule(t *testing.T) {
	ev, _ := gridFixture() // Grande salle 14 seats, Salle du fond 10
	p := openspace.Plan{Cells: []openspace.Cell{
		{Session: "s1", Room: "big", Topic: "puppet", Expected: 14},
		{Session: "s1", Room: "back", Topic: "jira", Expected: 7},
		{Session: "s2", Room: "big", Topic: "cd", Expected: 2},
		{Session: "s2", Room: "back", Topic: "demo", Expected: 10},
	}}
	tests := []struct {
		name   string
		voted  []string
		seats  []openspace.Seat
		want   []string // status per session
		wantS1 *openspace.Placement
		open1  []openspace.OpenSeat
	}{
		{"seated in session 1, nothing voted in 2", []string{"puppet"},
			[]openspace.Seat{{Attendee: "a", Session: "s1", Topic: "puppet"}},
			[]string{openspace.ScheduleAssigned, openspace.ScheduleNoVote},
			&openspace.Placement{Topic: "puppet", Room: "big"}, []openspace.OpenSeat{}},
		{"voted after publishing: a choice with room left", []string{"jira"}, nil,
			[]string{openspace.ScheduleAssigned, openspace.ScheduleNoVote},
			&openspace.Placement{Topic: "jira", Room: "back"}, []openspace.OpenSeat{}},
		{"dot taken back after publishing gives the seat up", []string{"jira"},
			[]openspace.Seat{{Attendee: "a", Session: "s1", Topic: "puppet"}},
			[]string{openspace.ScheduleAssigned, openspace.ScheduleNoVote},
			&openspace.Placement{Topic: "jira", Room: "back"}, []openspace.OpenSeat{}},
		{"hosting puppet without a dot on it", []string{"cd"},
			[]openspace.Seat{{Attendee: "a", Session: "s1", Topic: "puppet", Host: true}, {Attendee: "a", Session: "s2", Topic: "cd"}},
			[]string{openspace.ScheduleAssigned, openspace.ScheduleAssigned},
			&openspace.Placement{Topic: "puppet", Room: "big"}, []openspace.OpenSeat{}},
		{"voted puppet but it is full", []string{"puppet", "cd"},
			[]openspace.Seat{{Attendee: "a", Session: "s2", Topic: "cd"}},
			[]string{openspace.ScheduleNoSeat, openspace.ScheduleAssigned},
			nil, []openspace.OpenSeat{{Topic: "jira", Room: "back", Free: 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := openspace.MySchedule(ev, p, openspace.NewBallot(3, tt.voted), tt.seats)
			if len(got) != 2 {
				t.Fatalf("got %d entries, want 2", len(got))
			}
			for i, want := range tt.want {
				if got[i].Status != want {
					t.Errorf("session %d status = %q, want %q", i+1, got[i].Status, want)
				}
			}
			if !reflect.DeepEqual(got[0].Assigned, tt.wantS1) {
				t.Errorf("session 1 assigned = %+v, want %+v", got[0].Assigned, tt.wantS1)
			}
			hosting := tt.seats != nil && tt.seats[0].Host
			if got[0].Hosting != hosting || got[1].Hosting {
				t.Errorf("hosting = %v, %v; want %v in session 1 only", got[0].Hosting, got[1].Hosting, hosting)
			}
			if !reflect.DeepEqual(got[0].Open, tt.open1) {
				t.Errorf("session 1 open = %+v, want %+v", got[0].Open, tt.open1)
			}
		})
	}
}
