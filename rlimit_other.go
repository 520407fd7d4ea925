//go:build !unix

package main

// raiseFileLimit knows no descriptor limit here: the hub keeps its defaults.
func raiseFileLimit() uint64 { return 0 }
