package server

import "log/slog"

// trustProxies sets where client addresses come from. Without configured
// proxies they are the connection's: a forwarded header is a claim anyone
// can make, and the rate limits count by address. Behind a reverse proxy
// the operator lists it (-trusted-proxies), and only a request arriving
// from it has its X-Forwarded-For believed.
func (s *Server) trustProxies(proxies []string) {
	if len(proxies) == 0 {
		_ = s.engine.SetTrustedProxies(nil) // nil never fails
		return
	}
	if err := s.engine.SetTrustedProxies(proxies); err != nil {
		// main checks the list; a bad one here trusts nobody rather than all.
		s.logger.Error("trusted proxies refused: client addresses are the connections'", slog.Any("err", err))
		_ = s.engine.SetTrustedProxies(nil)
	}
}
