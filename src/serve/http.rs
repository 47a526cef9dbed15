//! A small HTTP/1.1 server for the build dir: static files, the site-url
//! prefix, the site's 404 page, and a server-sent-events channel that tells
//! open tabs to reload. Loopback by default; nothing outside the build dir is
//! ever served (`..`, encoded traversal and symlinks leading out answer 404).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Path of the reload event stream and script; never a site path (sites
/// cannot produce a top-level `__factbook` folder).
pub const EVENTS_PATH: &str = "/__factbook/events";
const SCRIPT_PATH: &str = "/__factbook/reload.js";
const RELOAD_JS: &str = include_str!("reload.js");

/// What every connection thread shares.
pub struct Shared {
    /// Served folder.
    pub root: PathBuf,
    /// Site-url path prefix (`/` or `/my-repo/`).
    pub base_path: String,
    /// Open event streams.
    clients: Mutex<Vec<TcpStream>>,
    /// Rendered diagnostics of the last failed build, shown as an overlay.
    error: Mutex<Option<String>>,
}

impl Shared {
    /// State for serving `root` under `base_path`.
    pub fn new(root: PathBuf, base_path: String) -> Arc<Shared> {
        Arc::new(Shared {
            root,
            base_path,
            clients: Mutex::new(Vec::new()),
            error: Mutex::new(None),
        })
    }

    /// Sends one event to every open tab, dropping tabs that went away.
    pub fn broadcast(&self, event: &str, data: &str) {
        let mut message = format!("event: {event}\n");
        for line in data.lines() {
            message.push_str("data: ");
            message.push_str(line);
            message.push('\n');
        }
        if data.is_empty() {
            message.push_str("data: \n");
        }
        message.push('\n');
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        clients.retain_mut(|s| s.write_all(message.as_bytes()).and_then(|()| s.flush()).is_ok());
    }

    /// Records the current build error (or its absence) and tells the tabs.
    pub fn set_error(&self, error: Option<String>) {
        *self.error.lock().unwrap_or_else(|p| p.into_inner()) = error.clone();
        if let Some(text) = error {
            self.broadcast("build-error", &text);
        }
    }

    fn current_error(&self) -> Option<String> {
        self.error.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

/// Accepts connections until the process ends; one thread per connection.
pub fn run(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            let _ = handle(stream, &shared);
        });
    }
}

fn handle(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            405,
            "text/plain; charset=utf-8",
            b"method not allowed",
            method == "HEAD",
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    if path == EVENTS_PATH {
        stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n")?;
        stream.flush()?;
        stream.set_read_timeout(None)?;
        // A tab that stops reading must not stall the rebuild loop's broadcast.
        stream.set_write_timeout(Some(Duration::from_secs(2)))?;
        if let Some(err) = shared.current_error() {
            let mut s = stream.try_clone()?;
            let body: String = err.lines().map(|l| format!("data: {l}\n")).collect();
            s.write_all(format!("event: build-error\n{body}\n").as_bytes())?;
        }
        shared.clients.lock().unwrap_or_else(|p| p.into_inner()).push(stream);
        return Ok(());
    }
    if path == SCRIPT_PATH {
        return respond(
            &mut stream,
            200,
            "text/javascript; charset=utf-8",
            RELOAD_JS.as_bytes(),
            method == "HEAD",
        );
    }
    let head = method == "HEAD";
    match resolve(&shared.root, &shared.base_path, path) {
        Resolved::File(file) => {
            let bytes = std::fs::read(&file)?;
            let mime = content_type(&file);
            let body = if mime.starts_with("text/html") {
                inject(&bytes, shared.current_error().as_deref())
            } else {
                bytes
            };
            respond(&mut stream, 200, mime, &body, head)
        }
        Resolved::Redirect(to) => {
            let msg = format!(
                "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            stream.write_all(msg.as_bytes())
        }
        Resolved::NotFound => {
            let page = std::fs::read(shared.root.join("404.html"))
                .unwrap_or_else(|_| b"<h1>404 Not Found</h1>".to_vec());
            let body = inject(&page, shared.current_error().as_deref());
            respond(&mut stream, 404, "text/html; charset=utf-8", &body, head)
        }
    }
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    mime: &str,
    body: &[u8],
    head: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "",
    };
    let header = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A file inside the served root.
    File(PathBuf),
    /// A redirect (to the site-url prefix, or to add a trailing slash).
    Redirect(String),
    /// Nothing to serve.
    NotFound,
}

