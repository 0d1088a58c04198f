//! The two front ends of `verbatim` over `verbatim-core`: the headless
//! `check` CLI and the `server` language server. Neither contains rule
//! logic.
//!
//! A library so that the binary stays argument parsing only, and so that
//! the fuzz targets can drive the server's stdin reader directly. `atomic`
//! is the one file writer both front ends use.

pub mod atomic;
pub mod cli;
pub mod lsp;
