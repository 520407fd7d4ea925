package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"openspace/openspace"
)

// moderationShot writes a screenshot under OPENSPACE_MODERATION_SHOTS when
// it names a folder.
func moderationShot(t *testing.T, tab context.Context, sel, name string) {
	t.Helper()
	dir := os.Getenv("OPENSPACE_MODERATION_SHOTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	within(t, tab, 10*time.Second, "scroll to "+sel,
		chromedp.Evaluate[chromedp.Void](`document.querySelector(`+q(sel)+`).scrollIntoView({block: 'start'})`), settled())
	png := value(t, tab, "screenshot "+name, chromedp.CaptureScreenshot())
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// consoleAttendee is the moderation row of an attendee, by name.
func consoleAttendee(name string) string {
	return `Array.from(document.querySelectorAll('#om-people tbody tr')).find(r => r.querySelector('.name').textContent === ` + q(name) + `)`
}

// omTopic is the checkbox of a topic in the moderation list, by title.
func omTopic(title string) string {
	return `Array.from(document.querySelectorAll('#om-topics li')).find(li => li.querySelector('.title').textContent === ` + q(title) + `).querySelector('.om-pick')`
}

// TestBrowserModeration: a spammer floods the marketplace. From the console
// the organizer removes them (their topics go, the dot they put on Puppet
// is taken back), then removes two topics at once, then closes joining: a
// phone in the room sees each change live, and a newcomer's phone gets the
// server's message instead of joining.
func TestBrowserModeration(t *testing.T) {
	t.Parallel()
	sharedBrowser(t)
	const step = 20 * time.Second
	base, _ := startApp(t)
	e := evening{setup: openspace.EventSetup{Title: "Meetup", Language: "fr",
		Sessions: []openspace.Session{{Title: "1", Duration: 30}}, Rooms: []openspace.Room{{Name: "A", Capacity: 10}}},
		people: []person{{name: "Ada"}, {name: "Spam Bot"}, {name: "Bob"}},
		topics: []proposal{{by: "Ada", title: "Puppet"}, {by: "Spam Bot", title: "BUY NOW 1"}, {by: "Spam Bot", title: "BUY NOW 2"},
			{by: "Spam Bot", title: "BUY NOW 3"}, {by: "Bob", title: "Kanban"}, {by: "Bob", title: "Jira"}},
		votes: []ballot{{by: "Spam Bot", topics: []string{"Puppet"}}, {by: "Bob", topics: []string{"BUY NOW 1"}}}}
	ev := seedEvening(t, base, e)

	phone := newPerson(t, "Zoé's phone")
	within(t, phone, step, "Zoé joins and sees the flood",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/e/"+ev.id),
		pageLoaded(),
		click("#lang-en"),
		visible("#join-form"),
		fill("#join-name", "Zoé"),
		click("#join-submit"),
		visible("#main-view"),
		visible(`#topics [data-topic-id="`+ev.topic(t, "BUY NOW 3")+`"]`),
		waitJS(inside(phoneTopic("Puppet"), ".votes")+`.textContent === `+q(votesText(1))),
		markLoaded,
	)

	console := newPerson(t, "the organizer")
	within(t, console, step, "the organizer finds the spammer in the moderation list, most topics first",
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(base+ev.organizerURL),
		visible("#org-main"),
		pageLoaded(),
		click("#lang-en"),
		visible("#moderation-section"),
		waitUntil("four people, the spammer first with 3 topics and 1 dot",
			`document.querySelectorAll('#om-people tbody tr').length === 4 && document.querySelector('#om-people tbody tr .name').textContent === 'Spam Bot' && `+
				consoleAttendee("Spam Bot")+`.querySelector('.topics').textContent === '3' && `+consoleAttendee("Spam Bot")+`.querySelector('.votes').textContent === '1'`,
			`document.querySelector('#om-people').innerText`),
		clickOn("Remove on the spammer's row", inside(consoleAttendee("Spam Bot"), ".om-remove")),
		waitUntil("the confirmation says what goes", inside(consoleAttendee("Spam Bot"), ".om-q")+`.textContent.includes('3 topics go')`,
			inside(consoleAttendee("Spam Bot"), ".om-q")+`.textContent`),
		waitJS(`document.activeElement === `+inside(consoleAttendee("Spam Bot"), ".om-remove-yes")),
	)
	moderationShot(t, console, "#moderation-section", "console-moderation-confirm-en")
	within(t, console, step, "the organizer confirms: the spammer is gone",
		clickOn("Yes, remove", inside(consoleAttendee("Spam Bot"), ".om-remove-yes")),
		waitUntil("three people left", `document.querySelectorAll('#om-people tbody tr').length === 3 && !`+consoleAttendee("Spam Bot"),
			`document.querySelector('#om-people').innerText`),
		waitUntil("the status says so", `document.querySelector('#om-status').textContent.includes('Spam Bot')`, `document.querySelector('#om-status').textContent`),
	)
	within(t, phone, step, "Zoé's phone: the spam is gone live and Puppet lost the spammer's dot",
		waitUntil("no BUY NOW topic", `!Array.from(document.querySelectorAll('#topics .title')).some(e => e.textContent.startsWith('BUY NOW'))`,
			`Array.from(document.querySelectorAll('#topics .title')).map(e => e.textContent).join(', ')`),
		waitJS(inside(phoneTopic("Puppet"), ".votes")+`.textContent === `+q(votesText(0))),
		pageNotReloaded(),
	)

	within(t, console, step, "the organizer removes Kanban and Jira at once",
		clickOn("Kanban's checkbox", omTopic("Kanban")),
		clickOn("Jira's checkbox", omTopic("Jira")),
		waitUntil("the button counts them", `document.querySelector('#om-remove-topics').textContent === 'Remove the 2 selected topics' && !document.querySelector('#om-remove-topics').disabled`,
			`document.querySelector('#om-remove-topics').textContent`),
		click("#om-remove-topics"),
		visible("#om-remove-topics-box"),
		waitJS(`document.querySelector('#om-remove-topics-q').textContent === 'Remove these 2 topics? Their dots go back to the voters.'`),
	)
	moderationShot(t, console, "#om-topics-h", "console-moderation-topics-en")
	within(t, console, step, "confirmed: only Puppet is left",
		click("#om-remove-topics-yes"),
		waitUntil("one topic left", `document.querySelectorAll('#om-topics li').length === 1`, `document.querySelector('#om-topics').innerText`),
		waitJS(`document.querySelector('#om-status').textContent === '2 topics removed.'`),
		waitJS(`document.querySelector('#om-remove-topics-box').hidden && document.querySelector('#om-remove-topics').disabled`),
	)
	within(t, phone, step, "Zoé's phone: Kanban and Jira are gone",
		waitUntil("only Puppet", `document.querySelectorAll('#topics [data-topic-id]').length === 1 && !!`+phoneTopic("Puppet"),
			`Array.from(document.querySelectorAll('#topics .title')).map(e => e.textContent).join(', ')`),
		pageNotReloaded(),
	)

	within(t, console, step, "the organizer closes joining",
		waitJS(`document.querySelector('#toggle-joining').checked`),
		click("#toggle-joining"),
		waitJS(`!document.querySelector('#toggle-joining').checked && !document.querySelector('#toggle-joining').disabled`),
	)
	eventually(t, step, "the event says joining is closed", func() (bool, string) {
		st := ev.state(t)
		return st.Event.JoiningClosed, "joining_closed false"
	})
	late := newPerson(t, "a newcomer's phone")
	speaks(t, late, "fr-FR,fr")
	within(t, late, step, "a newcomer cannot join and reads why, in French",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/e/"+ev.id),
		pageLoaded(),
		click("#lang-fr"),
		visible("#join-form"),
		fill("#join-name", "Tard"),
		click("#join-submit"),
		visible("#join-error"),
		waitUntil("the server's message", `document.querySelector('#join-error').textContent === 'Cet événement n’accepte plus de nouveaux participants : adressez-vous à l’organisation.'`,
			`document.querySelector('#join-error').textContent`),
		waitJS(`document.querySelector('#main-view').hidden`),
	)
	moderationShot(t, late, "#join-view", "phone-joining-closed-fr")
	within(t, phone, step, "Zoé, already in, stays in",
		waitJS(`!document.querySelector('#main-view').hidden`),
	)
}

// TestBrowserProjectorJoiningClosed: once joining is closed the projector
// stops showing a code newcomers could not use, and says why.
func TestBrowserProjectorJoiningClosed(t *testing.T) {
	t.Parallel()
	sharedBrowser(t)
	base, _ := startApp(t)
	ev := seedEvening(t, base, evening{setup: openspace.EventSetup{Title: "Closed evening", Language: "en",
		Sessions: []openspace.Session{{Title: "1", Duration: 30}}, Rooms: []openspace.Room{{Name: "A", Capacity: 10}}}})
	projector := newPerson(t, "the projector")
	within(t, projector, 20*time.Second, "open the projector", chromedp.EmulateViewport(1920, 1080),
		chromedp.Navigate(base+"/p/"+ev.id), visible("#qr"), markLoaded)
	apiCall(t, base, ev.organizer, "PATCH", ev.path("/phases"), map[string]any{"joining_open": false}, nil)
	within(t, projector, 20*time.Second, "the projector hides the code",
		waitJS(`document.body.dataset.joining === 'closed'`),
		waitJS(`document.querySelector('#qr').getBoundingClientRect().height === 0`),
		waitJS(`document.querySelector('#join-caption').textContent === 'Joining is closed.'`),
		pageNotReloaded())
}
