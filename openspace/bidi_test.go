package openspace_test

import (
	"strings"
	"testing"

	"openspace/openspace"
)

// TestTextRefusesBidiControls: the characters that reverse or isolate the
// direction of the text after them are refused in every field people
// type; the direction marks (LRM, RLM, ALM) and right-to-left text stay
// allowed. The French message names the field and the character.
func TestTextRefusesBidiControls(t *testing.T) {
	fields := []struct {
		name     string
		validate func(s string) error
	}{
		{"event title", func(s string) error { e := validSetup(); e.Title = s; e.Normalize(); return e.Validate() }},
		{"venue", func(s string) error { e := validSetup(); e.Venue = s; e.Normalize(); return e.Validate() }},
		{"room name", func(s string) error { e := validSetup(); e.Rooms[0].Name = s; e.Normalize(); return e.Validate() }},
		{"choice", func(s string) error { e := validSetup(); e.Question.Choices[0] = s; e.Normalize(); return e.Validate() }},
		{"topic title", func(s string) error { in := openspace.TopicInput{Title: s}; in.Normalize(); return in.Validate() }},
		{"topic description", func(s string) error {
			in := openspace.TopicInput{Title: "T", Description: s}
			in.Normalize()
			return in.Validate()
		}},
		{"attendee name", func(s string) error {
			in := openspace.JoinInput{Name: s}
			in.Normalize()
			return in.Validate(openspace.Event{})
		}},
		{"notes", func(s string) error { in := openspace.NotesEdit{Text: s}; in.Normalize(); return in.Validate() }},
		{"feedback", func(s string) error {
			in := openspace.FeedbackInput{Worked: s}
			in.Normalize()
			return in.Validate(nil)
		}},
	}
	texts := []struct {
		name, text string
		refused    bool
	}{
		{"plain", "Kubernetes en prod", false},
		{"Hebrew and Latin", "שלום DevOps", false},
		{"Arabic", "مرحبا", false},
		{"LRM U+200E", "DevOps\u200e 2", false},
		{"RLM U+200F", "שלום\u200f!", false},
		{"ALM U+061C", "مرحبا\u061c1", false},
		{"LRE U+202A", "a\u202ab", true},
		{"RLE U+202B", "a\u202bb", true},
		{"PDF U+202C", "a\u202cb", true},
		{"LRO U+202D", "a\u202db", true},
		{"RLO U+202E", "Puppet \u202etset", true},
		{"LRI U+2066", "a\u2066b", true},
		{"RLI U+2067", "a\u2067b", true},
		{"FSI U+2068", "a\u2068b", true},
		{"PDI U+2069", "a\u2069b", true},
	}
	for _, f := range fields {
		for _, tx := range texts {
			err := f.validate(tx.text)
			if tx.refused && openspace.ErrorCode(err) != openspace.EINVALID {
				t.Errorf("%s with %s: %v, want invalid", f.name, tx.name, err)
			}
			if !tx.refused && err != nil {
				t.Errorf("%s with %s: %v, want it accepted", f.name, tx.name, err)
			}
		}
	}
	in := openspace.TopicInput{Title: "Puppet \u202etset"}
	in.Normalize()
	if got := openspace.ErrorMessageIn(in.Validate(), openspace.LangFR); got != "Le champ « titre » contient un caractère qui inverse ou isole le sens du texte (U+202E)." {
		t.Errorf("French message = %q", got)
	}
	if got := openspace.ErrorMessageIn(in.Validate(), openspace.LangEN); !strings.Contains(got, "U+202E") {
		t.Errorf("English message = %q", got)
	}
}
