//! Command-line interface (clap derive), mdBook-style.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// factbook: turn news articles into a cross-linked, sourced knowledge base.
#[derive(Debug, Parser)]
#[command(name = "factbook", version, about)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site into the build dir (default `book/`).
    Build {
        /// Site root (the folder holding book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output folder, overriding `[build] build-dir`.
        #[arg(short = 'd', long = "dest-dir")]
        dest_dir: Option<PathBuf>,
        /// Site URL or path prefix, overriding `[output.html] site-url`.
        #[arg(long = "site-url")]
        site_url: Option<String>,
    },
    /// Check the site for errors without writing anything.
    Check {
        /// Site root.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Create a new site skeleton with one example of each kind.
    Init {
        /// Folder to create the site in.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}
