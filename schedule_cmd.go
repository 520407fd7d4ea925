package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"openspace/openspace"
	"openspace/openspace/schedule"
)

// runSchedule implements `openspace schedule [-in file] [-out file] [-seed N] [-time D | -moves N]`:
// it reads a problem (docs/SCHEDULING.md, "Formats") and writes the plan. It returns the
// exit status: 0 done, 2 bad flags or bad input, 1 output could not be
// written. Nothing is written unless the whole plan is ready, and -out
// replaces its file atomically, so a failure never leaves partial output.
func runSchedule(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("openspace schedule", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "problem JSON `file` (default: standard input)")
	out := fs.String("out", "", "plan JSON `file` (default: standard output)")
	seed := fs.Int64("seed", 0, "random seed: the same problem, seed and budget give the same plan unless the clock stops the search")
	budget := new(time.Duration)
	*budget = schedule.DefaultTime
	fs.Func("time", "time budget of the search, such as 1s or 500ms: it stops earlier on a proven optimum (default 1s)", func(v string) error {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("%q is not a duration: write it as 1s, 2.5s or 500ms", v)
		}
		*budget = d
		return nil
	})
	moves := fs.Int("moves", 0, "moves per search chain instead of a time budget: the same problem and seed then always give the same plan")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: openspace schedule [-in problem.json] [-out plan.json] [-seed N] [-time 1s | -moves N]")
		fmt.Fprintln(fs.Output(), "Computes the plan that lets the most people attend the topics they voted for.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2 // the flag package has printed what is wrong and the usage
	}
	if *budget <= 0 {
		fmt.Fprintf(stderr, "openspace schedule: -time must be positive, not %s\n", *budget)
		return 2
	}
	if *moves < 0 {
		fmt.Fprintf(stderr, "openspace schedule: -moves cannot be negative, not %d\n", *moves)
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "openspace schedule: unexpected argument %q (use -in to name the problem file)\n", fs.Arg(0))
		return 2
	}
	problem, err := readProblemFrom(*in, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "openspace schedule: %s\n", err)
		return 2
	}
	plan, err := json.MarshalIndent(schedule.Solve(problem, schedule.Options{Seed: *seed, Time: *budget, Iterations: *moves}), "", "  ")
	if err != nil {
		fmt.Fprintf(stderr, "openspace schedule: encode the plan: %v\n", err)
		return 1
	}
	plan = append(plan, '\n')
	if err := writePlan(*out, plan, stdout); err != nil {
		fmt.Fprintf(stderr, "openspace schedule: %v\n", err)
		return 1
	}
	return 0
}

// readProblemFrom reads and validates the problem from the file, or from
// stdin when path is empty. Errors say what is wrong in plain words.
func readProblemFrom(path string, stdin io.Reader) (schedule.Problem, error) {
	source, name := stdin, "standard input"
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return schedule.Problem{}, fmt.Errorf("cannot read the problem: %w", err)
		}
		source, name = bytes.NewReader(data), path
	}
	p, err := schedule.ReadProblem(source)
	if err != nil {
		if openspace.ErrorCode(err) == openspace.EINVALID {
			return p, fmt.Errorf("%s: %s", name, openspace.ErrorMessage(err))
		}
		return p, fmt.Errorf("%s: %w", name, err)
	}
	return p, nil
}

// writePlan writes the plan to stdout, or to the file through a temporary
// file in the same folder renamed over it, so readers never see half a plan.
func writePlan(path string, plan []byte, stdout io.Writer) error {
	if path == "" {
		_, err := stdout.Write(plan)
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write the plan: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(plan); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot write the plan: %w", err)
	}
	if err := tmp.Chmod(0o644); err != nil { // CreateTemp makes it private
		tmp.Close()
		return fmt.Errorf("cannot write the plan: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot write the plan: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write the plan: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("cannot write the plan: %w", err)
	}
	return nil
}
