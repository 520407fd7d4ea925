package recap

import (
	"fmt"
	"strconv"
	"strings"

	"openspace/openspace"
)

// words is what the recap says, in one language. Every argument called
// text is already escaped Markdown; numbers are plain.
type words struct {
	lang       string
	title      string // "Compte-rendu : %s"
	categories string
	tags       string

	hShort, hTopics, hUnscheduled, hGrid, hSaid, hFeedback, hWorked, hBlocked string

	colTopic, colVotes, colHost, colWhere, colRoom, colHere, colExpected string
	colROTI, colRatings, colAverage, evening                             string

	notScheduled, draft, noCells, takeaways, rotiHelp string

	// sentences
	came        func(date, venue string, n int) string
	answers     func(prompt string, counts []answerCount, none int) string
	proposed    func(topics, votes int) string
	scheduled   func(sessions, rooms, topics int) string
	eveningROTI func(avg string, n int) string
	gave        func(n int) string
	suggest     func(title, date, venue string, people, topics int) string

	// pieces
	date      func(d string) string // YYYY-MM-DD, as people write it
	clock     func(hhmm string) string
	minutes   func(n int) string
	votes     func(n int) string
	here      func(n int) string
	hostedBy  func(host string) string
	proposer  func(host string) string
	ratings   func(avg string, n int) string
	decimal   func(x float64) string
	where     func(session, room string) string
	quote     func(s string) string
	sessionAt func(title, start string, minutes int) string
}

type answerCount struct {
	label string // escaped
	n     int
}

var frMonths = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
var enMonths = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// splitDate reads YYYY-MM-DD; ok is false for anything else.
func splitDate(d string) (y, m, day int, ok bool) {
	if len(d) != 10 || d[4] != '-' || d[7] != '-' {
		return 0, 0, 0, false
	}
	y, e1 := strconv.Atoi(d[:4])
	m, e2 := strconv.Atoi(d[5:7])
	day, e3 := strconv.Atoi(d[8:])
	if e1 != nil || e2 != nil || e3 != nil || m < 1 || m > 12 || day < 1 || day > 31 {
		return 0, 0, 0, false
	}
	return y, m, day, true
}

// list joins items as a language does: "a, b et c", "a, b and c".
func list(items []string, and string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + and + " " + items[len(items)-1]
}

func plural(n int, one, other string) string {
	if n == 1 {
		return fmt.Sprintf(one, n)
	}
	return fmt.Sprintf(other, n)
}

// frPlural is French's plural: 0 and 1 take the singular.
func frPlural(n int, one, other string) string {
	if n <= 1 {
		return fmt.Sprintf(one, n)
	}
	return fmt.Sprintf(other, n)
}

