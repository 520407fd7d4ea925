// Package recap writes an evening up as a Markdown blog post, in the
// event's language: front matter for Jekyll or Hugo, the organizer's
// introduction, the facts (who came, the profile split, topics and votes),
// every topic, the grid with its headcounts, the notes and takeaways of
// each topic that ran, and the feedback. It is presentation only: it reads
// an Evening and never changes it. Every piece of user text is escaped
// (EscapeMarkdown, escapeBlock): it cannot add a heading, a table row, a
// link, HTML or a template tag.
package recap

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"openspace/openspace"
)

// MaxIntroLen is the longest introduction, in characters.
const MaxIntroLen = openspace.MaxIntroLen

// Evening is everything the recap tells, read at one moment (store.Recap).
type Evening struct {
	Event      openspace.Event
	Attendance openspace.Attendance
	Topics     []openspace.Topic // most votes first, as the store keeps them
	Plan       *openspace.Plan   // the published plan; nil until published
	// Draft stands in for the plan when nothing was published (marked so).
	Draft      *openspace.Plan
	Headcounts openspace.Headcounts
	Notes      map[string]openspace.Notes // topic ID → notes
	Feedback   []openspace.Feedback
}

// Format is the blog engine the front matter is written for.
type Format string

const (
	Jekyll Format = "jekyll" // layout, title, date, categories, tags, published, event fields at the top
	Hugo   Format = "hugo"   // title, date, categories, tags, draft, event fields under params
)

// ParseFormat reads a format name; "" is Jekyll.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "", string(Jekyll):
		return Jekyll, nil
	case string(Hugo):
		return Hugo, nil
	}
	return "", openspace.Errorf(openspace.EINVALID, "The format must be %q or %q.", Jekyll, Hugo)
}

// ValidateIntro checks an introduction: at most MaxIntroLen characters of
// UTF-8 text, line breaks and tabs but no other control character.
func ValidateIntro(s string) error {
	if !utf8.ValidString(s) {
		return openspace.Errorf(openspace.EINVALID, "The %s is not valid UTF-8.", "introduction")
	}
	if utf8.RuneCountInString(s) > MaxIntroLen {
		return openspace.Errorf(openspace.EINVALID, "The %s is longer than %d characters.", "introduction", MaxIntroLen)
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' || r == 0x7f {
			return openspace.Errorf(openspace.EINVALID, "The %s contains a control character.", "introduction")
		}
	}
	return nil
}

// Suggest is an opening built from the facts, in the event's language,
// for the organizer to take or edit. It is plain text.
func Suggest(ev Evening) string {
	w := wordsFor(ev.Event.Language)
	date := ""
	if ev.Event.Date != "" {
		date = w.date(ev.Event.Date)
	}
	return w.suggest(ev.Event.Title, date, ev.Event.Venue, ev.Attendance.Count, len(ev.Topics))
}

// facts is what the recap computes once from the evening.
type facts struct {
	ev      Evening
	w       words
	plan    *openspace.Plan
	draft   bool
	topics  map[string]openspace.Topic
	cells   map[string]openspace.Cell // topic ID → its cell
	votes   int
	roti    map[string][]int // topic ID → marks; "" is the evening
	checked map[string]bool  // session ID → someone checked in
}

func newFacts(ev Evening) facts {
	f := facts{ev: ev, w: wordsFor(ev.Event.Language), topics: map[string]openspace.Topic{},
		cells: map[string]openspace.Cell{}, roti: map[string][]int{}, checked: map[string]bool{}}
	f.plan = ev.Plan
	if f.plan == nil && ev.Draft != nil && len(ev.Draft.Cells) > 0 {
		f.plan, f.draft = ev.Draft, true
	}
	for _, t := range ev.Topics {
		f.topics[t.ID] = t
		f.votes += t.Votes
	}
	if f.plan != nil {
		for _, c := range f.plan.Cells {
			_, okS := ev.Event.Session(c.Session)
			_, okR := ev.Event.Room(c.Room)
			if _, ok := f.topics[c.Topic]; ok && okS && okR {
				f.cells[c.Topic] = c
			}
		}
	}
	for _, fb := range ev.Feedback {
		if fb.Evening >= openspace.MinROTI && fb.Evening <= openspace.MaxROTI {
			f.roti[""] = append(f.roti[""], fb.Evening)
		}
		for tid, m := range fb.Topics {
			if _, ok := f.topics[tid]; ok && m >= openspace.MinROTI && m <= openspace.MaxROTI {
				f.roti[tid] = append(f.roti[tid], m)
			}
		}
	}
	for sid, rooms := range ev.Headcounts {
		for _, n := range rooms {
			if n > 0 {
				f.checked[sid] = true
			}
		}
	}
	return f
}

