//! Any bytes as the server's stdin, in any pieces, through the message
//! reader: it never panics, everything it delivers is a message the
//! transport decodes, and a well-formed message that follows the garbage is
//! still delivered.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use verbatim::lsp::inbox::{decodes, Event, Reader};

#[derive(Arbitrary, Debug)]
struct Input {
    garbage: Vec<u8>,
    /// Sizes of the pieces the input arrives in (cycled; 0 counts as 1).
    pieces: Vec<u8>,
}

const HOVER: &str = r#"{"jsonrpc":"2.0","id":9,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///a.txt"},"position":{"line":0,"character":1}}}"#;

fuzz_target!(|input: Input| {
    let mut bytes = input.garbage.clone();
    bytes.extend_from_slice(format!("Content-Length: {}\r\n\r\n{HOVER}", HOVER.len()).as_bytes());
    let mut reader = Reader::new();
    let mut delivered = Vec::new();
    let mut drain = |reader: &mut Reader| {
        while let Some(event) = reader.next_event() {
            match event {
                Event::Deliver(message) => {
                    assert!(
                        decodes(&message),
                        "delivered a message the transport refuses"
                    );
                    delivered.push(message);
                }
                Event::Answer(answer) => {
                    assert!(decodes(&answer), "an answer that is not a message")
                }
            }
        }
    };
    let mut at = 0;
    let mut piece = input.pieces.iter().cycle();
    while at < bytes.len() {
        let n = piece.next().map_or(bytes.len(), |&n| usize::from(n).max(1));
        let end = (at + n).min(bytes.len());
        reader.push(&bytes[at..end]);
        drain(&mut reader);
        at = end;
    }
    reader.finish();
    drain(&mut reader);
    let last = delivered
        .last()
        .expect("the message after the garbage is delivered");
    assert!(
        last.ends_with(HOVER.as_bytes()),
        "the last message delivered is the one after the garbage"
    );
});
