package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"openspace/openspace"
)

// TestBrowserOrganizerEditsTopicsAndSetup: in the console the organizer
// merges, renames and removes topics, edits the set-up and closes voting;
// an attendee's phone follows each change live.
//
// After each change the test waits until the console shows its outcome
// everywhere it appears (the topic rows, the tray of unplaced topics and
// the plan report, which the organizer stream brings a moment later), as the organizer
// would before the next click, and finds the next button by the title of
// its row.
func TestBrowserOrganizerEditsTopicsAndSetup(t *testing.T) {
	t.Parallel()
	sharedBrowser(t) // skips without Chromium (fails in CI)
	base, _ := startApp(t)
	const step = 20 * time.Second
	ev := seedEvening(t, base, evening{
		setup: openspace.EventSetup{Title: "Meetup", Language: "fr",
			Sessions: []openspace.Session{{Title: "1ère session", Duration: 30}},
			Rooms:    []openspace.Room{{Name: "Salle A", Capacity: 10}}},
		people: []person{{name: "Bob"}},
		topics: []proposal{{by: "Bob", title: "Capistrano"}, {by: "Bob", title: "Fabric"}, {by: "Bob", title: "Jira"}, {by: "Bob", title: "Puppet"}},
		votes:  []ballot{{by: "Bob", topics: []string{"Capistrano", "Fabric"}}},
	})

	phone := newPerson(t, "Ada")
	within(t, phone, step, "Ada joins and votes for Capistrano",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		chromedp.Navigate(base+"/e/"+ev.id),
		visible("#join-form"),
		pageLoaded(),
		click("#join-submit"),
		visible("#main-view"),
		waitJS(`document.querySelectorAll('#topics [data-topic-id]').length === 4`),
		clickOn("Capistrano's vote button", inside(phoneTopic("Capistrano"), ".vote-btn")),
		waitJS(`document.querySelector('#dots-left').dataset.remaining === '2'`),
		waitJS(inside(phoneTopic("Capistrano"), ".votes")+`.textContent === `+q(votesText(2))),
		markLoaded,
	)
	org := newPerson(t, "the organizer")
	within(t, org, step, "open the console",
		chromedp.Navigate(base+ev.organizerURL),
		visible("#org-main"),
		consoleShows("Capistrano", "Fabric", "Jira", "Puppet"),
		markLoaded,
	)

	// Merge Capistrano into Fabric: Ada voted Capistrano, Bob both.
	within(t, org, step, "merge Capistrano into Fabric",
		choose(`#org-topics li[data-topic-id="`+ev.topic(t, "Capistrano")+`"] select.merge-select`, ev.topic(t, "Fabric")),
		clickOn("Capistrano's merge button", inside(consoleTopic("Capistrano"), ".merge-btn")),
		// The console asks first, saying where the dots go.
		visible(`#org-topics li[data-topic-id="`+ev.topic(t, "Capistrano")+`"] .merge-confirm`),
		clickOn("Capistrano's confirm button", inside(consoleTopic("Capistrano"), ".confirm-merge-btn")),
		consoleShows("Fabric", "Jira", "Puppet"),
		waitJS(inside(consoleTopic("Fabric"), ".votes")+`.textContent === `+q(votesText(2))),
	)
	within(t, phone, step, "Ada sees the merge: one topic, two voters, her dot moved",
		waitJS(`!`+phoneTopic("Capistrano")),
		waitJS(inside(phoneTopic("Fabric"), ".votes")+`.textContent === `+q(votesText(2))),
		waitJS(inside(phoneTopic("Fabric"), ".vote-btn")+`.getAttribute('aria-pressed') === 'true'`),
		waitJS(`document.querySelector('#dots-left').dataset.remaining === '2'`),
	)

	// Rename Jira, remove Puppet.
	jiraForm := `#org-topics li[data-topic-id="` + ev.topic(t, "Jira") + `"] form.edit-form`
	within(t, org, step, "rename Jira",
		clickOn("Jira's edit button", inside(consoleTopic("Jira"), ".edit-btn")),
		visible(jiraForm+" [name=title]"),
		fill(jiraForm+" [name=title]", "Confluence et Jira"),
		click(jiraForm+" .save-btn"),
		// The organizer sees the row with its new title, its editor closed.
		waitJS(inside(consoleTopic("Confluence et Jira"), "form.edit-form")+`.hidden`),
		waitJS(inside(consoleTopic("Confluence et Jira"), ".edit-btn")+`.getAttribute('aria-expanded') === 'false'`),
		consoleShows("Fabric", "Confluence et Jira", "Puppet"),
	)
	within(t, org, step, "remove Puppet",
		clickOn("Puppet's remove button", inside(consoleTopic("Puppet"), ".remove-btn")),
		visible(`#org-topics li[data-topic-id="`+ev.topic(t, "Puppet")+`"] .confirm-remove-btn`),
		clickOn("Puppet's confirm button", inside(consoleTopic("Puppet"), ".confirm-remove-btn")),
		consoleShows("Fabric", "Confluence et Jira"),
	)
	within(t, phone, step, "Ada sees the new title and Puppet gone",
		waitJS(`!`+phoneTopic("Jira")),
		waitJS(phoneTopic("Confluence et Jira")),
		waitJS(`!`+phoneTopic("Puppet")),
	)

	// Edit the set-up: rename the room and the event.
	within(t, org, step, "edit the set-up",
		visible("#setup-form"),
		fill("#setup-title", "2ème meetup Paris DevOps"),
		fill(`#setup-rooms .room-row [name=room-name]`, "Grande salle"),
		click("#setup-submit"),
		visible("#setup-saved"),
		waitJS(`document.querySelector('#draft-grid th[data-room-id]').firstChild.textContent === 'Grande salle'`),
		waitJS(`document.querySelector('#event-title').textContent === '2ème meetup Paris DevOps'`),
	)
	within(t, phone, step, "Ada sees the new title",
		waitJS(`document.querySelector('#event-title').textContent === '2ème meetup Paris DevOps'`),
	)

	// Close voting: the phone's buttons go grey and say why.
	within(t, org, step, "close voting",
		click("#toggle-voting"),
		waitJS(`!document.querySelector('#toggle-voting').checked && !document.querySelector('#toggle-voting').disabled`),
	)
	within(t, phone, step, "Ada can no longer vote",
		visible("#voting-closed"),
		waitJS(`[...document.querySelectorAll('#topics .vote-btn')].every(b => b.disabled)`),
		pageNotReloaded(),
	)
	within(t, org, step, "the console was never reloaded", pageNotReloaded())
}

