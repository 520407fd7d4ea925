package loadtest

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// Report is what a run measured. Durations are in milliseconds in JSON.
type Report struct {
	Scenario  string  `json:"scenario"`
	Target    string  `json:"target"`  // the server driven
	Started   bool    `json:"started"` // the driver started it in its own process
	Clients   int     `json:"clients"` // connected screens, every event together
	Events    int     `json:"events"`
	Rate      float64 `json:"rate"`
	ForMS     float64 `json:"for_ms"`
	Addresses int     `json:"source_addresses"`

	Topics int `json:"topics_per_event"`
	Voters int `json:"voters"`

	Writes        int     `json:"writes"`         // votes and unvotes sent
	Acked         int     `json:"acked"`          // answered 2xx
	Failed        int     `json:"failed"`         // given up on: the run is not healthy
	Retried       int64   `json:"retried"`        // sent again after a 429, a 5xx or a network error
	Limited       int64   `json:"rate_limited"`   // 429 answers among those
	AchievedRate  float64 `json:"achieved_rate"`  // acknowledged writes per second
	Ack           Latency `json:"ack"`            // send → 2xx
	FanOut        Latency `json:"fanout"`         // ack → arrival, over every (write, client) pair
	Pairs         int64   `json:"pairs"`          // (write, client) pairs seen
	NotSeen       int64   `json:"pairs_not_seen"` // acknowledged writes a client never saw: must be 0
	Early         int64   `json:"pairs_early"`    // pairs whose patch came before the answer (counted as 0)
	AvgPatchBytes int     `json:"avg_patch_bytes"`
	// PatchesPerClient is how many patches a screen received on average:
	// the bare broadcaster sends as many messages.
	PatchesPerClient float64 `json:"patches_per_client"`

	Frames       int64   `json:"frames"`
	DeliveriesPS float64 `json:"deliveries_per_second"`
	Dropped      int     `json:"dropped"`  // closed by the server
	Resynced     int     `json:"resynced"` // a snapshot after the first one

	MemPerConnKiB    float64 `json:"mem_per_conn_kib"` // -1: not known
	RSSBeforeMiB     float64 `json:"rss_before_mib"`
	RSSAfterMiB      float64 `json:"rss_after_mib"`
	ServerCPUPerFrUS float64 `json:"server_cpu_per_frame_us"` // -1: not known
	ServerCPUSeconds float64 `json:"server_cpu_seconds"`
	ToolCPUSeconds   float64 `json:"tool_cpu_seconds"`
	ToolCores        float64 `json:"tool_cores"` // its CPU over the window's wall time
	ToolCPUPerFrUS   float64 `json:"tool_cpu_per_frame_us"`

	Check Check `json:"check"`

	Join      *JoinReport      `json:"join,omitempty"`
	Reconnect *ReconnectReport `json:"reconnect,omitempty"`
	Bare      *BareReport      `json:"bare,omitempty"`
	Ratio     float64          `json:"ratio_p99,omitempty"` // our fan-out p99 over the bare one

	Notes []string `json:"notes,omitempty"`
}

// Latency is a distribution's p50, p99 and maximum.
type Latency struct {
	P50 time.Duration
	P99 time.Duration
	Max time.Duration
	N   int64
}

func (l Latency) MarshalJSON() ([]byte, error) {
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	return json.Marshal(struct {
		P50 float64 `json:"p50_ms"`
		P99 float64 `json:"p99_ms"`
		Max float64 `json:"max_ms"`
		N   int64   `json:"n"`
	}{ms(l.P50), ms(l.P99), ms(l.Max), l.N})
}

func (l Latency) String() string {
	return fmt.Sprintf("p50 %s, p99 %s, max %s (n=%d)", ms(l.P50), ms(l.P99), ms(l.Max), l.N)
}

func latencyOf(h *Histogram) Latency {
	return Latency{P50: h.Quantile(0.5), P99: h.Quantile(0.99), Max: h.Max(), N: int64(h.Count())}
}

func latencyOfSlice(ds []time.Duration) Latency {
	if len(ds) == 0 {
		return Latency{}
	}
	return Latency{P50: Percentile(ds, 0.5), P99: Percentile(ds, 0.99), Max: Percentile(ds, 1), N: int64(len(ds))}
}

// Check is the final comparison: every screen against a fresh snapshot,
// the stored counts against the acknowledged writes.
type Check struct {
	OK           bool     `json:"ok"`
	Inconsistent int      `json:"inconsistent_clients"` // screens whose state differs from a fresh snapshot
	Lost         int      `json:"lost"`                 // stored counts below what the acks imply, plus version gaps
	Duplicated   int      `json:"duplicated"`           // stored counts above, plus versions received twice
	Details      []string `json:"details,omitempty"`
}

// JoinReport is the join storm's.
type JoinReport struct {
	Screens int     `json:"screens"`
	People  int     `json:"people"`
	Joined  int     `json:"joined"`
	Refused int     `json:"refused"` // non-2xx answers to a join or /me, 503 to the stream
	GaveUp  int     `json:"gave_up"`
	JoinAck Latency `json:"join_ack"`
	Total   Latency `json:"join_to_snapshot"` // from a person's arrival to their first stream message
}

// ReconnectReport is the reconnect storm's.
type ReconnectReport struct {
	AllCurrentMS float64 `json:"all_current_ms"` // from the cut until the last client is current
	NotCurrent   int     `json:"not_current"`
	Resumed      int     `json:"resumed"`   // got the missed patches
	Snapshots    int     `json:"snapshots"` // got a whole snapshot
	Refused      int64   `json:"refused"`   // 503s and failed dials met while reconnecting
	HealthCount  int64   `json:"healthz_count"`
	HealthFailed int64   `json:"healthz_failed"`
	HealthMax    Latency `json:"healthz"`
}

