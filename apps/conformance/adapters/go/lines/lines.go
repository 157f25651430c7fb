// Package lines is what the Go adapters share: the line-delimited JSON protocol's output side
// (src/child/lines.ts) and the implementation facts every `ready` message carries.
package lines

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"unicode/utf16"
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

// Digest is FNV-1a 32-bit of the bytes as 8 hex digits (src/child/digest.ts), as every side computes it.
func Digest(data []byte) string {
	hash := uint32(0x811c9dc5)
	for _, b := range data {
		hash ^= uint32(b)
		hash *= 0x01000193
	}
	return fmt.Sprintf("%08x", hash)
}

// Head is what a message event shows of its data: the first 32 UTF-16 units of a text (as the
// JavaScript side cuts it), or the first 16 bytes as hex.
func Head(text bool, data []byte) string {
	if text {
		units := utf16.Encode([]rune(string(data)))
		if len(units) > 32 {
			units = units[:32]
		}
		return string(utf16.Decode(units))
	}
	if len(data) > 16 {
		data = data[:16]
	}
	return hex.EncodeToString(data)
}

// MessageEvent is the ObservedEvent of one message: `text`, or `bytes` (Go's []byte: gorilla has no
// binaryType).
func MessageEvent(text bool, data []byte) map[string]interface{} {
	kind := "bytes"
	if text {
		kind = "text"
	}
	return map[string]interface{}{"type": "message", "kind": kind, "size": len(data), "digest": Digest(data), "head": Head(text, data)}
}

// AttemptKey is the attempt key in a request target (src/child/protocol.ts attemptKeyOf), or "".
func AttemptKey(target string) string {
	const prefix = "/__attempt/"
	query := strings.Index(target, "?")
	at := strings.Index(target, prefix)
	if at == -1 || (query != -1 && at > query) {
		return ""
	}
	rest := target[at+len(prefix):]
	if end := strings.IndexAny(rest, "/?#"); end != -1 {
		return rest[:end]
	}
	return rest
}
