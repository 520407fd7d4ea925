package schedule

import (
	"cmp"
	"slices"
	"sort"

	"openspace/openspace"
)

// ProblemFor turns an event, its topics and its votes into the scheduling
// problem. Attendees are listed in ID order and topics in the given order,
// so the same state always gives the same problem, hence the same plan.
// Votes for topics that no longer exist are ignored; people without votes
// are left out (they take no seat anyone wanted). A topic's host is its
// proposer (none for the organizer's topics) and its sessions those its
// host can be in that still exist (nil, any session, when none is left).
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
		p.Topics = append(p.Topics, ProblemTopic{ID: t.ID, Title: t.Title, Needs: t.Needs, Host: t.ProposerID, Sessions: t.AvailableIn(ev)})
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
// the current votes to its grid. A host's seat in their own topic says so.
func Seating(in Input, p openspace.Plan) (openspace.Plan, []openspace.Seat) {
	problem := ProblemFor(in.Event, in.Topics, in.Votes)
	sol := Attend(problem, SlotsOf(p))
	host := map[string]string{}
	for _, t := range problem.Topics {
		host[t.ID] = t.Host
	}
	for i, s := range sol.Attendance {
		sol.Attendance[i].Host = s.Attendee != "" && host[s.Topic] == s.Attendee
	}
	return WithExpected(p, sol), sol.Attendance
}

// LockedProblem is the problem "Propose a plan" solves: the event's, with
// the draft's locked cells pinned. The organizer's lock wins over what a
// host said: a topic locked in a session its host cannot be in stays there
// (the scheduler may then use any session for it), and of two topics of
// one host locked in one session, the first in room order stays theirs
// (they sit there) and the other runs without them. Report, given the
// event's own problem, warns about both.
func LockedProblem(in Input) (Problem, error) {
	p := ProblemFor(in.Event, in.Topics, in.Votes)
	locked := inGridOrder(p, LockedSlots(in.Draft))
	index := make(map[string]int, len(p.Topics))
	for i, t := range p.Topics {
		index[t.ID] = i
	}
	q := p
	q.Topics = append([]ProblemTopic(nil), p.Topics...)
	hosting := map[[2]string]bool{} // (host, session) with a locked topic
	for _, s := range locked {
		i, ok := index[s.Topic]
		if !ok {
			continue // PinSlots says so
		}
		t := &q.Topics[i]
		if t.Sessions != nil && !slices.Contains(t.Sessions, s.Session) {
			t.Sessions = nil
		}
		if t.Host != "" {
			key := [2]string{t.Host, s.Session}
			if hosting[key] {
				t.Host = ""
			}
			hosting[key] = true
		}
	}
	return q.PinSlots(locked)
}

// ProposeDraft is "Propose a plan": the draft the scheduler finds for the
// event, locked cells kept (LockedProblem), and once a plan is published,
// the cells of the sessions under way kept and as few topics as possible
// moved. The report warns about the host rules the locks break.
func ProposeDraft(in Input, seed int64) (openspace.DraftProposal, error) {
	problem, err := LockedProblem(in)
	if err != nil {
		return openspace.DraftProposal{}, err
	}
	opts := Options{Seed: seed}
	if in.Published != nil {
		opts.Previous, opts.Frozen = SlotsOf(*in.Published), in.Event.StartedSessions()
	}
	sol := Solve(problem, opts)
	return openspace.DraftProposal{
		Draft:  PlanFromSlots(in.Draft, sol.Slots),
		Report: Report(ProblemFor(in.Event, in.Topics, in.Votes), sol, in.Names),
	}, nil
}

// inGridOrder returns the slots sorted by session, then room, in the
// problem's order; unknown sessions and rooms come last, as given.
func inGridOrder(p Problem, slots []Slot) []Slot {
	session, room := map[string]int{}, map[string]int{}
	for i, s := range p.Sessions {
		session[s.ID] = i
	}
	for i, r := range p.Rooms {
		room[r.ID] = i
	}
	rank := func(m map[string]int, id string) int {
		if i, ok := m[id]; ok {
			return i
		}
		return len(m)
	}
	out := slices.Clone(slots)
	slices.SortStableFunc(out, func(a, b Slot) int {
		if c := cmp.Compare(rank(session, a.Session), rank(session, b.Session)); c != 0 {
			return c
		}
		return cmp.Compare(rank(room, a.Room), rank(room, b.Room))
	})
	return out
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
	rep := openspace.PlanReport{Score: sol.Score, Cells: []openspace.CellLoad{}, Losses: []openspace.Loss{},
		Warnings: hostWarnings(p, sol.Slots, names)}
	hostOf := map[string]string{}
	for _, t := range p.Topics {
		hostOf[t.ID] = t.Host
	}
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
	for _, v := range wishes(p) {
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
			case hostOf[seated[v.Attendee][session]] == v.Attendee:
				loss.Missed = append(loss.Missed, openspace.Missed{Topic: t, Reason: openspace.MissedHosting})
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

// wishes lists, per attendee, the topics they voted for and those they
// host (a host counts as attending their own topic): vote entries first,
// then hosts who did not vote.
func wishes(p Problem) []ProblemVote {
	hosted := map[string][]string{}
	var hosts []string
	for _, t := range p.Topics {
		if t.Host != "" {
			if hosted[t.Host] == nil {
				hosts = append(hosts, t.Host)
			}
			hosted[t.Host] = append(hosted[t.Host], t.ID)
		}
	}
	out := make([]ProblemVote, 0, len(p.Votes))
	voted := map[string]bool{}
	for _, v := range p.Votes {
		voted[v.Attendee] = true
		topics := slices.Clone(v.Topics)
		for _, t := range hosted[v.Attendee] {
			if !slices.Contains(topics, t) {
				topics = append(topics, t)
			}
		}
		out = append(out, ProblemVote{Attendee: v.Attendee, Topics: topics})
	}
	for _, h := range hosts {
		if !voted[h] {
			out = append(out, ProblemVote{Attendee: h, Topics: hosted[h]})
		}
	}
	return out
}

// hostWarnings lists the host rules the grid breaks, session by session:
// each topic placed where its host cannot be, then each host with more than
// one topic there (their topics in room order).
func hostWarnings(p Problem, slots []Slot, names map[string]string) []openspace.HostWarning {
	out := []openspace.HostWarning{}
	topic := map[string]ProblemTopic{}
	for _, t := range p.Topics {
		topic[t.ID] = t
	}
	slots = inGridOrder(p, slots)
	for _, sess := range p.Sessions {
		var hosts []string
		hosted := map[string][]string{} // host → their topics in this session
		for _, s := range slots {
			t, ok := topic[s.Topic]
			if s.Session != sess.ID || !ok {
				continue
			}
			if t.Sessions != nil && !slices.Contains(t.Sessions, sess.ID) {
				out = append(out, openspace.HostWarning{Kind: openspace.HostUnavailable, Session: sess.ID,
					Topics: []string{t.ID}, Host: t.Host, Name: names[t.Host]})
			}
			if t.Host == "" {
				continue
			}
			if hosted[t.Host] == nil {
				hosts = append(hosts, t.Host)
			}
			hosted[t.Host] = append(hosted[t.Host], t.ID)
		}
		for _, h := range hosts {
			if len(hosted[h]) > 1 {
				out = append(out, openspace.HostWarning{Kind: openspace.HostTwice, Session: sess.ID,
					Topics: hosted[h], Host: h, Name: names[h]})
			}
		}
	}
	return out
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
