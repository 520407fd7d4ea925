// Package recap writes an event up as a Markdown blog post: front matter
// for Jekyll or Hugo, attendance and profiles, the topics and their votes,
// the grid. It is presentation only: it reads an openspace.State and never
// changes it.
package recap

import (
	"fmt"
	"sort"
	"strings"

	"openspace/openspace"
)

// recapText holds the recap's fixed words in each language.
var recapText = map[string]map[string]string{
	openspace.LangFR: {
		"categories": "[meetup, compte-rendu]", "title": "Compte-rendu : %s",
		"intro": "Le %s à %s, %s, en open space.", "introNoVenue": "Le %s, %s, en open space.",
		"introNoDate": "%s, en open space.", "person": "%d participant", "people": "%d participants",
		"profileLine": "- %s : %d (%d %%)\n",
		"profiles":    "Qui était là", "noAnswer": "sans réponse",
		"topics": "Les sujets proposés", "topic": "Sujet", "votes": "Votes", "host": "Proposé par",
		"grid": "Le programme", "room": "Salle", "empty": "—", "unplaced": "Sujets non programmés",
		"noTopics": "Aucun sujet proposé.", "noPlan": "Le programme n’a pas été établi.",
		"draft": "Programme provisoire (non publié).", "min": "min",
	},
	openspace.LangEN: {
		"categories": "[meetup, recap]", "title": "Recap: %s",
		"intro": "On %s at %s, %s, run as an open space.", "introNoVenue": "On %s, %s, run as an open space.",
		"introNoDate": "%s, run as an open space.", "person": "%d attendee", "people": "%d attendees",
		"profileLine": "- %s: %d (%d%%)\n",
		"profiles":    "Who came", "noAnswer": "no answer",
		"topics": "Proposed topics", "topic": "Topic", "votes": "Votes", "host": "Proposed by",
		"grid": "The schedule", "room": "Room", "empty": "—", "unplaced": "Topics not scheduled",
		"noTopics": "No topic was proposed.", "noPlan": "No schedule was set.",
		"draft": "Draft schedule (not published).", "min": "min",
	},
}

