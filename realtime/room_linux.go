//go:build linux

package realtime

import (
	"net"
	"syscall"

	"golang.org/x/sys/unix"
)

// room tells whether a connection's socket takes a message at once: the
// bytes not yet sent (SIOCOUTQ) plus the message fit in half its send
// buffer, so that the write returns without waiting for the phone.
type room struct {
	raw    syscall.RawConn
	sndbuf int
}

func newRoom(conn net.Conn) room {
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return room{} // TLS or another wrapper: every message goes through the writer
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return room{}
	}
	var sndbuf int
	var serr error
	if err := raw.Control(func(fd uintptr) { sndbuf, serr = unix.GetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_SNDBUF) }); err != nil || serr != nil {
		return room{}
	}
	return room{raw: raw, sndbuf: sndbuf}
}

// known reports whether fits can tell: false for a socket it cannot see.
func (r room) known() bool { return r.raw != nil }

func (r room) fits(n int) bool {
	if r.raw == nil {
		return false
	}
	var queued int
	var qerr error
	if err := r.raw.Control(func(fd uintptr) { queued, qerr = unix.IoctlGetInt(int(fd), unix.SIOCOUTQ) }); err != nil || qerr != nil {
		return false
	}
	return queued+n+64 <= r.sndbuf/2 // 64: the frame's header, and a margin
}