func (f facts) average(marks []int) string {
	sum := 0
	for _, m := range marks {
		sum += m
	}
	return f.w.decimal(float64(sum) / float64(len(marks)))
}

// Render writes the evening as a Markdown blog post with the front matter
// of the format, in the event's language.
func Render(ev Evening, format Format) string {
	f := newFacts(ev)
	var b strings.Builder
	f.frontMatter(&b, format)
	if intro := escapeBlock(ev.Event.Intro, true); intro != "" {
		b.WriteString(intro + "\n\n")
	}
	f.short(&b)
	f.topicTable(&b)
	f.grid(&b)
	f.said(&b)
	f.feedback(&b)
	return strings.TrimRight(b.String(), "\n") + "\n"
}

func (f facts) frontMatter(b *strings.Builder, format Format) {
	e, w := f.ev.Event, f.w
	b.WriteString("---\n")
	if format != Hugo {
		b.WriteString("layout: post\n")
	}
	fmt.Fprintf(b, "title: %s\n", yamlQuote(Title(f.ev)))
	if _, _, _, ok := splitDate(e.Date); ok {
		fmt.Fprintf(b, "date: %s\n", e.Date)
	}
	fmt.Fprintf(b, "categories: %s\ntags: %s\n", w.categories, w.tags)
	if format == Hugo {
		b.WriteString("draft: false\nparams:\n")
	} else {
		b.WriteString("published: true\n")
	}
	indent := ""
	if format == Hugo {
		indent = "  "
	}
	if e.Venue != "" {
		fmt.Fprintf(b, "%svenue: %s\n", indent, yamlQuote(e.Venue))
	}
	fmt.Fprintf(b, "%sattendees: %d\n%stopics: %d\n%svotes: %d\n", indent, f.ev.Attendance.Count, indent, len(f.ev.Topics), indent, f.votes)
	if marks := f.roti[""]; len(marks) > 0 {
		fmt.Fprintf(b, "%sroti: %s\n", indent, strings.Replace(f.average(marks), ",", ".", 1))
	}
	b.WriteString("---\n\n")
}

// short is the facts in a few sentences.
func (f facts) short(b *strings.Builder) {
	e, w, a := f.ev.Event, f.w, f.ev.Attendance
	fmt.Fprintf(b, "## %s\n\n", w.hShort)
	date := ""
	if e.Date != "" {
		date = w.date(e.Date)
	}
	s := w.came(EscapeMarkdown(date), EscapeMarkdown(e.Venue), a.Count)
	if e.Question != nil && a.Count > 0 {
		var counts []answerCount
		seen := map[string]bool{"": true}
		add := func(choice string) {
			if seen[choice] || a.Profiles[choice] == 0 {
				return
			}
			seen[choice] = true
			counts = append(counts, answerCount{EscapeMarkdown(choice), a.Profiles[choice]})
		}
		for _, c := range e.Question.Choices {
			add(c)
		}
		for c := range a.Profiles { // answers to choices since removed
			add(c)
		}
		s += " " + w.answers(EscapeMarkdown(e.Question.Prompt), counts, a.Profiles[""])
	}
	b.WriteString(s + "\n\n")
	s = w.proposed(len(f.ev.Topics), f.votes)
	if len(f.cells) > 0 {
		s += " " + w.scheduled(len(e.Sessions), len(e.Rooms), len(f.cells))
	}
	b.WriteString(s + "\n\n")
	if marks := f.roti[""]; len(marks) > 0 {
		b.WriteString(w.eveningROTI(f.average(marks), len(marks)) + "\n\n")
	}
}

