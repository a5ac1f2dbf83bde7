//! A minimal HTTP/1.1 client for the workbench tests: one connection per request, the
//! cookies the server sets kept, forms posted as a browser posts them.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

/// A response: status, headers (lower-cased names), body.
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// The headers, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body, as text.
    pub body: String,
    /// The body as sent (a download's bytes).
    pub bytes: Vec<u8>,
}

impl Reply {
    /// The value of header `name` (lower-case), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The value of the hidden `csrf` field of the page.
    pub fn csrf(&self) -> String {
        let at = self.body.find("name=\"csrf\" value=\"").expect("a form with a CSRF token") + "name=\"csrf\" value=\"".len();
        self.body[at..].split('"').next().unwrap().to_owned()
    }
}

/// A client keeping the cookies the server sets.
pub struct Browser {
    /// The server.
    pub addr: SocketAddr,
    /// The cookies set so far, by name.
    pub cookies: Vec<(String, String)>,
    /// The address it connects from (a loopback one: 127.0.0.2 is another client of a
    /// server on 127.0.0.1), if not the system's choice.
    pub from: Option<std::net::IpAddr>,
    /// Headers sent with every request (`X-Forwarded-For`, as a proxy adds it).
    pub headers: Vec<(String, String)>,
}

/// `pairs` as an `application/x-www-form-urlencoded` body.
pub fn form_encode(pairs: &[(&str, &str)]) -> String {
    let encode = |s: &str| {
        s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect::<String>()
    };
    pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

impl Browser {
    /// A client with no cookies yet.
    pub fn new(addr: SocketAddr) -> Browser {
        Browser { addr, cookies: Vec::new(), from: None, headers: Vec::new() }
    }

    /// A client with no cookies yet, connecting from `from`.
    pub fn from(addr: SocketAddr, from: &str) -> Browser {
        Browser { addr, cookies: Vec::new(), from: Some(from.parse().expect("an IP address")), headers: Vec::new() }
    }

    fn connect(&self) -> std::io::Result<TcpStream> {
        let Some(from) = self.from else { return TcpStream::connect(self.addr) };
        let socket = socket2::Socket::new(socket2::Domain::for_address(self.addr), socket2::Type::STREAM, None)?;
        socket.bind(&SocketAddr::new(from, 0).into())?;
        socket.connect(&self.addr.into())?;
        Ok(socket.into())
    }

    /// Sends a form-encoded `body`.
    pub fn request(&mut self, method: &str, path: &str, body: &str) -> Reply {
        self.send(method, path, "application/x-www-form-urlencoded", body.as_bytes())
    }

    /// Sends `body` as `content_type`, keeping the cookies set; panics if the server is gone.
    pub fn send(&mut self, method: &str, path: &str, content_type: &str, body: &[u8]) -> Reply {
        self.try_send(method, path, content_type, body).unwrap()
    }

    /// [`Browser::send`], failing rather than panicking when the server is gone.
    pub fn try_send(&mut self, method: &str, path: &str, content_type: &str, body: &[u8]) -> std::io::Result<Reply> {
        let mut stream = self.connect()?;
        let cookie = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
        let extra: String = self.headers.iter().map(|(name, value)| format!("{name}: {value}\r\n")).collect();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nCookie: {cookie}\r\n{extra}\
             Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            self.addr,
            body.len()
        );
        stream.write_all(head.as_bytes())?;
        stream.write_all(body)?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw)?;
        let broken = || std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "an incomplete answer");
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(broken)?;
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let bytes = raw[split + 4..].to_vec();
        let mut lines = head.lines();
        let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).ok_or_else(broken)?;
        let headers: Vec<(String, String)> = lines.filter_map(|l| l.split_once(": ")).map(|(k, v)| (k.to_lowercase(), v.to_owned())).collect();
        for (_, value) in headers.iter().filter(|(k, _)| k == "set-cookie") {
            let (name, rest) = value.split_once('=').unwrap();
            let v = rest.split(';').next().unwrap().to_owned();
            self.cookies.retain(|(k, _)| k != name);
            if !v.is_empty() {
                self.cookies.push((name.to_owned(), v));
            }
        }
        Ok(Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned(), bytes })
    }

    /// `GET path`.
    pub fn get(&mut self, path: &str) -> Reply {
        self.request("GET", path, "")
    }

    /// Posts `pairs` as a form.
    pub fn post(&mut self, path: &str, pairs: &[(&str, &str)]) -> Reply {
        self.request("POST", path, &form_encode(pairs))
    }

    /// Posts a file as a browser's `<input type="file">` form would (multipart/form-data).
    pub fn upload(&mut self, path: &str, csrf: &str, field: &str, file_name: &str, content: &[u8]) -> Reply {
        let boundary = "dudao-test-boundary-7d1f";
        let mut body = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n").into_bytes();
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .bytes(),
        );
        body.extend_from_slice(content);
        body.extend(format!("\r\n--{boundary}--\r\n").bytes());
        self.send("POST", path, &format!("multipart/form-data; boundary={boundary}"), &body)
    }

    /// The value of the hidden field `name` of the page.
    pub fn hidden(reply: &Reply, name: &str) -> String {
        let marker = format!("name=\"{name}\" value=\"");
        let at = reply.body.find(&marker).unwrap_or_else(|| panic!("a hidden {name}: {}", reply.body)) + marker.len();
        reply.body[at..].split('"').next().unwrap().to_owned()
    }

    /// Logs in through the login form.
    pub fn login(&mut self, name: &str, password: &str) -> Reply {
        let csrf = self.get("/login").csrf();
        self.post("/login", &[("name", name), ("password", password), ("csrf", &csrf)])
    }
}
