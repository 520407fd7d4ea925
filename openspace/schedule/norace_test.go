//go:build !race

package schedule

// raceBuild: see schedule_race_test.go.
const raceBuild = false