// topicTable lists every topic, most votes first.
func (f facts) topicTable(b *strings.Builder) {
	w := f.w
	if len(f.ev.Topics) == 0 {
		return
	}
	fmt.Fprintf(b, "## %s\n\n| %s | %s | %s | %s |\n|---|---:|---|---|\n", w.hTopics, w.colTopic, w.colVotes, w.colHost, w.colWhere)
	for _, t := range f.ev.Topics {
		where := w.notScheduled
		if c, ok := f.cells[t.ID]; ok {
			where = f.where(c)
		}
		fmt.Fprintf(b, "| %s | %d | %s | %s |\n", EscapeMarkdown(t.Title), t.Votes, EscapeMarkdown(t.Host), where)
	}
	b.WriteString("\n")
	var left []openspace.Topic
	for _, t := range f.ev.Topics {
		if _, ok := f.cells[t.ID]; !ok {
			left = append(left, t)
		}
	}
	if len(left) == 0 || len(f.cells) == 0 {
		// Without a grid, the list says it all; descriptions follow.
		if len(f.cells) == 0 {
			f.descriptions(b, f.ev.Topics)
		}
		return
	}
	fmt.Fprintf(b, "### %s\n\n", w.hUnscheduled)
	f.descriptions(b, left)
}

// descriptions lists topics with their votes, host and description.
func (f facts) descriptions(b *strings.Builder, topics []openspace.Topic) {
	w := f.w
	for _, t := range topics {
		meta := []string{w.votes(t.Votes)}
		if t.Host != "" {
			meta = append(meta, w.proposer(EscapeMarkdown(t.Host)))
		}
		line := fmt.Sprintf("- **%s** (%s)", EscapeMarkdown(t.Title), strings.Join(meta, ", "))
		if d := EscapeMarkdown(t.Description); strings.TrimSpace(d) != "" {
			line += w.colon() + strings.TrimSpace(d)
		}
		b.WriteString(line + "\n")
	}
	b.WriteString("\n")
}

func (w words) colon() string {
	if w.lang == openspace.LangFR {
		return nbsp + ": "
	}
	return ": "
}

func (f facts) where(c openspace.Cell) string {
	s, _ := f.ev.Event.Session(c.Session)
	r, _ := f.ev.Event.Room(c.Room)
	return f.w.where(EscapeMarkdown(s.Title), EscapeMarkdown(r.Name))
}

