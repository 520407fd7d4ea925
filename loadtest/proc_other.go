//go:build !linux

package loadtest

import (
	"errors"
	"time"
)

var errNoProc = errors.New("no /proc on this system")

func processRSS(int) (int64, error)         { return 0, errNoProc }
func processCPU(int) (time.Duration, error) { return 0, errNoProc }
func selfCPU() time.Duration                { return 0 }
