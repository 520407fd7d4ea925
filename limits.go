package main

import (
	"log/slog"

	"openspace/realtime"
)

// Connection caps of the hub, derived from the descriptor limit so that
// WebSockets run out before descriptors do: the listener, the data file and
// ordinary HTTP requests (pages, /healthz, the API) keep fileReserve
// descriptors for themselves however many phones connect.
const (
	fileReserve      = 1024  // descriptors never given to WebSockets
	maxClientsCap    = 20000 // the hub's cap when descriptors are plentiful
	maxPerAddressCap = 2000  // one address: a whole venue behind one NAT fits
	maxPerEventCap   = 20000 // one event: a conference open space, ten thousand phones and their tabs
)

// hubCaps returns the hub's caps for a soft limit of nofile descriptors (0:
// unknown, the hub's defaults, which are these caps). MaxClients leaves
// fileReserve descriptors free (half of them under a limit of 2048); one address may take at most half of it,
// so that one address can never hold every connection; one event at most
// all of it.
func hubCaps(nofile uint64) (maxClients, perAddress, perEvent int) {
	maxClients = maxClientsCap
	if nofile > 0 {
		free := nofile - min(fileReserve, nofile/2)
		maxClients = int(min(maxClientsCap, max(1, free)))
	}
	perAddress = min(maxPerAddressCap, max(1, maxClients/2))
	perEvent = min(maxPerEventCap, maxClients)
	return maxClients, perAddress, perEvent
}

// withConnectionCaps raises the descriptor limit and sets the hub's caps
// from it, unless opts sets them.
func withConnectionCaps(opts realtime.Options, logger *slog.Logger) realtime.Options {
	nofile := raiseFileLimit()
	maxClients, perAddress, perEvent := hubCaps(nofile)
	if opts.MaxClients == 0 {
		opts.MaxClients = maxClients
	}
	if opts.MaxPerAddress == 0 {
		opts.MaxPerAddress = perAddress
	}
	if opts.MaxPerEvent == 0 {
		opts.MaxPerEvent = perEvent
	}
	if logger != nil {
		logger.Info("connection caps", "open_files", nofile, "websockets", opts.MaxClients,
			"per_address", opts.MaxPerAddress, "per_event", opts.MaxPerEvent)
	}
	return opts
}
