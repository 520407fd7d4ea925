package schedule

// What the external tests (package schedule_test) reach of the internal
// test helpers.
var CheckSolution = checkSolution

const MaxExactTopics = maxExactTopics

var WithHosts = withHosts
