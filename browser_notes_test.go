package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestNotesTwoPhones: two people in the same topic edit its notes at once
// from their phones, one the first paragraph and one the last: both edits
// survive on both phones. Then both change the same line: nothing is lost,
// and the one whose save arrived second is shown the conflict. A draft
// survives a reload, marked as not saved yet. The organizer's console
// edits the same notes.
func TestNotesTwoPhones(t *testing.T) {
	t.Parallel()
	const step = 30 * time.Second
	base, _ := startApp(t)
	ev := seedEvening(t, base, parisDevOps())
	s1 := ev.event.Sessions[0].ID
	org := func(method, path string, body, out any) {
		apiCall(t, base, ev.organizer, method, ev.path(path), body, out)
	}
	org("PATCH", "/phases", map[string]string{"phase": "sessions"}, nil)
	org("POST", "/sessions/"+s1+"/start", nil, nil)
	// Alice and Bruno are in the Grande salle, where Puppet runs.
	for _, name := range []string{"Alice", "Bruno"} {
		apiCall(t, base, ev.as(t, name), "PUT", ev.path("/checkins/"+s1), map[string]string{"room": ev.event.Rooms[0].ID}, nil)
	}
	puppet := ev.topic(t, "Puppet : retours d'expérience")
	start := "## Puppet\n\nFirst paragraph.\n\nMiddle line.\n\nLast paragraph."
	org("PUT", "/topics/"+puppet+"/notes", map[string]any{"base_version": 0, "text": start}, nil)

	text := `document.querySelector('#notes-text').value`
	phone := func(name string) context.Context {
		tab := newPerson(t, name+"'s phone")
		within(t, tab, step, name+" opens the page",
			chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
			chromedp.Navigate(base+"/e/"+ev.id), visible("#join-form"),
			chromedp.Evaluate[chromedp.Void](`document.cookie = `+q("os_att_"+ev.id+"="+ev.people[name].token+"; path=/")),
			chromedp.Navigate(base+"/e/"+ev.id), visible("#main-view"), pageLoaded(), click("#lang-en"),
			visible("#notes-section"),
			waitJS(`document.querySelector('#notes-h').textContent === 'Notes: “Puppet : retours d\'expérience”'`),
			waitUntil("the saved notes", text+` === `+q(start), text),
			waitJS(`document.querySelector('#notes-status').dataset.state === 'saved'`),
		)
		return tab
	}
	alice, bruno := phone("Alice"), phone("Bruno")
	// edit types into the notes as a person does, replacing old by new.
	edit := func(tab context.Context, who, old, new string) {
		t.Helper()
		within(t, tab, step, who+" edits the notes",
			chromedp.Evaluate[chromedp.Void](`(() => {
				const ta = document.querySelector('#notes-text'), i = ta.value.indexOf(`+q(old)+`);
				if (i < 0) throw new Error('no ' + `+q(old)+`);
				ta.focus();
				ta.setSelectionRange(i, i + `+q(old)+`.length);
			})()`),
			chromedp.SendKeys(chromedp.CSS("#notes-text"), new),
			waitJS(`document.querySelector('#notes-status').dataset.state === 'dirty'`),
		)
	}
	saved := func(tab context.Context, who string) {
		t.Helper()
		within(t, tab, step, who+" saves", click("#notes-save"),
			waitUntil("saved", `document.querySelector('#notes-status').dataset.state === 'saved'`, `document.querySelector('#notes-status').textContent`))
	}

	// 1. At once: Alice the first paragraph, Bruno the last.
	edit(alice, "Alice", "First paragraph.", "First paragraph, with Alice’s notes.")
	edit(bruno, "Bruno", "Last paragraph.", "Last paragraph, by Bruno.")
	saved(alice, "Alice")
	within(t, bruno, step, "Bruno keeps his text and is told others saved",
		visible("#notes-remote"),
		waitJS(text+`.includes('Last paragraph, by Bruno.') && !`+text+`.includes('Alice')`))
	saved(bruno, "Bruno")
	both := "## Puppet\n\nFirst paragraph, with Alice’s notes.\n\nMiddle line.\n\nLast paragraph, by Bruno."
	for who, tab := range map[string]context.Context{"Alice": alice, "Bruno": bruno} {
		within(t, tab, step, who+" sees both edits",
			waitUntil("both paragraphs", text+` === `+q(both), text),
			waitJS(`document.querySelector('#notes-conflict').hidden`))
	}

	// 2. Both change the middle line; Alice's save arrives first.
	edit(alice, "Alice", "Middle line.", "Middle line, as Alice heard it.")
	edit(bruno, "Bruno", "Middle line.", "Middle line, as Bruno heard it.")
	saved(alice, "Alice")
	within(t, bruno, step, "Bruno sees Alice saved meanwhile", visible("#notes-remote"))
	saved(bruno, "Bruno")
	within(t, bruno, step, "Bruno, second, sees the conflict and both lines",
		visible("#notes-conflict"),
		waitJS(`document.querySelector('#notes-conflict').textContent.includes('Both versions are in the text')`),
		waitUntil("both lines", text+`.includes('Middle line, as Alice heard it.') && `+text+`.includes('Middle line, as Bruno heard it.') && `+text+`.includes('⚠ Second version:')`, text),
		// The conflict is selected in the text, ready to be fixed.
		waitJS(`document.activeElement === document.querySelector('#notes-text') && `+text+`.slice(document.activeElement.selectionStart).startsWith('⚠')`),
	)
	within(t, alice, step, "Alice's phone shows both lines, without the warning meant for Bruno",
		waitUntil("both lines", text+`.includes('Middle line, as Alice heard it.') && `+text+`.includes('Middle line, as Bruno heard it.')`, text),
		waitJS(`document.querySelector('#notes-conflict').hidden`),
		waitJS(text+`.includes('First paragraph, with Alice’s notes.') && `+text+`.includes('Last paragraph, by Bruno.')`))

	// 3. A takeaway, and a draft that survives a reload.
	within(t, alice, step, "Alice adds a takeaway and saves",
		click("#notes-add-takeaway"),
		chromedp.SendKeys(chromedp.CSS("#notes-takeaways li:last-child .takeaway-input"), "Pin module versions"),
		click("#notes-save"),
		waitJS(`document.querySelector('#notes-status').dataset.state === 'saved'`))
	within(t, bruno, step, "Bruno sees the takeaway live",
		waitJS(`[...document.querySelectorAll('#notes-takeaways .takeaway-input')].map(i => i.value).join() === 'Pin module versions'`))
	edit(bruno, "Bruno", "## Puppet", "## Puppet, the draft")
	within(t, bruno, step, "Bruno reloads: the draft is still there, not saved yet",
		chromedp.Reload(), visible("#notes-section"),
		waitUntil("the draft", text+`.startsWith('## Puppet, the draft')`, text),
		waitJS(`document.querySelector('#notes-status').dataset.state === 'dirty'`),
		waitJS(`document.querySelector('#notes-status').textContent === 'Not saved yet.'`))
	var got struct {
		Text      string   `json:"text"`
		Takeaways []string `json:"takeaways"`
	}
	apiCall(t, base, nil, "GET", ev.path("/topics/"+puppet+"/notes"), nil, &got)
	if strings.Contains(got.Text, "the draft") {
		t.Errorf("the unsaved draft reached the server: %q", got.Text)
	}
	for _, line := range []string{"Alice’s notes", "by Bruno", "as Alice heard it", "as Bruno heard it"} {
		if !strings.Contains(got.Text, line) {
			t.Errorf("%q is lost: %q", line, got.Text)
		}
	}

	// 4. The console edits the same notes; the phones follow.
	console := newPerson(t, "the console")
	within(t, console, step, "the organizer opens the notes of Puppet",
		chromedp.EmulateViewport(1440, 900), chromedp.Navigate(base+ev.organizerURL), click("#lang-en"),
		visible("#notes-section"),
		waitJS(`document.querySelector('#org-notes-topic').value === `+q(puppet)),
		waitUntil("the notes", text+`.includes('as Bruno heard it')`, text))
	edit(console, "the organizer", "## Puppet", "## Puppet (cleaned up)")
	saved(console, "the organizer")
	within(t, alice, step, "Alice's phone shows the organizer's change",
		waitUntil("the new title", text+`.startsWith('## Puppet (cleaned up)')`, text))

	if dir := os.Getenv("OPENSPACE_NOTES_SHOTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		shoot := func(tab context.Context, sel, file string) {
			within(t, tab, step, "scroll to "+sel, chromedp.Evaluate[chromedp.Void](`document.querySelector(`+q(sel)+`).scrollIntoView()`), settled())
			png := value(t, tab, "screenshot "+file, chromedp.CaptureScreenshot())
			if err := os.WriteFile(filepath.Join(dir, file), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		shoot(bruno, "#notes-section", "phone-en.png")
		within(t, bruno, step, "French", click("#lang-fr"), waitJS(`document.documentElement.lang === 'fr'`))
		shoot(bruno, "#notes-section", "phone-fr.png")
		shoot(bruno, "#notes-save", "phone-fr-save.png")
		shoot(console, "#notes-section", "console-en.png")
	}
}
