package openspace

// MessagesFR exposes the French catalog to the external tests.
var MessagesFR = messagesFR
