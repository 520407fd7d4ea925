package schedule

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Options tune Solve. The zero value is a fresh plan with seed 0 and the
// default time budget.
type Options struct {
	// Seed drives the search: the same problem, seed and budget give the
	// same plan whenever the search ends before the clock stops it (see
	// Time).
	Seed int64
	// Time is the wall-clock budget of the whole solve; 0 means
	// DefaultTime. The search stops earlier when the plan reaches the upper
	// bound (proven optimal) or after its move count (6,000 moves per
	// topic it may move, at least 30,000), which small events reach in a
	// fraction of a second: their plans normally do not depend on the
	// clock (a machine many times slower or busier would make them). Larger
	// ones are stopped by the clock, and how far the search got then
	// depends on the machine and its load: for a reproducible run at any
	// size, set Iterations.
	Time time.Duration
	// Iterations, when positive, is the number of moves each annealing
	// chain tries, with no clock at all: the same problem and seed then
	// always give the same plan, on any machine.
	Iterations int
	// Previous is the published plan when re-planning: among plans within
	// ReplanTolerance of the best found, Solve returns one that moves the
	// fewest topics from it. Slots that no longer fit are ignored.
	Previous []Slot
	// Frozen lists sessions already started: their cells keep what
	// Previous has there, empty ones stay empty. Locked cells are pins
	// (see Problem.PinSlots).
	Frozen []string
}

// DefaultTime is the budget of a solve when Options.Time is zero: what the
// app and the command use.
const DefaultTime = time.Second

// finishShare is the part of the budget kept for the descent and the
// finishing steps after the annealing.
const finishShare = 0.1

// Search constants, tuned on clustered instances against SolveExact (see
// docs/SCHEDULING.md): how many moves per topic, the temperatures as a
// share of the typical loss of a random move and in people, and the loss a
// first move may cost in the pair descent.
const (
	movesPerTopic   = 6000
	minMoves        = 30_000
	hotShare        = 0.5
	coldTemperature = 0.1
	pairFirstLoss   = 2
)

// nearShare is the share of random moves that go to a room suiting the
// topic's demand (nearTargets).
var nearShare = 0.7

// sameRoomShare is the share of random moves of a scheduled topic that go
// to its own room in another session (search.target).
const sameRoomShare = 0.5

// replanHeat scales the starting temperature of a re-plan: a cooler search
// stays nearer the published plan, so fewer topics have to move.
const replanHeat = 0.3

// The sketch (sketch.go) runs first in each chain on grids of at least
// sketchMinCells cells, where exact moves are too slow to explore in a
// second: for at most sketchShare of the time (sketchMoves), and the exact
// annealing then starts at sketchHeat of its usual temperature, to polish
// the sketch rather than undo it. During that exact annealing, a sketch
// kept in step with the grid screens the moves: one it estimates to lose
// more than screenMargin people is not scored exactly. At that temperature
// such a move was hardly ever taken, and the exact scoring of a move costs
// dozens of times its estimate, so the exact search tries the plausible
// moves several times over instead.
// In the sketch, and in the exact search once screened, sketchRotateShare
// of the swaps are rotations of three topics (search.rotation).
const (
	sketchMinCells = 60
	sketchPerTopic = 10_000
	maxSketchMoves = 12_000_000
	sketchShare    = 0.4
	sketchHeat     = 0.1
	sketchPerMove  = 20

	sketchRotateShare = 0.3
	screenMargin      = 2
)

func sketchWorthIt(in *instance) bool { return in.cells() >= sketchMinCells }

// sketchMoves is the sketch's move count: sketchPerTopic per topic, at
// most maxSketchMoves, and at most sketchPerMove times the exact moves of a
// chain (a sketch move costs about a tenth of an exact one), so that a
// short fixed run stays short.
func sketchMoves(s *search, exactMoves int) int {
	return min(sketchPerTopic*len(s.active), maxSketchMoves, sketchPerMove*exactMoves)
}

// ReplanTolerance is how much attendance a re-plan may give up, as a share
// of the best plan found, to move fewer topics.
const ReplanTolerance = 0.005

