package server

import "testing"

func TestShortName(t *testing.T) {
	for _, tt := range []struct{ title, want string }{
		{"Meetup", "Meetup"},
		{"DevOps Paris", "DevOps Paris"},            // 12: fits
		{"2ème meetup Paris DevOps", "2ème meetup"}, // cut between words
		{"Supercalifragilistic", "Supercalifr…"},    // one long word
		{"Été à Montréal, 3ème", "Été à"},           // runes, not bytes
		{"Montréal-Québec 2026", "Montréal-Qu…"},
	} {
		if got := shortName(tt.title, 12); got != tt.want {
			t.Errorf("shortName(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}
