package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	bolt "go.etcd.io/bbolt"

	"openspace/openspace"
	"openspace/store"
)

// buildBinary builds the program with `go build` into the test's
// temporary directory, so that the test can run it as a process and kill it.
func buildBinary(tb testing.TB) string {
	tb.Helper()
	bin := filepath.Join(tb.TempDir(), "openspace")
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		tb.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// process is the real binary, running on a data file.
type process struct {
	cmd    *exec.Cmd
	base   string        // http://127.0.0.1:port
	stderr *bytes.Buffer // the log, once the process ended
	done   chan struct{} // closed when the process ended
}

// startBinary runs the built binary on dbPath with the given extra flags and
// waits for its "serving" log line.
func startBinary(tb testing.TB, bin, dbPath string, args ...string) *process {
	tb.Helper()
	cmd := exec.Command(bin, append([]string{"-addr", "127.0.0.1:0", "-db", dbPath}, args...)...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	pipe, err := cmd.StderrPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	p := &process{cmd: cmd, stderr: &bytes.Buffer{}, done: make(chan struct{})}
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			line := sc.Text()
			p.stderr.WriteString(line + "\n")
			if strings.Contains(line, "msg=serving") {
				if u := between(line, "url=", " "); u != "" {
					ready <- u
				}
			}
		}
		cmd.Wait()
		close(p.done)
	}()
	tb.Cleanup(func() { p.kill() })
	select {
	case u := <-ready:
		p.base = u
	case <-p.done:
		tb.Fatalf("the binary exited before serving:\n%s", p.stderr)
	case <-time.After(15 * time.Second):
		p.kill()
		tb.Fatalf("the binary did not start:\n%s", p.stderr)
	}
	return p
}

// kill sends SIGKILL and waits until the process is gone (its file lock
// with it).
func (p *process) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// crashCall sends JSON with optional headers and decodes the answer into out
// (when not nil). It returns the status, or an error when no answer came.
func crashCall(client *http.Client, method, url string, headers map[string]string, body, out any) (int, error) {
	var r io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		r = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		return 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err // the answer was cut: not acknowledged
	}
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(data, out); err != nil {
			return 0, fmt.Errorf("decode %s: %w", data, err)
		}
	}
	return resp.StatusCode, nil
}

// crashVoter is one attendee's ballot as the client knows it: the last
// acknowledged answer, and what the votes sent since without an answer
// (cut by a kill) may have made of it.
type crashVoter struct {
	id, token string
	acked     []string   // the ballot of the last acknowledged answer
	possible  [][]string // acked, and acked with any unanswered vote since applied
}

type crashOp struct {
	topic string
	put   bool
}

// apply is the ballot after op.
func (op crashOp) apply(ballot []string) []string {
	out := slices.DeleteFunc(slices.Clone(ballot), func(t string) bool { return t == op.topic })
	if op.put {
		out = append(out, op.topic)
	}
	return out
}

