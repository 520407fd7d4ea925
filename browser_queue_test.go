package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"openspace/openspace"
)

// cutNetworkCmd is Network.emulateNetworkConditions as Chromium 148 knows
// it (cdproto's newer command sends fields it refuses). Offline, the
// page's requests fail at once and navigator.onLine turns false, with the
// online and offline events a phone's page sees.
var cutNetworkCmd = cdp.Command[cutNetworkParams, cdp.Empty]{Method: "Network.emulateNetworkConditions"}

type cutNetworkParams struct {
	Offline            bool    `json:"offline"`
	Latency            float64 `json:"latency"`
	DownloadThroughput float64 `json:"downloadThroughput"`
	UploadThroughput   float64 `json:"uploadThroughput"`
}

// networkDown cuts a tab's network (down) or gives it back, and waits
// until the page knows it.
func networkDown(tb testing.TB, tab context.Context, down bool) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(tab, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		tb.Fatalf("network.enable: %v", err)
	}
	if _, err := chromedp.Call(ctx, cutNetworkCmd, cutNetworkParams{Offline: down, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		tb.Fatalf("emulate the network (offline %v): %v", down, err)
	}
	want := "true"
	if down {
		want = "false"
	}
	within(tb, tab, 10*time.Second, "the page sees navigator.onLine "+want, waitJS(`navigator.onLine === `+want))
}

// deviceToken is the device token a tab's browser holds for an event: the
// attendee it is, for API calls made as that person.
func deviceToken(tb testing.TB, tab context.Context, base, eventID string) string {
	tb.Helper()
	r, err := chromedp.Call(tab, network.GetCookies, network.GetCookiesParams{URLs: []string{base + "/e/" + eventID}})
	if err != nil {
		tb.Fatalf("read the cookies: %v", err)
	}
	for _, c := range r.Cookies {
		if c.Name == "os_att_"+eventID {
			return c.Value
		}
	}
	tb.Fatalf("no device cookie for event %s", eventID)
	return ""
}

type meReply struct {
	Attendee struct {
		ID string `json:"id"`
	} `json:"attendee"`
	Ballot openspace.Ballot `json:"ballot"`
	Link   *struct {
		Devices int `json:"devices"`
	} `json:"link"`
}

func (s *seeded) me(tb testing.TB, token string) meReply {
	tb.Helper()
	var me meReply
	apiCall(tb, s.base, http.Header{"Authorization": {"Bearer " + token}}, "GET", s.path("/me"), nil, &me)
	return me
}

