// Connection scripts (src/child/protocol.ts: ConnectionSpec -> ConnectionOutcome) with gorilla's own
// API: Dialer.DialContext (cancelling the context is how a Go app gives up while connecting),
// ReadMessage on a goroutine of its own, WriteMessage, and the close a gorilla app writes itself:
// WriteControl(CloseMessage, FormatCloseMessage(code, reason)) then a read deadline of closeTimeoutMs
// for the peer's answer. What is recorded is what gorilla returned: a message is `text` or `bytes`
// (there is no binaryType), a *CloseError is the close (gorilla itself makes one with 1006 when the
// TCP connection ends without a close frame), any other error from ReadMessage is an error with no
// close after it. readyState is this program's bookkeeping (gorilla has none): 0 before Dial
// returned, 1 open, 2 after the app's close frame, 3 once ReadMessage returned its last error.
package main

import (
	"../lines"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

type scriptData struct {
	Kind   string `json:"kind"`
	Text   string `json:"text"`
	Base64 string `json:"base64"`
	Repeat *int   `json:"repeat"`
}

type step struct {
	Op        string      `json:"op"`
	Value     string      `json:"value"`
	Data      *scriptData `json:"data"`
	Count     int         `json:"count"`
	TimeoutMs int         `json:"timeoutMs"`
	Code      *int        `json:"code"`
	Reason    *string     `json:"reason"`
	Ms        int         `json:"ms"`
}

type connectionSpec struct {
	URL               string   `json:"url"`
	Protocols         []string `json:"protocols"`
	CloseTimeoutMs    int      `json:"closeTimeoutMs"`
	ThrowingListeners int      `json:"throwingListeners"`
	OpenTimeoutMs     int      `json:"openTimeoutMs"`
	Steps             []step   `json:"steps"`
	SettleMs          int      `json:"settleMs"`
}

type event = map[string]interface{}

// recorder keeps the outcome; every field is guarded by mu, and changed wakes the waiting steps.
type recorder struct {
	mu          sync.Mutex
	changed     *sync.Cond
	started     time.Time
	events      []event
	readyStates []int
	state       int
	messages    int
	done        bool
	closed      interface{}
	timedOut    interface{}
}

func newRecorder() *recorder {
	r := &recorder{started: time.Now(), readyStates: []int{}, events: []event{}}
	r.changed = sync.NewCond(&r.mu)
	r.sample(0)
	return r
}

func (r *recorder) at() int64 { return time.Since(r.started).Milliseconds() }

// sample records a readyState (-1: keep the current one); the lock is held.
func (r *recorder) sample(state int) int {
	if state >= 0 {
		r.state = state
	}
	if len(r.readyStates) == 0 || r.readyStates[len(r.readyStates)-1] != r.state {
		r.readyStates = append(r.readyStates, r.state)
	}
	return r.state
}

func (r *recorder) add(e event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	e["at"] = r.at()
	if _, has := e["readyState"]; !has && e["type"] != "listener-error" {
		e["readyState"] = r.sample(-1)
	}
	r.events = append(r.events, e)
	r.changed.Broadcast()
}

func (r *recorder) message(kind int, data []byte) {
	e := lines.MessageEvent(kind == websocket.TextMessage, data)
	r.mu.Lock()
	r.messages++
	r.mu.Unlock()
	r.add(e)
}

func (r *recorder) failed(err error) {
	r.add(event{"type": "error", "code": nil, "closeCode": nil, "message": err.Error()})
}

// ended: ReadMessage returned its last error, a close (*CloseError) or a failure.
func (r *recorder) ended(err error) {
	var closeError *websocket.CloseError
	if errors.As(err, &closeError) {
		r.mu.Lock()
		// gorilla reports no cleanliness (a CloseError has a code and a text only): wasClean null,
		// never derived from the code
		r.closed = event{"code": closeError.Code, "reason": closeError.Text, "wasClean": nil}
		r.sample(3)
		r.mu.Unlock()
		r.add(event{"type": "close", "code": closeError.Code, "reason": closeError.Text, "wasClean": nil, "readyState": 3})
	} else {
		r.failed(err)
		r.mu.Lock()
		r.sample(3)
		r.mu.Unlock()
	}
	r.mu.Lock()
	r.done = true
	r.changed.Broadcast()
	r.mu.Unlock()
}

// until waits for condition (checked with the lock held), bounded; records the first timeout.
func (r *recorder) until(condition func() bool, timeoutMs int, what func() string, stopWhenDone bool) {
	deadline := time.Now().Add(time.Duration(timeoutMs) * time.Millisecond)
	timer := time.AfterFunc(time.Duration(timeoutMs)*time.Millisecond, func() {
		r.mu.Lock()
		r.changed.Broadcast()
		r.mu.Unlock()
	})
	defer timer.Stop()
	r.mu.Lock()
	defer r.mu.Unlock()
	for !condition() {
		if stopWhenDone && r.done {
			if r.timedOut == nil {
				r.timedOut = what() + ": the connection ended first"
			}
			return
		}
		if !time.Now().Before(deadline) {
			if r.timedOut == nil {
				r.timedOut = what()
			}
			return
		}
		r.changed.Wait()
	}
}

func payload(data *scriptData) (int, []byte) {
	repeat := 1
	if data.Repeat != nil {
		repeat = *data.Repeat
	}
	if data.Kind == "text" {
		return websocket.TextMessage, []byte(strings.Repeat(data.Text, repeat))
	}
	unit, _ := base64.StdEncoding.DecodeString(data.Base64)
	all := make([]byte, 0, len(unit)*repeat)
	for index := 0; index < repeat; index++ {
		all = append(all, unit...)
	}
	return websocket.BinaryMessage, all
}

func thrown(name string, err error) interface{} {
	if err == nil {
		return nil
	}
	return event{"name": name, "code": nil, "message": err.Error()}
}

type dialed struct {
	conn *websocket.Conn
	err  error
}

func runConnection(spec connectionSpec) map[string]interface{} {
	r := newRecorder()
	closeTimeout := time.Duration(spec.CloseTimeoutMs) * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	result := make(chan dialed, 1)
	var conn *websocket.Conn
	// A script that acts while connecting (openTimeoutMs 0) runs its first step before Dial goes to the
	// network, as a JavaScript app's close() runs before the constructor's connection does: cancelling
	// then always finds Dial connecting, never a Dial that won the race on a busy machine.
	begin := make(chan struct{})
	if spec.OpenTimeoutMs > 0 || len(spec.Steps) == 0 {
		close(begin)
	}
	go func() {
		<-begin
		dialer := websocket.Dialer{Subprotocols: spec.Protocols, HandshakeTimeout: 45 * time.Second}
		c, _, err := dialer.DialContext(ctx, spec.URL, nil)
		result <- dialed{c, err}
		if err != nil {
			r.failed(err)
			r.mu.Lock()
			r.sample(3)
			r.done = true
			r.changed.Broadcast()
			r.mu.Unlock()
			return
		}
		r.add(event{"type": "open", "protocol": c.Subprotocol(), "readyState": func() int {
			r.mu.Lock()
			defer r.mu.Unlock()
			return r.sample(1)
		}()})
		for {
			kind, data, err := c.ReadMessage()
			if err != nil {
				r.ended(err)
				return
			}
			r.message(kind, data)
		}
	}()
	var outcome *dialed
	connection := func(wait time.Duration) *websocket.Conn {
		if outcome == nil {
			select {
			case got := <-result:
				outcome = &got
			case <-time.After(wait):
				return nil
			}
		}
		return outcome.conn
	}
	if spec.OpenTimeoutMs > 0 {
		conn = connection(time.Duration(spec.OpenTimeoutMs) * time.Millisecond)
	}
	for index, s := range spec.Steps {
		began := r.at()
		var threw interface{}
		if conn == nil {
			conn = connection(0)
		}
		switch s.Op {
		case "binary-type":
			threw = event{"name": "Unsupported", "code": nil, "message": "gorilla/websocket has no binaryType: binary messages are []byte"}
		case "send":
			if conn == nil {
				threw = event{"name": "Unsupported", "code": nil, "message": "no connection: Dial has not returned one"}
				break
			}
			kind, data := payload(s.Data)
			threw = thrown("error", conn.WriteMessage(kind, data))
		case "await-messages":
			count := s.Count
			r.until(func() bool { return r.messages >= count }, s.TimeoutMs, func() string {
				return fmt.Sprintf("%d messages (got %d)", count, r.messages)
			}, true)
		case "close":
			if conn == nil {
				// no connection yet: a Go app gives up on Dial by cancelling its context
				cancel()
				break
			}
			// an omitted (or undefined) code is what a gorilla app writes for a plain close: 1000
			code := websocket.CloseNormalClosure
			if s.Code != nil {
				code = *s.Code
			}
			reason := ""
			if s.Reason != nil {
				reason = *s.Reason
			}
			err := conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(time.Second))
			threw = thrown("error", err)
			if err == nil {
				conn.SetReadDeadline(time.Now().Add(closeTimeout))
				r.mu.Lock()
				if r.state == 1 {
					r.sample(2)
				}
				r.mu.Unlock()
			}
		case "await-close":
			r.until(func() bool { return r.done }, s.TimeoutMs, func() string { return "the close event" }, false)
		case "wait":
			time.Sleep(time.Duration(s.Ms) * time.Millisecond)
		}
		r.mu.Lock()
		state := r.sample(-1)
		r.mu.Unlock()
		r.add(event{"type": "step", "index": index, "op": s.Op, "threw": threw, "readyState": state})
		r.mu.Lock()
		r.events[len(r.events)-1]["at"] = began
		r.mu.Unlock()
		if index == 0 && spec.OpenTimeoutMs == 0 {
			close(begin)
		}
	}
	settle := time.Now().Add(time.Duration(spec.SettleMs) * time.Millisecond)
	for time.Now().Before(settle) {
		time.Sleep(20 * time.Millisecond)
		r.mu.Lock()
		r.sample(-1)
		r.mu.Unlock()
	}
	r.mu.Lock()
	outcome2 := map[string]interface{}{
		"events": r.events, "readyStates": r.readyStates, "closed": r.closed,
		"finalReadyState": r.sample(-1), "setupError": nil, "timedOut": r.timedOut, "durationMs": r.at(),
	}
	r.mu.Unlock()
	if conn != nil {
		conn.Close()
	}
	return outcome2
}
