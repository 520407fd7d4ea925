package schedule

import (
	"sort"

	"openspace/openspace"
)

// ProblemFor turns an event, its topics and its votes into the scheduling
// problem. Attendees are listed in ID order and topics in the given order,
// so the same state always gives the same problem, hence the same plan.
// Votes for topics that no longer exist are ignored; people without votes
// are left out (they take no seat anyone wanted).
func ProblemFor(ev openspace.Event, topics []openspace.Topic, votes map[string][]string) Problem {
	p := Problem{Sessions: []ProblemSession{}, Rooms: []ProblemRoom{}, Topics: []ProblemTopic{}, Votes: []ProblemVote{}}
	for _, s := range ev.Sessions {
		p.Sessions = append(p.Sessions, ProblemSession{ID: s.ID, Title: s.Title})
	}
	for _, r := range ev.Rooms {
		p.Rooms = append(p.Rooms, ProblemRoom{ID: r.ID, Name: r.Name, Capacity: r.Capacity, Equipment: r.Equipment})
	}
	known := make(map[string]bool, len(topics))
	for _, t := range topics {
		p.Topics = append(p.Topics, ProblemTopic{ID: t.ID, Title: t.Title, Needs: t.Needs})
		known[t.ID] = true
	}
	attendees := make([]string, 0, len(votes))
	for a := range votes {
		attendees = append(attendees, a)
	}
	sort.Strings(attendees)
	for _, a := range attendees {
		var list []string
		seen := map[string]bool{}
		for _, t := range votes[a] {
			if known[t] && !seen[t] {
				seen[t] = true
				list = append(list, t)
			}
		}
		if len(list) > 0 {
			p.Votes = append(p.Votes, ProblemVote{Attendee: a, Topics: list})
		}
	}
	return p
}

// SlotsOf lists the plan's cells as scheduler slots.
func SlotsOf(p openspace.Plan) []Slot {
	slots := make([]Slot, 0, len(p.Cells))
	for _, c := range p.Cells {
		slots = append(slots, Slot{Session: c.Session, Room: c.Room, Topic: c.Topic})
	}
	return slots
}

// LockedSlots lists the locked cells of the plan: the scheduler keeps them
// as pins.
func LockedSlots(p openspace.Plan) []Slot {
	var slots []Slot
	for _, c := range p.Cells {
		if c.Locked {
			slots = append(slots, Slot{Session: c.Session, Room: c.Room, Topic: c.Topic})
		}
	}
	return slots
}

// PlanFromSlots makes a draft from the scheduler's slots, keeping the
// locked flag of cells that were locked in the previous draft.
func PlanFromSlots(previous openspace.Plan, slots []Slot) openspace.Plan {
	locked := map[openspace.Cell]bool{}
	for _, c := range previous.Cells {
		if c.Locked {
			locked[openspace.Cell{Session: c.Session, Room: c.Room, Topic: c.Topic}] = true
		}
	}
	q := openspace.Plan{Cells: make([]openspace.Cell, 0, len(slots))}
	for _, s := range slots {
		c := openspace.Cell{Session: s.Session, Room: s.Room, Topic: s.Topic}
		c.Locked = locked[c]
		q.Cells = append(q.Cells, c)
	}
	return q
}

// WithExpected returns the plan with each cell's expected headcount taken
// from the attendance.
func WithExpected(p openspace.Plan, sol Solution) openspace.Plan {
	count := map[string]int{}
	for _, s := range sol.Attendance {
		count[s.Session+"\x00"+s.Topic]++
	}
	q := p.Clone()
	for i, c := range q.Cells {
		q.Cells[i].Expected = count[c.Session+"\x00"+c.Topic]
	}
	return q
}

// Seating is what publishing a plan needs: the plan with each cell's
// expected headcount, and everyone's seats, from the exact assignment of
// the current votes to its grid.
func Seating(in Input, p openspace.Plan) (openspace.Plan, []openspace.Seat) {
	sol := Attend(ProblemFor(in.Event, in.Topics, in.Votes), SlotsOf(p))
	return WithExpected(p, sol), sol.Attendance
}

// DraftReport scores the draft as it stands: the exact attendance of its
// grid, and the report the organizer sees.
func DraftReport(in Input) openspace.PlanReport {
	problem := ProblemFor(in.Event, in.Topics, in.Votes)
	return Report(problem, Attend(problem, SlotsOf(in.Draft)), in.Names)
}

// Report builds the openspace.PlanReport of a solution; names maps attendee IDs to
// display names.
func Report(p Problem, sol Solution, names map[string]string) openspace.PlanReport {
	rep := openspace.PlanReport{Score: sol.Score, Cells: []openspace.CellLoad{}, Losses: []openspace.Loss{}}
	capacity := map[string]int{}
	for _, r := range p.Rooms {
		capacity[r.ID] = r.Capacity
	}
	voters := map[string]int{}
	for _, v := range p.Votes {
		for _, t := range v.Topics {
			voters[t]++
		}
	}
	expected := map[string]int{}
	seated := map[string]map[string]string{} // attendee → session → topic
	for _, s := range sol.Attendance {
		expected[s.Topic]++
		if seated[s.Attendee] == nil {
			seated[s.Attendee] = map[string]string{}
		}
		seated[s.Attendee][s.Session] = s.Topic
	}
	sessionOf := map[string]string{}
	for _, s := range sol.Slots {
		sessionOf[s.Topic] = s.Session
		rep.Cells = append(rep.Cells, openspace.CellLoad{Session: s.Session, Room: s.Room, Topic: s.Topic,
			Expected: expected[s.Topic], Capacity: capacity[s.Room], Voters: voters[s.Topic]})
	}
	for _, v := range p.Votes {
		attended := len(seated[v.Attendee])
		lost := min(len(v.Topics), len(p.Sessions)) - attended
		if lost <= 0 {
			continue
		}
		loss := openspace.Loss{Attendee: v.Attendee, Name: names[v.Attendee], Lost: lost, Missed: []openspace.Missed{}}
		for _, t := range v.Topics {
			session, placed := sessionOf[t]
			switch {
			case !placed:
				loss.Missed = append(loss.Missed, openspace.Missed{Topic: t, Reason: openspace.MissedUnscheduled})
			case seated[v.Attendee][session] == t:
				// attended
			case seated[v.Attendee][session] != "":
				loss.Missed = append(loss.Missed, openspace.Missed{Topic: t, Reason: openspace.MissedClash})
			default:
				loss.Missed = append(loss.Missed, openspace.Missed{Topic: t, Reason: openspace.MissedFull})
			}
		}
		rep.Losses = append(rep.Losses, loss)
	}
	sort.SliceStable(rep.Losses, func(i, j int) bool {
		if rep.Losses[i].Lost != rep.Losses[j].Lost {
			return rep.Losses[i].Lost > rep.Losses[j].Lost
		}
		return rep.Losses[i].Name < rep.Losses[j].Name
	})
	rep.LossCount = len(rep.Losses)
	return rep
}

// Input is what the scheduler needs from an event, read at one moment: the
// set-up, the topics, everyone's votes (attendee → topic IDs), the draft
// and published plans, and display names for the report.
type Input struct {
	Event     openspace.Event
	Topics    []openspace.Topic
	Votes     map[string][]string
	Draft     openspace.Plan
	Published *openspace.Plan
	Names     map[string]string
}