// Solve computes a plan that lets as many people as possible attend what
// they voted for. The problem must be valid (see Validate); what does not
// fit in an invalid one is ignored.
//
// It starts from the greedy (SolveGreedy), improves it by simulated
// annealing over moves, swaps and replacements scored by exact max-flows
// (two independent chains in parallel, the better one wins), polishes the
// result with a descent over single and paired moves, then fills empty
// cells and applies the tie-breaks. The result is never worse than the
// greedy, except that a re-plan may trade up to ReplanTolerance for fewer
// moved topics.
func Solve(p Problem, opts Options) Solution {
	started := time.Now()
	in := newInstance(&p, opts)
	sc := newScorer(in)
	greedyPlace(sc, 1)
	if in.previous != nil {
		greedy, greedyValue := sc.snapshot(), sc.total
		sc.load(in.previous)
		if sc.total < greedyValue {
			sc.load(greedy)
		}
	}
	b := searchBudget(in, opts, started)
	chains := annealChains(in, sc.snapshot(), opts.Seed, b)
	if in.previous != nil {
		keepPrevious(sc, chains, b.finish(started, opts))
	} else {
		sc.load(chains[0])
		fillEmptyCells(sc)
	}
	breakRoomTies(sc)
	return in.solution(sc.topicCell)
}

// budget bounds one annealing chain: at most moves moves and, unless the
// deadline is zero, until the deadline. progress says how far along it is,
// from 0 to 1, whichever of the two is further.
type budget struct {
	moves    int
	start    time.Time
	deadline time.Time
	// proven, with a clock, is set by the first chain that reaches the
	// bound so that the other stops too. Without a clock each chain runs
	// its count, so that which plan wins never depends on timing.
	proven *atomic.Bool
}

// searchBudget is the budget of each chain: Options.Iterations moves
// without a clock, or the move count of defaultMoves within the time left
// of Options.Time, less a share for the finishing steps.
func searchBudget(in *instance, opts Options, started time.Time) budget {
	if opts.Iterations > 0 {
		return budget{moves: opts.Iterations}
	}
	total := opts.Time
	if total <= 0 {
		total = DefaultTime
	}
	end := started.Add(total - time.Duration(finishShare*float64(total)))
	return budget{moves: defaultMoves(in), start: time.Now(), deadline: end, proven: new(atomic.Bool)}
}

// finish is the budget of the steps after the search: the rest of the
// whole solve's time, none without a clock.
func (b budget) finish(started time.Time, opts Options) budget {
	if b.deadline.IsZero() {
		return b
	}
	total := opts.Time
	if total <= 0 {
		total = DefaultTime
	}
	return budget{moves: b.moves, start: b.deadline, deadline: started.Add(total)}
}

// progress is the share of the budget used after i moves.
func (b budget) progress(i int) float64 {
	p := float64(i) / float64(max(b.moves, 1))
	if b.proven != nil && b.proven.Load() {
		return 1
	}
	if !b.deadline.IsZero() {
		now := time.Now()
		p = max(p, float64(now.Sub(b.start))/float64(max(b.deadline.Sub(b.start), 1)))
	}
	return min(p, 1)
}

// share is the budget of a first phase: at most moves moves and, with a
// clock, the given share of the time.
func (b budget) share(share float64, moves int) budget {
	out := budget{moves: moves, proven: b.proven}
	if !b.deadline.IsZero() {
		out.start = time.Now()
		out.deadline = out.start.Add(time.Duration(share * float64(b.deadline.Sub(out.start))))
	}
	return out
}

// rest is the budget left after a first phase: the same moves, the time
// from now to the deadline.
func (b budget) rest() budget {
	if b.deadline.IsZero() {
		return b
	}
	return budget{moves: b.moves, start: time.Now(), deadline: b.deadline, proven: b.proven}
}

// timeLeft reports whether the deadline, if any, is still ahead.
func (b budget) timeLeft() bool {
	if b.proven != nil && b.proven.Load() {
		return false
	}
	return b.deadline.IsZero() || time.Now().Before(b.deadline)
}

// defaultMoves is the move count of a chain when the clock may stop it
// first: 6,000 moves per topic it may move, at least 30,000.
func defaultMoves(in *instance) int {
	movable := 0
	for t := 0; t < in.topics; t++ {
		if in.movable(t) && in.demand(t) > 0 {
			movable++
		}
	}
	if movable == 0 {
		return 0
	}
	return max(movesPerTopic*movable, minMoves)
}

