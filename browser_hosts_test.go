package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"openspace/openspace"
)

// TestBrowserHostsAndAvailability: on her phone, Ada proposes Terraform,
// ticking the one session she can host it in, then changes it from "My
// topics"; offline, she proposes another, which lands with its sessions
// once the network is back. The console shows who hosts each topic and
// when they can, proposes a plan that runs Terraform in the session Ada can
// host it in although its voters would rather have it elsewhere, says how
// far the plan is from the bound, in English and French, and warns when a
// hand edit puts Terraform where Ada cannot be. Once published, Ada's phone
// says she hosts it.
//
// With OPENSPACE_HOST_SHOTS set to a folder it saves the phone's form at
// 390 px and the console at 1280 px, in both languages.
func TestBrowserHostsAndAvailability(t *testing.T) {
	t.Parallel()
	sharedBrowser(t) // skips without Chromium (fails in CI)
	const step = 20 * time.Second
	base, _ := startApp(t)
	shots := os.Getenv("OPENSPACE_HOST_SHOTS")
	ev := seedEvening(t, base, evening{
		setup: openspace.EventSetup{Title: "2ème meetup Paris DevOps", Date: "2026-11-26", Language: "fr",
			Sessions: []openspace.Session{{Title: "1ère session", Start: "19:30", Duration: 30}, {Title: "2ème session", Start: "20:05", Duration: 30}},
			Rooms:    []openspace.Room{{Name: "Grande salle", Capacity: 10}, {Name: "Salle du fond", Capacity: 6}}},
		people: []person{{name: "Bob"}, {name: "Chloé"}, {name: "Dan"}, {name: "Eve"}},
		topics: []proposal{{by: "Bob", title: "Puppet", host: "Bob"}, {by: "Chloé", title: "Kanban", host: "Chloé"}, {by: "Dan", title: "Jira", host: "Dan"}},
	})
	s1, s2 := ev.event.Sessions[0].ID, ev.event.Sessions[1].ID
	text := func(sel string) string { return `document.querySelector(` + q(sel) + `).textContent` }
	hostSessions := func(title string) []string {
		t.Helper()
		for _, tp := range ev.state(t).Topics {
			if tp.Title == title {
				return tp.HostSessions
			}
		}
		t.Fatalf("no topic %q", title)
		return nil
	}
	// shoot saves sel in both languages: on the phone, the screen with sel at
	// its top, under the dots banner that stays there; on the console, sel.
	shoot := func(tab context.Context, sel, name string) {
		t.Helper()
		if shots == "" {
			return
		}
		if err := os.MkdirAll(shots, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, lang := range []string{"en", "fr"} {
			within(t, tab, step, "switch to "+lang, click("#lang-"+lang), waitJS(`document.documentElement.lang === `+q(lang)),
				chromedp.Evaluate[chromedp.Void](`(() => { document.querySelector(`+q(sel)+`).scrollIntoView(); const d = document.querySelector('#dots'); if (d && !d.hidden) window.scrollBy(0, -d.offsetHeight - 8); })()`), settled())
			shot := chromedp.Screenshot(chromedp.CSS(sel))
			if strings.HasPrefix(name, "phone") {
				shot = chromedp.CaptureScreenshot()
			}
			png := value(t, tab, "screenshot "+name, shot)
			if err := os.WriteFile(filepath.Join(shots, name+"-"+lang+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		within(t, tab, step, "back to English", click("#lang-en"), waitJS(`document.documentElement.lang === 'en'`))
	}

	// 1. The phone: "I can only host it during…", one box per session.
	ada := queuePhone(t, base, ev, "Ada", "en")
	within(t, ada, step, "Ada proposes Terraform, only in the second session",
		visible("#propose-sessions"),
		waitUntil("a box per session, with its time", `[...document.querySelectorAll('#propose-sessions label')].map(l => l.textContent).join(' | ') === '1ère session\u00a0· 7:30 PM | 2ème session\u00a0· 8:05 PM'`,
			`[...document.querySelectorAll('#propose-sessions label')].map(l => l.textContent).join(' | ')`),
		waitJS(text("#propose-sessions legend")+` === 'I can only host it during… (optional)'`),
		fill("#propose-title", "Terraform"),
		click("#host-session-1"),
		waitJS(`document.querySelector('#host-session-1').checked && !document.querySelector('#host-session-0').checked`),
	)
	shoot(ada, "#propose-section", "phone-propose-host")
	within(t, ada, step, "the topic is on the board with its session",
		click("#propose-submit"),
		visible("#propose-done"),
		waitJS(`!document.querySelector('#host-session-1').checked`), // the form is empty again
		waitUntil("Terraform says when it can run", `!!`+phoneTopic("Terraform")+` && `+inside(phoneTopic("Terraform"), ".host-sessions")+`.textContent === 'only in 2ème session'`,
			`document.querySelector('#topics').innerText`),
		waitJS(inside(phoneTopic("Terraform"), ".host")+`.textContent === 'by Ada'`),
	)
	if got := hostSessions("Terraform"); !slices.Equal(got, []string{s2}) {
		t.Fatalf("stored host sessions of Terraform = %q, want [%s]", got, s2)
	}

	// 2. My topics: she can host it in the first session after all.
	terraform := ev.topic(t, "Terraform")
	mine := `#my-topics li[data-topic-id="` + terraform + `"]`
	thumb := waitUntil("every button at least 44×44 px and no horizontal scroll", `(() => {
		const small = [...document.querySelectorAll('button')].filter(b => { const r = b.getBoundingClientRect(); return r.width && (r.width < 44 || r.height < 44); });
		return !small.length && document.documentElement.scrollWidth <= window.innerWidth;
	})()`, `[...document.querySelectorAll('button')].map(b => { const r = b.getBoundingClientRect(); return r.width && (r.width < 44 || r.height < 44) ? b.textContent + ' ' + r.width + '×' + r.height : ''; }).filter(Boolean).join(', ') + ' scrollWidth=' + document.documentElement.scrollWidth`)
	within(t, ada, step, "Ada changes when she can host Terraform",
		waitUntil("my topic says when", text(mine+" .avail-text")+` === 'You can only host it in 2ème session.'`, text(mine+" .avail")),
		click(mine+" .avail-btn"),
		visible(mine+" .avail-form"),
		waitJS(`document.querySelector(`+q(mine+" .avail-form input[value='"+s2+"']")+`).checked`),
		clickOn("the first session's box", `document.querySelector(`+q(mine+" .avail-form input[value='"+s1+"']")+`)`),
		clickOn("the second session's box", `document.querySelector(`+q(mine+" .avail-form input[value='"+s2+"']")+`)`),
		thumb,
	)
	shoot(ada, "#my-topics-section", "phone-my-topic-host")
	within(t, ada, step, "saved",
		click(mine+" .avail-save"),
		waitUntil("my topic says the first session", text(mine+" .avail-text")+` === 'You can only host it in 1ère session.' && document.querySelector(`+q(mine+" .avail-wait")+`).hidden`, text(mine+" .avail")),
		waitJS(inside(phoneTopic("Terraform"), ".host-sessions")+`.textContent === 'only in 1ère session'`),
	)
	eventually(t, step, "Terraform stored for the first session", func() (bool, string) {
		got := hostSessions("Terraform")
		return slices.Equal(got, []string{s1}), "host sessions " + jsJSON(got)
	})

	// 3. Offline, the sessions go into the queue with the proposal.
	networkDown(t, ada, true)
	within(t, ada, step, "offline, Ada proposes Ansible for the second session",
		fill("#propose-title", "Ansible"),
		click("#host-session-1"),
		click("#propose-submit"),
		visible("#propose-queued"),
		waitUntil("Ansible waits, with its session", `(() => { const li = document.querySelector('#topics li.proposal-waiting'); return !!li && li.querySelector('.title').textContent === 'Ansible' && li.querySelector('.host-sessions').textContent === 'only in 2ème session'; })()`,
			`document.querySelector('#topics').innerText`),
	)
	networkDown(t, ada, false)
	within(t, ada, step, "back online, Ansible lands",
		waitUntil("Ansible is a topic like the others", `!!`+phoneTopic("Ansible")+` && !document.querySelector('#topics li.proposal-waiting')`, `document.querySelector('#topics').innerText`),
		waitJS(inside(phoneTopic("Ansible"), ".host-sessions")+`.textContent === 'only in 2ème session'`),
	)
	if got := hostSessions("Ansible"); !slices.Equal(got, []string{s2}) {
		t.Errorf("stored host sessions of Ansible = %q, want [%s]", got, s2)
	}

	// 4. Votes: Terraform's voters all want Puppet, locked in the first
	// session. Left alone, Terraform would go to the second session.
	adaAuth := http.Header{"Authorization": {"Bearer " + deviceToken(t, ada, base, ev.id)}}
	apiCall(t, base, adaAuth, "PUT", ev.path("/topics/"+terraform+"/vote"), nil, nil)
	for _, who := range []string{"Bob", "Chloé", "Dan"} {
		ev.vote(t, who, "Terraform", "Puppet")
	}
	ev.vote(t, "Eve", "Puppet", "Kanban")
	ev.place(t, "Puppet", 0, 0)
	apiCall(t, base, ev.organizer, "POST", ev.path("/draft/ops"), map[string]string{"op": "lock", "session": s1, "room": ev.event.Rooms[0].ID}, nil)

	console := newPerson(t, "the console")
	within(t, console, step, "the console lists Terraform with its host and session",
		chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(base+ev.organizerURL),
		visible("#org-main"),
		click("#lang-en"),
		waitUntil("Terraform: by Ada · only in 1ère session", `!!`+consoleTopic("Terraform")+` && `+inside(consoleTopic("Terraform"), ".muted")+`.textContent === 'by Ada · only in 1ère session'`,
			`document.querySelector('#org-topics').innerText`),
		waitJS(inside(consoleTopic("Ansible"), ".host-sessions")+`.textContent === 'only in 2ème session'`),
	)
	shoot(console, "#topics-section", "console-host-topics")
	cell := `#draft-grid td[data-session-id="` + s1 + `"] button.chip[data-topic-id="` + terraform + `"]`
	within(t, console, step, "the plan runs Terraform in the first session",
		click("#propose-plan"),
		waitUntil("Terraform in the first session", `!!document.querySelector(`+q(cell)+`)`, `document.querySelector('#draft-grid').innerText`),
		waitJS(`document.querySelector(`+q(cell)+`).parentElement.querySelector('.cell-host').textContent === 'by Ada · only in 1ère session'`),
		waitJS(`document.querySelector('#plan-warnings').hidden`),
	)

	// 5. The score in words: the gap to the bound, or "optimal".
	type scoreData struct {
		Text       string `json:"text"`
		Attended   string `json:"attended"`
		UpperBound string `json:"upperBound"`
		Gap        string `json:"gap"`
		Optimal    string `json:"optimal"`
	}
	read := chromedp.Evaluate[scoreData](`(() => { const s = document.querySelector('#plan-score'); return {text: s.textContent, ...s.dataset}; })()`)
	// scoreSays waits until the score line reads as scoreWords writes it
	// for the numbers it carries, and its gap and "optimal" follow them.
	scoreSays := func(lang string) chromedp.Action[chromedp.Void] {
		return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			var saw scoreData
			for {
				sc, err := read(ctx, tg)
				if err == nil {
					saw = sc
					attended, _ := strconv.Atoi(sc.Attended)
					bound, _ := strconv.Atoi(sc.UpperBound)
					if sc.Attended != "" && sc.Text == scoreWords(lang, attended, bound) && sc.Gap == strconv.Itoa(bound-attended) && sc.Optimal == strconv.FormatBool(bound == attended) {
						return chromedp.Void{}, nil
					}
				}
				select {
				case <-ctx.Done():
					return chromedp.Void{}, fmt.Errorf("the score in words (%s): saw %+v: %w", lang, saw, ctx.Err())
				case <-time.After(50 * time.Millisecond):
				}
			}
		}
	}
	within(t, console, step, "the score says how far the plan is from the bound",
		scoreSays("en"),
		click("#lang-fr"), scoreSays("fr"),
		waitJS(`OS.t('o_gap', {n: 1}) === 'au mieux, un autre programme en honorerait un de plus'`),
		click("#lang-en"),
		waitJS(`OS.t('o_gap', {n: 1}) === 'at most 1 more wish could be honoured by any plan' && OS.t('o_gap', {n: 12}) === 'at most 12 more wishes could be honoured by any plan' && OS.t('o_gap', {n: 1234}) === 'at most 1,234 more wishes could be honoured by any plan'`),
	)
	// An empty grid is far from the bound.
	var st openspace.State
	apiCall(t, base, ev.organizer, "GET", ev.path("/organizer"), nil, &st)
	saved := st.Draft
	apiCall(t, base, ev.organizer, "PUT", ev.path("/draft"), openspace.Plan{Cells: []openspace.Cell{}}, nil)
	within(t, console, step, "an empty grid honours nothing",
		waitUntil("0 honoured", `document.querySelector('#plan-score').dataset.attended === '0' && document.querySelector('#plan-score').dataset.optimal === 'false'`, `document.querySelector('#plan-score').textContent`),
		scoreSays("en"), click("#lang-fr"), scoreSays("fr"), click("#lang-en"),
	)
	apiCall(t, base, ev.organizer, "PUT", ev.path("/draft"), saved, nil)

	// 6. A hand edit puts Terraform where Ada cannot be: the console says so.
	ev.place(t, "Terraform", 1, 1)
	warning := `#plan-warnings li[data-kind="unavailable"][data-topic-id="` + terraform + `"]`
	within(t, console, step, "the console warns about Terraform in the second session",
		waitUntil("the warning", `!!document.querySelector(`+q(warning)+`) && `+text(warning)+` === '⚠ “Terraform” runs in 2ème session, but Ada can only host it in 1ère session.'`,
			`document.querySelector('#plan-report').innerText`),
		waitJS(`document.querySelector('#draft-grid td[data-session-id="`+s2+`"] .cell-host.off') !== null`),
		click("#lang-fr"),
		waitJS(text(warning)+` === '⚠ «\u202fTerraform\u202f» a lieu en 2ème session, mais Ada ne peut l’animer qu’en 1ère session.'`),
		click("#lang-en"),
	)
	shoot(console, "#plan-section", "console-host-warning")
	within(t, console, step, "a new plan puts it back and publishing follows",
		click("#propose-plan"),
		waitUntil("Terraform in the first session", `!!document.querySelector(`+q(cell)+`) && document.querySelector('#plan-warnings').hidden`, `document.querySelector('#plan-report').innerText`),
		scoreSays("en"),
	)
	shoot(console, "#plan-section", "console-host-plan")
	apiCall(t, base, ev.organizer, "POST", ev.path("/publish"), nil, nil)

	// 7. Ada's phone: she hosts Terraform.
	hosting := `#my-schedule [data-session-id="` + s1 + `"] li.choice.assigned[data-topic-id="` + terraform + `"]`
	within(t, ada, step, "Ada's schedule says she hosts Terraform",
		waitUntil("You host Terraform", `!!document.querySelector(`+q(hosting)+`) && document.querySelector(`+q(hosting)+`).dataset.hosting === 'true' && /^You host Terraform — /.test(`+text(hosting)+`)`,
			`document.querySelector('#my-schedule').innerText`),
		click("#lang-fr"),
		waitJS(`/^Vous animez Terraform — /.test(`+text(hosting)+`)`),
		click("#lang-en"),
	)
	shoot(ada, "#my-schedule", "phone-schedule-host")
}

// scoreWords is the console's score line, as a person reads it: the wishes
// honoured, then how far the plan is from the bound, or that it is optimal.
func scoreWords(lang string, attended, bound int) string {
	gap := bound - attended
	if lang == "fr" {
		s := fmt.Sprintf("%d vœux honorés · ", attended)
		if attended < 2 {
			s = fmt.Sprintf("%d vœu honoré · ", attended)
		}
		if gap == 0 {
			return s + "optimal\u00a0: aucun programme ne peut faire mieux"
		}
		if gap == 1 {
			return s + "au mieux, un autre programme en honorerait un de plus"
		}
		return s + fmt.Sprintf("au mieux, un autre programme en honorerait %d de plus", gap)
	}
	s := fmt.Sprintf("%d wishes honoured · ", attended)
	if attended == 1 {
		s = "1 wish honoured · "
	}
	switch gap {
	case 0:
		return s + "optimal: no plan can honour more"
	case 1:
		return s + "at most 1 more wish could be honoured by any plan"
	}
	return s + fmt.Sprintf("at most %d more wishes could be honoured by any plan", gap)
}
