package loadtest

import (
	"encoding/json"
	"reflect"
	"testing"
)

// A patch as the app sends it for a vote on two topics, coalesced.
const benchPatch = `{"type":"patch","epoch":"k3jd8s","version":1234,"patch":{"topics":[{"id":"0a1b2c3d4e5f60718293a4b5","event_id":"ffeeddccbbaa998877665544","title":"Topic 12","description":"","host":"","votes":3,"created_at":"2024-05-01T10:00:00.012Z"},{"id":"0a1b2c3d4e5f60718293a4b6","event_id":"ffeeddccbbaa998877665544","title":"Topic 13","description":"","host":"","votes":1,"created_at":"2024-05-01T10:00:00.013Z"}]}}`

func BenchmarkDecodePatch(b *testing.B) {
	var m wireMessage
	data := []byte(benchPatch)
	b.ReportAllocs()
	for b.Loop() {
		if err := decodeMessage(data, &m); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDecodeMessageMatchesJSON checks the scanner against encoding/json on
// the messages the app sends and on awkward ones.
func TestDecodeMessageMatchesJSON(t *testing.T) {
	for _, in := range []string{
		benchPatch,
		`{"type":"snapshot","epoch":"E","version":5,"state":{"event":{"id":"x","title":"t \"q\" \\ é","sessions":[{"id":"s","start":""}],"rooms":[]},"attendance":{"count":2,"profiles":{"":2,"Dev":0}},"topics":[{"id":"a","title":"A}]","votes":1,"needs":["screen"]},{"id":"b","votes":0}],"plan":null,"headcounts":{},"notes":null}}`,
		`{"type":"patch","epoch":"E","version":7,"patch":{"removed_topics":["a","b"],"attendance":null,"topics":null}}`,
		`{"type":"patch","epoch":"E","version":8,"patch":{}}`,
		`{"type":"patch","epoch":"E","version":9,"patch":null}`,
		` { "type" : "patch" , "epoch" : "E" , "version" : 10 , "patch" : { "topics" : [ { "votes" : -1 , "id" : "z" } ] } } `,
		`{"type":"clock","t":1733170000123.5,"now":1733170000456}`,
		`{"type":"patch","epoch":"E\u0041","version":11,"patch":{"topics":[{"id":"a\"b","votes":2}]}}`,
		`{"type":"patch","version":12,"patch":{"topics":[{"id":"a","votes":true}]}}`,
	} {
		var got, want wireMessage
		gotErr := decodeMessage([]byte(in), &got)
		wantErr := json.Unmarshal([]byte(in), &want)
		if (gotErr == nil) != (wantErr == nil) || !reflect.DeepEqual(got, want) {
			t.Errorf("decode %s\n got  %+v (%v)\n want %+v (%v)", in, dump(got), gotErr, dump(want), wantErr)
		}
	}
}

func dump(m wireMessage) string {
	b, _ := json.Marshal(m)
	return string(b)
}
