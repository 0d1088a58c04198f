//! Requests the server answers with a frame of its own, past the
//! transport's `serde_json::Value` round trip: `textDocument/documentSymbol`
//! and `textDocument/diagnostic`.
//!
//! The transport turns every result into a `Value` tree and then into text:
//! for the outline of a 21 MB transcript (6.8 MB of JSON) that was most of
//! the answer's time and doubled its memory (BENCHMARKS.md, issue 13). The
//! transport also owns request dispatch, so these requests cannot simply be
//! taken from it without losing their order against the `didChange`s around
//! them. Instead the inbox rewrites such a request into a notification of
//! the server's own ([`FORWARDED`]) carrying the request's id and params,
//! and the transport dispatches that in the request's place, in order. Its
//! handler answers by writing the serialised response straight to the
//! outbox.
//!
//! A request forwarded this way is answered exactly once: the inbox records
//! its id as pending here; the handler answers only if it can take the id
//! back ([`Direct::take`]); a `$/cancelRequest` for a pending id takes it
//! instead and is answered at once with `RequestCancelled`, as the transport
//! would, and a second request with the id of one still pending is refused
//! as the transport refuses it. What the transport answers differently is
//! left to it: a request before `initialize` or after `shutdown`, params
//! that do not decode.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use super::outbox::{Frame, Pieces, Shared};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use tower_lsp_server::jsonrpc::{Error, Id};
use tower_lsp_server::ls_types::{
    DocumentDiagnosticParams, DocumentSymbolParams, InitializeParams,
};

/// The notification a `textDocument/documentSymbol` request becomes.
pub const FORWARDED_SYMBOLS: &str = "verbatim/forwarded/documentSymbol";
/// The notification a `textDocument/diagnostic` request becomes.
pub const FORWARDED_DIAGNOSTIC: &str = "verbatim/forwarded/diagnostic";

/// The requests answered directly, and the notification each becomes.
const FORWARDED: &[(&str, &str)] = &[
    ("textDocument/documentSymbol", FORWARDED_SYMBOLS),
    ("textDocument/diagnostic", FORWARDED_DIAGNOSTIC),
];

/// Messages larger than this are never looked at here: none of those that
/// matter (these requests, `$/cancelRequest`, `initialize`, `shutdown`) is
/// anywhere near it in practice, and one that is simply takes the
/// transport's path.
const LOOK_BELOW: usize = 64 * 1024;

/// A forwarded request, as the handler receives it.
#[derive(Debug, Deserialize, Serialize)]
pub struct Forwarded<P> {
    pub id: Id,
    pub params: P,
}

/// The shared record of forwarded requests not yet answered.
#[derive(Debug, Default)]
pub struct Direct {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// `initialize` has gone to the transport, `shutdown` has not: the
    /// transport dispatches requests (and so forwarded notifications) to
    /// the server. Outside that it answers requests with an error and drops
    /// notifications, so requests are left to it.
    serving: bool,
    pending: HashSet<Id>,
}

/// What the inbox does with one well-formed message.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    /// Deliver this body (the message, or the notification it became).
    Deliver(Vec<u8>),
    /// Answer the client with this body and deliver nothing.
    Answer(Vec<u8>),
}

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow, default)]
    method: Option<std::borrow::Cow<'a, str>>,
    #[serde(default)]
    id: Option<Id>,
    #[serde(borrow, default)]
    params: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct CancelParams {
    id: Id,
}

