//! Shared helpers for the contract tests.
