//! Writing reports to stdout in a pipe.
//!
//! A reader may stop early (`cargo xtask validate … | head -1`): `println!`
//! would panic on the broken pipe. Reports are written here instead; when
//! the reader has gone, the rest of the output is dropped quietly and the
//! command still ends with the exit code of its verdict (so `set -o
//! pipefail` still sees a failed check). Any other write error (a full
//! disk) is returned, for the usual exit code 2.

use std::io::{self, Write};

/// Writes `text` to stdout, ignoring a reader that has gone away.
pub fn print(text: &str) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if is_broken_pipe(&error) => Ok(()),
        other => other,
    }
}

/// True when `error`, or any error in its chain of sources, is a broken
/// pipe (as ripgrep tells a closed reader from a real failure).
pub fn is_broken_pipe(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(error) = current {
        if error
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
        {
            return true;
        }
        current = error.source();
    }
    false
}

/// Warnings go to stderr, one per line, before any report.
pub fn warn(warnings: &[openapi_sdkgen::Warning]) {
    for warning in warnings {
        eprintln!("{warning}");
    }
}
