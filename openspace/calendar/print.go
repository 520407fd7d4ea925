package calendar

import (
	"fmt"
	"strings"
	"time"

	"openspace/openspace"
)

// Sheet is the printable schedule of the published plan, worded in the
// event's language (paper follows the event, like the recap): an overview
// of every room and session, then one page per room for its door.
type Sheet struct {
	Lang      string // "fr" or "en"
	Title     string // the event's title
	When      string // "jeudi 22 novembre 2012 · Paris"
	Published bool   // false: the plan is not out yet, the slots are empty
	Sessions  []SheetSession
	Rooms     []SheetRoom
	L         Labels
}

// SheetSession is a column of the overview.
type SheetSession struct {
	Title string
	Time  string // "19:30 – 20:00" / "7:30 PM – 8:00 PM"; empty without a start
}

// SheetRoom is a row of the overview and a page of its own.
type SheetRoom struct {
	ID, Name, Location string
	Slots              []SheetSlot // one per session, in order
}

// SheetSlot is what runs in a room during a session; Topic is empty when
// nothing does.
type SheetSlot struct {
	Session, Time string
	Topic, Host   string // Host already worded: "Hosted by Ada"
}

// Labels are the sheet's words in one language.
type Labels struct {
	Schedule, Room, Nothing, NotPublished, Print, PrintHelp, HostedBy, Here string
}

var labels = map[string]Labels{
	openspace.LangFR: {
		Schedule: "Programme", Room: "Salle", Nothing: "Pas de sujet",
		NotPublished: "Le programme n’est pas encore publié.", Print: "Imprimer",
		PrintHelp: "Une page de programme, puis une page par salle à afficher sur sa porte (A4).",
		HostedBy:  "Animé par %s", Here: "Dans cette salle",
	},
	openspace.LangEN: {
		Schedule: "Schedule", Room: "Room", Nothing: "Nothing planned",
		NotPublished: "The schedule is not published yet.", Print: "Print",
		PrintHelp: "One page with the whole schedule, then one page per room to put on its door (A4).",
		HostedBy:  "Hosted by %s", Here: "In this room",
	},
}

func labelsFor(lang string) Labels {
	if l, ok := labels[lang]; ok {
		return l
	}
	return labels[openspace.LangFR]
}

// Print lays out the sheet from the public state: the published plan only.
func Print(st openspace.State) Sheet {
	e := st.Event
	lang := e.Language
	if _, ok := labels[lang]; !ok {
		lang = openspace.LangFR
	}
	l := labelsFor(lang)
	sh := Sheet{Lang: lang, Title: e.Title, Published: st.Plan != nil, L: l}
	var when []string
	if d := longDate(e.Date, lang); d != "" {
		when = append(when, d)
	}
	if e.Venue != "" {
		when = append(when, e.Venue)
	}
	sh.When = strings.Join(when, " · ")
	byID := topicMap(st.Topics)
	for _, s := range e.Sessions {
		sh.Sessions = append(sh.Sessions, SheetSession{Title: s.Title, Time: timeRange(e, s, lang)})
	}
	for _, r := range e.Rooms {
		room := SheetRoom{ID: r.ID, Name: r.Name, Location: r.Location}
		for i, s := range e.Sessions {
			slot := SheetSlot{Session: s.Title, Time: sh.Sessions[i].Time}
			if st.Plan != nil {
				if c := st.Plan.CellAt(s.ID, r.ID); c >= 0 {
					if tp, ok := byID[st.Plan.Cells[c].Topic]; ok {
						slot.Topic = tp.Title
						if tp.Host != "" {
							slot.Host = fmt.Sprintf(l.HostedBy, tp.Host)
						}
					}
				}
			}
			room.Slots = append(room.Slots, slot)
		}
		sh.Rooms = append(sh.Rooms, room)
	}
	return sh
}

// timeRange is a session's start and end as the language writes them, on
// the venue's clock: on the night summer time starts, 01:30 plus an hour
// ends at 03:30.
func timeRange(e openspace.Event, s openspace.Session, lang string) string {
	start, end, ok := When(e, s)
	if !ok {
		hm, err := time.Parse("15:04", s.Start)
		if err != nil {
			return ""
		}
		start, end = hm, hm.Add(time.Duration(s.Duration)*time.Minute)
	}
	if lang == openspace.LangEN {
		return start.Format("3:04 PM") + " – " + end.Format("3:04 PM")
	}
	return start.Format("15:04") + " – " + end.Format("15:04")
}

var (
	frDays   = []string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	frMonths = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
)

// longDate writes "2012-11-22" as "jeudi 22 novembre 2012" or "Thursday,
// November 22, 2012"; empty without a date.
func longDate(date, lang string) string {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return ""
	}
	if lang == openspace.LangEN {
		return d.Format("Monday, January 2, 2006")
	}
	day := fmt.Sprint(d.Day())
	if d.Day() == 1 {
		day = "1er"
	}
	return fmt.Sprintf("%s %s %s %d", frDays[d.Weekday()], day, frMonths[d.Month()-1], d.Year())
}
