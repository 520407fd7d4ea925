// Package calendar writes an event's schedule as an iCalendar file
// (RFC 5545): the whole published plan, or one attendee's sessions; and it
// lays out the printable schedule (an overview, then one page per room).
//
// The file is written by hand rather than with a library: what it needs is
// small (one VCALENDAR of VEVENTs), and the rules that calendar apps trip
// over are easiest to keep exact here: CRLF line endings, lines folded at
// 75 octets without cutting a UTF-8 sequence, TEXT escaping of `\`, `;`, `,`
// and line breaks. github.com/arran4/golang-ical parses the output back in
// the tests, so the binary does not carry it.
//
// Times are written in UTC ("20121122T183000Z"), which RFC 5545 allows for
// DTSTART and DTEND: the event's time zone (Event.TimeZone, IANA) turns each
// session's date and start into an instant, and no hand-made VTIMEZONE can
// then disagree with the time zone database. X-WR-TIMEZONE names the zone
// for apps that show it.
//
// A session has a calendar entry only when the event has a date and the
// session a start time: without them there is no instant to write. A
// calendar with no entry (nothing published yet) is still a valid file, so
// that a subscription made early fills in once the plan is out.
package calendar

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"openspace/openspace"
)

// Entry is one VEVENT.
type Entry struct {
	UID         string
	Start, End  time.Time
	Summary     string // the topic's title
	Location    string // the room's name and how to find it, the venue
	Description string // the session, the host, the topic's description
}

// Calendar is one iCalendar file.
type Calendar struct {
	Name     string // X-WR-CALNAME: the event's title
	TimeZone string // X-WR-TIMEZONE: the event's IANA zone, when set
	URL      string // the event's page, on every entry when set
	Entries  []Entry
}

// When is the instant a session starts and ends: the event's date and the
// session's start, local to the event's time zone (UTC when it has none).
// ok is false without a date, a start or a known zone. On a day the clocks
// change, a start that does not exist (02:30 when 02:00 jumps to 03:00) is
// taken in one of the two offsets, as time.Date does.
func When(e openspace.Event, s openspace.Session) (start, end time.Time, ok bool) {
	if e.Date == "" || s.Start == "" {
		return time.Time{}, time.Time{}, false
	}
	loc := time.UTC
	if e.TimeZone != "" {
		l, err := time.LoadLocation(e.TimeZone)
		if err != nil {
			return time.Time{}, time.Time{}, false
		}
		loc = l
	}
	d, err := time.Parse(time.DateOnly, e.Date)
	if err != nil {
		return time.Time{}, time.Time{}, false
	}
	hm, err := time.Parse("15:04", s.Start)
	if err != nil {
		return time.Time{}, time.Time{}, false
	}
	start = time.Date(d.Year(), d.Month(), d.Day(), hm.Hour(), hm.Minute(), 0, 0, loc)
	return start, start.Add(time.Duration(s.Duration) * time.Minute), true
}

// Whole is one entry per placed topic of the published plan, in session
// then room order; nil when nothing is published. Its UID follows the topic
// ("topic-{id}@{event}.openspace"), so a topic moved to another session
// before a new download updates the entry a calendar already has.
func Whole(e openspace.Event, plan *openspace.Plan, topics []openspace.Topic) []Entry {
	if plan == nil {
		return nil
	}
	byID := topicMap(topics)
	var out []Entry
	for _, s := range e.Sessions {
		for _, r := range e.Rooms {
			i := plan.CellAt(s.ID, r.ID)
			if i < 0 {
				continue
			}
			tp, ok := byID[plan.Cells[i].Topic]
			if !ok {
				continue
			}
			if en, ok := entry(e, s, r, tp); ok {
				en.UID = "topic-" + tp.ID + "@" + e.ID + ".openspace"
				out = append(out, en)
			}
		}
	}
	return out
}

// Mine is one attendee's sessions: per session, the room they checked into,
// else their seat from the last publish (openspace.MySchedule: their seat,
// or the one of their choices with seats left). A session where they have
// neither has no entry. The UID follows the attendee's session
// ("session-{sid}.{attendee}@{event}.openspace"), so that moving to another
// room replaces the entry instead of adding a second one.
func Mine(v openspace.AttendeeView, topics []openspace.Topic) []Entry {
	if v.Published == nil {
		return nil
	}
	e, plan := v.Event, *v.Published
	byID := topicMap(topics)
	sched := openspace.MySchedule(e, plan, v.Ballot, v.Seats)
	var out []Entry
	for i, s := range e.Sessions {
		roomID := ""
		if rid, ok := v.Checkins[s.ID]; ok && plan.CellAt(s.ID, rid) >= 0 {
			roomID = rid
		} else if i < len(sched) && sched[i].Assigned != nil {
			roomID = sched[i].Assigned.Room
		}
		r, ok := e.Room(roomID)
		if !ok {
			continue
		}
		c := plan.CellAt(s.ID, r.ID)
		if c < 0 {
			continue
		}
		tp, ok := byID[plan.Cells[c].Topic]
		if !ok {
			continue
		}
		if en, ok := entry(e, s, r, tp); ok {
			en.UID = "session-" + s.ID + "." + v.Attendee.ID + "@" + e.ID + ".openspace"
			out = append(out, en)
		}
	}
	return out
}

