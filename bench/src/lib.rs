//! What the benchmark binaries (`companion-bench` here and `companion-app-bench` in bench/app) share: writing
//! their own parts of bench/RESULTS.md.

pub mod results_file;

/// Errors are reported, not handled: any failure ends a benchmark with its message.
pub type BoxResult<T> = Result<T, Box<dyn std::error::Error>>;
