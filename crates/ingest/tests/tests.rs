//! The ingest crate's integration tests: one binary, one module per format.

// Shared helpers: definitions from text, temp folders, the shared exports.
mod util;

// Hub exports as CSV: the real shapes in shared/datasets/exports, and broken files.
mod csv_exports;
// Workbooks: the analysts' mapping workbooks, and exports written here with rust_xlsxwriter.
mod xlsx_exports;
// Barometer's own JSONL shape.
mod jsonl;
// ThemeFinder / Consult folders.
mod themefinder;
// Letters and emails, with the correspondence log.
mod letters;
// Public-comment dockets by preset: regulations.gov and Have Your Say.
mod dockets;
// The fictional demo consultation in examples/.
mod demo;
