// Server adapter: gorilla/websocket 1.5 on net/http with a bare handler (no ServeMux, which would
// redirect a `//host` target), three modes on three ports. It reports what net/http and gorilla
// gave the handler: r.RequestURI, r.URL.Path, r.URL.Query() (which drops bad escapes silently),
// r.Host, r.Header, websocket.Subprotocols(r) (the first header line only), r.RemoteAddr.
// Line-delimited JSON on stdout; `{"type":"exit"}` or end of stdin ends it.
package main

import (
	"../lines"
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/websocket"
)

var emit = lines.Emit

var supported = map[string][]string{"main": {"chat", "superchat"}, "reject": {"chat"}, "mismatch": {"other"}}

// latin1 shows bytes one character per byte, as the runner reads header bytes (JSON would turn
// bytes that are not UTF-8 into U+FFFD).
func latin1(bytes string) string {
	runes := make([]rune, len(bytes))
	for index := 0; index < len(bytes); index++ {
		runes[index] = rune(bytes[index])
	}
	return string(runes)
}

func handler(mode string) http.HandlerFunc {
	upgrader := websocket.Upgrader{
		Subprotocols:      supported[mode],
		CheckOrigin:       func(*http.Request) bool { return true },
		EnableCompression: true,
	}
	return func(w http.ResponseWriter, r *http.Request) {
		if mode == "reject" {
			w.Header().Set("WWW-Authenticate", "Bearer")
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		offered := websocket.Subprotocols(r)
		conn, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		query := [][2]string{}
		values := r.URL.Query()
		names := make([]string, 0, len(values))
		for name := range values {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			for _, value := range values[name] {
				query = append(query, [2]string{name, value})
			}
		}
		var queryError interface{}
		if _, err := url.ParseQuery(r.URL.RawQuery); err != nil {
			queryError = err.Error()
		}
		headers := [][2]string{}
		headerNames := make([]string, 0, len(r.Header))
		for name := range r.Header {
			headerNames = append(headerNames, name)
		}
		sort.Strings(headerNames)
		for _, name := range headerNames {
			for _, value := range r.Header[name] {
				headers = append(headers, [2]string{latin1(name), latin1(value)})
			}
		}
		host, portText, _ := net.SplitHostPort(r.RemoteAddr)
		port, _ := strconv.Atoi(portText)
		if offered == nil {
			offered = []string{}
		}
		emit(map[string]interface{}{
			"type": "connection",
			"native": map[string]interface{}{
				"mode": mode, "target": r.RequestURI, "path": r.URL.Path, "query": query,
				"queryError": queryError, "headers": headers, "host": r.Host, "offered": offered,
				"protocol": conn.Subprotocol(),
				"client":   map[string]interface{}{"address": host, "port": port},
			},
		})
		serve(conn, r.RequestURI)
	}
}

// serve echoes and obeys the server commands (src/child/protocol.ts) with gorilla's own API, reporting
// each event: a message, the *CloseError ReadMessage ends with (gorilla makes one with 1006 itself when
// TCP ends without a close frame), or any other error it ends with (then no close: gorilla has none).
// Its close is what a gorilla app writes: WriteControl(CloseMessage, FormatCloseMessage(code, reason))
// and a read deadline for the peer's answer (2 s, the Node servers' closeTimeoutMs).
func serve(conn *websocket.Conn, target string) {
	started := time.Now()
	report := func(event map[string]interface{}) {
		event["at"] = time.Since(started).Milliseconds()
		if _, has := event["readyState"]; !has {
			event["readyState"] = -1 // gorilla has no readyState
		}
		emit(map[string]interface{}{"type": "event", "attemptKey": lines.AttemptKey(target), "event": event})
	}
	failed := func(err error) {
		report(map[string]interface{}{"type": "error", "code": nil, "closeCode": nil, "message": err.Error()})
	}
	closeWith := func(code int, reason string) error {
		err := conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(time.Second))
		if err == nil {
			conn.SetReadDeadline(time.Now().Add(2 * time.Second))
		}
		return err
	}
	for {
		kind, data, err := conn.ReadMessage()
		if err != nil {
			var closeError *websocket.CloseError
			if errors.As(err, &closeError) {
				// gorilla reports no cleanliness (a CloseError has a code and a text only): wasClean null
				report(map[string]interface{}{"type": "close", "code": closeError.Code, "reason": closeError.Text,
					"wasClean": nil, "readyState": 3})
			} else {
				failed(err)
			}
			return
		}
		report(lines.MessageEvent(kind == websocket.TextMessage, data))
		if kind != websocket.TextMessage {
			conn.WriteMessage(kind, data)
			continue
		}
		text := string(data)
		emit(map[string]interface{}{"type": "message", "target": target, "text": text})
		if !strings.HasPrefix(text, "@@") {
			conn.WriteMessage(websocket.TextMessage, data)
			continue
		}
		// padded: every command has three parts (command, code, reason), the absent ones empty
		parts := strings.SplitN(text[2:]+"  ", " ", 3)
		code, _ := strconv.Atoi(parts[1])
		switch parts[0] {
		case "close":
			closeWith(code, strings.TrimSuffix(parts[2], "  "))
		case "close-invalid":
			if err := closeWith(code, ""); err != nil {
				conn.WriteMessage(websocket.TextMessage, []byte("threw "+err.Error()))
			} else if err := conn.WriteMessage(websocket.TextMessage, []byte("did not throw")); err != nil {
				failed(fmt.Errorf("WriteMessage after close(%d) failed: %w", code, err))
			}
		case "throw":
			panic("a server handler panics on purpose")
		}
	}
}

func main() {
	ports := map[string]int{}
	for _, mode := range []string{"main", "reject", "mismatch"} {
		listener, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			emit(map[string]interface{}{"type": "ready", "ports": nil, "info": lines.Info(err.Error())})
			return
		}
		ports[mode] = listener.Addr().(*net.TCPAddr).Port
		go http.Serve(listener, handler(mode))
	}
	emit(map[string]interface{}{"type": "ready", "ports": ports, "info": lines.Info(nil)})
	scanner := bufio.NewScanner(os.Stdin)
	for scanner.Scan() {
		var command struct{ Type string }
		if json.Unmarshal(scanner.Bytes(), &command) == nil && command.Type == "exit" {
			break
		}
	}
	os.Exit(0)
}
