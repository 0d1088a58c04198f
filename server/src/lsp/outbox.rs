//! stdout for the protocol, shared by the transport and the inbox.
//!
//! The transport writes its messages through an [`Outbox`]; the inbox sends
//! its answers to messages it could not deliver (see
//! [`super::inbox::Reader`]). Both reach stdout as whole frames through one
//! writer task, so an answer never lands inside another message. The
//! transport writes a frame in as many pieces as it likes, so the outbox
//! gathers the pieces back into frames by their `Content-Length` header,
//! which the transport always writes first.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::sync::{mpsc, Notify};
use tokio_util::sync::PollSender;

/// Frames waiting for stdout; past this the transport waits, as it would
/// on a full pipe.
const QUEUE: usize = 64;

/// The transport's end: an `AsyncWrite` that passes on whole frames.
pub struct Outbox {
    tx: PollSender<Vec<u8>>,
    /// Bytes of a frame not yet complete.
    partial: Vec<u8>,
    /// A complete frame the queue had no room for yet.
    ready: Option<Vec<u8>>,
}

/// The writer task, and how to stop it once everything is written.
pub struct Writer {
    stop: Arc<Notify>,
    task: tokio::task::JoinHandle<()>,
}

/// Starts the writer on `out`. Returns the transport's end, a sender for
/// other whole frames, and the writer.
pub fn spawn(
    out: impl AsyncWrite + Unpin + Send + 'static,
) -> (Outbox, mpsc::Sender<Vec<u8>>, Writer) {
    let (tx, rx) = mpsc::channel(QUEUE);
    let stop = Arc::new(Notify::new());
    let task = tokio::spawn(write_frames(rx, out, stop.clone()));
    let outbox = Outbox {
        tx: PollSender::new(tx.clone()),
        partial: Vec::new(),
        ready: None,
    };
    (outbox, tx, Writer { stop, task })
}

impl Writer {
    /// Writes every frame queued so far, flushes, and ends the task.
    pub async fn finish(self) {
        self.stop.notify_one();
        let _ = self.task.await;
    }
}

async fn write_frames(
    mut rx: mpsc::Receiver<Vec<u8>>,
    mut out: impl AsyncWrite + Unpin,
    stop: Arc<Notify>,
) {
    let mut stopping = false;
    loop {
        let frame = if stopping {
            rx.try_recv().ok()
        } else {
            tokio::select! {
                biased;
                frame = rx.recv() => frame,
                () = stop.notified() => {
                    stopping = true;
                    continue;
                }
            }
        };
        let Some(frame) = frame else {
            let _ = out.flush().await;
            return;
        };
        if let Err(e) = out.write_all(&frame).await {
            tracing::error!("writing stdout: {e}");
            return;
        }
        if rx.is_empty() {
            if let Err(e) = out.flush().await {
                tracing::error!("writing stdout: {e}");
                return;
            }
        }
    }
}

/// The length of the frame at the start of `buf`, once its header is
/// complete.
fn frame_len(buf: &[u8]) -> Option<usize> {
    let end = memchr::memmem::find(buf, b"\r\n\r\n")?;
    let headers = std::str::from_utf8(&buf[..end]).ok()?;
    let len = headers
        .split("\r\n")
        .find_map(|h| h.strip_prefix("Content-Length:"))?
        .trim()
        .parse::<usize>()
        .ok()?;
    Some(end + 4 + len)
}

impl Outbox {
    /// Queues the complete frame in `ready`, if any; `Pending` while the
    /// queue is full.
    fn poll_send(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let Some(frame) = self.ready.take() else {
            return Poll::Ready(Ok(()));
        };
        match self.tx.poll_reserve(cx) {
            Poll::Ready(Ok(())) => {
                self.tx
                    .send_item(frame)
                    .map_err(|_| std::io::ErrorKind::BrokenPipe)?;
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(_)) => Poll::Ready(Err(std::io::ErrorKind::BrokenPipe.into())),
            Poll::Pending => {
                self.ready = Some(frame);
                Poll::Pending
            }
        }
    }
}

impl AsyncWrite for Outbox {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = &mut *self;
        std::task::ready!(this.poll_send(cx))?;
        this.partial.extend_from_slice(buf);
        if let Some(len) = frame_len(&this.partial) {
            if this.partial.len() >= len {
                let rest = this.partial.split_off(len);
                this.ready = Some(std::mem::replace(&mut this.partial, rest));
                // Taken already; the frame goes out on the next write or
                // flush if the queue is full now.
                let _ = this.poll_send(cx)?;
            }
        }
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let this = &mut *self;
        loop {
            std::task::ready!(this.poll_send(cx))?;
            // More whole frames may wait in `partial` (the transport can
            // write several in one piece).
            match frame_len(&this.partial) {
                Some(len) if this.partial.len() >= len => {
                    let rest = this.partial.split_off(len);
                    this.ready = Some(std::mem::replace(&mut this.partial, rest));
                }
                _ => return Poll::Ready(Ok(())),
            }
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        self.poll_flush(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> Vec<u8> {
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    /// An `AsyncWrite` into a shared buffer.
    #[derive(Clone, Default)]
    struct Sink(Arc<std::sync::Mutex<Vec<u8>>>);

    impl AsyncWrite for Sink {
        fn poll_write(
            self: Pin<&mut Self>,
            _: &mut Context<'_>,
            buf: &[u8],
        ) -> Poll<std::io::Result<usize>> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Poll::Ready(Ok(buf.len()))
        }
        fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
            Poll::Ready(Ok(()))
        }
        fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
            Poll::Ready(Ok(()))
        }
    }

    #[tokio::test]
    async fn frames_written_in_pieces_arrive_whole_with_answers_between_them() {
        let sink = Sink::default();
        let (mut outbox, answers, writer) = spawn(sink.clone());
        let a = frame(r#"{"jsonrpc":"2.0","id":1,"result":null}"#);
        let b = frame(
            r#"{"jsonrpc":"2.0","method":"window/logMessage","params":{"type":3,"message":"é"}}"#,
        );
        let answer = frame(r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"x"}}"#);
        // The first frame in two pieces with an answer sent between them,
        // and the second frame in the same piece as the end of the first.
        outbox.write_all(&a[..10]).await.unwrap();
        answers.send(answer.clone()).await.unwrap();
        let mut rest = a[10..].to_vec();
        rest.extend_from_slice(&b);
        outbox.write_all(&rest).await.unwrap();
        outbox.flush().await.unwrap();
        drop(outbox);
        writer.finish().await;
        let written = sink.0.lock().unwrap().clone();
        let expected = [answer.clone(), a.clone(), b.clone()].concat();
        assert_eq!(written, expected);
    }
}