// TestSIGKILLUnderVoteLoseNothing is the data promise: SIGKILL at random
// moments under a steady vote load, 20 times, restarting each time on the
// same file. Every acknowledged vote is stored, none is counted twice,
// nobody is over budget and bbolt's consistency check is clean after each
// kill. A hot backup taken during the load opens and passes the check.
func TestSIGKILLUnderVoteLoseNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a real process 20 times")
	}
	const (
		rounds  = 20
		workers = 4
		voters  = 24
		topics  = 8
		budget  = 3
		token   = "operator-secret-for-the-crash-test"
	)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "openspace.db")
	client := &http.Client{Timeout: 5 * time.Second}

	// The evening: voting open, 8 topics, 24 attendees.
	bin := buildBinary(t)
	p := startBinary(t, bin, dbPath, "-operator-token", token)
	var created struct {
		Event struct {
			ID string `json:"id"`
		} `json:"event"`
		OrganizerKey string `json:"organizer_key"`
	}
	setup := map[string]any{"title": "Crash test", "dot_budget": budget,
		"sessions": []map[string]any{{"title": "S1", "duration": 30}},
		"rooms":    []map[string]any{{"name": "A", "capacity": 50}}}
	if st, err := crashCall(client, "POST", p.base+"/api/events", nil, setup, &created); err != nil || st != http.StatusCreated {
		t.Fatalf("create event: %d %v", st, err)
	}
	eventID := created.Event.ID
	org := map[string]string{"X-Organizer-Key": created.OrganizerKey}
	if st, err := crashCall(client, "PATCH", p.base+"/api/events/"+eventID+"/phases", org, map[string]bool{"voting_open": true}, nil); err != nil || st != http.StatusOK {
		t.Fatalf("open voting: %d %v", st, err)
	}
	var topicIDs []string
	for i := range topics {
		var tp struct {
			ID string `json:"id"`
		}
		if st, err := crashCall(client, "POST", p.base+"/api/events/"+eventID+"/topics", org, map[string]string{"title": fmt.Sprintf("Topic %d", i)}, &tp); err != nil || st != http.StatusCreated {
			t.Fatalf("topic %d: %d %v", i, st, err)
		}
		topicIDs = append(topicIDs, tp.ID)
	}
	people := make([]*crashVoter, voters)
	for i := range people {
		var joined struct {
			Attendee struct {
				ID string `json:"id"`
			} `json:"attendee"`
			Token string `json:"token"`
		}
		if st, err := crashCall(client, "POST", p.base+"/api/events/"+eventID+"/join", nil, map[string]string{"name": fmt.Sprintf("P%d", i)}, &joined); err != nil || st != http.StatusCreated {
			t.Fatalf("join %d: %d %v", i, st, err)
		}
		people[i] = &crashVoter{id: joined.Attendee.ID, token: joined.Token, possible: [][]string{nil}}
	}

	acked, refused, lost := 0, 0, 0
	var mu sync.Mutex
	start := time.Now()
	for round := range rounds {
		if round > 0 {
			p = startBinary(t, bin, dbPath, "-operator-token", token)
		}
		stopLoad := make(chan struct{})
		var wg sync.WaitGroup
		for g := range workers {
			mine := people[g*voters/workers : (g+1)*voters/workers]
			rng := rand.New(rand.NewPCG(uint64(round), uint64(g)))
			wg.Go(func() {
				for i := 0; ; i++ {
					select {
					case <-stopLoad:
						return
					default:
					}
					v := mine[i%len(mine)]
					op := crashOp{topic: topicIDs[rng.IntN(len(topicIDs))]}
					op.put = !slices.Contains(v.acked, op.topic)
					method := "DELETE"
					if op.put {
						method = "PUT"
					}
					var ballot struct {
						Topics []string `json:"topics"`
					}
					st, err := crashCall(client, method, p.base+"/api/events/"+eventID+"/topics/"+op.topic+"/vote",
						map[string]string{"Authorization": "Bearer " + v.token}, nil, &ballot)
					mu.Lock()
					switch {
					case err != nil: // the server died under it: it may have landed
						for _, b := range v.possible {
							v.possible = append(v.possible, op.apply(b))
						}
						lost++
						mu.Unlock()
						return // this round is over for this goroutine
					case st == http.StatusOK:
						v.acked, v.possible = ballot.Topics, [][]string{ballot.Topics}
						acked++
					default: // refused (no dots left, rate limit): nothing changed
						refused++
					}
					mu.Unlock()
				}
			})
		}
		if round == rounds/2 {
			checkHotBackup(t, client, p.base, token, eventID, filepath.Join(dir, "backup.db"))
		}
		time.Sleep(time.Duration(150+rand.IntN(350)) * time.Millisecond)
		p.kill()
		close(stopLoad)
		wg.Wait()
		checkBoltFile(t, dbPath)
		if t.Failed() {
			t.Fatalf("round %d: the file is damaged", round)
		}
	}
	t.Logf("%d rounds in %v: %d votes acknowledged, %d refused, %d cut by the kill", rounds, time.Since(start).Round(time.Millisecond), acked, refused, lost)
	if acked < rounds*10 {
		t.Fatalf("only %d votes acknowledged in %d rounds: the load did not run", acked, rounds)
	}

	// What the file holds after the 20th kill.
	st, err := store.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stored, err := st.Votes(context.Background(), eventID)
	if err != nil {
		t.Fatal(err)
	}
	perTopic := map[string]int{}
	for _, v := range people {
		got := stored[v.id]
		for _, tp := range got {
			perTopic[tp]++
		}
		if len(got) > budget {
			t.Errorf("attendee %s has %d dots, over the budget of %d", v.id, len(got), budget)
		}
		want := v.possible
		if !slices.ContainsFunc(want, func(w []string) bool { return sameSet(w, got) }) {
			t.Errorf("attendee %s: stored ballot %v, want %v (the last acknowledged answer, or it with the vote in flight)", v.id, got, want)
		}
	}
	stTopics, err := st.Topics(context.Background(), eventID)
	if err != nil {
		t.Fatal(err)
	}
	for _, tp := range stTopics {
		if tp.Votes != perTopic[tp.ID] {
			t.Errorf("topic %q counts %d votes, %d are stored", tp.Title, tp.Votes, perTopic[tp.ID])
		}
	}
}

