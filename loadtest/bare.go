package loadtest

import (
	"context"
	"log/slog"
)

// ServeBare serves the bare broadcaster until ctx is done.
func ServeBare(ctx context.Context, addr string, logger *slog.Logger) error { return nil }
