package schedule

import "testing"

// benchSizes are the instances of the benchmark table in docs/SCHEDULING.md.
// exact marks those small enough for SolveExact to prove the optimum.
var benchSizes = []struct {
	name  string
	opts  GenOptions // zero Seed: the Paris fixture instead
	exact bool
}{
	{"paris-fixture", GenOptions{}, true},
	{"12topics-3x4-40voters", GenOptions{Seed: 1, Topics: 12, Sessions: 3, Rooms: 4, Voters: 40, Dots: 3}, true},
	{"16topics-4x4-80voters", GenOptions{Seed: 2, Topics: 16, Sessions: 4, Rooms: 4, Voters: 80, Dots: 4}, true},
	{"16topics-2x6-100voters", GenOptions{Seed: 3, Topics: 16, Sessions: 2, Rooms: 6, Voters: 100, Dots: 4, Groups: 3}, true},
	{"30topics-4x6-200voters", GenOptions{Seed: 4, Topics: 30, Sessions: 4, Rooms: 6, Voters: 200, Dots: 4}, false},
	{"80topics-6x10-1000voters", GenOptions{Seed: 5, Topics: 80, Sessions: 6, Rooms: 10, Voters: 1000, Dots: 6}, false},
	{"150topics-8x16-3000voters", GenOptions{Seed: 6, Topics: 150, Sessions: 8, Rooms: 16, Voters: 3000, Dots: 6}, false},
	{"200topics-6x30-3000voters", GenOptions{Seed: 7, Topics: 200, Sessions: 6, Rooms: 30, Voters: 3000, Dots: 6}, false},
}

// BenchmarkSolve times Solve with default options per instance size and
// reports the quality: attended, the upper bound, the greedy peer, the
// proven optimum where SolveExact can find it, and the ratio of attended to
// the optimum (or to the upper bound when the optimum is unknown).
func BenchmarkSolve(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(size.name, func(b *testing.B) {
			p := benchProblem(b, size.opts)
			greedy := SolveGreedy(p)
			optimum := -1
			if size.exact {
				exact, ok := SolveExact(p, 16)
				if !ok {
					b.Fatal("SolveExact gave up")
				}
				optimum = exact.Score.Attended
			}
			var s Solution
			for b.Loop() {
				s = Solve(p, Options{Seed: 1})
			}
			b.ReportMetric(float64(s.Score.Attended), "attended")
			b.ReportMetric(float64(s.Score.UpperBound), "upper_bound")
			b.ReportMetric(float64(greedy.Score.Attended), "greedy_attended")
			if optimum >= 0 {
				b.ReportMetric(float64(optimum), "exact_optimum")
				b.ReportMetric(float64(s.Score.Attended)/float64(max(optimum, 1)), "ratio_to_optimum")
			} else {
				b.ReportMetric(float64(s.Score.Attended)/float64(max(s.Score.UpperBound, 1)), "ratio_to_bound")
			}
		})
	}
}

// BenchmarkSolveExact times the proof of optimality on the small sizes.
func BenchmarkSolveExact(b *testing.B) {
	for _, size := range benchSizes {
		if !size.exact {
			continue
		}
		b.Run(size.name, func(b *testing.B) {
			p := benchProblem(b, size.opts)
			var s Solution
			for b.Loop() {
				s, _ = SolveExact(p, 16)
			}
			b.ReportMetric(float64(s.Score.Attended), "exact_optimum")
		})
	}
}

// BenchmarkSolveGreedy times the greedy peer.
func BenchmarkSolveGreedy(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(size.name, func(b *testing.B) {
			p := benchProblem(b, size.opts)
			var s Solution
			for b.Loop() {
				s = SolveGreedy(p)
			}
			b.ReportMetric(float64(s.Score.Attended), "greedy_attended")
		})
	}
}

func benchProblem(b *testing.B, opts GenOptions) Problem {
	if opts.Seed == 0 {
		return readFixture(b)
	}
	return GenerateProblem(opts)
}
