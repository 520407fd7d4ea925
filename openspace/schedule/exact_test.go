package schedule_test

import (
	"fmt"
	"testing"

	"openspace/openspace/schedule"
	"openspace/openspace/schedule/scheduletest"
)

func TestSolveExactMatchesBruteForce(t *testing.T) {
	for seed := int64(1); seed <= 12; seed++ {
		opts := schedule.GenOptions{Seed: seed, Topics: 5 + int(seed%2), Sessions: 2, Rooms: 2 + int(seed%2), Voters: 8 + int(seed%7), Dots: 2 + int(seed%2), Groups: 2, Screen: 0.3}
		if seed%3 == 0 {
			opts.Pins = 1
		}
		p := schedule.GenerateProblem(opts)
		if seed%2 == 0 {
			p = schedule.WithHosts(p, seed)
		}
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			exact, ok := schedule.SolveExact(p, 16)
			if !ok {
				t.Fatal("SolveExact gave up")
			}
			schedule.CheckSolution(t, p, exact)
			brute, ok := scheduletest.BruteForce(p)
			if !ok {
				t.Fatalf("BruteForce refused %d topics", len(p.Topics))
			}
			if got, want := exact.Score.Attended, brute.Score.Attended; got != want {
				t.Errorf("SolveExact attended = %d, brute force finds %d", got, want)
			}
		})
	}
}

func TestSolveExactGivesUpOnLargeProblems(t *testing.T) {
	p := schedule.GenerateProblem(schedule.GenOptions{Seed: 1, Topics: 30, Sessions: 4, Rooms: 5, Voters: 100})
	if _, ok := schedule.SolveExact(p, 16); ok {
		t.Error("SolveExact accepted 30 topics with a limit of 16")
	}
	if _, ok := schedule.SolveExact(p, 100); ok {
		t.Errorf("SolveExact accepted 30 topics, beyond its hard limit of %d", schedule.MaxExactTopics)
	}
}