func sameSet(a, b []string) bool {
	return len(a) == len(b) && !slices.ContainsFunc(a, func(x string) bool { return !slices.Contains(b, x) })
}

// checkBoltFile opens the file with bbolt alone and runs its consistency check.
func checkBoltFile(tb testing.TB, path string) {
	tb.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second, ReadOnly: true})
	if err != nil {
		tb.Errorf("bolt.Open %s: %v", path, err)
		return
	}
	defer db.Close()
	if err := db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			tb.Errorf("bbolt check of %s: %v", filepath.Base(path), err)
		}
		return nil
	}); err != nil {
		tb.Errorf("view %s: %v", path, err)
	}
}

// checkHotBackup downloads GET /api/backup while the load runs and checks
// the copy: bbolt's check is clean and it opens as a store with the event.
func checkHotBackup(tb testing.TB, client *http.Client, base, token, eventID, path string) {
	tb.Helper()
	req, _ := http.NewRequest("GET", base+"/api/backup", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		tb.Fatalf("backup: %v", err)
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		tb.Fatalf("backup: status %d, %v", resp.StatusCode, err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		tb.Fatal(err)
	}
	checkBoltFile(tb, path)
	st, err := store.Open(path)
	if err != nil {
		tb.Fatalf("the backup does not open as a store: %v", err)
	}
	defer st.Close()
	if _, err := st.Event(context.Background(), eventID); err != nil {
		tb.Errorf("the backup lacks the event: %v", err)
	}
}

// TestSIGTERMWithClientsConnected: SIGTERM to the real process while a
// WebSocket is open and a request is half sent. The listener closes, the
// request in flight finishes and is stored, the socket gets 1001, the
// process exits 0, and every acknowledged vote is in the file.
func TestSIGTERMWithClientsConnected(t *testing.T) {
	t.Parallel()
	dbPath := filepath.Join(t.TempDir(), "openspace.db")
	p := startBinary(t, buildBinary(t), dbPath)
	client := &http.Client{Timeout: 10 * time.Second}
	var created struct {
		Event struct {
			ID string `json:"id"`
		} `json:"event"`
		OrganizerKey string `json:"organizer_key"`
	}
	setup := map[string]any{"title": "Shutdown", "dot_budget": 3,
		"sessions": []map[string]any{{"title": "S1", "duration": 30}},
		"rooms":    []map[string]any{{"name": "A", "capacity": 50}}}
	if st, err := crashCall(client, "POST", p.base+"/api/events", nil, setup, &created); err != nil || st != http.StatusCreated {
		t.Fatalf("create event: %d %v", st, err)
	}
	id := created.Event.ID
	org := map[string]string{"X-Organizer-Key": created.OrganizerKey}
	if st, err := crashCall(client, "PATCH", p.base+"/api/events/"+id+"/phases", org, map[string]bool{"voting_open": true}, nil); err != nil || st != http.StatusOK {
		t.Fatalf("open voting: %d %v", st, err)
	}
	var joined struct {
		Attendee struct {
			ID string `json:"id"`
		} `json:"attendee"`
		Token string `json:"token"`
	}
	if st, err := crashCall(client, "POST", p.base+"/api/events/"+id+"/join", nil, map[string]string{"name": "Ada"}, &joined); err != nil || st != http.StatusCreated {
		t.Fatalf("join: %d %v", st, err)
	}
	ada := map[string]string{"Authorization": "Bearer " + joined.Token}
	var voted []string
	for i := range 3 {
		var tp struct {
			ID string `json:"id"`
		}
		if st, err := crashCall(client, "POST", p.base+"/api/events/"+id+"/topics", org, map[string]string{"title": fmt.Sprintf("T%d", i)}, &tp); err != nil || st != http.StatusCreated {
			t.Fatalf("topic: %d %v", st, err)
		}
		if st, err := crashCall(client, "PUT", p.base+"/api/events/"+id+"/topics/"+tp.ID+"/vote", ada, nil, nil); err != nil || st != http.StatusOK {
			t.Fatalf("vote: %d %v", st, err)
		}
		voted = append(voted, tp.ID)
	}

	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(p.base, "http")+"/api/events/"+id+"/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, _, err := conn.ReadMessage(); err != nil {
		t.Fatalf("snapshot: %v", err)
	}

	// A proposal whose body is half sent when the signal arrives.
	body, w := io.Pipe()
	req, _ := http.NewRequest("POST", p.base+"/api/events/"+id+"/topics", body)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Organizer-Key", created.OrganizerKey)
	inflight := make(chan int, 1)
	go func() {
		resp, err := (&http.Client{Timeout: 20 * time.Second}).Do(req)
		if err != nil {
			t.Errorf("the request in flight failed: %v", err)
			inflight <- 0
			return
		}
		resp.Body.Close()
		inflight <- resp.StatusCode
	}()
	if _, err := io.WriteString(w, `{"title":"Sent `); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the handler is reading the body

	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, _, err := conn.ReadMessage(); !websocket.IsCloseError(err, websocket.CloseGoingAway) {
		t.Errorf("socket ended with %v, want close code 1001 (going away)", err)
	}
	// The listener closes while the request is still in flight.
	addr := strings.TrimPrefix(p.base, "http://")
	deadline := time.Now().Add(3 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the listener still accepts connections 3 s after SIGTERM")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := io.WriteString(w, `during the shutdown"}`); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if got := <-inflight; got != http.StatusCreated {
		t.Errorf("the request in flight answered %d, want 201", got)
	}
	select {
	case <-p.done:
	case <-time.After(15 * time.Second):
		t.Fatal("the process did not exit after SIGTERM")
	}
	if code := p.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit status %d after SIGTERM, want 0; log:\n%s", code, p.stderr)
	}

	checkBoltFile(t, dbPath)
	st, err := store.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	votes, _ := st.Votes(context.Background(), id)
	if !sameSet(votes[joined.Attendee.ID], voted) {
		t.Errorf("stored votes %v, want the acknowledged %v", votes[joined.Attendee.ID], voted)
	}
	topics, _ := st.Topics(context.Background(), id)
	if !slices.ContainsFunc(topics, func(tp openspace.Topic) bool { return tp.Title == "Sent during the shutdown" }) {
		t.Errorf("the proposal in flight is not stored: %+v", topics)
	}
}
