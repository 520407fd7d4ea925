//go:build !race

package openspace

// raceBuild: see schedule_race_test.go.
const raceBuild = false