func capitalize(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

const nbsp = "\u00a0"

var french = words{
	lang: openspace.LangFR, title: "Compte-rendu : %s", categories: "[meetup, compte-rendu]", tags: "[open-space]",
	hShort: "En bref", hTopics: "Les sujets proposés", hUnscheduled: "Les sujets qui n’ont pas trouvé de place",
	hGrid: "Le programme", hSaid: "Ce qui s’est dit", hFeedback: "Les retours",
	hWorked: "Ce qui a marché", hBlocked: "Ce qui a bloqué",
	colTopic: "Sujet", colVotes: "Votes", colHost: "Animé par", colWhere: "Quand et où", colRoom: "Salle",
	colHere: "Présents", colExpected: "Attendus", colROTI: "ROTI", colRatings: "Avis", colAverage: "Moyenne",
	evening: "La soirée", notScheduled: "non programmé",
	draft:     "*Programme provisoire : il n’a pas encore été publié.*",
	noCells:   "Aucun sujet dans cette session.",
	takeaways: "**À retenir :**",
	rotiHelp:  "Le ROTI (retour sur le temps investi) va de 1, « j’ai perdu mon temps », à 5, « ça valait bien plus que le temps passé ».",
	came: func(date, venue string, n int) string {
		lead := ""
		switch {
		case date != "" && venue != "":
			lead = "Le " + date + ", à " + venue + ", "
		case date != "":
			lead = "Le " + date + ", "
		case venue != "":
			lead = "À " + venue + ", "
		}
		var s string
		switch n {
		case 0:
			s = "personne ne s’est inscrit."
		case 1:
			s = "une seule personne est venue."
		default:
			s = fmt.Sprintf("nous étions %d.", n)
		}
		return capitalize(lead + s)
	},
	answers: func(prompt string, counts []answerCount, none int) string {
		q := "À la question « " + prompt + " », "
		if len(counts) == 0 {
			return "Personne n’a répondu à la question « " + prompt + " »."
		}
		var parts []string
		for i, c := range counts {
			if i == 0 {
				parts = append(parts, frPlural(c.n, "%d a répondu", "%d ont répondu")+" « "+c.label+" »")
			} else {
				parts = append(parts, fmt.Sprintf("%d « %s »", c.n, c.label))
			}
		}
		s := q + list(parts, "et")
		if none > 0 {
			s += " ; " + frPlural(none, "%d n’a pas répondu", "%d n’ont pas répondu")
		}
		return s + "."
	},
	proposed: func(topics, votes int) string {
		if topics == 0 {
			return "Aucun sujet n’a été proposé."
		}
		s := frPlural(topics, "%d sujet a été proposé", "%d sujets ont été proposés")
		if votes == 0 {
			return s + ", sans aucun vote."
		}
		return s + " et " + frPlural(votes, "%d vote exprimé", "%d votes exprimés") + "."
	},
	scheduled: func(sessions, rooms, topics int) string {
		return "Au programme : " + list([]string{
			frPlural(sessions, "%d session", "%d sessions"),
			frPlural(rooms, "%d salle", "%d salles"),
			frPlural(topics, "%d sujet", "%d sujets"),
		}, "et") + "."
	},
	eveningROTI: func(avg string, n int) string {
		return "La soirée a obtenu un ROTI moyen de " + avg + " sur 5 (" + frPlural(n, "%d avis", "%d avis") + ")."
	},
	gave: func(n int) string {
		return frPlural(n, "%d personne a donné son avis.", "%d personnes ont donné leur avis.")
	},
	suggest: func(title, date, venue string, people, topics int) string {
		s := "« " + title + " »"
		switch {
		case date != "" && venue != "":
			s += ", le " + date + " à " + venue
		case date != "":
			s += ", le " + date
		case venue != "":
			s += ", à " + venue
		}
		s += " : un open space, donc pas de programme écrit à l’avance, les sujets viennent de la salle."
		switch {
		case people > 1 && topics > 0:
			s += fmt.Sprintf(" Nous étions %d et ", people) + frPlural(topics, "%d sujet a été proposé", "%d sujets ont été proposés") + " ; voici ce qui s’en est dit, session par session."
		case topics > 0:
			s += " " + capitalize(frPlural(topics, "%d sujet a été proposé", "%d sujets ont été proposés")) + " ; voici ce qui s’en est dit, session par session."
		default:
			s += " Voici comment s’est passée la soirée."
		}
		return s
	},
	date: func(d string) string {
		y, m, day, ok := splitDate(d)
		if !ok {
			return d
		}
		ds := strconv.Itoa(day)
		if day == 1 {
			ds = "1er"
		}
		return ds + " " + frMonths[m-1] + " " + strconv.Itoa(y)
	},
	clock: func(hhmm string) string {
		if len(hhmm) != 5 {
			return hhmm
		}
		return hhmm[:2] + "h" + hhmm[3:]
	},
	minutes:  func(n int) string { return frPlural(n, "%d minute", "%d minutes") },
	votes:    func(n int) string { return frPlural(n, "%d vote", "%d votes") },
	here:     func(n int) string { return frPlural(n, "%d présent", "%d présents") },
	hostedBy: func(host string) string { return "animé par " + host },
	proposer: func(host string) string { return "proposé par " + host },
	ratings: func(avg string, n int) string {
		return "ROTI " + avg + " sur 5 (" + frPlural(n, "%d avis", "%d avis") + ")"
	},
	decimal: func(x float64) string { return strings.Replace(strconv.FormatFloat(x, 'f', 1, 64), ".", ",", 1) },
	where:   func(session, room string) string { return session + ", " + room },
	quote:   func(s string) string { return "« " + s + " »" },
	sessionAt: func(title, start string, minutes int) string {
		m := frPlural(minutes, "%d minute", "%d minutes")
		if start == "" {
			return title + " — " + m
		}
		return title + " — " + start + ", " + m
	},
}

var english = words{
	lang: openspace.LangEN, title: "Recap: %s", categories: "[meetup, recap]", tags: "[open-space]",
	hShort: "In short", hTopics: "The topics", hUnscheduled: "The topics that did not make it",
	hGrid: "The schedule", hSaid: "What was said", hFeedback: "Feedback",
	hWorked: "What worked", hBlocked: "What blocked",
	colTopic: "Topic", colVotes: "Votes", colHost: "Host", colWhere: "When and where", colRoom: "Room",
	colHere: "Checked in", colExpected: "Expected", colROTI: "ROTI", colRatings: "Ratings", colAverage: "Average",
	evening: "The evening", notScheduled: "not scheduled",
	draft:     "*Draft schedule: it has not been published yet.*",
	noCells:   "No topic in this session.",
	takeaways: "**Takeaways:**",
	rotiHelp:  "ROTI (return on time invested) goes from 1, “a waste of my time”, to 5, “worth far more than the time I gave”.",
	came: func(date, venue string, n int) string {
		lead := ""
		switch {
		case date != "" && venue != "":
			lead = "On " + date + ", in " + venue + ", "
		case date != "":
			lead = "On " + date + ", "
		case venue != "":
			lead = "In " + venue + ", "
		}
		var s string
		switch n {
		case 0:
			s = "nobody signed in."
		case 1:
			s = "one person came."
		default:
			s = fmt.Sprintf("there were %d of us.", n)
		}
		return capitalize(lead + s)
	},
	answers: func(prompt string, counts []answerCount, none int) string {
		if len(counts) == 0 {
			return "Nobody answered “" + prompt + "”."
		}
		var parts []string
		for i, c := range counts {
			if i == 0 {
				parts = append(parts, fmt.Sprintf("%d answered “%s”", c.n, c.label))
			} else {
				parts = append(parts, fmt.Sprintf("%d “%s”", c.n, c.label))
			}
		}
		s := "Asked “" + prompt + "”, " + list(parts, "and")
		if none > 0 {
			s += fmt.Sprintf("; %d did not answer", none)
		}
		return s + "."
	},
	proposed: func(topics, votes int) string {
		if topics == 0 {
			return "No topic was proposed."
		}
		s := plural(topics, "%d topic was proposed", "%d topics were proposed")
		if votes == 0 {
			return s + ", and nobody voted."
		}
		return s + " and " + plural(votes, "%d vote cast", "%d votes cast") + "."
	},
	scheduled: func(sessions, rooms, topics int) string {
		return "On the schedule: " + list([]string{
			plural(sessions, "%d session", "%d sessions"),
			plural(rooms, "%d room", "%d rooms"),
			plural(topics, "%d topic", "%d topics"),
		}, "and") + "."
	},
	eveningROTI: func(avg string, n int) string {
		return "The evening’s average ROTI was " + avg + " out of 5 (" + plural(n, "%d rating", "%d ratings") + ")."
	},
	gave: func(n int) string { return plural(n, "%d person gave feedback.", "%d people gave feedback.") },
	suggest: func(title, date, venue string, people, topics int) string {
		s := "“" + title + "”"
		switch {
		case date != "" && venue != "":
			s += ", on " + date + " in " + venue
		case date != "":
			s += ", on " + date
		case venue != "":
			s += ", in " + venue
		}
		s += ": an open space, so no agenda written in advance; the topics come from the room."
		switch {
		case people > 1 && topics > 0:
			s += fmt.Sprintf(" There were %d of us and ", people) + plural(topics, "%d topic was proposed", "%d topics were proposed") + "; here is what was said, session by session."
		case topics > 0:
			s += " " + plural(topics, "%d topic was proposed", "%d topics were proposed") + "; here is what was said, session by session."
		default:
			s += " Here is how the evening went."
		}
		return s
	},
	date: func(d string) string {
		y, m, day, ok := splitDate(d)
		if !ok {
			return d
		}
		return fmt.Sprintf("%s %d, %d", enMonths[m-1], day, y)
	},
	clock: func(hhmm string) string {
		h, err1 := strconv.Atoi(hhmm[:min(2, len(hhmm))])
		if len(hhmm) != 5 || err1 != nil {
			return hhmm
		}
		suffix := "AM"
		if h >= 12 {
			suffix = "PM"
		}
		h %= 12
		if h == 0 {
			h = 12
		}
		return fmt.Sprintf("%d:%s %s", h, hhmm[3:], suffix)
	},
	minutes:  func(n int) string { return plural(n, "%d minute", "%d minutes") },
	votes:    func(n int) string { return plural(n, "%d vote", "%d votes") },
	here:     func(n int) string { return plural(n, "%d checked in", "%d checked in") },
	hostedBy: func(host string) string { return "hosted by " + host },
	proposer: func(host string) string { return "proposed by " + host },
	ratings: func(avg string, n int) string {
		return "ROTI " + avg + " out of 5 (" + plural(n, "%d rating", "%d ratings") + ")"
	},
	decimal: func(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) },
	where:   func(session, room string) string { return session + ", " + room },
	quote:   func(s string) string { return "“" + s + "”" },
	sessionAt: func(title, start string, minutes int) string {
		m := plural(minutes, "%d minute", "%d minutes")
		if start == "" {
			return title + " — " + m
		}
		return title + " — " + start + ", " + m
	},
}

// wordsFor is the recap's language: the event's, French by default.
func wordsFor(lang string) words {
	if lang == openspace.LangEN {
		return english
	}
	return french
}
