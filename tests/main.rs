//! The one integration-test binary: fixture sites built through the library
//! and the CLI, with assertions on parsed HTML.

mod harness;

mod atomic;
mod audit;
mod browser;
mod build;
mod check;
mod claims;
mod cli;
mod eval;
mod extract;
mod issue15;
mod layers;
mod links;
mod parties;
mod props;
mod rebuild;
mod robustness;
mod sample;
mod search;
mod serve;
mod views;
