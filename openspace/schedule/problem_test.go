package schedule

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"openspace/openspace"
)

// smallProblem is a valid problem that the table tests below break one
// rule at a time.
func smallProblem() Problem {
	return Problem{
		Sessions: []ProblemSession{{ID: "s1", Title: "Session 1"}, {ID: "s2", Title: "Session 2"}},
		Rooms: []ProblemRoom{
			{ID: "r1", Name: "Salle A", Capacity: 12, Equipment: []string{"screen"}},
			{ID: "r2", Name: "Salle B", Capacity: 8},
		},
		Topics: []ProblemTopic{
			{ID: "t1", Title: "Puppet", Needs: []string{"screen"}, Pinned: &Pin{Session: "s1", Room: "r1"}},
			{ID: "t2", Title: "Capistrano"},
			{ID: "t3", Title: "Jira"},
		},
		Votes: []ProblemVote{
			{Attendee: "a1", Topics: []string{"t1", "t3"}},
			{Attendee: "a2", Topics: []string{"t2"}},
		},
	}
}

func TestProblemValidate(t *testing.T) {
	for _, tt := range []struct {
		name   string
		mutate func(p *Problem)
		want   string // in the message; "" means valid
	}{
		{"valid", func(p *Problem) {}, ""},
		{"no session", func(p *Problem) { p.Sessions = nil }, "at least one session"},
		{"no room", func(p *Problem) { p.Rooms = nil }, "at least one room"},
		{"session without id", func(p *Problem) { p.Sessions[1].ID = "" }, "Session 2 has no id"},
		{"duplicate session", func(p *Problem) { p.Sessions[1].ID = "s1" }, `Session id "s1" appears twice`},
		{"room without id", func(p *Problem) { p.Rooms[0].ID = "" }, "Room 1 has no id"},
		{"duplicate room", func(p *Problem) { p.Rooms[1].ID = "r1" }, `Room id "r1" appears twice`},
		{"zero capacity", func(p *Problem) { p.Rooms[1].Capacity = 0 }, `Room "r2": the capacity must be at least 1, not 0`},
		{"negative capacity", func(p *Problem) { p.Rooms[1].Capacity = -3 }, "not -3"},
		{"empty equipment", func(p *Problem) { p.Rooms[1].Equipment = []string{" "} }, `Room "r2": an equipment name is empty`},
		{"too many rooms", func(p *Problem) {
			for i := 0; i <= MaxProblemRooms; i++ {
				p.Rooms = append(p.Rooms, ProblemRoom{ID: strings.Repeat("x", i+3), Capacity: 1})
			}
		}, "at most 64"},
		{"topic without id", func(p *Problem) { p.Topics[2].ID = "" }, "Topic 3 has no id"},
		{"duplicate topic", func(p *Problem) { p.Topics[2].ID = "t2" }, `Topic id "t2" appears twice`},
		{"empty need", func(p *Problem) { p.Topics[1].Needs = []string{""} }, `Topic "t2": a needed equipment name is empty`},
		{"pin to unknown session", func(p *Problem) { p.Topics[0].Pinned.Session = "s9" }, `Topic "t1" is pinned to unknown session "s9"`},
		{"pin to unknown room", func(p *Problem) { p.Topics[0].Pinned.Room = "r9" }, `Topic "t1" is pinned to unknown room "r9"`},
		{"pinned room lacks equipment", func(p *Problem) { p.Topics[0].Pinned.Room = "r2" }, `Topic "t1" is pinned to room "r2", which lacks "screen"`},
		{"two topics pinned to one cell", func(p *Problem) { p.Topics[1].Pinned = &Pin{Session: "s1", Room: "r1"} },
			`Topics "t1" and "t2" are both pinned to session "s1", room "r1"`},
		{"vote without attendee", func(p *Problem) { p.Votes[1].Attendee = "" }, "Vote 2 has no attendee"},
		{"attendee twice", func(p *Problem) { p.Votes[1].Attendee = "a1" }, `Attendee "a1" has two vote entries`},
		{"vote for unknown topic", func(p *Problem) { p.Votes[0].Topics = []string{"t9"} }, `Attendee "a1" voted for unknown topic "t9"`},
		{"duplicate vote", func(p *Problem) { p.Votes[0].Topics = []string{"t3", "t3"} }, `Attendee "a1" voted twice for topic "t3"`},
		{"empty list of sessions", func(p *Problem) { p.Topics[1].Sessions = []string{} }, `Topic "t2": its list of sessions is empty`},
		{"unknown session in the list", func(p *Problem) { p.Topics[1].Sessions = []string{"s1", "s9"} }, `Topic "t2" may only run in unknown session "s9"`},
		{"session listed twice", func(p *Problem) { p.Topics[1].Sessions = []string{"s2", "s2"} }, `Topic "t2" lists session "s2" twice`},
		{"blank host", func(p *Problem) { p.Topics[1].Host = "  " }, `Topic "t2": the host is blank`},
		{"pinned outside its sessions", func(p *Problem) { p.Topics[0].Sessions = []string{"s2"} },
			`Topic "t1" is pinned to session "s1", which is not among the sessions it may run in`},
		{"one host pinned twice in a session", func(p *Problem) {
			p.Topics[0].Host, p.Topics[1].Host = "a1", "a1"
			p.Topics[1].Pinned = &Pin{Session: "s1", Room: "r2"}
		}, `Topics "t1" and "t2" have the same host "a1" and are both pinned to session "s1"`},
		{"one host pinned in two sessions", func(p *Problem) {
			p.Topics[0].Host, p.Topics[1].Host = "a1", "a1"
			p.Topics[1].Pinned = &Pin{Session: "s2", Room: "r2"}
		}, ""},
		{"a host who did not vote", func(p *Problem) { p.Topics[1].Host = "a9" }, ""},
		{"pinned inside its sessions", func(p *Problem) { p.Topics[0].Sessions = []string{"s2", "s1"} }, ""},
		{"equipment compares loosely", func(p *Problem) { p.Rooms[0].Equipment = []string{" Screen"} }, ""},
		{"a vote with no topic is fine", func(p *Problem) { p.Votes[1].Topics = nil }, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := smallProblem()
			tt.mutate(&p)
			err := p.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if got, want := openspace.ErrorCode(err), openspace.EINVALID; got != want {
				t.Fatalf("code = %q, want %q (err %v)", got, want, err)
			}
			if got := openspace.ErrorMessage(err); !strings.Contains(got, tt.want) {
				t.Errorf("message = %q, want it to contain %q", got, tt.want)
			}
		})
	}
}

