package schedule

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

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

// bestKnown returns the attended of the record in testdata/conference/best.json
// for each instance whose problem the generator still makes.
func bestKnown(tb testing.TB) map[string]int {
	tb.Helper()
	known := map[string]int{}
	for _, r := range readBest(tb) {
		size, ok := conferenceSizeNamed(r.Instance)
		if ok && problemDigest(tb, size.problem(tb, r.Seed)) == r.Problem {
			known[size.instanceName(r.Seed)] = r.Attended
		}
	}
	return known
}

// BenchmarkConference times Solve with default options on every instance
// of conferenceSizes and reports the plan (attended), the bound, the gap
// between them, the greedy peer, the best plan long searches found
// (best_known, from testdata/conference/best.json) and the ratio to it, and
// how many rules of checkPlan the plan breaks (broken_rules, 0 unless the
// solver is wrong).
//
//	go test ./openspace/schedule -run '^$' -bench Conference -benchtime 1x
func BenchmarkConference(b *testing.B) {
	known := bestKnown(b)
	for _, size := range conferenceSizes {
		for _, seed := range size.seeds {
			name := size.instanceName(seed)
			b.Run(name, func(b *testing.B) {
				p := size.problem(b, seed)
				greedy := SolveGreedy(p)
				var s Solution
				for b.Loop() {
					s = Solve(p, Options{Seed: 1})
				}
				b.ReportMetric(float64(s.Score.Attended), "attended")
				b.ReportMetric(float64(s.Score.UpperBound), "upper_bound")
				b.ReportMetric(float64(s.Score.UpperBound-s.Score.Attended), "gap")
				b.ReportMetric(float64(greedy.Score.Attended), "greedy_attended")
				if best, ok := known[name]; ok {
					b.ReportMetric(float64(best), "best_known")
					b.ReportMetric(float64(s.Score.Attended)/float64(max(best, 1)), "ratio_to_best")
				}
				b.ReportMetric(float64(len(planViolations(p, s))), "broken_rules")
			})
		}
	}
}

var printTable = flag.Bool("table", false, "TestConferenceTable: print the benchmark table of docs/SCHEDULING.md")

// TestConferenceTable prints the table of docs/SCHEDULING.md, "Measured":
// one Solve with default options per instance, timed on the wall clock.
//
//	go test ./openspace/schedule -run '^TestConferenceTable$' -table -v
func TestConferenceTable(t *testing.T) {
	if !*printTable {
		t.Skip("prints the benchmark table with -table")
	}
	known := bestKnown(t)
	var out strings.Builder
	out.WriteString("| instance | plan | bound | gap | greedy | best known | plan / best | time |\n")
	out.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|\n")
	var notes []string
	for _, size := range conferenceSizes {
		for _, seed := range size.seeds {
			name := size.instanceName(seed)
			p := size.problem(t, seed)
			greedy := SolveGreedy(p)
			start := time.Now()
			s := Solve(p, Options{Seed: 1})
			elapsed := time.Since(start)
			plan := thousands(s.Score.Attended)
			if broken := planViolations(p, s); len(broken) > 0 {
				plan += fmt.Sprintf(" (%d)", len(notes)+1)
				notes = append(notes, fmt.Sprintf("(%d) %s: breaks %d rules, e.g. %s", len(notes)+1, name, len(broken), broken[0]))
			}
			best, ratio := "–", "–"
			if b, ok := known[name]; ok {
				best, ratio = thousands(b), fmt.Sprintf("%.2f %%", 100*float64(s.Score.Attended)/float64(max(b, 1)))
			}
			fmt.Fprintf(&out, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", tableName(size, p, seed), plan,
				thousands(s.Score.UpperBound), thousands(s.Score.UpperBound-s.Score.Attended), thousands(greedy.Score.Attended),
				best, ratio, tableTime(elapsed))
		}
	}
	for _, note := range notes {
		out.WriteString("\n" + note + "\n")
	}
	fmt.Print(out.String())
}

// tableName describes an instance the way the docs do:
// "6 × 10, 80 topics, 1,000 voters (seed 1)".
func tableName(size conferenceSize, p Problem, seed int64) string {
	if size.fixture {
		return "Paris fixture"
	}
	name := fmt.Sprintf("%d × %d, %d topics, %s voters", len(p.Sessions), len(p.Rooms), len(p.Topics), thousands(len(p.Votes)))
	if size.opts.Seats > 1 {
		name += fmt.Sprintf(", seats for %.0f %%", 100*size.opts.Seats)
	}
	if size.overflow {
		name += ", overflow"
	}
	return fmt.Sprintf("%s (seed %d)", name, seed)
}

// thousands writes n with a comma every three digits, as the docs do.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// tableTime writes a duration in ms below a second, in s above.
func tableTime(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}
