package main

import "testing"

func TestHubCapsStayBelowTheFileLimit(t *testing.T) {
	tests := []struct {
		nofile                           uint64
		maxClients, perAddress, perEvent int
	}{
		{nofile: 0, maxClients: 20000, perAddress: 2000, perEvent: 20000},       // unknown: the defaults
		{nofile: 1048576, maxClients: 20000, perAddress: 2000, perEvent: 20000}, // plenty
		{nofile: 20000, maxClients: 18976, perAddress: 2000, perEvent: 18976},   // the machine of the report
		{nofile: 4096, maxClients: 3072, perAddress: 1536, perEvent: 3072},
		{nofile: 1024, maxClients: 512, perAddress: 256, perEvent: 512},
	}
	for _, tt := range tests {
		c, a, e := hubCaps(tt.nofile)
		if c != tt.maxClients || a != tt.perAddress || e != tt.perEvent {
			t.Errorf("hubCaps(%d) = %d, %d, %d; want %d, %d, %d", tt.nofile, c, a, e, tt.maxClients, tt.perAddress, tt.perEvent)
		}
		if left := int64(tt.nofile) - int64(c); tt.nofile > 0 && left < int64(min(fileReserve, tt.nofile/2)) {
			t.Errorf("hubCaps(%d): %d WebSockets leave only %d descriptors", tt.nofile, c, left)
		}
	}
}
