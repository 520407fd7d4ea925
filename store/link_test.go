package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"openspace/openspace"
)

// linksOf lists the links bucket's keys that belong to the event: its
// records and the link hashes that point at it.
func linksOf(tb testing.TB, s *Store, eventID string) []string {
	tb.Helper()
	var out []string
	if err := s.view(ctx, func(t *txn) error {
		return t.links.ForEach(func(k, v []byte) error {
			if bytes.HasPrefix(k, prefix(eventID)) || bytes.HasPrefix(v, prefix(eventID)) {
				out = append(out, string(k))
			}
			return nil
		})
	}); err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestLinksGoWithTheirAttendee: forgetting or removing an attendee takes
// their link and the devices that came through it; exports and copies
// never carry a link.
func TestLinksGoWithTheirAttendee(t *testing.T) {
	s := mustOpen(t)
	ev := mustEvening(t, s) // Ada has a link and a laptop that came through it
	ada, bob := ev.people[0], ev.people[1]
	linkHash, laptop := []byte("link-"+ev.e.ID+"-Ada"), []byte("laptop-"+ev.e.ID+"-Ada")
	if a, err := s.AttendeeByToken(ctx, ev.e.ID, laptop); err != nil || a.ID != ada.ID {
		t.Fatalf("the laptop is %+v, %v; want Ada", a, err)
	}

	x, err := s.Export(ctx, ev.e.ID)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(x)
	for _, secret := range [][]byte{linkHash, laptop} {
		if bytes.Contains(data, secret) || strings.Contains(string(data), mustJSON(t, secret)) {
			t.Errorf("the export holds %s", secret)
		}
	}
	cp, err := s.CopyEvent(ctx, ev.e.ID, []byte("copy-hash"))
	if err != nil {
		t.Fatal(err)
	}
	if got := linksOf(t, s, cp.ID); len(got) != 0 {
		t.Errorf("the copy has links: %v", got)
	}

	if _, err := s.CreateLink(ctx, ev.e.ID, bob.ID, []byte("link-bob")); err != nil {
		t.Fatal(err)
	}
	if err := s.ForgetAttendee(ctx, ev.e.ID, ada.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "Ada's link after forget me", func() error { _, err := s.LinkOwner(ctx, linkHash); return err }(), openspace.ENOTFOUND)
	wantCode(t, "Ada's laptop after forget me", func() error { _, err := s.AttendeeByToken(ctx, ev.e.ID, laptop); return err }(), openspace.EUNAUTHORIZED)
	if _, err := s.RemoveAttendee(ctx, ev.e.ID, bob.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "Bob's link after his removal", func() error { _, err := s.LinkOwner(ctx, []byte("link-bob")); return err }(), openspace.ENOTFOUND)
	if got := linksOf(t, s, ev.e.ID); len(got) != 0 {
		t.Errorf("links left behind: %q", got)
	}
}

// TestLinkDevicesAreBounded: past openspace.MaxLinkDevices browsers signed
// in through an attendee's links, the first is signed out.
func TestLinkDevicesAreBounded(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	a := mustJoin(t, s, e.ID, "")
	if _, err := s.CreateLink(ctx, e.ID, a.ID, []byte("link")); err != nil {
		t.Fatal(err)
	}
	device := func(i int) []byte { return []byte(fmt.Sprint("device-", i)) }
	for i := range openspace.MaxLinkDevices + 1 {
		if _, err := s.UseLink(ctx, []byte("link"), device(i)); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, "the first device", func() error { _, err := s.AttendeeByToken(ctx, e.ID, device(0)); return err }(), openspace.EUNAUTHORIZED)
	for _, i := range []int{1, openspace.MaxLinkDevices} {
		if _, err := s.AttendeeByToken(ctx, e.ID, device(i)); err != nil {
			t.Errorf("device %d: %v", i, err)
		}
	}
	me, err := s.Me(ctx, e.ID, device(1))
	if err != nil || me.Link == nil || me.Link.Devices != openspace.MaxLinkDevices {
		t.Errorf("Me's link = %+v, %v; want %d devices", me.Link, err, openspace.MaxLinkDevices)
	}
	wantCode(t, "an unknown link", func() error { _, err := s.UseLink(ctx, []byte("nope"), []byte("device-x")); return err }(), openspace.ENOTFOUND)
	wantCode(t, "a link for an unknown attendee", func() error {
		_, err := s.CreateLink(ctx, e.ID, "nobody", []byte("link-2"))
		return err
	}(), openspace.ENOTFOUND)
}

// TestSchema5FileMigrates: a file of schema 5 (every bucket but links,
// with an evening and an idempotency record in it) opens with the links
// bucket created and every record as it was.
func TestSchema5FileMigrates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "schema5.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists([]byte(bucketMeta))
		if err != nil {
			return err
		}
		for _, m := range migrations[:5] {
			if err := m(tx); err != nil {
				return err
			}
		}
		records := map[string][2]string{
			"events e1":                     {bucketEvents, `{"id":"e1","title":"Meetup","sessions":[],"rooms":[],"dot_budget":3,"phase":"welcome","pitch_seconds":30}`},
			"attendees e1/a1":               {bucketAttendees, `{"id":"a1","event_id":"e1","name":"Ada"}`},
			"idem e1/a1/k":                  {bucketIdem, `{"hash":"aGFzaA==","seq":1,"response":{"id":"t1"}}`},
			"plans e1/draft":                {bucketPlans, `{"cells":[]}`},
			"tokens " + "token-hash-of-ada": {bucketTokens, "e1/a1"},
		}
		for k, r := range records {
			_, key, _ := strings.Cut(k, " ")
			if err := tx.Bucket([]byte(r[0])).Put([]byte(key), []byte(r[1])); err != nil {
				return err
			}
		}
		return meta.Put([]byte(keySchemaVersion), []byte("5"))
	}); err != nil {
		t.Fatal(err)
	}
	before := dumpFile(t, db)
	db.Close()
	if _, ok := before[bucketLinks+"|"]; ok {
		t.Fatal("the schema 5 file already has the links bucket")
	}

	s := mustOpenAt(t, path)
	after := dumpFile(t, s.DB())
	if got, want := after[bucketMeta+"|"+keySchemaVersion], strconv.Itoa(schemaVersion()); got != want {
		t.Errorf("schema version = %s, want %s", got, want)
	}
	if _, ok := after[bucketLinks+"|"]; !ok {
		t.Error("no links bucket after the migration")
	}
	for k, v := range before {
		if k != bucketMeta+"|"+keySchemaVersion && after[k] != v {
			t.Errorf("record %s changed: %q → %q", k, v, after[k])
		}
	}
	// The attendee of the old file can make a link at once.
	if _, err := s.CreateLink(ctx, "e1", "a1", []byte("link")); err != nil {
		t.Errorf("a link on the migrated file: %v", err)
	}
}
