// Go net/http over bench/corpus, printing bench/run.sh's JSON lines: the
// standard library's http.ReadRequest / http.ReadResponse with the body read
// to the end, which is what a Go server or client does for every message.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"time"
)

func run(buf []byte, msgs int, request bool, br *bufio.Reader, rd *bytes.Reader) {
	rd.Reset(buf)
	br.Reset(rd)
	for i := 0; i < msgs; i++ {
		var body io.ReadCloser
		if request {
			req, err := http.ReadRequest(br)
			if err != nil {
				panic(err)
			}
			body = req.Body
		} else {
			resp, err := http.ReadResponse(br, nil)
			if err != nil {
				panic(err)
			}
			body = resp.Body
		}
		if _, err := io.Copy(io.Discard, body); err != nil {
			panic(err)
		}
		body.Close()
	}
}

func main() {
	dir := os.Args[1]
	targetMs := 40.0
	if len(os.Args) > 2 {
		targetMs, _ = strconv.ParseFloat(os.Args[2], 64)
	}
	target := targetMs * 1e6
	cases := []struct {
		name, file string
		msgs       int
		request    bool
	}{
		{"a", "a_minimal_get.http", 1, true},
		{"b", "b_browser_get.http", 1, true},
		{"c", "c_response_1k.http", 1, false},
		{"d", "d_chunked.http", 1, false},
		{"e", "e_pipelined32.http", 32, true},
	}
	for _, c := range cases {
		buf, err := os.ReadFile(dir + "/" + c.file)
		if err != nil {
			panic(err)
		}
		rd := bytes.NewReader(buf)
		br := bufio.NewReaderSize(rd, 64*1024)
		run(buf, c.msgs, c.request, br, rd)
		iters := 1
		var ns float64
		for {
			t0 := time.Now()
			for i := 0; i < iters; i++ {
				run(buf, c.msgs, c.request, br, rd)
			}
			ns = float64(time.Since(t0).Nanoseconds())
			if ns >= target {
				break
			}
			if ns < target/64 {
				iters *= 16
			} else {
				iters = int(float64(iters)*target/ns) + 1
			}
		}
		fmt.Printf("{\"impl\": \"Go net/http\", \"case\": \"%s\", \"path\": \"receive\", \"ns_per_msg\": %.2f, \"bytes_per_msg\": %.1f, \"msgs\": %d}\n",
			c.name, ns/float64(iters*c.msgs), float64(len(buf))/float64(c.msgs), iters*c.msgs)
	}
}