// consoleShows waits until the console shows exactly these topics, none
// of them placed yet: as rows, most votes first, as chips in the tray, and
// in the report's list of unscheduled topics, which the organizer stream
// brings a moment after each change. (Rows with as many votes may come in any
// order: topics created through the API in the same millisecond tie.)
func consoleShows(titles ...string) chromedp.Action[chromedp.Void] {
	lists := `(() => {
		const text = (sel, f) => [...document.querySelectorAll(sel)].map(f);
		const votes = text('#org-topics li[data-topic-id] .votes', v => parseInt(v.textContent, 10));
		return {
			rows: text('#org-topics li[data-topic-id]', li => li.querySelector('.title').textContent).sort(),
			mostVotesFirst: votes.every((n, i) => i === 0 || votes[i - 1] >= n),
			tray: text('#unplaced button.chip[data-topic-id]', b => b.firstChild.textContent).sort(),
			report: text('#plan-unscheduled .unscheduled-topic', s => s.textContent).sort(),
		};
	})()`
	sorted := jsJSON(slices.Sorted(slices.Values(titles)))
	want := `{rows: ` + sorted + `, mostVotesFirst: true, tray: ` + sorted + `, report: ` + sorted + `}`
	return waitUntil("the console to show the topics "+strings.Join(titles, ", ")+" (rows, tray and report)",
		`JSON.stringify(`+lists+`) === JSON.stringify(`+want+`)`, `JSON.stringify(`+lists+`)`)
}
