//! The `barometer` command's library half: its subcommands and the pipeline they drive.
//!
//! `main.rs` only parses flags and maps errors to exit codes. Keeping the rest here lets the
//! integration tests drive the same pipeline the binary runs.

pub mod commands;
pub mod support;