func TestReadProblem(t *testing.T) {
	valid, err := json.Marshal(smallProblem())
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		input string
		want  string // in the message; "" means accepted
	}{
		{"valid", string(valid), ""},
		{"trailing spaces", string(valid) + "\n\n", ""},
		{"empty", "", "empty"},
		{"truncated", string(valid[:20]), "ends too early"},
		{"syntax error with position", "{\n  \"sessions\": ]\n}", "line 2, column 15"},
		{"wrong type", `{"rooms": [{"id": "r1", "capacity": "ten"}]}`, "line 1"},
		{"unknown field", strings.Replace(string(valid), `"capacity"`, `"seats":1,"capacity"`, 1), `"seats"`},
		{"trailing object", string(valid) + `{}`, "after the problem"},
		{"trailing garbage", string(valid) + `x`, "after the problem"},
		{"invalid problem", `{"sessions": [], "rooms": [], "topics": [], "votes": []}`, "at least one session"},
		{"null", `null`, "at least one session"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ReadProblem(strings.NewReader(tt.input))
			if tt.want == "" {
				if err != nil {
					t.Fatalf("ReadProblem = %v, want nil", err)
				}
				if got, want := len(p.Topics), 3; got != want {
					t.Errorf("topics = %d, want %d", got, want)
				}
				return
			}
			if got, want := openspace.ErrorCode(err), openspace.EINVALID; got != want {
				t.Fatalf("code = %q, want %q (err %v)", got, want, err)
			}
			if got := openspace.ErrorMessage(err); !strings.Contains(got, tt.want) {
				t.Errorf("message = %q, want it to contain %q", got, tt.want)
			}
		})
	}
}

