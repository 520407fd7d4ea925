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

	"openspace/openspace"
	"openspace/openspace/schedule"
)

// runSchedule implements `openspace schedule [-in file] [-out file] [-seed N]`:
// it reads a problem (docs/SCHEDULING.md, "Formats") and writes the plan. It returns the
// exit status: 0 done, 2 bad flags or bad input, 1 output could not be
// written. Nothing is written unless the whole plan is ready, and -out
// replaces its file atomically, so a failure never leaves partial output.
func runSchedule(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("openspace schedule", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "problem JSON `file` (default: standard input)")
	out := fs.String("out", "", "plan JSON `file` (default: standard output)")
	seed := fs.Int64("seed", 0, "random seed: the same problem and seed give the same plan")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: openspace schedule [-in problem.json] [-out plan.json] [-seed N]")
		fmt.Fprintln(fs.Output(), "Computes the plan that lets the most people attend the topics they voted for.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2 // the flag package has printed what is wrong and the usage
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
	plan, err := json.MarshalIndent(schedule.Solve(problem, schedule.Options{Seed: *seed}), "", "  ")
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
