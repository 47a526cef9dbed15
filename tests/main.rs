//! The one integration-test binary: fixture sites built through the library
//! and the CLI, with assertions on parsed HTML.

mod harness;

mod atomic;
mod build;
mod check;
mod cli;
mod links;
mod props;
mod robustness;
mod sample;
