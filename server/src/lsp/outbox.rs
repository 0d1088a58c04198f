//! stdout for the protocol, shared by the transport and the inbox.
//!
//! The transport writes its messages through an [`Outbox`]; the inbox sends
//! its answers to messages it could not deliver (see
//! [`super::inbox::Reader`]). Both reach stdout as whole frames through one
//! writer thread, so an answer never lands inside another message. The
//! transport writes a frame in as many pieces as it likes, so the outbox
//! gathers the pieces back into frames by their `Content-Length` header,
//! which the transport always writes first.

use std::io::Write;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::AsyncWrite;
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::PollSender;

/// Frames waiting for stdout; past this the transport waits, as it would
/// on a full pipe.
const QUEUE: usize = 64;

/// What stdout's pipe is asked to hold on Linux: a megabyte, the most an
/// unprivileged process may ask for by default (`/proc/sys/fs/pipe-max-size`).
#[cfg(target_os = "linux")]
const PIPE_BYTES: usize = 1 << 20;

/// A whole frame for stdout.
pub enum Frame {
    Bytes(Vec<u8>),
    /// A frame whose middle is kept elsewhere, written from there: a
    /// publish on a document with thousands of findings is a megabyte of
    /// kept JSON, and copying it into a frame of its own cost an allocation
    /// the size of it (fresh pages, on every keystroke) and the copy.
    Parts {
        head: Vec<u8>,
        middle: Box<dyn Pieces>,
        tail: Vec<u8>,
    },
}

/// Bytes kept elsewhere, in one piece or several, written from there.
pub trait Pieces: Send {
    /// Appends the pieces to `out`, in order.
    fn pieces<'a>(&'a self, out: &mut Vec<&'a [u8]>);

    /// How many bytes the pieces hold.
    fn byte_len(&self) -> usize {
        let mut all = Vec::new();
        self.pieces(&mut all);
        all.iter().map(|p| p.len()).sum()
    }
}

impl Pieces for Vec<u8> {
    fn pieces<'a>(&'a self, out: &mut Vec<&'a [u8]>) {
        out.push(self);
    }
}

/// Bytes kept behind an `Arc`, as a frame's middle.
pub struct Shared(pub std::sync::Arc<Vec<u8>>);

impl Pieces for Shared {
    fn pieces<'a>(&'a self, out: &mut Vec<&'a [u8]>) {
        out.push(&self.0);
    }
}

impl From<Vec<u8>> for Frame {
    fn from(bytes: Vec<u8>) -> Frame {
        Frame::Bytes(bytes)
    }
}

