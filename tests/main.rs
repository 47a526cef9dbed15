//! The one integration-test binary: fixture sites built through the library
//! and the CLI, with assertions on parsed HTML.

mod harness;

mod browser;
mod build;
mod cli;
mod links;
mod rebuild;
mod sample;
mod serve;