// searchChains is the number of independent annealing runs, each with its
// own random stream, run in parallel; the best wins (the first on ties), so
// the result does not depend on how many cores there are, only the time.
const searchChains = 2

// annealChains anneals copies of the start placement, one per chain, and
// returns each chain's best placement, the best first (the first chain on
// ties): which one wins does not depend on how many cores ran them.
func annealChains(in *instance, start []int, seed int64, b budget) [][]int {
	type result struct {
		placement []int
		value     int
	}
	results := make([]result, searchChains)
	var wg sync.WaitGroup
	for k := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(seed), 0x6f70656e73706163+uint64(k))) // "openspac"
			placement, value, _ := runChain(in, start, rng, b)
			results[k] = result{placement, value}
		}()
	}
	wg.Wait()
	slices.SortStableFunc(results, func(x, y result) int { return y.value - x.value })
	placements := make([][]int, len(results))
	for k, r := range results {
		placements[k] = r.placement
	}
	return placements
}

// runChain is one chain: the sketch (on grids where it is worth it), the
// annealing and the descents, from the start placement. When the sketched
// search ends on its move count with time left, it runs again, keeping the
// best: every other run starts afresh from the start placement, because at
// that size runs land in different basins (two plans of one 6 × 10
// conference differ by 8 wishes), and the runs between polish the best plan
// so far once more, because a second polish of a good basin finds more
// than a short fresh run does. The clock already decides how far the
// sketch gets.
//
// It returns the best placement, its value and how many runs it made.
func runChain(in *instance, start []int, rng *rand.Rand, b budget) (best []int, bestValue, runs int) {
	sc := newScorer(in)
	s := newSearch(sc, rng)
	bestValue = -1
	for attempt := b; ; attempt = b.rest() {
		runs++
		sc.load(start)
		heat, exact := 1.0, attempt
		sketched := sketchWorthIt(in) && in.previous == nil && sc.total < in.bound
		if sketched {
			heat = sketchHeat
			if runs%2 == 0 {
				sc.load(best)
			} else {
				startValue := sc.total
				sc.load(newSketch(in, start).anneal(s, rng, attempt.share(sketchShare, sketchMoves(s, attempt.moves))))
				if sc.total < startValue {
					sc.load(start)
					heat = 1
				}
			}
			exact = attempt.rest()
			// Screened moves are cheap: half the count still fills the
			// clock at 10 × 30, and leaves a 6 × 10 time for more runs.
			exact.moves /= 2
			s.screen = newSketch(in, sc.snapshot())
		}
		s.anneal(exact, heat)
		if sc.total < in.bound {
			descend(sc, in.bound, attempt.moves/4, attempt)
		}
		if sc.total < in.bound && attempt.timeLeft() {
			descendPairs(sc)
		}
		if sc.total > bestValue {
			best, bestValue = sc.snapshot(), sc.total
		}
		if !sketched || bestValue >= in.bound || attempt.deadline.IsZero() || !b.timeLeft() {
			return best, bestValue, runs
		}
	}
}

// search is the simulated annealing state: the topics it may move and, per
// topic, the cells it may go to.
type search struct {
	sc      *scorer
	rng     *rand.Rand
	active  []int   // movable topics someone wants: the only ones worth moving
	targets [][]int // per topic: cells that fit it, not blocked, not pinned
	near    [][]int // per topic: the targets whose room suits its demand
	// screen, when set, is a sketch of the scorer's grid: moves it
	// estimates to lose more than screenMargin are not scored exactly
	screen *sketch
}

func newSearch(sc *scorer, rng *rand.Rand) *search {
	in := sc.in
	s := &search{sc: sc, rng: rng, targets: make([][]int, in.topics), near: make([][]int, in.topics)}
	pinnedCell := make([]bool, in.cells())
	for _, c := range in.pinned {
		if c >= 0 {
			pinnedCell[c] = true
		}
	}
	for t := 0; t < in.topics; t++ {
		if !in.movable(t) || in.demand(t) == 0 {
			continue
		}
		for c := 0; c < in.cells(); c++ {
			if in.fitsCell(t, c) && !in.blocked[c] && !pinnedCell[c] {
				s.targets[t] = append(s.targets[t], c)
			}
		}
		if len(s.targets[t]) > 0 {
			s.active = append(s.active, t)
			s.near[t] = nearTargets(in, t, s.targets[t])
		}
	}
	return s
}

