package schedule

// Attend returns the exact attendance of a given grid: the slots as given
// (the first of conflicting slots wins, unknown ids are dropped), who sits
// where from one max-flow per session, and the score. It is how the app
// scores a grid the organizer edited by hand and assigns people at publish.
func Attend(p Problem, slots []Slot) Solution {
	in := newInstance(&p, Options{})
	return in.solution(in.placementOf(slots))
}
