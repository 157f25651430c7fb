// Client adapter: gorilla/websocket 1.5 `Dialer.Dial(url, http.Header)` with `Dialer.Subprotocols`
// and `HandshakeTimeout`; Origin is a header like any other. Each attempt runs on its own goroutine.
// Line-delimited JSON: `attempt` / `connection` (script.go) / `ping` / `exit` in, `ready` / `result` /
// `connection-result` / `pong` out.
package main

import (
	"../lines"
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"time"

	"github.com/gorilla/websocket"
)

var emit = lines.Emit

type spec struct {
	URL       string      `json:"url"`
	Headers   [][2]string `json:"headers"`
	Protocols []string    `json:"protocols"`
	Origin    *string     `json:"origin"`
	TimeoutMs int         `json:"timeoutMs"`
	Exchange  bool        `json:"exchange"`
}

type command struct {
	Type string          `json:"type"`
	ID   int             `json:"id"`
	Spec json.RawMessage `json:"spec"`
}

func errorInfo(err error, status interface{}) map[string]interface{} {
	name := "error"
	var netError interface{ Timeout() bool }
	if errors.As(err, &netError) && netError.Timeout() {
		name = "timeout"
	}
	if errors.Is(err, websocket.ErrBadHandshake) {
		name = "ErrBadHandshake"
	}
	return map[string]interface{}{"name": name, "code": nil, "status": status, "message": err.Error(), "synchronous": false}
}

func attempt(s spec) map[string]interface{} {
	started := time.Now()
	timeout := time.Duration(s.TimeoutMs) * time.Millisecond
	result := func(opened bool, protocol interface{}, echoed interface{}, failure interface{}) map[string]interface{} {
		return map[string]interface{}{"opened": opened, "protocol": protocol, "echoed": echoed, "error": failure,
			"warnings": []string{}, "durationMs": time.Since(started).Milliseconds()}
	}
	header := http.Header{}
	for _, pair := range s.Headers {
		header.Add(pair[0], pair[1]) // canonicalizes the name, as users of http.Header get
	}
	if s.Origin != nil {
		header.Set("Origin", *s.Origin)
	}
	dialer := websocket.Dialer{HandshakeTimeout: timeout, Subprotocols: s.Protocols}
	conn, response, err := dialer.Dial(s.URL, header)
	if err != nil {
		var status interface{}
		if response != nil {
			status = response.StatusCode
		}
		return result(false, nil, nil, errorInfo(err, status))
	}
	defer conn.Close()
	var echoed interface{}
	if s.Exchange {
		nonce := make([]byte, 6)
		rand.Read(nonce)
		token := "echo:" + hex.EncodeToString(nonce)
		conn.WriteMessage(websocket.TextMessage, []byte(token))
		conn.SetReadDeadline(time.Now().Add(timeout))
		_, data, err := conn.ReadMessage()
		echoed = err == nil && string(data) == token
	}
	conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(1000, ""), time.Now().Add(time.Second))
	return result(true, conn.Subprotocol(), echoed, nil)
}

func main() {
	emit(map[string]interface{}{"type": "ready", "info": lines.Info(nil)})
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
	for scanner.Scan() {
		var c command
		if json.Unmarshal(scanner.Bytes(), &c) != nil {
			os.Stderr.WriteString("not JSON: " + scanner.Text() + "\n")
			continue
		}
		switch c.Type {
		case "exit":
			os.Exit(0)
		case "ping":
			emit(map[string]interface{}{"type": "pong", "id": c.ID})
		case "attempt":
			var s spec
			json.Unmarshal(c.Spec, &s)
			go func(c command) {
				emit(map[string]interface{}{"type": "result", "id": c.ID, "outcome": attempt(s)})
			}(c)
		case "connection":
			var s connectionSpec
			json.Unmarshal(c.Spec, &s)
			go func(c command) {
				emit(map[string]interface{}{"type": "connection-result", "id": c.ID, "outcome": runConnection(s)})
			}(c)
		}
	}
	os.Exit(0)
}
