package schedule

import (
	"math"
	"math/rand/v2"
	"sync"
)

// Options tune Solve. The zero value is a fresh plan with seed 0.
type Options struct {
	// Seed drives the search: the same problem and seed give the same plan.
	Seed int64
	// Iterations is the number of moves the annealing tries; 0 picks a
	// count from the size of the problem (about half a second for 80
	// topics × 60 cells × 1,000 voters on a 2-core machine). Work is
	// bounded by counts, never by the clock, so results are reproducible.
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
	iterations := opts.Iterations
	if iterations <= 0 {
		iterations = defaultIterations(in)
	}
	sc.load(annealChains(in, sc.snapshot(), opts.Seed, iterations))
	if in.previous != nil {
		keepPrevious(sc)
	} else {
		fillEmptyCells(sc)
	}
	breakRoomTies(sc)
	return in.solution(sc.topicCell)
}

// defaultIterations scales the annealing to the problem: 6,000 moves per
// topic it may move, at least 30,000, and at most what keeps the work of
// one chain near 100,000 moves of the reference event (80 topics, 10
// rooms, 1,000 voters with 6 dots: about 75 voters per topic), which takes
// about half a second on a 2-core machine. A move costs more with more
// voters per topic and more rooms, hence the division.
func defaultIterations(in *instance) int {
	movable, voters := 0, 0
	for t := 0; t < in.topics; t++ {
		if in.movable(t) && in.demand(t) > 0 {
			movable++
			voters += in.demand(t)
		}
	}
	if movable == 0 {
		return 0
	}
	// Beyond 10 rooms a flow has more nodes, and beyond denseRooms counting
	// needs a hash table: fewer moves keep the time in bounds.
	const referenceWork = 100_000 * (75 + 5) * 10
	limit := referenceWork / ((voters/movable + 5) * max(in.rooms, 10))
	return min(max(movesPerTopic*movable, minMoves), limit)
}

// searchChains is the number of independent annealing runs, each with its
// own random stream, run in parallel; the best wins (the first on ties), so
// the result does not depend on how many cores there are, only the time.
const searchChains = 2

// annealChains anneals copies of the start placement and returns the best
// placement found.
func annealChains(in *instance, start []int, seed int64, iterations int) []int {
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
			sc := newScorer(in)
			sc.load(start)
			rng := rand.New(rand.NewPCG(uint64(seed), 0x6f70656e73706163+uint64(k))) // "openspac"
			newSearch(sc, rng).anneal(iterations)
			if sc.total < in.bound {
				descend(sc, iterations/4)
			}
			if sc.total < in.bound {
				descendPairs(sc)
			}
			results[k] = result{sc.snapshot(), sc.total}
		}()
	}
	wg.Wait()
	best := 0
	for k := range results {
		if results[k].value > results[best].value {
			best = k
		}
	}
	return results[best].placement
}

// search is the simulated annealing state: the topics it may move and, per
// topic, the cells it may go to.
type search struct {
	sc      *scorer
	rng     *rand.Rand
	active  []int   // movable topics someone wants: the only ones worth moving
	targets [][]int // per topic: cells that fit it, not blocked, not pinned
}

func newSearch(sc *scorer, rng *rand.Rand) *search {
	in := sc.in
	s := &search{sc: sc, rng: rng, targets: make([][]int, in.topics)}
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
		}
	}
	return s
}

// randomMove draws a topic and a target cell until the move is allowed.
func (s *search) randomMove() (move, bool) {
	for tries := 0; tries < 20; tries++ {
		t := s.active[s.rng.IntN(len(s.active))]
		targets := s.targets[t]
		if m, ok := s.sc.moveFor(t, targets[s.rng.IntN(len(targets))]); ok {
			return m, true
		}
	}
	return move{}, false
}

// anneal runs simulated annealing for the given number of moves and leaves
// the scorer on the best grid seen. Worsening moves are accepted with
// probability exp(delta/temperature); the temperature falls geometrically
// from about the size of a typical loss to a fraction of one person.
func (s *search) anneal(iterations int) {
	sc := s.sc
	if len(s.active) == 0 || iterations <= 0 || sc.total >= sc.in.bound {
		return
	}
	best, bestValue := sc.snapshot(), sc.total
	hot := s.typicalLoss() * hotShare
	cold := coldTemperature
	hot = max(hot, cold)
	cooling := math.Pow(cold/hot, 1/float64(iterations))
	temperature := hot
	for i := 0; i < iterations; i++ {
		temperature *= cooling
		m, ok := s.randomMove()
		if !ok {
			continue
		}
		sc.apply(&m)
		delta := sc.total - m.oldTotal
		if delta < 0 && s.rng.Float64() >= math.Exp(float64(delta)/temperature) {
			sc.undo(&m)
			continue
		}
		if sc.total > bestValue {
			bestValue = sc.total
			best = append(best[:0], sc.topicCell...)
			if bestValue >= sc.in.bound {
				break // nobody can be seated more: proven optimal
			}
		}
	}
	if sc.total < bestValue {
		sc.load(best)
	}
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

// descend applies improving moves until none is left or `budget` moves
// were tried: every active topic tries every cell it fits, in turn.
func descend(sc *scorer, budget int) {
	s := newSearch(sc, nil)
	for {
		improved := false
		for _, t := range s.active {
			for _, c := range s.targets[t] {
				m, ok := sc.moveFor(t, c)
				if !ok {
					continue
				}
				if budget--; budget < 0 {
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
