// Package lines is what the Go adapters share: the line-delimited JSON protocol's output side
// (src/child/lines.ts) and the implementation facts every `ready` message carries.
package lines

import (
	"encoding/json"
	"os"
	"runtime"
	"sync"
)

// GorillaVersion is the version of gorilla/websocket: GOPATH mode has no module metadata, so it is
// the Debian package's.
const GorillaVersion = "1.5.0"

var writeLock sync.Mutex

// Emit writes one message as one JSON line on stdout; safe from any goroutine.
func Emit(message interface{}) {
	line, _ := json.Marshal(message)
	writeLock.Lock()
	defer writeLock.Unlock()
	os.Stdout.Write(append(line, '\n'))
}

// Info is the `info` of a `ready` message: gorilla's version, this Go's runtime and the load error
// (nil when the adapter runs).
func Info(loadError interface{}) map[string]interface{} {
	return map[string]interface{}{"version": GorillaVersion, "runtime": "go@" + runtime.Version()[2:], "loadError": loadError}
}