// nearTargets keeps the targets whose room seats between half and twice
// what the topic can fill (its demand, at most its largest room), or the
// nearest rooms when none is that close. A popular topic in a small circle,
// or a small one in the hall, is rarely where a better plan lies: most
// moves go near, so that at thirty rooms the search wastes fewer of them.
func nearTargets(in *instance, t int, targets []int) []int {
	largest := 0
	for _, c := range targets {
		largest = max(largest, in.capacity[in.roomOf(c)])
	}
	ideal := float64(max(min(in.demand(t), largest), 1))
	distance := func(c int) float64 {
		return math.Abs(math.Log(float64(in.capacity[in.roomOf(c)]) / ideal))
	}
	var near []int
	for _, c := range targets {
		if distance(c) <= math.Ln2 {
			near = append(near, c)
		}
	}
	if len(near) >= 3*in.sessions || len(near) == len(targets) {
		return near
	}
	byDistance := slices.Clone(targets)
	slices.SortStableFunc(byDistance, func(a, b int) int { return cmp.Compare(distance(a), distance(b)) })
	return byDistance[:min(len(byDistance), 3*in.sessions)]
}

// randomMove draws a topic and a target cell until the move is allowed.
func (s *search) randomMove() (move, bool) {
	for tries := 0; tries < 20; tries++ {
		t := s.active[s.rng.IntN(len(s.active))]
		m, ok := s.sc.moveFor(t, s.target(s.rng, t, s.sc.topicCell[t]))
		if !ok {
			continue
		}
		// Screened, rotations cost little more than swaps: the exact
		// search makes them too.
		if s.screen != nil && m.u >= 0 && m.from >= 0 && m.uTo == m.from && s.rng.Float64() < sketchRotateShare {
			if w, v, ok := s.rotation(s.rng, s.sc.cellTopic, s.sc.hostFree, m.t, m.to, m.u, m.from); ok {
				m.uTo, m.v, m.vTo = w, v, m.from
			}
		}
		return m, true
	}
	return move{}, false
}

// target draws the cell a move sends topic t to from cell `from` (-1:
// unscheduled). Half the time a scheduled topic goes to its own room in
// another session, swapping with the topic there: the seats of both stay
// the same, only the sessions change, so only the voters they share with
// other topics matter. Once the big topics are in rooms that fit them,
// that is the whole difference between good plans (on the roomy 10 × 30
// conferences the plans measured had the same overflow and differed in
// clashes only), and a random target seldom keeps the seats. Otherwise it
// is one of t's targets, near its demand with nearShare. The same-room
// cell may be blocked, or in a session t's host cannot be in: the caller
// checks, as for any move.
func (s *search) target(rng *rand.Rand, t, from int) int {
	in := s.sc.in
	if from >= 0 && in.sessions > 1 && rng.Float64() < sameRoomShare {
		session := rng.IntN(in.sessions - 1)
		if session >= in.sessionOf(from) {
			session++ // another session than t's
		}
		return session*in.rooms + in.roomOf(from)
	}
	targets := s.targets[t]
	if rng.Float64() < nearShare {
		targets = s.near[t]
	}
	return targets[rng.IntN(len(targets))]
}