// Render writes the event as a Markdown blog post with Jekyll/Hugo
// front matter, in the event's language. Every piece of user text is
// escaped, so that a title cannot inject Markdown, HTML or front matter.
func Render(st openspace.State) string {
	ev := st.Event
	tr := recapText[ev.Language]
	if tr == nil {
		tr = recapText[openspace.LangFR]
	}
	var b strings.Builder
	b.WriteString("---\nlayout: post\n")
	fmt.Fprintf(&b, "title: %s\n", yamlQuote(fmt.Sprintf(tr["title"], ev.Title)))
	if ev.Date != "" {
		fmt.Fprintf(&b, "date: %s\n", ev.Date)
	}
	fmt.Fprintf(&b, "categories: %s\n---\n\n", tr["categories"])

	people := fmt.Sprintf(tr["people"], st.Attendance.Count)
	if st.Attendance.Count == 1 {
		people = fmt.Sprintf(tr["person"], 1)
	}
	switch {
	case ev.Date != "" && ev.Venue != "":
		fmt.Fprintf(&b, tr["intro"]+"\n\n", ev.Date, EscapeMarkdown(ev.Venue), people)
	case ev.Date != "":
		fmt.Fprintf(&b, tr["introNoVenue"]+"\n\n", ev.Date, people)
	default:
		fmt.Fprintf(&b, tr["introNoDate"]+"\n\n", people)
	}

	if ev.Question != nil && st.Attendance.Count > 0 {
		fmt.Fprintf(&b, "## %s\n\n", tr["profiles"])
		fmt.Fprintf(&b, "%s\n\n", EscapeMarkdown(ev.Question.Prompt))
		for _, choice := range append(append([]string{}, ev.Question.Choices...), "") {
			n := st.Attendance.Profiles[choice]
			if n == 0 {
				continue
			}
			label := EscapeMarkdown(choice)
			if choice == "" {
				label = tr["noAnswer"]
			}
			fmt.Fprintf(&b, tr["profileLine"], label, n, percent(n, st.Attendance.Count))
		}
		b.WriteString("\n")
	}

	fmt.Fprintf(&b, "## %s\n\n", tr["topics"])
	topics := append([]openspace.Topic(nil), st.Topics...)
	sort.SliceStable(topics, func(i, j int) bool { return topics[i].Votes > topics[j].Votes })
	if len(topics) == 0 {
		fmt.Fprintf(&b, "%s\n\n", tr["noTopics"])
	} else {
		fmt.Fprintf(&b, "| %s | %s | %s |\n|---|---:|---|\n", tr["topic"], tr["votes"], tr["host"])
		for _, t := range topics {
			fmt.Fprintf(&b, "| %s | %d | %s |\n", EscapeMarkdown(t.Title), t.Votes, EscapeMarkdown(t.Host))
		}
		b.WriteString("\n")
	}

	fmt.Fprintf(&b, "## %s\n\n", tr["grid"])
	plan := st.Plan
	if plan == nil && st.Draft != nil && len(st.Draft.Cells) > 0 {
		plan = st.Draft
		fmt.Fprintf(&b, "*%s*\n\n", tr["draft"])
	}
	if plan == nil {
		fmt.Fprintf(&b, "%s\n", tr["noPlan"])
		return b.String()
	}
	byID := make(map[string]openspace.Topic, len(st.Topics))
	for _, t := range st.Topics {
		byID[t.ID] = t
	}
	placed := map[string]bool{}
	for _, s := range ev.Sessions {
		heading := EscapeMarkdown(s.Title)
		if s.Start != "" {
			heading += fmt.Sprintf(" (%s, %d %s)", s.Start, s.Duration, tr["min"])
		} else {
			heading += fmt.Sprintf(" (%d %s)", s.Duration, tr["min"])
		}
		fmt.Fprintf(&b, "### %s\n\n", heading)
		found := false
		for _, r := range ev.Rooms {
			i := plan.CellAt(s.ID, r.ID)
			if i < 0 {
				continue
			}
			t, ok := byID[plan.Cells[i].Topic]
			if !ok {
				continue
			}
			found = true
			placed[t.ID] = true
			fmt.Fprintf(&b, "- **%s** — %s (%d %s)\n", EscapeMarkdown(t.Title), EscapeMarkdown(r.Name), t.Votes, strings.ToLower(tr["votes"]))
		}
		if !found {
			fmt.Fprintf(&b, "%s\n", tr["empty"])
		}
		b.WriteString("\n")
	}
	var unplaced []string
	for _, t := range topics {
		if !placed[t.ID] {
			unplaced = append(unplaced, fmt.Sprintf("- %s (%d)", EscapeMarkdown(t.Title), t.Votes))
		}
	}
	if len(unplaced) > 0 {
		fmt.Fprintf(&b, "### %s\n\n%s\n", tr["unplaced"], strings.Join(unplaced, "\n"))
	}
	return b.String()
}

func percent(n, total int) int {
	if total == 0 {
		return 0
	}
	return (n*100 + total/2) / total
}

// EscapeMarkdown makes user text literal in CommonMark, Jekyll and Hugo
// while keeping it readable for whoever edits the post: characters that
// mean something anywhere get a backslash (always a valid escape); those
// that mean something only at the start of a block ("- ", "# ", "1. ")
// get one there; line breaks become spaces so text cannot open a block.
func EscapeMarkdown(s string) string {
	var b strings.Builder
	start := true // still in the leading digits, where "1." or "1)" would start a list
	for i, r := range s {
		switch {
		case r == '\n' || r == '\r':
			b.WriteByte(' ')
		case strings.ContainsRune("\\`*_[]<>|&~{}%", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case i == 0 && strings.ContainsRune("-+#>=!:", r), start && i > 0 && (r == '.' || r == ')'):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
		start = start && r >= '0' && r <= '9'
	}
	return b.String()
}

// yamlQuote writes a YAML double-quoted scalar.
func yamlQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}