func TestReadProblemFixture(t *testing.T) {
	f, err := os.Open("testdata/paris-devops-2.problem.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := ReadProblem(f)
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	if got, want := p.UpperBound(), 31*2; got != want {
		t.Errorf("upper bound = %d, want %d (31 voters, 3 dots each, 2 sessions)", got, want)
	}
}

func TestUpperBound(t *testing.T) {
	two := []ProblemSession{{ID: "s1"}, {ID: "s2"}}
	roomy := []ProblemRoom{{ID: "r1", Capacity: 50, Equipment: []string{"screen"}}, {ID: "r2", Capacity: 50}}
	topics := func(ids ...string) []ProblemTopic {
		var out []ProblemTopic
		for _, id := range ids {
			out = append(out, ProblemTopic{ID: id})
		}
		return out
	}
	voters := func(n int, topics ...string) []ProblemVote {
		var out []ProblemVote
		for i := 0; i < n; i++ {
			out = append(out, ProblemVote{Attendee: fmt.Sprintf("v%d-%s", i, strings.Join(topics, "")), Topics: topics})
		}
		return out
	}
	for _, tt := range []struct {
		name string
		p    Problem
		want int
	}{
		{"one per session", Problem{Sessions: two, Rooms: roomy, Topics: topics("a", "b", "c"),
			Votes: []ProblemVote{{Attendee: "x", Topics: []string{"a", "b", "c"}}, {Attendee: "y", Topics: []string{"a"}}, {Attendee: "z"}}}, 3},
		{"seats of each session", Problem{Sessions: two, Rooms: []ProblemRoom{{ID: "r1", Capacity: 3}, {ID: "r2", Capacity: 2}},
			Topics: topics("a", "b", "c", "d"), Votes: append(voters(10, "a", "b"), voters(10, "c", "d")...)}, 2 * (3 + 2)},
		{"a topic runs once", Problem{Sessions: two, Rooms: []ProblemRoom{{ID: "r1", Capacity: 30}, {ID: "r2", Capacity: 5}},
			Topics: topics("a", "b"), Votes: voters(20, "a")}, 20},
		{"a topic seats no more than its biggest room", Problem{Sessions: two, Rooms: []ProblemRoom{{ID: "r1", Capacity: 8}, {ID: "r2", Capacity: 5}},
			Topics: topics("a", "b"), Votes: voters(20, "a")}, 8},
		{"a topic needing what no room has", Problem{Sessions: two, Rooms: roomy,
			Topics: []ProblemTopic{{ID: "a", Needs: []string{"piano"}}, {ID: "b"}}, Votes: voters(4, "a", "b")}, 4},
		{"topics that can only run in one session", Problem{Sessions: two, Rooms: roomy,
			Topics: []ProblemTopic{{ID: "a", Sessions: []string{"s1"}}, {ID: "b", Sessions: []string{"s1"}}}, Votes: voters(4, "a", "b")}, 4},
		{"a host counts, even without a vote", Problem{Sessions: two, Rooms: roomy,
			Topics: []ProblemTopic{{ID: "a", Host: "h"}, {ID: "b", Host: "v0-a"}}, Votes: voters(3, "a")}, 3 + 1 + 1},
		{"a pinned topic seats its demand at most", Problem{Sessions: two, Rooms: []ProblemRoom{{ID: "r1", Capacity: 10}},
			Topics: []ProblemTopic{{ID: "a", Pinned: &Pin{Session: "s1", Room: "r1"}}, {ID: "b"}},
			Votes:  append(voters(3, "a"), voters(12, "b")...)}, 3 + 10},
		{"no room, no seat", Problem{Sessions: two, Topics: topics("a"), Votes: voters(2, "a")}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.UpperBound(); got != tt.want {
				t.Errorf("UpperBound = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestPinSlots(t *testing.T) {
	p := smallProblem()
	q, err := p.PinSlots([]Slot{{Session: "s2", Room: "r2", Topic: "t3"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := *q.Topics[2].Pinned, (Pin{Session: "s2", Room: "r2"}); got != want {
		t.Errorf("pin = %+v, want %+v", got, want)
	}
	if p.Topics[2].Pinned != nil {
		t.Error("PinSlots changed the original problem")
	}
	if _, err := p.PinSlots([]Slot{{Session: "s1", Room: "r1", Topic: "t2"}}); openspace.ErrorCode(err) != openspace.EINVALID {
		t.Errorf("pinning into a pinned cell: err = %v, want openspace.EINVALID", err)
	}
	if _, err := p.PinSlots([]Slot{{Session: "s1", Room: "r1", Topic: "t9"}}); openspace.ErrorCode(err) != openspace.EINVALID {
		t.Errorf("pinning an unknown topic: err = %v, want openspace.EINVALID", err)
	}
}