impl Frame {
    fn pieces(&self) -> Vec<&[u8]> {
        match self {
            Frame::Bytes(b) => vec![b],
            Frame::Parts { head, middle, tail } => {
                let mut out = vec![&head[..]];
                middle.pieces(&mut out);
                out.push(tail);
                out
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.pieces().iter().all(|p| p.is_empty())
    }

    /// The frame's bytes, joined.
    pub fn to_vec(&self) -> Vec<u8> {
        self.pieces().concat()
    }
}

/// The transport's end: an `AsyncWrite` that passes on whole frames.
pub struct Outbox {
    tx: PollSender<Frame>,
    /// Bytes of a frame not yet complete.
    partial: Vec<u8>,
    /// A complete frame the queue had no room for yet.
    ready: Option<Vec<u8>>,
}

/// The writer thread, and how to stop it once everything is written.
pub struct Writer {
    tx: mpsc::Sender<Frame>,
    done: oneshot::Receiver<()>,
}

/// Starts the writer on `out`. Returns the transport's end, a sender for
/// other whole frames, and the writer.
///
/// The writer is a thread of its own with a blocking `Write`, not a task
/// on tokio's stdout: that copies every frame into a buffer of its own and
/// hands it to a pool thread, and Rust's stdout scans it for its last line
/// break. A publish on a document with thousands of findings is a
/// megabyte; those copies and the hop were a measurable part of a
/// keystroke (BENCHMARKS.md, issue 13).
pub fn spawn(out: impl Write + Send + 'static) -> (Outbox, mpsc::Sender<Frame>, Writer) {
    let (tx, rx) = mpsc::channel(QUEUE);
    let (done_tx, done) = oneshot::channel();
    std::thread::Builder::new()
        .name("verbatim-stdout".into())
        .spawn(move || {
            write_frames(rx, out);
            let _ = done_tx.send(());
        })
        .expect("the stdout writer thread starts");
    let outbox = Outbox {
        tx: PollSender::new(tx.clone()),
        partial: Vec::new(),
        ready: None,
    };
    (outbox, tx.clone(), Writer { tx, done })
}

/// Stdout for [`spawn`]: the same file, written without Rust's line
/// buffering (a frame is written whole, and flushed when the queue is
/// empty, so a buffer would only copy it).
pub fn stdout() -> std::io::Result<std::fs::File> {
    #[cfg(unix)]
    let owned = {
        use std::os::fd::AsFd;
        std::io::stdout().as_fd().try_clone_to_owned()?
    };
    // A pipe holds 64 KB unless asked for more: a publish of a megabyte
    // then crossed in twenty turns of writer and reader, each waiting to be
    // woken, and the wait varied most of all (at 180 KB with 3,081
    // findings, 0.45-0.53 ms at the median and up to 2.9 ms; with a
    // megabyte, 0.33-0.35 ms and up to 1.5 ms). Stdout that is no pipe, or
    // a pipe that cannot grow, is left as it is.
    #[cfg(target_os = "linux")]
    let _ = rustix::pipe::fcntl_setpipe_size(&owned, PIPE_BYTES);
    #[cfg(windows)]
    let owned = {
        use std::os::windows::io::AsHandle;
        std::io::stdout().as_handle().try_clone_to_owned()?
    };
    Ok(std::fs::File::from(owned))
}

impl Writer {
    /// Writes every frame queued so far, flushes, and ends the thread.
    pub async fn finish(self) {
        // Frames are never empty: an empty one asks the thread to stop
        // once the frames queued before it are written.
        if self.tx.send(Frame::Bytes(Vec::new())).await.is_ok() {
            let _ = self.done.await;
        }
    }
}

fn write_frames(mut rx: mpsc::Receiver<Frame>, mut out: impl Write) {
    let mut stopping = false;
    loop {
        let frame = if stopping {
            rx.try_recv().ok()
        } else {
            rx.blocking_recv()
        };
        let Some(frame) = frame else {
            let _ = out.flush();
            return;
        };
        if frame.is_empty() {
            stopping = true;
            continue;
        }
        if let Err(e) = write_all_pieces(&mut out, &frame.pieces()) {
            tracing::error!("writing stdout: {e}");
            return;
        }
        if rx.is_empty() {
            if let Err(e) = out.flush() {
                tracing::error!("writing stdout: {e}");
                return;
            }
        }
    }
}

/// Writes `pieces` in order, as few calls as the writer takes them in: a
/// publish's list is kept in a few dozen pieces, and a call for each would
/// cost more than the copy it spares.
fn write_all_pieces(out: &mut impl Write, pieces: &[&[u8]]) -> std::io::Result<()> {
    // What `Write::write_all_vectored` does, which is not stable yet.
    let mut slices: Vec<std::io::IoSlice> = pieces
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| std::io::IoSlice::new(p))
        .collect();
    let mut slices = &mut slices[..];
    while !slices.is_empty() {
        match out.write_vectored(slices) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => std::io::IoSlice::advance_slices(&mut slices, n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
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
                    .send_item(Frame::Bytes(frame))
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
    use std::sync::Arc;
    use tokio::io::AsyncWriteExt;

    fn frame(body: &str) -> Vec<u8> {
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    /// A `Write` into a shared buffer.
    #[derive(Clone, Default)]
    struct Sink(Arc<std::sync::Mutex<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
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
        answers.send(answer.clone().into()).await.unwrap();
        // A frame in parts, its middle kept elsewhere, is written whole.
        let parted = frame(r#"{"jsonrpc":"2.0","method":"m","params":[1,2,3]}"#);
        let cut = parted.len() - 9;
        answers
            .send(Frame::Parts {
                head: parted[..30].to_vec(),
                middle: Box::new(parted[30..cut].to_vec()),
                tail: parted[cut..].to_vec(),
            })
            .await
            .unwrap();
        let mut rest = a[10..].to_vec();
        rest.extend_from_slice(&b);
        outbox.write_all(&rest).await.unwrap();
        outbox.flush().await.unwrap();
        drop(outbox);
        writer.finish().await;
        let written = sink.0.lock().unwrap().clone();
        let expected = [answer.clone(), parted, a.clone(), b.clone()].concat();
        assert_eq!(written, expected);
    }
}
