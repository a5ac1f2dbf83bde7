//! Accepting connections so that idle or slow clients cannot lock others out: each client
//! has `HEADER_TIMEOUT` to send a request's headers and a deadline for the whole request,
//! its body included (a body trickled a byte at a time ends there), and at most
//! `MAX_CONNECTIONS` are open at once — a new one beyond that closes the connection idle the longest (one that
//! has not sent a whole request, or is kept alive between requests), never one whose
//! request is being answered. Without these, a thousand half-sent requests held every file
//! descriptor of a process with the usual limit of 1,024 and no one else got in.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::task::AbortHandle;
use tower::ServiceExt;

/// How long a client may take to send a request's headers.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How long one request may take, its body read and its answer made, unless the options
/// say otherwise: far beyond a 60 MB upload on a slow link or a report laid out as PDF.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// Connections open at once: below the common limit of 1,024 file descriptors, with room
/// for the database and the log.
pub const MAX_CONNECTIONS: usize = 800;

/// Connections not being answered (before their first request or between requests),
/// idle the longest first.
#[derive(Default)]
struct Waiting {
    connections: Mutex<VecDeque<(u64, AbortHandle)>>,
}

impl Waiting {
    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<(u64, AbortHandle)>> {
        self.connections.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn remove(&self, id: u64) {
        self.lock().retain(|(other, _)| *other != id);
    }

    fn add(&self, id: u64, task: &OnceLock<AbortHandle>) {
        if let Some(task) = task.get()
            && !task.is_finished()
        {
            self.lock().push_back((id, task.clone()));
        }
    }

    /// Closes the oldest connection still waiting for its request, if any.
    fn close_oldest(&self) {
        if let Some((_, task)) = self.lock().pop_front() {
            task.abort();
        }
    }
}

/// Held by a connection's task: when the task ends or is aborted, the count drops.
struct Open {
    id: u64,
    open: Arc<AtomicUsize>,
    waiting: Arc<Waiting>,
}

impl Drop for Open {
    fn drop(&mut self) {
        self.open.fetch_sub(1, Ordering::Relaxed);
        self.waiting.remove(self.id);
    }
}

/// Serves `app` on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, app: Router, request_timeout: Duration) -> std::io::Result<()> {
    let open = Arc::new(AtomicUsize::new(0));
    let waiting = Arc::new(Waiting::default());
    for id in 0u64.. {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            // Out of descriptors (or another passing failure): make room and go on.
            Err(_) => {
                waiting.close_oldest();
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        if open.fetch_add(1, Ordering::Relaxed) >= MAX_CONNECTIONS {
            waiting.close_oldest();
        }
        let guard = Open { id, open: Arc::clone(&open), waiting: Arc::clone(&waiting) };
        let handle: Arc<OnceLock<AbortHandle>> = Arc::default();
        let (app, served, own) = (app.clone(), Arc::clone(&waiting), Arc::clone(&handle));
        let service = hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
            served.remove(id);
            request.extensions_mut().insert(ConnectInfo(peer));
            let (app, served, own) = (app.clone(), Arc::clone(&served), Arc::clone(&own));
            async move {
                let answered = tokio::time::timeout(request_timeout, app.oneshot(request.map(axum::body::Body::new))).await;
                served.add(id, &own);
                // Past the deadline the request is dropped with its body, and the client told.
                answered.unwrap_or_else(|_| {
                    let mut late = axum::response::Response::new(axum::body::Body::from("请求超时"));
                    *late.status_mut() = axum::http::StatusCode::REQUEST_TIMEOUT;
                    late.headers_mut().insert(axum::http::header::CONNECTION, axum::http::HeaderValue::from_static("close"));
                    Ok(late)
                })
            }
        });
        let task = tokio::spawn(async move {
            let _guard = guard;
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service);
            // A client that goes away mid-request is its own business, not the server's.
            let _ = connection.await;
        });
        let _ = handle.set(task.abort_handle());
        waiting.add(id, &handle);
    }
    Ok(())
}
