package loadtest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// process is a server the driver started in a process of its own, so that
// it pays for its sockets and goroutines alone and /proc shows its memory
// and CPU apart from the driver's.
type process struct {
	cmd  *exec.Cmd
	url  string
	dir  string // removed when it stops
	done chan error
	logs *tail
}

// startProcess runs exe with args and waits for its "msg=serving
// url=http://…" log line on stderr.
func startProcess(ctx context.Context, exe string, env []string, dir string, args ...string) (*process, error) {
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", exe, err)
	}
	p := &process{cmd: cmd, dir: dir, done: make(chan error, 1), logs: &tail{}}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			line := sc.Text()
			p.logs.add(line)
			if strings.Contains(line, "msg=serving") {
				if _, u, ok := strings.Cut(line, " url="); ok {
					u, _, _ = strings.Cut(u, " ")
					select {
					case found <- u:
					default:
					}
				}
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
		p.done <- cmd.Wait()
	}()
	select {
	case p.url = <-found:
		return p, nil
	case err := <-p.done:
		p.done <- err
		return nil, fmt.Errorf("%s stopped before serving (%v): %s", exe, err, p.logs)
	case <-time.After(20 * time.Second):
	case <-ctx.Done():
	}
	p.stop()
	return nil, fmt.Errorf("%s did not say where it serves within 20 s: %s", exe, p.logs)
}

func (p *process) pid() int { return p.cmd.Process.Pid }

// stop asks the server to shut down (SIGTERM), kills it after 15 s, and
// removes its folder.
func (p *process) stop() error {
	defer func() {
		if p.dir != "" {
			os.RemoveAll(p.dir)
		}
	}()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("the server exited with %v: %s", err, p.logs)
		}
		return err
	case <-time.After(15 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
		return errors.New("the server did not stop within 15 s of SIGTERM: killed")
	}
}

// tail keeps a process's last log lines for error messages.
type tail struct {
	mu    sync.Mutex
	lines []string
}

func (t *tail) add(s string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.lines = append(t.lines, s)
	if len(t.lines) > 8 {
		t.lines = t.lines[1:]
	}
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(t.lines, " | ")
}