// grid is the schedule, one table per session: room, topic, headcounts.
func (f facts) grid(b *strings.Builder) {
	if len(f.cells) == 0 {
		return
	}
	w, e := f.w, f.ev.Event
	fmt.Fprintf(b, "## %s\n\n", w.hGrid)
	if f.draft {
		b.WriteString(w.draft + "\n\n")
	}
	for _, s := range e.Sessions {
		start := ""
		if s.Start != "" {
			start = w.clock(s.Start)
		}
		fmt.Fprintf(b, "### %s\n\n", w.sessionAt(EscapeMarkdown(s.Title), start, s.Duration))
		rows := 0
		for _, r := range e.Rooms {
			c, ok := f.cellAt(s.ID, r.ID)
			if !ok {
				continue
			}
			if rows == 0 {
				fmt.Fprintf(b, "| %s | %s | %s | %s |\n|---|---|---:|---:|\n", w.colRoom, w.colTopic, w.colHere, w.colExpected)
			}
			rows++
			here, expected := "—", "—"
			if f.checked[s.ID] {
				here = fmt.Sprint(f.ev.Headcounts[s.ID][r.ID])
			}
			if !f.draft {
				expected = fmt.Sprint(c.Expected)
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s |\n", EscapeMarkdown(r.Name), EscapeMarkdown(f.topics[c.Topic].Title), here, expected)
		}
		if rows == 0 {
			b.WriteString(w.noCells + "\n")
		}
		b.WriteString("\n")
	}
}

func (f facts) cellAt(session, room string) (openspace.Cell, bool) {
	for _, c := range f.plan.Cells {
		if c.Session == session && c.Room == room {
			_, ok := f.cells[c.Topic]
			return c, ok && f.cells[c.Topic] == c
		}
	}
	return openspace.Cell{}, false
}

// said is each topic that ran: where, who, its description, its notes
// and takeaways, in the order of the grid.
func (f facts) said(b *strings.Builder) {
	if len(f.cells) == 0 {
		return
	}
	w, e := f.w, f.ev.Event
	fmt.Fprintf(b, "## %s\n\n", w.hSaid)
	for _, s := range e.Sessions {
		for _, r := range e.Rooms {
			c, ok := f.cellAt(s.ID, r.ID)
			if !ok {
				continue
			}
			t := f.topics[c.Topic]
			fmt.Fprintf(b, "### %s\n\n", EscapeMarkdown(t.Title))
			meta := []string{f.where(c)}
			if t.Host != "" {
				meta = append(meta, w.hostedBy(EscapeMarkdown(t.Host)))
			}
			meta = append(meta, w.votes(t.Votes))
			if f.checked[s.ID] {
				meta = append(meta, w.here(f.ev.Headcounts[s.ID][r.ID]))
			}
			if marks := f.roti[t.ID]; len(marks) > 0 {
				meta = append(meta, w.ratings(f.average(marks), len(marks)))
			}
			fmt.Fprintf(b, "*%s*\n\n", strings.Join(meta, " · "))
			if d := escapeBlock(t.Description, false); d != "" {
				for _, line := range strings.Split(d, "\n") {
					b.WriteString(strings.TrimRight("> "+line, " ") + "\n")
				}
				b.WriteString("\n")
			}
			n := f.ev.Notes[t.ID]
			text := escapeBlock(n.Text, true)
			var takeaways []string
			for _, k := range n.Takeaways {
				if k := strings.TrimSpace(EscapeMarkdown(k)); k != "" {
					takeaways = append(takeaways, "- "+k)
				}
			}
			if text != "" {
				b.WriteString(text + "\n\n")
			}
			if len(takeaways) > 0 {
				b.WriteString(w.takeaways + "\n\n" + strings.Join(takeaways, "\n") + "\n\n")
			}
		}
	}
}

// feedback is the ROTI of the evening and of each topic, then what
// worked and what blocked.
func (f facts) feedback(b *strings.Builder) {
	w := f.w
	var given int
	var worked, blocked []string
	for _, fb := range f.ev.Feedback {
		has := fb.Evening > 0 || len(fb.Topics) > 0
		if s := strings.TrimSpace(EscapeMarkdown(fb.Worked)); s != "" {
			worked, has = append(worked, "- "+s), true
		}
		if s := strings.TrimSpace(EscapeMarkdown(fb.Blocked)); s != "" {
			blocked, has = append(blocked, "- "+s), true
		}
		if has {
			given++
		}
	}
	if given == 0 {
		return
	}
	fmt.Fprintf(b, "## %s\n\n%s\n\n", w.hFeedback, w.gave(given))
	rows := []struct {
		label string
		marks []int
	}{{w.evening, f.roti[""]}}
	for _, t := range f.ev.Topics {
		if len(f.roti[t.ID]) > 0 {
			rows = append(rows, struct {
				label string
				marks []int
			}{EscapeMarkdown(t.Title), f.roti[t.ID]})
		}
	}
	if len(rows) > 1 || len(rows[0].marks) > 0 {
		b.WriteString(w.rotiHelp + "\n\n")
		fmt.Fprintf(b, "| %s | %s | %s | 1 | 2 | 3 | 4 | 5 |\n|---|---:|---:|---:|---:|---:|---:|---:|\n", w.colROTI, w.colRatings, w.colAverage)
		for _, r := range rows {
			if len(r.marks) == 0 {
				continue
			}
			var dist [openspace.MaxROTI + 1]int
			for _, m := range r.marks {
				dist[m]++
			}
			fmt.Fprintf(b, "| %s | %d | %s | %d | %d | %d | %d | %d |\n", r.label, len(r.marks), f.average(r.marks), dist[1], dist[2], dist[3], dist[4], dist[5])
		}
		b.WriteString("\n")
	}
	if len(worked) > 0 {
		fmt.Fprintf(b, "### %s\n\n%s\n\n", w.hWorked, strings.Join(worked, "\n"))
	}
	if len(blocked) > 0 {
		fmt.Fprintf(b, "### %s\n\n%s\n\n", w.hBlocked, strings.Join(blocked, "\n"))
	}
}

// Title is the post's title, as the front matter gives it.
func Title(ev Evening) string {
	return fmt.Sprintf(wordsFor(ev.Event.Language).title, ev.Event.Title)
}
