package schedule

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// GenOptions describe a synthetic scheduling problem. Zero fields take the
// defaults noted; Topics, Sessions, Rooms and Voters default to a small
// evening (12, 3, 4, 40).
type GenOptions struct {
	Seed     int64
	Topics   int
	Sessions int
	Rooms    int
	Voters   int
	Dots     int     // votes per voter (default 3, at most Topics)
	Groups   int     // interest groups the topics split into (default Topics/6, at least 2)
	Focus    float64 // share of a voter's dots in their own group (default 0.8)
	Screen   float64 // share of topics that need a screen (default 0.15)
	Slack    float64 // seats per session / voters (default 1.1)
	Pins     int     // topics pinned to a random cell they fit (default 0)
}

func (o GenOptions) withDefaults() GenOptions {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.Topics, 12)
	def(&o.Sessions, 3)
	def(&o.Rooms, 4)
	def(&o.Voters, 40)
	def(&o.Dots, 3)
	def(&o.Groups, max(o.Topics/6, 2))
	o.Rooms = min(o.Rooms, MaxProblemRooms)
	o.Dots = min(o.Dots, o.Topics)
	o.Groups = min(o.Groups, o.Topics)
	deff := func(v *float64, d float64) {
		if *v <= 0 {
			*v = d
		}
	}
	deff(&o.Focus, 0.8)
	deff(&o.Screen, 0.15)
	deff(&o.Slack, 1.1)
	return o
}

// GenerateProblem makes a clustered problem, the kind that creates real
// clashes: topics split into interest groups, each voter has a home group
// that gets most of their dots, topics differ in popularity, room sizes
// vary, some rooms have a screen and some topics need one. The same
// options give the same problem.
func GenerateProblem(opts GenOptions) Problem {
	o := opts.withDefaults()
	rng := rand.New(rand.NewPCG(uint64(o.Seed), 0x67656e6572617465)) // "generate"
	var p Problem
	for s := 0; s < o.Sessions; s++ {
		p.Sessions = append(p.Sessions, ProblemSession{ID: fmt.Sprintf("s%d", s+1), Title: fmt.Sprintf("Session %d", s+1)})
	}
	p.Rooms = generateRooms(rng, o)
	// Topic t belongs to group t % Groups; its popularity is log-normal.
	weight := make([]float64, o.Topics)
	for t := 0; t < o.Topics; t++ {
		topic := ProblemTopic{ID: fmt.Sprintf("t%d", t+1), Title: fmt.Sprintf("Topic %d (group %d)", t+1, t%o.Groups+1)}
		if rng.Float64() < o.Screen {
			topic.Needs = []string{"screen"}
		}
		p.Topics = append(p.Topics, topic)
		weight[t] = math.Exp(0.7 * rng.NormFloat64())
	}
	for a := 0; a < o.Voters; a++ {
		home := rng.IntN(o.Groups)
		chosen := map[int]bool{}
		vote := ProblemVote{Attendee: fmt.Sprintf("a%d", a+1), Topics: []string{}}
		for len(vote.Topics) < o.Dots {
			group := home
			if rng.Float64() >= o.Focus {
				group = rng.IntN(o.Groups)
			}
			t := pickTopic(rng, weight, group, o.Groups, chosen)
			chosen[t] = true
			vote.Topics = append(vote.Topics, p.Topics[t].ID)
		}
		p.Votes = append(p.Votes, vote)
	}
	pinRandomTopics(rng, &p, o.Pins)
	return p
}

// generateRooms spreads capacities from 0.4 to 1.6 times the average needed
// to seat Slack × Voters per session, and gives about a third of the rooms a
// screen (always at least one).
func generateRooms(rng *rand.Rand, o GenOptions) []ProblemRoom {
	average := o.Slack * float64(o.Voters) / float64(o.Rooms)
	rooms := make([]ProblemRoom, o.Rooms)
	screens := max(1, int(math.Round(float64(o.Rooms)/3)))
	screenAt := rng.Perm(o.Rooms)[:screens]
	for r := range rooms {
		factor := 1.0
		if o.Rooms > 1 {
			factor = 0.4 + 1.2*float64(r)/float64(o.Rooms-1)
		}
		rooms[r] = ProblemRoom{
			ID:       fmt.Sprintf("r%d", r+1),
			Name:     fmt.Sprintf("Room %d", r+1),
			Capacity: max(2, int(math.Round(average*factor*(0.85+0.3*rng.Float64())))),
		}
		if slices.Contains(screenAt, r) {
			rooms[r].Equipment = []string{"screen"}
		}
	}
	rng.Shuffle(len(rooms), func(i, j int) {
		rooms[i].Capacity, rooms[j].Capacity = rooms[j].Capacity, rooms[i].Capacity
	})
	return rooms
}

// pickTopic draws a topic of the group by popularity, falling back to any
// topic not chosen yet when the group is used up.
func pickTopic(rng *rand.Rand, weight []float64, group, groups int, chosen map[int]bool) int {
	sum := 0.0
	for t := group; t < len(weight); t += groups {
		if !chosen[t] {
			sum += weight[t]
		}
	}
	if sum > 0 {
		x := rng.Float64() * sum
		last := -1
		for t := group; t < len(weight); t += groups {
			if chosen[t] {
				continue
			}
			last = t
			if x -= weight[t]; x < 0 {
				return t
			}
		}
		return last
	}
	for t := range weight {
		if !chosen[t] {
			return t
		}
	}
	return 0
}

// pinRandomTopics pins n topics to random free cells their equipment fits.
func pinRandomTopics(rng *rand.Rand, p *Problem, n int) {
	taken := map[Pin]bool{}
	for _, t := range rng.Perm(len(p.Topics))[:min(n, len(p.Topics))] {
		topic := &p.Topics[t]
		for tries := 0; tries < 50; tries++ {
			pin := Pin{Session: p.Sessions[rng.IntN(len(p.Sessions))].ID, Room: p.Rooms[rng.IntN(len(p.Rooms))].ID}
			room := p.Rooms[slices.IndexFunc(p.Rooms, func(r ProblemRoom) bool { return r.ID == pin.Room })]
			if !taken[pin] && missingEquipment(topic.Needs, room.Equipment) == "" {
				taken[pin] = true
				topic.Pinned = &pin
				break
			}
		}
	}
}