func topicMap(topics []openspace.Topic) map[string]openspace.Topic {
	m := make(map[string]openspace.Topic, len(topics))
	for _, tp := range topics {
		m[tp.ID] = tp
	}
	return m
}

// entry is a topic in a room during a session, without its UID.
func entry(e openspace.Event, s openspace.Session, r openspace.Room, tp openspace.Topic) (Entry, bool) {
	start, end, ok := When(e, s)
	if !ok {
		return Entry{}, false
	}
	l := labelsFor(e.Language)
	loc := []string{r.Name}
	if r.Location != "" {
		loc = append(loc, r.Location)
	}
	if e.Venue != "" {
		loc = append(loc, e.Venue)
	}
	desc := []string{s.Title + " · " + r.Name}
	if tp.Host != "" {
		desc = append(desc, fmt.Sprintf(l.HostedBy, tp.Host))
	}
	if tp.Description != "" {
		desc = append(desc, "", tp.Description)
	}
	return Entry{Start: start, End: end, Summary: tp.Title,
		Location: strings.Join(loc, ", "), Description: strings.Join(desc, "\n")}, true
}

// Write writes the calendar; stamp is its DTSTAMP (when it was made).
// Entries come out sorted by start, in their order for the same start.
func Write(w io.Writer, c Calendar, stamp time.Time) error {
	var b strings.Builder
	line := func(name, value string) { b.WriteString(Fold(name + ":" + value)) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//openspace//calendar//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	if c.Name != "" {
		line("X-WR-CALNAME", EscapeText(c.Name))
	}
	if c.TimeZone != "" {
		line("X-WR-TIMEZONE", EscapeText(c.TimeZone))
	}
	entries := slices.Clone(c.Entries)
	slices.SortStableFunc(entries, func(a, b Entry) int { return a.Start.Compare(b.Start) })
	if len(entries) == 0 {
		// RFC 5545 wants at least one component: an empty calendar (nothing
		// published yet) holds the UTC zone, which nothing refers to.
		for _, l := range [][2]string{{"BEGIN", "VTIMEZONE"}, {"TZID", "UTC"}, {"BEGIN", "STANDARD"},
			{"DTSTART", "19700101T000000"}, {"TZOFFSETFROM", "+0000"}, {"TZOFFSETTO", "+0000"},
			{"END", "STANDARD"}, {"END", "VTIMEZONE"}} {
			line(l[0], l[1])
		}
	}
	for _, en := range entries {
		line("BEGIN", "VEVENT")
		line("UID", EscapeText(en.UID))
		line("DTSTAMP", utc(stamp))
		line("DTSTART", utc(en.Start))
		line("DTEND", utc(en.End))
		line("SUMMARY", EscapeText(en.Summary))
		if en.Location != "" {
			line("LOCATION", EscapeText(en.Location))
		}
		if en.Description != "" {
			line("DESCRIPTION", EscapeText(en.Description))
		}
		if c.URL != "" {
			line("URL", c.URL) // a URI, not TEXT: no escaping
		}
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	_, err := io.WriteString(w, b.String())
	return err
}

// utc writes a DATE-TIME in UTC: 20121122T183000Z.
func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// EscapeText escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon
// and comma get a backslash, a line break (CRLF, LF or CR) becomes `\n`;
// other control characters but tab, which TEXT does not allow, are dropped.
func EscapeText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', ';', ',':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case '\n':
			b.WriteString(`\n`)
		default:
			if c < 0x20 && c != '\t' || c == 0x7f {
				continue
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Fold ends a content line with CRLF and folds it (RFC 5545 §3.1): no line
// longer than 75 octets, each continuation starting with a space (which
// counts), never inside a UTF-8 sequence.
func Fold(line string) string {
	const max = 75
	var b strings.Builder
	width := max // room on the current physical line
	for len(line) > 0 {
		n := 0 // octets that fit
		for n < len(line) {
			_, size := utf8.DecodeRuneInString(line[n:])
			if n+size > width {
				break
			}
			n += size
		}
		b.WriteString(line[:n])
		line = line[n:]
		b.WriteString("\r\n")
		if len(line) > 0 {
			b.WriteByte(' ')
			width = max - 1
		}
	}
	if b.Len() == 0 {
		b.WriteString("\r\n")
	}
	return b.String()
}

// Filename is a file name for the event's calendar: the title in plain
// ASCII letters and digits, words joined by dashes ("2eme-meetup-paris-devops"),
// "openspace" when nothing is left, then suffix.
func Filename(title, suffix string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if f, ok := fold[r]; ok {
			r = f
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			if b.Len() >= 60 {
				break
			}
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		b.WriteString("openspace")
	}
	return b.String() + suffix
}

// fold maps the accented letters of French (and a few neighbours) to ASCII.
var fold = map[rune]rune{
	'à': 'a', 'â': 'a', 'ä': 'a', 'á': 'a', 'ã': 'a', 'å': 'a',
	'ç': 'c', 'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e',
	'î': 'i', 'ï': 'i', 'í': 'i', 'ì': 'i', 'ñ': 'n',
	'ô': 'o', 'ö': 'o', 'ó': 'o', 'ò': 'o', 'õ': 'o', 'ø': 'o',
	'ù': 'u', 'û': 'u', 'ü': 'u', 'ú': 'u', 'ÿ': 'y', 'ý': 'y', 'œ': 'o', 'æ': 'a',
}