// anneal runs simulated annealing within the budget and leaves the scorer
// on the best grid seen. Worsening moves are accepted with probability
// exp(delta/temperature); the temperature falls geometrically with the
// budget's progress, from about the size of a typical loss to a fraction
// of one person. It stops at once when nobody can be seated more.
func (s *search) anneal(b budget, heat float64) {
	sc := s.sc
	if len(s.active) == 0 || b.moves <= 0 || sc.total >= sc.in.bound {
		return
	}
	best, bestValue := sc.snapshot(), sc.total
	hot := s.typicalLoss() * hotShare * heat
	if sc.in.previous != nil {
		hot *= replanHeat
	}
	cold := coldTemperature
	hot = max(hot, cold)
	temperature := hot
	for i := 0; ; i++ {
		// The clock is read every 64 moves: often enough to cool smoothly,
		// rarely enough to cost nothing next to a move.
		if i%64 == 0 {
			progress := b.progress(i)
			if progress >= 1 {
				break
			}
			temperature = hot * math.Pow(cold/hot, progress)
		}
		m, ok := s.randomMove()
		if !ok {
			continue
		}
		sm := m.sketched()
		// A topic coming into the grid is always scored exactly: the sketch
		// charges its shared voters even when its room is full anyway, and
		// such moves are few.
		if s.screen != nil && m.from >= 0 && s.screen.delta(&sm) < -4*screenMargin {
			continue
		}
		sc.apply(&m)
		delta := sc.total - m.oldTotal
		if delta < 0 && s.rng.Float64() >= math.Exp(float64(delta)/temperature) {
			sc.undo(&m)
			continue
		}
		if s.screen != nil {
			s.screen.apply(&sm, m.from)
		}
		if sc.total > bestValue {
			bestValue = sc.total
			best = append(best[:0], sc.topicCell...)
			if bestValue >= sc.in.bound {
				if b.proven != nil {
					b.proven.Store(true)
				}
				break // nobody can be seated more: proven optimal
			}
		}
	}
	if sc.total < bestValue {
		sc.load(best)
	}
	s.screen = nil // out of step with the grid from here
}

// typicalLoss samples random moves (undoing them) and returns the mean loss
// of the worsening ones: the starting temperature.
func (s *search) typicalLoss() float64 {
	sum, n := 0, 0
	for i := 0; i < 200; i++ {
		m, ok := s.randomMove()
		if !ok {
			continue
		}
		s.sc.apply(&m)
		if d := s.sc.total - m.oldTotal; d < 0 {
			sum, n = sum-d, n+1
		}
		s.sc.undo(&m)
	}
	if n == 0 {
		return 1
	}
	return float64(sum) / float64(n)
}

// descend applies improving moves until attendance reaches target, none
// is left, `moves` moves were tried or the budget's clock runs out: every
// active topic tries every cell it fits, in turn.
func descend(sc *scorer, target, moves int, b budget) {
	s := newSearch(sc, nil)
	for {
		improved := false
		for _, t := range s.active {
			if !b.timeLeft() || sc.total >= target {
				return
			}
			for _, c := range s.targets[t] {
				m, ok := sc.moveFor(t, c)
				if !ok {
					continue
				}
				if moves--; moves < 0 {
					return
				}
				sc.apply(&m)
				if sc.total > m.oldTotal {
					improved = true
				} else {
					sc.undo(&m)
				}
			}
		}
		if !improved {
			return
		}
	}
}

// descendPairs looks for pairs of moves that together gain, when the first
// loses little: it escapes local optima that need a rotation of three
// topics, which single moves cannot do without a loss. Only for small
// neighbourhoods, where it costs a few milliseconds.
func descendPairs(sc *scorer) {
	s := newSearch(sc, nil)
	singles := 0
	for _, t := range s.active {
		singles += len(s.targets[t])
	}
	if singles > 400 {
		return
	}
	for pass := 0; pass < 10; pass++ {
		improved := false
		for _, t1 := range s.active {
			for _, c1 := range s.targets[t1] {
				m1, ok := sc.moveFor(t1, c1)
				if !ok {
					continue
				}
				sc.apply(&m1)
				if sc.total > m1.oldTotal {
					improved = true
					continue
				}
				if sc.total >= m1.oldTotal-pairFirstLoss && s.secondMove(m1.oldTotal) {
					improved = true
					continue
				}
				sc.undo(&m1)
			}
		}
		if !improved {
			return
		}
	}
}

// secondMove applies the first single move that brings the total above
// target, and reports whether it found one.
func (s *search) secondMove(target int) bool {
	sc := s.sc
	for _, t := range s.active {
		for _, c := range s.targets[t] {
			m, ok := sc.moveFor(t, c)
			if !ok {
				continue
			}
			sc.apply(&m)
			if sc.total > target {
				return true
			}
			sc.undo(&m)
		}
	}
	return false
}
