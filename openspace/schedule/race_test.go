//go:build race

package schedule

// raceBuild lets the slowest tests use fewer instances under the race
// detector, which makes the search about ten times slower.
const raceBuild = true
