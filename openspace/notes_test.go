package openspace_test

import (
	"strings"
	"testing"

	"openspace/openspace"
)

func TestMergeNotes(t *testing.T) {
	en := openspace.ConflictMarkersIn(openspace.LangEN)
	base := "# Puppet\n\nFirst paragraph.\n\nMiddle.\n\nLast paragraph."
	for _, tc := range []struct {
		name, base, mine, theirs string
		want                     string
		conflict                 bool
	}{
		{"nobody changed", base, base, base, base, false},
		{"only mine", base, base + "\nMore.", base, base + "\nMore.", false},
		{"only theirs", base, base, "Intro\n" + base, "Intro\n" + base, false},
		{"the same change", base, base + " Yes.", base + " Yes.", base + " Yes.", false},
		{"first and last paragraphs",
			base,
			strings.Replace(base, "Last paragraph.", "Last paragraph, by Bob.", 1),
			strings.Replace(base, "First paragraph.", "First paragraph, by Ada.\nAnd a new line.", 1),
			"# Puppet\n\nFirst paragraph, by Ada.\nAnd a new line.\n\nMiddle.\n\nLast paragraph, by Bob.", false},
		{"the same line",
			"a\nb\nc", "a\nB by me\nc", "a\nB by them\nc",
			"a\n" + en.First + "\nB by them\n" + en.Second + "\nB by me\n" + en.End + "\nc", true},
		{"both add at the end",
			"a", "a\nmine", "a\ntheirs",
			"a\n" + en.First + "\ntheirs\n" + en.Second + "\nmine\n" + en.End, true},
		{"empty base, both write",
			"", "mine", "theirs",
			en.First + "\ntheirs\n" + en.Second + "\nmine\n" + en.End, true},
		{"one deletes a line, the other changes another",
			"a\nb\nc\nd", "a\nc\nd", "a\nb\nc\nD",
			"a\nc\nD", false},
		{"adjacent but separate lines",
			"a\nb\nc", "A\nb\nc", "a\nb\nC", "A\nb\nC", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, conflict := openspace.MergeNotes(tc.base, tc.mine, tc.theirs, openspace.LangEN)
			if got != tc.want || conflict != tc.conflict {
				t.Errorf("MergeNotes = %q, %v\nwant        %q, %v", got, conflict, tc.want, tc.conflict)
			}
		})
	}
}

func TestMergeNotesKeepsEverything(t *testing.T) {
	// Whatever the two edits, every line either wrote is in the result.
	base := "one\ntwo\nthree\nfour"
	mine := "one\n2 (mine)\nthree\nfour\nfive (mine)"
	theirs := "zero (theirs)\none\n2 (theirs)\nthree"
	got, conflict := openspace.MergeNotes(base, mine, theirs, openspace.LangFR)
	if !conflict {
		t.Errorf("no conflict for the line both changed: %q", got)
	}
	for _, line := range []string{"zero (theirs)", "2 (mine)", "2 (theirs)", "five (mine)", "one", "three"} {
		if !strings.Contains(got, line) {
			t.Errorf("%q is lost: %q", line, got)
		}
	}
	if !strings.Contains(got, "Modifié deux fois en même temps") {
		t.Errorf("the markers are not in French: %q", got)
	}
}

func TestMergeTakeaways(t *testing.T) {
	base := []string{"a", "b"}
	got := openspace.MergeTakeaways(base, []string{"a", "c"}, []string{"a", "b", "d"})
	if want := []string{"a", "d", "c"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("MergeTakeaways = %v, want %v", got, want)
	}
	got = openspace.MergeTakeaways(nil, []string{"x", "y"}, []string{"y", "z"})
	if want := []string{"y", "z", "x"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("MergeTakeaways = %v, want %v", got, want)
	}
}

func TestNotesEditValidate(t *testing.T) {
	many := make([]string, openspace.MaxTakeaways+1)
	for i := range many {
		many[i] = "x"
	}
	for _, tc := range []struct {
		name string
		in   openspace.NotesEdit
		ok   bool
	}{
		{"fine", openspace.NotesEdit{Text: "# Notes\r\n\r\n- a", Takeaways: []string{" a ", ""}}, true},
		{"longest text", openspace.NotesEdit{Text: strings.Repeat("é", openspace.MaxNotesLen)}, true},
		{"text too long", openspace.NotesEdit{Text: strings.Repeat("é", openspace.MaxNotesLen+1)}, false},
		{"control character", openspace.NotesEdit{Text: "a\x00b"}, false},
		{"too many takeaways", openspace.NotesEdit{Takeaways: many}, false},
		{"takeaway too long", openspace.NotesEdit{Takeaways: []string{strings.Repeat("a", openspace.MaxTakeawayLen+1)}}, false},
		{"takeaway on two lines", openspace.NotesEdit{Takeaways: []string{"a\nb"}}, false},
		{"negative version", openspace.NotesEdit{BaseVersion: -1}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			in.Normalize()
			err := in.Validate()
			if (err == nil) != tc.ok {
				t.Errorf("Validate() = %v, want ok=%v", err, tc.ok)
			}
			if err != nil && openspace.ErrorCode(err) != openspace.EINVALID {
				t.Errorf("code %s, want invalid", openspace.ErrorCode(err))
			}
		})
	}
	in := openspace.NotesEdit{Text: "  a\r\nb  ", Takeaways: []string{" x ", " "}}
	in.Normalize()
	if in.Text != "a\nb" || len(in.Takeaways) != 1 || in.Takeaways[0] != "x" {
		t.Errorf("Normalize = %q %q", in.Text, in.Takeaways)
	}
}
