//! Command-line interface (clap derive), mdBook-style.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

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
        /// How to print diagnostics.
        #[arg(long = "message-format", value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
    },
    /// Check the site for errors without writing anything (exit 1 on errors).
    Check {
        /// Site root.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Treat warnings as errors (exit 1 when there are any).
        #[arg(long = "deny-warnings")]
        deny_warnings: bool,
        /// How to print diagnostics.
        #[arg(long = "message-format", value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
    },
    /// Build, serve on loopback, rebuild on change and reload open tabs.
    Serve {
        /// Site root.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Port to listen on.
        #[arg(short = 'p', long, default_value_t = 3000)]
        port: u16,
        /// Interface to bind; loopback unless you mean to share the site.
        #[arg(short = 'n', long, default_value = "127.0.0.1")]
        hostname: String,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Output folder, overriding `[build] build-dir`.
        #[arg(short = 'd', long = "dest-dir")]
        dest_dir: Option<PathBuf>,
    },
    /// Build, then rebuild whenever the site changes.
    Watch {
        /// Site root.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output folder, overriding `[build] build-dir`.
        #[arg(short = 'd', long = "dest-dir")]
        dest_dir: Option<PathBuf>,
    },
    /// Create a new site skeleton with one example of each kind.
    Init {
        /// Folder to create the site in.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum MessageFormat {
    /// rustc-style text on stderr, coloured on a terminal.
    Human,
    /// One JSON object per diagnostic per line on stdout; the summary goes to stderr.
    Json,
}