impl Direct {
    pub fn new() -> Direct {
        Direct::default()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Routes one message that the transport decodes: a request answered
    /// directly becomes its notification, a cancellation of one is answered
    /// here; anything else passes unchanged.
    pub fn route(&self, body: Vec<u8>) -> Route {
        if body.len() >= LOOK_BELOW {
            return Route::Deliver(body);
        }
        let Ok(envelope) = serde_json::from_slice::<Envelope>(&body) else {
            return Route::Deliver(body);
        };
        let Some(method) = envelope.method.as_deref() else {
            return Route::Deliver(body);
        };
        let mut state = self.state();
        match (method, envelope.id) {
            // Only an `initialize` the transport will accept: one whose
            // params it cannot decode leaves it uninitialized.
            ("initialize", Some(_)) => {
                let params = envelope.params.map(RawValue::get).unwrap_or("null");
                if serde_json::from_str::<InitializeParams>(params).is_ok() {
                    state.serving = true;
                }
            }
            ("shutdown", Some(_)) => state.serving = false,
            ("$/cancelRequest", None) => {
                let cancelled = envelope
                    .params
                    .and_then(|p| serde_json::from_str::<CancelParams>(p.get()).ok())
                    .filter(|c| state.pending.remove(&c.id));
                if let Some(c) = cancelled {
                    tracing::debug!("cancelled forwarded request {}", c.id);
                    return Route::Answer(error_body(&c.id, &Error::request_cancelled()));
                }
            }
            (method, Some(id)) if state.serving => {
                let Some(&(_, to)) = FORWARDED.iter().find(|(from, _)| *from == method) else {
                    return Route::Deliver(body);
                };
                if state.pending.contains(&id) {
                    // As the transport answers a request whose id is
                    // already pending.
                    return Route::Answer(error_body(&id, &Error::invalid_request()));
                }
                // Params that do not decode are the transport's to answer,
                // with its own error.
                let params = envelope.params.map(RawValue::get).unwrap_or("null");
                let decodes = match method {
                    "textDocument/documentSymbol" => {
                        serde_json::from_str::<DocumentSymbolParams>(params).is_ok()
                    }
                    _ => serde_json::from_str::<DocumentDiagnosticParams>(params).is_ok(),
                };
                if !decodes {
                    return Route::Deliver(body);
                }
                let id_json = serde_json::to_string(&id).expect("an id serialises");
                state.pending.insert(id);
                let method = serde_json::to_string(to).expect("a method name serialises");
                let forwarded = format!(
                    r#"{{"jsonrpc":"2.0","method":{method},"params":{{"id":{id_json},"params":{params}}}}}"#
                );
                return Route::Deliver(forwarded.into_bytes());
            }
            _ => {}
        }
        Route::Deliver(body)
    }

    /// Whether the request `id` still waits for its answer (it was not
    /// cancelled): checked before the work, so a cancelled request costs
    /// nothing more.
    pub fn is_pending(&self, id: &Id) -> bool {
        self.state().pending.contains(id)
    }

    /// Takes the right to answer `id`: true once for a forwarded request,
    /// false after its cancellation (already answered) or for an id that
    /// was never forwarded.
    pub fn take(&self, id: &Id) -> bool {
        self.state().pending.remove(id)
    }
}

/// `Content-Length` and `body`: one frame for the outbox.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let header = format!("Content-Length: {}\r\n\r\n", body.len());
    let mut out = Vec::with_capacity(header.len() + body.len());
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(body);
    out
}

