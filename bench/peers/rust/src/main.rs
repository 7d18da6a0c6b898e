//! Rust httparse over bench/corpus, printing bench/run.sh's JSON lines.
//! A full message is the head plus its body framing: Content-Length skipped
//! by count, chunked walked with httparse's own chunk-size parser and the
//! trailers parsed as headers, as a server built on httparse has to.
use std::hint::black_box;
use std::time::Instant;

fn content_length(headers: &[httparse::Header]) -> Option<usize> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("content-length"))
        .and_then(|h| std::str::from_utf8(h.value).ok()?.trim().parse().ok())
}

fn is_chunked(headers: &[httparse::Header]) -> bool {
    headers.iter().any(|h| {
        h.name.eq_ignore_ascii_case("transfer-encoding") && h.value.eq_ignore_ascii_case(b"chunked")
    })
}

/// Parses one request at buf; returns its length.
fn request(buf: &[u8]) -> usize {
    let mut headers = [httparse::EMPTY_HEADER; 32];
    let mut req = httparse::Request::new(&mut headers);
    match req.parse(buf) {
        Ok(httparse::Status::Complete(n)) => {
            black_box(&req);
            n + content_length(req.headers).unwrap_or(0)
        }
        _ => panic!("request did not parse"),
    }
}

fn chunked_body(buf: &[u8]) -> usize {
    let mut at = 0;
    loop {
        let (n, size) = match httparse::parse_chunk_size(&buf[at..]) {
            Ok(httparse::Status::Complete(v)) => v,
            _ => panic!("bad chunk size"),
        };
        at += n;
        if size == 0 {
            let mut trailers = [httparse::EMPTY_HEADER; 16];
            match httparse::parse_headers(&buf[at..], &mut trailers) {
                Ok(httparse::Status::Complete((n, t))) => {
                    black_box(t);
                    return at + n;
                }
                _ => panic!("bad trailers"),
            }
        }
        black_box(&buf[at..at + size as usize]);
        at += size as usize;
        assert!(&buf[at..at + 2] == b"\r\n");
        at += 2;
    }
}

fn response(buf: &[u8]) -> usize {
    let mut headers = [httparse::EMPTY_HEADER; 32];
    let mut resp = httparse::Response::new(&mut headers);
    match resp.parse(buf) {
        Ok(httparse::Status::Complete(n)) => {
            black_box(&resp);
            if is_chunked(resp.headers) {
                n + chunked_body(&buf[n..])
            } else {
                let len = content_length(resp.headers).unwrap_or(0);
                black_box(&buf[n..n + len]);
                n + len
            }
        }
        _ => panic!("response did not parse"),
    }
}

fn run(buf: &[u8], msgs: usize, is_request: bool) -> usize {
    let mut at = 0;
    for _ in 0..msgs {
        at += if is_request { request(&buf[at..]) } else { response(&buf[at..]) };
    }
    assert_eq!(at, buf.len());
    at
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = &args[1];
    let target_ns: f64 = args.get(2).map(|s| s.parse().unwrap()).unwrap_or(40.0) * 1e6;
    let cases = [
        ("a", "a_minimal_get.http", 1, true),
        ("b", "b_browser_get.http", 1, true),
        ("c", "c_response_1k.http", 1, false),
        ("d", "d_chunked.http", 1, false),
        ("e", "e_pipelined32.http", 32, true),
    ];
    for (name, file, msgs, is_request) in cases {
        let buf = std::fs::read(format!("{dir}/{file}")).expect("corpus");
        run(&buf, msgs, is_request);
        let mut iters = 1usize;
        let ns = loop {
            let t0 = Instant::now();
            for _ in 0..iters {
                black_box(run(black_box(&buf), msgs, is_request));
            }
            let ns = t0.elapsed().as_nanos() as f64;
            if ns >= target_ns {
                break ns;
            }
            iters = if ns < target_ns / 64.0 { iters * 16 } else { (iters as f64 * target_ns / ns) as usize + 1 };
        };
        println!(
            "{{\"impl\": \"Rust httparse\", \"case\": \"{name}\", \"path\": \"receive\", \"ns_per_msg\": {:.2}, \"bytes_per_msg\": {:.1}, \"msgs\": {}}}",
            ns / (iters * msgs) as f64,
            buf.len() as f64 / msgs as f64,
            iters * msgs
        );
    }
}