// BareReport is the bare broadcaster's run.
type BareReport struct {
	Clients          int     `json:"clients"`
	MessageBytes     int     `json:"message_bytes"`
	Published        int     `json:"published"`
	Ack              Latency `json:"ack"`
	FanOut           Latency `json:"fanout"`
	NotSeen          int64   `json:"pairs_not_seen"`
	Early            int64   `json:"pairs_early"`
	Frames           int64   `json:"frames"`
	DeliveriesPS     float64 `json:"deliveries_per_second"`
	Dropped          int     `json:"dropped"`
	MemPerConnKiB    float64 `json:"mem_per_conn_kib"`
	ServerCPUPerFrUS float64 `json:"server_cpu_per_frame_us"`
	ToolCores        float64 `json:"tool_cores"`
}

func ms(d time.Duration) string {
	switch {
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
	default:
		return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
	}
}

func known(v float64, format string) string {
	if v < 0 {
		return "not measured"
	}
	return fmt.Sprintf(format, v)
}

// Print writes the report for a person.
func (r *Report) Print(w io.Writer) {
	p := func(format string, a ...any) { fmt.Fprintf(w, format+"\n", a...) }
	started := "given with -url"
	if r.Started {
		started = "started in its own process"
	}
	p("openspace loadtest: %s, %s (%s), %d clients from %d source addresses", r.Scenario, r.Target, started, r.Clients, r.Addresses)
	if r.Reconnect != nil {
		p("vote:          one vote during the storm, acknowledged in %s", ms(r.Ack.Max))
	} else if r.Writes > 0 {
		p("writes:        %d votes and unvotes at %.0f/s for %s over %d event(s) of %d topics, %d voters in all; %d acknowledged (%.1f/s), %d failed, %d retried (%d were 429)",
			r.Writes, r.Rate, time.Duration(r.ForMS*float64(time.Millisecond)), r.Events, r.Topics, r.Voters, r.Acked, r.AchievedRate, r.Failed, r.Retried, r.Limited)
		p("vote ack:      %s", r.Ack)
		p("fan-out:       %s, ack to arrival over (write, client) pairs; %d never seen, %d arrived before the ack", r.FanOut, r.NotSeen, r.Early)
	}
	if j := r.Join; j != nil {
		p("join storm:    %d screens open, %d people arriving over %s: %d joined, %d refused answers, %d gave up", j.Screens, j.People, time.Duration(r.ForMS*float64(time.Millisecond)), j.Joined, j.Refused, j.GaveUp)
		p("join ack:      %s", j.JoinAck)
		p("join→stream:   %s, from arrival to the first stream message", j.Total)
	}
	if c := r.Reconnect; c != nil {
		current := "all current"
		if c.NotCurrent > 0 {
			current = fmt.Sprintf("%d NOT current", c.NotCurrent)
		}
		p("reconnect:     %s %.0f ms after the cut (%d resumed with the missed patches, %d took a snapshot, %d refused dials)", current, c.AllCurrentMS, c.Resumed, c.Snapshots, c.Refused)
		p("/healthz:      %d answers during the storm, %d failed, %s", c.HealthCount, c.HealthFailed, c.HealthMax)
	}
	p("deliveries:    %d frames, %.0f/s; %d clients dropped by the server, %d resynced", r.Frames, r.DeliveriesPS, r.Dropped, r.Resynced)
	p("server:        %s per connection (RSS %.1f → %.1f MiB); %s CPU per frame delivered (%.2f s)",
		known(r.MemPerConnKiB, "%.1f KiB"), r.RSSBeforeMiB, r.RSSAfterMiB, known(r.ServerCPUPerFrUS, "%.1f µs"), r.ServerCPUSeconds)
	p("this tool:     %.2f s CPU, %.2f cores over the window, %.1f µs per frame", r.ToolCPUSeconds, r.ToolCores, r.ToolCPUPerFrUS)
	if b := r.Bare; b != nil {
		p("bare:          %d clients, %d-byte messages, %d published; ack %s", b.Clients, b.MessageBytes, b.Published, b.Ack)
		p("bare fan-out:  %s; %d never seen, %d early; %.0f frames/s, %d dropped", b.FanOut, b.NotSeen, b.Early, b.DeliveriesPS, b.Dropped)
		p("bare server:   %s per connection, %s CPU per frame; this tool %.2f cores",
			known(b.MemPerConnKiB, "%.1f KiB"), known(b.ServerCPUPerFrUS, "%.1f µs"), b.ToolCores)
		p("ratio:         ours p99 / bare p99 = %s / %s = %.1f×", ms(r.FanOut.P99), ms(b.FanOut.P99), r.Ratio)
	}
	verdict := "ok"
	if !r.Check.OK {
		verdict = "FAILED"
	}
	p("check:         %s: %d clients differ from a fresh snapshot, %d lost and %d duplicated updates", verdict, r.Check.Inconsistent, r.Check.Lost, r.Check.Duplicated)
	for _, d := range r.Check.Details {
		p("               %s", d)
	}
	for _, n := range r.Notes {
		p("note:          %s", n)
	}
}

// JSON writes the report as one JSON object.
func (r *Report) JSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

func (r *Report) note(format string, a ...any) {
	r.Notes = append(r.Notes, strings.TrimSpace(fmt.Sprintf(format, a...)))
}