// queueShot writes a phone screenshot under OPENSPACE_QUEUE_SHOTS when it
// names a folder, in the page's language, scrolled to sel.
func queueShot(t *testing.T, tab context.Context, sel, name string) {
	t.Helper()
	dir := os.Getenv("OPENSPACE_QUEUE_SHOTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// Below the sticky dots bar, which would cover the top.
	within(t, tab, 10*time.Second, "scroll to "+sel,
		chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, document.querySelector(`+q(sel)+`).getBoundingClientRect().top + window.scrollY - 56)`), settled())
	png := value(t, tab, "screenshot "+name, chromedp.CaptureScreenshot())
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// queuePhone opens a phone of 390×844 for name in lang, joined through
// the page.
func queuePhone(t *testing.T, base string, ev *seeded, name, lang string) context.Context {
	t.Helper()
	tab := newPerson(t, name+"'s phone")
	within(t, tab, 20*time.Second, name+" joins from the phone",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/e/"+ev.id),
		pageLoaded(),
		click("#lang-"+lang),
		visible("#join-form"),
		fill("#join-name", name),
		click("#join-submit"),
		visible("#main-view"),
		markLoaded,
	)
	return tab
}

// topicVotes are the stored votes of each topic, by title.
func topicVotes(st openspace.State) map[string]int {
	out := map[string]int{}
	for _, tp := range st.Topics {
		out[tp.Title] = tp.Votes
	}
	return out
}

// TestBrowserPhoneOfflineQueuesAndReplays is the phone on bad Wi-Fi: Ada's
// phone loses the network, she votes twice and proposes a topic; the page
// shows them at once, marked as not counted yet, her dots count them and
// "3 actions en attente" says they wait. Nothing reached the server. The
// network comes back: everything lands once (each topic's stored votes, her
// ballot, one new topic), the marks go, and the projector, in another
// browser, shows the new topic and the votes.
func TestBrowserPhoneOfflineQueuesAndReplays(t *testing.T) {
	t.Parallel()
	sharedBrowser(t)
	const step = 20 * time.Second
	base, _ := startApp(t)
	ev := seedEvening(t, base, evening{
		setup: openspace.EventSetup{Title: "Meetup", Language: "fr",
			Sessions: []openspace.Session{{Title: "1", Duration: 30}}, Rooms: []openspace.Room{{Name: "A", Capacity: 10}}},
		people: []person{{name: "Bob"}},
		topics: []proposal{{by: "Bob", title: "Puppet"}, {by: "Bob", title: "Kanban"}, {by: "Bob", title: "Jira"}},
	})
	apiCall(t, base, ev.organizer, "PATCH", ev.path("/phases"), map[string]any{"phase": "voting", "proposals_open": true, "voting_open": true}, nil)

	projector := newPerson(t, "the projector")
	within(t, projector, step, "the projector shows the tally",
		chromedp.EmulateViewport(1920, 1080),
		chromedp.Navigate(base+"/p/"+ev.id),
		pageLoaded(),
		waitJS(`document.body.dataset.view === 'tally' && document.querySelectorAll('#tally li[data-topic-id]').length === 3`),
	)

	ada := queuePhone(t, base, ev, "Ada", "fr")
	within(t, ada, step, "Ada sees three topics and her three dots",
		waitJS(`document.querySelector('#dots-left').dataset.remaining === '3'`),
		waitJS(`!!`+phoneTopic("Kanban")),
	)
	networkDown(t, ada, true)
	within(t, ada, step, "offline, Ada votes for Puppet and Kanban and proposes Terraform",
		clickOn("Puppet's vote button", inside(phoneTopic("Puppet"), ".vote-btn")),
		clickOn("Kanban's vote button", inside(phoneTopic("Kanban"), ".vote-btn")),
		fill("#propose-title", "Terraform"),
		click("#propose-submit"),
		visible("#propose-queued"),
		waitUntil("the form is empty again", `document.querySelector('#propose-title').value === ''`, `document.querySelector('#propose-title').value`),
	)
	within(t, ada, step, "the page shows what waits, marked as not counted yet",
		waitUntil("3 actions en attente", `document.querySelector('#queue-count').textContent === '3 actions en attente'`, `document.querySelector('#queue-pending').textContent`),
		waitUntil("Puppet and Kanban voted, not counted yet",
			`['Puppet', 'Kanban'].every(n => { const li = [...document.querySelectorAll('#topics li[data-topic-id]')].find(l => l.querySelector('.title').textContent === n);
				return li.classList.contains('waiting') && li.querySelector('.vote-btn').getAttribute('aria-pressed') === 'true' && li.querySelector('.wait-mark').textContent === 'pas encore compté'; })`,
			`document.querySelector('#topics').innerText`),
		waitJS(`!`+phoneTopic("Jira")+`.classList.contains('waiting')`),
		waitUntil("the dots count them", `document.querySelector('#dots-left').dataset.remaining === '1' && document.querySelector('#dots-left').textContent === '1 point restant'`,
			`document.querySelector('#dots-left').textContent`),
		waitUntil("Terraform is in the list, not sent yet",
			`(() => { const li = document.querySelector('#topics li.proposal-waiting'); return !!li && li.querySelector('.title').textContent === 'Terraform' && li.querySelector('.wait-mark').textContent === 'pas encore envoyé'; })()`,
			`document.querySelector('#topics').innerText`),
	)
	if got := topicVotes(ev.state(t)); got["Puppet"] != 0 || got["Kanban"] != 0 || len(got) != 3 {
		t.Fatalf("while the phone is offline the server has %v, want no vote and 3 topics", got)
	}
	queueShot(t, ada, "#main-view", "phone-queue-pending-fr")
	queueShot(t, ada, "#topics-section", "phone-queue-topics-fr")
	within(t, ada, step, "in English", click("#lang-en"),
		waitJS(`document.querySelector('#queue-count').textContent === '3 actions pending'`),
		waitJS(inside(phoneTopic("Puppet"), ".wait-mark")+`.textContent === 'not counted yet'`))
	queueShot(t, ada, "#main-view", "phone-queue-pending-en")
	queueShot(t, ada, "#topics-section", "phone-queue-topics-en")
	within(t, ada, step, "back in French", click("#lang-fr"))

	networkDown(t, ada, false)
	within(t, ada, step, "back online, everything lands and the marks go",
		waitUntil("nothing waits", `document.querySelector('#queue-pending').hidden && !document.querySelector('#topics li.waiting')`, `document.querySelector('#main-view').innerText`),
		waitUntil("Terraform is a topic like the others", `!!`+phoneTopic("Terraform")+` && !document.querySelector('#topics li.proposal-waiting')`, `document.querySelector('#topics').innerText`),
		waitJS(`document.querySelector('#dots-left').dataset.remaining === '1'`),
		waitJS(`document.querySelectorAll('#queue-refused .refused').length === 0`),
		pageNotReloaded(),
	)
	st := ev.state(t)
	if got, want := topicVotes(st), map[string]int{"Puppet": 1, "Kanban": 1, "Jira": 0, "Terraform": 0}; len(got) != len(want) || got["Puppet"] != 1 || got["Kanban"] != 1 || got["Jira"] != 0 {
		t.Errorf("stored votes %v, want %v (each once)", got, want)
	}
	n := 0
	for _, tp := range st.Topics {
		if tp.Title == "Terraform" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d topics titled Terraform, want 1", n)
	}
	me := ev.me(t, deviceToken(t, ada, base, ev.id))
	if b := me.Ballot; len(b.Topics) != 2 || b.Remaining != 1 || !b.Has(ev.topic(t, "Puppet")) || !b.Has(ev.topic(t, "Kanban")) {
		t.Errorf("Ada's stored ballot %+v, want Puppet and Kanban, 1 dot left", b)
	}
	within(t, projector, step, "the projector shows Terraform and the votes",
		waitUntil("Terraform on the tally, Puppet and Kanban at 1 vote",
			`(() => { const li = n => [...document.querySelectorAll('#tally li[data-topic-id]')].find(l => l.querySelector('.label-t').textContent === n);
				return !!li('Terraform') && li('Puppet').dataset.votes === '1' && li('Kanban').dataset.votes === '1'; })()`,
			`document.querySelector('#tally').innerText`),
	)
}

// TestBrowserPhoneRefusedReplayIsSaid: offline, Ada votes for Puppet and
// proposes Terraform; meanwhile the organizer closes voting. Back online,
// the vote is refused: the phone says in words that her vote for Puppet was
// not counted because voting is closed, her dot is back, and the proposal
// queued with it still lands.
func TestBrowserPhoneRefusedReplayIsSaid(t *testing.T) {
	t.Parallel()
	sharedBrowser(t)
	const step = 20 * time.Second
	base, _ := startApp(t)
	ev := seedEvening(t, base, evening{
		setup: openspace.EventSetup{Title: "Meetup", Language: "fr",
			Sessions: []openspace.Session{{Title: "1", Duration: 30}}, Rooms: []openspace.Room{{Name: "A", Capacity: 10}}},
		people: []person{{name: "Bob"}},
		topics: []proposal{{by: "Bob", title: "Puppet"}, {by: "Bob", title: "Kanban"}},
	})
	apiCall(t, base, ev.organizer, "PATCH", ev.path("/phases"), map[string]any{"phase": "voting", "proposals_open": true, "voting_open": true}, nil)

	for _, lang := range []string{"fr", "en"} {
		name := map[string]string{"fr": "Ada", "en": "Eve"}[lang]
		title := map[string]string{"fr": "Terraform", "en": "Ansible"}[lang]
		phone := queuePhone(t, base, ev, name, lang)
		networkDown(t, phone, true)
		within(t, phone, step, name+" votes for Puppet and proposes "+title+" offline",
			clickOn("Puppet's vote button", inside(phoneTopic("Puppet"), ".vote-btn")),
			fill("#propose-title", title),
			click("#propose-submit"),
			waitJS(`document.querySelector('#queue-pending').dataset.count === '2'`),
		)
		apiCall(t, base, ev.organizer, "PATCH", ev.path("/phases"), map[string]any{"voting_open": false}, nil)
		networkDown(t, phone, false)
		want := map[string]string{
			"fr": "Votre vote pour « Puppet » n’a pas été compté : le vote est fermé.",
			"en": "Your vote for “Puppet” was not counted: voting is closed.",
		}[lang]
		within(t, phone, step, "the phone says the vote was not counted, and why",
			waitUntil("the refusal in words", `[...document.querySelectorAll('#queue-refused .refused .text')].map(e => e.textContent.replace(/\u202f/g, ' ')).includes(`+q(want)+`)`,
				`document.querySelector('#queue-refused').innerText`),
			waitUntil("nothing waits any more", `document.querySelector('#queue-pending').hidden`, `document.querySelector('#queue-pending').textContent`),
			waitUntil("the proposal landed", `!!`+phoneTopic(title), `document.querySelector('#topics').innerText`),
			waitJS(`document.querySelector('#dots-left').dataset.remaining === '3'`),
		)
		queueShot(t, phone, "#main-view", "phone-queue-refused-"+lang)
		within(t, phone, step, "the message goes once read",
			click("#queue-refused .refused .dismiss"),
			waitJS(`document.querySelectorAll('#queue-refused .refused').length === 0`),
		)
		st := ev.state(t)
		if got := topicVotes(st); got["Puppet"] != 0 || got[title] != 0 {
			t.Errorf("stored votes %v, want none", got)
		}
		ev.state(t)
		ev.topic(t, title) // the proposal is stored
		if b := ev.me(t, deviceToken(t, phone, base, ev.id)).Ballot; len(b.Topics) != 0 {
			t.Errorf("%s's stored ballot %+v, want empty", name, b)
		}
		apiCall(t, base, ev.organizer, "PATCH", ev.path("/phases"), map[string]any{"voting_open": true}, nil)
	}
}

// loseAnswersJS makes the page's writes reach the server but lose their
// answer, as on a Wi-Fi that drops right after sending: each of the next
// window.__loseAnswers writes is sent, then fails as a network error.
const loseAnswersJS = `(() => {
	const real = window.fetch;
	window.__loseAnswers = 0;
	window.__keys = [];
	window.fetch = function (url, opts) {
		const write = opts && opts.method && opts.method !== 'GET';
		if (write) window.__keys.push(opts.headers['Idempotency-Key']);
		if (!write || window.__loseAnswers <= 0) return real.apply(this, arguments);
		window.__loseAnswers--;
		return real.apply(this, arguments).then(() => { throw new TypeError('Failed to fetch'); });
	};
})()`

// TestBrowserPhoneLostAnswerCountsOnce: the answer to Ada's vote is lost
// after the server stored it; the phone keeps the vote queued and the
// network drops. The organizer closes voting. Back online, the phone sends
// the vote again with the same Idempotency-Key: the server answers as the
// first time, so the phone shows it counted, says nothing was refused, and
// the vote counts once.
func TestBrowserPhoneLostAnswerCountsOnce(t *testing.T) {
	t.Parallel()
	sharedBrowser(t)
	const step = 20 * time.Second
	base, _ := startApp(t)
	ev := seedEvening(t, base, evening{
		setup: openspace.EventSetup{Title: "Meetup", Language: "en",
			Sessions: []openspace.Session{{Title: "1", Duration: 30}}, Rooms: []openspace.Room{{Name: "A", Capacity: 10}}},
		people: []person{{name: "Bob"}},
		topics: []proposal{{by: "Bob", title: "Puppet"}},
	})
	tab := newPerson(t, "Ada's phone")
	if _, err := chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: loseAnswersJS}); err != nil {
		t.Fatal(err)
	}
	within(t, tab, step, "Ada joins",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/e/"+ev.id), pageLoaded(), click("#lang-en"),
		visible("#join-form"), fill("#join-name", "Ada"), click("#join-submit"), visible("#main-view"),
	)
	// Every answer is lost until the network drops: the retries meanwhile
	// are replays of the same key.
	within(t, tab, step, "Ada votes; the answer is lost",
		chromedp.Evaluate[chromedp.Void](`window.__loseAnswers = 1000; window.__keys = []`),
		clickOn("Puppet's vote button", inside(phoneTopic("Puppet"), ".vote-btn")),
		waitUntil("the vote waits", `document.querySelector('#queue-pending').dataset.count === '1' && window.__keys.length >= 1 && document.querySelector('#topics li.waiting')`, `document.querySelector('#queue-pending').textContent`),
	)
	networkDown(t, tab, true)
	within(t, tab, step, "answers come through again", chromedp.Evaluate[chromedp.Void](`window.__loseAnswers = 0`))
	eventually(t, step, "the server stored the vote whose answer was lost", func() (bool, string) {
		v := topicVotes(ev.state(t))["Puppet"]
		return v == 1, "Puppet has " + votesText(v)
	})
	apiCall(t, base, ev.organizer, "PATCH", ev.path("/phases"), map[string]any{"voting_open": false}, nil)
	networkDown(t, tab, false)
	within(t, tab, step, "back online, the replay is answered as the first time",
		waitUntil("nothing waits", `document.querySelector('#queue-pending').hidden`, `document.querySelector('#queue-pending').textContent`),
		waitJS(`document.querySelectorAll('#queue-refused .refused').length === 0`),
		waitJS(`document.querySelector('#dots-left').dataset.remaining === '2'`),
		waitJS(`document.querySelector('#topics-error').hidden`),
	)
	keys := value(t, tab, "the keys the page sent", chromedp.Evaluate[[]string](`window.__keys`))
	if len(keys) < 2 || keys[0] == "" {
		t.Errorf("keys sent %v: want the vote sent at least twice", keys)
	}
	for _, k := range keys {
		if k != keys[0] {
			t.Errorf("keys sent %v: want the vote's key sent again unchanged", keys)
			break
		}
	}
	if v := topicVotes(ev.state(t))["Puppet"]; v != 1 {
		t.Errorf("Puppet has %d votes, want 1", v)
	}
	if b := ev.me(t, deviceToken(t, tab, base, ev.id)).Ballot; len(b.Topics) != 1 || b.Remaining != 2 {
		t.Errorf("Ada's ballot %+v, want one dot on Puppet", b)
	}
}

// TestBrowserPersonalLink: Ada's phone makes her personal link (its QR
// code, the address, a copy button); her laptop, another browser, opens it
// and is Ada: the same ballot, the same dots; it votes, and her phone,
// opened again, shows the same dots left and that one other device uses
// the link. Ada revokes it from the phone: the laptop's next vote fails
// as signed out, and the link's page says it is no longer valid.
func TestBrowserPersonalLink(t *testing.T) {
	t.Parallel()
	sharedBrowser(t)
	const step = 20 * time.Second
	base, _ := startApp(t)
	ev := seedEvening(t, base, evening{
		setup: openspace.EventSetup{Title: "Meetup", Language: "fr",
			Sessions: []openspace.Session{{Title: "1", Duration: 30}}, Rooms: []openspace.Room{{Name: "A", Capacity: 10}}},
		people: []person{{name: "Bob"}},
		topics: []proposal{{by: "Bob", title: "Puppet"}, {by: "Bob", title: "Kanban"}, {by: "Bob", title: "Jira"}},
	})
	phone := queuePhone(t, base, ev, "Ada", "en")
	within(t, phone, step, "Ada votes for Puppet and makes her personal link",
		clickOn("Puppet's vote button", inside(phoneTopic("Puppet"), ".vote-btn")),
		waitJS(`document.querySelector('#dots-left').dataset.remaining === '2' && document.querySelector('#queue-pending').hidden`),
		waitJS(`document.querySelector('#device-state').textContent === 'You have no personal link yet.'`),
		click("#device-make"),
		visible("#device-link-box"),
		waitUntil("the QR code is drawn, with an alt text", `(() => { const i = document.querySelector('#device-qr'); return i.src.startsWith('data:image/png;base64,') && i.complete && i.naturalWidth > 0 && i.alt === 'QR code of your personal link: scan it with the other device'; })()`,
			`document.querySelector('#device-qr').outerHTML.slice(0, 200)`),
		waitJS(`document.querySelector('#device-link').textContent.startsWith(`+q(base+"/l/")+`)`),
		visible("#device-copy"),
		waitUntil("the link is said active", `document.querySelector('#device-state').dataset.active === 'true'`, `document.querySelector('#device-state').textContent`),
		visible("#device-revoke"),
	)
	queueShot(t, phone, "#device-section", "phone-device-link-en")
	within(t, phone, step, "in French", click("#lang-fr"), waitJS(`document.querySelector('#device-make').textContent === 'Créer un nouveau lien'`))
	queueShot(t, phone, "#device-section", "phone-device-link-fr")
	within(t, phone, step, "back in English", click("#lang-en"))
	link := value(t, phone, "the link", chromedp.Evaluate[string](`document.querySelector('#device-link').textContent`))
	phoneToken := deviceToken(t, phone, base, ev.id)

	laptop := newPerson(t, "Ada's laptop")
	within(t, laptop, step, "the laptop opens the link and is Ada",
		chromedp.Navigate(link),
		click("form[method=post] button"), // the page that asks first
		visible("#main-view"),
		pageLoaded(),
		click("#lang-en"),
		waitJS(`location.pathname === `+q("/e/"+ev.id)),
		waitUntil("Ada's ballot: Puppet voted, 2 dots left",
			`document.querySelector('#dots-left').dataset.remaining === '2' && `+inside(phoneTopic("Puppet"), ".vote-btn")+`.getAttribute('aria-pressed') === 'true'`,
			`document.querySelector('#dots-left').textContent`),
		clickOn("Kanban's vote button", inside(phoneTopic("Kanban"), ".vote-btn")),
		waitJS(`document.querySelector('#dots-left').dataset.remaining === '1' && document.querySelector('#queue-pending').hidden`),
	)
	laptopToken := deviceToken(t, laptop, base, ev.id)
	if laptopToken == phoneToken {
		t.Fatal("the laptop holds the phone's device token: want one of its own")
	}
	pm, lm := ev.me(t, phoneToken), ev.me(t, laptopToken)
	if pm.Attendee.ID != lm.Attendee.ID || len(pm.Ballot.Topics) != 2 || pm.Ballot.Remaining != 1 {
		t.Errorf("phone is %s with %+v, laptop is %s: want the same attendee with 2 dots spent", pm.Attendee.ID, pm.Ballot, lm.Attendee.ID)
	}
	within(t, phone, step, "Ada's phone, opened again, has the same dots and sees the laptop",
		chromedp.Reload(),
		visible("#main-view"),
		pageLoaded(),
		waitUntil("1 dot left", `document.querySelector('#dots-left').dataset.remaining === '1'`, `document.querySelector('#dots-left').textContent`),
		waitUntil("one other device", `document.querySelector('#device-state').dataset.devices === '1' && document.querySelector('#device-state').textContent.endsWith('Used on 1 other device.')`,
			`document.querySelector('#device-state').textContent`),
		click("#device-revoke"),
		visible("#device-revoke-box"),
		waitUntil("the confirmation says the other devices are signed out", `document.querySelector('#device-revoke-q').textContent.includes('signed out')`, `document.querySelector('#device-revoke-q').textContent`),
		waitJS(`document.activeElement === document.querySelector('#device-revoke-yes')`),
	)
	queueShot(t, phone, "#device-section", "phone-device-revoke-en")
	within(t, phone, step, "in French", click("#lang-fr"), waitJS(`document.querySelector('#device-revoke-q').textContent.includes('déconnectés')`))
	queueShot(t, phone, "#device-section", "phone-device-revoke-fr")
	within(t, phone, step, "Ada revokes the link",
		click("#lang-en"),
		click("#device-revoke-yes"),
		visible("#device-done"),
		waitJS(`document.querySelector('#device-state').dataset.active === 'false' && document.querySelector('#device-revoke').hidden`),
	)
	within(t, laptop, step, "the laptop's next vote fails: it is signed out",
		clickOn("Jira's vote button", inside(phoneTopic("Jira"), ".vote-btn")),
		waitUntil("the server's words", `!document.querySelector('#topics-error').hidden && document.querySelector('#topics-error').textContent === 'Unknown device: join the event again.'`,
			`document.querySelector('#topics-error').textContent`),
		waitJS(`document.querySelector('#queue-pending').hidden`),
	)
	if b := ev.me(t, phoneToken).Ballot; len(b.Topics) != 2 {
		t.Errorf("Ada's ballot after the laptop was signed out: %+v, want Puppet and Kanban", b)
	}
	within(t, laptop, step, "the link's page says it no longer works",
		chromedp.Navigate(link),
		waitUntil("the revoked link's page", `document.body.innerText.includes('no longer) valid')`, `document.body.innerText`),
	)
	if strings.Contains(link, phoneToken) {
		t.Error("the link carries the device token")
	}
}

// TestBrowserConsoleRevokesLinks: Ada's laptop came in through her
// personal link. The organizer, in the console, revokes Ada's links from
// her row (after a confirmation that says what happens): the laptop is
// signed out and shows the join form again; Ada's own device is not.
func TestBrowserConsoleRevokesLinks(t *testing.T) {
	t.Parallel()
	sharedBrowser(t)
	const step = 20 * time.Second
	base, _ := startApp(t)
	ev := seedEvening(t, base, evening{
		setup: openspace.EventSetup{Title: "Meetup", Language: "en",
			Sessions: []openspace.Session{{Title: "1", Duration: 30}}, Rooms: []openspace.Room{{Name: "A", Capacity: 10}}},
		people: []person{{name: "Ada"}, {name: "Bob"}},
		topics: []proposal{{by: "Bob", title: "Puppet"}},
	})
	var made struct {
		URL string `json:"url"`
	}
	apiCall(t, base, ev.as(t, "Ada"), "POST", ev.path("/me/link"), nil, &made)
	laptop := newPerson(t, "Ada's laptop")
	within(t, laptop, step, "the laptop opens Ada's link",
		chromedp.Navigate(made.URL), click("form[method=post] button"), visible("#main-view"), pageLoaded(), click("#lang-en"))

	console := newPerson(t, "the organizer")
	within(t, console, step, "the organizer revokes Ada's links",
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(base+ev.organizerURL),
		visible("#org-main"), pageLoaded(), click("#lang-en"),
		visible("#moderation-section"),
		waitUntil("Ada's row offers to revoke her links, Bob's does not",
			`!!`+inside(consoleAttendee("Ada"), ".om-links")+` && !`+inside(consoleAttendee("Bob"), ".om-links"),
			`document.querySelector('#om-people').innerText`),
		clickOn("Revoke links", inside(consoleAttendee("Ada"), ".om-links")),
		waitUntil("the confirmation says what happens", inside(consoleAttendee("Ada"), ".om-links-q")+`.textContent.includes('signed out')`,
			inside(consoleAttendee("Ada"), ".om-links-q")+`.textContent`),
	)
	moderationShot(t, console, "#moderation-section", "console-moderation-links-confirm-en")
	within(t, console, step, "the organizer confirms",
		clickOn("Yes, revoke", inside(consoleAttendee("Ada"), ".om-links-yes")),
		waitUntil("done", `document.querySelector('#om-status').textContent === 'The links of “Ada” are revoked.'`, `document.querySelector('#om-status').textContent`),
		waitUntil("no more links to revoke", `!`+inside(consoleAttendee("Ada"), ".om-links"), `document.querySelector('#om-people').innerText`),
	)
	moderationShot(t, console, "#moderation-section", "console-moderation-links-en")
	within(t, laptop, step, "the laptop, opened again, is a stranger",
		chromedp.Reload(), visible("#join-form"))
	ev.me(t, ev.people["Ada"].token) // her own device still is Ada (fails the test otherwise)
}

// TestBrowserPhoneOfflineNotesAndCheckIn: during the first session Alice's
// phone loses the network; she saves her notes and moves to another room.
// The page says both wait (the notes are kept on the device, the move is
// shown, not sent yet); back online, both land: the stored notes have her
// text and her check-in is the new room.
func TestBrowserPhoneOfflineNotesAndCheckIn(t *testing.T) {
	t.Parallel()
	sharedBrowser(t)
	const step = 20 * time.Second
	base, _ := startApp(t)
	ev := seedEvening(t, base, parisDevOps())
	s1 := ev.event.Sessions[0].ID
	apiCall(t, base, ev.organizer, "PATCH", ev.path("/phases"), map[string]string{"phase": "sessions"}, nil)
	apiCall(t, base, ev.organizer, "POST", ev.path("/sessions/"+s1+"/start"), nil, nil)
	grande, fond := ev.event.Rooms[0].ID, ev.event.Rooms[1].ID
	apiCall(t, base, ev.as(t, "Alice"), "PUT", ev.path("/checkins/"+s1), map[string]string{"room": grande}, nil)

	tab := newPerson(t, "Alice's phone")
	within(t, tab, step, "Alice opens the page in the Grande salle",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/e/"+ev.id), visible("#join-form"),
		chromedp.Evaluate[chromedp.Void](`document.cookie = `+q("os_att_"+ev.id+"="+ev.people["Alice"].token+"; path=/")),
		chromedp.Navigate(base+"/e/"+ev.id), visible("#main-view"), pageLoaded(), click("#lang-en"),
		waitJS(`document.querySelector('#now-mine').dataset.roomId === `+q(grande)),
		visible("#notes-section"),
		waitJS(`document.querySelector('#notes-status').dataset.state === 'saved'`),
	)
	networkDown(t, tab, true)
	within(t, tab, step, "offline, Alice saves her notes",
		chromedp.SendKeys(chromedp.CSS("#notes-text"), "Puppet 8 is out."),
		click("#notes-save"),
		waitUntil("kept on the device", `document.querySelector('#notes-status').dataset.state === 'offline'`, `document.querySelector('#notes-status').textContent`),
		waitJS(`document.querySelector('#queue-pending').dataset.count === '1'`),
	)
	within(t, tab, step, "offline, Alice moves to the Salle du fond",
		clickOn("I'm moving here", `document.querySelector('#rooms li[data-room-id=`+q(fond)+`] .move-btn')`),
		waitUntil("shown as her room, not sent yet", `document.querySelector('#now-mine').dataset.roomId === `+q(fond)+` && !document.querySelector('#checkin-wait').hidden`,
			`document.querySelector('#now').innerText`),
		waitJS(`document.querySelector('#queue-count').textContent === '2 actions pending'`),
	)
	networkDown(t, tab, false)
	within(t, tab, step, "back online, both land",
		waitUntil("nothing waits", `document.querySelector('#queue-pending').hidden && document.querySelector('#checkin-wait').hidden`, `document.querySelector('#queue-pending').textContent`),
		waitJS(`document.querySelector('#now-mine').dataset.roomId === `+q(fond)+` && document.querySelector('#now-mine').dataset.checkedIn === 'true'`),
	)
	var me struct {
		Checkins map[string]string `json:"checkins"`
	}
	apiCall(t, base, ev.as(t, "Alice"), "GET", ev.path("/me"), nil, &me)
	if got := me.Checkins[s1]; got != fond {
		t.Errorf("Alice's stored check-in %q, want the Salle du fond %q", got, fond)
	}
	var notes struct {
		Text string `json:"text"`
	}
	apiCall(t, base, ev.as(t, "Alice"), "GET", ev.path("/topics/"+ev.topic(t, "Puppet : retours d'expérience")+"/notes"), nil, &notes)
	if !strings.Contains(notes.Text, "Puppet 8 is out.") {
		t.Errorf("stored notes %q, want Alice's line", notes.Text)
	}
}

// TestBrowserQueueDropsAnotherPersonsActions: Eve's phone votes while
// offline; before it is back, the browser takes Ada's identity (as through
// Ada's personal link). Reopened online, Eve's waiting vote is not sent as
// Ada's: it is dropped and said, and nobody's dots move.
func TestBrowserQueueDropsAnotherPersonsActions(t *testing.T) {
	t.Parallel()
	sharedBrowser(t)
	const step = 20 * time.Second
	base, _ := startApp(t)
	ev := seedEvening(t, base, evening{
		setup: openspace.EventSetup{Title: "Meetup", Language: "en",
			Sessions: []openspace.Session{{Title: "1", Duration: 30}}, Rooms: []openspace.Room{{Name: "A", Capacity: 10}}},
		people: []person{{name: "Ada"}},
		topics: []proposal{{by: "Ada", title: "Puppet"}},
	})
	apiCall(t, base, ev.organizer, "PATCH", ev.path("/phases"), map[string]any{"phase": "voting", "voting_open": true}, nil)
	phone := queuePhone(t, base, ev, "Eve", "en")
	networkDown(t, phone, true)
	within(t, phone, step, "Eve votes for Puppet offline",
		clickOn("Puppet's vote button", inside(phoneTopic("Puppet"), ".vote-btn")),
		waitJS(`document.querySelector('#queue-pending').dataset.count === '1'`),
	)
	ada := strings.TrimPrefix(ev.as(t, "Ada").Get("Authorization"), "Bearer ")
	if _, err := chromedp.Call(phone, network.SetCookie, network.SetCookieParams{Name: "os_att_" + ev.id, Value: ada, URL: base, Path: "/"}); err != nil {
		t.Fatalf("give the browser Ada's device: %v", err)
	}
	networkDown(t, phone, false)
	want := "Your vote for “Puppet” was not counted: it was made on this browser as another person."
	within(t, phone, step, "reopened as Ada, the phone drops Eve's vote and says so",
		chromedp.Reload(),
		visible("#main-view"),
		waitUntil("the refusal in words", `[...document.querySelectorAll('#queue-refused .refused .text')].map(e => e.textContent).includes(`+q(want)+`)`,
			`document.querySelector('#queue-refused').innerText`),
		waitUntil("nothing waits", `document.querySelector('#queue-pending').hidden`, `document.querySelector('#queue-pending').textContent`),
	)
	if got := topicVotes(ev.state(t)); got["Puppet"] != 0 {
		t.Errorf("stored votes %v, want none: Eve's vote went out as Ada's", got)
	}
}
