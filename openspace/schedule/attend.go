package schedule

import "slices"

// Attend returns the exact attendance of a given grid: the slots as given
// (the first of conflicting slots wins, unknown ids are dropped), who sits
// where from one max-flow per session, and the score. It is how the app
// scores a grid the organizer edited by hand and assigns people at publish.
// Such a grid may put a topic where its host said they cannot be: the
// bound is then that of the problem without that restriction, so that it
// still bounds every plan including this one.
func Attend(p Problem, slots []Slot) Solution {
	q := p
	q.Topics = slices.Clone(p.Topics)
	index := map[string]int{}
	for i, t := range q.Topics {
		if _, dup := index[t.ID]; !dup {
			index[t.ID] = i
		}
	}
	for _, s := range slots {
		if i, ok := index[s.Topic]; ok && q.Topics[i].Sessions != nil && !slices.Contains(q.Topics[i].Sessions, s.Session) {
			q.Topics[i].Sessions = nil
		}
	}
	in := newInstance(&q, Options{})
	return in.solution(in.placementOf(slots))
}