/// The body of a successful response whose result is the JSON text
/// `result`; the same members as the transport's, in its order.
pub fn result_frame(id: &Id, result: &[u8]) -> Vec<u8> {
    let id = serde_json::to_string(id).expect("an id serialises");
    let head = r#"{"jsonrpc":"2.0","result":"#;
    let tail = format!(r#","id":{id}}}"#);
    let body_len = head.len() + result.len() + tail.len();
    let header = format!("Content-Length: {body_len}\r\n\r\n");
    let mut out = Vec::with_capacity(header.len() + body_len);
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(head.as_bytes());
    out.extend_from_slice(result);
    out.extend_from_slice(tail.as_bytes());
    out
}

/// The JSON text of a result: `prefix`, `middle` and `suffix` read as one,
/// the middle written from where it is kept (the outline kept for its
/// revision, the kept JSON of a lint's findings) rather than copied into
/// the answer: on a large document those are megabytes.
pub struct Answer {
    pub prefix: Vec<u8>,
    pub middle: Box<dyn Pieces>,
    pub suffix: Vec<u8>,
}

impl Answer {
    /// A result that is all one piece.
    pub fn whole(json: Vec<u8>) -> Answer {
        Answer {
            prefix: json,
            middle: Box::new(Vec::new()),
            suffix: Vec::new(),
        }
    }

    /// A result kept elsewhere, shared.
    pub fn shared(json: Arc<Vec<u8>>) -> Answer {
        Answer {
            prefix: Vec::new(),
            middle: Box::new(Shared(json)),
            suffix: Vec::new(),
        }
    }

    /// The result's JSON text, joined.
    pub fn to_vec(&self) -> Vec<u8> {
        let mut all = vec![&self.prefix[..]];
        self.middle.pieces(&mut all);
        all.push(&self.suffix);
        all.concat()
    }

    /// The frame of the successful response to `id` with this result; the
    /// same bytes as [`result_frame`] of the joined text.
    pub fn frame(self, id: &Id) -> Frame {
        let id = serde_json::to_string(id).expect("an id serialises");
        let open = r#"{"jsonrpc":"2.0","result":"#;
        let mut tail = self.suffix;
        tail.extend_from_slice(format!(r#","id":{id}}}"#).as_bytes());
        let body_len = open.len() + self.prefix.len() + self.middle.byte_len() + tail.len();
        let mut head = format!("Content-Length: {body_len}\r\n\r\n{open}").into_bytes();
        head.extend_from_slice(&self.prefix);
        Frame::Parts {
            head,
            middle: self.middle,
            tail,
        }
    }
}

/// The body of an error response.
fn error_body(id: &Id, error: &Error) -> Vec<u8> {
    #[derive(Serialize)]
    struct ErrorResponse<'a> {
        jsonrpc: &'static str,
        error: &'a Error,
        id: &'a Id,
    }
    serde_json::to_vec(&ErrorResponse {
        jsonrpc: "2.0",
        error,
        id,
    })
    .expect("an error response serialises")
}

/// The whole frame of an error response.
pub fn error_frame(id: &Id, error: &Error) -> Vec<u8> {
    frame(&error_body(id, error))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deliver(route: Route) -> serde_json::Value {
        match route {
            Route::Deliver(body) => serde_json::from_slice(&body).unwrap(),
            Route::Answer(a) => panic!("answered: {}", String::from_utf8_lossy(&a)),
        }
    }

    fn symbols(id: i64) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({
            "jsonrpc": "2.0", "id": id, "method": "textDocument/documentSymbol",
            "params": {"textDocument": {"uri": "file:///t.txt"}},
        }))
        .unwrap()
    }

    fn initialize() -> Vec<u8> {
        br#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{}}}"#.to_vec()
    }

    #[test]
    fn requests_are_forwarded_only_while_the_transport_serves_them() {
        let direct = Direct::new();
        // Before `initialize`, or after one the transport refuses: the
        // transport's to refuse.
        assert_eq!(direct.route(symbols(1)), Route::Deliver(symbols(1)));
        let refused =
            br#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":7}}"#;
        direct.route(refused.to_vec());
        assert_eq!(direct.route(symbols(1)), Route::Deliver(symbols(1)));
        assert_eq!(direct.route(initialize()), Route::Deliver(initialize()));
        let got = deliver(direct.route(symbols(2)));
        assert_eq!(
            got,
            serde_json::json!({
                "jsonrpc": "2.0", "method": "verbatim/forwarded/documentSymbol",
                "params": {"id": 2, "params": {"textDocument": {"uri": "file:///t.txt"}}},
            })
        );
        // The same id again while it is pending: refused, as the transport
        // refuses it.
        match direct.route(symbols(2)) {
            Route::Answer(body) => {
                let got: serde_json::Value = serde_json::from_slice(&body).unwrap();
                assert_eq!(got["error"]["code"], -32600);
                assert_eq!(got["id"], 2);
            }
            other => panic!("{other:?}"),
        }
        assert!(direct.take(&Id::Number(2)));
        assert!(!direct.take(&Id::Number(2)));
        let shutdown = br#"{"jsonrpc":"2.0","id":9,"method":"shutdown"}"#.to_vec();
        assert_eq!(direct.route(shutdown.clone()), Route::Deliver(shutdown));
        assert_eq!(direct.route(symbols(3)), Route::Deliver(symbols(3)));
    }

    #[test]
    fn a_cancelled_request_is_answered_once_by_the_cancellation() {
        let direct = Direct::new();
        direct.route(initialize());
        deliver(direct.route(symbols(4)));
        let cancel = |id: i64| {
            format!(r#"{{"jsonrpc":"2.0","method":"$/cancelRequest","params":{{"id":{id}}}}}"#)
                .into_bytes()
        };
        match direct.route(cancel(4)) {
            Route::Answer(body) => {
                let got: serde_json::Value = serde_json::from_slice(&body).unwrap();
                assert_eq!(
                    got,
                    serde_json::json!({"jsonrpc": "2.0", "id": 4,
                        "error": {"code": -32800, "message": "Canceled"}})
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(!direct.is_pending(&Id::Number(4)));
        assert!(!direct.take(&Id::Number(4)));
        // A second cancellation, or one for a request the transport holds,
        // goes to the transport.
        assert_eq!(direct.route(cancel(4)), Route::Deliver(cancel(4)));
    }

    #[test]
    fn params_that_do_not_decode_are_left_to_the_transport() {
        let direct = Direct::new();
        direct.route(initialize());
        for body in [
            r#"{"jsonrpc":"2.0","id":5,"method":"textDocument/documentSymbol","params":{"textDocument":7}}"#,
            r#"{"jsonrpc":"2.0","id":6,"method":"textDocument/documentSymbol"}"#,
            r#"{"jsonrpc":"2.0","id":"x","method":"textDocument/diagnostic","params":[]}"#,
        ] {
            let body = body.as_bytes().to_vec();
            assert_eq!(direct.route(body.clone()), Route::Deliver(body));
        }
        let pull = br#"{"jsonrpc":"2.0","id":"p","method":"textDocument/diagnostic","params":{"textDocument":{"uri":"file:///t.txt"},"previousResultId":"3"}}"#;
        let got = deliver(direct.route(pull.to_vec()));
        assert_eq!(got["method"], "verbatim/forwarded/diagnostic");
        assert_eq!(got["params"]["id"], "p");
        assert_eq!(got["params"]["params"]["previousResultId"], "3");
    }

    #[test]
    fn frames_are_the_responses_the_transport_would_write() {
        let id = Id::String("a\"b".into());
        let f = result_frame(&id, br#"[{"x":1}]"#);
        let text = String::from_utf8(f).unwrap();
        let (header, body) = text.split_once("\r\n\r\n").unwrap();
        assert_eq!(header, format!("Content-Length: {}", body.len()));
        let got: tower_lsp_server::jsonrpc::Response = serde_json::from_str(body).unwrap();
        let expected =
            tower_lsp_server::jsonrpc::Response::from_ok(id.clone(), serde_json::json!([{"x": 1}]));
        assert_eq!(got, expected);
        let f = error_frame(&id, &Error::internal_error());
        let text = String::from_utf8(f).unwrap();
        let (_, body) = text.split_once("\r\n\r\n").unwrap();
        let got: tower_lsp_server::jsonrpc::Response = serde_json::from_str(body).unwrap();
        let expected =
            tower_lsp_server::jsonrpc::Response::from_error(id.clone(), Error::internal_error());
        assert_eq!(got, expected);
    }

    /// An answer in parts frames the same bytes as the answer joined, in
    /// each of its shapes.
    #[test]
    fn an_answer_in_parts_is_the_response_joined() {
        let id = Id::Number(7);
        let answers = [
            Answer::whole(br#"{"kind":"unchanged","resultId":"3"}"#.to_vec()),
            Answer::shared(Arc::new(r#"[{"name":"é"}]"#.as_bytes().to_vec())),
            Answer {
                prefix: br#"{"items":["#.to_vec(),
                middle: Box::new(br#"{"a":1},{"b":2}"#.to_vec()),
                suffix: b"]}".to_vec(),
            },
        ];
        for answer in answers {
            let joined = answer.to_vec();
            assert_eq!(answer.frame(&id).to_vec(), result_frame(&id, &joined));
        }
    }
}
