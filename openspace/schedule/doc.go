// Package schedule computes the plan of an event: which topic goes in which
// cell (session × room) so that the most people attend what they voted
// for, and who sits where. See docs/SCHEDULING.md for the formats, the
// algorithm and the measured benchmark.
//
// What it solves: given sessions, rooms (capacity, equipment), topics
// (needed equipment, pins) and votes, maximise attended, the number of
// (attendee, voted topic) pairs honoured, with at most one topic per cell,
// one cell per topic, one topic per attendee and session, and no room over
// capacity.
//
// How:
//   - Attendance for a given grid is exact: one max-flow per session
//     (Dinic, flow.go), so Attend scores any grid the organizer edits.
//   - The grid is searched: a conflict-aware greedy (SolveGreedy), then
//     simulated annealing over moves, swaps and replacements scored by
//     incremental exact flows (Solve, search.go, score.go), a descent, and
//     tie-breaks (finish.go). It stops on a proven optimum (the bound of
//     bound.go), after its move count, or at its time budget (1 s by
//     default); Options.Iterations gives a reproducible run at any size.
//   - Hosts sit in their own topics, which never share a session, and a
//     topic runs only in the sessions its host can be in.
//   - Tests measure Solve against the proven optimum of an exact
//     branch-and-bound with meet-in-the-middle (SolveExact, in
//     exact_solver_test.go) on generated instances (GenerateProblem, in
//     generate_test.go); both exist only in tests. Package scheduletest
//     has a brute force for tests outside this package.
//
// event.go is the bridge to the app: the problem of an event (ProblemFor),
// slots from and to plans, the seats at publish (Seating) and the report
// the organizer sees (Report, DraftReport).
package schedule
