package schedule

import "openspace/openspace"

// Solution is the scheduler's output (the "plan" of docs/SCHEDULING.md): the
// grid as slots, who is expected where, and the score.
type Solution struct {
	Slots      []Slot           `json:"slots"`
	Attendance []openspace.Seat `json:"attendance"`
	Score      openspace.Score  `json:"score"`
}

// Slot is a topic placed in a cell (session × room).
type Slot struct {
	Session string `json:"session"`
	Room    string `json:"room"`
	Topic   string `json:"topic"`
}

// MovedTopics counts the topics whose placement differs between two plans:
// another cell, or placed in one and not in the other.
func MovedTopics(previous, slots []Slot) int {
	where := func(list []Slot) map[string]Pin {
		m := map[string]Pin{}
		for _, s := range list {
			if _, dup := m[s.Topic]; !dup {
				m[s.Topic] = Pin{Session: s.Session, Room: s.Room}
			}
		}
		return m
	}
	before, after := where(previous), where(slots)
	moved := 0
	for topic, pin := range after {
		if old, ok := before[topic]; !ok || old != pin {
			moved++
		}
	}
	for topic := range before {
		if _, ok := after[topic]; !ok {
			moved++
		}
	}
	return moved
}

// solution turns a placement (cell per topic) into a Solution: slots in
// grid order, the exact attendance from one max-flow per session, the score.
func (in *instance) solution(topicCell []int) Solution {
	p := in.problem
	cellTopic := make([]int, in.cells())
	for c := range cellTopic {
		cellTopic[c] = -1
	}
	for t, c := range topicCell {
		if c >= 0 {
			cellTopic[c] = t
		}
	}
	sol := Solution{
		Slots:      []Slot{},
		Attendance: []openspace.Seat{},
		Score:      openspace.Score{UpperBound: in.bound, Unscheduled: []string{}},
	}
	for c, t := range cellTopic {
		if t >= 0 {
			sol.Slots = append(sol.Slots, Slot{
				Session: p.Sessions[in.sessionOf(c)].ID,
				Room:    p.Rooms[in.roomOf(c)].ID,
				Topic:   p.Topics[t].ID,
			})
		}
	}
	for t, c := range topicCell {
		if c < 0 {
			sol.Score.Unscheduled = append(sol.Score.Unscheduled, p.Topics[t].ID)
		}
	}
	seats := in.seats(cellTopic)
	for a, perSession := range seats {
		for s, t := range perSession {
			if t >= 0 {
				sol.Attendance = append(sol.Attendance, openspace.Seat{
					Attendee: in.attendees[a],
					Session:  p.Sessions[s].ID,
					Topic:    p.Topics[t].ID,
				})
			}
		}
	}
	sol.Score.Attended = len(sol.Attendance)
	// A grid given from outside may break the rules the bound relies on
	// (Attend relaxes them first); the bound never claims less than a plan
	// honours.
	sol.Score.UpperBound = max(sol.Score.UpperBound, sol.Score.Attended)
	return sol
}

// seats assigns attendees to topics, per session. Hosts first: each is
// seated in their topic (the first, should a grid given from outside have
// them host two at once). Then a max-flow on people: source → attendee (1)
// → a topic they voted for in that session (1) → sink (the seats its room
// has left). It returns the topic per attendee and session, -1 for none.
func (in *instance) seats(cellTopic []int) [][]int {
	attendees := len(in.attendees)
	seats := make([][]int, attendees)
	for a := range seats {
		seats[a] = make([]int, in.sessions)
		for s := range seats[a] {
			seats[a][s] = -1
		}
	}
	var net flowNetwork
	type choice struct{ edge, attendee, topic int }
	var choices []choice
	for s := 0; s < in.sessions; s++ {
		// Nodes: 0 source, 1 sink, 2+r room r, then 2+rooms+a attendee a.
		net.reset(2 + in.rooms + attendees)
		choices = choices[:0]
		left := make([]int, in.rooms)
		for r := 0; r < in.rooms; r++ {
			t := cellTopic[s*in.rooms+r]
			if t < 0 {
				continue
			}
			left[r] = in.capacity[r]
			if h := in.host[t]; h >= 0 && seats[h][s] < 0 {
				seats[h][s] = t
				left[r]--
			}
		}
		linked := make([]bool, attendees)
		for r := 0; r < in.rooms; r++ {
			t := cellTopic[s*in.rooms+r]
			if t < 0 {
				continue
			}
			net.addEdge(2+r, 1, left[r])
			for _, a := range in.voters[t] {
				if seats[a][s] >= 0 {
					continue // hosting
				}
				e := net.addEdge(2+in.rooms+int(a), 2+r, 1)
				choices = append(choices, choice{edge: e, attendee: int(a), topic: t})
				linked[a] = true
			}
		}
		for a, ok := range linked {
			if ok {
				net.addEdge(0, 2+in.rooms+a, 1)
			}
		}
		net.maxFlow(0, 1)
		for _, ch := range choices {
			if net.flow(ch.edge) > 0 {
				seats[ch.attendee][s] = ch.topic
			}
		}
	}
	return seats
}
