package openspace

import "time"

// PersonalLink is what an attendee sees of their personal link ("use on
// another device"): a secret address that signs another browser in as
// them, with the same ballot and budget. The link itself is shown once,
// when it is made; only its hash is stored.
type PersonalLink struct {
	CreatedAt time.Time `json:"created_at"`
	// Devices counts the browsers signed in through one of the
	// attendee's links (this one or an earlier one) that still are.
	Devices int `json:"devices"`
}

// MaxLinkDevices bounds the browsers signed in through an attendee's
// links: past it, the one that came first is signed out. A person has a
// few devices; a link opened again after its cookies were cleared leaves
// a device nobody holds any more.
const MaxLinkDevices = 20
