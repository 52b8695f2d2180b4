//! `kiwix-serve` search latency on loopback: start the server on a free `127.0.0.1` port with one archive,
//! wait until it answers, run the query set against its full-text search page over one keep-alive connection
//! with a minimal HTTP/1.1 client, then stop the server (only the process started here, by its id).
//!
//! Each request is timed from sending it to having read the whole page (20 results with snippets).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::BoxResult;

/// Results per page, as for every other search measured.
const PAGE: usize = 20;

/// What the search pass measured.
#[derive(Debug, Clone, Default)]
pub(crate) struct ServeLatency {
    /// Wall time of every timed request, in milliseconds.
    pub(crate) wall_ms: Vec<f64>,
    /// Queries whose page said there was no result (in the warm-up pass).
    pub(crate) zero_hit_queries: usize,
    /// From starting the server to its first answer, in milliseconds.
    pub(crate) startup_ms: f64,
    /// Mean size of a search page, in bytes.
    pub(crate) mean_page_bytes: f64,
    /// The server's peak resident memory (`VmHWM`) at the end, in KiB.
    pub(crate) server_peak_kib: u64,
}

/// Kills the server when dropped, whatever happened.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs the warm-up pass and `reps` timed passes against `zim` served by `kiwix-serve`; `None` past `cap`.
pub(crate) fn measure(
    zim: &Path,
    queries: &[&str],
    reps: usize,
    cap: Duration,
) -> BoxResult<Option<ServeLatency>> {
    let started = Instant::now();
    let name = zim.file_stem().and_then(|it| it.to_str()).ok_or("archive name")?.to_owned();
    let port = free_port()?;
    let child = Command::new("kiwix-serve")
        .args(["-i", "127.0.0.1", "-p", &port.to_string()])
        .arg(zim)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|err| format!("cannot start kiwix-serve: {err}"))?;
    let mut server = Server(child);
    let mut conn = loop {
        if let Ok(mut conn) = Connection::open(port)
            && conn.get("/").is_ok()
        {
            break conn;
        }
        if let Some(status) = server.0.try_wait()? {
            return Err(format!("kiwix-serve exited at start-up ({status})").into());
        }
        if started.elapsed() > Duration::from_secs(120) {
            return Err("kiwix-serve did not answer within 2 minutes".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut res = ServeLatency {
        startup_ms: started.elapsed().as_secs_f64() * 1e3,
        ..ServeLatency::default()
    };
    let path_for = |query: &str| {
        format!("/search?content={}&pattern={}&pageLength={PAGE}", encode(&name), encode(query))
    };
    for query in queries {
        let (status, body) = conn.get(&path_for(query))?;
        if status == 404 || (status == 200 && contains(&body, b"No results were found")) {
            res.zero_hit_queries += 1;
        } else if status != 200 {
            return Err(format!("kiwix-serve answered {status} to {}", path_for(query)).into());
        }
    }
    if res.zero_hit_queries == queries.len() {
        return Err(
            "kiwix-serve found nothing for any query; is the search URL right for this version?"
                .into(),
        );
    }
    let mut bytes = 0usize;
    for _ in 0..reps {
        for query in queries {
            if started.elapsed() > cap {
                return Ok(None);
            }
            let path = path_for(query);
            let start = Instant::now();
            let (_, body) = conn.get(&path)?;
            res.wall_ms.push(start.elapsed().as_secs_f64() * 1e3);
            bytes += body.len();
        }
    }
    res.mean_page_bytes = bytes as f64 / res.wall_ms.len().max(1) as f64;
    res.server_peak_kib = vm_hwm_kib(server.0.id()).unwrap_or(0);
    drop(conn);
    let _ = server.0.kill();
    let _ = server.0.wait();
    Ok(Some(res))
}

/// A port that was free on 127.0.0.1 a moment ago.
fn free_port() -> BoxResult<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find_map(|it| it.strip_prefix("VmHWM:"))?;
    line.trim().trim_end_matches("kB").trim().parse().ok()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|it| it == needle)
}

/// Percent-encodes everything but unreserved characters; spaces become `%20`.
fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// One keep-alive HTTP/1.1 connection to 127.0.0.1, reopened when the server closes it.
struct Connection {
    port: u16,
    reader: BufReader<TcpStream>,
}

impl Connection {
    fn open(port: u16) -> BoxResult<Connection> {
        let stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port))?;
        stream.set_read_timeout(Some(Duration::from_secs(300)))?;
        stream.set_nodelay(true)?;
        Ok(Connection { port, reader: BufReader::new(stream) })
    }

    /// GET `path`; the status and the whole body (Content-Length, chunked, or up to the close).
    fn get(&mut self, path: &str) -> BoxResult<(u16, Vec<u8>)> {
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAccept-Encoding: identity\r\n\r\n",
            self.port
        );
        self.reader.get_mut().write_all(request.as_bytes())?;
        let mut line = String::new();
        if self.reader.read_line(&mut line)? == 0 {
            // The server closed the idle connection: reconnect once and retry.
            *self = Connection::open(self.port)?;
            self.reader.get_mut().write_all(request.as_bytes())?;
            self.reader.read_line(&mut line)?;
        }
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|it| it.parse().ok())
            .ok_or_else(|| format!("bad status line `{}`", line.trim()))?;
        let (mut length, mut chunked, mut close) = (None, false, false);
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            let Some((name, value)) = header.split_once(':') else { continue };
            let value = value.trim().to_ascii_lowercase();
            match name.trim().to_ascii_lowercase().as_str() {
                "content-length" => length = value.parse::<usize>().ok(),
                "transfer-encoding" => chunked = value.contains("chunked"),
                "connection" => close = value.contains("close"),
                _ => {}
            }
        }
        let mut body = Vec::new();
        if chunked {
            loop {
                line.clear();
                self.reader.read_line(&mut line)?;
                let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or("0"), 16)?;
                if size == 0 {
                    // Trailers, then the blank line.
                    loop {
                        line.clear();
                        if self.reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
                            break;
                        }
                    }
                    break;
                }
                let start = body.len();
                body.resize(start + size, 0);
                self.reader.read_exact(&mut body[start..])?;
                line.clear();
                self.reader.read_line(&mut line)?;
            }
        } else if let Some(length) = length {
            body.resize(length, 0);
            self.reader.read_exact(&mut body)?;
        } else {
            self.reader.read_to_end(&mut body)?;
            close = true;
        }
        if close {
            *self = Connection::open(self.port)?;
        }
        Ok((status, body))
    }
}

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn queries_are_percent_encoded() {
        assert_eq!(encode("can't sleep"), "can%27t%20sleep");
    }
}