/// Maps a request path to a file under `root`, honouring the site-url prefix.
pub fn resolve(root: &Path, base_path: &str, path: &str) -> Resolved {
    let Some(decoded) = percent_decode(path) else { return Resolved::NotFound };
    let Some(inner) = decoded.strip_prefix(base_path) else {
        return if decoded == "/" || decoded.is_empty() || format!("{decoded}/") == base_path {
            Resolved::Redirect(base_path.to_string())
        } else {
            Resolved::NotFound
        };
    };
    let mut rel = PathBuf::new();
    for seg in inner.split('/') {
        match seg {
            "" | "." => {}
            ".." => return Resolved::NotFound,
            s if s.contains(['\\', '\0']) || s.contains(':') => return Resolved::NotFound,
            s => rel.push(s),
        }
    }
    let mut file = root.join(&rel);
    if file.is_dir() {
        if !inner.is_empty() && !inner.ends_with('/') {
            return Resolved::Redirect(format!("{decoded}/"));
        }
        file = file.join("index.html");
    }
    // Symlinks must not lead out of the served root.
    match (file.canonicalize(), root.canonicalize()) {
        (Ok(real), Ok(real_root)) if real.starts_with(&real_root) && real.is_file() => {
            Resolved::File(real)
        }
        _ => Resolved::NotFound,
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Adds the reload script (and the error overlay, if any) before `</body>`.
/// Only the dev server does this; built files never contain it.
fn inject(html: &[u8], error: Option<&str>) -> Vec<u8> {
    let mut snippet = format!("<script src=\"{SCRIPT_PATH}\"></script>");
    if let Some(err) = error {
        snippet.push_str(&overlay_html(err));
    }
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{snippet}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{snippet}").into_bytes(),
    }
}

/// The overlay markup; reload.js builds the same element for live errors.
fn overlay_html(err: &str) -> String {
    let escaped = crate::render::markdown::escape(err);
    format!(
        "<div id=\"factbook-error-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:99999;background:rgba(20,20,20,.92);color:#ffd7d7;overflow:auto;padding:2rem;font:14px/1.5 monospace\"><strong>factbook: the last edit broke the build; showing the last good version.</strong><pre style=\"white-space:pre-wrap\">{escaped}</pre></div>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_inside_root_only() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("book");
        std::fs::create_dir_all(root.join("companies")).unwrap();
        std::fs::write(root.join("index.html"), "i").unwrap();
        std::fs::write(root.join("companies/a b.html"), "a").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        let real = |p: &str| Resolved::File(root.join(p).canonicalize().unwrap());
        assert_eq!(resolve(&root, "/", "/"), real("index.html"));
        assert_eq!(resolve(&root, "/", "/companies/a%20b.html"), real("companies/a b.html"));
        assert_eq!(resolve(&root, "/", "/companies"), Resolved::Redirect("/companies/".into()));
        assert_eq!(resolve(&root, "/", "/../secret.txt"), Resolved::NotFound);
        assert_eq!(resolve(&root, "/", "/%2e%2e/secret.txt"), Resolved::NotFound);
        assert_eq!(resolve(&root, "/", "/companies/..%2f..%2fsecret.txt"), Resolved::NotFound);
        assert_eq!(resolve(&root, "/", "/nope.html"), Resolved::NotFound);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt"))
                .unwrap();
            assert_eq!(resolve(&root, "/", "/link.txt"), Resolved::NotFound);
        }
    }

    #[test]
    fn honours_the_site_url_prefix() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "i").unwrap();
        assert_eq!(resolve(dir.path(), "/repo/", "/"), Resolved::Redirect("/repo/".into()));
        assert_eq!(resolve(dir.path(), "/repo/", "/repo"), Resolved::Redirect("/repo/".into()));
        assert!(matches!(resolve(dir.path(), "/repo/", "/repo/"), Resolved::File(_)));
        assert_eq!(resolve(dir.path(), "/repo/", "/index.html"), Resolved::NotFound);
    }

    #[test]
    fn injects_script_before_body_end() {
        let out = String::from_utf8(inject(b"<html><body>x</body></html>", None)).unwrap();
        assert_eq!(
            out,
            format!("<html><body>x<script src=\"{SCRIPT_PATH}\"></script></body></html>")
        );
        let out = String::from_utf8(inject(b"<body></body>", Some("a <b>"))).unwrap();
        assert!(out.contains("factbook-error-overlay") && out.contains("a &lt;b&gt;"));
    }
}
