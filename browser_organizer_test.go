package main

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"openspace/openspace"
)

// TestBrowserOrganizerEditsTopicsAndSetup: in the console the organizer
// merges, renames and removes topics, edits the set-up and closes voting;
// an attendee's phone follows each change live.
func TestBrowserOrganizerEditsTopicsAndSetup(t *testing.T) {
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
	within(t, phone, step, "Ada joins",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		chromedp.Navigate(base+"/e/"+ev.id),
		chromedp.WaitVisible("#join-form"),
		chromedp.Click("#join-submit"),
		chromedp.WaitVisible("#main-view"),
		waitJS(`document.querySelectorAll('#topics [data-topic-id]').length === 4`),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#topics [data-topic-id="`+ev.topic(t, "Capistrano")+`"] .vote-btn').click()`),
		waitJS(`document.querySelector('#dots-left').dataset.remaining === '2'`),
		markLoaded,
	)
	org := newPerson(t, "the organizer")
	row := func(title string) string { return `#org-topics li[data-topic-id="` + ev.topic(t, title) + `"]` }
	within(t, org, step, "open the console",
		chromedp.Navigate(base+ev.organizerURL),
		chromedp.WaitVisible(row("Capistrano")),
		markLoaded,
	)

	// Merge Capistrano into Fabric: Ada voted Capistrano, Bob both.
	within(t, org, step, "merge Capistrano into Fabric",
		chromedp.SetValue(row("Capistrano")+" select.merge-select", ev.topic(t, "Fabric")),
		chromedp.Click(row("Capistrano")+" .merge-btn"),
		waitJS(`!document.querySelector(`+q(row("Capistrano"))+`)`),
	)
	phoneTopic := func(title string) string { return `#topics [data-topic-id="` + ev.topic(t, title) + `"]` }
	within(t, phone, step, "Ada sees the merge: one topic, two voters, her dot moved",
		waitJS(`!document.querySelector(`+q(phoneTopic("Capistrano"))+`)`),
		waitJS(`document.querySelector(`+q(phoneTopic("Fabric")+` .votes`)+`).textContent.includes('2')`),
		waitJS(`document.querySelector(`+q(phoneTopic("Fabric")+` .vote-btn`)+`).getAttribute('aria-pressed') === 'true'`),
		waitJS(`document.querySelector('#dots-left').dataset.remaining === '2'`),
	)

	// Rename Jira, remove Puppet.
	within(t, org, step, "rename Jira",
		chromedp.Click(row("Jira")+" .edit-btn"),
		chromedp.WaitVisible(row("Jira")+" form.edit-form [name=title]"),
		chromedp.SetValue(row("Jira")+" form.edit-form [name=title]", "Confluence et Jira"),
		chromedp.Click(row("Jira")+" .save-btn"),
	)
	within(t, org, step, "remove Puppet",
		chromedp.Click(row("Puppet")+" .remove-btn"),
		chromedp.WaitVisible(row("Puppet")+" .confirm-remove-btn"),
		chromedp.Click(row("Puppet")+" .confirm-remove-btn"),
	)
	within(t, phone, step, "Ada sees the new title and Puppet gone",
		waitJS(`document.querySelector(`+q(phoneTopic("Jira")+` .title`)+`).textContent === 'Confluence et Jira'`),
		waitJS(`!document.querySelector(`+q(phoneTopic("Puppet"))+`)`),
	)

	// Edit the set-up: rename the room and the event.
	within(t, org, step, "edit the set-up",
		chromedp.WaitVisible("#setup-form"),
		chromedp.SetValue("#setup-title", "2ème meetup Paris DevOps"),
		chromedp.SetValue(`#setup-rooms .room-row [name=room-name]`, "Grande salle"),
		chromedp.Click("#setup-submit"),
		chromedp.WaitVisible("#setup-saved"),
		waitJS(`document.querySelector('#draft-grid th[data-room-id]').textContent.includes('Grande salle')`),
	)
	within(t, phone, step, "Ada sees the new title",
		waitJS(`document.querySelector('#event-title').textContent === '2ème meetup Paris DevOps'`),
	)

	// Close voting: the phone's buttons go grey and say why.
	within(t, org, step, "close voting", chromedp.Click("#toggle-voting"), waitJS(`!document.querySelector('#toggle-voting').checked`))
	within(t, phone, step, "Ada can no longer vote",
		chromedp.WaitVisible("#voting-closed"),
		waitJS(`[...document.querySelectorAll('#topics .vote-btn')].every(b => b.disabled)`),
		pageNotReloaded(),
	)
	within(t, org, step, "the console was never reloaded", pageNotReloaded())
}
