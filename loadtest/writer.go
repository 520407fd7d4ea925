package loadtest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// The writes (votes, unvotes, the bare broadcaster's publishes) are sent
// by a process of their own, `openspace loadtest-writer`, as they come
// from phones that are not the screens: in the driver's process, the
// answer to a vote waited for the goroutines reading ten thousand
// streams, and the acknowledgement it measured was the driver's delay,
// not the server's. The driver tells it what to send, one JSON line per
// request on its standard input; it answers one JSON line per request on
// its standard output, with the wall-clock times it sent the request and
// got the answer.

// writeRequest is one request for the writer process.
type writeRequest struct {
	ID     int64             `json:"id"`
	Method string            `json:"method"`
	URL    string            `json:"url"`
	Header map[string]string `json:"header,omitempty"`
	Body   string            `json:"body,omitempty"`
	Source int               `json:"source"` // which source address sends it
	Retry  bool              `json:"retry"`  // retry a 429, a 5xx or a network error, as the page's queue does
	// RetryLimited retries a 429 only: a join carries no Idempotency-Key,
	// so sending it again after a lost answer would make a second person.
	RetryLimited bool `json:"retry_limited"`
	Answer       bool `json:"answer"` // return the answer's body
}

// writeResult is the writer's answer for one request.
type writeResult struct {
	ID      int64  `json:"id"`
	Sent    int64  `json:"sent"` // Unix ns of the first attempt
	Ack     int64  `json:"ack"`  // Unix ns of the 2xx answer; 0: none
	Status  int    `json:"status"`
	Retried int64  `json:"retried"`
	Limited int64  `json:"limited"` // 429 answers among the retries
	Failed  string `json:"failed,omitempty"`
	Body    string `json:"body,omitempty"` // the 2xx answer, when asked for
}

// Writer is the writer process: it sends each request read from in, each
// in its own goroutine, and writes its result to out. It ends when in
// does.
func Writer(ctx context.Context, in io.Reader, out io.Writer) error {
	var mu sync.Mutex
	enc := json.NewEncoder(out)
	spreads := map[string]*spread{}
	var wg sync.WaitGroup
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		var req writeRequest
		if err := json.Unmarshal(sc.Bytes(), &req); err != nil {
			return fmt.Errorf("writer: %w", err)
		}
		u, err := url.Parse(req.URL)
		if err != nil {
			return fmt.Errorf("writer: %w", err)
		}
		sp := spreads[u.Host]
		if sp == nil {
			sp = newSpread(u, 8)
			spreads[u.Host] = sp
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := sendWrite(ctx, sp.HTTP(req.Source), req)
			mu.Lock()
			defer mu.Unlock()
			_ = enc.Encode(res)
		}()
	}
	wg.Wait()
	return sc.Err()
}

func sendWrite(ctx context.Context, client *http.Client, req writeRequest) writeResult {
	res := writeResult{ID: req.ID, Sent: time.Now().UnixNano()}
	for attempt := 0; ; attempt++ {
		var body io.Reader
		if req.Body != "" {
			body = strings.NewReader(req.Body)
		}
		hr, err := http.NewRequestWithContext(ctx, req.Method, req.URL, body)
		if err != nil {
			res.Failed = err.Error()
			return res
		}
		for k, v := range req.Header {
			hr.Header.Set(k, v)
		}
		wait := 200 * time.Millisecond
		resp, err := client.Do(hr)
		if err == nil {
			body, _ := io.ReadAll(io.LimitReader(resp.Body, 64*1024))
			resp.Body.Close()
			res.Status = resp.StatusCode
			if resp.StatusCode/100 == 2 {
				res.Ack, res.Failed = time.Now().UnixNano(), ""
				if req.Answer {
					res.Body = string(body)
				}
				return res
			}
			res.Failed = truncate(fmt.Sprintf("%d %s", resp.StatusCode, body))
			if !retryable(resp.StatusCode) {
				return res
			}
			if resp.StatusCode == http.StatusTooManyRequests {
				res.Limited++
				wait = retryAfter(resp.Header.Get("Retry-After"))
			}
		} else {
			res.Failed = truncate(err.Error())
		}
		again := req.Retry || (req.RetryLimited && res.Status == http.StatusTooManyRequests && err == nil)
		if !again || attempt == 10 || ctx.Err() != nil {
			return res
		}
		res.Retried++
		time.Sleep(wait)
	}
}

// truncate keeps an error short: the driver reads the writer's answers
// line by line.
func truncate(s string) string {
	if len(s) > 1024 {
		return s[:1024] + "…"
	}
	return s
}

func retryAfter(h string) time.Duration {
	var s int
	if _, err := fmt.Sscan(h, &s); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	return time.Second
}

// writerProc is the driver's end of a writer process.
type writerProc struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	mu   sync.Mutex // guards enc, next and waits
	enc  *json.Encoder
	next int64
	wait map[int64]chan writeResult
	done chan struct{} // closed when the process's output ended
}

func startWriter(exe string, env []string) (*writerProc, error) {
	cmd := exec.Command(exe, "loadtest-writer")
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the writer process: %w", err)
	}
	w := &writerProc{cmd: cmd, in: in, enc: json.NewEncoder(in), wait: map[int64]chan writeResult{}, done: make(chan struct{})}
	go func() {
		defer close(w.done)
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 64*1024), 4*1024*1024) // an answer's body, when asked for, is at most 64 KiB escaped
		for sc.Scan() {
			var res writeResult
			if json.Unmarshal(sc.Bytes(), &res) != nil {
				continue
			}
			w.mu.Lock()
			ch := w.wait[res.ID]
			delete(w.wait, res.ID)
			w.mu.Unlock()
			if ch != nil {
				ch <- res
			}
		}
	}()
	return w, nil
}

// do has the writer process send req and waits for its result.
func (w *writerProc) do(ctx context.Context, req writeRequest) writeResult {
	ch := make(chan writeResult, 1)
	w.mu.Lock()
	w.next++
	req.ID = w.next
	w.wait[req.ID] = ch
	err := w.enc.Encode(req)
	w.mu.Unlock()
	if err != nil {
		return writeResult{ID: req.ID, Failed: "writer process: " + err.Error()}
	}
	select {
	case res := <-ch:
		return res
	case <-w.done:
		return writeResult{ID: req.ID, Failed: "the writer process ended"}
	case <-ctx.Done():
		return writeResult{ID: req.ID, Failed: ctx.Err().Error()}
	}
}

// cpu is the writer process's CPU time so far.
func (w *writerProc) cpu() (time.Duration, error) { return processCPU(w.cmd.Process.Pid) }

func (w *writerProc) stop() {
	w.in.Close()
	exited := make(chan struct{})
	go func() {
		_ = w.cmd.Wait()
		close(exited)
	}()
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		_ = w.cmd.Process.Kill()
		<-exited
	}
}
