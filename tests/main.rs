//! The one integration-test binary: fixture sites built through the library
//! and the CLI, with assertions on parsed HTML.

mod harness;

mod build;
mod claims;
mod cli;
mod extract;
mod links;
mod sample;
